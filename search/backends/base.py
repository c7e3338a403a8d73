"""The search backend interface every implementation follows (as Wagtail's own backends).

A backend takes a :class:`SearchQuery` and answers a :class:`SearchResults`; both
backends return exactly the same shape, so views and the API never know which one ran.
"""

from __future__ import annotations

import abc
import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ASSET_TYPE_NAMES = ("case_study", "presentation", "objection")
FACET_FIELDS = ("segment", "stage", "type", "language")
MAX_PAGE_SIZE = 100
SUGGEST_LIMIT = 8


class SearchBackendUnavailable(Exception):
    """The backend's server cannot be reached (the caller may fall back)."""


@dataclass(frozen=True)
class Audience:
    """Who is searching, reduced to what visibility needs.

    ``member`` false means the user sees nothing; ``sees_all`` (superusers and Marketing)
    skips the group filter; otherwise restricted assets need one of ``groups``.
    """

    member: bool
    sees_all: bool = False
    groups: frozenset[str] = frozenset()

    @classmethod
    def for_user(cls, user) -> Audience:
        from content.selectors import (
            user_group_names,
            user_is_library_member,
            user_sees_all_restricted,
        )

        if not user_is_library_member(user=user):
            return cls(member=False)
        return cls(
            member=True,
            sees_all=user_sees_all_restricted(user=user),
            groups=frozenset(user_group_names(user=user)),
        )


@dataclass(frozen=True)
class SearchQuery:
    """One search: text, filters (values within a filter are OR-ed), audience, page.

    ``user`` is resolved to an :class:`Audience` unless ``audience`` is given (offline
    query-building tests pass one directly).
    """

    text: str = ""
    segments: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    user: Any = None
    audience: Audience | None = None
    page: int = 1
    page_size: int = 20

    def __post_init__(self) -> None:
        # Whatever was typed (NUL bytes, 10,000 characters) is cleaned once, here, so
        # every backend and the search log see the same safe text.
        from search.query_text import clean_query_text

        object.__setattr__(self, "text", clean_query_text(self.text))

    def resolved_audience(self) -> Audience:
        if self.audience is not None:
            return self.audience
        return Audience.for_user(self.user)

    @property
    def polish(self) -> bool | None:
        """``True`` when the search is filtered to Polish assets only (the text is then
        analysed as Polish); ``None`` lets query understanding detect the language."""
        return True if self.languages == ("pl",) else None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def filters(self) -> dict[str, tuple[str, ...]]:
        """The non-empty filters by facet name, as logged and echoed."""
        pairs = {
            "segment": self.segments,
            "stage": self.stages,
            "type": self.types,
            "language": self.languages,
        }
        return {name: values for name, values in pairs.items() if values}


@dataclass
class Hit:
    """One result, with what a result card or the API needs (no further DB read)."""

    id: int
    score: float
    title: str
    type: str
    url: str
    summary: str = ""
    highlight: str = ""
    segments: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    deals_won: int = 0
    deals_influenced: int = 0
    win_rate: float | None = None
    uses_30d: int = 0
    # The asset's file pages matching the query, best first, as (number, highlighted
    # HTML fragment) pairs, when the backend found them with the hit (Elasticsearch's
    # nested page passages); ``None``: ``search.pages`` reads them from the passages.
    pages: list[tuple[int, str]] | None = None


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class Facet:
    name: str
    values: list[FacetValue] = field(default_factory=list)

    def as_list(self) -> list[dict[str, Any]]:
        return [{"value": item.value, "count": item.count} for item in self.values]


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, Facet]
    backend: str
    query: SearchQuery | None = None
    # Query understanding (search/understanding.py): the corrected query the results are
    # for when the typed one found little ("Showing results for ..."), and the filters the
    # query's words suggest (``SuggestedFilter``: field, value, label, words).
    did_you_mean: str = ""
    suggested_filters: list = field(default_factory=list)
    # True when the configured backend was unreachable and the database answered instead
    # (``search.backends.search_run``); the library says "Reduced search".
    fallback: bool = False

    @property
    def page_count(self) -> int:
        size = self.query.page_size if self.query else max(len(self.hits), 1)
        return max(1, (self.total + size - 1) // size)


@dataclass
class Suggestion:
    id: int
    title: str
    type: str
    url: str


class SearchBackend(abc.ABC):
    """What every backend implements. Assets are ``AssetPage`` instances (specific)."""

    name: str = "abstract"
    supports_typos = False
    supports_performance_ranking = False

    @abc.abstractmethod
    def index(self, asset) -> None:
        """Add or replace one live asset's document."""

    @abc.abstractmethod
    def bulk_index(self, assets: Iterable) -> int:
        """Add or replace many; returns how many were written."""

    @abc.abstractmethod
    def delete(self, asset_id: int) -> None:
        """Remove one asset (no error when absent)."""

    def bulk_delete(self, asset_ids: Iterable[int]) -> None:
        for asset_id in asset_ids:
            self.delete(asset_id)

    @abc.abstractmethod
    def reset_index(self) -> None:
        """Drop everything and start with an empty index."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResults: ...

    @abc.abstractmethod
    def suggest(self, *, text: str, user, limit: int = SUGGEST_LIMIT) -> list[Suggestion]: ...

    def is_available(self) -> bool:
        return True


def backend_class(dotted_path: str) -> type[SearchBackend]:
    module_name, class_name = dotted_path.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), class_name)


def get_search_backend() -> SearchBackend:
    """The backend the settings choose (``ENABLEMENT_SEARCH_BACKEND``)."""
    from django.conf import settings

    return backend_class(settings.ENABLEMENT_SEARCH_BACKEND)()
