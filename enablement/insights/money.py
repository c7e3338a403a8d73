"""Money in insights: the default currency and converting deal amounts into it.

Deals keep the amount and currency the CRM sent. Every money figure of insights is in the
default currency (``settings.ENABLEMENT_DEFAULT_CURRENCY``, "USD" when unset): an amount
in another currency is converted with the ``ExchangeRate`` an admin set for it; an amount
in a currency without a rate is left out of the sums and reported per currency beside
them (``revenue_without_rate``), never summed silently.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Value, When

from enablement.insights.models import ExchangeRate, default_currency_code

CENT = Decimal("0.01")
MONEY_FIELD = DecimalField(max_digits=24, decimal_places=2)


def default_currency() -> str:
    """``settings.ENABLEMENT_DEFAULT_CURRENCY`` (ISO 4217 code), "USD" when unset."""
    return default_currency_code()


def exchange_rates() -> dict[str, Decimal]:
    """Rate into the default currency per currency code (the default itself is 1)."""
    base = default_currency()
    rates = dict(ExchangeRate.objects.filter(base_currency=base).values_list("currency", "rate"))
    rates[base] = Decimal(1)
    return rates


def convert(amount: Decimal, currency: str, rates: dict[str, Decimal]) -> Decimal | None:
    """``amount`` in the default currency, or ``None`` when ``currency`` has no rate."""
    rate = rates.get((currency or "").upper())
    return None if rate is None else (Decimal(amount) * rate).quantize(CENT)


def converted_amount(rates: dict[str, Decimal], *, prefix: str = "") -> Case:
    """An ORM expression: the deal's amount in the default currency, NULL without a rate
    (so ``Sum`` leaves it out; count those with ``revenue_without_rate``)."""
    amount, currency = f"{prefix}amount", f"{prefix}currency"
    return Case(
        *[
            When(
                **{currency: code},
                then=ExpressionWrapper(F(amount) * Value(rate), output_field=MONEY_FIELD),
            )
            for code, rate in sorted(rates.items())
        ],
        default=Value(None, output_field=MONEY_FIELD),
        output_field=MONEY_FIELD,
    )


def converted_amount_sql(
    rates: dict[str, Decimal], *, amount: str, currency: str
) -> tuple[str, list]:
    """The same as SQL for raw queries: ``CASE currency WHEN %s THEN amount * %s ... END``
    (``* 1.0`` keeps SQLite from dividing whole amounts as integers later)."""
    cases, params = [], []
    for code, rate in sorted(rates.items()):
        cases.append(f"WHEN %s THEN {amount} * 1.0 * %s")
        params.extend([code, float(rate)])
    return f"(CASE {currency} {' '.join(cases)} ELSE NULL END)", params
