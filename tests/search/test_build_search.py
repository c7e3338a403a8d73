"""Offline checks of the Elasticsearch request as data (no server, no database)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from search.backends.base import Audience, SearchQuery
from search.backends.elasticsearch import (
    build_counts,
    build_search,
    build_suggest,
    clauses,
    corrected_text,
    index_mappings,
)
from search.backends.elasticsearch.clauses import (
    FACET_SIZE,
    SOURCE_FIELDS,
    SUGGEST_FIELDS,
    expiry_cutoff,
)
from search.backends.elasticsearch.query import facet_buckets, query_words, suggest_body
from search.documents import EVERYONE

SALES_REP = Audience(member=True, groups=frozenset({"Sales"}))


def request_for(**kwargs):
    kwargs.setdefault("audience", SALES_REP)
    return build_search(SearchQuery(**kwargs), index="x-assets").to_dict()


def counts_for(**kwargs):
    kwargs.setdefault("audience", SALES_REP)
    return build_counts(SearchQuery(**kwargs), index="x-assets").to_dict()


def function_score(body):
    return body["query"]["bool"]["must"][0]["function_score"]


def rescores(body):
    return [item["query"] for item in body["rescore"]]


def test_text_query_boosts_title_over_summary_over_body_over_attachment():
    body = request_for(text="pricing objection")
    match = body["query"]["bool"]["must"][0]["multi_match"]
    boosts = dict(field.split("^") for field in match["fields"])
    assert float(boosts["title"]) > float(boosts["summary"]) > float(boosts["body"])
    assert float(boosts["body"]) > float(boosts["attachment_text"])
    assert match["type"] == "cross_fields" and "fuzziness" not in match


def test_phrase_match_boosts_exact_wording_in_the_rescore_window():
    body = request_for(text="total cost of ownership")
    phrase, _ = rescores(body)
    assert phrase["score_mode"] == "total"
    assert phrase["rescore_query"]["multi_match"]["type"] == "phrase"
    assert phrase["rescore_query"]["multi_match"]["boost"] == 2
    assert len(rescores(request_for(text="roi"))) == 1  # one word: no phrase


def test_ranking_blends_performance_and_freshness():
    ranking = rescores(request_for(text="roi"))[-1]
    assert ranking["score_mode"] == "multiply"
    scored = ranking["rescore_query"]["function_score"]
    fields = {
        f["field_value_factor"]["field"] for f in scored["functions"] if "field_value_factor" in f
    }
    assert fields == {"deals_won", "deals_influenced", "win_rate", "uses_30d"}
    assert any("gauss" in f and "published_at" in f["gauss"] for f in scored["functions"])
    assert scored["boost_mode"] == "multiply" and scored["score_mode"] == "sum"
    assert function_score(request_for())["functions"] == scored["functions"]


def test_rescore_window_covers_deep_pages():
    body = request_for(text="roi", page=30, page_size=10)
    assert body["rescore"][0]["window_size"] == 300


def test_hits_request_counts_nothing_and_counts_request_fetches_nothing():
    hits = request_for(text="roi", segments=("Healthcare",))
    assert hits["track_total_hits"] is False and "aggs" not in hits
    counts = counts_for(text="roi", segments=("Healthcare",))
    assert counts["size"] == 0 and counts["track_total_hits"] is True
    assert "rescore" not in counts and "highlight" not in counts


def test_the_suggester_is_asked_only_about_the_missing_words_given():
    # The counting request no longer asks it (a third of its time at 100,000 assets).
    assert "suggest" not in counts_for(text="migraton to roi")
    assert query_words("migraton to roi") == ["migraton"]
    body = suggest_body(["migraton"])
    assert body["suggest"]["body"]["text"] == "migraton"
    assert body["suggest"]["body"]["term"]["suggest_mode"] == "missing"
    assert sorted(body["suggest"]) == sorted(SUGGEST_FIELDS)
    assert body["query"] == {"match_none": {}} and body["size"] == 0


def test_corrections_replace_whole_words_only():
    assert corrected_text("Migraton for migratons", {"migraton": "migration"}) == (
        "migration for migratons"
    )


def test_empty_text_browses_with_match_all_and_no_highlight():
    body = request_for(text="  ")
    assert function_score(body)["query"] == {"match_all": {}}
    assert "highlight" not in body and "rescore" not in body


def test_visibility_filter_for_a_sales_rep():
    filters = request_for(text="x")["query"]["bool"]["filter"]
    assert {"terms": {"groups": [EVERYONE, "Sales"]}} in filters


def test_people_who_see_all_get_no_group_filter():
    audience = Audience(member=True, sees_all=True, groups=frozenset({"Marketing"}))
    filters = request_for(text="x", audience=audience)["query"]["bool"]["filter"]
    assert not any("terms" in clause for clause in filters)


def test_non_members_match_nothing():
    filters = request_for(text="x", audience=Audience(member=False))["query"]["bool"]["filter"]
    assert filters == [{"match_none": {}}]


def test_expired_documents_are_filtered_by_expire_at(monkeypatch):
    monkeypatch.setattr(clauses, "expiry_cutoff", lambda at=None: "2026-12-03T12:01:00Z")
    filters = request_for()["query"]["bool"]["filter"]
    expiry = filters[0]["bool"]["should"]
    # A literal instant: now rounded *up* to the minute (hidden up to a minute early,
    # never shown after expire_at; rounding down, issue 9 item 7, showed it up to a
    # minute late). Date math reading `now`, rounded or not, turns off the request cache.
    assert {"range": {"expire_at": {"gt": "2026-12-03T12:01:00Z"}}} in expiry
    assert "now" not in json.dumps(counts_for())


def test_the_cutoff_is_now_rounded_up_to_the_next_minute():
    assert expiry_cutoff(datetime(2026, 12, 3, 12, 0, 30, tzinfo=UTC)) == "2026-12-03T12:01:00Z"
    assert expiry_cutoff(datetime(2026, 12, 3, 12, 0, 0, 1, tzinfo=UTC)) == "2026-12-03T12:01:00Z"
    assert expiry_cutoff(datetime(2026, 12, 3, 12, 59, 59, tzinfo=UTC)) == "2026-12-03T13:00:00Z"
    # on the minute: that instant itself (an asset expiring then is already expired)
    assert expiry_cutoff(datetime(2026, 12, 3, 12, 1, tzinfo=UTC)) == "2026-12-03T12:01:00Z"
    # never before now, whatever the time zone asked in
    local = datetime(2026, 12, 3, 13, 0, 30, tzinfo=UTC).astimezone()
    assert expiry_cutoff(local) == "2026-12-03T13:01:00Z"


def test_facet_filters_are_post_filters_and_each_facet_skips_its_own():
    body = counts_for(segments=("Healthcare",), stages=("Demo", "Proposal"))
    hits = request_for(segments=("Healthcare",), stages=("Demo", "Proposal"))
    assert {"terms": {"stages": ["Demo", "Proposal"]}} in hits["query"]["bool"]["filter"]
    assert body["post_filter"]["bool"]["filter"] == [
        {"terms": {"segments": ["Healthcare"]}},
        {"terms": {"stages": ["Demo", "Proposal"]}},
    ]
    segment_agg = body["aggs"]["filtered_segment"]
    assert segment_agg["filter"] == {
        "bool": {"filter": [{"terms": {"stages": ["Demo", "Proposal"]}}]}
    }
    assert segment_agg["aggs"]["segment"]["terms"]["field"] == "segments"
    # the facets not chosen share one filter aggregation: every chosen facet's filter
    unchosen = body["aggs"]["filtered_type_language"]
    assert unchosen["filter"]["bool"]["filter"] == body["post_filter"]["bool"]["filter"]
    assert sorted(unchosen["aggs"]) == ["language", "type"]
    assert sorted(body["aggs"]) == ["filtered_segment", "filtered_stage", "filtered_type_language"]


def test_a_single_chosen_facet_counts_its_own_values_unfiltered():
    body = counts_for(segments=("Healthcare",))
    assert body["aggs"]["segment"] == {"terms": {"field": "segments", "size": FACET_SIZE}}
    assert sorted(body["aggs"]["filtered_stage_type_language"]["aggs"]) == [
        "language",
        "stage",
        "type",
    ]


def test_facet_buckets_reads_both_shapes_of_the_counting_response():
    response = {
        "aggregations": {
            "segment": {"buckets": [{"key": "Retail", "doc_count": 3}]},
            "filtered_stage_type_language": {
                "doc_count": 9,
                "stage": {"buckets": [{"key": "Demo", "doc_count": 2}]},
                "type": {"buckets": []},
                "language": {"buckets": [{"key": "en", "doc_count": 9}]},
            },
        }
    }
    assert facet_buckets(response) == {
        "segment": [{"key": "Retail", "doc_count": 3}],
        "stage": [{"key": "Demo", "doc_count": 2}],
        "type": [],
        "language": [{"key": "en", "doc_count": 9}],
    }


def test_no_filters_means_no_post_filter_and_unfiltered_aggs():
    body = counts_for(text="x")
    assert "post_filter" not in body
    assert body["aggs"]["stage"] == {"terms": {"field": "stages", "size": FACET_SIZE}}


def test_highlighting_is_html_escaped_with_mark_tags():
    highlight = request_for(text="roi")["highlight"]
    assert highlight["encoder"] == "html" and highlight["pre_tags"] == ["<mark>"]
    assert set(highlight["fields"]) >= {"summary", "body", "attachment_text"}


def test_page_window():
    body = request_for(text="x", page=3, page_size=10)
    assert body["from"] == 20 and body["size"] == 10


def test_suggestions_prefix_match_titles_under_visibility():
    body = build_suggest(text="pric obj", audience=SALES_REP).to_dict()
    query = body["query"]["bool"]
    inner = query["must"][0]["function_score"]["query"]
    assert inner["match_bool_prefix"]["title"]["query"] == "pric obj"
    assert {"terms": {"groups": [EVERYONE, "Sales"]}} in query["filter"]
    assert body["size"] == 8


def test_core_mapping_uses_prefix_index_and_strict_dynamic():
    mapping = index_mappings(analysis_mode="core")
    assert mapping["dynamic"] == "strict"
    assert mapping["properties"]["title"]["index_prefixes"] == {"min_chars": 1, "max_chars": 10}
    assert mapping["_meta"] == {
        "analysis_mode": "core",
        "polish_analysis": "simplemma",
        "mapping_version": 3,
        "encoder": None,
    }
    # Polish lemmas (search/polish.py) in fields the built-in analyzer keeps as they are
    assert mapping["properties"]["title_pl"] == {"type": "text", "analyzer": "standard"}
    assert mapping["properties"]["text_pl"] == {"type": "text", "analyzer": "standard"}


def test_the_hybrid_window_is_fetched_without_highlights_or_pages():
    # Decorating offset + page_size + 20 hits was most of the hits request's time; the
    # hybrid search decorates only the page it shows (build_decorations).
    query = SearchQuery(text="pricing objection", audience=SALES_REP, page_size=40)
    plain = build_search(query, index="x-assets").to_dict()
    bare = build_search(query, index="x-assets", decorated=False).to_dict()

    assert "highlight" in plain and "highlight" not in bare
    assert plain["query"]["bool"]["should"] and not bare["query"]["bool"].get("should")
    # Same matching, filters, ranking and window.
    assert bare["query"]["bool"]["must"] == plain["query"]["bool"]["must"]
    assert bare["query"]["bool"]["filter"] == plain["query"]["bool"]["filter"]
    assert bare["rescore"] == plain["rescore"] and bare["size"] == plain["size"] == 40
    # Only the ids of the window: the page's documents come with its decorations.
    assert plain["_source"] == SOURCE_FIELDS and bare["_source"] is False


def test_decorations_highlight_and_page_only_the_given_assets():
    from search.backends.elasticsearch.query import build_decorations
    from search.understanding import Vocabulary, query_understand

    understood = query_understand(text="audit trail", vocabulary=Vocabulary())
    body = build_decorations(
        [7, 3], text="audit trail", understood=understood, audience=SALES_REP
    ).to_dict()

    # The page's documents come from this request: visibility applies here too.
    assert body["query"]["bool"]["filter"][0] == {"ids": {"values": ["7", "3"]}}
    assert {"terms": {"groups": [EVERYONE, "Sales"]}} in body["query"]["bool"]["filter"]
    outsider = build_decorations(
        [7, 3], text="audit trail", understood=understood, audience=Audience(member=False)
    ).to_dict()
    assert {"match_none": {}} in outsider["query"]["bool"]["filter"]
    assert body["size"] == 2
    assert body["_source"] == SOURCE_FIELDS
    assert set(body["highlight"]["fields"]) == {"summary", "details", "body", "attachment_text"}
    nested = body["query"]["bool"]["should"][0]["nested"]
    assert nested["path"] == "passages" and nested["inner_hits"]["name"] == "pages"
