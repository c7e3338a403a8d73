"""Assemble a deck: a rep picks pages from decks they may see and downloads one PDF.

Each source deck gets a ``download`` usage event (metadata ``{"source": "assemble",
"pages": [...]}``): the assembled file counts as a use of every deck it took pages from.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from content.assembly import (
    MAX_ASSEMBLED_PAGES,
    AssemblyError,
    assemble_choices,
    deck_page_numbers,
    pages_assemble,
    pages_choose,
    parse_page_choice,
)
from content.previews import THUMBNAIL, page_image_url
from enablement.tracking import services
from enablement.tracking.models import UsageEvent

MAX_LISTED_DECKS = 200
MAX_POSITION = 10_000


def _parse_selection(post) -> tuple[list[tuple[int, int]], dict[str, list[str]]]:
    """Ticked ``pages`` (``"asset:page"``) in the rep's order: each page's ``pos-<asset>-
    <page>`` number first (blank: after the numbered ones, in the order shown)."""
    raw = post.getlist("pages")
    if len(raw) > MAX_ASSEMBLED_PAGES:
        return [], {
            "pages": [_("At most %(max)s pages in one deck.") % {"max": MAX_ASSEMBLED_PAGES}]
        }
    ordered = []
    for index, value in enumerate(raw):
        choice = parse_page_choice(value)
        if choice is None:
            return [], {"pages": [_("Not a page of a deck.")]}
        field = f"pos-{choice[0]}-{choice[1]}"
        position = post.get(field, "").strip()
        if position:
            if (
                not (position.isascii() and position.isdigit())
                or not 1 <= int(position) <= MAX_POSITION
            ):
                return [], {
                    field: [
                        _("Positions are whole numbers from 1 to %(max)s.") % {"max": MAX_POSITION}
                    ]
                }
            key = (0, int(position), index)
        else:
            key = (1, 0, index)
        ordered.append((key, choice))
    return [choice for _key, choice in sorted(ordered)], {}


@login_required
@require_http_methods(["GET", "POST"])
def assemble(request):
    decks = list(assemble_choices(user=request.user)[:MAX_LISTED_DECKS])
    chosen_ids = {
        value for value in request.GET.getlist("deck") if value.isascii() and value.isdigit()
    }
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        selection, errors = _parse_selection(request.POST)
        if not errors:
            try:
                chosen = pages_choose(user=request.user, choices=selection)
                data = pages_assemble(chosen)
            except AssemblyError as error:
                errors = {error.field: [str(error)]}
            else:
                _record_uses(request, chosen)
                response = HttpResponse(data, content_type="application/pdf")
                response["Content-Disposition"] = 'attachment; filename="assembled-deck.pdf"'
                return response
        chosen_ids |= {str(asset_id) for asset_id, _n in (_parse_selection(request.POST)[0] or [])}
    chosen_decks = [deck for deck in decks if str(deck.pk) in chosen_ids]
    # Real page numbers: a deck's hidden slides are not rendered, so its numbers may skip.
    page_numbers = deck_page_numbers(assets=chosen_decks)
    picked = [
        {
            "asset": deck,
            "pages": [
                {
                    "number": number,
                    "value": f"{deck.pk}:{number}",
                    "position_name": f"pos-{deck.pk}-{number}",
                    "thumbnail_url": page_image_url(
                        asset_id=deck.pk, number=number, size=THUMBNAIL
                    ),
                }
                for number in page_numbers.get(deck.pk, [])
            ],
        }
        for deck in chosen_decks
    ]
    return render(
        request,
        "tracking/assemble.html",
        {"decks": decks, "picked": picked, "chosen_ids": chosen_ids, "errors": errors},
        status=400 if errors else 200,
    )


def _record_uses(request, chosen) -> None:
    now = timezone.now()
    by_asset: dict[int, list[int]] = {}
    assets = {}
    for choice in chosen:
        by_asset.setdefault(choice.asset.pk, []).append(choice.number)
        assets[choice.asset.pk] = choice.asset
    for asset_id, numbers in by_asset.items():
        services.usage_event_record(
            event_id=uuid.uuid4(),
            asset=assets[asset_id],
            user=request.user,
            kind=UsageEvent.Kind.DOWNLOAD,
            occurred_at=now,
            metadata={"source": "assemble", "pages": numbers},
        )
