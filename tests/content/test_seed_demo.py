"""seed_demo: a small real run, and the demo data's promises to the search team."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from content.demo.relevance import RELEVANCE_CASES
from content.demo.seeding import DEMO_SEGMENTS
from content.groups import DEFAULT_STAGES, MANAGERS, MARKETING, SALES
from content.models import AssetDocument, AssetPage, StageTag
from demo.case_studies import CASE_STUDIES
from demo.objections import OBJECTIONS
from demo.presentations import DECK_ONLY_TERMS, PRESENTATIONS


def test_demo_data_is_big_and_broad_enough():
    assert len(CASE_STUDIES) + len(PRESENTATIONS) + len(OBJECTIONS) >= 60
    used_segments = {
        s for item in (*CASE_STUDIES, *PRESENTATIONS, *OBJECTIONS) for s in item.segments
    }
    used_stages = {s for item in (*CASE_STUDIES, *PRESENTATIONS, *OBJECTIONS) for s in item.stages}
    assert len(used_segments) >= 8 and used_segments <= set(DEMO_SEGMENTS)
    assert used_stages == set(DEFAULT_STAGES)
    all_text = repr((CASE_STUDIES, PRESENTATIONS, OBJECTIONS)).lower()
    assert "lorem" not in all_text and "ipsum" not in all_text


def test_deck_only_terms_appear_only_in_their_decks_slides():
    titles = {item.title for item in (*CASE_STUDIES, *PRESENTATIONS, *OBJECTIONS)}
    for term, title in DECK_ONLY_TERMS.items():
        assert title in titles
        deck = next(deck for deck in PRESENTATIONS if deck.title == title)
        assert term.lower() in repr(deck.slides).lower()
        for item in (*CASE_STUDIES, *PRESENTATIONS, *OBJECTIONS):
            own_fields = {k: v for k, v in vars(item).items() if k != "slides"}
            assert term.lower() not in repr(own_fields).lower(), (term, item.title)
            if item is not deck:
                assert term.lower() not in repr(getattr(item, "slides", ())).lower()


def test_relevance_cases_point_at_real_demo_assets():
    titles = {item.title for item in (*CASE_STUDIES, *PRESENTATIONS, *OBJECTIONS)}
    assert len(RELEVANCE_CASES) >= 25
    assert {case.expected_title for case in RELEVANCE_CASES} <= titles
    assert {case.kind for case in RELEVANCE_CASES} >= {"deck-only", "typo"}


@pytest.mark.django_db
def test_small_seed_builds_real_assets_users_and_is_skipped_when_not_empty(settings):
    settings.ENABLEMENT_DEMO_SEEDERS = []
    # when
    out = StringIO()
    call_command("seed_demo", "--assets", "9", stdout=out)
    # then: three of each type, live, classified, with extracted attachments
    output = out.getvalue()
    assert "[9/9]" in output
    assets = AssetPage.objects.live().specific()
    assert (
        sorted(a.asset_type for a in assets)
        == ["case_study"] * 3 + ["objection"] * 3 + ["presentation"] * 3
    )
    assert all(a.segment_names() and a.stage_names() for a in assets)
    assert StageTag.objects.filter(tagged_assets__isnull=False).distinct().count() >= 4
    documents = AssetDocument.objects.all()
    assert documents.count() >= 5
    assert {d.extraction_status for d in documents} == {AssetDocument.Extraction.DONE}
    assert {d.kind for d in documents} == {"pdf", "pptx"}
    assert all(len(d.extracted_text) > 100 for d in documents)
    assert any(a.review_overdue for a in assets) or all(a.review_by for a in assets)
    users = get_user_model().objects
    assert users.filter(groups__name=SALES).count() >= 3
    assert users.filter(groups__name=MARKETING).exists()
    assert users.filter(groups__name=MANAGERS).exists()
    assert users.filter(is_superuser=True, username="admin").exists()
    assert users.get(username="riley").check_password("riley-demo-pass")
    assert re.search(r"\| riley\s+\| riley-demo-pass\s+\| Sales rep", output)

    # when: run again with --if-empty
    again = StringIO()
    call_command("seed_demo", "--if-empty", stdout=again)
    assert "content left as it is" in again.getvalue()
    assert "riley-demo-pass" in again.getvalue()
    assert AssetPage.objects.count() == 9


@pytest.mark.django_db
def test_seed_runs_registered_seeders_with_a_seeded_rng(settings):
    settings.ENABLEMENT_DEMO_SEEDERS = ["tests.content.test_seed_demo.record_seeder_call"]
    SEEDER_CALLS.clear()
    call_command("seed_demo", "--assets", "1", "--seed", "7", stdout=StringIO())
    assert len(SEEDER_CALLS) == 1
    assert SEEDER_CALLS[0] == __import__("random").Random(7).random()


SEEDER_CALLS: list[float] = []


def record_seeder_call(*, stdout, rng) -> None:
    SEEDER_CALLS.append(rng.random())


def test_polish_demo_assets_are_real_and_point_at_real_originals():
    from content.demo.relevance import POLISH_INFLECTED_CASES
    from demo.polish import (
        POLISH_CASE_STUDIES,
        POLISH_OBJECTIONS,
        POLISH_PRESENTATIONS,
        TRANSLATION_OF,
    )

    polish = (*POLISH_CASE_STUDIES, *POLISH_PRESENTATIONS, *POLISH_OBJECTIONS)
    assert len(polish) >= 8
    assert min(len(POLISH_CASE_STUDIES), len(POLISH_PRESENTATIONS), len(POLISH_OBJECTIONS)) >= 1
    # every translation names an English demo asset, by the key seeding gives it
    english = {
        *(f"case-{item.key}" for item in CASE_STUDIES),
        *(f"deck-{item.key}" for item in PRESENTATIONS),
        *(f"objection-{item.key}" for item in OBJECTIONS),
    }
    assert TRANSLATION_OF and set(TRANSLATION_OF.values()) <= english
    # the inflected relevance set asks for Polish demo assets only, with no word of the
    # query written as any Polish asset writes it (the analysis must do the work)
    titles = {item.title for item in polish}
    assert len(POLISH_INFLECTED_CASES) >= 15
    assert {case.expected_title for case in POLISH_INFLECTED_CASES} <= titles
    written = set(re.findall(r"\w+", repr(polish).lower()))
    for case in POLISH_INFLECTED_CASES:
        assert not set(re.findall(r"\w{4,}", case.query.lower())) & written, case.query


@pytest.mark.django_db
def test_polish_demo_assets_seed_in_polish_linked_to_their_originals(library):
    import random

    from content.demo.seeding import demo_library_seed
    from demo.polish import TRANSLATION_OF

    # given the English library, when the Polish assets are seeded after it
    demo_library_seed(rng=random.Random(1), asset_limit=3)
    created, _ = demo_library_seed(rng=random.Random(1), polish=True)

    # then each is a live Polish asset, linked when its original is there
    polish = AssetPage.objects.filter(language="pl")
    assert created == polish.count() >= 8
    assert all(page.live for page in polish)
    originals = dict(AssetPage.objects.values_list("external_id", "pk"))
    for page in polish:
        key = TRANSLATION_OF.get(page.external_id.removeprefix("demo-"))
        assert page.translation_of_id == originals.get(f"demo-{key}")
