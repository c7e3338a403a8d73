"""Forms for the library's usage actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enablement.tracking.services import SHARE_LINK_DEFAULT_DAYS, SHARE_LINK_MAX_DAYS


class ShareLinkForm(forms.Form):
    """How long a new share link lasts: 1 to 90 days (14 when not given)."""

    expires_in_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=SHARE_LINK_MAX_DAYS,
        error_messages={
            "invalid": f"Enter a whole number of days from 1 to {SHARE_LINK_MAX_DAYS}.",
            "min_value": f"Links last from 1 to {SHARE_LINK_MAX_DAYS} days.",
            "max_value": f"Links last from 1 to {SHARE_LINK_MAX_DAYS} days.",
        },
    )

    # The share form sends a hidden "0" before the checkbox's "1", so an unticked box says
    # no; a client that sends neither keeps the default (the prospect may download).
    allow_download = forms.TypedChoiceField(
        required=False,
        choices=[("1", "yes"), ("0", "no"), ("true", "yes"), ("false", "no")],
        coerce=lambda value: value in ("1", "true"),
        empty_value=True,
        error_messages={"invalid_choice": _("Choose 1 (allowed) or 0 (not allowed).")},
    )
    watermark = forms.CharField(
        required=False,
        max_length=100,
        strip=True,
        error_messages={"max_length": _("At most 100 characters.")},
    )

    def clean_expires_in_days(self) -> int:
        return self.cleaned_data["expires_in_days"] or SHARE_LINK_DEFAULT_DAYS
