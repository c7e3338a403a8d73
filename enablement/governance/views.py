"""Library-side governance screens: feedback, verify, retired notice and content requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content.models import AssetPage
from content.selectors import (
    asset_is_live,
    asset_is_visible_to,
    asset_visibility_q,
    user_is_library_member,
)
from enablement.governance import selectors, services
from enablement.governance.forms import ContentRequestForm
from enablement.governance.models import AssetRetirement, ContentRequest


def _require_member(request) -> None:
    if not user_is_library_member(user=request.user):
        raise PermissionDenied("The library is for Sales, Marketing and Managers.")


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def asset_feedback(request, asset_id: int):
    _require_member(request)
    asset = get_object_or_404(AssetPage, pk=asset_id)
    if not asset_is_visible_to(asset=asset, user=request.user):
        raise Http404
    helpful = {"yes": True, "no": False}.get(request.POST.get("helpful", ""))
    comment = request.POST.get("comment", "")
    errors = {}
    if helpful is None:
        errors["helpful"] = [_('Choose "yes" or "no".')]
    if len(comment) > services.FEEDBACK_COMMENT_MAX:
        errors["comment"] = [
            _("Keep it under %(count)d characters.") % {"count": services.FEEDBACK_COMMENT_MAX}
        ]
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    services.asset_feedback_record(asset=asset, user=request.user, helpful=helpful, comment=comment)
    if _wants_json(request):
        return JsonResponse({"recorded": True})
    messages.success(request, _("Thanks, your feedback goes to the content owner."))
    return redirect(_back(request, asset.url or "/library/"))


@login_required
@require_POST
def asset_verify(request, asset_id: int):
    asset = get_object_or_404(AssetPage, pk=asset_id)
    if not selectors.user_can_verify(user=request.user, asset=asset):
        raise PermissionDenied("Only the owner or Marketing can verify this asset.")
    new_date = services.asset_verify(asset=asset, user=request.user)
    messages.success(
        request,
        _("Verified. Next review by %(date)s.")
        % {"date": formats.date_format(new_date, "DATE_FORMAT")},
    )
    return redirect(_back(request, asset.url or "/library/"))


@login_required
def asset_retired(request, asset_id: int):
    """Where a retired or expired asset's old URL leads when nothing replaces it (410).

    Pages that were never published, or were unpublished without being retired, have no
    notice (404). The retirement reason is Marketing's internal note: only those who may
    govern see it; everyone else gets a neutral line.
    """
    _require_member(request)
    asset = get_object_or_404(AssetPage, pk=asset_id)
    retirement = selectors.asset_retirement(asset_id=asset.pk)
    if retirement is None and asset_is_live(asset=asset):
        return redirect(asset.url)
    if asset.first_published_at is None:
        raise Http404  # never published: nothing to announce, not even its title
    expired = asset.expired or not (asset.expire_at is None or asset.expire_at > timezone.now())
    if retirement is None and not expired:
        raise Http404  # back to draft without being retired: nothing to say about it
    successor = selectors.asset_successor(asset=asset)
    if successor is not None and successor.is_visible_to(request.user):
        return redirect(successor.url)
    # Someone outside a restricted asset's groups learns only that it is gone.
    may_know = AssetPage.objects.filter(asset_visibility_q(user=request.user), pk=asset.pk).exists()
    kind = retirement.kind if retirement else AssetRetirement.Kind.EXPIRED
    return render(
        request,
        "governance/retired.html",
        {
            "asset": asset if may_know else None,
            "retirement": retirement if may_know else None,
            "kind": kind,
            "show_reason": may_know and selectors.user_can_govern(user=request.user),
        },
        status=410,
    )


@login_required
def request_new(request):
    _require_member(request)
    if request.method == "POST":
        form = ContentRequestForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.content_request_create(requester=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    for message in field_errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("Request sent to Marketing. You can follow it here."))
                return redirect("requests:mine")
        return render(request, "governance/request_form.html", {"form": form}, status=400)
    query = request.GET.get("q", "").strip()[:200]
    form = ContentRequestForm(
        user=request.user,
        initial={"what": query, "search_query": query},
    )
    return render(request, "governance/request_form.html", {"form": form, "query": query})


@login_required
def request_list(request):
    _require_member(request)
    return render(
        request,
        "governance/request_list.html",
        {"content_requests": selectors.content_requests_of(user=request.user)},
    )


@login_required
def request_detail(request, request_id: int):
    _require_member(request)
    content_request = get_object_or_404(
        ContentRequest.objects.select_related("segment", "stage", "deal", "resolution_asset"),
        pk=request_id,
    )
    if not selectors.content_request_visible_to(content_request=content_request, user=request.user):
        raise Http404  # others' requests do not exist, as far as you can tell
    resolution = content_request.resolution_asset
    if resolution is not None and not asset_is_visible_to(asset=resolution, user=request.user):
        resolution = None
    return render(
        request,
        "governance/request_detail.html",
        {"content_request": content_request, "resolution": resolution},
    )
