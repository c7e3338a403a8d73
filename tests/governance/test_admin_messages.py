"""Clear messages after approve, request changes and publish (issue 17, item 6)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone
from wagtail.admin import messages as admin_messages

from enablement.governance.admin_messages import messages_after_edit_clarify
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def _request(data: dict):
    request = RequestFactory().post("/cms/pages/1/edit/", data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _texts(request) -> list[str]:
    # what the response will store for the next page: the messages still queued (those the
    # hook read were marked shown, as a rendered page would mark them)
    return [str(message.message) for message in request._messages._queued_messages]


def _after(page, data: dict, generic: str) -> list[str]:
    request = _request(data)
    messages.info(request, "Comment notifications are on.")
    admin_messages.success(request, generic % page.title)
    messages_after_edit_clarify(request, page)
    return _texts(request)


def test_approving_a_live_asset_says_it_is_live(library):
    page = CaseStudyPageFactory(title="Acme story")

    texts = _after(
        page,
        {"action-workflow-action": "true", "workflow-action-name": "approve"},
        "Page '%s' has been updated.",
    )

    assert "Comment notifications are on." in texts
    assert any("You approved “Acme story”. It is live in the library" in t for t in texts)
    assert not any("has been updated" in t for t in texts)


def test_approving_with_a_go_live_date_says_when(library):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    page = CaseStudyPageFactory(title="Acme story", live=False, go_live_at=tomorrow)

    texts = _after(
        page,
        {"action-workflow-action": "true", "workflow-action-name": "approve"},
        "Page '%s' has been updated.",
    )

    assert any("It goes live in the library on" in t for t in texts)


def test_requesting_changes_says_it_went_back_to_the_author(library):
    page = CaseStudyPageFactory(title="Acme story", live=False)

    texts = _after(
        page,
        {"action-workflow-action": "true", "workflow-action-name": "reject"},
        "Page '%s' has been updated.",
    )

    assert any("You sent “Acme story” back to its author" in t for t in texts)


def test_publishing_says_it_is_live(library):
    page = CaseStudyPageFactory(title="Acme story")

    texts = _after(page, {"action-publish": "action-publish"}, "Page '%s' has been published.")

    assert any("“Acme story” is published. It is live in the library" in t for t in texts)
    assert not any("has been published." in t for t in texts)


def test_a_plain_save_keeps_wagtails_message(library):
    page = CaseStudyPageFactory(title="Acme story", live=False)

    texts = _after(page, {}, "Page '%s' has been updated.")

    assert any(
        "Page &#x27;Acme story&#x27; has been updated." in t
        or "Page 'Acme story' has been updated." in t
        for t in texts
    )
