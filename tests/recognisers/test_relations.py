"""Relations read from the verbs and phrases around titles, on whole documents."""
from ingest.extract import extract


def edges(text, *types):
    b = extract(text, "doc.txt", "h")
    name = lambda n: b.nodes[n].props.get("title") or b.nodes[n].props.get("name")  # noqa: E731
    return sorted((e.type, name(e.source), name(e.target)) for e in b.edges.values() if e.type in types)


HEAD = "2022年杭州市滨江区教育局工作总结\n"


def test_verbs_choose_cites_or_issued():
    got = edges(HEAD + "根据《浙江省教育厅关于做好课后服务工作的通知》要求，区教育局印发《滨江区课后服务实施办法》。", "CITES", "ISSUED")
    assert ("CITES", "2022年杭州市滨江区教育局工作总结", "浙江省教育厅关于做好课后服务工作的通知") in got
    assert ("ISSUED", "杭州市滨江区教育局", "滨江区课后服务实施办法") in got


def test_a_short_form_resolves_to_the_full_title():
    # Constructed in the language of such reports: the seeds have no 以下简称.
    b = extract(HEAD + "落实《关于深化教育教学改革全面提高义务教育质量的意见》（以下简称《意见》），按照《意见》要求推进。", "d.txt", "h")
    docs = [n for n in b.nodes.values() if n.label == "Document" and not n.props.get("ingested")]
    assert len(docs) == 1 and docs[0].props["title"].startswith("关于深化教育教学改革")


def test_repeal_revision_and_trial_versions_become_supersedes():
    got = edges(
        HEAD + "区教育局印发《滨江区中小学教师交流轮岗实施办法》，原《滨江区教师交流管理办法（试行）》同时废止。"
        "区政府出台《滨江区学前教育管理办法》，对《滨江区幼儿园管理暂行规定》进行修订。"
        "依据《滨江区家庭教育促进办法（试行）》和《滨江区家庭教育促进办法》开展工作。",
        "SUPERSEDES",
    )
    assert got == [
        ("SUPERSEDES", "滨江区中小学教师交流轮岗实施办法", "滨江区教师交流管理办法（试行）"),
        ("SUPERSEDES", "滨江区学前教育管理办法", "滨江区幼儿园管理暂行规定"),
        ("SUPERSEDES", "滨江区家庭教育促进办法", "滨江区家庭教育促进办法（试行）"),
    ]


def test_issuers_named_in_the_sentence(seeds):
    text = (seeds / "003_44c63be4e2eb7023.txt").read_text(encoding="utf-8")
    got = edges(text, "ISSUED_BY")
    assert ("ISSUED_BY", "深化新时代教育评价改革总体方案", "中共中央") in got
    assert ("ISSUED_BY", "深化新时代教育评价改革总体方案", "国务院") in got


def test_joint_bodies_are_separate_issuers():
    text = ("南京市鼓楼区人民政府2022年度履行教育职责自评报告\n"
            "贯彻落实《中共中央 国务院关于深化教育教学改革全面提高义务教育质量的意见》，"
            "区委区政府出台《鼓楼区推进义务教育优质均衡发展三年行动计划（2021—2023年）》。")
    got = edges(text, "ISSUED_BY")
    assert ("ISSUED_BY", "中共中央 国务院关于深化教育教学改革全面提高义务教育质量的意见", "中共中央") in got
    assert ("ISSUED_BY", "中共中央 国务院关于深化教育教学改革全面提高义务教育质量的意见", "国务院") in got
    plan = "鼓楼区推进义务教育优质均衡发展三年行动计划（2021—2023年）"
    assert {(t, s, o) for t, s, o in got if s == plan} == {
        ("ISSUED_BY", plan, "中共南京市鼓楼区委"), ("ISSUED_BY", plan, "南京市鼓楼区人民政府")}


def test_a_verb_does_not_reach_across_a_comma():
    text = ("广州市教育局2023年工作总结\n"
            "市政府印发《广州市基础教育高质量发展三年行动计划（2023—2025年）》，《广州市中小学校布局规划（2016—2025年）》同时废止。")
    got = edges(text, "ISSUED", "CITES", "SUPERSEDES")
    new, old = "广州市基础教育高质量发展三年行动计划（2023—2025年）", "广州市中小学校布局规划（2016—2025年）"
    assert ("ISSUED", "广州市人民政府", new) in got
    assert ("SUPERSEDES", new, old) in got
    assert not any(t == "ISSUED" and o == old for t, _, o in got)


def test_a_document_another_body_issued_is_also_cited():
    text = ("北京市海淀区人民政府2022年度履行教育职责情况自评报告\n"
            "深入学习中共中央办公厅、国务院办公厅印发的《关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见》。")
    got = edges(text, "ISSUED", "CITES")
    title = "关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见"
    assert ("ISSUED", "中共中央办公厅", title) in got
    assert ("CITES", "北京市海淀区人民政府2022年度履行教育职责情况自评报告", title) in got


def test_a_verb_governs_a_run_of_titles_and_not_the_verbs_inside_them():
    got = edges(HEAD + "先后出台《关于印发滨江区教育强区建设行动计划（2017-2027）》《滨江区关于建设教育生态打造美好教育新高地实施意见》"
                "《关于印发“让每一所学校都优质”行动计划方案的通知》等文件。", "ISSUED")
    issued = [target for _, _, target in got]
    assert '关于印发“让每一所学校都优质”行动计划方案的通知' in issued
    assert "滨江区关于建设教育生态打造美好教育新高地实施意见" in issued
