"""The deal page (/deals/<id>/): thin over ``deal_selectors.deal_page``. A deal the
viewer may not see is a 404, as if it did not exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from enablement.rooms.deal_selectors import deal_page


@login_required
def deal_detail(request, deal_id: str):
    page = deal_page(user=request.user, deal_id=deal_id)
    if page is None:
        raise Http404(_("No such deal."))
    return render(
        request,
        "rooms/deal_detail.html",
        {"page": page, "deal": page.deal, "now": timezone.now()},
    )
