"""Indicators in flattened tables: row label + column header, unit and year from the header."""
from ingest.recognisers.table import find_table_indicators

# The shape Word tables take in the seeds' text (000_9fd6141abc141271.txt), cell values as there.
TABLE = (
    "2020-2022年一般公共预算教育支出\n"
    "\t学段\n\t2020年（万元）\n\t2021年（万元）\n\n"
    "\t初中\n\t2472.72\n\t2496.54\n\n"
    "资源配置7项指标差异系数如下：\n"
    "\t　\n\t生均教学及辅助用房面积\n（㎡）\n\t生均教学仪器设备值\n(元)\n\n"
    "\t小学\n\t全县平均值\n\t5.48 \n\t4392.69 \n\n"
    "\t\n\t差异系数\n\t0.199 \n\t0.193 \n"
)


def test_cells_become_named_observations():
    got = [(m.key, m.attrs["value"], m.attrs["unit"], m.attrs["year"]) for m in find_table_indicators(TABLE)]
    assert got == [
        ("初中一般公共预算教育支出", 2472.72, "万元", 2020),
        ("初中一般公共预算教育支出", 2496.54, "万元", 2021),
        ("小学生均教学及辅助用房面积（全县平均值）", 5.48, "㎡", None),
        ("小学生均教学仪器设备值（全县平均值）", 4392.69, "元", None),
        ("小学生均教学及辅助用房面积差异系数", 0.199, None, None),
        ("小学生均教学仪器设备值差异系数", 0.193, None, None),
    ]


def test_offsets_point_at_the_cell():
    for m in find_table_indicators(TABLE):
        assert TABLE[m.start : m.end].strip().replace(",", "") == m.text.strip().replace(",", "")
