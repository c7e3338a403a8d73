"""Display of metric values: percentages, money, days, and "not enough data"."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from content import i18n
from content.templatetags import content_tags

register = template.Library()


def _no_data() -> str:
    return _("not enough data")


def _percent(fraction) -> str:
    return f"{i18n.number(fraction * 100, 1)}%"


def _signed(fraction) -> str:
    """ "+12.5" / "-3.2" in the active language's decimals."""
    points = fraction * 100
    return ("+" if points >= 0 else "-") + i18n.number(abs(points), 1)


@register.filter
def pct(value) -> str:
    return _no_data() if value is None else _percent(value)


@register.filter
def lift(value) -> str:
    return "-" if value is None else _("%(points)s pts") % {"points": _signed(value)}


@register.filter
def pct_range(interval) -> str:
    """A 95 % interval of a rate: "42.0% to 61.3%"."""
    if not interval:
        return "-"
    return _("%(low)s to %(high)s") % {"low": _percent(interval[0]), "high": _percent(interval[1])}


@register.filter
def lift_range(interval) -> str:
    """A 95 % interval of a lift in points: "-3.2 to +12.5 pts"."""
    if not interval:
        return "-"
    return _("%(low)s to %(high)s pts") % {
        "low": _signed(interval[0]),
        "high": _signed(interval[1]),
    }


# The money filters live with the content helpers (any page showing an amount loads
# ``content_tags``); insights templates get them here too.
register.filter("money", content_tags.money)
register.filter("currency_sign", content_tags.currency_sign)


@register.filter
def days(value) -> str:
    if value is None:
        return "-"
    return i18n.days_text(value)


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
        return content_tags.money(value)
    if fmt == "days":
        return days(value)
    if fmt == "number":  # any figure in the active language's separators; "-" as it is
        return i18n.number(value) if isinstance(value, int | float | Decimal) else str(value)
    if fmt == "int":
        return i18n.number(value) if value is not None else "-"
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
