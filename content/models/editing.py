"""The asset types' editor: one tabbed interface, built when Wagtail first asks for it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.models import Page

from content import extensions


class _AssetEditHandler:
    """An asset type's ``edit_handler``, built when Wagtail first asks for it.

    Wagtail reads ``edit_handler`` once per page class (``get_edit_handler()`` is cached),
    after every app is ready, so the tabs other apps registered in ``ready()`` (see
    ``content.extensions``) are there by then; building it at import time would miss them.
    """

    def __init__(self, type_panels):
        self.type_panels = type_panels

    def __get__(self, instance, owner):
        from content.models.pages import AssetPage

        return TabbedInterface(
            [
                ObjectList(
                    [
                        # Fills the slug from the title as the writer types, so a new
                        # asset saves (and autosaves) without a visit to the Promote tab.
                        TitleFieldPanel(
                            "title",
                            help_text=_(
                                "The name reps see in the library, search and "
                                "suggestions (and prospects, when it is shared with them)."
                            ),
                        ),
                        FieldPanel("summary"),
                        *AssetPage.targeting_panels,
                        *self.type_panels,
                        FieldPanel("body"),
                        FieldPanel("attachment"),
                        HelpPanel(
                            template="content/panels/attachment_status.html",
                            heading=_("Attachment preview and text"),
                        ),
                    ],
                    heading=_("Content"),
                ),
                ObjectList(AssetPage.classification_panels, heading=_("Classification")),
                ObjectList(AssetPage.access_panels, heading=_("Access")),
                ObjectList(Page.promote_panels, heading=_("Promote")),
                ObjectList(Page.settings_panels, heading=_("Settings")),
                *(
                    ObjectList(_as_panel_list(tab.panel_factory()), heading=tab.heading)
                    for tab in extensions.asset_editor_tabs()
                ),
            ]
        )


def _as_panel_list(panels):
    return panels if isinstance(panels, list) else [panels]


def asset_edit_handler(type_panels):
    return _AssetEditHandler(type_panels)
