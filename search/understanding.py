"""Query understanding: what a searcher's words mean before any backend runs them.

``query_understand(text=...)`` turns the typed text into an :class:`UnderstoodQuery`:

- quoted phrases (``"prior authorization"``) must occur as phrases;
- words naming an asset type ("case study", "deck", "objection"), a segment (its name or
  a marketer-managed alias: "bank" → Financial Services) or a deal stage ("discovery")
  are *recognised*: they boost matching assets and come back as suggested filters
  instead of being required text (a case study rarely says "case study");
- common function words ("for", "a") are dropped from the required text;
- synonym groups marketers keep in the admin ("HIPAA = protected health information")
  give alternative texts, searched as OR alternatives at a lower weight.

Both backends call it (``search/backends/database.py``, ``elasticsearch.py``), so they
agree on what a query means. The vocabulary is read from the database and cached per
process; saving a synonym, alias, segment or stage clears it (other processes re-read
within ``VOCABULARY_TTL`` seconds). Nothing here touches the index: a changed synonym
takes effect without reindexing.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from time import monotonic
from typing import Any

from django.utils.translation import gettext_lazy as _

from search.stopwords import QUERY_STOP_WORDS

VOCABULARY_TTL = 10.0
MAX_PHRASE_WORDS = 4

# Words a rep types for an asset type, by the type's name.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "case_study": (
        "case study",
        "case studies",
        "customer story",
        "customer stories",
        "success story",
        "success stories",
        "reference story",
    ),
    "presentation": (
        "deck",
        "decks",
        "slide deck",
        "slides",
        "presentation",
        "presentations",
        "pitch deck",
    ),
    "objection": ("objection", "objections", "objection handling", "pushback"),
}
TYPE_LABELS = {
    "case_study": _("Case study"),
    "presentation": _("Presentation"),
    "objection": _("Objection"),
}
FIELD_LABELS = {"type": _("Type"), "segment": _("Segment"), "stage": _("Deal stage")}

# Function words that only make a query stricter ("security objection for a bank"). The
# Elasticsearch analyzer drops the same ones (search.stopwords); the database would require them.
STOP_WORDS = QUERY_STOP_WORDS

_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|„([^”“]*)[”“]')
_WORDS = re.compile("\\w+(?:['\u2019]\\w+)*", re.UNICODE)


def words_of(text: str) -> list[str]:
    """Lower-cased words; hyphens and punctuation separate words ("Mid-Market")."""
    return [word.lower() for word in _WORDS.findall(text or "")]


@dataclass(frozen=True)
class SuggestedFilter:
    """A filter the query's words suggest (``field`` is ``type``, ``segment`` or ``stage``)."""

    field: str
    value: str
    label: str
    words: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "value": self.value, "label": self.label, "words": self.words}


@dataclass(frozen=True)
class UnderstoodQuery:
    """A query as the backends run it.

    ``text`` is the required free text (recognised and function words removed),
    ``phrases`` must each occur as a phrase, ``variants`` are synonym alternatives of
    ``text`` (OR-ed, lower weight), ``types``/``segments``/``stages`` are boosts and
    ``recognised`` the words that named them (optional text).
    """

    original: str
    text: str = ""
    phrases: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    recognised: tuple[str, ...] = ()
    suggested_filters: tuple[SuggestedFilter, ...] = ()
    # A Polish query's required words as lemmas (search/polish.py), searched against the
    # Polish assets' lemma fields as an alternative to the words as typed; "" otherwise.
    lemmas: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.phrases or self.recognised)

    @property
    def has_boosts(self) -> bool:
        return bool(self.types or self.segments or self.stages)

    @property
    def required_text(self) -> str:
        """The free text plus the phrases' words: what every match must contain."""
        return " ".join(part for part in (self.text, *self.phrases) if part)

    def highlight_words(self) -> list[str]:
        """Every word worth marking in a snippet (free, phrase, recognised, synonyms)."""
        parts = [self.text, *self.phrases, *self.recognised, *self.variants]
        return list(dict.fromkeys(w for part in parts for w in words_of(part) if len(w) > 1))

    def content_words(self) -> list[str]:
        """The query's meaningful words (free text, phrases and recognised words)."""
        parts = [self.text, *self.phrases, *self.recognised]
        return list(dict.fromkeys(w for part in parts for w in words_of(part) if len(w) > 1))


@dataclass
class Vocabulary:
    """Recognisable terms as word tuples → (field, canonical value), and synonym groups."""

    terms: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    synonyms: list[list[tuple[str, ...]]] = field(default_factory=list)


_cache: dict[str, Any] = {}
_lock = threading.Lock()


def understanding_vocabulary(*, refresh: bool = False) -> Vocabulary:
    """Type words, segment names and aliases, stage names and synonym groups (cached)."""
    with _lock:
        cached = _cache.get("value")
        if cached is not None and not refresh and monotonic() < _cache["expires"]:
            return cached
    from content.models import SegmentTag, StageTag
    from search.models import SearchSynonym, SegmentAlias

    vocabulary = Vocabulary()
    for type_name, phrases in TYPE_WORDS.items():
        for phrase in phrases:
            vocabulary.terms[tuple(words_of(phrase))] = ("type", type_name)
    for name in StageTag.objects.values_list("name", flat=True):
        vocabulary.terms[tuple(words_of(name))] = ("stage", name)
    for alias, name in SegmentAlias.objects.values_list("alias", "segment__name"):
        vocabulary.terms[tuple(words_of(alias))] = ("segment", name)
    for name in SegmentTag.objects.values_list("name", flat=True):
        vocabulary.terms[tuple(words_of(name))] = ("segment", name)
    vocabulary.terms.pop((), None)
    for synonym in SearchSynonym.objects.all():
        group = [tuple(words_of(term)) for term in synonym.alternatives()]
        group = [alternative for alternative in group if alternative]
        if len(group) > 1:
            vocabulary.synonyms.append(group)
    with _lock:
        _cache.update(value=vocabulary, expires=monotonic() + VOCABULARY_TTL)
    return vocabulary


def understanding_vocabulary_clear(**_: Any) -> None:
    with _lock:
        _cache.clear()


def _split_phrases(text: str) -> tuple[list[str], str]:
    """Quoted phrases (two or more words) and the text outside the quotes. A quoted single
    word is just a word."""
    phrases: list[str] = []
    loose: list[str] = []

    def take(match: re.Match) -> str:
        inner = " ".join(words_of(next(group for group in match.groups() if group is not None)))
        if len(inner.split()) > 1:
            phrases.append(inner)
            return " "
        loose.append(inner)
        return " "

    rest = _QUOTED.sub(take, text or "")
    # An unmatched quote mark is not a phrase: drop it with the rest of the punctuation.
    return list(dict.fromkeys(phrases)), " ".join([rest, *loose])


def _find(words: list[str], terms: dict[tuple[str, ...], Any], start: int) -> int:
    """Length of the longest term starting at ``words[start]`` (0 when none)."""
    for length in range(min(MAX_PHRASE_WORDS, len(words) - start), 0, -1):
        if tuple(words[start : start + length]) in terms:
            return length
    return 0


def _variants(words: list[str], synonyms: list[list[tuple[str, ...]]]) -> list[str]:
    """``words`` with each synonym alternative found in them replaced by the others."""
    variants: list[str] = []
    for group in synonyms:
        for alternative in group:
            size = len(alternative)
            for start in range(len(words) - size + 1):
                if tuple(words[start : start + size]) != alternative:
                    continue
                for other in group:
                    if other != alternative:
                        replaced = [*words[:start], *other, *words[start + size :]]
                        variants.append(" ".join(replaced))
                break
    return [variant for variant in dict.fromkeys(variants) if variant != " ".join(words)]


def query_understand(
    *, text: str, vocabulary: Vocabulary | None = None, polish: bool | None = None
) -> UnderstoodQuery:
    """What ``text`` asks for (see the module docstring). ``vocabulary`` defaults to the
    cached one from the database; pass an empty ``Vocabulary()`` to parse phrases only.
    ``polish`` says whether the query is Polish (``None``: detect it, ``search/polish.py``)."""
    from search.polish import polish_query_terms, query_is_polish
    from search.stopwords import POLISH_FUNCTION_WORDS

    text = " ".join((text or "").split())
    if vocabulary is None:
        vocabulary = understanding_vocabulary()
    phrases, rest = _split_phrases(text)
    words = words_of(rest)
    free: list[str] = []
    recognised: list[str] = []
    found: dict[str, list[str]] = {"type": [], "segment": [], "stage": []}
    suggestions: list[SuggestedFilter] = []
    position = 0
    while position < len(words):
        length = _find(words, vocabulary.terms, position)
        if not length:
            free.append(words[position])
            position += 1
            continue
        term = tuple(words[position : position + length])
        field_name, value = vocabulary.terms[term]
        recognised.append(" ".join(term))
        if value not in found[field_name]:
            found[field_name].append(value)
            label = TYPE_LABELS.get(value, value) if field_name == "type" else value
            suggestions.append(SuggestedFilter(field_name, value, label, " ".join(term)))
        position += length
    is_polish = query_is_polish(text) if polish is None else polish
    function_words = STOP_WORDS | POLISH_FUNCTION_WORDS if is_polish else STOP_WORDS
    content = [word for word in free if word not in function_words]
    if not content and not recognised and not phrases:
        content = free  # a query of function words only still searches them
    return UnderstoodQuery(
        original=text,
        text=" ".join(content),
        phrases=tuple(phrases),
        variants=tuple(_variants(content, vocabulary.synonyms)),
        types=tuple(found["type"]),
        segments=tuple(found["segment"]),
        stages=tuple(found["stage"]),
        recognised=tuple(dict.fromkeys(recognised)),
        suggested_filters=tuple(suggestions),
        lemmas=polish_query_terms(" ".join([*content, *phrases]), polish=is_polish),
    )


def corrected_query_text(text: str, corrections: dict[str, str]) -> str:
    """``text`` with each corrected word replaced (case-insensitive, quotes kept)."""
    if not corrections:
        return text
    return _WORDS.sub(lambda m: corrections.get(m.group(0).lower(), m.group(0)), text)


def suggested_filters_for(understood: UnderstoodQuery, query) -> list[SuggestedFilter]:
    """The query's suggested filters that are not applied already."""
    applied = {"type": query.types, "segment": query.segments, "stage": query.stages}
    return [item for item in understood.suggested_filters if item.value not in applied[item.field]]
