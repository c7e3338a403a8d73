"""Languages and numbers for every app: a user's saved language, rendering in it, and
numbers and money in the active language.

The project's middleware and language switch (``enablement.core.i18n``) build on these; apps
import them from here, since apps never import the project modules (docs/architecture.md).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext


def supported_language(code: str | None) -> str | None:
    """``code`` if it is one of ``settings.LANGUAGES``, else ``None``."""
    if not isinstance(code, str):
        return None
    return code if code in dict(settings.LANGUAGES) else None


def saved_language(user) -> str | None:
    """The user's saved language (Wagtail's profile), ``None`` when they chose none."""
    from wagtail.users.models import UserProfile

    code = (
        UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    )
    return supported_language(code)


def save_language(user, code: str) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != code:
        profile.preferred_language = code
        profile.save(update_fields=["preferred_language"])


def language_of(user) -> str:
    """The language to write to ``user`` in (emails, notifications): their saved choice,
    else the site's default."""
    return (saved_language(user) if user is not None and user.pk else None) or (
        settings.LANGUAGE_CODE
    )


def override_for(user):
    """``with override_for(user):`` renders in the user's language (emails from tasks)."""
    return translation.override(language_of(user))


# -- numbers and money in the active language ----------------------------------------------

# Currencies whose own sign the language writes after the amount ("1 229 400,00 zł").
CURRENCY_SIGNS = {"pl": {"PLN": "zł"}}


def number(value, places: int | None = None) -> str:
    """``value`` grouped and with the active language's separators: "1,229,400.00" in
    English, "1 229 400,00" (no-break spaces) in Polish."""
    from decimal import Decimal

    from django.utils import formats

    if places is not None:  # rounded as f"{value:.2f}" rounds (Django's formatting cuts)
        value = Decimal(f"{value:.{places}f}")
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def currency_sign(code: str) -> str:
    """How the active language writes currency ``code`` after an amount (PLN is "zł" in
    Polish; other codes stay ISO codes)."""
    language = (translation.get_language() or "").split("-")[0]
    return CURRENCY_SIGNS.get(language, {}).get(code, code)


def money(value, currency: str = "") -> str:
    """An amount with two decimals in the active language, then its currency if given."""
    text = number(value, 2)
    return f"{text} {currency_sign(currency)}" if currency else text


def short_number(value) -> str:
    """``value`` without trailing zeros ("2", "1.5"; "1,5" in Polish), as ``f"{value:g}"``."""
    from decimal import Decimal

    return number(Decimal(f"{value:g}"))


def days_text(value) -> str:
    """ "2 days", "1 day", "1.5 days" ("2 dni", "1 dzień", "1,5 dni")."""
    whole = float(value).is_integer()
    return ngettext("%(days)s day", "%(days)s days", int(value) if whole else 2) % {
        "days": short_number(value)
    }
