"""Writes for a rep's home: stars and visits."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from content.models import AssetPage
from content.selectors import assets_visible_to
from enablement.home.models import Favourite, HomeVisit

NEW_VISIT_AFTER = datetime.timedelta(minutes=30)
"""A home view this long after the previous one starts a new visit: what was published
since that previous view is "new since your last visit"."""

FIRST_VISIT_LOOKBACK = datetime.timedelta(days=14)


def favourite_set(*, user, asset_id: int, starred: bool) -> bool:
    """Star (or unstar) an asset the user may see; idempotent. Returns the new state.

    Raises ``Http404`` for an asset the user may not see (drafts, retired, restricted):
    unstarring one is always allowed, so a star never outlives the user's wish.
    """
    if not starred:
        Favourite.objects.filter(user=user, asset_id=asset_id).delete()
        return False
    asset = assets_visible_to(user=user).filter(pk=asset_id).only("pk").first()
    if asset is None:
        raise Http404("No such asset, or you may not see it.")
    try:
        with transaction.atomic():
            Favourite.objects.get_or_create(user=user, asset=AssetPage(pk=asset.pk))
    except IntegrityError:  # starred twice at once
        pass
    return True


def home_visit_record(*, user, now: datetime.datetime | None = None) -> datetime.datetime:
    """Note a view of the home; returns since when content counts as new to the user."""
    now = now or timezone.now()
    visit = HomeVisit.objects.filter(user=user).first()
    if visit is None:
        new_since = now - FIRST_VISIT_LOOKBACK
        try:
            with transaction.atomic():
                HomeVisit.objects.create(user=user, last_visit_at=now, new_since=new_since)
        except IntegrityError:
            pass
        return new_since
    if now - visit.last_visit_at >= NEW_VISIT_AFTER:
        visit.new_since = visit.last_visit_at
    visit.last_visit_at = now
    HomeVisit.objects.filter(user=user).update(
        last_visit_at=visit.last_visit_at, new_since=visit.new_since
    )
    return visit.new_since
