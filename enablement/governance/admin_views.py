"""Admin screens: retire an asset (with reason and replacement), one-click retire, verify."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from content.models import AssetPage
from enablement.governance import selectors, services
from enablement.governance.forms import RetireForm


def quick_retire_reason() -> str:
    """The standard reason, in the language of the marketer who clicked (stored as written,
    like a reason they typed)."""
    days = selectors.UNUSED_AFTER_DAYS
    return ngettext("No use in %(days)d day.", "No use in %(days)d days.", days) % {"days": days}


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _require_governor(request) -> None:
    if not selectors.user_can_govern(user=request.user):
        raise PermissionDenied


def retire(request, page_id: int):
    _require_governor(request)
    asset = get_object_or_404(AssetPage, pk=page_id).specific
    explore_url = reverse("wagtailadmin_explore", args=[asset.get_parent().pk])
    if request.method == "POST":
        form = RetireForm(request.POST, asset=asset)
        if form.is_valid():
            try:
                services.asset_retire(
                    asset=asset,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    replacement=form.cleaned_data["replacement"],
                )
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    for message in field_errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                replacement = form.cleaned_data["replacement"]
                messages.success(
                    request,
                    _("“%(title)s” is retired. Old links now lead to “%(replacement)s”.")
                    % {"title": asset.title, "replacement": replacement.title}
                    if replacement
                    else _("“%(title)s” is retired. Old links show a retired notice.")
                    % {"title": asset.title},
                )
                return redirect(_next_url(request, explore_url))
        status = 400
    else:
        form = RetireForm(asset=asset)
        status = 200
    return TemplateResponse(
        request,
        "governance/admin/retire.html",
        {
            "asset": asset,
            "form": form,
            "next": _next_url(request, explore_url),
            "page_title": _("Retire %(title)s") % {"title": asset.title},
            "header_title": _("Retire “%(title)s”") % {"title": asset.title},
            "header_icon": "bin",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": explore_url, "label": asset.get_parent().title},
                {"url": "", "label": _("Retire %(title)s") % {"title": asset.title}},
            ],
        },
        status=status,
    )


@require_POST
def quick_retire(request, page_id: int):
    """One click from the Unused content report: retire with the standard reason."""
    _require_governor(request)
    asset = get_object_or_404(AssetPage, pk=page_id)
    try:
        services.asset_retire(asset=asset, user=request.user, reason=quick_retire_reason())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is retired.") % {"title": asset.title})
    return redirect(_next_url(request, reverse("governance_reports:unused")))


@require_POST
def verify(request, page_id: int):
    asset = get_object_or_404(AssetPage, pk=page_id)
    if not selectors.user_can_verify(user=request.user, asset=asset):
        raise PermissionDenied
    new_date = services.asset_verify(asset=asset, user=request.user)
    messages.success(
        request,
        _("“%(title)s” verified; next review by %(date)s.")
        % {"title": asset.title, "date": formats.date_format(new_date, "DATE_FORMAT")},
    )
    return redirect(_next_url(request, reverse("governance_reports:needs_review")))
