"""The one allow-list for rich text: what the editor can produce is all a page may contain.

Rich text is stored in Wagtail's database format and expanded when it is rendered (the
``richtext`` filter turns ``<a linktype="page" id="3">`` into a real link and
``<embed embedtype="image" ...>`` into an ``<img>``). We sanitise that stored format on the
way in (import, API, admin, demo seeder: all reach ``AssetPage.full_clean``/``save``), so
the allow-list below is the database format of exactly the editor features we enable.

Anything else is removed: ``<script>``/``<style>`` with their content, every ``on*``
handler, ``style``/``class`` attributes, and URLs whose scheme is not in ``URL_SCHEMES``
(``javascript:``, ``data:``, ``vbscript:`` ...). Relative URLs are kept.
"""

from __future__ import annotations

import re

import nh3

# The Draftail features every rich-text field offers (``RichTextField(features=...)``).
# Wagtail's default set minus "embed": third-party players would be blocked by our
# Content-Security-Policy (``frame-src 'self'``) and oEmbed fetches leak to third parties.
RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "hr",
    "link",
    "document-link",
    "image",
]

# Tags of those features in the database format, plus the HTML synonyms an import may use
# (strong/em; Draftail itself writes b/i) and the paragraph/line-break structure.
ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "b",
    "strong",
    "i",
    "em",
    "ol",
    "ul",
    "li",
    "hr",
    "a",
    "embed",
}
# href for external links; linktype + id for Wagtail's internal page/document links;
# embedtype + id + format + alt for images chosen in the editor.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "id"},
    "embed": {"id", "format", "alt"},
}
ALLOWED_ATTRIBUTE_VALUES = {
    "a": {"linktype": {"page", "document"}},
    "embed": {"embedtype": {"image"}},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed together with their content, not just unwrapped.
REMOVED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript", "svg"}


def rich_text_sanitize(html: str) -> str:
    """Return ``html`` reduced to the rich-text allow-list (idempotent; ``""`` stays ``""``)."""
    if not html:
        return html
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=URL_SCHEMES,
        # No rel added: the stored format stays exactly what Draftail writes and reads.
        link_rel=None,
        strip_comments=True,
    )
    return _EMBED_TAG.sub(_wagtail_embed, cleaned)


# nh3 serialises void elements as ``<embed ...>``; Wagtail's rewriter only expands the
# self-closing ``<embed .../>`` form, so write it back that way (and drop bare embeds).
_EMBED_TAG = re.compile(r'<embed((?:\s+[\w-]+="[^"]*")*)\s*/?>')


def _wagtail_embed(match: re.Match) -> str:
    attributes = match.group(1)
    return f"<embed{attributes}/>" if 'embedtype="' in attributes else ""
