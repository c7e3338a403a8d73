"""Writes for API access: tokens (Wagtail's ``APIToken``) and integration users."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import APIToken

from content.groups import SALES
from enablement.api.models import IntegrationAccount

DEAL_INTEGRATION_PERMISSION = ("tracking", "change_deal")


def api_token_create(*, user, name: str, created_by=None) -> tuple[APIToken, str]:
    """Make a token for ``user``; return it with its key. The key exists only in this
    return value: what is stored is its digest. ``name`` is validated by the form."""
    token, key = APIToken.create_token(user=user, name=name)
    log(token, "wagtail.apitoken.create", user=created_by or user)
    return token, key


def api_token_revoke(*, token: APIToken, by) -> None:
    """The token stops working at once; it stays listed as revoked."""
    token.revoke()
    log(token, "wagtail.apitoken.revoke", user=by)


@transaction.atomic
def integration_user_create(*, username: str, description: str = "", created_by):
    """A user for a system, not a person: no password (tokens only), in Sales so it may
    post usage events, and with ``tracking.change_deal`` so it may write deals and
    backfill usage on any deal (``user_is_deal_integrator``)."""
    user = get_user_model().objects.create_user(username=username, password=None)
    app_label, codename = DEAL_INTEGRATION_PERMISSION
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    user.groups.add(Group.objects.get(name=SALES))
    IntegrationAccount.objects.create(
        user=user, description=description, created_at=timezone.now(), created_by=created_by
    )
    return user
