"""Demo plays, play opens, favourites and notifications (run by seed_demo through
ENABLEMENT_DEMO_SEEDERS, after the deals and usage history)."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from content.groups import MARKETING, SALES
from content.models import PlayItem, PlayOpen, PlayPage
from content.selectors import assets_live, assets_visible_to
from content.services import library_root_get_or_create
from enablement.governance.models import ContentRequest
from enablement.home.services import favourite_set
from enablement.notifications import signal_handlers
from enablement.tracking.models import Deal, ShareLink

PLAYS = 6
ITEMS_PER_PLAY = 4
GUIDANCE = {
    "Prospecting": (
        "Open with this in the first email",
        "Share after a reply",
        "Keep for a follow-up",
    ),
    "Discovery": ("Send before the discovery call", "Use to frame pains", "Leave behind"),
    "Demo": ("Show after the demo", "Answer the usual objection", "Send the proof"),
    "Proposal": ("Attach to the proposal", "Back the business case", "For the CFO"),
    "Negotiation": ("Use when price comes up", "Answer procurement", "Reassure the sponsor"),
    "Closing": ("Send with the order form", "Reassure on onboarding", "Reference call backup"),
}


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def seed_home(*, stdout=None, rng: random.Random) -> None:
    """Plays for the most common segment and stage pairs of the deals, who opened them,
    favourites for each rep, and notifications from the demo's share links and requests."""
    users = get_user_model().objects
    reps = list(users.filter(groups__name=SALES, is_active=True).order_by("pk"))
    if not reps:
        _say(stdout, "Home: needs Sales users; skipped.")
        return
    if PlayPage.objects.exists():
        _say(stdout, "Home: plays already present, skipped.")
        return
    owner = users.filter(groups__name=MARKETING, is_active=True).order_by("pk").first()
    plays = _seed_plays(owner=owner, rng=rng)
    _say(stdout, f"Home: {len(plays)} plays for the common segment and stage pairs.")
    now = timezone.now()
    opens = 0
    for play in plays:
        for rep in rng.sample(reps, k=min(len(reps), rng.randint(2, 6))):
            for days_ago in sorted(rng.sample(range(30), k=rng.randint(1, 4))):
                opened = now - datetime.timedelta(days=days_ago, hours=rng.randint(0, 8))
                PlayOpen.objects.get_or_create(
                    play=play, user=rep, day=opened.date(), defaults={"opened_at": opened}
                )
                opens += 1
    stars = 0
    for rep in reps:
        visible = list(assets_visible_to(user=rep).order_by("pk").values_list("pk", flat=True))
        for asset_id in rng.sample(visible, k=min(len(visible), 4)):
            favourite_set(user=rep, asset_id=asset_id, starred=True)
            stars += 1
    _say(stdout, f"Home: {opens} play opens, {stars} favourites.")
    notes = 0
    for link in ShareLink.objects.select_related("deal", "asset", "created_by").order_by("pk")[:40]:
        if link.opens or rng.random() < 0.5:
            signal_handlers.on_share_link_first_opened(sender=ShareLink, link=link)
            notes += 1
    for request in ContentRequest.objects.filter(status=ContentRequest.Status.DONE):
        signal_handlers.on_content_request_done(sender=ContentRequest, content_request=request)
        notes += 1
    _say(stdout, f"Home: {notes} notifications.")


def _seed_plays(*, owner, rng: random.Random) -> list[PlayPage]:
    pairs = Counter(
        (deal.segment, deal.stage)
        for deal in Deal.objects.filter(segment__isnull=False, stage__isnull=False).select_related(
            "segment", "stage"
        )
    )
    library = library_root_get_or_create()
    plays = []
    for (segment, stage), _count in pairs.most_common(PLAYS):
        assets = list(
            assets_live()
            .filter(Q(segments=segment) | Q(stages=stage))
            .filter(visibility="sales")
            .distinct()
            .order_by("pk")
        )
        tagged_both = [a for a in assets if a.stages.filter(pk=stage.pk).exists()]
        chosen = (tagged_both + [a for a in assets if a not in tagged_both])[:ITEMS_PER_PLAY]
        if not chosen:
            continue
        guidance = GUIDANCE.get(stage.name, ("Use in this deal",))
        play = PlayPage(
            title=f"{segment.name}: {stage.name}",
            slug=f"play-{segment.slug}-{stage.slug}"[:255],
            summary=f"What to send {segment.name} buyers at {stage.name}, in order.",
            situation=PlayPage.Situation.SEGMENT_STAGE,
            segment=segment,
            stage=stage,
            owner_user=owner,
            review_by=timezone.localdate() + datetime.timedelta(days=rng.randint(30, 120)),
        )
        for position, asset in enumerate(chosen):
            play.items.add(
                PlayItem(
                    asset=asset, guidance=guidance[position % len(guidance)], sort_order=position
                )
            )
        library.add_child(instance=play)
        play.save_revision(user=owner).publish()  # demo data: approved by construction
        plays.append(play)
    return plays
