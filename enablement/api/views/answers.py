"""``GET /api/v1/answers/``: ask the library a question (DESIGN §4a)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from content.models import ASSET_TYPES
from enablement.api.errors import errors_response
from enablement.api.permissions import IsLibraryMember
from enablement.api.views.search import ErrorResponse
from search.answers import answers_as_dicts
from search.forms import QuestionForm
from search.models import Passage, SearchLog
from search.services import library_question_ask

AnswersResponse = inline_serializer(
    "AnswersResponse",
    {
        "question": serializers.CharField(),
        "search_id": serializers.IntegerField(help_text="Log id, for click-through."),
        "answers": serializers.ListField(
            child=inline_serializer(
                "Answer",
                {
                    "asset_id": serializers.IntegerField(),
                    "title": serializers.CharField(),
                    "type": serializers.ChoiceField(choices=list(ASSET_TYPES)),
                    "url": serializers.CharField(
                        help_text="The asset; `#page=N` for a page or slide of its file."
                    ),
                    "passage_id": serializers.IntegerField(),
                    "passage_kind": serializers.ChoiceField(choices=Passage.Kind.values),
                    "page": serializers.IntegerField(
                        allow_null=True, help_text="Page or slide number, for file passages."
                    ),
                    "text": serializers.CharField(help_text="The passage, word for word."),
                    "highlight": serializers.CharField(
                        help_text="The passage as HTML, the question's words in <mark>."
                    ),
                    "score": serializers.FloatField(),
                },
            )
        ),
        "answered": serializers.BooleanField(
            help_text="False when the best passage scored below the answer threshold."
        ),
        "notice": serializers.CharField(
            required=False, help_text="Present when answers are keyword matches only."
        ),
    },
)


class AnswersView(APIView):
    permission_classes = [IsLibraryMember]

    @extend_schema(
        tags=["search"],
        summary="Ask the library a question",
        description=(
            "The 3-5 passages of live assets the caller may see that best answer `q` "
            "(meaning-based, Polish or English), each citing its asset. Extractive: the "
            "text is the asset's own. `answered` is false when nothing scored above the "
            "threshold; such questions appear in the content-gaps report."
        ),
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, required=True, description="The question (≤ 500 chars)."
            ),
            OpenApiParameter("segment", OpenApiTypes.STR, many=True),
            OpenApiParameter("stage", OpenApiTypes.STR, many=True),
        ],
        responses={200: AnswersResponse, 400: ErrorResponse},
    )
    def get(self, request):
        form = QuestionForm(request.query_params)
        if not form.is_valid():
            return errors_response(form.error_lists())
        answers, entry = library_question_ask(
            question=form.cleaned_data["q"],
            user=request.user,
            segments=form.cleaned_data["segment"],
            stages=form.cleaned_data["stage"],
            source=SearchLog.Source.API,
        )
        body = {
            "question": answers.question,
            "search_id": entry.pk,
            "answers": answers_as_dicts(answers),
            "answered": answers.answered,
        }
        if answers.notice:
            body["notice"] = answers.notice
        return Response(body)
