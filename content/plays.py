"""Reads and the one write for plays (``content.models.plays``).

What a viewer sees of a play is decided here, at read time: an asset they may not see is
never shown; a retired asset is replaced by its successor when there is one (retirement
belongs to governance, above content: it answers through ``play_successor_lookup_register``),
otherwise it is left out for reps and flagged for the play's editors.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from content.groups import MARKETING
from content.models import AssetPage, PlayOpen, PlayPage
from content.selectors import (
    asset_live_q,
    assets_visible_to,
    user_group_names,
    user_is_library_member,
)

SuccessorLookup = Callable[..., AssetPage | None]
_successor_lookup: SuccessorLookup | None = None


def play_successor_lookup_register(lookup: SuccessorLookup) -> None:
    """Let the app owning retirement say which live asset replaces a retired one
    (``lookup(asset=...) -> AssetPage | None``), from its ``AppConfig.ready()``."""
    global _successor_lookup
    _successor_lookup = lookup


def _successor(asset: AssetPage) -> AssetPage | None:
    return _successor_lookup(asset=asset) if _successor_lookup is not None else None


@dataclass(frozen=True)
class PlayItemView:
    """One row of a play as a viewer sees it.

    ``asset`` is what to show (the successor when the original was retired); ``replaced``
    is the original's title when it was; ``flagged`` (editors only) marks a retired or
    unavailable asset with no visible successor: ``asset`` is then the original.
    """

    position: int
    asset: AssetPage
    guidance: str
    replaced: str = ""
    flagged: bool = False


def play_live_q(*, now: datetime.datetime | None = None, prefix: str = "") -> Q:
    """Live now: published, not expired, ``expire_at`` not past (the assets' rule)."""
    return asset_live_q(now=now, prefix=prefix)


def plays_live(*, now: datetime.datetime | None = None) -> QuerySet[PlayPage]:
    """Every play that is live now."""
    return PlayPage.objects.filter(play_live_q(now=now))


def play_is_live(*, play: PlayPage, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(play.live and not play.expired and (play.expire_at is None or play.expire_at > now))


def user_may_edit_play(*, play: PlayPage, user) -> bool:
    """The play's owner, Marketing and superusers see flagged items."""
    if not (user and user.is_authenticated):
        return False
    return bool(
        user.is_superuser
        or user.pk == play.owner_user_id
        or MARKETING in user_group_names(user=user)
    )


def play_items_for(*, play: PlayPage, user) -> list[PlayItemView]:
    """The play's items in order as ``user`` may see them (see the module docstring).

    Queries: the items, the visible ones among them, their specific pages (one per type),
    and one lookup per retired item.
    """
    items = sorted(
        play.items.all().select_related("asset"), key=lambda i: (i.sort_order or 0, i.pk or 0)
    )
    if not items or not user_is_library_member(user=user):
        return []
    asset_ids = {item.asset_id for item in items}
    visible = {
        asset.pk: asset
        for asset in assets_visible_to(user=user).filter(pk__in=asset_ids).specific()
    }
    editor = user_may_edit_play(play=play, user=user)
    rows: list[PlayItemView] = []
    shown: set[int] = set()
    for position, item in enumerate(items, start=1):
        asset = visible.get(item.asset_id)
        if asset is not None:
            if asset.pk not in shown:
                shown.add(asset.pk)
                rows.append(PlayItemView(position, asset, item.guidance))
            continue
        original = item.asset
        if AssetPage.objects.filter(asset_live_q(), pk=original.pk).exists():
            continue  # live but restricted from this viewer: never shown, never hinted at
        successor = _successor(original)
        if successor is not None:
            seen = assets_visible_to(user=user).filter(pk=successor.pk).specific().first()
            if seen is not None and seen.pk not in shown:
                shown.add(seen.pk)
                rows.append(PlayItemView(position, seen, item.guidance, replaced=original.title))
                continue
        if editor:
            rows.append(PlayItemView(position, original.specific, item.guidance, flagged=True))
    return rows


def play_match_score(*, play: PlayPage, segment: str | None, stage: str | None) -> int:
    """How well a play fits a deal: 0 no match; 1 one of segment or stage; 2 both.

    Each of the play's segment and stage must be blank or equal to the deal's, and at
    least one of them set and equal. Reads ``play.segment``/``play.stage`` (select them).
    """
    score = 0
    for tag, value in ((play.segment, segment), (play.stage, stage)):
        if tag is None:
            continue
        if tag.name != value:
            return 0
        score += 1
    return score


def plays_ranked_for_deal(
    *, plays: list[PlayPage], segment: str | None, stage: str | None, limit: int = 5
) -> list[PlayPage]:
    """The plays (already loaded, live) that match, most specific first, then by title."""
    scored = [(play_match_score(play=p, segment=segment, stage=stage), p) for p in plays]
    ranked = sorted(
        ((score, play) for score, play in scored if score),
        key=lambda pair: (-pair[0], pair[1].title),
    )
    return [play for _, play in ranked][:limit]


def plays_for_deal(
    *, user, segment: str | None, stage: str | None, limit: int = 5
) -> list[PlayPage]:
    """Live plays matching a deal's segment and stage (``play_match_score``), most
    specific first. Empty for non-members, or when the deal has neither. A value no tag
    can have (a NUL byte, which PostgreSQL text refuses) matches nothing."""
    segment = segment if segment and "\x00" not in segment else None
    stage = stage if stage and "\x00" not in stage else None
    if not user_is_library_member(user=user) or not (segment or stage):
        return []
    matches = Q(pk__in=[])
    if segment:
        matches |= Q(segment__name=segment)
    if stage:
        matches |= Q(stage__name=stage)
    plays = list(plays_live().filter(matches).select_related("segment", "stage"))
    return plays_ranked_for_deal(plays=plays, segment=segment, stage=stage, limit=limit)


def play_open_record(*, play: PlayPage, user, now: datetime.datetime | None = None) -> bool:
    """Remember that ``user`` opened ``play`` today (once per day); ``True`` if new."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    if PlayOpen.objects.filter(play=play, user=user, day=day).exists():
        return False
    try:
        with transaction.atomic():
            PlayOpen.objects.create(play=play, user=user, day=day, opened_at=now)
    except IntegrityError:  # opened twice at once
        return False
    return True


def plays_containing(*, asset_id: int) -> QuerySet[PlayPage]:
    """Plays (live or not) that list the asset."""
    return PlayPage.objects.filter(items__asset_id=asset_id).distinct()
