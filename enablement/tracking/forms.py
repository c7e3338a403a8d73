"""Forms for the library's usage actions."""

from __future__ import annotations

from django import forms

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

    def clean_expires_in_days(self) -> int:
        return self.cleaned_data["expires_in_days"] or SHARE_LINK_DEFAULT_DAYS
