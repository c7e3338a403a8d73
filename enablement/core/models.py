"""Branding an admin can change without a deploy: the site's name and logo."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="site")
class Branding(BaseGenericSetting):
    """One per installation (Settings > Branding in the admin)."""

    site_name = models.CharField(
        max_length=60,
        blank=True,
        help_text=(
            "Shown in the header, page titles, the sign-in page and on pages shared with "
            "prospects. Leave empty to use the default name."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Shown beside the name. A wide logo on a transparent or white background reads "
            "best; it is drawn on a white tile in the dark header."
        ),
    )

    select_related = ["logo"]
    panels = [FieldPanel("site_name"), FieldPanel("logo")]

    class Meta:
        verbose_name = _("branding")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.site_name.strip() or settings.WAGTAIL_SITE_NAME

    @property
    def logo_url(self) -> str:
        # The original upload, not a rendition: no extra queries on every page.
        return self.logo.file.url if self.logo_id and self.logo else ""
