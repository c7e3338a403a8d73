from django.conf import settings

from content.groups import MANAGERS, MARKETING


def navigation(request):
    """What the top navigation may show the current user."""
    user = getattr(request, "user", None)
    names = set()
    if user is not None and user.is_authenticated:
        names = set(user.groups.values_list("name", flat=True))
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "nav_can_edit": bool(
            user and user.is_authenticated and (user.is_superuser or MARKETING in names)
        ),
        "nav_can_see_insights": bool(
            user and user.is_authenticated and (user.is_superuser or MANAGERS in names)
        ),
    }
