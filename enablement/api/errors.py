"""Errors as the API contract says: ``{"errors": {field: [messages]}}``."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def errors_response(errors: dict[str, list[str]], *, status_code: int = 400) -> Response:
    return Response({"errors": errors}, status=status_code)


def _as_lists(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(field): [str(m) for m in (messages if isinstance(messages, list) else [messages])]
            for field, messages in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {"detail": [str(detail)]}


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return errors_response({"detail": [f"The body is larger than {limit} bytes."]})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        response.data = {"errors": _as_lists(exc.detail)}
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        response.data = {"errors": _as_lists(response.data)}
    return response
