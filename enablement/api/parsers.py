"""A JSON parser that answers any body a client can send with data or a 400, never a 500."""

import json
from decimal import Decimal

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils.json import strict_constant

# Python refuses to turn integer literals longer than about this into ``int``
# (CVE-2020-10735) and would fail the whole body; such numbers are kept exact as
# ``Decimal`` instead, so only the field holding one is rejected, by its own validation.
_INT_MAX_DIGITS = 4000


def _parse_int(literal: str) -> int | Decimal:
    return int(literal) if len(literal) <= _INT_MAX_DIGITS else Decimal(literal)


class JSONParser(parsers.JSONParser):
    """DRF's parser, plus a 400 (not a 500) for JSON nested too deeply for Python's
    decoder, and integer literals too long for ``int`` kept for field validation. (The
    body's size is limited before this by ``DATA_UPLOAD_MAX_MEMORY_SIZE``.)"""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(
                stream.read().decode(encoding),
                parse_int=_parse_int,
                parse_constant=strict_constant if self.strict else None,
            )
        except RecursionError:
            # The C decoder recurses once per nesting level ([[[[...]]]]).
            raise ParseError("JSON parse error - nested too deeply.") from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
