"""Who a text speaks for and its year, on headings and signatures of dev-corpus texts (h004, h042)."""
from ingest.recognisers.adopter import speaks_for, text_year

NATIONAL = """北大法宝【法宝引证码】 CLI.4.331212
原文链接：https://www.pkulaw.com/chl/6a51fa59d24f2699bd
教育部关于切实加强新时代高等学校美育工作的意见
（教体艺〔2019〕2号）
各省、自治区、直辖市教育厅（教委），新疆生产建设兵团教育局：
实施高校美育工作自评和年度报告制度。
教育部
2019年3月29日
"""

CITY = """北大法宝【法宝引证码】 CLI.12.1247643
原文链接：https://www.pkulaw.com/lar/34e8cbb5d74ba90a81
安阳市人民政府办公室关于全面加强和改进学校美育工作的实施意见
（安政办〔2016〕111号）
各县（市、区）人民政府：
（二十二）建立美育质量监测和督导制度。
"""

def test_a_national_text_speaks_for_no_addressee():
    assert not speaks_for(NATIONAL, ["新疆维吾尔自治区", "新疆"])


def test_a_city_text_speaks_for_its_city():
    assert speaks_for(CITY, ["安阳市", "安阳"])


def test_the_addressee_line_does_not_speak():
    # h004 without its title line: the addressees name 新疆, the signature names 教育部.
    lines = NATIONAL.splitlines()
    assert not speaks_for("\n".join(lines[:2] + lines[3:]), ["新疆维吾尔自治区", "新疆"])


def test_year_from_the_signature_date_else_the_own_number():
    assert text_year(NATIONAL, None) == 2019
    assert text_year(CITY, None) == 2016
    assert text_year("杭州市教育局2020年工作总结\n根据《通知》（杭政教督办[2022]5号）要求\n", 2020) == 2020

