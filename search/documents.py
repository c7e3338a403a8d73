"""Asset → search document: everything the index stores about one asset.

Built in batches (tags, groups, popularity, passages and their vectors fetched with one
query each per batch) so a full reindex stays well above DESIGN §9's 2,000 assets/s.

Each document carries its asset's passages (``search.models.Passage``, stored by
``search.passages.passages_sync`` before the document is built) as the nested
``passages`` field, each with its embedding under the current encoder when there is one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet
from django.utils.html import strip_tags
from wagtail.models import Site

from content.models import (
    AssetPage,
    CaseStudyPage,
    ObjectionPage,
    TaggedPersona,
    TaggedProduct,
    TaggedSegment,
    TaggedStage,
)
from content.selectors import asset_is_live, asset_live_q, assets_live

EVERYONE = "__everyone__"
"""The group value of an asset every library member may see."""


def _text(html: str | None) -> str:
    return " ".join(strip_tags(html or "").split())


def asset_details_text(asset: AssetPage) -> str:
    """The type-specific fields as one searchable text."""
    parts: list[str] = []
    if isinstance(asset, CaseStudyPage):
        parts += [asset.customer, asset.industry, _text(asset.challenge), _text(asset.solution)]
        parts += [f"{metric} {value}" for metric, value in asset.result_pairs()]
        parts += [asset.quote, asset.quote_author]
    elif isinstance(asset, ObjectionPage):
        parts += [asset.objection, asset.short_answer, _text(asset.talk_track)]
        parts += [str(block.value.get("claim", "")) for block in asset.proof_points]
    return " ".join(part for part in parts if part)


def asset_searchable_text(asset: AssetPage) -> str:
    """Every searchable text field of one asset, as one text (for analysed fields)."""
    attachment = asset.attachment if asset.attachment_id else None
    parts = [
        asset.title,
        asset.summary,
        _text(asset.body),
        asset_details_text(asset),
        attachment.extracted_text if attachment else "",
    ]
    return " ".join(part for part in parts if part)


def _analysed_fields(asset: AssetPage, texts: list[str]) -> dict[str, str]:
    """``title_pl`` and ``text_pl``: a Polish asset's title and other text as lemmas
    (``search/polish.py``); empty for every other language."""
    from search.polish import POLISH, polish_terms

    if asset.language != POLISH:
        return {"title_pl": "", "text_pl": ""}
    return {"title_pl": polish_terms(asset.title), "text_pl": polish_terms(" ".join(texts))}


def indexable_assets() -> QuerySet[AssetPage]:
    """Live-now assets (``content.selectors.assets_live``): the only ones ever indexed."""
    return assets_live()


def asset_is_indexable(asset: AssetPage) -> bool:
    return asset_is_live(asset=asset)


def _ids_filter(field: str, asset_ids: Sequence[int]) -> Q:
    """Rows of ``asset_ids``: a range when the ids are dense (a reindex reads batches in
    id order, and a 1,000-id ``IN`` list costs more than the rows it selects), else ``IN``.
    Callers drop the rows of ids in range but not asked for."""
    if asset_ids and len(asset_ids) >= 50:
        low, high = min(asset_ids), max(asset_ids)
        if high - low < 4 * len(asset_ids):
            return Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__in": list(asset_ids)})


def _names_by_asset(through, asset_ids: Sequence[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    rows = through.objects.filter(_ids_filter("content_object_id", asset_ids)).values_list(
        "content_object_id", "tag__name"
    )
    for asset_id, name in rows:
        names[asset_id].append(name)
    return names


def _stages_by_asset(asset_ids: Sequence[int]) -> dict[int, list[str]]:
    stages: dict[int, list[str]] = defaultdict(list)
    rows = (
        TaggedStage.objects.filter(_ids_filter("content_object_id", asset_ids))
        .order_by("tag__position", "tag__name")
        .values_list("content_object_id", "tag__name")
    )
    for asset_id, name in rows:
        stages[asset_id].append(name)
    return stages


def _groups_by_asset(asset_ids: Sequence[int]) -> dict[int, list[str]]:
    through = AssetPage.visible_to_groups.through
    groups: dict[int, list[str]] = defaultdict(list)
    for asset_id, name in through.objects.filter(
        _ids_filter("assetpage_id", asset_ids)
    ).values_list("assetpage_id", "group__name"):
        groups[asset_id].append(name)
    return groups


def _popularity_by_asset(asset_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    from enablement.tracking.models import AssetPopularity

    return {
        row["asset_id"]: row
        for row in AssetPopularity.objects.filter(_ids_filter("asset_id", asset_ids)).values(
            "asset_id", "deals_influenced", "deals_won", "win_rate", "uses_30d", "last_used_at"
        )
    }


HASHES_PER_QUERY = 5000


def _passages_by_asset(asset_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The nested passages of each asset, with vectors under the current encoder (two
    queries, plus one per ``HASHES_PER_QUERY`` distinct texts). Vectors stay float32
    arrays: ``search.backends.elasticsearch.serialise.documents_json`` writes them."""
    from search.embeddings import from_bytes, get_encoder
    from search.models import Passage, PassageEmbedding
    from search.polish import polish_terms

    wanted = set(asset_ids)
    rows = [
        row
        for row in Passage.objects.filter(_ids_filter("asset_id", asset_ids))
        .order_by("asset_id", "id")
        .values_list("asset_id", "id", "kind", "number", "text", "text_hash", "asset__language")
        if row[0] in wanted
    ]
    vectors: dict[str, np.ndarray] = {}
    encoder = get_encoder()
    if encoder is not None and rows:
        hashes = sorted({row[5] for row in rows})
        for start in range(0, len(hashes), HASHES_PER_QUERY):
            for digest, data in PassageEmbedding.objects.filter(
                model=encoder.name, text_hash__in=hashes[start : start + HASHES_PER_QUERY]
            ).values_list("text_hash", "vector"):
                vectors[digest] = from_bytes(data)
    passages: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for asset_id, passage_id, kind, number, text, digest, language in rows:
        passage = {
            "id": passage_id,
            "kind": kind,
            "number": number,
            "text": text,
            "text_pl": polish_terms(text) if language == "pl" else "",
        }
        if digest in vectors:
            passage["vector"] = vectors[digest]
        passages[asset_id].append(passage)
    return passages


def asset_documents(
    assets: Sequence[AssetPage], *, with_passages: bool = True
) -> list[dict[str, Any]]:
    """Documents for specific asset instances, in the same order (``with_passages``
    false: without the nested passages, for readers of the other fields only)."""
    ids = [asset.pk for asset in assets]
    segments = _names_by_asset(TaggedSegment, ids)
    stages = _stages_by_asset(ids)
    personas = _names_by_asset(TaggedPersona, ids)
    products = _names_by_asset(TaggedProduct, ids)
    groups = _groups_by_asset(ids)
    popularity = _popularity_by_asset(ids)
    passages = _passages_by_asset(ids) if with_passages and ids else {}
    # Wagtail caches the site root paths on each page (``_wagtail_cached_site_root_paths``)
    # after reading them from the cache: one read per batch instead of one per asset.
    site_root_paths = Site.get_site_root_paths()
    documents = []
    for asset in assets:
        stats = popularity.get(asset.pk, {})
        restricted = asset.visibility == AssetPage.Visibility.RESTRICTED
        attachment = asset.attachment if asset.attachment_id else None
        asset_segments = sorted(segments.get(asset.pk, []))
        asset_products = sorted(products.get(asset.pk, []))
        asset_personas = sorted(personas.get(asset.pk, []))
        body = _text(asset.body)
        details = asset_details_text(asset)
        attachment_text = (
            (attachment.extracted_text if attachment else "").replace("\f", "\n").strip()
        )
        documents.append(
            {
                "id": asset.pk,
                "type": asset.asset_type,
                "title": asset.title,
                "summary": asset.summary,
                "body": body,
                "details": details,
                "attachment_text": attachment_text,
                **_analysed_fields(asset, [asset.summary, details, body, attachment_text]),
                "keywords": " ".join(
                    [*asset_segments, *stages.get(asset.pk, []), *asset_personas, *asset_products]
                ),
                "segments": asset_segments,
                "stages": stages.get(asset.pk, []),
                "personas": asset_personas,
                "products": asset_products,
                "language": asset.language,
                "visibility": asset.visibility,
                # Restricted with no group named: nobody outside "sees all" may find it.
                "groups": sorted(groups.get(asset.pk, [])) if restricted else [EVERYONE],
                "url": _url(asset, site_root_paths),
                "published_at": (asset.last_published_at or asset.first_published_at),
                "review_by": asset.review_by,
                "expire_at": asset.expire_at,
                "deals_influenced": stats.get("deals_influenced", 0),
                "deals_won": stats.get("deals_won", 0),
                "win_rate": stats.get("win_rate"),
                "uses_30d": stats.get("uses_30d", 0),
                "last_used_at": stats.get("last_used_at"),
                "translation_of": asset.translation_of_id,
                **({"passages": passages.get(asset.pk, [])} if with_passages else {}),
            }
        )
    return documents


def _url(asset: AssetPage, site_root_paths) -> str:
    asset._wagtail_cached_site_root_paths = site_root_paths
    return asset.get_url() or ""


def asset_document(asset: AssetPage) -> dict[str, Any]:
    return asset_documents([asset.specific])[0]


def indexable_asset_batches(
    *, batch_size: int = 500, asset_ids: Iterable[int] | None = None
) -> Iterator[list[AssetPage]]:
    """Specific, indexable assets ``batch_size`` at a time: each asset type's table read
    directly in id order with its attachment joined (``.specific()`` costs a base query
    plus one per type per batch, and drops the join)."""
    from content.models import ASSET_TYPES

    wanted = sorted({int(asset_id) for asset_id in asset_ids}) if asset_ids is not None else None
    live_now = asset_live_q()
    for model in ASSET_TYPES.values():
        queryset = model.objects.filter(live_now).select_related("attachment").order_by("pk")
        if wanted is not None:
            for start in range(0, len(wanted), batch_size):
                batch = list(queryset.filter(pk__in=wanted[start : start + batch_size]))
                if batch:
                    yield batch
            continue
        last_id = 0
        while True:
            batch = list(queryset.filter(pk__gt=last_id)[:batch_size])
            if not batch:
                break
            yield batch
            last_id = batch[-1].pk
