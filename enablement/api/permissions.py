from rest_framework.permissions import BasePermission

from content.selectors import user_is_library_member, user_is_manager


class IsLibraryMember(BasePermission):
    """Any of Sales, Marketing, Managers (or a superuser)."""

    message = "You need to be in the Sales, Marketing or Managers group."

    def has_permission(self, request, view) -> bool:
        return user_is_library_member(user=request.user)


class IsManager(BasePermission):
    message = "Only the Managers group can read content stats."

    def has_permission(self, request, view) -> bool:
        return user_is_manager(user=request.user)
