"""Display helpers for asset pages (no business logic: that stays in selectors)."""

from django import template

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
