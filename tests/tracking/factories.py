"""Factories for deals and usage events (tracking's own; shared ones: tests/factories.py)."""

from __future__ import annotations

import datetime
import uuid

import factory
from django.utils import timezone

from enablement.tracking.models import Deal, UsageEvent


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal

    external_id = factory.Sequence(lambda n: f"006TEST{n:06d}")
    name = factory.Sequence(lambda n: f"Deal {n}")
    account = factory.Faker("company")
    amount = 25000
    currency = "USD"
    created_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))
    status = Deal.Status.OPEN
    closed_at = None


class UsageEventFactory(factory.django.DjangoModelFactory):
    """A stored (unprocessed) event; use services to exercise ingestion itself."""

    class Meta:
        model = UsageEvent

    event_id = factory.LazyFunction(uuid.uuid4)
    kind = UsageEvent.Kind.VIEW
    occurred_at = factory.LazyFunction(timezone.now)
    metadata = factory.LazyFunction(dict)
