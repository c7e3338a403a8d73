from rest_framework.permissions import BasePermission

from content.groups import MANAGERS
from content.selectors import user_group_names, user_is_library_member


class IsLibraryMember(BasePermission):
    """Any of Sales, Marketing, Managers (or a superuser)."""

    message = "You need to be in the Sales, Marketing or Managers group."

    def has_permission(self, request, view) -> bool:
        return user_is_library_member(user=request.user)


class IsManager(BasePermission):
    message = "Only the Managers group can read content stats."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (user.is_superuser or MANAGERS in user_group_names(user=user))
        )
