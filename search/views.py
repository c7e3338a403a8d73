"""Library screens: search with facets, click-through, and prep for a call."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from content.models import ASSET_TYPES, AssetPage
from content.plays import plays_for_deal
from content.previews import asset_first_thumbnails
from content.selectors import assets_visible_to, user_is_library_member
from enablement.tracking.selectors import deals_open_for_user
from search.backends.base import SearchQuery
from search.extensions import library_home
from search.forms import LibrarySearchForm
from search.models import SearchLog
from search.pages import hits_page_matches
from search.selectors import call_prep, vocabulary
from search.services import assets_search, search_click_record

PAGE_SIZE = 12
TYPE_LABELS = {name: model.asset_type_label for name, model in ASSET_TYPES.items()}
LANGUAGE_LABELS = dict(AssetPage.Language.choices)


def _require_member(request) -> None:
    if not user_is_library_member(user=request.user):
        raise PermissionDenied(_("The library is for the Sales, Marketing and Managers groups."))


def _url_with(params: dict[str, list[str]], **changes) -> str:
    merged = {key: list(values) for key, values in params.items()}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value if isinstance(value, list) else [value]
    return "?" + urlencode([(k, v) for k, values in merged.items() for v in values if v])


def request_content_url(text: str) -> str | None:
    """Link to the content-request form (governance) if that screen exists."""
    try:
        base = reverse("requests:new")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({'q': text})}" if text else base


def _facet_label(name: str, value: str) -> str:
    if name == "type":
        return TYPE_LABELS.get(value, value)
    if name == "language":
        return str(LANGUAGE_LABELS.get(value, value))
    return value


def _facet_groups(results, query: SearchQuery, params) -> list[dict]:
    stage_order = {name: i for i, name in enumerate(vocabulary()["stages"])}
    chosen = {
        "segment": query.segments,
        "stage": query.stages,
        "type": query.types,
        "language": query.languages,
    }
    groups = []
    for name, heading in (
        ("type", _("Type")),
        ("segment", _("Segment")),
        ("stage", _("Deal stage")),
        ("language", _("Language")),
    ):
        counts = {item.value: item.count for item in results.facets[name].values}
        for value in chosen[name]:
            counts.setdefault(value, 0)
        values = sorted(counts)
        if name == "stage":
            values.sort(key=lambda v: stage_order.get(v, 99))
        elif name == "segment":
            values.sort(key=lambda v: (-counts[v], v))
        options = []
        for value in values:
            selected = value in chosen[name]
            toggled = (
                [v for v in chosen[name] if v != value] if selected else [*chosen[name], value]
            )
            options.append(
                {
                    "value": value,
                    "label": _facet_label(name, value),
                    "count": counts[value],
                    "selected": selected,
                    "toggle_url": _url_with(params, **{name: toggled, "page": None}),
                }
            )
        groups.append({"name": name, "heading": heading, "options": options})
    return groups


def _suggested_filter_chips(results, query: SearchQuery, params) -> list[dict]:
    """One-click filters for the type/segment/stage words the query named."""
    chosen = {"segment": query.segments, "stage": query.stages, "type": query.types}
    headings = {"type": _("Type"), "segment": _("Segment"), "stage": _("Deal stage")}
    chips = []
    for item in results.suggested_filters:
        label = TYPE_LABELS.get(item.value, item.label) if item.field == "type" else item.label
        added = [*chosen[item.field], item.value]
        chips.append(
            {
                "heading": headings[item.field],
                "label": label,
                "url": _url_with(params, **{item.field: added, "page": None}),
            }
        )
    return chips


def _pages(current: int, last: int) -> list[int | None]:
    wanted = {1, last, current - 1, current, current + 1}
    pages: list[int | None] = []
    for number in range(1, last + 1):
        if number in wanted:
            pages.append(number)
        elif pages and pages[-1] is not None:
            pages.append(None)
    return pages


def _ask(request, *, segment: str | None = None, stage: str | None = None, source: str):
    """The answers to ``?ask=`` for the answer box (``None`` when nothing was asked)."""
    from search.answers import MAX_QUESTION_LENGTH, answers_as_dicts
    from search.query_text import has_control_characters
    from search.services import library_question_ask

    if "ask" not in request.GET:
        return None
    raw = request.GET.get("ask") or ""
    if has_control_characters(raw):  # a NUL would reach PostgreSQL: say so instead
        return {
            "question": "",
            "error": _("Remove the control characters (such as NUL) from the question."),
        }
    question = " ".join(raw.split())
    if not question or not any(char.isalnum() for char in question):
        return {"question": question, "error": _("Ask a question in words.")}
    if len(question) > MAX_QUESTION_LENGTH:
        return {
            "question": "",
            "error": _("Ask in at most %(count)d characters.") % {"count": MAX_QUESTION_LENGTH},
        }
    answers, log = library_question_ask(
        question=question,
        user=request.user,
        segments=(segment,) if segment else (),
        stages=(stage,) if stage else (),
        source=source,
    )
    items = answers_as_dicts(answers)
    for item in items:
        item["type_label"] = TYPE_LABELS.get(item["type"], "")
        item["open_url"] = (
            reverse("library:open", args=[item["asset_id"]])
            + "?"
            + urlencode({"search": log.pk, "passage": item["passage_id"]})
        )
    return {
        "question": answers.question,
        "answers": items,
        "answered": answers.answered,
        "notice": answers.notice,
    }


@login_required
def library_search(request):
    _require_member(request)
    params = {key: request.GET.getlist(key) for key in ("q", "segment", "stage", "type")}
    form = LibrarySearchForm(request.GET, page_size=PAGE_SIZE)
    form.is_valid()  # lenient: always valid (text cut, unknown filters dropped)
    query = form.search_query(user=request.user)
    text = form.cleaned_data["q"]
    results, log = assets_search(query=query, source=SearchLog.Source.LIBRARY)
    last_page = results.page_count
    thumbnails = asset_first_thumbnails(asset_ids=[hit.id for hit in results.hits])
    page_matches = hits_page_matches(hits=results.hits, text=results.did_you_mean or text)
    cards = []
    for position, hit in enumerate(results.hits, start=query.offset + 1):
        open_url = (
            reverse("library:open", args=[hit.id])
            + "?"
            + urlencode({"search": log.pk if log else "", "position": position})
        )
        cards.append(
            {
                "hit": hit,
                "open_url": open_url,
                "type_label": TYPE_LABELS.get(hit.type, ""),
                "thumbnail": thumbnails.get(hit.id),
                "page": next(iter(page_matches.get(hit.id, [])), None),
            }
        )
    context = {
        "query": query,
        "text": text,
        "results": results,
        "cards": cards,
        "facet_groups": _facet_groups(results, query, params),
        "did_you_mean": results.did_you_mean,
        "suggested_filters": _suggested_filter_chips(results, query, params),
        "has_filters": bool(query.segments or query.stages or query.types or query.languages),
        "filter_count": len(query.segments)
        + len(query.stages)
        + len(query.types)
        + len(query.languages),
        "clear_filters_url": _url_with({"q": [text]} if text else {}),
        "pages": [
            {"number": n, "url": _url_with(params, page=str(n)) if n else None}
            for n in _pages(query.page, last_page)
        ],
        "previous_url": _url_with(params, page=str(query.page - 1)) if query.page > 1 else None,
        "next_url": _url_with(params, page=str(query.page + 1)) if query.page < last_page else None,
        "fallback": results.fallback,
        "request_url": request_content_url(text),
    }
    context["ask"] = _ask(request, source=SearchLog.Source.LIBRARY)
    context["ask_action"] = reverse("library:search")
    context["ask_hidden"] = []
    # Without a query, filters, a question or a page: the rep's home above the browse list.
    landing = not (text or context["has_filters"] or "ask" in request.GET or query.page > 1)
    home = library_home(request=request) if landing else None
    context["home_template"], context["home"] = home or (None, None)
    return render(request, "search/library.html", context)


@login_required
def open_result(request, asset_id: int):
    """Click-through from a result: record the click, then go to the asset."""
    _require_member(request)
    asset = assets_visible_to(user=request.user).filter(pk=asset_id).first()
    if asset is None:
        raise Http404(_("No such asset, or you may not see it."))
    try:
        search_id = int(request.GET.get("search") or 0) or None
        position = int(request.GET.get("position") or 0) or None
        passage_id = int(request.GET.get("passage") or 0) or None
    except ValueError:
        search_id = position = passage_id = None
    search_click_record(
        asset_id=asset.pk,
        user=request.user,
        search_id=search_id,
        position=position,
        passage_id=passage_id,
    )
    target = asset.get_url(request=request) or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = asset.url or "/"
    return HttpResponseRedirect(target)


@login_required
def prep_for_call(request):
    """Pick one of my open deals, or a segment and stage: the material to bring."""
    _require_member(request)
    names = vocabulary()
    # Newest first, as a rep thinks of them (tracking's definition of "open deals").
    deals = list(
        deals_open_for_user(user=request.user)
        .select_related("segment", "stage")
        .order_by("-created_at")[:50]
    )
    deal = None
    form = LibrarySearchForm(request.GET)
    form.is_valid()  # lenient: unknown segment or stage names are dropped
    segment = next(iter(form.cleaned_data["segment"]), None)
    stage = next(iter(form.cleaned_data["stage"]), None)
    if request.GET.get("deal"):
        deal = next((d for d in deals if str(d.pk) == request.GET["deal"]), None)
        if deal is None:
            raise Http404(_("No such open deal of yours."))
        segment = deal.segment.name if deal.segment else None
        stage = deal.stage.name if deal.stage else None
    segment = segment if segment in names["segments"] else None
    stage = stage if stage in names["stages"] else None
    prep = None
    if deal or segment or stage:
        prep = call_prep(user=request.user, segment=segment, stage=stage)
    context = {
        "deals": deals,
        "deal": deal,
        "segments": names["segments"],
        "stages": names["stages"],
        "segment": segment,
        "stage": stage,
        "prep": prep,
        "plays": plays_for_deal(user=request.user, segment=segment, stage=stage) if prep else [],
        "type_labels": TYPE_LABELS,
        "thumbnails": asset_first_thumbnails(
            asset_ids=[hit.id for section in prep.sections for hit in section.hits]
        )
        if prep
        else {},
        "fallback": bool(prep and prep.fallback),
        "ask": _ask(request, segment=segment, stage=stage, source=SearchLog.Source.PREP),
        "ask_action": reverse("library:prep"),
        "ask_hidden": [
            (name, value)
            for name, value in (
                ("deal", request.GET.get("deal")),
                ("segment", segment),
                ("stage", stage),
            )
            if value
        ],
    }
    return render(request, "search/prep.html", context)
