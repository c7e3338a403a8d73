from django import template

from enablement.tracking.selectors import deals_open_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def tracking_open_deals(context):
    """The current user's open deals, for "Use in deal" and "Share with prospect"."""
    request = context.get("request")
    return list(deals_open_for_user(user=getattr(request, "user", None))[:100])


@register.simple_tag
def share_link_day_choices():
    """``[(days, selected), ...]``: the lifetimes the share dialog offers, the default on."""
    from enablement.tracking.services import SHARE_LINK_DAY_CHOICES, SHARE_LINK_DEFAULT_DAYS

    return [(days, days == SHARE_LINK_DEFAULT_DAYS) for days in SHARE_LINK_DAY_CHOICES]


@register.filter
def reading_time(seconds) -> str:
    """Seconds of reading as "1 min 05 s" or "42 s"."""
    from django.utils.translation import gettext as _

    try:
        total = max(round(float(seconds)), 0)
    except (TypeError, ValueError):
        return ""
    minutes, rest = divmod(total, 60)
    if minutes:
        return _("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": rest}
    return _("%(seconds)d s") % {"seconds": rest}


@register.filter
def visit_pages(visit) -> list[tuple[int, float]]:
    """A visit's ``(page, seconds)`` in page order."""
    from enablement.tracking.services.engagement import visit_pages as pages

    return pages(visit)
