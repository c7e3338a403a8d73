"""Each library member can switch the weekly digest off (and on again)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from enablement.insights.digest import digest_preference_set, user_wants_digest


@login_required
@require_http_methods(["GET", "POST"])
def digest_preferences(request):
    if request.method == "POST":
        enabled = request.POST.get("weekly_digest") == "on"
        digest_preference_set(user=request.user, weekly_digest=enabled)
        messages.success(
            request,
            "You will receive the weekly digest."
            if enabled
            else "You will no longer receive the weekly digest.",
        )
        return redirect("insights:digest-preferences")
    return render(
        request,
        "insights/digest_preferences.html",
        {"weekly_digest": user_wants_digest(user=request.user)},
    )
