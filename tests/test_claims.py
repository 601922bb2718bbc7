"""A first load stops extracting a file once its identity shows an earlier file gives the same
document (ingest/claims.py): the import files are the same as when every file is extracted whole,
with one worker or two, and a file whose earlier claimant fails later is still imported."""
import multiprocessing
import random
import shutil

import pytest

from ingest import extract as extract_module
from ingest.bulk_import import write_import_files
from ingest.claims import LocalClaims, SharedClaims
from ingest.pipeline import ClaimedEarlier, extract_all
from ingest.reader import iter_sources


def test_shared_claims_answer_as_a_dict_does():
    rng = random.Random(5)
    ids = [f"doc:{rng.randrange(300)}" for _ in range(2000)]
    order = list(range(len(ids)))
    rng.shuffle(order)  # workers finish out of order: later files may claim first
    local, shared = LocalClaims(), SharedClaims(len(ids))
    for i in order:
        assert shared.claim(ids[i], i) == local.claim(ids[i], i)
    for doc_id in set(ids):
        first = ids.index(doc_id)
        assert shared.claim(doc_id, len(ids)) == first


def _claim_all(claims, pairs):
    for doc_id, index in pairs:
        claims.claim(doc_id, index)


def test_shared_claims_keep_the_earliest_index_across_processes():
    ids = [f"doc:{i % 97}" for i in range(3000)]
    claims = SharedClaims(len(ids))
    ctx = multiprocessing.get_context("fork")
    halves = [[(ids[i], i) for i in range(len(ids)) if i % 2 == side][::-1] for side in (0, 1)]
    procs = [ctx.Process(target=_claim_all, args=(claims, half)) for half in halves]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        assert p.exitcode == 0
    for doc_id in set(ids):
        assert claims.claim(doc_id, len(ids)) == ids.index(doc_id)


def _rows(folder):
    return {p.name: sorted(p.read_text(encoding="utf-8").splitlines()) for p in sorted(folder.glob("*.csv"))}


@pytest.fixture
def repeating_corpus(tmp_path, seeds, dev_corpus):
    """The seeds and dev texts, then files that repeat some of them: whole copies, and copies cut
    after the heading (the same identity, another text)."""
    corpus = tmp_path / "corpus"
    first = corpus / "a"
    first.mkdir(parents=True)
    for path in sorted(seeds.glob("*.txt")) + sorted((dev_corpus / "texts").glob("*.txt"))[:12]:
        shutil.copy(path, first / path.name)
    later = corpus / "b"
    later.mkdir()
    for n, path in enumerate(sorted(first.glob("*.txt"))[:6]):
        shutil.copy(path, later / f"copy-{n}.txt")
        (later / f"cut-{n}.txt").write_text(path.read_text(encoding="utf-8")[:2500], encoding="utf-8")
    return corpus


def test_repeated_documents_are_stopped_at_their_identity(repeating_corpus):
    """Exactly the files whose whole extraction gives an earlier file's document id are stopped,
    each naming the first file that gives it (a report known by its file name is not repeated)."""
    files = iter_sources([repeating_corpus])
    whole = [r for _p, r in extract_all(files, 1)]
    first_of: dict[str, int] = {}
    expected = {}
    for i, r in enumerate(whole):
        if not isinstance(r, Exception):
            if r.doc_id in first_of:
                expected[i] = ClaimedEarlier(r.doc_id, first_of[r.doc_id])
            first_of.setdefault(r.doc_id, i)
    stopped = {i: r for i, (_p, r) in enumerate(extract_all(files, 2, SharedClaims(len(files))))
               if isinstance(r, ClaimedEarlier)}
    assert len(expected) >= 8 and stopped == expected
    assert any(files[i].name.startswith("cut-") for i in stopped)


def test_import_files_are_those_of_extracting_every_file_whole(repeating_corpus, tmp_path):
    rejected_plain, rejected_one, rejected_two = [], [], []
    plain = write_import_files([repeating_corpus], tmp_path / "plain", 1, rejected_plain, stop_claimed=False)
    one = write_import_files([repeating_corpus], tmp_path / "one", 1, rejected_one)
    two = write_import_files([repeating_corpus], tmp_path / "two", 2, rejected_two)
    assert plain.duplicates and len(plain.duplicates) == len(one.duplicates) == len(two.duplicates) >= 6
    assert plain.documents == one.documents == two.documents
    assert rejected_plain == rejected_one == rejected_two
    assert _rows(tmp_path / "plain") == _rows(tmp_path / "one") == _rows(tmp_path / "two")


def test_a_file_whose_earlier_claimant_fails_is_imported(repeating_corpus, tmp_path, monkeypatch):
    """The first file claims its document and then fails: its later copy is the first that gives it."""
    victim = sorted((repeating_corpus / "a").glob("*.txt"))[0]
    build = extract_module._Builder.build

    def failing_build(self):
        if self.source_path == str(victim.resolve()):
            raise RuntimeError("a bug after the identity was read")
        return build(self)

    monkeypatch.setattr(extract_module._Builder, "build", failing_build)
    rejected = []
    files = write_import_files([repeating_corpus], tmp_path / "csv", 1, rejected)
    assert [path for path, _ in rejected if path == str(victim)] == [str(victim)]
    copy = repeating_corpus / "b" / "copy-0.txt"
    documents = (tmp_path / "csv" / "nodes_Document_shared.csv").read_text(encoding="utf-8")
    assert str(copy.resolve()) in documents and str(victim.resolve()) not in documents
    assert files.documents == write_import_files([repeating_corpus], tmp_path / "all", 1, []).documents
