"""Real, tiny attachment files for content tests (generated, not mocked)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from demo.documents import deck_pdf, deck_pptx
from demo.presentations import Slide

SLIDES = (
    Slide("Why teams switch", ("Approvals in hours, not weeks", "Zebra-striped audit trail")),
    Slide("Pricing", ("Per workflow, not per seat",), "Mention the quokka discount only if asked."),
)


@pytest.fixture
def pdf_bytes() -> bytes:
    return deck_pdf(title="Tiny test deck", slides=SLIDES)


@pytest.fixture
def pptx_bytes() -> bytes:
    return deck_pptx(title="Tiny test deck", slides=SLIDES)


@pytest.fixture
def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def corrupt_pdf_bytes(pdf_bytes) -> bytes:
    """Starts like a PDF, but the body is garbage: the header check passes, parsing fails."""
    return b"%PDF-1.7\n" + b"\x00garbage" * 200
