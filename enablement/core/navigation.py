"""The site's top navigation: one list per role, the same on every page.

Every library member (Sales, Marketing, Managers) gets the rep's entries; Marketing adds
its reports and the CMS, Managers add insights. The entry whose URL is the longest prefix
of the current path is marked current (asset pages mark none: they belong to no entry).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from content.selectors import user_is_library_member, user_is_manager, user_is_marketer


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False


# (label, URL name or path, who sees it). Paths for the admin: it has no named index.
_REP = "rep"
_MARKETING = "marketing"
_MANAGER = "manager"
NAVIGATION = (
    (_("Library"), "library:search", _REP),
    (_("Prep for a call"), "library:prep", _REP),
    (_("Requests"), "requests:mine", _REP),
    (_("Share links"), "tracking:share-links", _REP),
    (_("Deal rooms"), "rooms:list", _REP),
    (_("Insights"), "insights:overview", _MANAGER),
    (_("Reports"), "/cms/reports/", _MARKETING),
    (_("CMS"), "/cms/", _MARKETING),
)


def navigation_roles(*, user) -> set[str]:
    roles = set()
    if user_is_library_member(user=user):
        roles.add(_REP)
    if user_is_marketer(user=user):
        roles.add(_MARKETING)
    if user_is_manager(user=user):
        roles.add(_MANAGER)
    return roles


def _resolve(target: str) -> str | None:
    if target.startswith("/"):
        return target
    try:
        return reverse(target)
    except NoReverseMatch:  # an app left out of INSTALLED_APPS/urls: no entry
        return None


def navigation_for(request) -> list[NavItem]:
    """The entries the request's user may see, the current one marked."""
    user = getattr(request, "user", None)
    roles = navigation_roles(user=user) if user is not None else set()
    entries = [
        (label, url)
        for label, target, role in NAVIGATION
        if role in roles and (url := _resolve(target)) is not None
    ]
    path = request.path
    matches = [url for _, url in entries if path.startswith(url)]
    current = max(matches, key=len) if matches else None
    return [NavItem(label=label, url=url, current=url == current) for label, url in entries]
