"""In real headless Chromium: a marketer retires an asset in the Wagtail admin naming a
replacement; a salesperson following the old link lands on the replacement."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Page, Site

from content.groups import ALL_GROUPS, MARKETING, SALES
from content.models import AssetPage
from enablement.governance.models import AssetRetirement
from enablement.governance.workflow import approval_workflow_ensure
from tests.factories import CaseStudyPageFactory, UserFactory

PASSWORD = "pass-word-123"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def ensure_site_and_groups() -> None:
    """Other transactional tests may have flushed what migrations created."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Page.objects.filter(depth=1).exists():
        root = Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=Page(title="Home", slug="home"))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    for name in ALL_GROUPS:
        Group.objects.get_or_create(name=name)
    approval_workflow_ensure()


def log_in(context, base_url: str, username: str):
    page = context.new_page()
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_marketer_retires_with_replacement_and_old_link_leads_there(live_server, browser):
    # given a library with an old and a new story, a marketer and a rep
    ensure_site_and_groups()
    if not Group.objects.get(name=MARKETING).permissions.filter(codename="access_admin").exists():
        from django.contrib.auth.models import Permission

        Group.objects.get(name=MARKETING).permissions.add(
            Permission.objects.get(codename="access_admin")
        )
    old = CaseStudyPageFactory(title="Northwind rollout 2022")
    new = CaseStudyPageFactory(title="Northwind rollout 2025")
    UserFactory(username="marta", groups=[MARKETING])
    UserFactory(username="rick", groups=[SALES])
    old_url = live_server.url + old.url

    # when the marketer retires the old story from the page explorer's "more" menu
    marketer = log_in(browser.new_context(), live_server.url, "marta")
    marketer.goto(f"{live_server.url}/cms/pages/{old.get_parent().pk}/")
    marketer.get_by_role("button", name=f"More options for '{old.title}'").click()
    marketer.get_by_role("link", name="Retire…").click()
    marketer.wait_for_url(f"**/cms/governance/retire/{old.pk}/**")
    marketer.get_by_label("Reason").fill("Figures are out of date; use the 2025 rollout.")
    # the replacement is found with the searchable page chooser, not a list of every asset
    marketer.get_by_role("button", name="Choose a page").click()
    chooser = marketer.locator(".modal-dialog")
    chooser.get_by_role("textbox", name="Search term").fill("2025")
    chooser.get_by_role("link", name=new.title).click()
    expect(marketer.locator("[data-chooser-title]")).to_have_text(new.title)
    marketer.get_by_role("button", name="Retire asset").click()
    marketer.wait_for_load_state()
    assert "is retired" in marketer.content()

    assert not AssetPage.objects.get(pk=old.pk).live
    assert AssetRetirement.objects.get(asset=old).replacement_id == new.pk

    # then a rep following the old link lands on the replacement
    rep = log_in(browser.new_context(), live_server.url, "rick")
    response = rep.goto(old_url)
    assert response.ok
    assert rep.url == live_server.url + new.url
    assert rep.get_by_role("heading", level=1).inner_text() == new.title
