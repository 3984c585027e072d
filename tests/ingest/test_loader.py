"""Loaders: every input format, every bad-input kind, identity and determinism."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from graphkit.ingest import count_items, iter_articles
from graphkit.models import Article, Reject

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "data" / "articles"

BODY = (
    "Serbia accused Kosovo of provoking unrest in the north. "
    "The European Union called on both sides to return to talks."
)

HTML_PAGE = """<!DOCTYPE html><html><head>
<title>Sahel juntas quit ECOWAS</title>
<meta property="og:url" content="https://news.example/sahel">
<meta property="article:published_time" content="2025-01-29T10:00:00Z">
</head><body>
<nav>Home | World | Africa | Sport | Weather</nav>
<article><h1>Sahel juntas quit ECOWAS</h1>
<p>Mali, Niger and Burkina Faso formally left the Economic Community of West African States
on Wednesday, completing a withdrawal announced a year earlier by the three juntas.</p>
<p>The military governments, which expelled French troops and turned to Russia for security
assistance, said the bloc had become a tool of foreign powers and of France.</p>
</article>
<footer>Copyright 2025 Example News. Cookie settings. Subscribe now.</footer>
</body></html>
"""

RSS_FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>India and Pakistan</title><link>https://wire.example/1</link>
<pubDate>Sat, 10 May 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;India accused &lt;b&gt;Pakistan&lt;/b&gt; of violating
the truce &amp;amp; the border.&lt;/p&gt;</description></item>
<item><title>Empty one</title><link>https://wire.example/2</link></item>
<item><title>Plain</title><link>https://wire.example/3</link>
<description>China protested the sanctions.</description></item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><title>Kosovo</title><link href="https://atom.example/1"/>
<updated>2024-11-30T09:00:00Z</updated>
<content type="html">&lt;p&gt;Kosovo accused Serbia of sabotage.&lt;/p&gt;
&lt;p&gt;Belgrade denied it.&lt;/p&gt;</content>
</entry></feed>
"""


def load(*paths: str | Path, **kwargs: object) -> list[Article | Reject]:
    return list(iter_articles([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def only(items: list[Article | Reject]) -> Article | Reject:
    assert len(items) == 1, items
    return items[0]


# ----------------------------------------------------------------- formats


def test_plain_text_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY + "\n", encoding="utf-8")
    art = only(load(tmp_path / "a.txt"))
    assert isinstance(art, Article)
    assert art.text == BODY
    assert art.title is None and art.url is None and art.published is None
    assert art.id == Article.key_for(BODY)


def test_markdown_title_and_front_matter(tmp_path: Path) -> None:
    page = (
        "---\ntitle: From front matter\npublished: 2024-10-22\n"
        "url: https://x.example/a\nsource: wire\n---\n# Heading title\n\n" + BODY
    )
    (tmp_path / "a.md").write_text(page, encoding="utf-8")
    art = only(load(tmp_path / "a.md"))
    assert isinstance(art, Article)
    assert art.text == BODY  # neither front matter nor heading is article text
    assert art.title == "From front matter"
    assert art.published == date(2024, 10, 22)
    assert art.url == "https://x.example/a"
    assert art.source == "wire"
    assert art.id == Article.key_for(BODY, "https://x.example/a")


def test_markdown_heading_is_title(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# The title\n\n" + BODY, encoding="utf-8")
    art = only(load(tmp_path / "a.md"))
    assert isinstance(art, Article)
    assert (art.title, art.text) == ("The title", BODY)


def test_seed_article_keeps_its_date_and_text() -> None:
    art = only(load(ARTICLES / "000_seed_nato_south_korea.md"))
    assert isinstance(art, Article)
    assert art.published == date(2024, 10, 22)
    assert art.text.startswith("NATO has requested South Korea to send a delegation")
    assert art.title and "South Korea" in art.title
    assert "---" not in art.text[:10]


def test_jsonl_articles_and_line_rejects(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "mine-1", "text": BODY, "url": "https://x/1", "published": "2024-05-01"}),
        "",
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "no-text", "title": "x"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps({"text": BODY + " Second.", "published": "yesterday"}),
        json.dumps({"text": "Iran threatened Israel.", "published": "2024-10-02T18:30:00Z"}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = load(tmp_path / "a.jsonl")
    arts = [i for i in items if isinstance(i, Article)]
    rejects = {i.line: i for i in items if isinstance(i, Reject)}
    assert [a.text for a in arts] == [BODY, "Iran threatened Israel."]
    # The key is always derived from URL/text, never the supplied id.
    assert arts[0].id == Article.key_for(BODY, "https://x/1") != "mine-1"
    assert arts[0].published == date(2024, 5, 1)
    assert arts[1].published == date(2024, 10, 2)
    assert sorted(rejects) == [3, 4, 5, 6, 7, 8]
    assert rejects[3].reason.startswith("malformed JSON")
    assert "JSON object" in rejects[4].reason
    assert rejects[5].reason == "no 'text' field" and rejects[5].article_id == "no-text"
    assert "'text' must be a string" in rejects[6].reason
    assert "empty" in rejects[7].reason
    assert "invalid 'published' date 'yesterday'" in rejects[8].reason
    assert all(r.path == str(tmp_path / "a.jsonl") for r in rejects.values())


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    art = only(load(tmp_path / "page.html"))
    assert isinstance(art, Article)
    assert art.text.startswith("Mali, Niger and Burkina Faso formally left")
    assert "turned to Russia" in art.text
    for boilerplate in ("Cookie settings", "Home | World"):
        assert boilerplate not in art.text
    assert art.title == "Sahel juntas quit ECOWAS"
    assert art.url == "https://news.example/sahel"
    assert art.published == date(2025, 1, 29)


def test_html_without_main_text_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "blank.html").write_text(
        "<html><head><title>t</title></head><body><script>var x = 1;</script></body></html>",
        "utf-8",
    )
    rej = only(load(tmp_path / "blank.html"))
    assert isinstance(rej, Reject) and "no main text" in rej.reason


def test_rss_feed_entries(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_text(RSS_FEED, encoding="utf-8")
    items = load(tmp_path / "wire.rss")
    first, second, third = items
    assert isinstance(first, Article) and isinstance(third, Article)
    assert first.text == "India accused Pakistan of violating the truce & the border."
    assert (first.title, first.url, first.published) == (
        "India and Pakistan",
        "https://wire.example/1",
        date(2025, 5, 10),
    )
    assert first.source == "Wire"
    assert isinstance(second, Reject) and second.line == 2 and "no text" in second.reason
    assert third.text == "China protested the sanctions."
    assert third.id == Article.key_for(third.text, "https://wire.example/3")


def test_atom_feed_sniffed_from_xml(tmp_path: Path) -> None:
    (tmp_path / "wire.xml").write_text(ATOM_FEED, encoding="utf-8")
    art = only(load(tmp_path / "wire.xml"))
    assert isinstance(art, Article)
    assert "Kosovo accused Serbia of sabotage." in art.text and "Belgrade denied it." in art.text
    assert "<p>" not in art.text
    assert (art.url, art.published) == ("https://atom.example/1", date(2024, 11, 30))


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    (tmp_path / "note.xml").write_text('<?xml version="1.0"?><note>hi</note>', "utf-8")
    rej = only(load(tmp_path / "note.xml"))
    assert isinstance(rej, Reject) and "not an RSS or Atom feed" in rej.reason


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second text.", "utf-8")
    (tmp_path / "a.md").write_text("First text.", "utf-8")
    (tmp_path / "c.txt").write_text("Third text.", "utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden text.", "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    texts = [a.text for a in load(tmp_path) if isinstance(a, Article)]
    assert texts == ["First text.", "Second text.", "Third text."]
    assert load(tmp_path) == load(tmp_path)  # deterministic


def test_sample_corpus_exercises_every_loader() -> None:
    items = load(ARTICLES)
    assert all(isinstance(i, Article) for i in items), [i for i in items if isinstance(i, Reject)]
    assert len(items) >= 10
    assert len({a.id for a in items}) == len(items)  # type: ignore[union-attr]
    suffixes = {p.suffix for p in ARTICLES.iterdir()}
    assert {".md", ".jsonl", ".html", ".rss"} <= suffixes
    assert all(a.published for a in items)  # type: ignore[union-attr]
    assert count_items([ARTICLES]) == len(items)


# ------------------------------------------------------------------- stdin


def test_stdin_jsonl() -> None:
    data = b"\n" + json.dumps({"text": BODY}).encode() + b"\nnot json\n"
    items = list(iter_articles(["-"], stdin=io.BytesIO(data)))
    assert isinstance(items[0], Article) and items[0].text == BODY
    assert isinstance(items[1], Reject) and items[1].line == 3 and items[1].path == "<stdin>"


def test_stdin_plain_text() -> None:
    items = list(iter_articles(["-"], stdin=io.BytesIO(b"# Title\n" + BODY.encode())))
    art = only(items)  # type: ignore[arg-type]
    assert isinstance(art, Article) and (art.title, art.text) == ("Title", BODY)


def test_stdin_too_large() -> None:
    rej = only(list(iter_articles(["-"], max_bytes=50, stdin=io.BytesIO(b"x " * 100))))
    assert isinstance(rej, Reject) and "too large" in rej.reason


# -------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\t\n", "empty"),
        ("nul.txt", b"abc\x00def", "binary content (NUL byte at offset 3)"),
        ("latin1.txt", "caf\u00e9 au lait".encode("latin-1"), "not UTF-8 (byte 0xe9 at offset 3)"),
        ("ctrl.txt", b"\x01\x02\x03\x04 abc", "binary content"),
        ("only_front.md", b"---\ntitle: x\n---\n", "no article text"),
        ("unclosed.md", b"---\ntitle: x\nbody", "never closed"),
        ("badyaml.md", b"---\ntitle: [x\n---\nbody", "bad front matter"),
        ("baddate.md", b"---\npublished: someday\n---\nbody", "invalid 'published' date"),
        ("empty.jsonl", b"\n\n", "empty"),
        ("latin1.jsonl", b'{"text": "caf\xe9"}\n', "not UTF-8 (byte 0xe9"),
        ("empty.rss", b"", "empty"),
    ],
)
def test_bad_files_are_rejected_with_a_clear_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    rej = only(load(tmp_path / name))
    assert isinstance(rej, Reject)
    assert reason in rej.reason
    assert rej.path == str(tmp_path / name)


def test_too_large_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 100, "utf-8")
    (tmp_path / "big.jsonl").write_text(
        json.dumps({"text": "word " * 100}) + "\n" + json.dumps({"text": "ok"}) + "\n", "utf-8"
    )
    big_txt, big_line, ok = load(tmp_path / "big.txt", tmp_path / "big.jsonl", max_bytes=200)
    assert isinstance(big_txt, Reject) and "too large: 500 bytes (limit 200" in big_txt.reason
    assert isinstance(big_line, Reject) and big_line.line == 1 and "too large" in big_line.reason
    assert isinstance(ok, Article) and ok.text == "ok"
    # The same file passes with a higher limit.
    assert isinstance(only(load(tmp_path / "big.txt", max_bytes=1000)), Article)


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere.txt")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    missing, dangling, pipe = load(tmp_path / "missing.txt", tmp_path / "dangling", fifo)
    assert isinstance(missing, Reject) and missing.reason == "no such file or directory"
    assert isinstance(dangling, Reject) and dangling.reason == "broken symbolic link"
    assert isinstance(pipe, Reject) and pipe.reason == "not a regular file"


def test_one_bad_item_does_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_bytes(b"\xff\xfe")
    (tmp_path / "2.txt").write_text(BODY, "utf-8")
    items = load(tmp_path / "missing", tmp_path)
    assert [type(i).__name__ for i in items] == ["Reject", "Reject", "Article"]


# ---------------------------------------------------------------- identity


def test_same_text_same_key_across_formats(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "other", "text": BODY}) + "\n", "utf-8")
    a, b = load(tmp_path / "a.txt", tmp_path / "b.jsonl")
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.id == b.id and a.content_hash == b.content_hash


def test_url_is_the_key_when_present(tmp_path: Path) -> None:
    rows = [{"text": BODY, "url": "https://x/1"}, {"text": BODY + " More.", "url": "https://x/1"}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    a, b = load(tmp_path / "a.jsonl")
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.id == b.id and a.content_hash != b.content_hash
