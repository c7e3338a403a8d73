"""import_assets: the JSONL contract of DESIGN §7."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from content.models import AssetDocument, AssetPage, CaseStudyPage, ObjectionPage, SegmentTag
from tests.factories import segment

pytestmark = pytest.mark.django_db


def _write(folder: Path, lines: list) -> Path:
    path = folder / "assets.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    return path


def _run(path: Path, *args: str) -> tuple[str, str, CommandError | None]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_assets", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def segments(db):
    return [segment("Healthcare"), segment("Enterprise")]


@pytest.fixture
def good_lines(tmp_path, pdf_bytes, pptx_bytes, marketing_user):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "story.pdf").write_bytes(pdf_bytes)
    (tmp_path / "files" / "deck.pptx").write_bytes(pptx_bytes)
    return [
        {
            "external_id": "crm-1",
            "type": "case_study",
            "title": "Harborview cuts prior-auth time",
            "summary": "A hospital network automated prior authorizations.",
            "body": "First paragraph.\n\nSecond <paragraph>.",
            "segments": ["Healthcare", "enterprise"],
            "stages": ["Discovery", "Proposal"],
            "personas": ["CIO"],
            "products": ["Flow"],
            "language": "en",
            "owner": marketing_user.email,
            "review_by": "2030-01-31",
            "file": "files/story.pdf",
            "customer": "Harborview Health",
            "industry": "Hospitals",
        },
        {
            "external_id": "crm-2",
            "type": "presentation",
            "title": "Why teams switch",
            "summary": "The first-meeting deck.",
            "segments": ["Enterprise"],
            "stages": ["Prospecting"],
            "file": "files/deck.pptx",
        },
        {
            "external_id": "crm-3",
            "type": "objection",
            "title": "Too expensive",
            "summary": "Reframe to three-year cost.",
            "segments": [],
            "stages": ["Negotiation"],
            "objection": "You cost more than the others.",
            "answer": "Compare three-year cost, not license price.",
        },
    ]


def test_good_file_imports_every_asset_live_with_files_extracted(
    tmp_path, segments, good_lines, marketing_user
):
    # when
    out, err, error = _run(_write(tmp_path, good_lines))
    # then
    assert error is None, err
    assert "3 lines: 3 created, 0 updated, 0 failed" in out
    assert "[1/3] created" in out  # progress
    story = CaseStudyPage.objects.get(external_id="crm-1")
    assert story.live
    assert story.customer == "Harborview Health"
    assert story.segment_names() == ["Enterprise", "Healthcare"]
    assert story.stage_names() == ["Discovery", "Proposal"]
    assert story.owner_user == marketing_user
    assert str(story.review_by) == "2030-01-31"
    assert story.body == "<p>First paragraph.</p><p>Second &lt;paragraph&gt;.</p>"
    assert story.attachment.extraction_status == AssetDocument.Extraction.DONE
    assert "Zebra-striped audit trail" in story.attachment.extracted_text
    deck = AssetPage.objects.get(external_id="crm-2").specific
    assert deck.attachment.kind == "pptx"
    assert deck.slide_count == 3
    assert "quokka" in deck.attachment_text  # speaker notes are searchable too
    objection = ObjectionPage.objects.get(external_id="crm-3")
    assert objection.short_answer == "Compare three-year cost, not license price."
    assert objection.owner_user is None


def test_bad_lines_are_reported_with_line_numbers_and_the_rest_import(
    tmp_path, segments, good_lines, png_bytes
):
    # given
    (tmp_path / "files" / "photo.pdf").write_bytes(png_bytes)
    base = {"type": "objection", "summary": "s", "objection": "o", "answer": "a"}
    lines = [
        good_lines[0],
        {**base, "external_id": "bad-2", "title": "Unknown segment", "segments": ["Mars"]},
        {**base, "external_id": "bad-3", "title": "Unknown stage", "stages": ["Haggling"]},
        {**base, "external_id": "bad-4", "title": "Unknown type", "type": "video"},
        "{not json",
        {**base, "external_id": "bad-6", "title": "Bad date", "review_by": "31/01/2030"},
        {**base, "external_id": "bad-7", "title": "Missing file", "file": "files/nope.pdf"},
        {**base, "external_id": "bad-8", "title": "PNG in disguise", "file": "files/photo.pdf"},
        {**base, "external_id": "bad-9", "title": "No answer", "answer": ""},
        "",
        good_lines[2],
    ]
    # when
    _out, err, error = _run(_write(tmp_path, lines))
    # then
    assert error is not None
    assert "8 of 10 lines failed" in str(error)
    assert "line 2: unknown segment 'Mars'" in err
    assert "line 3: unknown stage 'Haggling' (stages are: Prospecting, Discovery," in err
    assert "line 4: unknown type 'video'" in err
    assert "line 5: invalid JSON" in err
    assert "line 6: review_by '31/01/2030' is not a date (YYYY-MM-DD)" in err
    assert "line 7: file 'files/nope.pdf' not found" in err
    assert "line 8: file 'files/photo.pdf': Only PDF and PowerPoint (.pptx) files" in err
    assert "line 9: answer is required" in err
    assert set(AssetPage.objects.values_list("external_id", flat=True)) == {"crm-1", "crm-3"}
    assert not SegmentTag.objects.filter(name="Mars").exists()


def test_command_exits_non_zero_when_a_line_fails(tmp_path, segments):
    path = _write(tmp_path, [{"external_id": "x", "type": "podcast", "title": "t"}])
    with pytest.raises(CommandError, match="1 of 1 lines failed"):
        call_command("import_assets", str(path))


def test_reimport_updates_in_place_without_duplicates(tmp_path, segments, good_lines):
    # given
    path = _write(tmp_path, good_lines)
    _run(path)
    story = CaseStudyPage.objects.get(external_id="crm-1")
    revisions_before = story.revisions.count()
    # when
    good_lines[0] = {**good_lines[0], "title": "Harborview, updated", "stages": ["Closing"]}
    out, err, error = _run(_write(tmp_path, good_lines))
    # then
    assert error is None, err
    assert "0 created, 3 updated" in out
    assert AssetPage.objects.count() == 3
    story.refresh_from_db()
    assert story.title == "Harborview, updated"
    assert story.stage_names() == ["Closing"]
    assert story.live and story.url.endswith("/harborview-cuts-prior-auth-time/")  # URL kept
    assert story.revisions.count() == revisions_before + 1


def test_unknown_segment_is_created_with_flag(tmp_path, segments, good_lines):
    line = {**good_lines[2], "segments": ["Aerospace"]}
    _out, err, error = _run(_write(tmp_path, [line]), "--create-segments")
    assert error is None, err
    assert ObjectionPage.objects.get(external_id="crm-3").segment_names() == ["Aerospace"]


def test_external_id_cannot_change_type(tmp_path, segments, good_lines):
    _run(_write(tmp_path, [good_lines[2]]))
    line = {**good_lines[1], "external_id": "crm-3"}
    _out, err, error = _run(_write(tmp_path, [line]))
    assert error is not None
    assert (
        "line 1: external_id 'crm-3' is already an asset of type 'objection', not 'presentation'"
        in err
    )
