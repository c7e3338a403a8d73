"""Approval: draft -> in moderation -> approved (live, or scheduled) under Marketing approval."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from content.models import AssetPage
from content.selectors import assets_visible_to
from enablement.governance.workflow import APPROVERS, WORKFLOW_NAME
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def approve(page, user):
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state.specific, user, "approve")


def visible_ids(user):
    return set(assets_visible_to(user=user).values_list("pk", flat=True))


def test_library_pages_use_marketing_approval_by_approvers(library):
    workflow = library.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW_NAME
    [task] = [task.specific for task in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == [APPROVERS]


def test_marketing_authors_submit_but_only_approvers_publish(
    library, marketing_user, approver_user
):
    draft = CaseStudyPageFactory(live=False)
    assert draft.permissions_for_user(marketing_user).can_edit()
    assert not draft.permissions_for_user(marketing_user).can_publish()
    assert draft.permissions_for_user(approver_user).can_publish()


def test_draft_moderation_approval_goes_live(library, marketing_user, approver_user, sales_user):
    # given a draft an author submits
    draft = CaseStudyPageFactory(title="Draft story", live=False)
    assert draft.pk not in visible_ids(sales_user)
    workflow = draft.get_workflow()
    workflow.start(draft, marketing_user)
    draft.refresh_from_db()
    # in moderation: still invisible to the library
    assert draft.workflow_in_progress
    assert draft.current_workflow_task.name == WORKFLOW_NAME
    assert draft.pk not in visible_ids(sales_user)
    # an author cannot approve their own submission
    assert draft.current_workflow_task.specific.get_actions(draft, marketing_user) == []

    # when an approver approves
    approve(draft, approver_user)

    # then it is live and in the library
    draft.refresh_from_db()
    assert draft.live
    assert (
        WorkflowState.objects.get(object_id=str(draft.pk)).status == WorkflowState.STATUS_APPROVED
    )
    assert draft.pk in visible_ids(sales_user)


def test_rejected_draft_stays_out_of_the_library(
    library, marketing_user, approver_user, sales_user
):
    draft = CaseStudyPageFactory(live=False)
    draft.get_workflow().start(draft, marketing_user)
    draft.refresh_from_db()
    task_state = draft.current_workflow_task_state
    task_state.task.specific.on_action(task_state.specific, approver_user, "reject")
    draft.refresh_from_db()
    assert not draft.live
    assert draft.pk not in visible_ids(sales_user)


def test_approved_with_go_live_at_publishes_when_scheduled(
    library, marketing_user, approver_user, sales_user
):
    # given a draft scheduled to go live tomorrow, approved today
    draft = CaseStudyPageFactory(live=False)
    draft.go_live_at = timezone.now() + datetime.timedelta(days=1)
    draft.save_revision(user=marketing_user)
    draft.get_workflow().start(draft, marketing_user)
    draft.refresh_from_db()
    approve(draft, approver_user)
    draft.refresh_from_db()
    revision = draft.latest_revision
    assert not draft.live
    assert revision.approved_go_live_at is not None
    assert draft.pk not in visible_ids(sales_user)

    # when the scheduler runs before the time: nothing; after it: live
    call_command("publish_scheduled", verbosity=0)
    assert not AssetPage.objects.get(pk=draft.pk).live
    # time passes: the approved go-live moment is now in the past
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = a_minute_ago.isoformat()
    revision.approved_go_live_at = a_minute_ago
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    assert AssetPage.objects.get(pk=draft.pk).live
    assert draft.pk in visible_ids(sales_user)


def test_library_never_lists_drafts_or_pages_with_only_a_pending_revision(library, sales_user):
    live = CaseStudyPageFactory(title="Live v1")
    page = Page.objects.get(pk=live.pk).specific
    page.title = "Live v2 draft"
    page.save_revision()
    [shown] = assets_visible_to(user=sales_user).filter(pk=live.pk)
    assert shown.title == "Live v1"
