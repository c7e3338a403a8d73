"""``Authorization: Token <key>`` checked against Wagtail's ``APIToken`` digests."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from wagtail.models import APIToken


class HashedTokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Token`` header and errors; the key is found by its digest (current
    ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``), with its user in one query, and only
    while not revoked. Its last use is recorded at most once a minute
    (``WAGTAILAPI_TOKEN_LAST_USED_INTERVAL``, as Wagtail's own API does)."""

    def authenticate_credentials(self, key):
        try:
            token = APIToken.objects.select_related("user").get(
                key_hash__in=APIToken.candidate_key_hashes(key), revoked_at__isnull=True
            )
        except APIToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        self._record_use(token)
        return (token.user, token)

    @staticmethod
    def _record_use(token: APIToken) -> None:
        interval = getattr(settings, "WAGTAILAPI_TOKEN_LAST_USED_INTERVAL", 60)
        if interval is None:
            return
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= interval:
            APIToken.objects.filter(pk=token.pk).update(last_used_at=now)


class HashedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "enablement.api.authentication.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`. Make and revoke keys on the API tokens page, "
            "/api/tokens/.",
        }
