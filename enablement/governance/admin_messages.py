"""Clear messages after an approver acts in the page editor.

Wagtail ends every workflow action with the edit view's generic "Page '…' has been
updated.", whether the approver approved (and so published or scheduled the asset) or
asked for changes, and a direct publish with "Page '…' has been published.". Marketers
need to know what happened in the library; the ``after_edit_page`` hook below swaps those
messages for ones that say so, keeping every other message (and the buttons) as it was.
"""

from __future__ import annotations

from django.contrib import messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.admin import messages as admin_messages
from wagtail.models import Page


def _generic_texts(page) -> tuple[str, str]:
    title = {"page_title": page.get_admin_display_title()}
    return (
        escape(_("Page '%(page_title)s' has been updated.") % title),
        escape(_("Page '%(page_title)s' has been published.") % title),
    )


def _outcome(page) -> str:
    """What the library shows now, in the writer's words."""
    fresh = Page.objects.get(pk=page.pk)
    if fresh.go_live_at and fresh.go_live_at > timezone.now():
        when = date_format(timezone.localtime(fresh.go_live_at), "j M Y, H:i")
        return _("It goes live in the library on %(when)s.") % {"when": when}
    if fresh.live and not fresh.has_unpublished_changes:
        return _("It is live in the library: reps will find it in search within a minute.")
    if fresh.workflow_in_progress:
        return _("It moves on to the next approval step.")
    return _("It is not live yet.")


def _clear_message(request, page) -> str | None:
    title = page.get_admin_display_title()
    action = request.POST.get("workflow-action-name", "")
    if request.POST.get("action-workflow-action") or action:
        if action == "approve":
            return _("You approved “%(title)s”. %(outcome)s") % {
                "title": title,
                "outcome": _outcome(page),
            }
        if action == "reject":
            return _("You sent “%(title)s” back to its author with your request for changes.") % {
                "title": title
            }
        return None
    if request.POST.get("action-publish"):
        return _("“%(title)s” is published. %(outcome)s") % {
            "title": title,
            "outcome": _outcome(page),
        }
    return None


def messages_after_edit_clarify(request, page) -> None:
    """Replace Wagtail's generic confirmation for this page, if it is there, with a clear
    one; leave the rest of the messages untouched."""
    clear = _clear_message(request, page)
    if clear is None:
        return
    generic = _generic_texts(page)
    # Iterating the storage marks what it held as shown; re-adding them keeps them queued.
    held = list(messages.get_messages(request))
    for message in held:
        text = str(message.message)
        if message.level == messages.SUCCESS and any(g in text for g in generic):
            admin_messages.success(request, clear)
        else:
            messages.add_message(request, message.level, message.message, message.extra_tags)
