"""Elasticsearch backend (``elasticsearch.dsl`` from the official 9.x client).

Index layout
    One alias, ``<ELASTICSEARCH_INDEX_PREFIX>-assets``, points at one versioned index
    ``<alias>-<UTC timestamp>``. ``rebuild()`` fills a fresh versioned index with the
    client's bulk helpers and swaps the alias in one ``update_aliases`` call, so searches
    never see an empty or half-built index. Only live, unexpired assets are indexed.

Analysis
    The CI server is the integ-test-zip build: core analysis only (``standard`` tokenizer,
    ``lowercase``, ``stop``, ``shingle``). When the cluster reports the ``analysis-common``
    module (full distributions) the index also folds accents and stems English
    ("full" mode). ``search_index status`` shows the mode of the live index.

Query (``build_search`` for hits, ``build_counts`` for totals and facets: one msearch)
    relevance = cross_fields multi_match over title^5 > details^3 (customer,
                objection...) = summary^3 > keywords^2 > body^1.5 > attachment_text^1;
                all terms of one, all but one of 2-4, 75 % of longer queries (customers'
                words rarely all match). Exact terms, so Elasticsearch can skip documents
                that cannot reach the top (block-max WAND) instead of scoring every match.
    typos     = a word found in no document the searcher may see that the term
                suggester can correct (edit distance ≤ 2, words of 4+ characters, first
                letter kept, as ``fuzziness: AUTO:4,8`` with ``prefix_length: 1``) is
                replaced by the closest indexed term *a visible document contains* (so a
                word only a restricted asset holds is never offered) and the search re-run;
                the results say ``did_you_mean`` (three round trips, typo queries only).
                Fuzzy expansion inside the query cost ~5x the search.
    understanding = phrases, synonyms, type/segment/stage boosts and suggested filters
                (``search/understanding.py``, ``elasticsearch_understanding.py``).
    rescore   = the top 200 (or the page's end) get the phrase boost (slop 2, boost 2,
                over title, details, summary) added, then are multiplied by the
                ranking below.
    filters   = visibility (``groups`` ∈ {everyone, the user's groups}, unless the user
                sees all), not expired, the facet filters: filter context, no scoring.
    counts    = a size-0 request: exact total, facets as filtered terms aggregations,
                each facet with the *other* facets' filters (the facets themselves as
                ``post_filter``).

Ranking (``function_score``, score_mode=sum, boost_mode=multiply)::

    score = relevance * (1
                         + 0.5 · log10(1 + deals_won)
                         + 0.2 · log10(1 + deals_influenced)
                         + 0.3 · win_rate                       (0 when unknown)
                         + 0.2 · log10(1 + uses_30d)
                         + 0.3 · gauss(published_at; now, offset 30 d, scale 180 d, 0.5))

    so an asset in 9 won deals (of 9 influenced) with a 60 % win rate, used 9 times this
    month and published last week gets 2.4 times its text relevance, while an equally
    relevant unused, year-old asset gets 1.03 times: relevance still dominates (the
    multiplier stays between 1 and about 3). Text queries apply it to the 200 most
    relevant matches (rescore); an empty query applies it to every visible asset, so the
    library browses best-performing and freshest first.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import A, MultiSearch, Q, Search

from search.backends.base import (
    FACET_FIELDS,
    SUGGEST_LIMIT,
    Audience,
    Facet,
    FacetValue,
    Hit,
    SearchBackend,
    SearchBackendUnavailable,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.documents import EVERYONE
from search.understanding import (
    UnderstoodQuery,
    Vocabulary,
    query_understand,
    suggested_filters_for,
)

logger = logging.getLogger(__name__)

TEXT_FIELDS = [
    "title^5",
    "details^3",
    "summary^3",
    "keywords^2",
    "body^1.5",
    "attachment_text^1",
]
# Phrases over short fields only: positions over bodies of every match cost more than
# the rest of the query.
PHRASE_FIELDS = ["title^5", "details^3", "summary^3"]
SUGGEST_FIELDS = ["title", "summary", "details", "keywords", "body", "attachment_text"]
RESCORE_WINDOW = 200
BULK_THREADS = 2
BULK_CHUNK = 1000
HIGHLIGHT_FIELDS = ["summary", "details", "body", "attachment_text"]
MINIMUM_SHOULD_MATCH = "1<-1 4<75%"
FACET_INDEX_FIELDS = {"segment": "segments", "stage": "stages", "type": "type"}
FILTER_INDEX_FIELDS = {**FACET_INDEX_FIELDS, "language": "language"}
FACET_SIZE = 50
SOURCE_FIELDS = [
    "id",
    "title",
    "type",
    "url",
    "summary",
    "segments",
    "stages",
    "deals_won",
    "deals_influenced",
    "win_rate",
    "uses_30d",
]

RANKING_FUNCTIONS: list[dict[str, Any]] = [
    {"weight": 1},
    {
        "field_value_factor": {"field": "deals_won", "modifier": "log1p", "missing": 0},
        "weight": 0.5,
    },
    {
        "field_value_factor": {"field": "deals_influenced", "modifier": "log1p", "missing": 0},
        "weight": 0.2,
    },
    {
        "field_value_factor": {"field": "win_rate", "modifier": "none", "missing": 0},
        "weight": 0.3,
    },
    {
        "field_value_factor": {"field": "uses_30d", "modifier": "log1p", "missing": 0},
        "weight": 0.2,
    },
    {
        "gauss": {
            "published_at": {"origin": "now", "offset": "30d", "scale": "180d", "decay": 0.5}
        },
        "weight": 0.3,
    },
]

UNAVAILABLE_ERRORS = (TransportConnectionError, ConnectionTimeout)

# ---------------------------------------------------------------------------
# Query building (pure)
# ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w+", re.UNICODE)


def normalise_text(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()[:200]


def visibility_filters(audience: Audience) -> list[Q]:
    """Filters every search and suggestion carries: who may see it, and not expired."""
    if not audience.member:
        return [Q("match_none")]
    filters = [
        Q(
            "bool",
            should=[~Q("exists", field="expire_at"), Q("range", expire_at={"gt": "now"})],
            minimum_should_match=1,
        )
    ]
    if not audience.sees_all:
        filters.append(Q("terms", groups=[EVERYONE, *sorted(audience.groups)]))
    return filters


def facet_filters(query: SearchQuery) -> dict[str, Q]:
    values = {
        "segment": query.segments,
        "stage": query.stages,
        "type": query.types,
        "language": query.languages,
    }
    return {
        name: Q("terms", **{FILTER_INDEX_FIELDS[name]: list(chosen)})
        for name, chosen in values.items()
        if chosen
    }


def text_match(text: str) -> Q:
    """Which documents a text matches: every word in any field (``cross_fields``), all
    of one or two words... (``MINIMUM_SHOULD_MATCH``). Exact terms only: typos are
    corrected before searching (see ``_visible_corrections``), which keeps the query cheap
    (fuzzy expansion over six fields cost ~5x the whole search at 100,000 assets)."""
    return Q(
        "multi_match",
        query=text,
        fields=TEXT_FIELDS,
        type="cross_fields",
        minimum_should_match=MINIMUM_SHOULD_MATCH,
    )


def phrase_boost(text: str) -> Q:
    return Q("multi_match", query=text, fields=PHRASE_FIELDS, type="phrase", slop=2, boost=2)


def ranking(query: Q) -> Q:
    return Q(
        "function_score",
        query=query,
        functions=RANKING_FUNCTIONS,
        score_mode="sum",
        boost_mode="multiply",
    )


def _filters(query: SearchQuery) -> list[Q]:
    return [*visibility_filters(query.resolved_audience()), *facet_filters(query).values()]


def build_search(
    query: SearchQuery, *, index: str | None = None, understood: UnderstoodQuery | None = None
) -> Search:
    """The hits request for ``query``: one page of results, ranked, highlighted.

    With text, the text relevance picks the top ``RESCORE_WINDOW`` (Elasticsearch skips
    non-competitive documents, so this no longer scores every match) and the ranking
    functions rescore that window: ``relevance * (1 + performance + freshness)``. An empty
    text ranks every visible asset by the functions alone. Filters (visibility, expiry,
    facets) are in filter context; totals and facet counts come from ``build_counts``.
    ``understood`` (``search/understanding.py``) adds phrases, synonyms and type/segment/
    stage boosts; without it the text is searched as typed (quoted phrases still count).
    """
    from search.backends.elasticsearch_understanding import understood_relevance

    text = normalise_text(query.text)
    understood = understood or _as_typed(text)
    filters = _filters(query)
    if text:
        search = Search(index=index).query(
            Q("bool", must=[understood_relevance(understood)], filter=filters)
        )
        window = max(RESCORE_WINDOW, query.offset + query.page_size)
        rescores = []
        if len(text.split()) > 1:
            rescores.append(
                {
                    "window_size": window,
                    "query": {"rescore_query": phrase_boost(text).to_dict(), "score_mode": "total"},
                }
            )
        rescores.append(
            {
                "window_size": window,
                "query": {
                    "rescore_query": ranking(Q("match_all")).to_dict(),
                    "query_weight": 1,
                    "rescore_query_weight": 1,
                    "score_mode": "multiply",
                },
            }
        )
        search = search.extra(rescore=rescores)
        # Highlight with the exact words: re-analysing each hit's fields is the cost.
        search = search.highlight_options(
            encoder="html",
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            fragment_size=180,
            number_of_fragments=1,
            max_analyzed_offset=20_000,
            highlight_query=Q(
                "multi_match",
                query=" ".join(understood.highlight_words()) or text,
                fields=HIGHLIGHT_FIELDS,
            ).to_dict(),
        ).highlight(*HIGHLIGHT_FIELDS)
    else:
        search = Search(index=index).query(
            Q("bool", must=[ranking(Q("match_all"))], filter=filters)
        )
        search = search.sort(
            "_score", {"published_at": {"order": "desc", "missing": "_last"}}, "id"
        )
    search = search.source(SOURCE_FIELDS).extra(track_total_hits=False)
    return search[query.offset : query.offset + query.page_size]


def query_words(text: str) -> list[str]:
    """The words a typo check looks at (the term suggester's own minimum is 4)."""
    return list(
        dict.fromkeys(w for w in _WORDS.findall(normalise_text(text).lower()) if len(w) >= 4)
    )


def _as_typed(text: str) -> UnderstoodQuery:
    return query_understand(text=text, vocabulary=Vocabulary())


def build_counts(
    query: SearchQuery,
    *,
    index: str | None = None,
    check_typos: bool = True,
    understood: UnderstoodQuery | None = None,
) -> Search:
    """The counting request for ``query`` (no hits, no scoring): the exact total, one
    filtered aggregation per facet (each with the *other* facets' filters, the facets
    themselves as ``post_filter``) and, for typo correction, whether each word occurs in
    the matches plus the term suggester's corrections for words missing from a field."""
    from search.backends.elasticsearch_understanding import understood_relevance

    text = normalise_text(query.text)
    base = visibility_filters(query.resolved_audience())
    if text:
        base = [understood_relevance(understood or _as_typed(text)), *base]
    search = Search(index=index).query(Q("bool", filter=base))
    chosen = facet_filters(query)
    if chosen:
        search = search.post_filter(Q("bool", filter=list(chosen.values())))
    for name in FACET_FIELDS:
        others = [clause for other, clause in chosen.items() if other != name]
        bucket = A("filter", filter=Q("bool", filter=others) if others else Q("match_all"))
        bucket.bucket("values", "terms", field=FACET_INDEX_FIELDS[name], size=FACET_SIZE)
        search.aggs.bucket(name, bucket)
    # Only the free words: type, segment and stage words and function words are known.
    words = query_words((understood or _as_typed(text)).text) if check_typos else []
    if words:
        for field_name in SUGGEST_FIELDS:
            search = search.suggest(
                field_name,
                " ".join(words),
                term={"field": field_name, "suggest_mode": "missing", "size": 3},
            )
    return search.extra(track_total_hits=True, size=0)


def corrected_text(text: str, corrections: dict[str, str]) -> str:
    if not corrections:
        return text
    return _WORDS.sub(lambda m: corrections.get(m.group(0).lower(), m.group(0)), text)


def build_suggest(*, text: str, audience: Audience, limit: int = SUGGEST_LIMIT) -> Search:
    """Titles starting with what was typed (last word as a prefix, earlier words fuzzy),
    under the same visibility filters; better-performing assets first on ties."""
    text = normalise_text(text)
    search = Search().query(
        Q(
            "bool",
            must=[
                Q(
                    "function_score",
                    query=Q("match_bool_prefix", title={"query": text, "fuzziness": "AUTO"}),
                    functions=RANKING_FUNCTIONS[:2],
                    score_mode="sum",
                    boost_mode="multiply",
                )
            ],
            filter=visibility_filters(audience),
        )
    )
    return search.source(["id", "title", "type", "url"])[:limit]


# ---------------------------------------------------------------------------
# Index definition
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Backend
# ---------------------------------------------------------------------------

_clients: dict[str, Elasticsearch] = {}
_clients_lock = threading.Lock()
_ready_aliases: set[tuple[str, str]] = set()


def client_for(url: str) -> Elasticsearch:
    """One pooled client per URL (connection reuse matters for p95)."""
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            client = Elasticsearch(url, request_timeout=10, max_retries=0, retry_on_timeout=False)
            _clients[url] = client
        return client


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    supports_typos = True
    supports_performance_ranking = True

    def __init__(self, *, url: str | None = None, prefix: str | None = None) -> None:
        self.url = url or settings.ELASTICSEARCH_URL
        if not self.url:
            raise SearchBackendUnavailable("ELASTICSEARCH_URL is not set")
        self.alias = f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}-assets"
        self.client = client_for(self.url)

    @property
    def refresh(self) -> bool:
        # Tests ask for refresh=True so a write is searchable at once; production relies
        # on the 1 s refresh interval.
        return bool(getattr(settings, "ENABLEMENT_SEARCH_REFRESH", False))

    # -- cluster ---------------------------------------------------------------

    def _call(self, function: Callable, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except UNAVAILABLE_ERRORS as error:
            raise SearchBackendUnavailable(str(error)) from error
        except ApiError as error:
            if error.meta.status >= 500 or error.meta.status == 429:
                raise SearchBackendUnavailable(str(error)) from error
            raise

    def is_available(self) -> bool:
        try:
            self._call(self.client.cluster.health, timeout="2s")
        except SearchBackendUnavailable:
            return False
        return True

    def cluster_modules(self) -> list[str]:
        info = self._call(self.client.nodes.info, metric="plugins")
        names: set[str] = set()
        for node in info["nodes"].values():
            names.update(module["name"] for module in node.get("modules", []))
            names.update(plugin["name"] for plugin in node.get("plugins", []))
        return sorted(names)

    def detect_analysis_mode(self) -> str:
        """``full`` when the cluster has analysis-common (stemming, folding), else ``core``."""
        return "full" if "analysis-common" in self.cluster_modules() else "core"

    def server_version(self) -> str:
        info = self._call(self.client.nodes.info, filter_path="nodes.*.version")
        versions = sorted({node.get("version", "?") for node in info["nodes"].values()})
        return ", ".join(versions)

    # -- index lifecycle ---------------------------------------------------------

    def alias_targets(self) -> list[str]:
        try:
            response = self._call(self.client.indices.get_alias, name=self.alias)
        except NotFoundError:
            return []
        return sorted(response.keys())

    def create_versioned_index(self) -> str:
        mode = self.detect_analysis_mode()
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        name = f"{self.alias}-{stamp}"
        self._call(
            self.client.indices.create,
            index=name,
            settings=index_settings(analysis_mode=mode),
            mappings=index_mappings(analysis_mode=mode),
        )
        return name

    def ensure_index(self) -> None:
        key = (self.url, self.alias)
        if key in _ready_aliases:
            return
        if not self.alias_targets():
            name = self.create_versioned_index()
            self.swap_alias(name)
        _ready_aliases.add(key)

    def swap_alias(self, new_index: str) -> list[str]:
        """Point the alias at ``new_index`` atomically; delete and return the old ones."""
        old = [name for name in self.alias_targets() if name != new_index]
        actions: list[dict[str, Any]] = [{"add": {"index": new_index, "alias": self.alias}}]
        actions += [{"remove": {"index": name, "alias": self.alias}} for name in old]
        self._call(self.client.indices.update_aliases, actions=actions)
        for name in old:
            self._call(self.client.options(ignore_status=404).indices.delete, index=name)
        return old

    def reset_index(self) -> None:
        name = self.create_versioned_index()
        self.swap_alias(name)
        _ready_aliases.add((self.url, self.alias))

    def drop(self) -> None:
        """Delete the alias and every index behind it (tests and teardown)."""
        for name in self.alias_targets():
            self._call(self.client.options(ignore_status=404).indices.delete, index=name)
        _ready_aliases.discard((self.url, self.alias))

    # -- writes ------------------------------------------------------------------

    def index_document(self, document: dict[str, Any]) -> None:
        self.ensure_index()
        self._call(
            self.client.index,
            index=self.alias,
            id=str(document["id"]),
            document=document,
            refresh=self.refresh,
        )

    def index(self, asset) -> None:
        from search.documents import asset_document

        self.index_document(asset_document(asset))

    def bulk_index(self, assets: Iterable) -> int:
        from search.documents import asset_documents

        return self.bulk_index_documents(asset_documents(list(assets)))

    def bulk_index_documents(
        self, documents: Iterable[dict[str, Any]], *, index: str | None = None
    ) -> int:
        if index is None:
            self.ensure_index()
        target = index or self.alias
        actions = ({"_index": target, "_id": str(doc["id"]), "_source": doc} for doc in documents)
        written, _ = self._call(
            helpers.bulk, self.client, actions, chunk_size=1000, refresh=self.refresh
        )
        return written

    def delete(self, asset_id: int) -> None:
        if not self.alias_targets():
            return
        self._call(
            self.client.options(ignore_status=404).delete,
            index=self.alias,
            id=str(asset_id),
            refresh=self.refresh,
        )

    def bulk_delete(self, asset_ids: Iterable[int]) -> None:
        if not self.alias_targets_cached():
            return
        actions = [
            {"_op_type": "delete", "_index": self.alias, "_id": str(asset_id)}
            for asset_id in asset_ids
        ]
        # A 404 (already gone) is fine: deletes are idempotent.
        self._call(
            helpers.bulk,
            self.client,
            actions,
            refresh=self.refresh,
            raise_on_error=False,
        )

    def rebuild(
        self,
        *,
        batches: Iterator[list[dict[str, Any]]],
        on_progress: Callable[[int], None] | None = None,
    ) -> tuple[str, int, list[str]]:
        """Fill a new versioned index from ``batches`` of documents, then swap the alias.

        Returns (new index, documents written, old indices removed).
        """
        name = self.create_versioned_index()
        replicas = self._call(self.client.indices.get_settings, index=name)[name]["settings"][
            "index"
        ].get("number_of_replicas", "0")
        # A build nobody searches yet: no refreshes and no replicas until it is complete.
        self._call(
            self.client.indices.put_settings,
            index=name,
            settings={"index": {"refresh_interval": "-1", "number_of_replicas": 0}},
        )

        def send() -> int:
            # Documents are built (database reads) in this thread while up to
            # BULK_THREADS earlier chunks are sent, so reading and indexing overlap. The
            # ORM stays on this thread (helpers.parallel_bulk would read the generator
            # from a pool thread, on another database connection).
            sent = 0
            pending: deque[Future] = deque()
            with ThreadPoolExecutor(max_workers=BULK_THREADS) as pool:
                for documents in batches:
                    actions = [
                        {"_index": name, "_id": str(doc["id"]), "_source": doc} for doc in documents
                    ]
                    for start in range(0, len(actions), BULK_CHUNK):
                        chunk = actions[start : start + BULK_CHUNK]
                        pending.append(pool.submit(helpers.bulk, self.client, chunk))
                        while len(pending) > BULK_THREADS:
                            sent += pending.popleft().result()[0]
                            if on_progress:
                                on_progress(sent)
                while pending:
                    sent += pending.popleft().result()[0]
                    if on_progress:
                        on_progress(sent)
            return sent

        try:
            written = self._call(send)
            self._call(
                self.client.indices.put_settings,
                index=name,
                settings={"index": {"refresh_interval": None, "number_of_replicas": int(replicas)}},
            )
            self._call(self.client.indices.refresh, index=name)
        except BaseException:
            self._call(self.client.options(ignore_status=404).indices.delete, index=name)
            raise
        old = self.swap_alias(name)
        _ready_aliases.add((self.url, self.alias))
        return name, written, old

    # -- reads -------------------------------------------------------------------

    def indexed_ids(self) -> set[int]:
        if not self.alias_targets():
            return set()
        return {
            int(hit["_id"])
            for hit in self._call(
                lambda: list(
                    helpers.scan(self.client, index=self.alias, query={"_source": False}, size=5000)
                )
            )
        }

    def document_count(self) -> int:
        if not self.alias_targets():
            return 0
        return self._call(self.client.count, index=self.alias)["count"]

    def index_analysis_mode(self) -> str | None:
        targets = self.alias_targets()
        if not targets:
            return None
        mapping = self._call(self.client.indices.get_mapping, index=targets[0])
        return mapping[targets[0]]["mappings"].get("_meta", {}).get("analysis_mode")

    def search(self, query: SearchQuery) -> SearchResults:
        if not self.alias_targets_cached():
            return SearchResults(
                total=0,
                hits=[],
                facets={name: Facet(name) for name in FACET_FIELDS},
                backend=self.name,
                query=query,
            )
        if normalise_text(query.text):
            from search.hybrid import semantic_or_none

            semantic = semantic_or_none(normalise_text(query.text))
            if semantic:  # meaning-based matches fused in (search/hybrid_elasticsearch.py)
                from search.hybrid_elasticsearch import hybrid_search

                return hybrid_search(self, query, semantic)
        asked = query
        understood = query_understand(text=normalise_text(query.text))
        hits_response, counts, present = self._msearch(query, understood, check_typos=True)
        corrections = self._visible_corrections(counts, present, query.resolved_audience())
        did_you_mean = ""
        if corrections:
            # A misspelt word (in no match, with a close indexed term): search again with
            # the suggester's correction, as "did you mean" would, in the same shape.
            query = replace(query, text=corrected_text(query.text, corrections))
            understood = query_understand(text=normalise_text(query.text))
            did_you_mean = understood.original
            hits_response, counts, _ = self._msearch(query, understood, check_typos=False)
        hits = []
        for hit in hits_response:
            source = hit.to_dict()
            highlight = ""
            if hasattr(hit.meta, "highlight"):
                for field_name in HIGHLIGHT_FIELDS:
                    fragments = getattr(hit.meta.highlight, field_name, None)
                    if fragments:
                        highlight = fragments[0]
                        break
            hits.append(
                Hit(
                    id=int(source["id"]),
                    score=float(hit.meta.score or 0.0),
                    title=source.get("title", ""),
                    type=source.get("type", ""),
                    url=source.get("url", ""),
                    summary=source.get("summary", ""),
                    highlight=highlight,
                    segments=list(source.get("segments", [])),
                    stages=list(source.get("stages", [])),
                    deals_won=source.get("deals_won") or 0,
                    deals_influenced=source.get("deals_influenced") or 0,
                    win_rate=source.get("win_rate"),
                    uses_30d=source.get("uses_30d") or 0,
                )
            )
        facets = {}
        for name in FACET_FIELDS:
            buckets = counts.aggregations[name]["values"]["buckets"]
            facets[name] = Facet(
                name, [FacetValue(value=b["key"], count=b["doc_count"]) for b in buckets]
            )
        return SearchResults(
            total=counts.hits.total.value,
            hits=hits,
            facets=facets,
            backend=self.name,
            query=asked,
            did_you_mean=did_you_mean,
            suggested_filters=suggested_filters_for(understood, asked),
        )

    def _visible_corrections(self, counts, present, audience: Audience) -> dict[str, str]:
        """The suggester's first candidate per missing word that occurs in a document
        ``audience`` may see (one more round trip, only when a word is missing)."""
        from search.backends.elasticsearch_understanding import (
            build_visible_word_check,
            typo_candidates,
        )

        candidates = typo_candidates(counts, present)
        options = list(dict.fromkeys(o for found in candidates.values() for o in found))
        if not options:
            return {}
        multi = MultiSearch(index=self.alias)
        for option in options:
            multi = multi.add(build_visible_word_check(option, audience))
        responses = self._call(multi.using(self.client).execute)
        visible = {
            option
            for option, response in zip(options, responses, strict=True)
            if response.hits.total.value > 0
        }
        return {
            word: next(option for option in found if option in visible)
            for word, found in candidates.items()
            if any(option in visible for option in found)
        }

    def _msearch(self, query: SearchQuery, understood: UnderstoodQuery, *, check_typos: bool):
        """The hits and the counts of ``query`` in one round trip (run side by side), and
        when checking typos, whether each word occurs in a document the searcher may see."""
        from search.backends.elasticsearch_understanding import build_visible_word_check

        words = query_words(understood.text) if check_typos else []
        audience = query.resolved_audience()
        multi = (
            MultiSearch(index=self.alias)
            .add(build_search(query, understood=understood))
            .add(build_counts(query, check_typos=check_typos, understood=understood))
        )
        for word in words:
            multi = multi.add(build_visible_word_check(word, audience))
        responses = self._call(multi.using(self.client).execute)
        present = {
            word: response.hits.total.value
            for word, response in zip(words, responses[2:], strict=True)
        }
        return responses[0], responses[1], present

    def alias_targets_cached(self) -> bool:
        key = (self.url, self.alias)
        if key in _ready_aliases:
            return True
        if self.alias_targets():
            _ready_aliases.add(key)
            return True
        return False

    def suggest(self, *, text: str, user, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
        if not normalise_text(text) or not self.alias_targets_cached():
            return []
        search = build_suggest(text=text, audience=Audience.for_user(user), limit=limit)
        response = self._call(search.index(self.alias).using(self.client).execute)
        return [
            Suggestion(id=int(hit.id), title=hit.title, type=hit.type, url=hit.url)
            for hit in response
        ]
