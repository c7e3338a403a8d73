"""A rendered three-page deck shared with a prospect (real PDF, real page images)."""

from __future__ import annotations

import io

from content.previews import document_render_pages
from content.services import document_create
from demo.documents import deck_pdf
from demo.presentations import Slide
from enablement.tracking.services import share_link_create
from tests.factories import PresentationPageFactory
from tests.tracking.factories import DealFactory

SLIDES = (
    Slide("Why teams switch", ("Approvals in hours, not weeks",)),
    Slide("Pricing", ("Per workflow, not per seat",)),
)


def rendered_deck(title: str = "Quokka pitch deck", **kwargs):
    document = document_create(
        stream=io.BytesIO(deck_pdf(title=title, slides=SLIDES)),
        filename="quokka.pdf",
        title=title,
    )
    document_render_pages(document_id=document.pk)
    return PresentationPageFactory(title=title, attachment=document, **kwargs)


def shared_deck(user, *, deck=None, **link_options):
    deck = deck or rendered_deck()
    deal = DealFactory(owner=user, name="Globex renewal")
    link, token = share_link_create(asset=deck, deal=deal, user=user, **link_options)
    return deck, link, token
