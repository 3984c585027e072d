"""``BulkFiles``: the import files of a bulk ingest, without a Neo4j (the import itself and
the graph it gives are tested in ``tests/ingest/test_bulk.py``)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphkit.errors import ValidationError
from graphkit.models import Extraction
from graphkit.store.neo4j.bulk_files import ARRAY_DELIMITER, BulkFiles
from store.fixture_graph import article_one, article_two


def _with_relation(ex: Extraction, **update: object) -> Extraction:
    rels = [ex.relations[0].model_copy(update=update), *ex.relations[1:]]
    return ex.model_copy(update={"relations": rels})


def _rows(paths: list[Path]) -> list[list[str]]:
    out: list[list[str]] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as f:
            out += list(csv.reader(f))
    return out


def test_a_batch_with_an_unknown_type_writes_nothing(tmp_path: Path) -> None:
    files = BulkFiles(tmp_path)
    with pytest.raises(ValidationError):
        files.write_batch([article_one(), _with_relation(article_two(), type="INVADED_BY_ALIENS")])
    assert files.article_hashes([article_one().article.id]) == {}
    plan = files.finish()
    assert plan.counts == {} and plan.nodes == {} and plan.relationships == []


def test_a_list_item_holding_the_array_delimiter_is_refused(tmp_path: Path) -> None:
    files = BulkFiles(tmp_path)
    bad = _with_relation(article_one(), predicate=f"asked{ARRAY_DELIMITER}told")
    with pytest.raises(ValidationError, match="U\\+001F"):
        files.write_batch([bad])
    assert files.write_batch([article_two()]).articles_new == 1  # the next batch goes on


def test_a_relation_naming_another_article_is_refused(tmp_path: Path) -> None:
    # its IN_ARTICLE link would point at no article, and the importer would stop on it
    files = BulkFiles(tmp_path)
    with pytest.raises(ValidationError, match="names article"):
        files.write_batch([_with_relation(article_one(), article_id="someone-else")])
    assert files.finish().counts == {}


def test_a_refused_batch_defers_no_later_version(tmp_path: Path) -> None:
    # the pipeline writes a refused batch again article by article: a later version
    # deferred by the refused attempt would then be written twice
    files = BulkFiles(tmp_path)
    files.write_batch([article_two()])
    changed = article_two().article.model_copy(
        update={"text": article_two().article.text + " More."}
    )
    later = article_two().model_copy(update={"article": changed})
    bad = _with_relation(article_one(), predicate=f"asked{ARRAY_DELIMITER}told")
    with pytest.raises(ValidationError):
        files.write_batch([later, bad])
    files.write_batch([later])
    assert [ex.article.content_hash for ex in files.finish().deferred] == [changed.content_hash]


def test_counts_match_what_write_batch_reports(tmp_path: Path) -> None:
    files = BulkFiles(tmp_path)
    first = files.write_batch([article_one()])
    assert first.articles_new == 1 and first.evidence == len(article_one().relations)
    again = files.write_batch([article_one(), article_two()])
    assert (again.articles_new, again.articles_unchanged) == (1, 1)
    changed = article_two().article.model_copy(
        update={"text": article_two().article.text + " More."}
    )
    later = files.write_batch([article_two().model_copy(update={"article": changed})])
    # a later version waits for the transactional writer, after the import
    assert later.evidence == 0
    plan = files.finish()
    assert [ex.article.content_hash for ex in plan.deferred] == [changed.content_hash]
    assert plan.counts["articles"] == 2
    assert len(plan.actor_batches) == 2


def test_nulls_stay_absent_and_empty_strings_stay_empty(tmp_path: Path) -> None:
    files = BulkFiles(tmp_path)
    files.write_batch([_with_relation(article_one(), trigger="", role=None)])
    plan = files.finish()
    header = _rows(plan.nodes["Evidence"][:1])[0]
    names = [h.split(":")[0] for h in header]
    raw = plan.nodes["Evidence"][1].read_text(encoding="utf-8").splitlines()[0]
    fields = next(csv.reader([raw]))
    assert fields[names.index("trigger")] == ""
    # the writer quotes every value it has, so a bare empty field is a null (absent)
    cells = raw.split(",")
    assert '""' in cells and "" in cells
    assert not plan.multiline


def test_a_line_break_in_a_value_asks_for_multiline_fields(tmp_path: Path) -> None:
    files = BulkFiles(tmp_path)
    files.write_batch([_with_relation(article_one(), sentence="NATO has requested\nSouth Korea")])
    assert files.finish().multiline
