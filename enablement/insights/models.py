"""Weekly digest bookkeeping, exchange rates for money figures, and sales teams."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_currency_code() -> str:
    return getattr(settings, "ENABLEMENT_DEFAULT_CURRENCY", "USD")


class DigestPreference(models.Model):
    """Per-user opt-out of the weekly digest (no row means subscribed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    weekly_digest = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} weekly digest {'on' if self.weekly_digest else 'off'}"


class DigestRun(models.Model):
    """One row per ISO week: claimed atomically so the digest goes out once a week."""

    week_start = models.DateField(unique=True, help_text=_("Monday of the ISO week reported on."))
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week_start"]

    def __str__(self) -> str:
        return f"digest for week of {self.week_start}"


class DigestDelivery(models.Model):
    """One recipient of one week's digest; the unique row is claimed before sending."""

    run = models.ForeignKey(DigestRun, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "user"], name="unique_digest_delivery")
        ]


currency_code = RegexValidator(r"^[A-Za-z]{3}\Z", "Use a three-letter ISO 4217 code, e.g. EUR.")


class ExchangeRate(models.Model):
    """How much one unit of ``currency`` is worth in ``base_currency`` (the default
    currency, ``settings.ENABLEMENT_DEFAULT_CURRENCY``, when the rate was set). Insights
    convert deal amounts with the rates whose base is the current default currency; a
    currency without one is shown apart and flagged, never summed in."""

    currency = models.CharField(max_length=3, validators=[currency_code])
    base_currency = models.CharField(
        max_length=3, validators=[currency_code], default=default_currency_code
    )
    rate = models.DecimalField(
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
        help_text=_("Units of the base currency for one unit of the currency."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "base_currency"], name="unique_exchange_rate"
            )
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate.normalize():f} {self.base_currency}"

    def clean(self):
        self.currency = (self.currency or "").upper()
        self.base_currency = (self.base_currency or "").upper()
        if self.currency == self.base_currency:
            raise ValidationError({"currency": "A currency needs no rate to itself."})


class Team(models.Model):
    """A sales team: its members' usage and deals are what the insights Team filter shows.
    Separate from Django groups, which grant permissions (Sales, Marketing, Managers)."""

    name = models.CharField(max_length=100, unique=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_sales_teams",
        help_text=_("Who leads the team (not counted as a member unless added below)."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="sales_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
