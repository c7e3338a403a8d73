"""The index definition: analysis settings and field mappings.

Analysis
    The CI server is the integ-test-zip build: core analysis only (``standard`` tokenizer,
    ``lowercase``, ``stop``, ``shingle``). When the cluster reports the ``analysis-common``
    module (full distributions) the index also folds accents and stems English
    ("full" mode). ``search_index status`` shows the mode of the live index.

    Polish: no cluster CI runs has a Polish analyzer (stempel is a plugin), so Polish
    assets carry their lemmas computed in Python (``search/polish.py``) in ``title_pl`` and
    ``text_pl``, analysed by the built-in ``standard`` analyzer; Polish queries are
    lemmatised the same way. ``_meta.polish_analysis`` records which lemmatiser built them.
"""

from __future__ import annotations

from typing import Any

from search.stopwords import ANALYZER_STOP_WORDS as STOP_WORDS


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


# Lemmas arrive lower-cased from search/polish.py: the built-in ``standard`` analyzer
# (tokenizer + lowercase, no stop words) keeps them as they are, and being built in, the
# fields can be added to an index created before them (``ensure_index``).
LEMMA_FIELDS = {
    "title_pl": {"type": "text", "analyzer": "standard"},
    "text_pl": {"type": "text", "analyzer": "standard"},
}


def index_mappings(*, analysis_mode: str) -> dict[str, Any]:
    from search.polish import polish_analysis

    text = {"type": "text", "analyzer": "enablement_text"}
    keyword = {"type": "keyword"}
    integer = {"type": "integer"}
    return {
        "dynamic": "strict",
        "_meta": {"analysis_mode": analysis_mode, "polish_analysis": polish_analysis()},
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
            **LEMMA_FIELDS,
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
