"""Wagtail hooks: asset page views and document downloads become usage events; deals and
share links are browsable (read-only) in the admin."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from content.models import AssetPage
from content.selectors import asset_is_live, asset_is_visible_to, assets_visible_to
from enablement.tracking import services
from enablement.tracking.idempotency import capture_event_id
from enablement.tracking.models import Deal, ShareLink, UsageEvent
from enablement.tracking.services.deals import DEAL_FIELDS

logger = logging.getLogger(__name__)


@hooks.register("before_serve_page")
def record_asset_view(page, request, serve_args, serve_kwargs):
    """Opening an asset page is a ``view`` by the current user (prospects use share links)."""
    if request.method != "GET" or not isinstance(page, AssetPage):
        return None
    user = request.user
    if not user.is_authenticated or not asset_is_live(asset=page):
        return None
    if not asset_is_visible_to(asset=page, user=user):
        return None  # AssetPage.serve answers 403; nothing was seen
    now = timezone.now()
    try:
        services.usage_event_record(
            # A reload or a double click within the window is one view.
            event_id=capture_event_id(user=user, asset=page, kind=UsageEvent.Kind.VIEW, at=now),
            asset=page,
            user=user,
            kind=UsageEvent.Kind.VIEW,
            occurred_at=now,
            metadata={"source": "web"},
        )
    except Exception:  # a tracking failure must never break reading the asset
        logger.exception("could not record a view of asset %s", page.pk)
    return None


@hooks.register("before_serve_document")
def record_document_download(document, request):
    """A direct document URL opened by a library user counts as a download of the asset
    that carries it (the action bar's tracked link serves files itself, not through here)."""
    user = request.user
    if not user.is_authenticated:
        return None
    asset = assets_visible_to(user=user).filter(attachment=document).order_by("pk").first()
    if asset is None:
        return None
    now = timezone.now()
    try:
        services.usage_event_record(
            event_id=capture_event_id(
                user=user, asset=asset, kind=UsageEvent.Kind.DOWNLOAD, at=now
            ),
            asset=asset,
            user=user,
            kind=UsageEvent.Kind.DOWNLOAD,
            occurred_at=now,
            metadata={"source": "document-url"},
        )
    except Exception:
        logger.exception("could not record a download of document %s", document.pk)
    return None


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Deals come from the CRM and links from the library: the admin only shows them."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return user.is_active and (user.is_superuser or super().user_has_permission(user, action))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Deal, ReadOnlyPolicy(Deal))
register_permission_policy(ShareLink, ReadOnlyPolicy(ShareLink))


class DealViewSet(ModelViewSet):
    model = Deal
    icon = "tag"
    menu_label = _("Deals")
    inspect_view_enabled = True
    list_display = [
        "name",
        "account",
        "status",
        "stage",
        "amount",
        "currency",
        "owner",
        "closed_at",
    ]
    list_filter = ["status", "segment", "stage"]
    search_fields = ["name", "account", "external_id"]
    exclude_form_fields = []
    form_fields = ["name"]
    inspect_view_fields = ["external_id", *DEAL_FIELDS, "updated_at"]


class ShareLinkViewSet(ModelViewSet):
    model = ShareLink
    icon = "link"
    menu_label = _("Share links")
    inspect_view_enabled = True
    list_display = [
        "asset",
        "deal",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "opens",
    ]
    list_filter = ["revoked_at"]
    form_fields = ["expires_at"]
    inspect_view_fields = [
        "asset",
        "deal",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "opens",
        "last_opened_at",
    ]


class TrackingViewSetGroup(ModelViewSetGroup):
    menu_label = _("Deals & sharing")
    menu_icon = "tag"
    items = (DealViewSet("deals"), ShareLinkViewSet("share_links"))


@hooks.register("register_admin_viewset")
def register_tracking_viewsets():
    return TrackingViewSetGroup()
