from django.conf import settings

from content.groups import MARKETING
from content.selectors import user_group_names, user_is_manager


def navigation(request):
    """What the top navigation may show the current user."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    # Cached on the user, so the view's own permission checks reuse the same query.
    names = user_group_names(user=user) if signed_in else set()
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "nav_can_edit": signed_in and (user.is_superuser or MARKETING in names),
        "nav_can_see_insights": signed_in and user_is_manager(user=user),
    }
