"""Build the demo library: users, assets with real files, then the other apps' seeders."""

from __future__ import annotations

import datetime
import html
import io
import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from content.models import AssetDocument, AssetPage, SegmentTag, StageTag
from content.services import asset_upsert, document_create
from demo.case_studies import CASE_STUDIES, CaseStudy
from demo.documents import case_study_pdf, deck_pdf, deck_pptx
from demo.objections import OBJECTIONS, Objection
from demo.polish import (
    POLISH_CASE_STUDIES,
    POLISH_OBJECTIONS,
    POLISH_PRESENTATIONS,
    TRANSLATION_OF,
)
from demo.presentations import PRESENTATIONS, Presentation, Slide
from demo.users import CONTENT_OWNERS, DEMO_USERS, DemoUser

DEMO_SEGMENTS = (
    "Enterprise",
    "Mid-Market",
    "SMB",
    "Healthcare",
    "Financial Services",
    "Manufacturing",
    "Retail",
    "Public Sector",
    "Education",
    "Logistics",
)
OVERDUE_SHARE = 0.15
POLISH = "pl"

# Called with (done, total, type label, title) after each asset.
Progress = Callable[[int, int, str, str], None]


@dataclass
class DemoSeedReport:
    created: int = 0
    updated: int = 0
    skipped_content: bool = False
    users: list[tuple[DemoUser, bool]] = field(default_factory=list)  # (user, newly created)
    library_seconds: float = 0.0
    seconds: float = 0.0


def demo_users_ensure() -> list[tuple[DemoUser, bool]]:
    """Create the demo users (password set only on creation) and put them in their groups."""
    user_model = get_user_model()
    result = []
    for demo in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.com",
                "is_superuser": demo.superuser,
                "is_staff": demo.superuser,
            },
        )
        if created:
            user.set_password(demo.password)
            user.save(update_fields=["password"])
        if demo.group:
            user.groups.add(Group.objects.get(name=demo.group))
        result.append((demo, created))
    return result


def demo_seed(
    *,
    seed: int = 42,
    asset_limit: int | None = None,
    if_empty: bool = False,
    progress: Progress | None = None,
    stdout=None,
) -> DemoSeedReport:
    """Seed users, the demo library and (through ``ENABLEMENT_DEMO_SEEDERS``) history.

    Re-running updates the demo assets in place (matched by ``external_id``). With
    ``if_empty`` nothing but the users is touched when the library already has assets.
    ``asset_limit`` keeps the first N assets (types interleaved) for quick runs.
    """
    started = time.monotonic()
    report = DemoSeedReport(users=demo_users_ensure())
    if if_empty and AssetPage.objects.exists():
        report.skipped_content = True
        report.seconds = time.monotonic() - started
        return report

    rng = random.Random(seed)
    created, updated = demo_library_seed(rng=rng, asset_limit=asset_limit, progress=progress)
    report.created, report.updated = created, updated
    report.library_seconds = time.monotonic() - started
    for path in settings.ENABLEMENT_DEMO_SEEDERS:
        import_string(path)(stdout=stdout, rng=random.Random(seed))
    if asset_limit is None:
        # The Polish assets after the other apps' history: the English library, its usage
        # and every figure drawn from it stay exactly as without them.
        created, updated = demo_library_seed(rng=rng, polish=True, progress=progress)
        report.created += created
        report.updated += updated
    report.seconds = time.monotonic() - started
    return report


def demo_selection(
    asset_limit: int | None,
) -> tuple[list[CaseStudy], list[Presentation], list[Objection]]:
    """The English demo items to seed: all, or the first ``asset_limit`` with types
    interleaved (the Polish ones are seeded with the full library only, after it)."""
    if asset_limit is None:
        return list(CASE_STUDIES), list(PRESENTATIONS), list(OBJECTIONS)
    interleaved = [
        item
        for group in itertools.zip_longest(CASE_STUDIES, PRESENTATIONS, OBJECTIONS)
        for item in group
        if item is not None
    ][:asset_limit]
    return (
        [item for item in interleaved if isinstance(item, CaseStudy)],
        [item for item in interleaved if isinstance(item, Presentation)],
        [item for item in interleaved if isinstance(item, Objection)],
    )


def demo_library_seed(
    *,
    rng: random.Random,
    asset_limit: int | None = None,
    progress: Progress | None = None,
    polish: bool = False,
) -> tuple[int, int]:
    """Create or update the English demo assets (``polish``: the Polish ones, linked to
    their English originals); return ``(created, updated)``."""
    for name in DEMO_SEGMENTS:
        SegmentTag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    segments = {tag.name: tag for tag in SegmentTag.objects.all()}
    stages = {tag.name: tag for tag in StageTag.objects.all()}
    groups = {group.name: group for group in Group.objects.all()}
    owners = list(get_user_model().objects.filter(username__in=CONTENT_OWNERS).order_by("pk"))
    if polish:
        case_studies, presentations, objections = (
            list(POLISH_CASE_STUDIES),
            list(POLISH_PRESENTATIONS),
            list(POLISH_OBJECTIONS),
        )
    else:
        case_studies, presentations, objections = demo_selection(asset_limit)
    total = len(case_studies) + len(presentations) + len(objections)
    counts = {True: 0, False: 0}
    done = 0
    today = timezone.localdate()
    polish_items = {*POLISH_CASE_STUDIES, *POLISH_PRESENTATIONS, *POLISH_OBJECTIONS}

    def common(key: str, item) -> dict:
        # The Polish assets draw from their own generator, so the English library (and
        # every figure derived from it) is the same as before they existed.
        draw = random.Random(key) if item in polish_items else rng
        overdue = draw.random() < OVERDUE_SHARE
        days = -draw.randint(3, 60) if overdue else draw.randint(20, 240)
        original = TRANSLATION_OF.get(key)
        return {
            "external_id": f"demo-{key}",
            "language": POLISH if item in polish_items else AssetPage.Language.EN,
            "translation_of": (
                AssetPage.objects.filter(external_id=f"demo-{original}").first()
                if original
                else None
            ),
            "segments": [segments[name] for name in item.segments],
            "stages": [stages[name] for name in item.stages],
            "personas": list(item.personas),
            "owner": draw.choice(owners) if owners else None,
            "review_by": today + datetime.timedelta(days=days),
            "visible_to_groups": [groups[name] for name in getattr(item, "restricted_to", ())],
        }

    def step(page: AssetPage, created: bool) -> None:
        nonlocal done
        done += 1
        counts[created] += 1
        if progress is not None:
            progress(done, total, page.specific_class.asset_type_label, page.title)

    case_pages: dict[str, AssetPage] = {}

    def seed(case_studies, presentations, objections) -> None:
        for case in case_studies:
            fields = common(f"case-{case.key}", case)
            attachment = None
            if case.with_pdf:
                attachment = _attachment(
                    fields["external_id"],
                    title=case.title,
                    filename=f"{case.key}-customer-story.pdf",
                    build=lambda case=case: case_study_pdf(case=case),
                )
            page, created = asset_upsert(
                asset_type="case_study",
                title=case.title,
                summary=case.summary,
                body=(_case_body_pl if case in polish_items else _case_body)(case),
                products=list(case.products),
                attachment=attachment,
                type_fields={
                    "customer": case.customer,
                    "industry": case.industry,
                    "challenge": _paragraphs([case.challenge]),
                    "solution": _paragraphs([case.solution]),
                    "results": [("result", {"metric": m, "value": v}) for m, v in case.results],
                    "quote": case.quote,
                    "quote_author": case.quote_author,
                },
                **fields,
            )
            case_pages[case.key] = page
            step(page, created)

        for deck in presentations:
            fields = common(f"deck-{deck.key}", deck)
            slides = _deck_slides(deck)
            builder = deck_pptx if deck.file_kind == "pptx" else deck_pdf
            attachment = _attachment(
                fields["external_id"],
                title=deck.title,
                filename=f"{deck.key}.{deck.file_kind}",
                build=lambda builder=builder, deck=deck, slides=slides: builder(
                    title=deck.title, slides=slides
                ),
            )
            page, created = asset_upsert(
                asset_type="presentation",
                title=deck.title,
                summary=deck.summary,
                body=_paragraphs([deck.body]),
                products=list(deck.products),
                attachment=attachment,
                **fields,
            )
            step(page, created)

        for objection in objections:
            fields = common(f"objection-{objection.key}", objection)
            proof_points = [
                ("proof_point", {"claim": claim, "case_study": case_pages[key]})
                for claim, key in objection.proof_points
                if key in case_pages
            ]
            page, created = asset_upsert(
                asset_type="objection",
                title=objection.title,
                summary=objection.summary,
                body="",
                type_fields={
                    "objection": objection.objection,
                    "short_answer": objection.short_answer,
                    "talk_track": _paragraphs(objection.talk_track),
                    "proof_points": proof_points,
                },
                **fields,
            )
            step(page, created)

    seed(case_studies, presentations, objections)
    return counts[True], counts[False]


def _attachment(external_id: str, *, title: str, filename: str, build) -> AssetDocument:
    """Reuse the asset's already-extracted attachment on a re-run, else generate one."""
    existing = (
        AssetPage.objects.filter(external_id=external_id).select_related("attachment").first()
    )
    if (
        existing is not None
        and existing.attachment is not None
        and existing.attachment.extraction_status == AssetDocument.Extraction.DONE
    ):
        return existing.attachment
    return document_create(stream=io.BytesIO(build()), filename=filename, title=title)


def _deck_slides(deck: Presentation) -> list[Slide]:
    slides = list(deck.slides)
    if deck.proof_from_segment:
        proof = [
            f"{case.customer}: {case.results[0][0].lower()} {case.results[0][1]}"
            for case in CASE_STUDIES
            if deck.proof_from_segment in case.segments
        ][:3]
        if proof:
            slides.insert(
                len(slides) - 1 if len(slides) > 2 else len(slides),
                Slide("Customers like you", tuple(proof)),
            )
    return slides


def _case_body(case: CaseStudy) -> str:
    personas = " or ".join(case.personas) or "operations leaders"
    stages = " or ".join(stage.lower() for stage in case.stages)
    segments = " and ".join(case.segments)
    return _paragraphs(
        [
            f"When to use it: with {personas} buyers in {segments} deals, "
            f"especially at the {stages} stage.",
            f'What to ask next: "Where do you see the same problem as {case.customer}?"',
        ]
    )


def _case_body_pl(case: CaseStudy) -> str:
    personas = " lub ".join(case.personas) or "szefami operacji"
    return _paragraphs(
        [
            f"Kiedy jej używać: w rozmowach z osobami na stanowiskach {personas}.",
            f"O co zapytać dalej: „Gdzie widzicie ten sam problem co {case.customer}?”",
        ]
    )


def _paragraphs(paragraphs) -> str:
    return "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
