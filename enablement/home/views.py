"""A rep's home (a section of /library/) and the star button."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content.selectors import user_is_library_member
from enablement.home import selectors, services

STARRED_VALUES = {"on": True, "off": False}
MAX_ID = 2**63 - 1  # larger ids exist in no table (and would overflow the database)


def library_home_section(*, request) -> tuple[str, selectors.Home] | None:
    """Search's landing-page hook: the home template and what it shows (members only)."""
    user = request.user
    if not user_is_library_member(user=user):
        return None
    new_since = services.home_visit_record(user=user)
    return "home/_home.html", selectors.home_for_user(user=user, new_since=new_since)


@login_required
@require_POST
def favourite(request, asset_id: int):
    """Star or unstar an asset: ``starred=on|off`` (idempotent); JSON when asked for."""
    if not user_is_library_member(user=request.user):
        raise PermissionDenied("The library is for Sales, Marketing and Managers.")
    if asset_id > MAX_ID:
        raise Http404("No such asset.")
    value = request.POST.get("starred", "")
    if value not in STARRED_VALUES:
        return JsonResponse({"errors": {"starred": [_('Send "on" or "off".')]}}, status=400)
    starred = services.favourite_set(
        user=request.user, asset_id=asset_id, starred=STARRED_VALUES[value]
    )
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"asset_id": asset_id, "starred": starred})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("library:search")
