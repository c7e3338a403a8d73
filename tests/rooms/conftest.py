"""Fixtures for deal rooms: a rep with an open deal, live assets, and a room for it."""

from __future__ import annotations

import io

import pytest

from content.previews import document_render_pages
from content.services import document_create
from demo.documents import deck_pdf
from demo.presentations import Slide
from enablement.rooms.services import room_create
from tests.factories import CaseStudyPageFactory, PresentationPageFactory
from tests.tracking.factories import DealFactory

SLIDES = (
    Slide("Why teams switch", ("Approvals in hours, not weeks",)),
    Slide("Pricing", ("Per workflow, not per seat",)),
)


@pytest.fixture
def deal(sales_user):
    return DealFactory(owner=sales_user, name="Globex renewal", account="Globex")


@pytest.fixture
def deck(library):
    document = document_create(
        stream=io.BytesIO(deck_pdf(title="Room deck", slides=SLIDES)),
        filename="room-deck.pdf",
        title="Room deck",
    )
    document_render_pages(document_id=document.pk)
    return PresentationPageFactory(title="Platform overview deck", attachment=document)


@pytest.fixture
def story(library):
    return CaseStudyPageFactory(title="Acme cut onboarding time by 40%", customer="Acme")


@pytest.fixture
def room_and_token(sales_user, deal, deck, story):
    return room_create(
        user=sales_user,
        deal=deal,
        title="Globex: what we discussed",
        note="Hi Ann,\nas promised.",
        assets=[deck, story],
    )


@pytest.fixture
def room(room_and_token):
    return room_and_token[0]


@pytest.fixture
def token(room_and_token):
    return room_and_token[1]
