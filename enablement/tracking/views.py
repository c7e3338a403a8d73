"""Library screens that record usage: download, present, copy, share, use in deal, and the
prospect's share-link page. Thin: visibility from content.selectors, writes in services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from content.selectors import assets_visible_to
from enablement.tracking import selectors, services
from enablement.tracking.forms import ShareLinkForm
from enablement.tracking.idempotency import capture_event_id
from enablement.tracking.models import ShareLink, UsageEvent
from enablement.tracking.parsing import parse_event_id

# Kinds the action bar posts directly; the others are recorded by their own views.
POSTABLE_KINDS = {UsageEvent.Kind.COPY}


def _visible_asset(request, asset_id: int):
    asset = assets_visible_to(user=request.user).filter(pk=asset_id).first()
    if asset is None:
        raise Http404("No such asset, or you may not see it.")
    return asset.specific


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _answer(request, asset, *, ok: bool, message: str, status: int = 200, **data):
    """JSON for the action bar's script; without script, a message and back to the page."""
    if _wants_json(request):
        return JsonResponse({"ok": ok, "message": message, **data}, status=status)
    (messages.success if ok else messages.error)(request, message)
    return HttpResponseRedirect(asset.get_url(request=request) or "/library/")


def _record(request, asset, *, kind: str, deal=None, event_id=None, source: str = "web"):
    """Record ``kind`` now, once per click: the page script's key, else one derived from
    (user, asset, kind, deal, 30 s window) so a double click or a retry counts once."""
    now = timezone.now()
    services.usage_event_record(
        event_id=event_id
        or capture_event_id(user=request.user, asset=asset, kind=kind, deal=deal, at=now),
        asset=asset,
        user=request.user,
        kind=kind,
        occurred_at=now,
        deal=deal,
        metadata={"source": source},
    )


def _client_event_id(request) -> uuid.UUID | None:
    return parse_event_id(request.POST.get("event_id", ""))


def _deal_from(request, value):
    if value in (None, ""):
        return None
    return selectors.deal_open_for_user(user=request.user, deal_id=value)


@login_required
@require_POST
def asset_event(request, asset_id: int):
    """Record an action the browser performs itself (copying an objection answer)."""
    asset = _visible_asset(request, asset_id)
    kind = request.POST.get("kind", "")
    if kind not in POSTABLE_KINDS:
        return _answer(request, asset, ok=False, message=_("Unknown action."), status=400)
    _record(
        request,
        asset,
        kind=kind,
        deal=_deal_from(request, request.POST.get("deal_id")),
        event_id=_client_event_id(request),
    )
    return _answer(request, asset, ok=True, message=_("Answer copied."))


@login_required
@require_POST
def asset_use_in_deal(request, asset_id: int):
    asset = _visible_asset(request, asset_id)
    deal = _deal_from(request, request.POST.get("deal_id"))
    if deal is None:
        return _answer(
            request, asset, ok=False, message=_("Pick one of your open deals."), status=400
        )
    _record(
        request, asset, kind=UsageEvent.Kind.ATTACH, deal=deal, event_id=_client_event_id(request)
    )
    message = _("Recorded as used in %(deal)s.") % {"deal": deal.name}
    return _answer(request, asset, ok=True, message=message)


@login_required
@require_POST
def asset_share(request, asset_id: int):
    asset = _visible_asset(request, asset_id)
    deal = _deal_from(request, request.POST.get("deal_id"))
    if deal is None:
        return _answer(
            request, asset, ok=False, message=_("Pick one of your open deals."), status=400
        )
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        errors = {field: list(messages_) for field, messages_ in form.errors.items()}
        message = " ".join(
            f"{field}: {' '.join(problems)}" if field != "expires_in_days" else " ".join(problems)
            for field, problems in errors.items()
        )
        return _answer(request, asset, ok=False, message=message, status=400, errors=errors)
    try:
        link, token = services.share_link_create(
            asset=asset,
            deal=deal,
            user=request.user,
            expires_in_days=form.cleaned_data["expires_in_days"],
            allow_download=form.cleaned_data["allow_download"],
            watermark=form.cleaned_data["watermark"],
        )
    except services.ShareLinkError as error:
        return _answer(request, asset, ok=False, message=str(error), status=400)
    url = request.build_absolute_uri(reverse("share:view", args=[token]))
    expires = formats.date_format(timezone.localtime(link.expires_at), "DATE_FORMAT")
    return _answer(
        request,
        asset,
        ok=True,
        message=_("Link for %(deal)s created; it works until %(date)s: %(url)s")
        % {"deal": deal.name, "date": expires, "url": url},
        url=url,
        expires_at=link.expires_at.isoformat(),
    )


@login_required
@require_GET
def asset_download(request, asset_id: int):
    asset = _visible_asset(request, asset_id)
    document = asset.attachment
    if document is None or not document.file:
        raise Http404("This asset has no file.")
    # A deal that is not one of the user's open deals is not credited; the use still is.
    _record(
        request,
        asset,
        kind=UsageEvent.Kind.DOWNLOAD,
        deal=_deal_from(request, request.GET.get("deal")),
    )
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


@login_required
@require_GET
def asset_present(request, asset_id: int):
    """Full-screen Present mode: the deck's slides, one at a time."""
    asset = _visible_asset(request, asset_id)
    if asset.asset_type != "presentation":
        raise Http404("Only decks can be presented.")
    # A deal that is not one of the user's open deals is not credited; the use still is.
    _record(
        request,
        asset,
        kind=UsageEvent.Kind.PRESENT,
        deal=_deal_from(request, request.GET.get("deal")),
    )
    slides = [text for text in asset.slides_text if text] or [asset.summary]
    return render(request, "tracking/present.html", {"asset": asset, "slides": slides})


@login_required
@require_GET
def share_link_list(request):
    links = selectors.share_links_for_user(user=request.user)[:200]
    return render(request, "tracking/share_links.html", {"links": links, "now": timezone.now()})


@login_required
@require_POST
def share_link_revoke(request, pk: int):
    link = get_object_or_404(ShareLink, pk=pk, created_by=request.user)
    services.share_link_revoke(share_link=link, user=request.user)
    messages.success(
        request, _("The link to “%(title)s” no longer works.") % {"title": link.asset.title}
    )
    return HttpResponseRedirect(reverse("tracking:share-links"))
