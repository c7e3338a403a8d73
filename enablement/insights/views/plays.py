"""Plays for managers: the list, and one play's scorecard (reps who opened it, its assets
used in deals, the win rate of the deals that used it)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from content.models import PlayPage
from enablement.insights import selectors
from enablement.insights.tables import Table
from enablement.insights.views.dashboards import _filters, _page, manager_required


@manager_required
def play_list(request):
    form, filters = _filters(request)
    plays = PlayPage.objects.select_related("segment", "stage").order_by("title")
    table = Table(
        name="plays",
        title=_("Plays"),
        headers=[_("Play"), _("Segment"), _("Stage"), _("Live")],
        formats=["text", "text", "text", "text"],
        rows=[
            [
                play.title,
                play.segment.name if play.segment else "",
                play.stage.name if play.stage else "",
                _("yes") if play.live and not play.expired else _("no"),
            ]
            for play in plays
        ],
        links=[reverse("insights:play-scorecard", args=[play.pk]) for play in plays],
    )
    return _page(request, "insights/plays.html", form=form, filters=filters, tables=[table])


@manager_required
def play_scorecard(request, play_id: int):
    play = PlayPage.objects.filter(pk=play_id).first()
    if play is None:
        raise Http404("No such play.")
    form, filters = _filters(request)
    card = selectors.play_scorecard(play=play, since=filters.since, until=filters.until)
    reps = Table(
        name="reps",
        title=_("Reps who opened the play"),
        headers=[_("Rep"), _("Days opened"), _("Last opened")],
        formats=["text", "int", "text"],
        rows=[
            [rep.name, rep.days_opened, rep.last_opened_at.strftime("%Y-%m-%d %H:%M")]
            for rep in card.reps
        ],
    )
    assets = Table(
        name="assets",
        title=_("The play's assets used in deals"),
        headers=[_("Asset"), _("Deals influenced")],
        formats=["text", "int"],
        rows=[[use.title, use.deals] for use in card.assets],
        links=[reverse("insights:asset-detail", args=[use.asset_id]) for use in card.assets],
    )
    return _page(
        request,
        "insights/play_scorecard.html",
        form=form,
        filters=filters,
        tables=[reps, assets],
        play=play,
        card=card,
    )
