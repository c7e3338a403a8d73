"""How an app above search adds a rep's home to the library's landing page.

Search never imports those apps: one registers a provider in its ``AppConfig.ready()``;
``/library/`` without a query, filters or a question asks it for ``(template_name,
home)`` and includes that template above the browse list, with ``home`` in its context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LibraryHomeProvider = Callable[..., tuple[str, Any] | None]
_provider: LibraryHomeProvider | None = None


def library_home_register(provider: LibraryHomeProvider) -> None:
    """Let an app render the landing page's home section (``provider(request=...)``)."""
    global _provider
    _provider = provider


def library_home(*, request) -> tuple[str, Any] | None:
    """The home section for this request, or ``None`` (no provider, or nothing to show)."""
    return _provider(request=request) if _provider is not None else None
