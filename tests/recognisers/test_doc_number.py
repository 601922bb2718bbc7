"""文号: every bracket style, the 代字 cut from the words before it, the issuer it names."""
import pytest

from ingest.recognisers.doc_number import find_doc_numbers

CASES = [
    # (text, citing region, expected number, expected issuer)
    ("…开展履行教育职责评价的通知》（杭政教督办[2022]5号）要求", "330108", "杭政教督办〔2022〕5号", "杭州市人民政府教育督导委员会办公室"),
    ("根据《浙江省…评价办法》(浙政教督办〔2022〕5号)和", "330602", "浙政教督办〔2022〕5号", "浙江省人民政府教育督导委员会办公室"),
    ("一直高于“浙教财〔2022〕5号”要求", "330108", "浙教财〔2022〕5号", "浙江省教育厅"),
    ("根据“浙编办发[2020]24号”文件精神", "330108", "浙编办发〔2020〕24号", "中共浙江省委机构编制委员会办公室"),
    ("管理办法（试行）》（滨政[2022]6号）", "330108", "滨政〔2022〕6号", "杭州市滨江区人民政府"),
    ("评价方案的通知》（津教督导室〔2021〕40号）精神", "120110", "津教督导室〔2021〕40号", "天津市人民政府教育督导室"),
    ("教育部印发教基［2023］第3号文件", None, "教基〔2023〕3号", "教育部"),
    ("国务院办公厅（国办发（2021）34号）", None, "国办发〔2021〕34号", "国务院办公厅"),
    ("按照宁政办发【2022】12号要求", "330200", "宁政办发〔2022〕12号", "宁波市人民政府办公室"),
    ("的通知》（粤府办〔2023〕8号）要求", "440100", "粤府办〔2023〕8号", "广东省人民政府办公厅"),
    ("按照穗教发〔2022〕15号文件要求", "440106", "穗教发〔2022〕15号", "广州市教育局"),
]


@pytest.mark.parametrize("text,region,number,issuer", CASES)
def test_doc_numbers(text, region, number, issuer):
    found = find_doc_numbers(text, region)
    assert [m.key for m in found] == [number]
    assert found[0].attrs["issuer"].name == issuer
    assert text[found[0].start : found[0].end].endswith("号")


def test_a_place_character_is_resolved_near_the_citing_region():
    # 宁 is 宁夏 (province abbreviation) and 宁波 (a city): a Zhejiang report means 宁波, a Ningxia one 宁夏.
    assert find_doc_numbers("宁政发〔2020〕1号", "330200")[0].attrs["issuer"].name == "宁波市人民政府"
    assert find_doc_numbers("宁政发〔2020〕1号", "640104")[0].attrs["issuer"].name == "宁夏回族自治区人民政府"


def test_abbreviations_that_are_not_a_first_character():
    # 宁 is also 南京's abbreviation, 甬 宁波's: the citing report's city decides.
    assert find_doc_numbers("宁政发〔2022〕1号", "320106")[0].attrs["issuer"].name == "南京市人民政府"
    assert find_doc_numbers("甬政办发〔2022〕1号", "330206")[0].attrs["issuer"].name == "宁波市人民政府办公室"


def test_years_and_serials_that_are_not_numbers():
    assert find_doc_numbers("2021年度（2022年8月）共5号楼", "330108") == []
