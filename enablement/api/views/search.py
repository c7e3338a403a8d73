"""``GET /api/v1/search/`` and ``GET /api/v1/suggest/`` (DESIGN §7)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from content.models import ASSET_TYPES, AssetPage
from enablement.api.errors import errors_response
from enablement.api.permissions import IsLibraryMember
from search.forms import SearchQueryForm
from search.models import SearchLog
from search.pages import hits_page_matches
from search.query_text import MAX_QUERY_LENGTH
from search.selectors import asset_suggestions
from search.services import assets_search

facet_values = serializers.ListField(
    child=inline_serializer(
        "FacetValue", {"value": serializers.CharField(), "count": serializers.IntegerField()}
    )
)

SearchResponse = inline_serializer(
    "SearchResponse",
    {
        "count": serializers.IntegerField(),
        "results": serializers.ListField(
            child=inline_serializer(
                "SearchHit",
                {
                    "id": serializers.IntegerField(),
                    "title": serializers.CharField(),
                    "type": serializers.ChoiceField(choices=list(ASSET_TYPES)),
                    "url": serializers.CharField(),
                    "summary": serializers.CharField(),
                    "highlight": serializers.CharField(help_text="HTML; matches in <mark>."),
                    "segments": serializers.ListField(child=serializers.CharField()),
                    "stages": serializers.ListField(child=serializers.CharField()),
                    "score": serializers.FloatField(),
                    "pages": serializers.ListField(
                        help_text=(
                            "Pages or slides of the asset's file that match, best first "
                            "(at most 3); `thumbnail_url` is null until the page is rendered."
                        ),
                        child=inline_serializer(
                            "SearchHitPage",
                            {
                                "number": serializers.IntegerField(),
                                "highlight": serializers.CharField(help_text="HTML; <mark>."),
                                "thumbnail_url": serializers.URLField(allow_null=True),
                            },
                        ),
                    ),
                },
            )
        ),
        "facets": inline_serializer(
            "SearchFacets",
            {
                "segment": facet_values,
                "stage": facet_values,
                "type": facet_values,
                "language": facet_values,
            },
        ),
        "backend": serializers.ChoiceField(choices=["elasticsearch", "database"]),
        "did_you_mean": serializers.CharField(
            allow_blank=True,
            help_text=(
                "The spelling-corrected query the results are for when the typed one found "
                'little (e.g. "healthcare" for "helthcare"); empty when the query was run '
                "as typed. Corrections come only from words of assets the caller may see."
            ),
        ),
        "suggested_filters": serializers.ListField(
            help_text=(
                "Filters the query's words suggest and that are not applied yet: words "
                'naming a type ("case study", "deck", "objection"), a segment or one of its '
                'aliases ("bank" → Financial Services) or a deal stage. These words boost '
                "matching assets instead of being required text; apply one by repeating "
                "the search with `field=value`."
            ),
            child=inline_serializer(
                "SuggestedFilter",
                {
                    "field": serializers.ChoiceField(choices=["type", "segment", "stage"]),
                    "value": serializers.CharField(help_text="The filter value to send."),
                    "label": serializers.CharField(help_text="For display."),
                    "words": serializers.CharField(help_text="The query words recognised."),
                },
            ),
        ),
    },
)

ErrorResponse = inline_serializer(
    "SearchErrors", {"errors": serializers.DictField(child=serializers.ListField())}
)


class SearchView(APIView):
    permission_classes = [IsLibraryMember]

    @extend_schema(
        tags=["search"],
        summary="Search the library",
        description=(
            "Full-text search over live assets the caller may see. An empty `q` browses "
            "everything (still filtered and faceted). Repeat a filter to OR its values. "
            "Facet counts apply every *other* filter. `backend` is `database` while "
            "Elasticsearch is unreachable.\n\n"
            "Query understanding (both backends): words in double quotes must occur as a "
            "phrase; words naming a type, segment (or alias) or deal stage boost matching "
            "assets and come back in `suggested_filters` rather than being required; "
            "synonyms and acronyms kept by Marketing in the admin (e.g. HIPAA = protected "
            "health information) also match, ranked a little lower; a misspelt word is "
            "corrected from the words of assets the caller may see (`did_you_mean`)."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Search text (≤ 200 chars)."),
            OpenApiParameter("segment", OpenApiTypes.STR, many=True),
            OpenApiParameter("stage", OpenApiTypes.STR, many=True),
            OpenApiParameter("type", OpenApiTypes.STR, many=True, enum=list(ASSET_TYPES)),
            OpenApiParameter(
                "language",
                OpenApiTypes.STR,
                many=True,
                enum=list(AssetPage.Language.values),
                description="The asset's language (ISO 639-1), e.g. `pl`; repeat to OR.",
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="1-based."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="1-100, default 20."),
        ],
        responses={200: SearchResponse, 400: ErrorResponse},
    )
    def get(self, request):
        form = SearchQueryForm(request.query_params)
        if not form.is_valid():
            return errors_response(form.error_lists())
        query = form.search_query(user=request.user)
        results, _ = assets_search(query=query, source=SearchLog.Source.API)
        page_matches = hits_page_matches(hits=results.hits, text=results.did_you_mean or query.text)

        def pages(asset_id: int) -> list[dict]:
            return [
                {
                    "number": match.number,
                    "highlight": match.highlight,
                    "thumbnail_url": request.build_absolute_uri(match.thumbnail_url)
                    if match.thumbnail_url
                    else None,
                }
                for match in page_matches.get(asset_id, [])
            ]

        return Response(
            {
                "count": results.total,
                "results": [
                    {
                        "id": hit.id,
                        "title": hit.title,
                        "type": hit.type,
                        "url": request.build_absolute_uri(hit.url) if hit.url else "",
                        "summary": hit.summary,
                        "highlight": hit.highlight,
                        "segments": hit.segments,
                        "stages": hit.stages,
                        "score": round(hit.score, 4),
                        "pages": pages(hit.id),
                    }
                    for hit in results.hits
                ],
                "facets": {name: facet.as_list() for name, facet in results.facets.items()},
                "backend": results.backend,
                "did_you_mean": results.did_you_mean,
                "suggested_filters": [item.as_dict() for item in results.suggested_filters],
            }
        )


class SuggestView(APIView):
    permission_classes = [IsLibraryMember]

    @extend_schema(
        tags=["search"],
        summary="Suggestions as you type",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="What was typed.")],
        responses={
            200: inline_serializer(
                "SuggestResponse",
                {
                    "suggestions": serializers.ListField(
                        child=inline_serializer(
                            "SuggestionItem",
                            {
                                "id": serializers.IntegerField(),
                                "title": serializers.CharField(),
                                "type": serializers.CharField(),
                                "url": serializers.CharField(),
                            },
                        )
                    )
                },
            ),
            400: ErrorResponse,
        },
    )
    def get(self, request):
        text = request.query_params.get("q", "") or ""
        if len(text) > MAX_QUERY_LENGTH:
            return errors_response({"q": [f"At most {MAX_QUERY_LENGTH} characters."]})
        suggestions = asset_suggestions(text=text, user=request.user)
        return Response(
            {
                "suggestions": [
                    {"id": item.id, "title": item.title, "type": item.type, "url": item.url}
                    for item in suggestions
                ]
            }
        )
