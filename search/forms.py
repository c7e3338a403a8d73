"""The one parser of a search request: query parameters in, a ``SearchQuery`` out.

The library page, prep for a call and the API all read ``q``, ``segment``, ``stage``,
``type``, ``language``, ``page`` and ``page_size`` through :class:`SearchQueryForm`, so a
filter means the same everywhere. The API is strict (bad input is a 400 naming the field:
``form.errors``); a page a person is looking at is forgiving (:class:`LibrarySearchForm`):
it keeps the first ``MAX_QUERY_LENGTH`` characters, drops filter values it does not know
and shows page 1 for a page number that is not one.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from content.models import ASSET_TYPES, AssetPage
from search.answers import MAX_QUESTION_LENGTH
from search.backends.base import MAX_PAGE_SIZE, SearchQuery
from search.query_text import MAX_QUERY_LENGTH, has_control_characters
from search.selectors import filter_vocabulary

MAX_PAGE = 10_000
DEFAULT_PAGE_SIZE = 20


class ValuesField(forms.Field):
    """A repeatable parameter (``?segment=A&segment=B``): the non-blank values, stripped."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        return [item.strip() for item in values if item and item.strip()]


class FilterRules:
    """Segment, stage and type values read the same way by every form."""

    # Strict: bad input is an error naming the field. LibrarySearchForm forgives instead.
    lenient = False

    def clean_segment(self) -> tuple[str, ...]:
        return self._tag_values("segment")

    def clean_stage(self) -> tuple[str, ...]:
        return self._tag_values("stage")

    def _known_values(self, name: str, names: dict[str, str]) -> tuple[str, ...]:
        """The canonical names of the chosen values (case-insensitive); an unknown one is
        an error, or dropped when lenient."""
        chosen, unknown = _canonical(self.cleaned_data.get(name) or [], names=names)
        if unknown and not self.lenient:
            raise forms.ValidationError(
                _("Unknown %(name)s: %(values)s.") % {"name": name, "values": ", ".join(unknown)}
            )
        return chosen

    def _tag_values(self, name: str) -> tuple[str, ...]:
        """Segment and stage names, checked against the (cached) vocabulary; an unknown
        name re-reads the vocabulary once before it is one, so a new tag works at once."""
        values = self.cleaned_data.get(name) or []
        __, unknown = _canonical(values, names=filter_vocabulary()[name])
        if unknown:
            filter_vocabulary(refresh=True)
        return self._known_values(name, filter_vocabulary()[name])

    def error_lists(self) -> dict[str, list[str]]:
        """``{field: [messages]}``, the API's 400 body."""
        return {name: [str(message) for message in errors] for name, errors in self.errors.items()}


class SearchQueryForm(FilterRules, forms.Form):
    """Search parameters as the API takes them; ``search_query(user=...)`` once valid."""

    # Plain fields, not CharField: its NUL-character validator would refuse text that
    # search accepts (SearchQuery removes control characters itself).
    q = forms.Field(required=False)
    segment = ValuesField()
    stage = ValuesField()
    type = ValuesField()
    language = ValuesField()
    page = forms.Field(required=False)
    page_size = forms.Field(required=False)

    default_page_size = DEFAULT_PAGE_SIZE

    def clean_q(self) -> str:
        text = self.cleaned_data.get("q") or ""
        if self.lenient:
            return " ".join(text.split())[:MAX_QUERY_LENGTH]
        if len(text) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("At most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
            )
        return text.strip()

    def clean_type(self) -> tuple[str, ...]:
        return self._known_values("type", {name: name for name in ASSET_TYPES})

    def clean_language(self) -> tuple[str, ...]:
        return self._known_values("language", {code: code for code in AssetPage.Language.values})

    def clean_page(self) -> int:
        return self._positive_int("page", default=1, maximum=MAX_PAGE)

    def clean_page_size(self) -> int:
        return self._positive_int(
            "page_size", default=self.default_page_size, maximum=MAX_PAGE_SIZE
        )

    def search_query(self, *, user) -> SearchQuery:
        """The validated parameters as the query every backend runs."""
        data = self.cleaned_data
        return SearchQuery(
            text=data["q"],
            segments=data["segment"],
            stages=data["stage"],
            types=data["type"],
            languages=data.get("language", ()),
            user=user,
            page=data["page"],
            page_size=data.get("page_size", self.default_page_size),
        )

    def _positive_int(self, name: str, *, default: int, maximum: int) -> int:
        raw = self.cleaned_data.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(raw)
        except ValueError:
            if self.lenient:
                return default
            raise forms.ValidationError(_("A whole number is required.")) from None
        if self.lenient:
            return max(1, min(value, maximum))
        if value < 1:
            raise forms.ValidationError(_("Must be 1 or more."))
        if value > maximum:
            raise forms.ValidationError(_("Must be at most %(maximum)d.") % {"maximum": maximum})
        return value


class LibrarySearchForm(SearchQueryForm):
    """The library page and prep for a call: never an error page for what was typed.

    Text is cut at ``MAX_QUERY_LENGTH`` characters, unknown filter values are dropped, a
    bad page number is page 1 (clamped to 1..10,000). The page size is the screen's own.
    """

    lenient = True
    page_size = None

    def __init__(self, data=None, *, page_size: int = DEFAULT_PAGE_SIZE, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.default_page_size = page_size


class QuestionForm(FilterRules, forms.Form):
    """A question for the library's answers (``GET /api/v1/answers/``): the text, and the
    segment and stage filters read as search reads them."""

    q = forms.Field(required=False)
    segment = ValuesField()
    stage = ValuesField()

    def clean_q(self) -> str:
        raw = self.cleaned_data.get("q") or ""
        if not isinstance(raw, str) or has_control_characters(raw):
            # PostgreSQL refuses NUL in any string: a 400 naming q, never a 500.
            raise forms.ValidationError(
                _("Remove the control characters (such as NUL) from the question.")
            )
        question = " ".join(raw.split())
        if not question:
            raise forms.ValidationError(_("Ask a question."))
        if len(question) > MAX_QUESTION_LENGTH:
            raise forms.ValidationError(
                _("At most %(count)d characters.") % {"count": MAX_QUESTION_LENGTH}
            )
        if not any(char.isalnum() for char in question):
            raise forms.ValidationError(_("Ask in words."))
        return question


def _canonical(values: list[str], *, names: dict[str, str]) -> tuple[tuple[str, ...], list[str]]:
    """The canonical names of ``values`` (by lower-cased name), deduplicated, and the
    unknown ones."""
    chosen, unknown = [], []
    for value in values:
        if value.lower() in names:
            chosen.append(names[value.lower()])
        else:
            unknown.append(value)
    return tuple(dict.fromkeys(chosen)), unknown
