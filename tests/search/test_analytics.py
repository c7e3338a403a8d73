"""Search analytics: every search logged, clicks recorded, zero-result queries read."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from search.backends.base import SearchQuery
from search.models import SearchClick, SearchLog
from search.selectors import zero_result_queries
from search.services import assets_search, search_query_normalise
from tests.factories import CaseStudyPageFactory


def test_queries_are_normalised():
    assert search_query_normalise("  Pricing   OBJECTION?! ") == "pricing objection"


def test_every_search_is_logged_with_filters_count_user_and_backend(db, sales_user):
    CaseStudyPageFactory(title="Alpha story", segments=["Retail"])

    results, log = assets_search(
        query=SearchQuery(text="Alpha  Story", segments=("Retail",), user=sales_user)
    )

    log.refresh_from_db()
    assert (log.query, log.result_count, log.user, log.backend) == (
        "alpha story",
        results.total,
        sales_user,
        results.backend,
    )
    assert log.filters == {"segment": ["Retail"]}


def test_zero_result_queries_grouped_with_counts_and_last_seen(db, sales_user):
    for text in ["Blockchain deck", "blockchain  DECK", "quantum"]:
        assets_search(query=SearchQuery(text=text, user=sales_user))
    old = SearchLog.objects.create(query="ancient", result_count=0, backend="database")
    SearchLog.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )

    rows = zero_result_queries(since=timezone.localdate() - datetime.timedelta(days=7))

    assert [(row.query, row.count) for row in rows] == [("blockchain deck", 2), ("quantum", 1)]
    assert rows[0].last_seen <= timezone.now()
    assert [row.query for row in zero_result_queries(limit=10)][-1] == "ancient"
    assert zero_result_queries(until=timezone.localdate() - datetime.timedelta(days=30))[
        0
    ].query == ("ancient")


def test_click_through_records_the_click_and_redirects(client, sales_user):
    asset = CaseStudyPageFactory(title="Clicked story")
    _, log = assets_search(query=SearchQuery(text="clicked", user=sales_user))
    client.force_login(sales_user)

    response = client.get(
        reverse("library:open", args=[asset.pk]), {"search": log.pk, "position": 1}
    )

    assert response.status_code == 302 and response["Location"].endswith(asset.url)
    click = SearchClick.objects.get()
    assert (click.search, click.asset_id, click.position, click.user) == (
        log,
        asset.pk,
        1,
        sales_user,
    )


def test_click_through_hides_restricted_assets(client, sales_user):
    asset = CaseStudyPageFactory(title="Hidden", groups=["Managers"])
    client.force_login(sales_user)
    response = client.get(reverse("library:open", args=[asset.pk]))
    assert response.status_code == 404
    assert not SearchClick.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_search_log_row_is_committed_without_waiting_for_the_disk(sales_user):
    """Each search writes one log row; on PostgreSQL its commit does not wait for the WAL
    flush (synchronous_commit off for that transaction alone), the row being there at once."""
    with CaptureQueriesContext(connection) as captured:
        _, log = assets_search(query=SearchQuery(text="anything", user=sales_user))
    sql = [query["sql"] for query in captured.captured_queries]
    setting = next(i for i, text in enumerate(sql) if "synchronous_commit" in text)
    insert = next(
        i for i, text in enumerate(sql) if text.startswith('INSERT INTO "search_searchlog"')
    )
    assert sql[setting] == "SET LOCAL synchronous_commit TO OFF"
    assert setting < insert
    # inside a caller's transaction its commit is left alone
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        assets_search(query=SearchQuery(text="anything", user=sales_user))
    assert not any("synchronous_commit" in q["sql"] for q in inside.captured_queries)
    assert SearchLog.objects.filter(pk=log.pk, user=sales_user).exists()
    with connection.cursor() as cursor:  # for that transaction only: the setting is back
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
