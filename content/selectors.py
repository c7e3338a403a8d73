"""Reads over the content library, with visibility applied in one place."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from content.groups import ALL_GROUPS, MANAGERS, MARKETING
from content.models import AssetPage


def user_group_names(*, user) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_content_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._content_group_names = cached
    return cached


def user_is_library_member(*, user) -> bool:
    """Whether the user may use the library at all (any of our groups, or a superuser)."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user_group_names(user=user) & set(ALL_GROUPS))


def user_is_manager(*, user) -> bool:
    """Managers (insights, content stats, deal integration) and superusers."""
    return bool(
        user
        and user.is_authenticated
        and (user.is_superuser or MANAGERS in user_group_names(user=user))
    )


def user_is_marketer(*, user) -> bool:
    """Marketing and superusers: the people who edit content and read its reports."""
    return bool(
        user
        and user.is_authenticated
        and (user.is_superuser or MARKETING in user_group_names(user=user))
    )


def user_sees_all_restricted(*, user) -> bool:
    """Superusers and Marketing (who author restricted content) see every restricted asset."""
    return user_is_marketer(user=user)


def asset_visibility_q(*, user, prefix: str = "") -> Q:
    """A ``Q`` on ``AssetPage`` (optionally through ``prefix``) for what ``user`` may see.

    Live-ness is not part of it: combine with ``assets_live()`` for library reads.
    """
    if not user_is_library_member(user=user):
        return Q(pk__in=[])
    if user_sees_all_restricted(user=user):
        return Q()
    everyone = Q(**{f"{prefix}visibility": AssetPage.Visibility.SALES})
    # A semi-join on the restricted assets shown to the user's groups, not a join of every
    # asset's groups: an asset shown to two of them stays one row, so no caller needs
    # DISTINCT (which the search statement paid for over every match), and the set is
    # computed once per query rather than tested per asset.
    shown_to_groups = (
        AssetPage._meta.get_field("visible_to_groups")
        .remote_field.through.objects.filter(group_id__in=user.groups.values("pk"))
        .values("assetpage_id")
    )
    return everyone | Q(**{f"{prefix}pk__in": shown_to_groups})


def asset_live_q(*, now: datetime.datetime | None = None, prefix: str = "") -> Q:
    """A ``Q`` on ``AssetPage`` (optionally through ``prefix``) for "live now".

    The one definition: published, not retired or unpublished (``live``), not expired by
    Wagtail's scheduler (``expired``) and ``expire_at`` not past at read time, so an asset
    stops being live the moment its time passes, not when the scheduler next runs.
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}live": True, f"{prefix}expired": False}) & (
        Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now})
    )


def assets_live(*, now: datetime.datetime | None = None) -> QuerySet[AssetPage]:
    """Every asset that is live now (``asset_live_q``), whoever may see it."""
    return AssetPage.objects.filter(asset_live_q(now=now))


def asset_is_live(*, asset: AssetPage, now: datetime.datetime | None = None) -> bool:
    """Whether one loaded asset is live now; the same rule as ``asset_live_q``."""
    now = now or timezone.now()
    return bool(
        asset.live and not asset.expired and (asset.expire_at is None or asset.expire_at > now)
    )


def assets_visible_to(*, user) -> QuerySet[AssetPage]:
    """Live-now assets that ``user`` may see (the only ones the library shows)."""
    return assets_live().filter(asset_visibility_q(user=user)).distinct()


def asset_is_visible_to(*, asset: AssetPage, user) -> bool:
    """Whether ``user`` may open ``asset``. Assets that are not live now (drafts, retired,
    expired) count as invisible to everyone but their editors (Wagtail previews go through
    the admin, not here)."""
    if not user_is_library_member(user=user):
        return False
    if not asset_is_live(asset=asset):
        return user_sees_all_restricted(user=user)
    if asset.visibility == AssetPage.Visibility.SALES or user_sees_all_restricted(user=user):
        return True
    allowed = set(asset.visible_to_groups.values_list("name", flat=True))
    return bool(allowed & user_group_names(user=user))


def asset_group_names(*, asset: AssetPage) -> list[str]:
    """Group names allowed to see a restricted asset (empty for everyone-in-Sales)."""
    if asset.visibility == AssetPage.Visibility.SALES:
        return []
    return sorted(asset.visible_to_groups.values_list("name", flat=True))


def objection_proof_points(*, objection, user) -> list[dict]:
    """Proof points of an objection page as ``{"claim", "case_study"}`` for ``user``.

    ``case_study`` is the linked case study page, or ``None`` when it is gone or not
    visible to the user (a draft, expired, retired or restricted story never leaks).
    """
    items = objection.proof_point_items()
    linked_ids = [item["case_study"].pk for item in items if item["case_study"] is not None]
    visible = {
        page.pk: page for page in assets_visible_to(user=user).filter(pk__in=linked_ids).specific()
    }
    return [
        {
            "claim": item["claim"],
            "case_study": visible.get(item["case_study"].pk) if item["case_study"] else None,
        }
        for item in items
    ]


def asset_translations_visible(*, asset: AssetPage, user) -> list[AssetPage]:
    """The other assets of ``asset``'s translation group (its original and the original's
    translations) that are live now and ``user`` may see, by language then title."""
    root = asset.translation_of_id or asset.pk
    return list(
        assets_visible_to(user=user)
        .filter(Q(pk=root) | Q(translation_of_id=root))
        .exclude(pk=asset.pk)
        .order_by("language", "title")
    )


def document_is_visible_to(*, document, user) -> bool:
    """Whether ``user`` may download ``document``: Marketing and superusers always; others
    only through a live asset they may see that carries it."""
    if not user_is_library_member(user=user):
        return False
    if user_sees_all_restricted(user=user):
        return True
    return assets_visible_to(user=user).filter(attachment=document).exists()


def asset_prospect_fields(*, asset: AssetPage) -> frozenset[str]:
    """Names of the fields of ``asset`` a prospect may see on the public share page
    (``PROSPECT_FIELDS`` of its type); everything else is internal to the library."""
    return frozenset(type(asset.specific).PROSPECT_FIELDS)
