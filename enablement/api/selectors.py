"""Reads for API access: whose tokens a user may see and manage."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from wagtail.models import APIToken

from content.selectors import user_is_manager

MAX_ACTIVE_TOKENS = 20


def api_tokens_active(*, user) -> QuerySet[APIToken]:
    return APIToken.objects.filter(user=user, revoked_at__isnull=True)


def api_tokens_of(*, user) -> QuerySet[APIToken]:
    """A user's tokens, active first, newest first (revoked ones stay listed as such)."""
    return APIToken.objects.filter(user=user).order_by("-revoked_at", "-created", "-pk")


def user_may_manage_integrations(*, user) -> bool:
    """Managers (and superusers) create integration users and their tokens."""
    return user_is_manager(user=user)


def integration_users() -> QuerySet:
    """Integration users with their active tokens, by username."""
    active = APIToken.objects.filter(revoked_at__isnull=True).order_by("-created", "-pk")
    return (
        get_user_model()
        .objects.filter(integration_account__isnull=False)
        .select_related("integration_account")
        .prefetch_related(Prefetch("api_tokens", queryset=active, to_attr="active_tokens"))
        .order_by("username")
    )


def api_tokens_revocable_by(*, user) -> QuerySet[APIToken]:
    """Active tokens ``user`` may revoke: their own, and for a manager also every
    integration user's. Any other id is simply not found (404), so nobody learns which
    token ids exist."""
    active = APIToken.objects.filter(revoked_at__isnull=True)
    if user_may_manage_integrations(user=user):
        return active.filter(user=user) | active.filter(user__integration_account__isnull=False)
    return active.filter(user=user)
