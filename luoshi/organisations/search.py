"""Chinese keyword search shared by the catalogues (instruments, experts, laboratories).

Each searchable row keeps a `search_text`: its words as written plus jieba's segmentation,
lower-cased. A query is segmented the same way and every term must occur in the row's text,
so 锂电 finds 锂电池 (a substring of the row) and 锂电池检测 finds a row that says 检测 and
锂电池 apart. Plain substring tests run on every database; the text is kept short."""

from __future__ import annotations

import logging
import re
from functools import cache

from django.db.models import Q, QuerySet

_PUNCT = re.compile(r"[\s\u3000-\u303f\uff00-\uffef,.;:!?()\[\]{}'\"/\\|<>@#$%^&*+=~`_-]+")
MAX_TERMS = 8


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def terms(text: str) -> list[str]:
    """The distinct search terms of `text` (jieba's search-mode words, punctuation dropped)."""
    text = (text or "").strip().lower()[:200]
    if not text:
        return []
    out: list[str] = []
    for chunk in _PUNCT.split(text):
        if not chunk:
            continue
        words = [w for w in _jieba().cut(chunk) if w.strip()]
        for word in words or [chunk]:
            if word not in out:
                out.append(word)
    # A query's words: drop a single character already inside a longer word of the query.
    out = [w for w in out if len(w) > 1 or not any(w in o for o in out if o != w)]
    return out[:MAX_TERMS]


def index_text(*parts: str) -> str:
    """What a row stores to be found: its parts and their search-mode segmentation."""
    raw = " ".join(p for p in parts if p).lower()
    words = {w for w in _jieba().cut_for_search(raw) if w.strip() and not _PUNCT.fullmatch(w)}
    return (raw + " | " + " ".join(sorted(words)))[:4000]


def filter_terms(rows: QuerySet, query: str, field: str = "search_text") -> QuerySet:
    """Rows whose text holds every term of the query."""
    condition = Q()
    for term in terms(query):
        condition &= Q(**{f"{field}__contains": term})
    return rows.filter(condition)
