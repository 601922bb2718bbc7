"""Ingest cuts its writes into groups by documents and by rows (ingest/pipeline.py)."""
from graph.types import GraphBatch
from ingest.pipeline import write_groups


def _batch(i: int, nodes: int) -> GraphBatch:
    batch = GraphBatch(doc_id=f"doc:{i}")
    batch.add_node("Document", f"doc:{i}", title=f"文件 {i}", ingested=True)
    for n in range(nodes - 1):
        batch.add_node("Region", f"region:{i}-{n}", name=f"区 {n}")
    return batch


def test_a_group_closes_at_the_row_limit_or_the_document_limit():
    batches = [_batch(i, n) for i, n in enumerate([3, 3, 5, 1, 1, 1, 1, 2])]
    sizes = [[len(b.nodes) for b in g] for g in write_groups(batches, group=4, rows=6)]
    assert sizes == [[3, 3], [5, 1], [1, 1, 1, 2]]
    assert [b for g in write_groups(batches, group=4, rows=6) for b in g] == batches


def test_one_large_document_is_a_group_of_its_own_and_nothing_is_left_out():
    batches = [_batch(0, 50), _batch(1, 1)]
    assert [len(g) for g in write_groups(batches, group=10, rows=6)] == [1, 1]
    assert list(write_groups([], group=10, rows=6)) == []
