"""Authoring in the real Wagtail admin, in headless Chromium (issue 17, item 6): a marketer
creates a case study without touching the Promote tab, autosave never complains, and an
approver's approval ends with a message that says what happened."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from content.groups import MARKETING
from content.models import CaseStudyPage
from enablement.governance.workflow import APPROVERS, approval_workflow_ensure
from tests.factories import CaseStudyPageFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def admin_groups(library):
    approval_workflow_ensure()
    access_admin = Permission.objects.get(codename="access_admin")
    Group.objects.get(name=MARKETING).permissions.add(access_admin)


def _watch_autosave(page) -> list[tuple[str, int, str]]:
    failures: list[tuple[str, int, str]] = []
    page.on(
        "response",
        lambda response: (
            response.request.method == "POST"
            and "/cms/pages/" in response.url
            and response.status >= 400
            and failures.append((response.url, response.status, response.text()[:300]))
        ),
    )
    return failures


def test_a_marketer_creates_a_case_study_without_the_promote_tab(
    page, live_server, login_as, marketing_user, library, admin_groups
):
    failures = _watch_autosave(page)
    login_as(page, live_server, marketing_user)

    # given the library in the page explorer, and "Add child page"
    page.goto(f"{live_server.url}/cms/pages/{library.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    page.get_by_role("link", name=re.compile("^Case study")).click()
    expect(page).to_have_url(re.compile(r"/cms/pages/add/content/casestudypage/"))

    # an untouched form: no autosave error while the writer reads it
    page.wait_for_timeout(2500)
    assert failures == []
    expect(page.get_by_text("Autosave is paused")).to_be_hidden()
    # honest help on the main tab: title, segments and stages
    content_tab = page.locator("#tab-content")
    expect(content_tab.get_by_text("seen by the public")).to_have_count(0)
    expect(content_tab.get_by_text("comma-separated list of tags")).to_have_count(0)
    expect(content_tab.get_by_text("Who this is for.")).to_be_visible()
    expect(content_tab.get_by_text("When in a deal reps should use it.")).to_be_visible()

    # when the writer types a title and the required fields, then saves a draft
    # typed as a person types (key by key), not pasted in one event
    page.locator("#id_title").press_sequentially("Acme halves onboarding time", delay=20)
    page.wait_for_timeout(1500)  # autosave runs after the first edit
    page.get_by_role("textbox", name="Summary*").fill("Acme moved 40 teams in six weeks.")
    page.get_by_role("textbox", name="Customer*").fill("Acme Corp")
    # autosave keeps the draft as the writer types: the editor becomes the page's edit view
    expect(page).to_have_url(re.compile(r"/cms/pages/\d+/edit/"), timeout=20_000)
    page.get_by_role("button", name="Save draft").click()

    # then it is saved on the first try, with a slug from its title
    expect(page.locator(".messages")).to_contain_text("Acme halves onboarding time")
    expect(page.get_by_text("The page could not be saved")).to_have_count(0)
    # no autosave was refused for validation errors (a blank slug was the cause). On a busy
    # machine two overlapping autosaves can meet Wagtail's own revision check
    # ("invalid_revision", retried by the next autosave); that is not a validation error.
    assert [failure for failure in failures if "invalid_revision" not in failure[2]] == []
    expect(page.get_by_text("Autosave is paused")).to_be_hidden()
    saved = CaseStudyPage.objects.get(title="Acme halves onboarding time")
    assert saved.slug == "acme-halves-onboarding-time"
    assert saved.customer == "Acme Corp"
    assert not saved.live


def test_an_approver_sees_what_approving_did(
    page, live_server, login_as, marketing_user, library, admin_groups
):
    # given a draft a marketer submitted for approval
    approver = UserFactory(username="ada", groups=[MARKETING, APPROVERS])
    draft = CaseStudyPageFactory(title="Globex renewal story", live=False)
    revision = draft.save_revision(user=marketing_user)
    draft.get_workflow().start(draft, marketing_user)
    assert revision.pk

    # when the approver approves it in the editor
    login_as(page, live_server, approver)
    page.goto(f"{live_server.url}/cms/pages/{draft.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()

    # then the message says it is live, not "has been updated"
    messages = page.locator(".messages")
    expect(messages).to_contain_text(
        "You approved “Globex renewal story”. It is live in the library"
    )
    expect(messages).not_to_contain_text("has been updated")
    assert CaseStudyPage.objects.get(pk=draft.pk).live
