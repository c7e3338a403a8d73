"""The library screen and prep for a call, rendered for real."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enablement.tracking.models import AssetPopularity, Deal, UsageEvent
from tests.factories import (
    CaseStudyPageFactory,
    ObjectionPageFactory,
    PresentationPageFactory,
    segment,
    stage,
)


def test_library_shows_cards_facets_badges_and_pagination(client, backend, reindex, sales_user):
    won = CaseStudyPageFactory(
        title="Hospital onboarding win",
        summary="Onboarding in two weeks at a hospital network.",
        segments=["Healthcare"],
    )
    AssetPopularity.objects.create(asset=won, deals_won=7, deals_influenced=9, win_rate=0.6)
    for number in range(13):
        PresentationPageFactory(title=f"Onboarding deck {number}")
    reindex()
    client.force_login(sales_user)

    page = client.get(reverse("library:search"), {"q": "onboarding"}).content.decode()
    hospital = client.get(reverse("library:search"), {"q": "hospital"}).content.decode()

    assert "14 assets" in page
    assert 'role="combobox"' in page and 'aria-current="page"' in page and "Next" in page
    assert "<mark>" in page
    assert "Used in 7 won deals" in hospital and "60% win rate" in hospital
    assert "Healthcare" in hospital and "Case study" in hospital
    assert "Reduced search" not in page


# The library page's queries on the database backend, pinned: session and user (2), the
# user's groups (1), the search (one statement matching the text and answering the
# visible matches' page, totals and facets, then the page's rows with their segments and
# stages = 2; was 4),
# the analytics row (1) and the segment and stage names for the facets (2), the site's
# branding (1: name and logo, one join), the first-page thumbnails of the cards (1) and,
# with text, the hits' matching page passages (1; search.pages). They do not grow with the
# number of results or filters (the filter vocabulary is cached).
LIBRARY_QUERIES = 12  # +1: the header's unread notifications count


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_library_query_count_is_pinned(
    client, search_backend, reindex, sales_user, django_assert_num_queries
):
    for number in range(14):
        CaseStudyPageFactory(
            title=f"Pricing story {number}", segments=["Healthcare", "Retail"], stages=["Demo"]
        )
    ObjectionPageFactory(title="Pricing objection", segments=["Retail"])
    reindex()
    client.force_login(sales_user)
    params = {"q": "pricing", "segment": ["Healthcare", "Retail"], "stage": "Demo"}
    assert client.get(reverse("library:search"), params).status_code == 200  # warm caches

    with django_assert_num_queries(LIBRARY_QUERIES):
        page = client.get(reverse("library:search"), params).content.decode()

    assert "14 assets" in page


def test_empty_state_offers_a_request(client, backend, reindex, sales_user):
    client.force_login(sales_user)
    page = client.get(reverse("library:search"), {"q": "blockchain"}).content.decode()
    assert "Nothing matches" in page
    assert "blockchain" in page


def test_library_is_for_members_only(client, db, outsider_user):
    client.force_login(outsider_user)
    assert client.get(reverse("library:search")).status_code == 403


def test_prep_for_a_call_from_one_of_my_deals(client, backend, reindex, sales_user):
    CaseStudyPageFactory(title="Clinic case", segments=["Healthcare"], stages=["Proposal"])
    PresentationPageFactory(title="Proposal deck", segments=["Healthcare"], stages=["Proposal"])
    answer = ObjectionPageFactory(title="Too expensive", stages=["Proposal"])
    ObjectionPageFactory(title="Never used answer", stages=["Demo"])
    deal = Deal.objects.create(
        external_id="D-1",
        name="Clinic rollout",
        account="Clinic",
        segment=segment("Healthcare"),
        stage=stage("Proposal"),
        owner=sales_user,
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    UsageEvent.objects.create(
        asset=answer, user=sales_user, kind="copy", occurred_at=timezone.now(), deal=deal
    )
    reindex()
    client.force_login(sales_user)

    page = client.get(reverse("library:prep"), {"deal": deal.pk}).content.decode()

    assert "Clinic rollout" in page
    assert "Clinic case" in page and "Proposal deck" in page
    assert "Too expensive" in page and "used 1 time" in page
    assert "Never used answer" not in page


def test_prep_refuses_someone_elses_deal(client, db, sales_user, manager_user):
    deal = Deal.objects.create(
        external_id="D-2",
        name="Not mine",
        account="X",
        owner=manager_user,
        created_at=timezone.now(),
    )
    client.force_login(sales_user)
    assert client.get(reverse("library:prep"), {"deal": deal.pk}).status_code == 404
