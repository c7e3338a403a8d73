"""Content requests: Sales asks, sees only their own; only Marketing triages; the
requester is told once when it is done."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from enablement.governance import services
from enablement.governance.models import ContentRequest
from tests.factories import CaseStudyPageFactory, UserFactory, segment, stage
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_rep(db):
    return UserFactory(username="sam", groups=["Sales"])


def test_request_form_is_prefilled_from_an_empty_search(client, sales_user):
    client.force_login(sales_user)
    response = client.get("/library/requests/new/?q=fintech+roi+calculator")
    assert response.status_code == 200
    assert b"fintech roi calculator" in response.content


def test_sales_creates_and_sees_own_requests_only(client, sales_user, other_rep):
    deal = DealFactory(owner=sales_user)
    client.force_login(sales_user)
    response = client.post(
        "/library/requests/new/",
        {
            "what": "Case study for a regional bank",
            "search_query": "regional bank",
            "segment": segment("Financial Services").pk,
            "stage": stage("Proposal").pk,
            "deal": deal.pk,
            "urgency": "high",
        },
    )
    assert response.status_code == 302
    mine = ContentRequest.objects.get()
    assert (mine.requester, mine.status, mine.urgency, mine.deal) == (
        sales_user,
        "new",
        "high",
        deal,
    )
    assert mine.segment.name == "Financial Services" and mine.stage.name == "Proposal"
    listing = client.get("/library/requests/")
    assert b"Case study for a regional bank" in listing.content
    assert client.get(f"/library/requests/{mine.pk}/").status_code == 200

    # another rep neither lists nor opens it
    client.force_login(other_rep)
    assert b"regional bank" not in client.get("/library/requests/").content
    assert client.get(f"/library/requests/{mine.pk}/").status_code == 404


def test_bad_request_input_is_a_400_with_errors(client, sales_user, other_rep):
    foreign_deal = DealFactory(owner=other_rep)
    client.force_login(sales_user)
    response = client.post(
        "/library/requests/new/", {"what": "", "urgency": "yesterday", "deal": foreign_deal.pk}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"what", "urgency", "deal"}
    assert not ContentRequest.objects.exists()


def test_outsiders_cannot_request(client, outsider_user):
    client.force_login(outsider_user)
    assert client.get("/library/requests/new/").status_code == 403


def test_only_marketing_triages(sales_user, marketing_user):
    content_request = services.content_request_create(requester=sales_user, what="ROI deck")
    with pytest.raises(PermissionDenied):
        services.content_request_triage(
            content_request=content_request, user=sales_user, status="planned"
        )
    with pytest.raises(ValidationError) as done_without_asset:
        services.content_request_triage(
            content_request=content_request, user=marketing_user, status="done"
        )
    assert "resolution_asset" in done_without_asset.value.message_dict
    with pytest.raises(ValidationError) as declined_without_reason:
        services.content_request_triage(
            content_request=content_request, user=marketing_user, status="declined"
        )
    assert "decline_reason" in declined_without_reason.value.message_dict


def test_lifecycle_new_planned_done_notifies_requester_once(
    client, library, sales_user, marketing_user
):
    content_request = services.content_request_create(requester=sales_user, what="ROI deck")
    services.content_request_triage(
        content_request=content_request, user=marketing_user, status="planned"
    )
    assert mail.outbox == []
    asset = CaseStudyPageFactory(title="ROI deck for CFOs")

    services.content_request_triage(
        content_request=content_request,
        user=marketing_user,
        status="done",
        resolution_asset=asset,
    )
    services.content_request_notify_requester(content_request=content_request)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [sales_user.email]
    assert asset.url in mail.outbox[0].body
    client.force_login(sales_user)
    detail = client.get(f"/library/requests/{content_request.pk}/")
    assert b"Done" in detail.content and b"ROI deck for CFOs" in detail.content


def test_declined_request_shows_the_reason(client, sales_user, marketing_user):
    content_request = services.content_request_create(requester=sales_user, what="Gossip")
    services.content_request_triage(
        content_request=content_request,
        user=marketing_user,
        status="declined",
        decline_reason="Covered by the existing battlecard",
    )
    client.force_login(sales_user)
    detail = client.get(f"/library/requests/{content_request.pk}/")
    assert b"Covered by the existing battlecard" in detail.content
    assert "declined" in mail.outbox[0].subject


def test_marketing_triages_in_the_admin(client, library, sales_user, marketing_user):
    content_request = services.content_request_create(requester=sales_user, what="Demo script")
    asset = CaseStudyPageFactory(title="Demo script")
    edit_url = f"/cms/snippets/content/contentrequest/edit/{content_request.pk}/"

    client.force_login(sales_user)
    assert client.get(edit_url).status_code in (302, 403)

    client.force_login(marketing_user)
    assert client.get("/cms/snippets/content/contentrequest/").status_code == 200
    rejected = client.post(
        edit_url, {"status": "done", "resolution_asset": "", "decline_reason": ""}
    )
    assert rejected.status_code == 200  # form shown again with the error
    content_request.refresh_from_db()
    assert content_request.status == "new"

    response = client.post(
        edit_url, {"status": "done", "resolution_asset": asset.pk, "decline_reason": ""}
    )
    assert response.status_code == 302
    content_request.refresh_from_db()
    assert (content_request.status, content_request.resolution_asset_id) == ("done", asset.pk)
    assert content_request.triaged_by == marketing_user
    assert len(mail.outbox) == 1
