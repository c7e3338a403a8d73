"""Forms for the rep's room pages and the prospect's email gate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.selectors import assets_visible_to
from enablement.rooms.models import ROOM_MAX_ITEMS, ROOM_NOTE_MAX_LENGTH, ROOM_TITLE_MAX_LENGTH
from enablement.tracking.selectors import deals_open_for_user
from enablement.tracking.services import SHARE_LINK_DEFAULT_DAYS, SHARE_LINK_MAX_DAYS

MAX_ID = 2**31 - 1


def _id_in_range(value) -> bool:
    """Whether a posted id can be looked up at all (a database integer): anything else is
    an invalid choice, not an overflow in the database driver."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


class DealChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.account} · {obj.name}"

    def to_python(self, value):
        if value not in self.empty_values and not _id_in_range(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class AssetChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title

    def _check_values(self, value):
        if not isinstance(value, (list, tuple)) or not all(_id_in_range(v) for v in value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": ""},
            )
        return super()._check_values(value)


class RoomForm(forms.Form):
    """A room's fields; ``deal`` and ``expires_in_days`` only when creating one."""

    deal = DealChoiceField(
        label=_("Deal"),
        queryset=None,
        empty_label=_("Pick one of your open deals"),
        error_messages={"invalid_choice": _("Pick one of your open deals.")},
    )
    title = forms.CharField(label=_("Title"), max_length=ROOM_TITLE_MAX_LENGTH)
    note = forms.CharField(
        label=_("Personal note"),
        required=False,
        max_length=ROOM_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text; shown to the prospect above the items."),
    )
    items = AssetChoiceField(
        label=_("Items"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("You cannot share one of these assets.")},
    )
    expires_in_days = forms.IntegerField(
        label=_("Link lasts (days)"),
        min_value=1,
        max_value=SHARE_LINK_MAX_DAYS,
        initial=SHARE_LINK_DEFAULT_DAYS,
        error_messages={
            "invalid": _("Enter a whole number of days from 1 to %(max)d.")
            % {"max": SHARE_LINK_MAX_DAYS},
            "min_value": _("Links last from 1 to %(max)d days.") % {"max": SHARE_LINK_MAX_DAYS},
            "max_value": _("Links last from 1 to %(max)d days.") % {"max": SHARE_LINK_MAX_DAYS},
        },
    )
    email_gate = forms.BooleanField(
        label=_("Ask the prospect for their email address first"), required=False
    )
    allow_download = forms.BooleanField(label=_("Let the prospect download files"), required=False)

    def __init__(self, *args, user, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = assets_visible_to(user=user).order_by("title")
        if creating:
            self.fields["deal"].queryset = deals_open_for_user(user=user)
        else:
            del self.fields["deal"]
            del self.fields["expires_in_days"]

    def clean_items(self):
        items = self.cleaned_data["items"]
        if len(items) > ROOM_MAX_ITEMS:
            raise forms.ValidationError(
                _("At most %(max)d items.") % {"max": ROOM_MAX_ITEMS}, code="max_items"
            )
        return items


class EmailGateForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
