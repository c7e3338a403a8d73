"""Forms for content requests, retirement and triage."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminPageChooser

from content.models import AssetPage, SegmentTag, StageTag
from enablement.governance.models import ContentRequest
from enablement.governance.selectors import library_assets
from enablement.governance.services import content_request_validate_triage
from enablement.tracking.selectors import deals_open_for_user


class ContentRequestForm(forms.Form):
    what = forms.CharField(
        label=_("What is missing?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Describe the content you needed and did not find."),
    )
    search_query = forms.CharField(
        label=_("Your search"), max_length=200, required=False, widget=forms.HiddenInput
    )
    segment = forms.ModelChoiceField(
        label=_("Segment"),
        queryset=SegmentTag.objects.order_by("name"),
        required=False,
        empty_label=_("Any segment"),
    )
    stage = forms.ModelChoiceField(
        label=_("Deal stage"),
        queryset=StageTag.objects.order_by("position", "name"),
        required=False,
        empty_label=_("Any stage"),
    )
    deal = forms.ModelChoiceField(
        label=_("Deal (optional)"),
        queryset=None,
        required=False,
        empty_label=_("No particular deal"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=ContentRequest.Urgency.choices,
        initial=ContentRequest.Urgency.NORMAL,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deal"].queryset = deals_open_for_user(user=user)


class _AssetChooser(AdminPageChooser):
    """The page chooser, re-displaying a submitted value that is no page id as empty (the
    field's own error names the problem) instead of failing on it."""

    def get_value_data(self, value):
        try:
            return super().get_value_data(value)
        except (ValueError, TypeError, OverflowError, ObjectDoesNotExist):
            return None


class _ReplacementField(forms.ModelChoiceField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:  # an id beyond the database's integers: no such asset
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class RetireForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to anyone who follows an old link when there is no replacement."),
    )
    # Wagtail's page chooser (searchable, browsable) limited to asset pages; the queryset
    # still decides what may be chosen: a live asset other than this one.
    replacement = _ReplacementField(
        queryset=AssetPage.objects.none(),
        required=False,
        widget=_AssetChooser(target_models=[AssetPage], can_choose_root=False),
        label=_("Replacement"),
        help_text=_(
            "Optional. Search for the asset that takes its place: old links and share "
            "links lead there. Leave it empty and old links show a retired notice."
        ),
        error_messages={"invalid_choice": _("Choose a live asset other than this one.")},
    )

    def __init__(self, *args, asset: AssetPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = (
            library_assets().exclude(pk=asset.pk).order_by("title")
        )


class ContentRequestTriageForm(WagtailAdminModelForm):
    """The admin edit form: done needs the new asset, declined needs a reason."""

    def clean(self):
        cleaned = super().clean()
        errors = content_request_validate_triage(
            status=cleaned.get("status", ""),
            resolution_asset=cleaned.get("resolution_asset"),
            decline_reason=cleaned.get("decline_reason", ""),
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned
