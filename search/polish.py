"""Polish lexical analysis, the same at index and at query time, on both backends.

Polish inflects every noun ("wdrożenie", "wdrożenia", "wdrożeniu"), so an index of the
words as written finds an asset only by the form its text happens to use. Polish assets
therefore also carry their text as *lemmas* (``polish_terms``), computed here in Python:
Elasticsearch stores them in ``title_pl``/``text_pl`` (the CI server has no stempel
plugin, and the full distribution's ``polish`` analyzer is a plugin too), the database
backend in each asset's ``analysed_text`` (Wagtail's index, SQLite FTS5 or PostgreSQL).
A query in Polish (``query_is_polish``: a Polish letter or function word; or the search
filtered to Polish assets) is lemmatised the same way and matched against those fields,
as an alternative to the words as typed; English keeps its own analysis.

The lemmatiser is ``simplemma`` (dictionary lemmas, 2.0.0) applied until the lemma stops
changing, because simplemma maps a verbal noun to its verb only from some of its forms
("wdrożenie" → "wdrożyć" but "wdrożenia" → "wdrożenie"): the second pass brings them
together. ``pystempel`` (a statistical stemmer) was measured on the Polish relevance
set too; the figures are in the README. ``ENABLEMENT_POLISH_ANALYSIS`` chooses:
``"simplemma"`` (default), ``"stempel"`` or ``""`` (off: the words as written).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from django.conf import settings

from search.stopwords import POLISH_FUNCTION_WORDS, POLISH_MARKERS

SIMPLEMMA = "simplemma"
STEMPEL = "stempel"
ANALYSERS = (SIMPLEMMA, STEMPEL)
POLISH = "pl"
# Letters only Polish uses among our languages: one is enough to call a query Polish.
_POLISH_LETTERS = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
# Case endings English words (of six letters or more) do not have: "konektorami",
# "kadrowymi", "wolumenowych", "klientowi", "możliwości".
_POLISH_ENDINGS = ("ami", "ymi", "imi", "ych", "owi", "owie", "ości")
_WORDS = re.compile(r"\w+", re.UNICODE)
_MAX_PASSES = 3
_lock = threading.Lock()
_stemmer = None


def polish_analysis() -> str:
    """The analysis in use (``search_index status`` shows it): an analyser name or ``""``."""
    name = getattr(settings, "ENABLEMENT_POLISH_ANALYSIS", SIMPLEMMA)
    return name if name in ANALYSERS else ""


def _stempel(word: str) -> str:
    global _stemmer
    with _lock:
        if _stemmer is None:
            from pystempel import Stemmer

            _stemmer = Stemmer.polimorf()
    return _stemmer(word) or word


@lru_cache(maxsize=200_000)
def _lemma(word: str, analyser: str) -> str:
    if analyser == STEMPEL:
        return _stempel(word)
    import simplemma

    current = word
    for _ in range(_MAX_PASSES):
        lemma = simplemma.lemmatize(current, lang=POLISH).lower()
        if lemma == current:
            break
        current = lemma
    return current


def polish_terms(text: str) -> str:
    """``text``'s words lower-cased and reduced to their Polish lemmas, space-separated
    (the words themselves when the analysis is off)."""
    analyser = polish_analysis()
    words = [word.lower() for word in _WORDS.findall(text or "")]
    if not analyser:
        return " ".join(words)
    return " ".join(_lemma(word, analyser) for word in words)


def query_is_polish(text: str) -> bool:
    """Whether a query is Polish: a Polish letter, a Polish function word that is no
    English word ("jak", "dla", "czy") or a Polish case ending ("konektorami"). Cheap on
    purpose (every search asks; a dictionary detector would load the Polish dictionary
    into every process), and an unaccented Polish query has few lemmas to find anyway."""
    if not text or not polish_analysis():
        return False
    if _POLISH_LETTERS.search(text):
        return True
    words = _WORDS.findall(text.lower())
    return any(
        word in POLISH_MARKERS or (len(word) >= 6 and word.endswith(_POLISH_ENDINGS))
        for word in words
    )


def polish_query_terms(text: str, *, polish: bool | None = None) -> str:
    """The lemmas of a Polish query's words, function words left out (``""`` when
    ``text`` is not Polish; ``polish=True`` skips the detection, e.g. for a search
    filtered to Polish assets): what ``title_pl``/``text_pl``/``analysed_text`` are
    searched with."""
    if not polish_analysis() or not (polish or (polish is None and query_is_polish(text))):
        return ""
    words = [word for word in _WORDS.findall(text.lower()) if word not in POLISH_FUNCTION_WORDS]
    lemmas = polish_terms(" ".join(words)).split()
    return " ".join(lemma for lemma in lemmas if lemma not in POLISH_FUNCTION_WORDS)


def asset_polish_text(asset) -> str:
    """The analysed text of a Polish asset's searchable fields (the database index)."""
    from search.documents import asset_searchable_text

    return polish_terms(asset_searchable_text(asset))
