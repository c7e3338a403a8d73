"""The prospect's room page: its query count does not grow with the number of items."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enablement.rooms.services import room_item_add
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory

pytestmark = pytest.mark.django_db

# A reload of a room with two items (a deck and a case study): the token, the session,
# the visitor row, the items, their specific pages (one query per asset type), the
# thumbnails, the owner's visibility, the first-open check, and per item its idempotent
# event (tracking's usage_event_record: savepoint, insert, release, read-back).
TWO_ITEMS = 23
PER_ITEM = 4
PER_NEW_TYPE = 1


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_room_page_reads_items_in_constant_queries_beside_one_event_each(
    client, room, token, sales_user
):
    url = reverse("room:page", args=[token])
    client.get(url)  # the first open: visitor row, first-open flag
    two_items = _count(client, url)
    for factory in (CaseStudyPageFactory, ObjectionPageFactory, CaseStudyPageFactory):
        room_item_add(room=room, user=sales_user, asset=factory())
    five_items = _count(client, url)
    # each extra item costs only its own event; the objection adds its type's query
    assert two_items == TWO_ITEMS
    assert five_items == TWO_ITEMS + 3 * PER_ITEM + PER_NEW_TYPE
