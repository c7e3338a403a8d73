"""The index definition: analysis settings and field mappings.

Analysis
    The CI server is the integ-test-zip build: core analysis only (``standard`` tokenizer,
    ``lowercase``, ``stop``, ``shingle``). When the cluster reports the ``analysis-common``
    module (full distributions) the index also folds accents and stems English
    ("full" mode). ``search_index status`` shows the mode of the live index.
"""

from __future__ import annotations

from typing import Any

# Lucene's English stop words plus function words reps type in customer phrasing
# ("too expensive", "we can't", "our team"), which otherwise match titles by accident.
STOP_WORDS = [
    *[
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ],
    *[
        "too",
        "very",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "my",
        "me",
        "can",
        "can't",
        "do",
        "don't",
        "does",
    ],
]


def index_settings(*, analysis_mode: str) -> dict[str, Any]:
    filters = ["lowercase"]
    extra_filters: dict[str, Any] = {}
    if analysis_mode == "full":
        filters += ["asciifolding", "english_possessive", "english_stop", "english_stemmer"]
        extra_filters = {
            "english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "english_stop": {"type": "stop", "stopwords": STOP_WORDS},
            "english_stemmer": {"type": "stemmer", "language": "english"},
        }
    else:
        filters += ["english_stop"]
        extra_filters = {"english_stop": {"type": "stop", "stopwords": STOP_WORDS}}
    return {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "analysis": {
            "filter": extra_filters,
            "analyzer": {
                "enablement_text": {"type": "custom", "tokenizer": "standard", "filter": filters},
                "enablement_title": {"type": "custom", "tokenizer": "standard", "filter": filters},
            },
        },
    }


def index_mappings(*, analysis_mode: str) -> dict[str, Any]:
    text = {"type": "text", "analyzer": "enablement_text"}
    keyword = {"type": "keyword"}
    integer = {"type": "integer"}
    return {
        "dynamic": "strict",
        "_meta": {"analysis_mode": analysis_mode},
        "properties": {
            "id": integer,
            "type": keyword,
            "title": {
                "type": "text",
                "analyzer": "enablement_title",
                "index_prefixes": {"min_chars": 1, "max_chars": 10},
            },
            "summary": text,
            "body": text,
            "details": text,
            "attachment_text": text,
            "keywords": text,
            "segments": keyword,
            "stages": keyword,
            "personas": keyword,
            "products": keyword,
            "language": keyword,
            "visibility": keyword,
            "groups": keyword,
            "url": {"type": "keyword", "index": False},
            "published_at": {"type": "date"},
            "review_by": {"type": "date"},
            "expire_at": {"type": "date"},
            "last_used_at": {"type": "date"},
            "deals_influenced": integer,
            "deals_won": integer,
            "win_rate": {"type": "float"},
            "uses_30d": integer,
        },
    }
