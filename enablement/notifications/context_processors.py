from django.utils.functional import SimpleLazyObject

from enablement.notifications.selectors import notifications_unread_count


def notifications(request):
    """The header's unread badge; lazy, so a page without the header costs no query."""
    user = getattr(request, "user", None)
    return {"notifications_unread": SimpleLazyObject(lambda: notifications_unread_count(user=user))}
