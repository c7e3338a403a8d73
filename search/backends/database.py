"""Database backend: Wagtail's own database search (SQLite FTS5 / PostgreSQL full text).

Same interface and result shape as Elasticsearch. Text matching and relevance come from
Wagtail's index (kept current by Wagtail's save signals, and by ``index()`` when
attachment text is extracted later). All terms must match; when no visible asset has them
all, any term may (better a loose answer than an empty page). The match, the page, the
totals and the facet counts (each facet with the *other* filters applied, as in
Elasticsearch) come from ONE statement over the matching, visible assets
(``database_sql.search_window``).

Query understanding (``search/understanding.py``, ``database_text.py``): type, segment and
stage words boost (assets having more of them first) instead of being required; quoted
phrases are phrases; synonyms are OR-ed alternatives; a word no visible asset contains is
corrected from the visible vocabulary (``search/spelling.py``) when the query finds little,
and the results say ``did_you_mean``.

Not supported (the contract tests mark them ``xfail``): ranking by performance and
freshness (results are ordered by text relevance only; an empty query browses by deals
won, then recency).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    F,
    Q,
    QuerySet,
)
from wagtail.search.backends import get_search_backend as wagtail_search_backend

from content.models import AssetPage
from content.selectors import asset_visibility_q, assets_live
from search.backends.base import (
    FACET_FIELDS,
    SUGGEST_LIMIT,
    Audience,
    SearchBackend,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.backends.database_hits import facets_named, page_hits, type_by_content_type
from search.backends.database_sql import (
    ORDER_BROWSE,
    ORDER_SCORE,
    ORDER_TEXT,
    Window,
    among,
    boost_tier,
    restrict_to,
    search_window,
    title_words,
)
from search.backends.database_text import (
    FEW_RESULTS,
    MatchSQL,
    loose_differs,
    match_sql,
    title_lemma_count,
    understood_scores,
)
from search.embeddings import get_encoder
from search.hybrid import fuse_ids, semantic_or_none
from search.polish import POLISH
from search.query_text import clean_query_text
from search.spelling import spelling_corrections
from search.understanding import (
    UnderstoodQuery,
    corrected_query_text,
    query_understand,
    suggested_filters_for,
    words_of,
)


def searchable_assets(*, user) -> QuerySet[AssetPage]:
    """Live-now assets ``user`` may see (liveness and visibility as content.selectors)."""
    return assets_live().filter(asset_visibility_q(user=user))


@dataclass
class _Attempt:
    """One try at an understood query: its window, the scores its hits show (the page's
    when the statement matched the text itself, else every match's; empty when browsing),
    and whether every required word matched."""

    understood: UnderstoodQuery
    window: Window
    scores: dict[int, float]
    strict: bool = True
    did_you_mean: str = ""

    @property
    def found(self) -> int:
        """The visible strict matches: what the spelling check weighs."""
        return self.window.visible if self.strict else 0


class DatabaseBackend(SearchBackend):
    name = "database"
    supports_typos = True  # spelling correction from the visible vocabulary
    supports_performance_ranking = False

    def __init__(self, **_: Any) -> None:
        self.wagtail = wagtail_search_backend()

    # -- writes: Wagtail's signals index on save; these refresh derived text ---------

    def index(self, asset) -> None:
        from wagtail.search.index import insert_or_update_object

        insert_or_update_object(asset.specific)

    def bulk_index(self, assets: Iterable) -> int:
        by_model: dict[type, list] = {}
        for asset in assets:
            specific = asset.specific
            by_model.setdefault(type(specific), []).append(specific)
        index = self.wagtail.get_index_for_model(AssetPage)
        for model, objects in by_model.items():
            index.add_items(model, objects)
        return sum(len(objects) for objects in by_model.values())

    def delete(self, asset_id: int) -> None:
        # Wagtail removes a deleted page's entry itself; unpublished ones stay indexed
        # and are filtered out by live-ness at query time.
        return None

    def reset_index(self) -> None:
        from search.documents import indexable_assets

        self.bulk_index(indexable_assets().specific())

    # -- reads -----------------------------------------------------------------------
    #
    # Everything over the matching set is SQL, in ONE statement (``search_window``): the
    # text's match in Wagtail's index (``match_sql``: the required text and its synonym
    # variants; the GIN expression index / FTS5) as a CTE, the visible matches (the
    # visibility rule as WHERE clauses) as a materialised CTE, the rank (ts_rank / bm25)
    # of only the matches that can reach the page, then the page (boost tier and title
    # words as CASE expressions, then the score), the visible and filtered totals and each
    # facet's GROUP BY with the other filters as flags. Python builds the hits of the page
    # shown only. The number of queries does not depend on how many assets match. Phrase
    # and Polish-lemma queries are scored in Python first (``understood_scores``; lemma
    # queries ordered by ``_ordered_ids``) and hand the statement their ids and scores;
    # hybrid search fuses the statement's full lexical order with the semantic ranks.

    @staticmethod
    def _visible_ids(query: SearchQuery, ids: Iterable[int]) -> list[int]:
        """The visible ones of ``ids``: one query."""
        ids = list(ids)
        if not ids:
            return []
        visible = restrict_to(searchable_assets(user=query.user), ids)
        return list(visible.order_by().values_list("pk", flat=True).distinct())

    @staticmethod
    def _ordered_ids(
        assets: QuerySet, understood: UnderstoodQuery, scores: dict[int, float]
    ) -> list[int]:
        """A Polish query's order: assets having more of the recognised type/segment/stage
        first, then those whose title holds more of the query's words or their lemmas
        (``title_lemma_count``, Python), then Wagtail's relevance, then newest id."""
        words = understood.content_words()[:8]
        lemmas = understood.lemmas.split()[:8]
        rows = assets.annotate(_tier=boost_tier(understood), _words=title_words(words))
        keyed = [
            (
                tier,
                max(count, title_lemma_count(title, lemmas)) if lang == POLISH else count,
                pk,
            )
            for pk, tier, count, title, lang in rows.values_list(
                "pk", "_tier", "_words", "title", "language"
            )
        ]
        keyed.sort(key=lambda k: (-k[0], -k[1], -scores.get(k[2], 0.0), -k[2]))
        return [k[2] for k in keyed]

    def search(self, query: SearchQuery) -> SearchResults:
        if query.audience is not None:
            raise ValueError("The database backend needs a user, not an audience.")
        text = clean_query_text(query.text)
        if text and get_encoder() is not None:
            return self._search_hybrid(query, text)
        attempt = self._spelling_checked(query, text)
        return self._results(query, attempt.understood, attempt.window, attempt.scores, attempt)

    def _results(
        self,
        query: SearchQuery,
        understood: UnderstoodQuery,
        window: Window,
        scores: dict[int, float],
        attempt: _Attempt,
    ) -> SearchResults:
        return SearchResults(
            total=window.total,
            hits=page_hits(window.ids, scores, understood.highlight_words()),
            facets=facets_named(window),
            backend=self.name,
            query=query,
            did_you_mean=attempt.did_you_mean,
            suggested_filters=suggested_filters_for(understood, query),
        )

    def _spelling_checked(
        self, query: SearchQuery, text: str, *, everything: bool = False
    ) -> _Attempt:
        """The attempt at ``text``; when it finds fewer than ``FEW_RESULTS`` and a spelling
        correction from the visible vocabulary finds more, the corrected query's ("did you
        mean"). ``everything``: every match in order, not the page (``search_window``)."""
        understood = query_understand(text=text, polish=query.polish)
        attempt = self._attempt(query, understood, everything=everything)
        found = attempt.found
        # A Polish query its lemmas found is not misspelt: its forms are just not the
        # ones the assets use.
        if not understood.text or found >= FEW_RESULTS or (understood.lemmas and found):
            return attempt
        corrections = spelling_corrections(
            words=words_of(understood.text), audience=Audience.for_user(query.user)
        )
        if not corrections:
            return attempt
        corrected = query_understand(
            text=corrected_query_text(text, corrections), polish=query.polish
        )
        # Only a strict match of the correction can win: no loose retry.
        retry = self._attempt(query, corrected, everything=everything, loose=False)
        if retry.found > found:
            retry.did_you_mean = corrected.original
            return retry
        return attempt

    def _attempt(
        self,
        query: SearchQuery,
        understood: UnderstoodQuery,
        *,
        everything: bool = False,
        loose: bool = True,
    ) -> _Attempt:
        """``understood``'s window. The text is matched inside the search statement
        (``match_sql``: one read of the full-text index) unless only Python can score it
        (``understood_scores``: phrases, Polish lemmas, recognised words alone). When no
        visible asset has every word, any word may match (a loose answer beats an empty
        page) unless ``loose`` is false."""
        match = match_sql(wagtail=self.wagtail, understood=understood)
        if match is None:
            text_match = understood_scores(wagtail=self.wagtail, understood=understood)
            window = self._window(query, understood, text_match.scores, everything=everything)
            return _Attempt(understood, window, text_match.scores or {}, text_match.strict)
        window = self._window(query, understood, None, match=match, everything=everything)
        if loose and not window.visible and loose_differs(understood):
            loose = match_sql(wagtail=self.wagtail, understood=understood, loose=True)
            if loose is not None:
                window = self._window(query, understood, None, match=loose, everything=everything)
                return _Attempt(understood, window, window.scores, strict=False)
        return _Attempt(understood, window, window.scores)

    def _window(
        self,
        query: SearchQuery,
        understood: UnderstoodQuery,
        scores: dict[int, float] | None,
        *,
        match: MatchSQL | None = None,
        everything: bool = False,
    ) -> Window:
        """The page, totals and facets of the visible assets ``match`` (or ``scores``)
        holds (every visible asset when browsing) in one statement (``search_window``)
        with the visibility rule (``searchable_assets``) inside."""
        assets = searchable_assets(user=query.user)
        if match is None and scores is None:
            return search_window(
                assets=assets, query=query, scores=None, order=ORDER_BROWSE, everything=everything
            )
        if match is None and not scores:
            return Window(facets={name: Counter() for name in FACET_FIELDS})
        if match is None and understood.lemmas:
            # A Polish title's lemmas are counted in Python (``title_lemma_count``): the
            # full order first, then the statement pages and counts it.
            ordered = self._ordered_ids(restrict_to(assets, scores), understood, scores)
            ranks = {pk: float(len(ordered) - rank) for rank, pk in enumerate(ordered)}
            return search_window(
                assets=among(ordered),
                query=query,
                scores=ranks,
                order=ORDER_SCORE,
                everything=everything,
            )
        if match is None:
            assets = restrict_to(assets, scores)
        words = understood.content_words()[:8]
        return search_window(
            assets=assets,
            query=query,
            scores=scores,
            order=ORDER_TEXT,
            tier=boost_tier(understood),
            words=title_words(words),
            match=match,
            everything=everything,
        )

    def _search_hybrid(self, query: SearchQuery, text: str) -> SearchResults:
        """Hybrid (DESIGN §4a): the visible assets closest in meaning join the lexical
        matches, and both rankings are fused (search/hybrid.py). The lexical side enters
        the fusion in its full order (recognised type/segment/stage, title words, text
        score), as Elasticsearch's boosted ranks do: the search statement answers every
        visible match in order; then the fused set is paged and counted by the same
        statement."""
        attempt = self._spelling_checked(query, text, everything=True)
        understood, lexical_window = attempt.understood, attempt.window
        semantic = semantic_or_none(attempt.did_you_mean or text)
        if not semantic:  # the filtered page, as without an encoder
            lexical = self._attempt(query, understood)
            return self._results(query, understood, lexical.window, lexical.scores, attempt)
        lexical_order = lexical_window.ids
        lexical = {pk: float(len(lexical_order) - rank) for rank, pk in enumerate(lexical_order)}
        pool = set(lexical) | set(self._visible_ids(query, semantic))
        fused = fuse_ids(pool, lexical, semantic)
        window = search_window(
            assets=among([pk for pk in pool if pk in fused]),
            query=query,
            scores=fused,
            order=ORDER_SCORE,
        )
        return self._results(query, understood, window, fused, attempt)

    def suggest(self, *, text: str, user, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
        text = clean_query_text(text)
        if not text:
            return []
        types = type_by_content_type()
        rows = (
            searchable_assets(user=user)
            .filter(Q(title__istartswith=text) | Q(title__icontains=f" {text}"))
            .order_by(F("popularity__deals_won").desc(nulls_last=True), "title")
            .distinct()[:limit]
        )
        return [
            Suggestion(
                id=row.pk,
                title=row.title,
                type=types.get(row.content_type_id, "asset"),
                url=row.get_url() or "",
            )
            for row in rows
        ]
