"""The paging contract of a paged named query (it declares `limit` and `skip` and answers `total`),
checked on two stores at once: every page agrees across the stores, the pages in turn give the
whole answer, and past the end there is nothing."""
from queries import registry


def is_paged(name: str) -> bool:
    return {"limit", "skip"} <= {p.name for p in registry.get(name).params}


def _units(name: str, rows: list[dict]) -> int:
    """What `total` counts: rows, or for a query paged by region, regions."""
    return len({r["adcode"] for r in rows}) if name == "document-citing-regions" else len(rows)


def check_pages(embedded_store, neo4j_store, name: str, args: dict[str, str]) -> int:
    whole = registry.run(embedded_store, name, args)
    assert registry.run(neo4j_store, name, args) == whole
    total = _units(name, whole)
    assert total >= 3, f"{name} {args}: {total} rows make no middle page"
    assert {r["total"] for r in whole} == {total}
    limit = total // 3
    pages, skip = [], 0
    while not pages or pages[-1]:  # the first page, the middle ones, the last, then the one past the end
        assert skip <= total + limit, "pages go on past the total"
        embedded = registry.run(embedded_store, name, {**args, "limit": str(limit), "skip": str(skip)})
        assert registry.run(neo4j_store, name, {**args, "limit": str(limit), "skip": str(skip)}) == embedded, skip
        if skip + limit <= total:
            assert _units(name, embedded) == limit, skip
        pages.append(embedded)
        skip += limit
    assert pages[-1] == [], "past the end there is nothing"
    assert [row for page in pages for row in page] == whole
    beyond = registry.run(embedded_store, name, {**args, "limit": "5", "skip": str(total + 10)})
    assert beyond == [] == registry.run(neo4j_store, name, {**args, "limit": "5", "skip": str(total + 10)})
    return len(pages)
