"""Search analytics (every search and click), the index's dirty flags, and the
synonyms and segment aliases query understanding reads."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchLog(models.Model):
    """One search as run: normalised query, filters, result count, who and which backend."""

    class Source(models.TextChoices):
        LIBRARY = "library", _("Library UI")
        API = "api", _("API")
        PREP = "prep", _("Prep for a call")

    query = models.CharField(max_length=200, db_index=True, help_text=_("Normalised query."))
    raw_query = models.CharField(max_length=500, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    result_count = models.PositiveIntegerField()
    page = models.PositiveIntegerField(default=1)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="search_logs",
    )
    backend = models.CharField(max_length=16)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.LIBRARY)
    took_ms = models.PositiveIntegerField(default=0)
    # A question asked of the library (answers, not a result list); ``answered`` is
    # false when its best passage scored below the threshold (a content gap).
    question = models.BooleanField(default=False)
    answered = models.BooleanField(null=True, blank=True)
    best_score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["result_count", "created_at"])]

    def __str__(self) -> str:
        return f"{self.query!r} → {self.result_count}"


class SearchClick(models.Model):
    """A result opened from a search (position is 1-based over all pages)."""

    search = models.ForeignKey(
        SearchLog, null=True, blank=True, on_delete=models.CASCADE, related_name="clicks"
    )
    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="search_clicks"
    )
    position = models.PositiveIntegerField(null=True, blank=True)
    passage = models.ForeignKey(
        "search.Passage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clicks",
        help_text=_("The answer passage opened (answers only)."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="search_clicks",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]


class DirtyAsset(models.Model):
    """An asset whose index document may be stale (the sweep re-syncs these).

    Not a foreign key: a deleted asset must stay flagged until its document is removed.
    """

    asset_id = models.BigIntegerField(primary_key=True)
    marked_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"asset {self.asset_id} dirty since {self.marked_at:%Y-%m-%d %H:%M:%S}"


class SearchSynonym(models.Model):
    """A group of words that mean the same to a searcher (marketers keep these in the
    admin): a query holding one alternative also finds the others, at a lower score.
    Applied at query time, so a change needs no reindexing."""

    terms = models.CharField(
        max_length=500,
        help_text=(
            'Alternatives separated by "=", e.g. "HIPAA = protected health information" or '
            '"SOC 2 = SOC2 = security audit". Case does not matter.'
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    def alternatives(self) -> list[str]:
        """The group's alternatives, lower-cased, blanks and repeats dropped."""
        parts = (" ".join(part.lower().split()) for part in self.terms.split("="))
        return list(dict.fromkeys(part for part in parts if part))

    def clean(self) -> None:
        if len(self.alternatives()) < 2:
            raise ValidationError({"terms": 'Give at least two alternatives separated by "=".'})


class SegmentAlias(models.Model):
    """Another word searchers use for a segment ("bank" → Financial Services): a query
    word that names a segment boosts that segment's assets and suggests its filter."""

    segment = models.ForeignKey(
        "content.SegmentTag", on_delete=models.CASCADE, related_name="search_aliases"
    )
    alias = models.CharField(
        max_length=100, unique=True, help_text=_('A word or phrase, e.g. "bank" or "hospital".')
    )

    class Meta:
        verbose_name = _("segment alias")
        verbose_name_plural = _("segment aliases")
        ordering = ["segment__name", "alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.segment}"

    def save(self, *args, **kwargs) -> None:
        self.alias = " ".join(self.alias.lower().split())
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Normalised before the uniqueness check, so "Bank" clashes with "bank".
        self.alias = " ".join(self.alias.lower().split())
        if not self.alias:
            raise ValidationError({"alias": "Give a word or phrase."})


class Passage(models.Model):
    """A piece of an asset a rep would quote (summary, section, answer, result, page),
    embedded for meaning-based search and answers (DESIGN §4a). Rebuilt on index; only
    live, unexpired assets have passages."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("Summary")
        SECTION = "section", _("Section")
        OBJECTION = "objection", _("Objection")
        ANSWER = "answer", _("Answer")
        TALK_TRACK = "talk_track", _("Talk track")
        CHALLENGE = "challenge", _("Challenge")
        SOLUTION = "solution", _("Solution")
        RESULT = "result", _("Result")
        QUOTE = "quote", _("Quote")
        PAGE = "page", _("Page or slide")

    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="passages"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    number = models.PositiveIntegerField(
        default=1, help_text=_("Order within its kind; the page or slide number for pages.")
    )
    text = models.TextField()
    text_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["asset_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "kind", "number"], name="search_passage_unique_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset_id} {self.kind} {self.number}"


class PassageEmbedding(models.Model):
    """A passage text's vector under one encoder, cached by the text's hash: unchanged
    text is never embedded twice, and a new model re-embeds everything."""

    text_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=64)
    vector = models.BinaryField(help_text="float32, unit length.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["text_hash", "model"], name="search_embedding_unique_hash_model"
            )
        ]
