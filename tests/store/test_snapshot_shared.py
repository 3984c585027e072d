"""One traversal snapshot per graph version shared through files (``snapshot.shared``).

The file tests build snapshots of the random fixture graphs in memory; the Neo4j tests
run two stores over the same server and snapshot directory, as two API workers do.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from graphkit.config import Settings
from graphkit.models import EdgeFilter
from graphkit.store import open_store
from graphkit.store.base import GraphStore
from graphkit.store.snapshot import Snapshot, files
from graphkit.store.snapshot.cache import STAMP_TTL
from graphkit.store.snapshot.shared import SharedSnapshots
from tests.store.fixture_graph import random_graph
from tests.store.test_snapshot import SYMMETRIC, memory_graph, queries, with_a_threat


def snapshot_of(seed: int, stamp: object) -> Snapshot:
    store = memory_graph(seed)
    try:
        return Snapshot.from_subgraph(store.export(), stamp)
    finally:
        store.close()


def answers(snap: Snapshot, seed: int) -> list[object]:
    """Neighbourhoods (models and JSON), strongest relations and paths of many cases."""
    out: list[object] = []
    for focus, other, filt, depth, limit, edge_limit in queries(seed):
        cap = edge_limit if edge_limit is not None else 4 * limit
        out.append(snap.neighbourhood(focus, depth, filt, limit, cap).model_dump())
        out.append(snap.neighbourhood_json(focus, depth, filt, limit, cap))
        out.append([e.model_dump() for e in snap.actor_edges(focus, limit)])
        out.append(snap.resolve(focus.upper()))
        for best, directed in itertools.product((True, False), (False, True)):
            found = snap.paths(
                focus, other, 4, filt, best_only=best, directed=directed, symmetric=SYMMETRIC
            )
            out.append([p.model_dump() for p in found])
    return out


def test_a_mapped_snapshot_answers_like_the_one_in_memory(tmp_path: Path) -> None:
    built = snapshot_of(3, ["v1", 1, 2])
    files.save(built, tmp_path / "snap")
    mapped = files.load(tmp_path / "snap", ["v1", 1, 2])
    # the arrays are read-only maps of the files, not copies
    assert all(not getattr(mapped, name).flags.writeable for name in ("src", "inc_edge"))
    assert answers(mapped, 3) == answers(built, 3)
    assert sum(1 for a in answers(mapped, 3) if a) > 40


def test_a_snapshot_of_another_version_or_format_is_refused(tmp_path: Path) -> None:
    files.save(snapshot_of(1, ["v1"]), tmp_path / "snap")
    with pytest.raises(files.SnapshotFileError, match="made for graph version"):
        files.load(tmp_path / "snap", ["v2"])
    with pytest.raises(files.SnapshotFileError, match=r"meta\.json is missing"):
        files.load(tmp_path / "elsewhere", ["v1"])


def test_truncated_or_corrupt_files_are_refused_with_a_clear_error(tmp_path: Path) -> None:
    files.save(snapshot_of(1, ["v1"]), tmp_path / "snap")
    target = tmp_path / "snap" / "inc_edge.npy"
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    with pytest.raises(files.SnapshotFileError, match=r"inc_edge\.npy is unreadable"):
        files.load(tmp_path / "snap", ["v1"])
    flipped = bytearray(data)
    flipped[-1] ^= 0xFF
    target.write_bytes(bytes(flipped))
    with pytest.raises(files.SnapshotFileError, match=r"inc_edge\.npy is corrupt"):
        files.load(tmp_path / "snap", ["v1"])


class Builder:
    """A ``write`` callable for ``SharedSnapshots.get`` that counts its calls."""

    def __init__(self, seed: int, stamp: object) -> None:
        self.seed, self.stamp, self.calls = seed, stamp, 0

    def __call__(self, stamp: object, directory: Path) -> bool:
        assert stamp == self.stamp
        self.calls += 1
        files.save(snapshot_of(self.seed, stamp), directory)
        return True


def test_the_second_process_maps_the_first_ones_files(tmp_path: Path) -> None:
    first, second = SharedSnapshots(tmp_path, "neo4j"), SharedSnapshots(tmp_path, "neo4j")
    build_a, build_b = Builder(2, ["v1"]), Builder(2, ["v1"])
    a = first.get(["v1"], build_a)
    made = (first.path(["v1"]) / files.META).stat().st_mtime_ns
    b = second.get(["v1"], build_b)
    assert (build_a.calls, build_b.calls) == (1, 0)
    assert (first.builds, second.builds, second.loads) == (1, 0, 1)
    assert (second.path(["v1"]) / files.META).stat().st_mtime_ns == made
    assert a is not None and b is not None and answers(a, 2) == answers(b, 2)
    # a new version replaces the old one; a reader's maps of the old stay valid
    c = second.get(["v2"], Builder(4, ["v2"]))
    assert c is not None and c.stamp == ["v2"]
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [first.path(["v2"]).name]
    assert answers(a, 2) == answers(b, 2)


def test_a_build_that_died_half_way_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    shared = SharedSnapshots(tmp_path, "neo4j")
    # what a killed builder leaves: a temporary directory with some of the files
    partial = tmp_path / f".tmp-{shared.path(['v1']).name}-999-dead"
    partial.mkdir(parents=True)
    (partial / "src.npy").write_bytes(b"\x93NUMPY half")
    # and a directory under the final name without meta.json (copied in by hand, say)
    shared.path(["v1"]).mkdir()
    (shared.path(["v1"]) / "src.npy").write_bytes(b"junk")
    build = Builder(1, ["v1"])
    snap = shared.get(["v1"], build)
    assert build.calls == 1 and snap is not None and snap.size > 0
    assert not partial.exists()
    assert files.load(shared.path(["v1"]), ["v1"]).size == snap.size


def test_a_corrupt_snapshot_is_rebuilt(tmp_path: Path) -> None:
    SharedSnapshots(tmp_path, "neo4j").get(["v1"], Builder(1, ["v1"]))
    shared = SharedSnapshots(tmp_path, "neo4j")
    target = shared.path(["v1"]) / "weight.npy"
    target.write_bytes(target.read_bytes()[:-7])
    build = Builder(1, ["v1"])
    snap = shared.get(["v1"], build)
    assert (build.calls, shared.builds) == (1, 1)
    assert snap is not None and answers(snap, 1) == answers(snapshot_of(1, ["v1"]), 1)


def _build_in_child(root: str, counter: str) -> None:
    def slow(stamp: object, directory: Path) -> bool:
        with open(counter, "a") as f:
            f.write(f"{os.getpid()}\n")
        time.sleep(0.5)  # long enough for the other processes to be waiting
        files.save(snapshot_of(1, stamp), directory)
        return True

    snap = SharedSnapshots(Path(root), "neo4j").get(["v1"], slow)
    if snap is None or snap.size == 0:
        raise SystemExit(1)


def test_processes_starting_together_build_once(tmp_path: Path) -> None:
    counter = tmp_path / "builds.txt"
    ctx = multiprocessing.get_context("fork")
    procs = [
        ctx.Process(target=_build_in_child, args=(str(tmp_path / "snap"), str(counter)))
        for _ in range(3)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert len(counter.read_text().split()) == 1


# ------------------------------------------------------------------- Neo4j
@pytest.fixture
def two_workers(
    neo4j_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> tuple[GraphStore, GraphStore]:
    """Two stores over the test Neo4j sharing one snapshot directory: two API workers."""
    neo4j_store.write_batch(random_graph(5))
    a = open_store(neo4j_settings, snapshot_dir=tmp_path)
    b = open_store(neo4j_settings, snapshot_dir=tmp_path)
    yield a, b  # type: ignore[misc]
    a.close()
    b.close()


def store_answers(store: GraphStore) -> list[object]:
    out: list[object] = []
    for focus, other, filt, depth, limit, edge_limit in queries(5):
        out.append(store.neighbourhood(focus, depth, filt, limit, edge_limit).model_dump())
        out.append(store.neighbourhood_json(focus, depth, filt, limit, edge_limit))
        for mode in ("shortest", "all_shortest"):
            found = store.paths(focus, other, 4, mode, filt=filt)  # type: ignore[arg-type]
            out.append([p.model_dump() for p in found])
    return out


def test_two_stores_build_once_and_answer_like_their_own_snapshot(
    two_workers: tuple[GraphStore, GraphStore], neo4j_store: GraphStore
) -> None:
    a, b = two_workers
    first = store_answers(a)
    second = store_answers(b)
    shared_a, shared_b = a.shared_snapshots, b.shared_snapshots  # type: ignore[attr-defined]
    assert (shared_a.builds, shared_b.builds, shared_b.loads) == (1, 0, 1)
    # written by a child process, then mapped here too: a's own map counts as no load
    assert shared_a.loads == 0
    # the session store has no directory: its snapshot is its own, in memory
    assert neo4j_store.shared_snapshots is None  # type: ignore[attr-defined]
    assert first == second == store_answers(neo4j_store)
    assert sum(1 for x in first if x) > 30


def test_a_write_bumps_the_version_and_both_swap_to_it(
    two_workers: tuple[GraphStore, GraphStore],
) -> None:
    a, b = two_workers
    a.neighbourhood("r000", 1, EdgeFilter(), 50)
    b.neighbourhood("r000", 1, EdgeFilter(), 50)
    old = a.shared_snapshots.path(a.snapshot().stamp)  # type: ignore[attr-defined,union-attr]
    a.write_batch([with_a_threat()])
    time.sleep(STAMP_TTL * 1.5)  # b sees another process's write within the stamp TTL
    for store in (a, b):
        seen = store.neighbourhood("PRK", 1, EdgeFilter(), 50)
        assert "THREATEN" in {e.type for e in seen.edges}
    snap_a, snap_b = a.snapshot(), b.snapshot()  # type: ignore[attr-defined]
    assert snap_a is not None and snap_b is not None and snap_a.stamp == snap_b.stamp
    shared_a, shared_b = a.shared_snapshots, b.shared_snapshots  # type: ignore[attr-defined]
    assert shared_a.builds + shared_b.builds == 2  # one per version, two versions
    assert shared_a.loads + shared_b.loads == 2
    new = shared_a.path(snap_a.stamp)
    assert new.is_dir() and not old.exists()
