"""Who adopted what, on the dev corpus (34 real texts, gold read by hand in eval/queries.json):
the figures of the adopters mission query, forms of a name, and top-down or bottom-up diffusion."""
import json


from queries import registry


def adopters(store, name):
    return registry.run(store, "adopters", {"initiative": name})


def test_dev_corpus_adopters_figures(dev_store, dev_corpus):
    """As eval/query_check.py scores it: a gold region found among the adopters, or a false one
    (neither gold nor an ancestor of a gold region)."""
    gold = json.loads((dev_corpus / "eval" / "queries.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for q in (q for q in gold["queries"] if q["group"] == "adopters"):
        found = {r["region"] for r in adopters(dev_store, q["arg"])}
        allowed = set(q["regions"]) | {a for g in q["regions"] for a in gold["ancestors"].get(g, [])}
        hits = found & set(q["regions"])
        wrong = (found & set(gold["ancestors"])) - allowed
        print(f"{q['arg']}: {len(hits)}/{len(q['regions'])}" + (f" missed {sorted(set(q['regions']) - hits)}" if hits != set(q["regions"]) else "")
              + (f" wrong {sorted(wrong)}" if wrong else ""))
        tp, fp, fn = tp + len(hits), fp + len(wrong), fn + len(q["regions"]) - len(hits)
    p, r = tp / (tp + fp), tp / (tp + fn)
    print(f"adopters P={p:.3f} R={r:.3f} (tp={tp} fp={fp} fn={fn})")
    assert p >= 0.95 and r >= 0.90


def test_seed_initiatives_keep_their_figures(seeds):
    from pathlib import Path

    from ingest.evaluate import evaluate

    s = evaluate(Path(__file__).parent / "gold", seeds)["initiatives"]
    assert s.precision >= 0.85 and s.recall >= 0.85, (s.precision, s.recall)


def test_any_written_form_finds_the_same_adopters(dev_store):
    canonical = adopters(dev_store, "中小学校美育工作自评制度")
    assert canonical
    for form in ("学校美育工作自评", "美育工作自评", "学校艺术教育工作自评公示制度"):
        assert adopters(dev_store, form) == canonical


def test_adopters_are_ordered_by_year(dev_store):
    years = [r["year"] for r in adopters(dev_store, "学校美育发展年度报告制度")]
    assert years == sorted(years, key=lambda y: (y is None, y or 0))


def test_the_year_is_the_adopting_texts_own(dev_store, dev_corpus):
    """Each text's year as its gold gives it (signature date or own 文号), for every text whose gold
    says it adopts 学校美育工作自评."""
    expected = {}
    for path in sorted((dev_corpus / "gold").glob("h*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        if g.get("region") and "学校美育工作自评" in g.get("initiatives", {}):
            expected.setdefault(g["region"], set()).add(g["year"])
    found = {}
    for r in adopters(dev_store, "学校美育工作自评"):
        found.setdefault(r["region"], set()).add(r["year"])
    assert found == expected


def test_national_texts_adopt_nothing(dev_store):
    # 教育部's texts (h004, h007) 实施 the 自评 scheme for the country; their addressees (新疆生产建设兵团…) adopt nothing.
    assert all(r["adcode"] != "650000" for r in adopters(dev_store, "学校美育工作自评"))


def test_a_city_after_its_province_is_top_down(dev_store):
    # 河南省 (2016, 豫政办〔2016〕160号) 实施中小学校美育工作自评制度; 信阳市 (2017) 要实施 the same.
    rows = {r["region"]: r for r in adopters(dev_store, "中小学校美育工作自评制度")}
    assert (rows["河南省"]["year"], rows["河南省"]["diffusion"]) == (2016, "bottom-up")
    assert (rows["信阳市"]["year"], rows["信阳市"]["diffusion"], rows["信阳市"]["led_by"]) == (2017, "top-down", "河南省")


def test_a_city_whose_province_did_not_adopt_is_bottom_up(dev_store):
    # 福建省's opinion (h075) names no 一校一品; 宁德市 努力打造“一校一品”.
    rows = {r["region"]: r for r in adopters(dev_store, "一校一品")}
    assert "福建省" not in rows
    assert rows["宁德市"]["diffusion"] == "bottom-up" and rows["宁德市"]["led_by"] is None


def test_evidence_is_the_adopting_sentence(dev_store, dev_corpus):
    for r in adopters(dev_store, "高雅艺术进校园"):
        assert "进校园" in r["evidence"] and r["year"] is not None
