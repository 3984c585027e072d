"""The argument rules' word lists are data users may extend; bad files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import ConfigError
from graphkit.extraction import Extractor
from graphkit.extraction.relation import default_words, load_words
from graphkit.extraction.relation.words import ARGUMENTS_FILE
from graphkit.models import Article


def test_packaged_lists_load() -> None:
    words = default_words()
    assert "block" in words.blocking_verbs
    assert "village" in words.place_nouns
    # YAML reads a bare `on` as True; the loader turns it back into the word
    assert all(isinstance(w, str) for w in words.place_preps)


def test_unknown_list_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "arguments.yaml"
    bad.write_text(ARGUMENTS_FILE.read_text(encoding="utf-8") + "\nblokcing_verbs: [stop]\n")
    with pytest.raises(ConfigError, match="blokcing_verbs"):
        load_words(bad)


@pytest.mark.parametrize("text", ["blocking_verbs: stop\n", "- a list\n", "place_nouns: [\n"])
def test_malformed_files_name_the_file(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "arguments.yaml"
    bad.write_text(text)
    with pytest.raises(ConfigError, match=r"arguments\.yaml"):
        load_words(bad)


def test_a_user_word_changes_extraction(extractor: Extractor, tmp_path: Path) -> None:
    """A verb added to blocking_verbs turns blocked help into a sanction."""
    art = Article(id="w", text="Hungary shelved an aid package for Ukraine.")

    def triples(ex: Extractor) -> set[tuple[str, str, str]]:
        return {(r.source.id, r.type, r.target.id) for r in ex.extract(art).relations}

    assert ("HUN", "SANCTION", "UKR") not in triples(extractor)
    custom = tmp_path / "arguments.yaml"
    custom.write_text(
        ARGUMENTS_FILE.read_text(encoding="utf-8").replace(
            "blocking_verbs: [", "blocking_verbs: [shelve, "
        )
    )
    mine = Extractor(
        gazetteer=extractor.gazetteer,
        lexicon=extractor.lexicon,
        nlp=extractor.nlp,
        words=load_words(custom),
    )
    assert ("HUN", "SANCTION", "UKR") in triples(mine)
