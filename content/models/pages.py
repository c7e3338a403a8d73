"""The library root and the asset page types.

The three asset types share one concrete, non-creatable base page, ``AssetPage``,
rather than an abstract one: tags, visibility, search and usage stats then work across
every type through one table and one set of tag through-models."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content import extensions
from content.blocks import ProofPointBlock, ResultBlock
from content.models.editing import asset_edit_handler
from content.models.vocabulary import TaggedPersona, TaggedProduct, TaggedSegment, TaggedStage
from content.sanitize import RICH_TEXT_FEATURES, rich_text_sanitize

# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def _slug_shadowed(slug: str) -> bool:
    """Whether ``/<slug>/`` (an asset's URL, the library being the site root) is answered by
    another view (``/library/``, ``/login/``, ``/cms/``...), which would hide the asset."""
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"


class LibraryPage(Page):
    """The library root: every asset lives under it."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = [
        "content.CaseStudyPage",
        "content.PresentationPage",
        "content.ObjectionPage",
        "content.PlayPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def serve(self, request, *args, **kwargs):
        # The library UI (search, facets) is served by the app registered for it.
        url = extensions.route_url("library")
        if url is None:
            raise Http404("No library search is installed.")
        return redirect(url)


class AssetPage(Page):
    """Shared base of every asset type. Not creatable on its own."""

    class Visibility(models.TextChoices):
        SALES = "sales", _("Everyone in Sales")
        RESTRICTED = "restricted", _("Only the groups named below")

    class Language(models.TextChoices):
        EN = "en", _("English")
        DE = "de", _("German")
        FR = "fr", _("French")
        ES = "es", _("Spanish")
        PL = "pl", _("Polish")

    summary = models.TextField(help_text=_("Two or three sentences a rep reads before the call."))
    body = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    segments = ClusterTaggableManager(
        through=TaggedSegment, blank=True, related_name="assets", verbose_name=_("segments")
    )
    stages = ClusterTaggableManager(
        through=TaggedStage, blank=True, related_name="assets", verbose_name=_("deal stages")
    )
    personas = ClusterTaggableManager(
        through=TaggedPersona, blank=True, related_name="assets", verbose_name=_("personas")
    )
    products = ClusterTaggableManager(
        through=TaggedProduct, blank=True, related_name="assets", verbose_name=_("products")
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_assets",
        verbose_name=_("content owner"),
        help_text=_("Who keeps this asset accurate (review reminders go to them)."),
    )
    review_by = models.DateField(
        null=True,
        blank=True,
        help_text=_("Date by which the owner confirms this is still accurate."),
    )
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.EN)
    attachment = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("PDF or PPTX, up to 50 MB. Its text is extracted for search."),
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.SALES
    )
    visible_to_groups = ParentalManyToManyField(
        Group,
        blank=True,
        related_name="restricted_assets",
        help_text=_("With restricted visibility, only members of these groups see the asset."),
    )
    # Linked translations: a translation points at its original (one level; the original
    # and every asset pointing at it are the translation group). Not Wagtail's locales:
    # ``copy_for_translation`` needs a translated parent, i.e. a second library tree per
    # locale, while the library is one tree and one index with language as a facet.
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The original this asset translates (its language must differ)."),
    )
    external_id = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier in the source system (set by import_assets)."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("attachment_text"),
        # Polish lemmas (search registers the analyser, see content.extensions).
        index.SearchField("analysed_text"),
        index.FilterField("language"),
        index.FilterField("visibility"),
    ]

    is_creatable = False
    parent_page_types = ["content.LibraryPage"]
    subpage_types: list[str] = []

    asset_type = "asset"
    asset_type_label = _("Asset")

    # What a prospect may see on the public share page, per type (the one list; the share
    # template shows nothing else). ``body`` is never in it: it holds the rep's coaching
    # ("How to use this story", "When to use this deck"), and ``summary`` is written for
    # reps ("Two or three sentences a rep reads before the call") except on case studies,
    # where it is the story's abstract.
    PROSPECT_FIELDS: tuple[str, ...] = ("title",)
    prospect_type_label = _("Document")

    # Panels shared by every type; subclasses put their own fields between them.
    # Segments and stages are on the main tab: they decide where reps find the asset. Their
    # vocabularies are closed (``free_tagging = False``), so the help says how to pick, not
    # taggit's "A comma-separated list of tags".
    targeting_panels = [
        FieldPanel(
            "segments",
            help_text=_(
                "Who this is for. Start typing and pick from the suggestions; only "
                "segments Marketing has set up (admin menu: Vocabularies, Segments) are accepted."
            ),
        ),
        FieldPanel(
            "stages",
            heading=_("Deal stages"),
            help_text=_(
                "When in a deal reps should use it. Start typing and pick from the "
                "suggestions: Prospecting, Discovery, Demo, Proposal, Negotiation, Closing."
            ),
        ),
    ]
    classification_panels = [
        FieldRowPanel(
            [
                FieldPanel(
                    "personas",
                    help_text=_(
                        "Buyer roles it speaks to, e.g. CFO. Type a name and press "
                        "Enter; new ones are created."
                    ),
                ),
                FieldPanel(
                    "products",
                    help_text=_(
                        "Products it covers. Type a name and press Enter; new ones are created."
                    ),
                ),
            ]
        ),
        FieldRowPanel([FieldPanel("language"), FieldPanel("review_by")]),
        FieldPanel("translation_of"),
        FieldPanel("owner_user"),
    ]
    access_panels = [
        HelpPanel(
            "Restricted assets are hidden from search, suggestions, the API and share links "
            "for everyone outside the named groups."
        ),
        FieldPanel("visibility"),
        FieldPanel("visible_to_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("external_id", read_only=True),
    ]

    class Meta:
        verbose_name = "asset"

    # -- derived data ---------------------------------------------------------

    @property
    def attachment_text(self) -> str:
        attachment = self.attachment
        return attachment.extracted_text if attachment else ""

    @property
    def analysed_text(self) -> str:
        """The asset's text as the registered analyser for its language gives it (Polish
        lemmas), for the database index; empty when none is registered."""
        return extensions.text_analysis(self)

    def translation_group_ids(self) -> list[int]:
        """Ids of this asset, its original and the original's other translations."""
        root_id = self.translation_of_id or self.pk
        ids = AssetPage.objects.filter(
            models.Q(pk=root_id) | models.Q(translation_of_id=root_id)
        ).values_list("pk", flat=True)
        return sorted({self.pk, *ids})

    def segment_names(self) -> list[str]:
        return sorted(tag.name for tag in self.segments.all())

    def stage_names(self) -> list[str]:
        return [tag.name for tag in sorted(self.stages.all(), key=lambda t: (t.position, t.name))]

    @property
    def review_overdue(self) -> bool:
        return bool(self.review_by and self.review_by < timezone.localdate())

    # -- input hygiene --------------------------------------------------------
    # Every write path (import, admin, revisions, demo seeder) passes through full_clean or
    # save, so sanitising here covers them all; the editor's own conversion is not enough.

    def rich_text_sanitize(self) -> None:
        """Reduce every rich-text field to the allow-list in ``content.sanitize``."""
        for field in self._meta.concrete_fields:
            if isinstance(field, RichTextField):
                value = getattr(self, field.attname)
                if value:
                    setattr(self, field.attname, rich_text_sanitize(value))

    def full_clean(self, *args, **kwargs):
        self.rich_text_sanitize()
        return super().full_clean(*args, **kwargs)

    def clean(self):
        # PostgreSQL cannot store NUL in text; refuse it before any query uses the value.
        errors = {
            field.name: "Remove the NUL character (\\x00): text cannot contain it."
            for field in self._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and "\x00" in (getattr(self, field.attname) or "")
        }
        errors.update(self._translation_errors())
        if self.slug and _slug_shadowed(self.slug):
            errors["slug"] = f"“{self.slug}” is taken by a part of the site; choose another slug."
        if errors:
            raise ValidationError(errors)
        super().clean()

    def _translation_errors(self) -> dict[str, str]:
        original = self.translation_of
        if original is None:
            return {}
        if self.pk and original.pk == self.pk:
            return {"translation_of": "An asset cannot be a translation of itself."}
        if original.translation_of_id:
            return {"translation_of": "Choose the original, not another translation of it."}
        if self.pk and self.translations.exists():
            return {"translation_of": "This asset has translations of its own."}
        if original.language == self.language:
            return {"translation_of": "The original is in the same language."}
        return {}

    def save(self, *args, **kwargs):
        self.rich_text_sanitize()
        return super().save(*args, **kwargs)

    # -- access ---------------------------------------------------------------

    def is_visible_to(self, user) -> bool:
        from content.selectors import asset_is_visible_to

        return asset_is_visible_to(asset=self, user=user)

    def serve(self, request, *args, **kwargs):
        from content.selectors import asset_is_live

        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not asset_is_live(asset=self):
            # Past its expire_at but not yet unpublished by the scheduler: behave as the
            # scheduler would have left it (the retired notice, or the replacement).
            url = extensions.route_url("asset-unavailable", self.pk)
            if url is None:
                raise Http404("This asset is no longer available.")
            return redirect(url)
        if not self.is_visible_to(request.user):
            raise PermissionDenied("This asset is restricted to other groups.")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from content.selectors import asset_translations_visible

        context = super().get_context(request, *args, **kwargs)
        context["asset"] = self
        # "Also in: Polski": only translations live now and visible to this reader.
        context["translations"] = asset_translations_visible(asset=self, user=request.user)
        return context


class CaseStudyPage(AssetPage):
    """A customer story: challenge, solution, measurable results and a quote."""

    customer = models.CharField(max_length=200)
    industry = models.CharField(max_length=100, blank=True)
    challenge = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    solution = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    results = StreamField([("result", ResultBlock())], blank=True, use_json_field=True)
    quote = models.TextField(blank=True)
    quote_author = models.CharField(max_length=200, blank=True)

    search_fields = [
        *AssetPage.search_fields,
        index.SearchField("customer", boost=3),
        index.SearchField("industry"),
        index.SearchField("challenge"),
        index.SearchField("solution"),
        index.SearchField("quote"),
    ]

    is_creatable = True
    asset_type = "case_study"
    asset_type_label = _("Case study")
    PROSPECT_FIELDS = (
        "title",
        "summary",
        "customer",
        "industry",
        "results",
        "challenge",
        "solution",
        "quote",
        "quote_author",
        "attachment",
    )
    prospect_type_label = _("Customer story")
    template = "content/case_study_page.html"

    edit_handler = asset_edit_handler(
        [
            FieldRowPanel([FieldPanel("customer"), FieldPanel("industry")]),
            FieldPanel("challenge"),
            FieldPanel("solution"),
            FieldPanel("results"),
            MultiFieldPanel([FieldPanel("quote"), FieldPanel("quote_author")], heading=_("Quote")),
        ]
    )

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def result_pairs(self) -> list[tuple[str, str]]:
        return [(block.value["metric"], block.value["value"]) for block in self.results]


class PresentationPage(AssetPage):
    """A deck (PDF or PPTX) with an in-page preview of its slides' text."""

    slide_count = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Filled from the deck when its text is extracted.")
    )

    is_creatable = True
    asset_type = "presentation"
    asset_type_label = _("Presentation")
    # The deck itself is for the prospect; its extracted text is not shown, since it
    # carries the speaker notes, and the summary says when a rep should use the deck.
    PROSPECT_FIELDS = ("title", "attachment")
    prospect_type_label = _("Presentation")
    template = "content/presentation_page.html"

    edit_handler = asset_edit_handler([FieldPanel("slide_count")])

    class Meta:
        verbose_name = "presentation"

    @property
    def shown_slides(self) -> list[tuple[int, str]]:
        """(real number, text) of each slide/page shown; hidden slides are left out."""
        hidden = set(self.attachment.hidden_pages or ()) if self.attachment else set()
        parts = self.attachment_text.split("\f") if self.attachment_text else []
        return [(n, part.strip()) for n, part in enumerate(parts, 1) if n not in hidden]

    @property
    def slides_text(self) -> list[str]:
        return [text for _, text in self.shown_slides]


class ObjectionPage(AssetPage):
    """How to answer an objection, in the customer's words, with proof."""

    objection = models.TextField(help_text=_("The objection as the customer says it."))
    short_answer = models.TextField(help_text=_("One or two sentences a rep can say or paste."))
    talk_track = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    proof_points = StreamField(
        [("proof_point", ProofPointBlock())], blank=True, use_json_field=True
    )

    search_fields = [
        *AssetPage.search_fields,
        index.SearchField("objection", boost=3),
        index.SearchField("short_answer", boost=2),
        index.SearchField("talk_track"),
    ]

    is_creatable = True
    asset_type = "objection"
    asset_type_label = _("Objection handling")
    # The question in the customer's words and the answer written to be said or pasted;
    # the talk track, summary and proof points (links into the library) are coaching.
    PROSPECT_FIELDS = ("title", "objection", "short_answer", "attachment")
    prospect_type_label = _("Your question answered")
    template = "content/objection_page.html"

    edit_handler = asset_edit_handler(
        [
            FieldPanel("objection"),
            FieldPanel("short_answer"),
            FieldPanel("talk_track"),
            FieldPanel("proof_points"),
        ]
    )

    class Meta:
        verbose_name = _("objection-handling answer")

    def get_context(self, request, *args, **kwargs):
        from content.selectors import objection_proof_points

        context = super().get_context(request, *args, **kwargs)
        context["proof_points"] = objection_proof_points(objection=self, user=request.user)
        return context

    def proof_point_items(self) -> list[dict]:
        items = []
        for block in self.proof_points:
            page = block.value.get("case_study")
            items.append({"claim": block.value.get("claim", ""), "case_study": page})
        return items


ASSET_TYPES: dict[str, type[AssetPage]] = {
    CaseStudyPage.asset_type: CaseStudyPage,
    PresentationPage.asset_type: PresentationPage,
    ObjectionPage.asset_type: ObjectionPage,
}
