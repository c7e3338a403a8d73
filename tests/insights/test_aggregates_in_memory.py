"""``aggregates_in_memory``: on PostgreSQL the stats statements of one request may sort
and hash in ``STATS_WORK_MEM`` (set LOCAL to its transaction: never left on the
connection for the next request); a nested block costs nothing; nothing on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enablement.insights.selectors.periods import STATS_WORK_MEM, aggregates_in_memory
from tests.insights.query_pins import IN_MEMORY


def work_mem() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_setting_holds_inside_the_block_only():
    # given the server's setting (autocommit: no transaction open)
    before = work_mem()

    # when
    with CaptureQueriesContext(connection) as queries, aggregates_in_memory():
        inside = work_mem()
        with aggregates_in_memory():  # nested: joins the outer block
            nested = work_mem()

    # then
    if connection.vendor == "postgresql":
        assert inside == nested == STATS_WORK_MEM
        assert before != STATS_WORK_MEM
        # BEGIN, the setting, the two SHOWs, COMMIT: the nested block added nothing
        assert len(queries) == IN_MEMORY + 2
    else:
        assert len(queries) == 0
    # and the next statement on this connection (the next request's) has the server's
    assert work_mem() == before


@pytest.mark.django_db(transaction=True)
def test_an_error_inside_ends_the_setting_with_the_transaction():
    before = work_mem()
    with pytest.raises(ZeroDivisionError), aggregates_in_memory():
        1 / 0  # noqa: B018
    assert work_mem() == before
    # and a new block sets it again (the nesting flag was cleared)
    with aggregates_in_memory():
        assert work_mem() == (STATS_WORK_MEM if connection.vendor == "postgresql" else None)
