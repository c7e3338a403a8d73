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

Passages (``passages``, nested)
    One nested document per ``search.models.Passage`` of the asset (summary, sections,
    objection answer and talk track, results, each page or slide with its number): its
    text analysed as the body is (plus its Polish lemmas in ``text_pl``), and its
    embedding in ``vector``, a ``dense_vector`` of the encoder's dimension, cosine,
    quantised to int8 by the server in an HNSW graph built with a short construction
    beam (``ef_construction`` 32 instead of 100): the graph was most of a rebuild's time
    on a 2-core server, and the narrower beam built it 4.5 times faster on synthetic
    vectors, while queries keep ``num_candidates`` (``passages.py``) and the float rescore. A flat
    (exhaustive) index builds no faster at 100,000 assets and scans every visible vector
    per query (about 90 ms there under load): measured in the README. kNN runs over these
    (``hybrid.py``), page hits and answers read them back as inner hits.
    ``_meta.encoder`` names the encoder the vectors came from; ``_meta.mapping_version``
    is ``MAPPING_VERSION`` when built, so ``search_index status`` reports an index built
    by older code or another encoder.
"""

from __future__ import annotations

from typing import Any

from search.stopwords import ANALYZER_STOP_WORDS as STOP_WORDS

MAPPING_VERSION = 3
"""1: assets only; 2: nested passages with their vectors (kNN, page hits, answers);
3: the vectors in a lighter index (see ``VECTOR_INDEX_OPTIONS``), offsets in the postings
of the highlighted fields. kNN runs only on an index of the
current version (``ElasticsearchIndex.knn_ready``): an older one searches lexically until
``search_index rebuild``."""
VECTOR_INDEX_OPTIONS = {"type": "int8_hnsw", "m": 16, "ef_construction": 32}


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


def vector_mapping(dimensions: int) -> dict[str, Any]:
    return {
        "type": "dense_vector",
        "dims": dimensions,
        "index": True,
        "similarity": "cosine",
        "index_options": VECTOR_INDEX_OPTIONS,
    }


def passages_mapping(*, vector_dimensions: int | None) -> dict[str, Any]:
    """The nested ``passages`` field; without an encoder, no ``vector`` (added by
    ``ElasticsearchIndex.ensure_vectors`` once one is configured)."""
    properties: dict[str, Any] = {
        "id": {"type": "integer"},
        "kind": {"type": "keyword"},
        "number": {"type": "integer"},
        "text": {"type": "text", "analyzer": "enablement_text", "index_options": "offsets"},
        "text_pl": {"type": "text", "analyzer": "standard"},
    }
    if vector_dimensions:
        properties["vector"] = vector_mapping(vector_dimensions)
    return {"type": "nested", "properties": properties}


def index_meta(*, analysis_mode: str, encoder: str | None) -> dict[str, Any]:
    from search.polish import polish_analysis

    return {
        "analysis_mode": analysis_mode,
        "polish_analysis": polish_analysis(),
        "mapping_version": MAPPING_VERSION,
        "encoder": encoder,
    }


def index_mappings(
    *, analysis_mode: str, encoder: str | None = None, vector_dimensions: int | None = None
) -> dict[str, Any]:
    text = {"type": "text", "analyzer": "enablement_text"}
    # Highlighted fields keep their offsets in the postings: the unified highlighter then
    # reads them instead of re-analysing each hit's text (most of a hits request's time).
    highlighted = {**text, "index_options": "offsets"}
    keyword = {"type": "keyword"}
    integer = {"type": "integer"}
    return {
        "dynamic": "strict",
        "_meta": index_meta(analysis_mode=analysis_mode, encoder=encoder),
        "properties": {
            "id": integer,
            "type": keyword,
            "title": {
                "type": "text",
                "analyzer": "enablement_title",
                "index_prefixes": {"min_chars": 1, "max_chars": 10},
            },
            "summary": highlighted,
            "body": highlighted,
            "details": highlighted,
            "attachment_text": highlighted,
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
            "translation_of": integer,
            "passages": passages_mapping(vector_dimensions=vector_dimensions),
        },
    }
