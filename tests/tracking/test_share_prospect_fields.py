"""The prospect's share page shows only the fields meant for prospects (each type's
``PROSPECT_FIELDS``), never the coaching written for reps."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import FieldDoesNotExist

from content.models import ASSET_TYPES
from content.services import document_create
from demo.documents import deck_pptx
from demo.presentations import Slide
from enablement.tracking.services import share_link_create
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, PresentationPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

COACHING = "<p>When to use it: with CFO buyers. What to ask next: where does it hurt?</p>"


def _share(asset, user) -> str:
    _, token = share_link_create(asset=asset, deal=DealFactory(owner=user), user=user)
    return f"/share/{token}/"


def _results(*pairs):
    return [("result", {"metric": metric, "value": value}) for metric, value in pairs]


def test_case_study_shows_the_story_not_how_to_use_it(client, library, sales_user):
    asset = CaseStudyPageFactory(
        title="Acme cuts onboarding by 40%",
        summary="Acme moved onboarding off spreadsheets.",
        customer="Acme Corp",
        industry="Logistics",
        challenge="<p>Forms lived in inboxes.</p>",
        solution="<p>One workflow for every site.</p>",
        results=_results(("Onboarding time", "-40%")),
        quote="It paid for itself in a quarter.",
        quote_author="Jo Park, COO",
        body=COACHING,
    )
    html = client.get(_share(asset, sales_user)).content.decode()
    for shown in (
        "Acme cuts onboarding by 40%",
        "Acme moved onboarding off spreadsheets.",
        "Acme Corp",
        "Logistics",
        "Forms lived in inboxes.",
        "One workflow for every site.",
        "Onboarding time",
        "-40%",
        "It paid for itself in a quarter.",
        "Jo Park, COO",
    ):
        assert shown in html, shown
    for internal in ("When to use it", "What to ask next", "How to use this story", "CFO buyers"):
        assert internal not in html, internal


def test_presentation_shows_the_deck_not_notes_or_rep_guidance(client, library, sales_user):
    slides = (Slide("Why teams switch", ("Approvals in hours",), "Mention the quokka discount."),)
    document = document_create(
        stream=io.BytesIO(deck_pptx(title="Switch deck", slides=slides)),
        filename="switch.pptx",
        title="Switch deck",
    )
    asset = PresentationPageFactory(
        title="Why teams switch deck",
        summary="First-meeting deck; twelve minutes, skip the architecture slide.",
        body="<p>When to use this deck: only with IT leaders.</p>",
        attachment=document,
    )
    url = _share(asset, sales_user)
    html = client.get(url).content.decode()
    assert "Why teams switch deck" in html
    assert f'href="{url}file/"' in html and "Download the PPTX" in html
    for internal in (
        "quokka",  # speaker notes, part of the extracted slide text
        "skip the architecture slide",
        "When to use this deck",
        "only with IT leaders",
    ):
        assert internal not in html, internal
    download = client.get(f"{url}file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_objection_shows_the_answer_not_the_talk_track(client, library, sales_user):
    proof = CaseStudyPageFactory(title="Internal proof story")
    asset = ObjectionPageFactory(
        title='"Your price is too high"',
        objection="You cost more than the others.",
        short_answer="Over three years we cost less: no consultants, payback in seven months.",
        summary="Reframe from license price to three-year cost.",
        talk_track="<p>Agree first, then ask what the alternatives include.</p>",
        proof_points=[("proof_point", {"claim": "Paid back in 7 months", "case_study": proof})],
        body="<p>Notes for reps: never discount on the first call.</p>",
    )
    html = client.get(_share(asset, sales_user)).content.decode()
    for shown in (
        "Your price is too high",
        "You cost more than the others.",
        "Over three years we cost less: no consultants, payback in seven months.",
    ):
        assert shown in html, shown
    for internal in (
        "Objection handling",
        "Reframe from license price",
        "Agree first",
        "Paid back in 7 months",
        "Internal proof story",
        "never discount",
    ):
        assert internal not in html, internal


@pytest.mark.parametrize("asset_type", sorted(ASSET_TYPES))
def test_prospect_fields_name_real_fields(asset_type):
    model = ASSET_TYPES[asset_type]
    assert "body" not in model.PROSPECT_FIELDS
    for name in model.PROSPECT_FIELDS:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            pytest.fail(f"{model.__name__}.PROSPECT_FIELDS names {name!r}, not a field")
