"""Display helpers for asset pages (no business logic: that stays in selectors)."""

from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

from content import extensions, i18n
from content.selectors import asset_group_names

register = template.Library()


@register.simple_tag
def restricted_groups(asset) -> list[str]:
    """Names of the groups a restricted asset is limited to (empty if everyone in Sales)."""
    return asset_group_names(asset=asset)


@register.filter
def slide_parts(text: str) -> dict[str, str]:
    """Split one slide's or page's text into its first line (the heading) and the rest."""
    heading, _, rest = (text or "").strip().partition("\n")
    return {"heading": heading.strip(), "text": rest.strip()}


@register.simple_tag(takes_context=True)
def asset_page_blocks(context, slot: str) -> str:
    """Render the templates other apps registered for this slot of the asset page.

    Each is rendered with the page's own context, as ``{% include %}`` would.
    """
    rendered = []
    for template_name in extensions.asset_page_blocks(slot=slot):
        block_template = context.template.engine.get_template(template_name)
        with context.push():
            rendered.append(block_template.render(context))
    return mark_safe("".join(rendered))


@register.simple_tag
def route_url(name: str, *args) -> str:
    """The URL of a page another app serves for content (``content.extensions``), or ""."""
    return extensions.route_url(name, *args) or ""


@register.simple_tag
def asset_preview(asset) -> dict:
    """The page viewer's data for an asset the viewer may see (``content.previews``)."""
    from content.previews import asset_preview as preview

    return preview(asset=asset)


@register.filter
def for_asset(by_asset_id: dict, asset_id):
    """``thumbnails|for_asset:hit.id``: one asset's entry of a dict keyed by asset id."""
    return (by_asset_id or {}).get(asset_id)


@register.filter
def money(value, currency=None) -> str:
    """``{{ amount|money:currency }}``: the amount in the active language with its currency,
    "1 229 400,00 zł" in Polish, "1,229,400.00 PLN" in English; without a currency only the
    number ("1,229,400.00", "1 229 400,00"), as table cells under a "(PLN)" heading show it."""
    if value is None:
        return "-"
    return i18n.money(Decimal(value), str(currency or ""))


@register.filter
def currency_sign(code) -> str:
    """The currency as the active language writes it after an amount (PLN: "zł" in Polish)."""
    return i18n.currency_sign(str(code or ""))
