"""Places where apps above content contribute to asset pages, without content importing them.

Content is the lowest of our apps: it may not import tracking, governance or insights. Those
apps add to asset pages from their ``AppConfig.ready()`` instead, as Wagtail's own apps
register hooks:

- ``register_asset_editor_tab(panel_factory=..., heading=...)`` adds a tab to every asset
  type's edit page (insights' "Usage" tab). The tabs are read when Wagtail first builds an
  asset type's edit handler (``get_edit_handler()`` is cached per class), which happens after
  every app is ready.
- ``register_asset_page_block(slot=..., template_name=..., position=...)`` adds a template
  to a slot of the asset page (tracking's action buttons in ``"actions"``, governance's
  feedback box in ``"footer"``); content's page templates render a slot with
  ``{% asset_page_blocks "actions" %}``.

- ``register_route(name=..., url_name=...)`` names the page another app serves for one of
  content's needs, so content links to it without knowing the app: ``"library"`` (the
  library's search page: search), ``"asset-download"`` (a file download that is recorded:
  tracking), ``"asset-unavailable"`` (where a retired or expired asset's visitors go:
  governance). ``route_url()`` reverses it, or gives ``None`` when no app serves it.

- ``register_text_analysis(language=..., analyser=...)`` gives assets in that language an
  ``analysed_text`` for the database search index (search's Polish lemmas).

Registering the same tab or block twice (a second ``ready()`` in tests) has no effect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from wagtail.admin.panels import Panel


@dataclass(frozen=True)
class AssetEditorTab:
    """A tab on the asset edit page: its heading and a function building its panels."""

    heading: str
    panel_factory: Callable[[], Panel | list[Panel]]


@dataclass(frozen=True)
class AssetPageBlock:
    """A template rendered in one slot of the asset page, ordered by position."""

    slot: str
    template_name: str
    position: int


_editor_tabs: list[AssetEditorTab] = []
_page_blocks: list[AssetPageBlock] = []


def register_asset_editor_tab(
    *, heading: str, panel_factory: Callable[[], Panel | list[Panel]]
) -> None:
    """Add a tab (after content's own) to the edit page of every asset type."""
    if any(tab.heading == heading for tab in _editor_tabs):
        return
    _editor_tabs.append(AssetEditorTab(heading=heading, panel_factory=panel_factory))


def asset_editor_tabs() -> list[AssetEditorTab]:
    """The registered editor tabs, in registration order."""
    return list(_editor_tabs)


def register_asset_page_block(*, slot: str, template_name: str, position: int = 100) -> None:
    """Render ``template_name`` in ``slot`` of every asset page (lower positions first)."""
    block = AssetPageBlock(slot=slot, template_name=template_name, position=position)
    if block not in _page_blocks:
        _page_blocks.append(block)


def asset_page_blocks(*, slot: str) -> list[str]:
    """Template names registered for ``slot``, by position then registration order."""
    blocks = [block for block in _page_blocks if block.slot == slot]
    return [block.template_name for block in sorted(blocks, key=lambda block: block.position)]


_routes: dict[str, str] = {}


def register_route(*, name: str, url_name: str) -> None:
    """Serve content's ``name`` need with the URL pattern ``url_name`` (last one wins)."""
    _routes[name] = url_name


def route_url(name: str, *args) -> str | None:
    """The URL another app registered for ``name`` (with ``args``), or ``None``."""
    url_name = _routes.get(name)
    return reverse(url_name, args=args) if url_name else None


_text_analysers: dict[str, Callable] = {}


def register_text_analysis(*, language: str, analyser: Callable) -> None:
    """Index ``analyser(asset) -> str`` (e.g. search's Polish lemmas) for assets in
    ``language`` as their ``analysed_text`` (the database search index reads it)."""
    _text_analysers[language] = analyser


def text_analysis(asset) -> str:
    """The registered analysis of ``asset``'s text for its language, or ``""``."""
    analyser = _text_analysers.get(getattr(asset, "language", ""))
    return analyser(asset) if analyser else ""
