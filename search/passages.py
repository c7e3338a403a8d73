"""Assets → passages a rep would quote, and their cached embeddings (DESIGN §4a).

Passages: title with summary, each body paragraph, the objection in the customer's words,
its short answer and each talk-track paragraph, a case study's challenge, solution, each
result and the quote, and each page or slide of the attachment with its number (the
extracted text keeps pages apart with form feeds).

``passages_sync`` is called by ``search.services.assets_sync`` (Celery, on commit) and by
``search_index rebuild``: it replaces an asset's passages only when their text changed and
embeds only texts whose (hash, model) is not cached yet.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.html import strip_tags

from content.models import AssetPage, CaseStudyPage, ObjectionPage
from search.embeddings import get_encoder, to_bytes
from search.models import Passage, PassageEmbedding

MAX_PASSAGE_CHARS = 1200
EMBED_CHUNK = 256
_BLOCKS = re.compile(r"</(?:p|h[1-6]|li|blockquote|div)>|<br\s*/?>", re.I)


@dataclass(frozen=True)
class PassageText:
    kind: str
    number: int
    text: str

    @property
    def text_hash(self) -> str:
        return text_hash(self.text)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_PASSAGE_CHARS]


def _paragraphs(html: str | None) -> list[str]:
    """Rich text split at block ends (paragraphs, headings, list items)."""
    parts = [_clean(strip_tags(part)) for part in _BLOCKS.split(html or "")]
    return [part for part in parts if part]


def asset_passages(asset: AssetPage) -> list[PassageText]:
    """The passages of one specific asset, in reading order."""
    passages: list[PassageText] = []

    def add(kind: str, text: str, number: int | None = None) -> None:
        text = _clean(text)
        if text:
            count = sum(1 for p in passages if p.kind == kind)
            passages.append(PassageText(kind, number or count + 1, text))

    # The title carries the topic: a passage of the summary alone often does not.
    add(Passage.Kind.SUMMARY, f"{asset.title}. {asset.summary}" if asset.summary else asset.title)
    if isinstance(asset, ObjectionPage):
        add(Passage.Kind.OBJECTION, asset.objection)
        add(Passage.Kind.ANSWER, asset.short_answer)
        for paragraph in _paragraphs(asset.talk_track):
            add(Passage.Kind.TALK_TRACK, paragraph)
    elif isinstance(asset, CaseStudyPage):
        add(Passage.Kind.CHALLENGE, strip_tags(asset.challenge or ""))
        add(Passage.Kind.SOLUTION, strip_tags(asset.solution or ""))
        for metric, value in asset.result_pairs():
            add(Passage.Kind.RESULT, f"{asset.customer}: {metric} {value}")
        if asset.quote:
            add(Passage.Kind.QUOTE, f"“{asset.quote}” — {asset.quote_author}")
    for paragraph in _paragraphs(asset.body):
        add(Passage.Kind.SECTION, paragraph)
    attachment = asset.attachment if asset.attachment_id else None
    if attachment is not None and attachment.extracted_text:
        for number, page in enumerate(attachment.extracted_text.split("\f"), start=1):
            add(Passage.Kind.PAGE, page, number)
    return passages


@dataclass
class PassageReport:
    assets: int = 0
    changed: int = 0
    embedded: int = 0
    seconds_embedding: float = 0.0


def passages_sync(
    *, assets: Sequence[AssetPage], removed_ids: Iterable[int] = (), embed: bool = True
) -> PassageReport:
    """Store the passages of these (specific, indexable) assets, drop those of
    ``removed_ids``, and embed texts not cached for the current encoder."""
    report = PassageReport(assets=len(assets))
    removed = [int(pk) for pk in removed_ids]
    if removed:
        Passage.objects.filter(asset_id__in=removed).delete()
    if not assets:
        return report
    ids = [asset.pk for asset in assets]
    existing: dict[int, set[tuple[str, int, str]]] = {pk: set() for pk in ids}
    for asset_id, kind, number, digest in Passage.objects.filter(asset_id__in=ids).values_list(
        "asset_id", "kind", "number", "text_hash"
    ):
        existing[asset_id].add((kind, number, digest))
    fresh: list[Passage] = []
    changed: list[int] = []
    for asset in assets:
        passages = asset_passages(asset)
        if {(p.kind, p.number, p.text_hash) for p in passages} == existing[asset.pk]:
            continue
        changed.append(asset.pk)
        fresh += [
            Passage(
                asset_id=asset.pk,
                kind=p.kind,
                number=p.number,
                text=p.text,
                text_hash=p.text_hash,
            )
            for p in passages
        ]
    if changed:
        with transaction.atomic():
            Passage.objects.filter(asset_id__in=changed).delete()
            Passage.objects.bulk_create(fresh, batch_size=1000)
    report.changed = len(changed)
    if embed:
        started = time.perf_counter()
        report.embedded = embeddings_fill(asset_ids=ids)
        report.seconds_embedding = time.perf_counter() - started
    return report


def embeddings_fill(*, asset_ids: Sequence[int] | None = None) -> int:
    """Embed the passages (of ``asset_ids``, or all) whose text has no vector under the
    current encoder; returns how many texts were embedded (0 without an encoder)."""
    counts = list(embeddings_progress(asset_ids=asset_ids))
    return counts[-1] if counts else 0


def embeddings_progress(*, asset_ids: Sequence[int] | None = None) -> Iterator[int]:
    """``embeddings_fill`` step by step: yields the running count after each chunk."""
    encoder = get_encoder()
    if encoder is None:
        return
    passages = Passage.objects.all()
    if asset_ids is not None:
        passages = passages.filter(asset_id__in=list(asset_ids))
    # Hashes first, texts only of those not cached: a rebuild of an embedded library
    # (every text cached) reads no passage text here.
    hashes = list(dict.fromkeys(passages.values_list("text_hash", flat=True)))
    cached: set[str] = set()
    for start in range(0, len(hashes), 5000):
        cached.update(
            PassageEmbedding.objects.filter(
                model=encoder.name, text_hash__in=hashes[start : start + 5000]
            ).values_list("text_hash", flat=True)
        )
    missing = [digest for digest in hashes if digest not in cached]
    texts: dict[str, str] = {}
    for start in range(0, len(missing), 5000):
        texts.update(
            Passage.objects.filter(text_hash__in=missing[start : start + 5000]).values_list(
                "text_hash", "text"
            )
        )
    for start in range(0, len(missing), EMBED_CHUNK):
        chunk = missing[start : start + EMBED_CHUNK]
        vectors = encoder.encode([texts[digest] for digest in chunk])
        PassageEmbedding.objects.bulk_create(
            [
                PassageEmbedding(text_hash=digest, model=encoder.name, vector=to_bytes(vector))
                for digest, vector in zip(chunk, vectors, strict=True)
            ],
            ignore_conflicts=True,
        )
        yield start + len(chunk)


@dataclass
class EmbeddingStatus:
    model: str | None
    passages: int
    embedded: int
    stale: int
    failure: str | None = None


def embedding_status() -> EmbeddingStatus:
    """How many passages have a vector under the current encoder, and how many do not."""
    from search.embeddings import encoder_failure

    encoder = get_encoder()
    total = Passage.objects.count()
    if encoder is None:
        return EmbeddingStatus(None, total, 0, total, encoder_failure())
    embedded = Passage.objects.filter(
        text_hash__in=PassageEmbedding.objects.filter(model=encoder.name).values("text_hash")
    ).count()
    return EmbeddingStatus(encoder.name, total, embedded, total - embedded)
