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
