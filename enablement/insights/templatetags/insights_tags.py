"""Display of metric values: percentages, money, days, and "not enough data"."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()

NO_DATA = "not enough data"


@register.filter
def pct(value) -> str:
    return NO_DATA if value is None else f"{value * 100:.1f}%"


@register.filter
def lift(value) -> str:
    return "-" if value is None else f"{value * 100:+.1f} pts"


@register.filter
def pct_range(interval) -> str:
    """A 95 % interval of a rate: "42.0% to 61.3%"."""
    if not interval:
        return "-"
    return f"{interval[0] * 100:.1f}% to {interval[1] * 100:.1f}%"


@register.filter
def lift_range(interval) -> str:
    """A 95 % interval of a lift in points: "-3.2 to +12.5 pts"."""
    if not interval:
        return "-"
    return f"{interval[0] * 100:+.1f} to {interval[1] * 100:+.1f} pts"


@register.filter
def money(value) -> str:
    if value is None:
        return "-"
    return intcomma(f"{Decimal(value):.2f}")


@register.filter
def days(value) -> str:
    return "-" if value is None else f"{value:g} days"


@register.filter
def cell(value, fmt: str) -> str:
    """Format one table cell by its column format (see ``Table.formats``)."""
    if fmt == "pct":
        return pct(value) if value is not None else "-"
    if fmt == "lift":
        return lift(value)
    if fmt == "ci_pct":
        return pct_range(value)
    if fmt == "ci_lift":
        return lift_range(value)
    if fmt == "money":
        return money(value)
    if fmt == "days":
        return days(value)
    if fmt == "int":
        return intcomma(value) if value is not None else "-"
    if fmt == "date":
        return value.isoformat() if value else "-"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


@register.filter
def heat(value, maximum) -> str:
    """A 0..5 intensity class for heat map cells."""
    if not value or not maximum:
        return "0"
    return str(min(5, 1 + int(4 * value / maximum)))
