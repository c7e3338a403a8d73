"""Asset pages: what a rep sees on each type, and who may see it at all."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from content.models import AssetDocument
from content.services import document_create
from content.tasks import extract_document_text
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, PresentationPageFactory

pytestmark = pytest.mark.django_db


def _results(*pairs):
    return [("result", {"metric": metric, "value": value}) for metric, value in pairs]


def test_case_study_page_shows_chips_results_quote_and_owner(client, sales_user, marketing_user):
    # given
    page = CaseStudyPageFactory(
        title="Harborview cuts prior-auth time",
        summary="A hospital network automated prior authorizations.",
        customer="Harborview Health",
        segments=["Healthcare", "Enterprise"],
        stages=["Discovery", "Proposal"],
        results=_results(("Turnaround", "-61%"), ("Hours saved", "1,900")),
        quote="Our nurses got their afternoons back.",
        quote_author="Dana Whitfield",
        owner_user=marketing_user,
        review_by=datetime.date.today() - datetime.timedelta(days=3),
    )
    client.force_login(sales_user)
    # when
    response = client.get(page.url)
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harborview cuts prior-auth time" in html
    assert 'class="chip chip-type-case_study"' in html
    assert '<li class="chip chip-segment">Healthcare</li>' in html
    assert '<li class="chip chip-stage">Discovery</li>' in html
    assert html.index(">Discovery<") < html.index(">Proposal<")  # deal order
    assert "-61%" in html and "Hours saved" in html
    assert "Our nurses got their afternoons back." in html
    assert marketing_user.get_full_name() in html
    assert "Overdue since" in html
    assert 'include "tracking' not in html  # includes rendered, not printed


def test_objection_page_links_only_visible_case_studies(client, sales_user):
    # given
    public_story = CaseStudyPageFactory(title="Ironclad cuts scrap")
    secret_story = CaseStudyPageFactory(title="Secret bank story", groups=["Managers"])
    objection = ObjectionPageFactory(
        title="Price is too high",
        objection="You're more expensive than the others.",
        short_answer="Compare the three-year cost.",
        proof_points=[
            ("proof_point", {"claim": "Seven-month payback", "case_study": public_story}),
            ("proof_point", {"claim": "Zero audit findings", "case_study": secret_story}),
        ],
    )
    client.force_login(sales_user)
    # when
    html = client.get(objection.url).content.decode()
    # then
    assert "You&#x27;re more expensive than the others." in html
    assert "Compare the three-year cost." in html
    assert "Acknowledge, quantify, prove." in html  # talk track
    assert f'href="{public_story.url}"' in html
    assert "Zero audit findings" in html  # the claim stays ...
    assert "Secret bank story" not in html  # ... the restricted story does not leak
    assert secret_story.url not in html


def test_presentation_page_previews_slides_and_offers_download(client, sales_user, pptx_bytes):
    # given
    document = document_create(
        stream=io.BytesIO(pptx_bytes), filename="deck.pptx", title="Tiny test deck"
    )
    page = PresentationPageFactory(title="Why teams switch deck", attachment=document)
    client.force_login(sales_user)
    # when
    html = client.get(page.url).content.decode()
    # then
    assert "Slide preview · 3 slides" in html
    assert "Why teams switch" in html and "Per workflow, not per seat" in html
    # the file box's link is the tracked, checked download route, not the document URL
    assert f'href="/library/assets/{page.pk}/download/"' in html
    assert f'href="{document.url}"' not in html
    assert "Download PPTX" in html


def test_failed_extraction_is_shown_on_the_page_not_a_500(client, sales_user, corrupt_pdf_bytes):
    # given: a damaged file that slipped past upload checks (e.g. replaced in storage)
    document = AssetDocument(title="Broken deck")
    document.file.save("broken.pdf", ContentFile(corrupt_pdf_bytes), save=True)
    extract_document_text.delay(document.pk)
    page = PresentationPageFactory(title="Broken deck page", attachment=document)
    client.force_login(sales_user)
    # when
    response = client.get(page.url)
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "We couldn't read this file's text: " in html
    assert "No preview: the deck's text could not be read." in html


def test_anonymous_visitors_are_sent_to_login(client):
    page = CaseStudyPageFactory()
    response = client.get(page.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_drafts_are_not_found_even_for_marketing(client, sales_user, marketing_user):
    draft = CaseStudyPageFactory(live=False)
    for user in (sales_user, marketing_user):
        client.force_login(user)
        assert client.get(draft.url).status_code == 404


def test_restricted_asset_is_forbidden_to_outsiders_and_shown_to_members(
    client, sales_user, manager_user, outsider_user
):
    restricted = ObjectionPageFactory(title="Discount guardrails", groups=["Managers"])
    client.force_login(sales_user)
    assert client.get(restricted.url).status_code == 403
    client.force_login(outsider_user)
    assert client.get(restricted.url).status_code == 403
    client.force_login(manager_user)
    response = client.get(restricted.url)
    assert response.status_code == 200
    assert "Restricted: Managers" in response.content.decode()


def test_users_outside_every_group_cannot_open_public_assets(client, outsider_user):
    client.force_login(outsider_user)
    assert client.get(CaseStudyPageFactory().url).status_code == 403


def test_attachment_files_follow_asset_visibility(client, sales_user, manager_user, pdf_bytes):
    # given
    document = document_create(stream=io.BytesIO(pdf_bytes), filename="g.pdf", title="Guardrails")
    ObjectionPageFactory(title="Guardrails", groups=["Managers"], attachment=document)
    # then: anonymous → login, Sales → 403, Managers → the file
    assert client.get(document.url).status_code == 302
    client.force_login(sales_user)
    assert client.get(document.url).status_code == 403
    client.force_login(manager_user)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
