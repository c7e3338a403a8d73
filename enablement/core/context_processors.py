from django.utils.functional import SimpleLazyObject

from content.selectors import user_is_marketer
from enablement.core.models import Branding
from enablement.core.navigation import navigation_for


def navigation(request):
    """The site's branding and what the top navigation shows the current user.

    Lazy: a template that never shows the name or the menu costs no query.
    """
    branding = SimpleLazyObject(lambda: Branding.load(request_or_site=request))
    user = getattr(request, "user", None)
    return {
        "branding": branding,
        "site_name": SimpleLazyObject(lambda: branding.display_name),
        "nav_items": SimpleLazyObject(lambda: navigation_for(request)),
        "nav_can_edit": SimpleLazyObject(lambda: user_is_marketer(user=user)),
    }
