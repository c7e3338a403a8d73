"""The notifications page: list, mark read, mark all read, email choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enablement.notifications import selectors, services

PAGE_SIZE = 50
MAX_ID = 2**63 - 1  # larger ids exist in no table (and would overflow the database)


def _bad_request(field: str, message: str) -> JsonResponse:
    return JsonResponse({"errors": {field: [message]}}, status=400)


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for_user(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "notifications": page.object_list,
            "email_opt_in": selectors.user_email_opt_in(user=request.user),
            "email_settings": selectors.user_email_settings(user=request.user),
            "has_email": bool(request.user.email),
        },
    )


@login_required
@require_POST
def notification_read(request, notification_id: int):
    if notification_id > MAX_ID:
        raise Http404("No such notification.")
    services.notification_mark_read(user=request.user, notification_id=notification_id)
    target = request.POST.get("next", "")
    # Only a local path: a notification's link never sends the user off the site.
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("Marked %(count)d notifications read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_POST
def notification_email_opt_in(request):
    value = request.POST.get("email_opt_in", "")
    choices = {"on": True, "off": False}
    if value not in choices:
        return _bad_request("email_opt_in", _('Send "on" or "off".'))
    services.notification_email_opt_in_set(user=request.user, enabled=choices[value])
    if choices[value]:
        messages.success(request, _("You will get notifications by email too."))
    else:
        messages.success(request, _("Notifications stay in the library only."))
    return redirect("notifications:list")


@login_required
@require_POST
def notification_email_kinds(request):
    """Save which kinds the user gets by email: ``kinds`` is the ticked kinds (none: no
    email at all)."""
    kinds = request.POST.getlist("kinds")
    if len(kinds) > len(services.EMAILED_KINDS) or not set(kinds) <= services.EMAILED_KINDS:
        return _bad_request("kinds", _("Choose among the kinds of notification listed."))
    services.notification_email_choices_set(user=request.user, kinds=kinds)
    messages.success(request, _("Your email settings are saved."))
    return redirect("notifications:list")
