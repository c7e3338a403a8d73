"""What a person typed, made safe for every search backend (SQLite FTS5, PostgreSQL full
text, Elasticsearch).

Any text is a valid search: quotes (balanced or not), ``AND``/``OR``/``NOT``, ``-``, ``*``,
``^``, ``NEAR(a b)``, ``column:value``, backslashes, emoji, right-to-left text. None of it
is query syntax here: the database backend searches for the words only (FTS5 would read
operators and quotes as its own syntax), and Elasticsearch gets the text as a plain
``multi_match`` query, which has no syntax. Two rules apply before any backend sees it:

- NUL bytes and other control characters are removed (a space takes their place):
  PostgreSQL refuses NUL in any string, and no one means to search for one.
- Text is cut at ``MAX_QUERY_LENGTH`` characters. Entry points say so first: the API
  answers 400 naming ``q``, the library page keeps the first ``MAX_QUERY_LENGTH``.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_LENGTH = 200
# At most this many words reach the full-text index (FTS5 and tsquery build one clause
# per word; 200 characters hold at most 100 words anyway).
MAX_QUERY_WORDS = 32

_WORDS = re.compile(r"\w+", re.UNICODE)


def _is_control(char: str) -> bool:
    # Cc: C0/C1 controls (NUL included); Cs: lone surrogates, which no database stores.
    return unicodedata.category(char) in {"Cc", "Cs"}


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a control character other than whitespace (NUL, ESC...)."""
    return any(_is_control(char) and not char.isspace() for char in text)


def clean_query_text(text: str | None) -> str:
    """``text`` without control characters (NUL included), whitespace collapsed, at most
    ``MAX_QUERY_LENGTH`` characters."""
    if not text:
        return ""
    if any(_is_control(char) for char in text):
        text = "".join(" " if _is_control(char) else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_words(text: str | None) -> list[str]:
    """The words of ``text`` as plain search terms (letters, digits and ``_`` in any
    script), every punctuation and operator character dropped, in order, first
    ``MAX_QUERY_WORDS`` only."""
    return _WORDS.findall(clean_query_text(text))[:MAX_QUERY_WORDS]


def full_text_query(text: str | None) -> str:
    """``text`` as a full-text query the database backends read as plain words only."""
    return " ".join(query_words(text))
