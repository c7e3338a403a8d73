"""Plays: marketing's curated, ordered set of assets for a situation, with guidance.

A play lives under the library like an asset, so it goes through the same approval
workflow (set on the root) and has the same freshness fields (``review_by``, Wagtail's
``expire_at``). What a rep sees of it is decided at read time by ``content.plays``: only
assets they may see, retired ones replaced by their successor.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

GUIDANCE_MAX = 300


class PlayPage(Page):
    """An ordered set of assets for a segment and stage, a launch or a competitor."""

    class Situation(models.TextChoices):
        SEGMENT_STAGE = "segment_stage", _("A segment at a deal stage")
        LAUNCH = "launch", _("A product launch")
        COMPETITOR = "competitor", _("A competitor")

    summary = models.TextField(help_text=_("When to run this play, in two or three sentences."))
    situation = models.CharField(
        max_length=16, choices=Situation.choices, default=Situation.SEGMENT_STAGE
    )
    segment = models.ForeignKey(
        "content.SegmentTag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plays",
        help_text=_("Deals in this segment are offered the play (blank: any segment)."),
    )
    stage = models.ForeignKey(
        "content.StageTag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plays",
        verbose_name=_("deal stage"),
        help_text=_("Deals at this stage are offered the play (blank: any stage)."),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_plays",
        verbose_name=_("play owner"),
        help_text=_("Who keeps the play current (told when one of its assets is retired)."),
    )
    review_by = models.DateField(
        null=True, blank=True, help_text=_("Date by which the owner confirms the play still fits.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("situation"), FieldRowPanel([FieldPanel("segment"), FieldPanel("stage")])],
            heading=_("Situation"),
        ),
        InlinePanel("items", heading=_("Assets, in order"), label=_("Asset"), min_num=1),
        FieldRowPanel([FieldPanel("owner_user"), FieldPanel("review_by")]),
    ]

    parent_page_types = ["content.LibraryPage"]
    subpage_types: list[str] = []
    template = "content/play_page.html"

    class Meta:
        verbose_name = _("play")
        verbose_name_plural = _("plays")

    @property
    def review_overdue(self) -> bool:
        return bool(self.review_by and self.review_by < timezone.localdate())

    def clean(self):
        errors = {
            field.name: _("Remove the NUL character (\\x00): text cannot contain it.")
            for field in self._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and "\x00" in (getattr(self, field.attname) or "")
        }
        if self.situation == self.Situation.SEGMENT_STAGE and not (
            self.segment_id or self.stage_id
        ):
            errors["segment"] = _("Pick a segment, a stage or both for a segment and stage play.")
        if errors:
            raise ValidationError(errors)
        super().clean()

    def serve(self, request, *args, **kwargs):
        from content.plays import play_is_live, play_open_record
        from content.selectors import user_is_library_member

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_is_library_member(user=request.user):
            raise PermissionDenied(_("The library is for Sales, Marketing and Managers."))
        if not play_is_live(play=self):
            raise Http404(_("This play is no longer available."))
        play_open_record(play=self, user=request.user)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from content.plays import play_items_for, user_may_edit_play
        from content.selectors import user_is_manager

        context = super().get_context(request, *args, **kwargs)
        context["play"] = self
        context["items"] = play_items_for(play=self, user=request.user)
        context["is_play_editor"] = user_may_edit_play(play=self, user=request.user)
        context["show_scorecard"] = user_is_manager(user=request.user)
        return context


class PlayItem(Orderable):
    """One asset in a play, with what the rep should do with it."""

    play = ParentalKey(PlayPage, on_delete=models.CASCADE, related_name="items")
    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="play_items"
    )
    guidance = models.CharField(
        max_length=GUIDANCE_MAX,
        blank=True,
        help_text=_("A line for the rep, e.g. “send after the discovery call”."),
    )

    panels = [FieldPanel("asset"), FieldPanel("guidance")]

    class Meta(Orderable.Meta):
        verbose_name = _("play item")

    def clean(self):
        if "\x00" in (self.guidance or ""):
            raise ValidationError({"guidance": _("Remove the NUL character (\\x00).")})
        super().clean()


class PlayOpen(models.Model):
    """A library member opened a play (one row per user, play and day): the scorecard's
    "reps who opened it"."""

    play = models.ForeignKey(PlayPage, on_delete=models.CASCADE, related_name="opens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="play_opens"
    )
    day = models.DateField()
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["play", "user", "day"], name="play_open_once_a_day")
        ]
        indexes = [models.Index(fields=["play", "day"])]

    def __str__(self) -> str:
        return f"user {self.user_id} opened play {self.play_id} on {self.day}"
