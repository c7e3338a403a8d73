"""The personal "API tokens" page, and integration users for managers.

A new key is shown once, in the response to the POST that made it (never stored, never
put in the session or a redirect), and the page is never cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from enablement.api import selectors, services
from enablement.api.forms import ApiTokenForm, IntegrationUserForm


def _token_form_prefix(owner) -> str:
    return f"integration-{owner.pk}"


def _page(request, *, status: int = 200, integration_errors=None, **context):
    user = request.user
    may_manage = selectors.user_may_manage_integrations(user=user)
    context.setdefault("form", ApiTokenForm(owner=user))
    if may_manage:
        context.setdefault("integration_form", IntegrationUserForm())
        integration_users = list(selectors.integration_users())
        for integration_user in integration_users:
            integration_user.token_form = (integration_errors or {}).get(
                integration_user.pk
            ) or ApiTokenForm(owner=integration_user, prefix=_token_form_prefix(integration_user))
        context["integration_users"] = integration_users
    context.update(tokens=selectors.api_tokens_of(user=user), may_manage=may_manage)
    return render(request, "api/tokens.html", context, status=status)


def _integration_user(request, user_id: int):
    if not selectors.user_may_manage_integrations(user=request.user):
        raise PermissionDenied("Only managers manage integration users.")
    return get_object_or_404(
        get_user_model().objects.filter(integration_account__isnull=False), pk=user_id
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    if request.method == "GET":
        return _page(request)
    form = ApiTokenForm(request.POST, owner=request.user)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
    return _page(request, new_token=token, new_key=key)


@never_cache
@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(
        selectors.api_tokens_revocable_by(user=request.user).select_related("user"), pk=pk
    )
    services.api_token_revoke(token=token, by=request.user)
    owner = "" if token.user == request.user else f" of {token.user.get_username()}"
    messages.success(request, f"The token “{token.name}”{owner} was revoked: it no longer works.")
    return HttpResponseRedirect(reverse("api-tokens"))


@never_cache
@login_required
@require_POST
def integration_user_create(request):
    if not selectors.user_may_manage_integrations(user=request.user):
        raise PermissionDenied("Only managers create integration users.")
    form = IntegrationUserForm(request.POST)
    if not form.is_valid():
        return _page(request, integration_form=form, status=400)
    user = services.integration_user_create(
        username=form.cleaned_data["username"],
        description=form.cleaned_data["description"],
        created_by=request.user,
    )
    messages.success(
        request, f"Integration user “{user.get_username()}” created. Now make it a token."
    )
    return HttpResponseRedirect(reverse("api-tokens"))


@never_cache
@login_required
@require_POST
def integration_token_create(request, user_id: int):
    owner = _integration_user(request, user_id)
    form = ApiTokenForm(request.POST, owner=owner, prefix=_token_form_prefix(owner))
    if not form.is_valid():
        return _page(request, integration_errors={owner.pk: form}, status=400)
    token, key = services.api_token_create(
        user=owner, name=form.cleaned_data["name"], created_by=request.user
    )
    return _page(request, new_token=token, new_key=key)
