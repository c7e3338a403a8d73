"""Elasticsearch backend (``elasticsearch.dsl`` from the official 9.x client), split as
Wagtail's own Elasticsearch backend is:

- ``mapping.py``: index settings and mappings, analysis (core or full) by cluster;
- ``clauses.py``: searched fields and boosts, visibility and facet filters, ranking;
- ``understanding.py``: phrases, synonyms, type/segment/stage boosts, visible typo fixes;
- ``query.py``: the query compiler (``build_search``, ``build_counts``, ``build_suggest``),
  pure functions testable as data, and reading hits back;
- ``index.py``: the alias, versioned rebuilds with an atomic swap, bulk writes;
- ``hybrid.py``: lexical and passage-vector matches fused client-side;
- ``backend.py``: ``ElasticsearchBackend`` (``search``, ``suggest``).

The setting names ``search.backends.elasticsearch.ElasticsearchBackend``; the names below
stay importable from this package.
"""

from search.backends.elasticsearch.backend import ElasticsearchBackend
from search.backends.elasticsearch.clauses import (
    HIGHLIGHT_FIELDS,
    RANKING_FUNCTIONS,
    SOURCE_FIELDS,
    TEXT_FIELDS,
    facet_filters,
    normalise_text,
    phrase_boost,
    ranking,
    text_match,
    visibility_filters,
)
from search.backends.elasticsearch.index import ElasticsearchIndex, client_for
from search.backends.elasticsearch.mapping import STOP_WORDS, index_mappings, index_settings
from search.backends.elasticsearch.query import (
    build_counts,
    build_search,
    build_suggest,
    corrected_text,
    query_words,
)

__all__ = [
    "HIGHLIGHT_FIELDS",
    "RANKING_FUNCTIONS",
    "SOURCE_FIELDS",
    "STOP_WORDS",
    "TEXT_FIELDS",
    "ElasticsearchBackend",
    "ElasticsearchIndex",
    "build_counts",
    "build_search",
    "build_suggest",
    "client_for",
    "corrected_text",
    "facet_filters",
    "index_mappings",
    "index_settings",
    "normalise_text",
    "phrase_boost",
    "query_words",
    "ranking",
    "text_match",
    "visibility_filters",
]
