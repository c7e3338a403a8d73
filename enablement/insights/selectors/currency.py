"""Money that cannot be converted: won deals in a currency without an exchange rate."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from content.models import SegmentTag
from enablement.insights.models import ExchangeRate, Team
from enablement.insights.money import default_currency
from enablement.insights.selectors.periods import _money, period_bounds
from enablement.insights.selectors.usage import _deal_filter
from enablement.tracking.models import Deal, DealInfluence


def revenue_without_rate(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Team | None = None,
) -> dict[str, tuple[int, Decimal]]:
    """Per currency without a rate: (won influenced deals, their amount) closed in the
    period; these amounts are missing from every revenue figure and must be shown apart."""
    start, end = period_bounds(since=since, until=until)
    base = default_currency()
    rows = (
        Deal.objects.filter(status=Deal.Status.WON, closed_at__gte=start, closed_at__lt=end)
        .filter(_deal_filter(segment=segment, team=team))
        .filter(Exists(DealInfluence.objects.filter(deal=OuterRef("pk"))))
        .exclude(currency=base)
        .exclude(
            Exists(ExchangeRate.objects.filter(currency=OuterRef("currency"), base_currency=base))
        )
        .order_by()
        .values("currency")
        .annotate(deals=Count("pk", distinct=True), amount=Sum("amount"))
        .values_list("currency", "deals", "amount")
    )
    return {currency: (deals, _money(amount)) for currency, deals, amount in sorted(rows)}
