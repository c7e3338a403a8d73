"""Plays: ordered assets with guidance, shown only as each viewer may see them; a retired
asset gives way to its replacement or is flagged to the play's owner; prep for a call
offers the plays matching the deal."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from content.groups import MANAGERS
from content.models import PlayOpen, PlayPage
from content.plays import play_items_for, plays_for_deal
from enablement.governance import services as governance
from enablement.notifications.models import Notification
from tests.factories import CaseStudyPageFactory, play_create
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assets(library):
    return {
        "intro": CaseStudyPageFactory(title="Intro story"),
        "secret": CaseStudyPageFactory(title="Board-only pricing", groups=[MANAGERS]),
        "draft": CaseStudyPageFactory(title="Unapproved draft", live=False),
        "proof": CaseStudyPageFactory(title="Proof story"),
    }


@pytest.fixture
def play(assets, marketing_user):
    return play_create(
        title="Healthcare discovery",
        segment_name="Healthcare",
        stage_name="Discovery",
        owner=marketing_user,
        items=[
            (assets["intro"], "Send before the first call"),
            (assets["secret"], "Managers only"),
            (assets["draft"], "Not approved yet"),
            (assets["proof"], "After the demo"),
        ],
    )


def titles(rows):
    return [row.asset.title for row in rows]


def test_rep_sees_only_visible_live_assets_in_order_with_guidance(play, sales_user):
    rows = play_items_for(play=play, user=sales_user)

    assert titles(rows) == ["Intro story", "Proof story"]
    assert [row.guidance for row in rows] == ["Send before the first call", "After the demo"]


def test_manager_also_sees_restricted_but_never_drafts(play, manager_user):
    assert titles(play_items_for(play=play, user=manager_user)) == [
        "Intro story",
        "Board-only pricing",
        "Proof story",
    ]


def test_outsiders_see_nothing(play, outsider_user, client):
    assert play_items_for(play=play, user=outsider_user) == []
    client.force_login(outsider_user)
    assert client.get(play.url).status_code == 403


def test_play_page_renders_for_reps_and_records_one_open_a_day(play, sales_user, client):
    client.force_login(sales_user)

    first = client.get(play.url)
    client.get(play.url)

    html = first.content.decode()
    assert first.status_code == 200
    assert "Intro story" in html and "Send before the first call" in html
    assert "Board-only pricing" not in html and "Unapproved draft" not in html
    assert "Play scorecard" not in html  # managers only
    assert PlayOpen.objects.filter(play=play, user=sales_user).count() == 1


def test_anonymous_visitors_log_in_first(play, client):
    response = client.get(play.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_expired_or_unpublished_play_is_gone(play, sales_user, client):
    client.force_login(sales_user)
    PlayPage.objects.filter(pk=play.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(play.url).status_code == 404
    draft = play_create(title="Draft play", stage_name="Demo", live=False)
    assert client.get(draft.url or "/assets/draft-play/").status_code == 404


def test_retired_asset_is_replaced_by_its_replacement(
    play, assets, sales_user, marketing_user, django_capture_on_commit_callbacks
):
    replacement = CaseStudyPageFactory(title="Intro story 2026")
    with django_capture_on_commit_callbacks(execute=True):
        governance.asset_retire(
            asset=assets["intro"], user=marketing_user, reason="Old", replacement=replacement
        )

    rows = play_items_for(play=play, user=sales_user)

    assert titles(rows) == ["Intro story 2026", "Proof story"]
    assert rows[0].replaced == "Intro story" and rows[0].guidance == "Send before the first call"
    # a replacement shows by itself: the owner is not asked to act
    assert not Notification.objects.filter(kind="play_asset_retired").exists()


def test_retired_asset_without_replacement_is_flagged_to_the_owner(
    play, assets, sales_user, marketing_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        governance.asset_retire(asset=assets["proof"], user=marketing_user, reason="Wrong")

    assert titles(play_items_for(play=play, user=sales_user)) == ["Intro story"]
    owner_rows = play_items_for(play=play, user=marketing_user)
    assert [(row.asset.title, row.flagged) for row in owner_rows][-1] == ("Proof story", True)
    [notification] = Notification.objects.filter(kind="play_asset_retired")
    assert notification.recipient == marketing_user
    assert "Proof story" in notification.title and "Healthcare discovery" in notification.title
    assert notification.url == f"/cms/pages/{play.pk}/edit/"


def test_replacement_the_rep_may_not_see_is_not_shown(
    play, assets, sales_user, marketing_user, manager_user
):
    hidden = CaseStudyPageFactory(title="Managers' replacement", groups=[MANAGERS])
    governance.asset_retire(
        asset=assets["intro"], user=marketing_user, reason="Old", replacement=hidden
    )

    assert "Managers' replacement" not in titles(play_items_for(play=play, user=sales_user))
    assert "Managers' replacement" in titles(play_items_for(play=play, user=manager_user))


def test_segment_stage_play_needs_a_segment_or_stage(library):
    play = PlayPage(title="Nothing", summary="x", situation=PlayPage.Situation.SEGMENT_STAGE)
    with pytest.raises(ValidationError) as error:
        play.clean()
    assert "segment" in error.value.message_dict
    nul = PlayPage(title="NUL", summary="bad\x00", situation="launch")
    with pytest.raises(ValidationError) as error:
        nul.clean()
    assert "summary" in error.value.message_dict


def test_plays_for_deal_match_segment_and_stage_most_specific_first(library, sales_user):
    exact = play_create(title="Exact", segment_name="Healthcare", stage_name="Discovery")
    stage_only = play_create(title="Any segment at discovery", stage_name="Discovery")
    play_create(title="Other stage", segment_name="Healthcare", stage_name="Closing")
    play_create(title="Other segment", segment_name="Retail", stage_name="Discovery")
    play_create(title="Unpublished", segment_name="Healthcare", stage_name="Discovery", live=False)

    matched = plays_for_deal(user=sales_user, segment="Healthcare", stage="Discovery")

    assert [play.pk for play in matched] == [exact.pk, stage_only.pk]
    assert plays_for_deal(user=sales_user, segment=None, stage=None) == []
    assert plays_for_deal(user=sales_user, segment="'; drop\x00", stage="9" * 1000) == []
    assert plays_for_deal(user=sales_user, segment="Healthcare\x00", stage=None) == []
    # a NUL-poisoned segment is no segment: the stage alone still matches
    assert [p.pk for p in plays_for_deal(user=sales_user, segment="\x00", stage="Discovery")] == [
        stage_only.pk
    ]


def test_prep_for_a_call_offers_the_matching_plays(client, library, sales_user):
    play_create(
        title="Healthcare discovery play", segment_name="Healthcare", stage_name="Discovery"
    )
    play_create(title="Retail closing play", segment_name="Retail", stage_name="Closing")
    from content.models import SegmentTag, StageTag

    deal = DealFactory(
        owner=sales_user,
        segment=SegmentTag.objects.get(name="Healthcare"),
        stage=StageTag.objects.get(name="Discovery"),
    )
    client.force_login(sales_user)

    html = client.get("/library/prep/", {"deal": deal.pk}).content.decode()

    assert "Healthcare discovery play" in html
    assert "Retail closing play" not in html


def test_plays_go_through_the_marketing_approval_workflow(play):
    from enablement.governance.workflow import WORKFLOW_NAME

    workflow = play.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW_NAME


def test_marketing_adds_a_play_in_the_admin(client, library):
    from content.groups import MARKETING
    from enablement.governance.workflow import APPROVERS
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="ada", groups=[MARKETING, APPROVERS]))
    response = client.get(f"/cms/pages/add/content/playpage/{library.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Assets, in order" in html and 'name="items-TOTAL_FORMS"' in html
