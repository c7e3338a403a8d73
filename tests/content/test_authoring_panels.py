"""The asset editor as marketers meet it (issue 17, item 6): the slug fills itself from the
title, segments and stages sit on the main tab with honest help, and a draft with only a
title saves (what autosave sends)."""

from __future__ import annotations

import re

import pytest
from wagtail.admin.panels import TitleFieldPanel

from content.models import CaseStudyPage, ObjectionPage, PresentationPage

pytestmark = pytest.mark.django_db

ASSET_TYPES = [CaseStudyPage, PresentationPage, ObjectionPage]


def _add_url(library, model) -> str:
    return f"/cms/pages/add/content/{model._meta.model_name}/{library.pk}/"


def _content_tab(html: str) -> str:
    match = re.search(r'id="tab-content".*?(?=id="tab-classification")', html, re.S)
    assert match, "no Content tab before the Classification tab"
    return match.group(0)


@pytest.mark.parametrize("model", ASSET_TYPES)
def test_the_title_panel_fills_the_slug(model):
    content_tab = model.get_edit_handler().children[0]

    title_panel = content_tab.children[0]

    assert isinstance(title_panel, TitleFieldPanel)
    assert title_panel.field_name == "title"


@pytest.mark.parametrize("model", ASSET_TYPES)
def test_the_new_asset_form_has_honest_help_on_its_main_tab(client, marketing_user, library, model):
    client.force_login(marketing_user)

    html = client.get(_add_url(library, model)).content.decode()

    content_tab = _content_tab(html)
    assert "seen by the public" not in html
    assert "A comma-separated list of tags" not in html
    assert 'name="title"' in content_tab and 'data-controller="w-sync"' in content_tab
    assert 'name="segments"' in content_tab and 'name="stages"' in content_tab
    assert "Who this is for. Start typing and pick from the suggestions" in content_tab
    assert "When in a deal reps should use it." in content_tab
    assert "The name reps see in the library" in content_tab


def test_a_draft_with_only_a_title_and_its_slug_saves(client, marketing_user, library):
    # what autosave posts once the title has filled the slug; the other required fields
    # are only required to publish
    client.force_login(marketing_user)
    form = client.get(_add_url(library, CaseStudyPage)).context["form"]
    data = {name: "" for name in form.fields if name != "visible_to_groups"}
    data.update(
        {
            "title": "Acme halves onboarding time",
            "slug": "acme-halves-onboarding-time",
            "language": "en",
            "visibility": "sales",
            "challenge": "null",
            "solution": "null",
            "body": "null",
            "results-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "",
        }
    )

    response = client.post(_add_url(library, CaseStudyPage), data)

    assert response.status_code == 302, response.context["form"].errors
    draft = CaseStudyPage.objects.get(slug="acme-halves-onboarding-time")
    assert not draft.live
    # and without the slug (a plain title panel) it would not: the slug is what failed
    data.update(title="Another", slug="")
    refused = client.post(_add_url(library, CaseStudyPage), data)
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["slug"]
