"""Ask the library: the best passages for a question, each citing its asset (DESIGN §4a).

Extractive only: every word shown is a passage marketing approved, with the question's
words marked. Passages come from live, unexpired assets the user may see (the same
visibility as search), optionally of one segment and stage.

Scoring: a passage's cosine similarity with the question (multilingual USE v3), plus
``WORD_BONUS`` times the share of the question's words it contains (exact terms such as
"SOC 2" or "HIPAA" should win ties). At most ``PER_ASSET`` passages per asset.

Unanswered: when the best passage's cosine is below ``ANSWER_THRESHOLD`` (0.35, chosen
on the demo library: paraphrased questions that have an answer score 0.4-0.7, questions
about things the library does not cover 0.1-0.3), the question counts as unanswered and
is listed with zero-result searches in the content-gaps report.

Where the passages come from: on Elasticsearch, a nested kNN query over the index's
passage vectors with visibility and the segment/stage filters inside the kNN filter (the
passages' text, asset title, type and URL come back with it: no database read, and the
in-process matrix is never loaded); on the database backend, and while Elasticsearch is
unreachable (as search falls back), the in-process matrix of ``search.hybrid``.

Without an encoder (off, failed to load), with an Elasticsearch index holding no vectors
of the current encoder (until ``search_index rebuild``), or for a question in a script the
encoder does not know, answers are passages containing the question's words, with a notice.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from content.models import ASSET_TYPES
from search.embeddings import UNAVAILABLE_NOTICE, get_encoder
from search.stopwords import ANSWER_STOP_WORDS

ANSWER_THRESHOLD = 0.35
MIN_SCORE = 0.15
WORD_BONUS = 0.1
PER_ASSET = 2
MAX_ANSWERS = 5
MIN_ANSWERS = 3
MAX_QUESTION_LENGTH = 500
# Scripts of the 16 languages multilingual USE v3 was trained on.
KNOWN_SCRIPTS = ("LATIN", "CYRILLIC", "ARABIC", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI")
SCRIPT_NOTICE = (
    "Meaning-based answers do not understand this script: showing passages that contain "
    "your words only."
)
_WORDS = re.compile(r"\w+", re.UNICODE)
STOP_WORDS = ANSWER_STOP_WORDS


@dataclass
class Answer:
    asset_id: int
    title: str
    type: str
    url: str
    passage_id: int
    passage_kind: str
    page: int | None
    text: str
    highlight: str
    score: float


@dataclass
class Answers:
    question: str
    answers: list[Answer] = field(default_factory=list)
    answered: bool = False
    notice: str | None = None
    best_score: float | None = None


def question_words(question: str) -> list[str]:
    """The words worth marking and matching (stop words and single letters dropped)."""
    words = [w for w in _WORDS.findall(question.lower()) if len(w) > 1 and w not in STOP_WORDS]
    return list(dict.fromkeys(words))


def script_is_known(text: str) -> bool:
    """Whether most letters of ``text`` are in a script the encoder was trained on."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return False
    known = sum(
        1
        for char in letters
        if unicodedata.name(char, "").startswith(KNOWN_SCRIPTS)
        or unicodedata.name(char, "").startswith("CJK")
    )
    return known * 2 >= len(letters)


def _stem(word: str) -> str:
    # A crude lemma: "integrates"/"integration" share "integr"; Polish endings vary too.
    return word[:6] if len(word) > 6 else word


def highlight_words(text: str, words: list[str]) -> str:
    """``text`` HTML-escaped, with the question's words (and their inflections) in <mark>."""
    escaped = html.escape(text)
    stems = sorted({_stem(word) for word in words}, key=len, reverse=True)
    if not stems:
        return escaped
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.I)
    return pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped)


def _word_share(text: str, words: list[str]) -> float:
    if not words:
        return 0.0
    lowered = text.lower()
    return sum(1 for word in words if _stem(word) in lowered) / len(words)


def _allowed_assets(*, user, segments: tuple[str, ...], stages: tuple[str, ...]) -> set[int]:
    from search.backends.database import searchable_assets

    assets = searchable_assets(user=user)
    if segments:
        assets = assets.filter(segments__name__in=segments)
    if stages:
        assets = assets.filter(stages__name__in=stages)
    return set(assets.values_list("pk", flat=True))


def _semantic_scores(question: str, allowed: set[int], words: list[str]) -> list[tuple]:
    """(score, cosine, passage id, asset id) of passages of allowed assets, best first."""
    from search.hybrid import passage_similarities

    scored = passage_similarities(question)
    if scored is None:
        return []
    matrix, similarities = scored
    mask = np.isin(matrix.asset_ids, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
    indexes = np.flatnonzero(mask & (similarities >= MIN_SCORE))
    indexes = indexes[np.argsort(-similarities[indexes], kind="stable")][:200]
    return [
        (
            float(similarities[i]),
            float(similarities[i]),
            int(matrix.passage_ids[i]),
            int(matrix.asset_ids[i]),
        )
        for i in indexes
    ]


def _lexical_scores(allowed: set[int], words: list[str]) -> list[tuple]:
    """Passages holding the question's words, by the share of words they hold."""
    from django.db.models import Q

    from search.models import Passage

    if not words or not allowed:
        return []
    condition = Q()
    for word in words[:8]:
        condition |= Q(text__icontains=_stem(word))
    rows = Passage.objects.filter(condition, asset_id__in=allowed).values_list(
        "pk", "asset_id", "text"
    )[:2000]
    scored = [(_word_share(text, words), 0.0, pk, asset_id) for pk, asset_id, text in rows]
    return sorted((row for row in scored if row[0] > 0), key=lambda row: -row[0])


def library_answers(
    *,
    question: str,
    user,
    segments: tuple[str, ...] = (),
    stages: tuple[str, ...] = (),
    limit: int = MAX_ANSWERS,
) -> Answers:
    """The 3-5 best passages answering ``question`` that ``user`` may see."""
    from search.models import Passage

    question = " ".join(question.split())
    result = Answers(question=question)
    words = question_words(question)
    semantic = get_encoder() is not None and script_is_known(question)
    from_index = None
    if semantic:
        from_index = _elasticsearch_passages(
            question=question, user=user, segments=segments, stages=stages
        )
        if from_index is STALE_INDEX:
            # An index without this encoder's vectors (rebuild pending): words only.
            semantic, from_index = False, None
    if from_index is not None:
        # Elasticsearch: the kNN passages of the index, nothing read from the database.
        found = {passage["id"]: passage for passage in from_index}
        rows = sorted(
            (
                (
                    p["cosine"] + WORD_BONUS * _word_share(p["text"], words),
                    p["cosine"],
                    p["id"],
                    p["asset_id"],
                )
                for p in from_index
                if p["cosine"] >= MIN_SCORE
            ),
            key=lambda row: -row[0],
        )
    elif semantic:
        allowed = _allowed_assets(user=user, segments=segments, stages=stages)
        rows = _semantic_scores(question, allowed, words)
        if rows:
            texts = dict(
                Passage.objects.filter(pk__in=[row[2] for row in rows]).values_list("pk", "text")
            )
            rows = sorted(
                (
                    (cosine + WORD_BONUS * _word_share(texts.get(pk, ""), words), cosine, pk, a)
                    for _, cosine, pk, a in rows
                ),
                key=lambda row: -row[0],
            )
    else:
        result.notice = (
            SCRIPT_NOTICE
            if get_encoder() is not None and not script_is_known(question)
            else UNAVAILABLE_NOTICE
        )
        allowed = _allowed_assets(user=user, segments=segments, stages=stages)
        rows = _lexical_scores(allowed, words)
    chosen: list[tuple] = []
    per_asset: dict[int, int] = {}
    for row in rows:
        if per_asset.get(row[3], 0) >= PER_ASSET:
            continue
        per_asset[row[3]] = per_asset.get(row[3], 0) + 1
        chosen.append(row)
        if len(chosen) == limit:
            break
    if semantic and chosen:
        result.best_score = max(row[1] for row in chosen)
        result.answered = result.best_score >= ANSWER_THRESHOLD
        if not result.answered:
            # Weak matches are not answers: keep the best few, say so.
            chosen = chosen[:MIN_ANSWERS]
    elif chosen:
        result.best_score = chosen[0][0]
        result.answered = True
    if from_index is not None:
        result.answers = _answers_from_index(chosen, found, words)
    else:
        result.answers = _answers(chosen, words)
    return result


ANSWER_ASSETS = 40
STALE_INDEX: list[dict] = []


def _elasticsearch_passages(
    *, question: str, user, segments: tuple[str, ...], stages: tuple[str, ...]
) -> list[dict] | None:
    """The kNN passages from Elasticsearch when it is the backend (``STALE_INDEX`` when
    its index holds no vectors of the current encoder: rebuild it), ``None`` otherwise
    and while it is unreachable (the database answers, as search falls back)."""
    from search.backends.base import Audience, SearchBackendUnavailable, get_search_backend
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.embeddings import encode_query

    try:
        backend = get_search_backend()
    except SearchBackendUnavailable:
        return None
    if not isinstance(backend, ElasticsearchBackend):
        return None
    try:
        if not backend.knn_ready():
            return STALE_INDEX
        vector = encode_query(question)
        if vector is None:
            return STALE_INDEX
        return backend.nearest_passages(
            vector=vector,
            audience=Audience.for_user(user),
            segments=segments,
            stages=stages,
            assets=ANSWER_ASSETS,
            per_asset=PER_ASSET + 1,
        )
    except SearchBackendUnavailable:
        return None


def _answers_from_index(
    rows: list[tuple], found: dict[int, dict], words: list[str]
) -> list[Answer]:
    """Answers from the passages Elasticsearch returned (text, asset title, type, URL)."""
    answers = []
    for score, _, passage_id, asset_id in rows:
        passage = found[passage_id]
        page = passage.get("number") if passage.get("kind") == "page" else None
        url = passage.get("url") or ""
        answers.append(
            Answer(
                asset_id=asset_id,
                title=passage.get("title", ""),
                type=passage.get("type", "asset"),
                url=f"{url}#page={page}" if page else url,
                passage_id=passage_id,
                passage_kind=passage.get("kind", ""),
                page=page,
                text=passage.get("text", ""),
                highlight=highlight_words(passage.get("text", ""), words),
                score=round(score, 4),
            )
        )
    return answers


def _answers(rows: list[tuple], words: list[str]) -> list[Answer]:
    from content.models import AssetPage
    from search.models import Passage

    passages = Passage.objects.in_bulk([row[2] for row in rows])
    assets = AssetPage.objects.in_bulk([row[3] for row in rows])
    types = {}
    from django.contrib.contenttypes.models import ContentType

    for name, model in ASSET_TYPES.items():
        types[ContentType.objects.get_for_model(model).pk] = name
    answers = []
    for score, _, passage_id, asset_id in rows:
        passage, asset = passages.get(passage_id), assets.get(asset_id)
        if passage is None or asset is None:
            continue
        page = passage.number if passage.kind == Passage.Kind.PAGE else None
        url = asset.get_url() or ""
        answers.append(
            Answer(
                asset_id=asset_id,
                title=asset.title,
                type=types.get(asset.content_type_id, "asset"),
                url=f"{url}#page={page}" if page else url,
                passage_id=passage_id,
                passage_kind=passage.kind,
                page=page,
                text=passage.text,
                highlight=highlight_words(passage.text, words),
                score=round(score, 4),
            )
        )
    return answers


def answers_as_dicts(answers: Answers) -> list[dict]:
    """The answers as the API and templates show them."""
    return [
        {
            "asset_id": a.asset_id,
            "title": a.title,
            "type": a.type,
            "url": a.url,
            "passage_id": a.passage_id,
            "passage_kind": a.passage_kind,
            "page": a.page,
            "text": a.text,
            "highlight": a.highlight,
            "score": a.score,
        }
        for a in answers.answers
    ]
