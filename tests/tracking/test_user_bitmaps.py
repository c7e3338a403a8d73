"""Per-asset user bitmaps: their layout, and kept equal to the per-user daily rows by the
incremental processing, ``usage_rollup_run`` (full or from a day), the backfill command
and migration tracking 0006's function."""

from __future__ import annotations

import datetime
import importlib
import io
import uuid
from collections import defaultdict

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from enablement.tracking.bitmaps import bitmap_from_ids, bitmap_ids, bitmap_int
from enablement.tracking.models import AssetUserBitmap, AssetUserDailyUsage
from enablement.tracking.services import (
    usage_event_record,
    usage_events_process,
    usage_rollup_run,
    user_bitmaps_rebuild,
)
from tests.factories import CaseStudyPageFactory, UserFactory

UTC = datetime.UTC


def test_bitmap_layout():
    assert bitmap_from_ids([]) == b""
    assert bitmap_from_ids([0]) == b"\x80"
    assert bitmap_from_ids([7, 8, 8]) == b"\x01\x80"
    assert bitmap_ids(bitmap_from_ids([3, 9, 1000])) == [3, 9, 1000]
    # Trailing zero bytes change nothing: bitmaps of different lengths combine.
    assert bitmap_int(b"\x01\x80") == bitmap_int(b"\x01\x80\x00\x00")
    union = bitmap_int(bitmap_from_ids([1, 2])) | bitmap_int(bitmap_from_ids([2, 900]))
    assert union.bit_count() == 3
    with pytest.raises(ValueError):
        bitmap_from_ids([-1])


@pytest.mark.django_db
def test_the_database_reading_puts_users_at_their_positions():
    """PostgreSQL reads the bytes' hex as a bit string (the selectors' OR and bit_count);
    elsewhere the selectors read them as Python ints: user pk at bit pk either way."""
    bits = bitmap_from_ids([0, 9, 31])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ('x' || rpad(encode(%s::bytea, 'hex'), 10, '0'))::varbit::text",
                [bits],
            )
            text = cursor.fetchone()[0]
        positions = [index for index, bit in enumerate(text) if bit == "1"]
    else:
        value = bitmap_int(bits)
        positions = sorted(
            (byte * 8 + 7 - bit)
            for byte in range(4)
            for bit in range(8)
            if value >> (byte * 8 + bit) & 1
        )
    assert positions == [0, 9, 31]


def at(month, day, hour=12):
    return datetime.datetime(2026, month, day, hour, tzinfo=UTC)


def record(asset, user, when):
    usage_event_record(event_id=uuid.uuid4(), asset=asset, user=user, kind="view", occurred_at=when)


def bitmaps():
    return {
        (asset_id, grain, start): bitmap_ids(bits)
        for asset_id, grain, start, bits in AssetUserBitmap.objects.values_list(
            "asset_id", "grain", "start", "bits"
        )
    }


def bitmaps_from_daily():
    users = defaultdict(set)
    days_by_month = defaultdict(set)
    for asset_id, user_id, day in AssetUserDailyUsage.objects.values_list(
        "asset_id", "user_id", "day"
    ):
        users[(asset_id, "D", day)].add(user_id)
        users[(asset_id, "M", day.replace(day=1))].add(user_id)
        days_by_month[(asset_id, day.replace(day=1))].add(day)
    # Prefix: the month's users from the 1st to each calendar day; suffix: from it to the
    # month's end (none when empty).
    for (asset_id, month), days in days_by_month.items():
        day = month
        while day.month == month.month:
            before = [users[(asset_id, "D", other)] for other in days if other <= day]
            after = [users[(asset_id, "D", other)] for other in days if other >= day]
            if before:
                users[(asset_id, "P", day)] = set().union(*before)
            if after:
                users[(asset_id, "S", day)] = set().union(*after)
            day += datetime.timedelta(days=1)
    return {key: sorted(ids) for key, ids in users.items()}


@pytest.mark.django_db
def test_bitmaps_follow_events_incrementally_and_on_every_rebuild(library):
    asset, other = CaseStudyPageFactory(), CaseStudyPageFactory()
    ann, bob = UserFactory(), UserFactory(id=700, username="bob")
    record(asset, ann, at(1, 31, 23))
    record(asset, ann, at(2, 1, 0))
    record(asset, bob, at(2, 14))
    record(other, None, at(2, 14))  # a prospect: no bit
    usage_events_process()
    both = sorted([ann.pk, bob.pk])  # bitmaps list user ids in id order

    feb = [datetime.date(2026, 2, day) for day in range(1, 29)]
    assert {key: ids for key, ids in bitmaps().items() if key[1] in "DM"} == {
        (asset.pk, "D", datetime.date(2026, 1, 31)): [ann.pk],
        (asset.pk, "M", datetime.date(2026, 1, 1)): [ann.pk],
        (asset.pk, "D", feb[0]): [ann.pk],
        (asset.pk, "D", feb[13]): [bob.pk],
        (asset.pk, "M", feb[0]): both,
    }
    # February from the 1st to each day, and from each day to the 28th.
    assert [bitmaps()[(asset.pk, "P", day)] for day in feb] == ([[ann.pk]] * 13 + [both] * 15)
    assert [bitmaps().get((asset.pk, "S", day)) for day in feb] == (
        [both] + [[bob.pk]] * 13 + [None] * 14
    )
    assert bitmaps() == bitmaps_from_daily()

    # A late event in an old month updates that day and month only.
    record(asset, bob, at(1, 3))
    record(other, bob, at(2, 20))
    usage_events_process()
    assert bitmaps()[(asset.pk, "M", datetime.date(2026, 1, 1))] == both
    assert bitmaps() == bitmaps_from_daily()

    before = bitmaps()
    usage_rollup_run()
    assert bitmaps() == before
    usage_rollup_run(since=datetime.date(2026, 2, 10))
    assert bitmaps() == before
    AssetUserBitmap.objects.all().delete()
    usage_rollup_run()
    assert bitmaps() == before

    # The backfills: the service the command runs, and the migration's own function.
    AssetUserBitmap.objects.all().delete()
    assert user_bitmaps_rebuild() == len(before)
    assert bitmaps() == before
    AssetUserBitmap.objects.all().delete()
    call_command("usage_rollup", "--bitmaps", stdout=io.StringIO())
    assert bitmaps() == before
    AssetUserBitmap.objects.all().delete()
    migration = importlib.import_module("enablement.tracking.migrations.0006_asset_user_bitmap")
    migration.backfill(apps, None)
    assert bitmaps() == before
