"""What marketing publishes: the library root, the asset types and their vocabularies.

The three asset types share one concrete, non-creatable base page, ``AssetPage``,
rather than an abstract one: tags, visibility, search and usage stats then work across
every type through one table and one set of tag through-models.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import ProofPointBlock, ResultBlock
from enablement.insights.panels import AssetUsagePanel

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------


class SegmentTag(TagBase):
    """A market segment (Enterprise, Healthcare, ...): a vocabulary marketers manage."""

    free_tagging = False

    class Meta:
        verbose_name = "segment"
        verbose_name_plural = "segments"
        ordering = ["name"]


class StageTag(TagBase):
    """A deal stage. The six defaults come from a data migration, in deal order."""

    free_tagging = False
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the sales process.")

    class Meta:
        verbose_name = "deal stage"
        verbose_name_plural = "deal stages"
        ordering = ["position", "name"]


class PersonaTag(TagBase):
    """Who the asset speaks to (CFO, IT director, ...). Free tagging."""

    class Meta:
        verbose_name = "persona"
        verbose_name_plural = "personas"


class ProductTag(TagBase):
    """Which product the asset is about. Free tagging."""

    class Meta:
        verbose_name = "product"
        verbose_name_plural = "products"


class TaggedSegment(ItemBase):
    tag = models.ForeignKey(SegmentTag, related_name="tagged_assets", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "content.AssetPage", related_name="tagged_segments", on_delete=models.CASCADE
    )


class TaggedStage(ItemBase):
    tag = models.ForeignKey(StageTag, related_name="tagged_assets", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "content.AssetPage", related_name="tagged_stages", on_delete=models.CASCADE
    )


class TaggedPersona(ItemBase):
    tag = models.ForeignKey(PersonaTag, related_name="tagged_assets", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "content.AssetPage", related_name="tagged_personas", on_delete=models.CASCADE
    )


class TaggedProduct(ItemBase):
    tag = models.ForeignKey(ProductTag, related_name="tagged_assets", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "content.AssetPage", related_name="tagged_products", on_delete=models.CASCADE
    )


# ---------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------


class AssetDocument(AbstractDocument):
    """A Wagtail document (PDF or PPTX) with the text extracted from it for search."""

    class Extraction(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Extracted"
        FAILED = "failed", "Failed"

    extracted_text = models.TextField(blank=True, editable=False)
    extraction_status = models.CharField(
        max_length=16, choices=Extraction.choices, default=Extraction.PENDING, editable=False
    )
    extraction_error = models.CharField(max_length=500, blank=True, editable=False)
    page_count = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Pages (PDF) or slides (PPTX)."
    )
    extracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    extracted_from = models.CharField(
        max_length=255, blank=True, editable=False, help_text="File name the text came from."
    )

    @property
    def needs_extraction(self) -> bool:
        return bool(self.file) and self.extracted_from != self.file.name

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    @property
    def kind(self) -> str:
        """``pdf`` or ``pptx``, from the stored file's extension (validated by content)."""
        return self.file_extension


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


class LibraryPage(Page):
    """The library root: every asset lives under it."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["content.CaseStudyPage", "content.PresentationPage", "content.ObjectionPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def serve(self, request, *args, **kwargs):
        # The library UI (search, facets) lives at /library/ in the search app.
        return redirect("library:search")


class AssetPage(Page):
    """Shared base of every asset type. Not creatable on its own."""

    class Visibility(models.TextChoices):
        SALES = "sales", "Everyone in Sales"
        RESTRICTED = "restricted", "Only the groups named below"

    class Language(models.TextChoices):
        EN = "en", "English"
        DE = "de", "German"
        FR = "fr", "French"
        ES = "es", "Spanish"

    summary = models.TextField(help_text="Two or three sentences a rep reads before the call.")
    body = RichTextField(blank=True)
    segments = ClusterTaggableManager(
        through=TaggedSegment, blank=True, related_name="assets", verbose_name="segments"
    )
    stages = ClusterTaggableManager(
        through=TaggedStage, blank=True, related_name="assets", verbose_name="deal stages"
    )
    personas = ClusterTaggableManager(
        through=TaggedPersona, blank=True, related_name="assets", verbose_name="personas"
    )
    products = ClusterTaggableManager(
        through=TaggedProduct, blank=True, related_name="assets", verbose_name="products"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_assets",
        verbose_name="content owner",
        help_text="Who keeps this asset accurate (review reminders go to them).",
    )
    review_by = models.DateField(
        null=True, blank=True, help_text="Date by which the owner confirms this is still accurate."
    )
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.EN)
    attachment = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="PDF or PPTX, up to 50 MB. Its text is extracted for search.",
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.SALES
    )
    visible_to_groups = ParentalManyToManyField(
        Group,
        blank=True,
        related_name="restricted_assets",
        help_text="With restricted visibility, only members of these groups see the asset.",
    )
    external_id = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Identifier in the source system (set by import_assets).",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("attachment_text"),
        index.FilterField("language"),
        index.FilterField("visibility"),
    ]

    is_creatable = False
    parent_page_types = ["content.LibraryPage"]
    subpage_types: list[str] = []

    asset_type = "asset"
    asset_type_label = "Asset"

    # Panels shared by every type; subclasses put their own fields between them.
    classification_panels = [
        FieldPanel("segments"),
        FieldPanel("stages"),
        FieldRowPanel([FieldPanel("personas"), FieldPanel("products")]),
        FieldRowPanel([FieldPanel("language"), FieldPanel("review_by")]),
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

    def segment_names(self) -> list[str]:
        return sorted(tag.name for tag in self.segments.all())

    def stage_names(self) -> list[str]:
        return [tag.name for tag in sorted(self.stages.all(), key=lambda t: (t.position, t.name))]

    @property
    def review_overdue(self) -> bool:
        return bool(self.review_by and self.review_by < timezone.localdate())

    # -- access ---------------------------------------------------------------

    def is_visible_to(self, user) -> bool:
        from content.selectors import asset_is_visible_to

        return asset_is_visible_to(asset=self, user=user)

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not self.is_visible_to(request.user):
            raise PermissionDenied("This asset is restricted to other groups.")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["asset"] = self
        return context


def _edit_handler(type_panels):
    return TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("summary"),
                    *type_panels,
                    FieldPanel("body"),
                    FieldPanel("attachment"),
                    HelpPanel(
                        template="content/panels/attachment_status.html",
                        heading="Attachment text",
                    ),
                ],
                heading="Content",
            ),
            ObjectList(AssetPage.classification_panels, heading="Classification"),
            ObjectList(AssetPage.access_panels, heading="Access"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
            ObjectList([AssetUsagePanel()], heading="Usage"),
        ]
    )


class CaseStudyPage(AssetPage):
    """A customer story: challenge, solution, measurable results and a quote."""

    customer = models.CharField(max_length=200)
    industry = models.CharField(max_length=100, blank=True)
    challenge = RichTextField(blank=True)
    solution = RichTextField(blank=True)
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
    asset_type_label = "Case study"
    template = "content/case_study_page.html"

    edit_handler = _edit_handler(
        [
            FieldRowPanel([FieldPanel("customer"), FieldPanel("industry")]),
            FieldPanel("challenge"),
            FieldPanel("solution"),
            FieldPanel("results"),
            MultiFieldPanel([FieldPanel("quote"), FieldPanel("quote_author")], heading="Quote"),
        ]
    )

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    def result_pairs(self) -> list[tuple[str, str]]:
        return [(block.value["metric"], block.value["value"]) for block in self.results]


class PresentationPage(AssetPage):
    """A deck (PDF or PPTX) with an in-page preview of its slides' text."""

    slide_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Filled from the deck when its text is extracted."
    )

    is_creatable = True
    asset_type = "presentation"
    asset_type_label = "Presentation"
    template = "content/presentation_page.html"

    edit_handler = _edit_handler([FieldPanel("slide_count")])

    class Meta:
        verbose_name = "presentation"

    @property
    def slides_text(self) -> list[str]:
        """The deck's text split per slide/page (the extractor separates them by form feed)."""
        text = self.attachment_text
        return [part.strip() for part in text.split("\f")] if text else []


class ObjectionPage(AssetPage):
    """How to answer an objection, in the customer's words, with proof."""

    objection = models.TextField(help_text="The objection as the customer says it.")
    short_answer = models.TextField(help_text="One or two sentences a rep can say or paste.")
    talk_track = RichTextField(blank=True)
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
    asset_type_label = "Objection handling"
    template = "content/objection_page.html"

    edit_handler = _edit_handler(
        [
            FieldPanel("objection"),
            FieldPanel("short_answer"),
            FieldPanel("talk_track"),
            FieldPanel("proof_points"),
        ]
    )

    class Meta:
        verbose_name = "objection-handling answer"

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


# ---------------------------------------------------------------------------
# Governance (content/governance/): retirement, review reminders, content requests.
# Kept out of AssetPage's own fields so revisions never carry or restore them.
# ---------------------------------------------------------------------------


class AssetRetirement(models.Model):
    """Why and when an asset left the library, and where its old URL now leads."""

    class Kind(models.TextChoices):
        RETIRED = "retired", "Retired"
        EXPIRED = "expired", "Expired"

    asset = models.OneToOneField(AssetPage, on_delete=models.CASCADE, related_name="retirement")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.RETIRED)
    reason = models.TextField(blank=True)
    replacement = models.ForeignKey(
        AssetPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text="The asset the old URL and share links now lead to.",
    )
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retired_at = models.DateTimeField(default=timezone.now)
    redirect = models.OneToOneField(
        "wagtailredirects.Redirect",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "asset retirement"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.asset_id}"


class ReviewNotification(models.Model):
    """One review reminder: at most one per asset, due date and kind (due soon / overdue)."""

    class Kind(models.TextChoices):
        DUE = "due", "Review due"
        OVERDUE = "overdue", "Review overdue"

    asset = models.ForeignKey(
        AssetPage, on_delete=models.CASCADE, related_name="review_notifications"
    )
    review_by = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "review_by", "kind"], name="unique_review_notification"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for asset {self.asset_id} ({self.review_by})"


class ContentRequest(models.Model):
    """Something sales needs that the library lacks; marketing triages it in the admin."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        PLANNED = "planned", "Planned"
        DONE = "done", "Done"
        DECLINED = "declined", "Declined"

    class Urgency(models.TextChoices):
        LOW = "low", "Nice to have"
        NORMAL = "normal", "Needed this quarter"
        HIGH = "high", "Needed for a live deal"

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="content_requests"
    )
    what = models.TextField("what is missing")
    search_query = models.CharField(
        max_length=200, blank=True, help_text="The search that found nothing, if any."
    )
    segment = models.ForeignKey(
        SegmentTag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        StageTag,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="deal stage",
    )
    deal = models.ForeignKey(
        "tracking.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    resolution_asset = models.ForeignKey(
        AssetPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="new asset",
        help_text="Required when done: the asset that answers the request.",
    )
    decline_reason = models.TextField(blank=True, help_text="Required when declined.")
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    requester_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "content request"

    def __str__(self) -> str:
        return self.what[:80]
