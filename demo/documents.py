"""Real PDF (reportlab) and PPTX (python-pptx) files for the demo assets."""

from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation as PptxPresentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from demo.case_studies import CaseStudy
from demo.presentations import Slide

BRAND = "Tessera"
ACCENT = colors.HexColor("#1d4ed8")


def deck_pdf(*, title: str, slides: Sequence[Slide]) -> bytes:
    """A landscape PDF, one page per slide (title page first)."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), title=title, author=BRAND, invariant=True
    )
    story = [
        Spacer(1, 120),
        Paragraph(title, styles["Title"]),
        Paragraph(f"{BRAND} · Sales enablement", styles["Normal"]),
    ]
    for slide in slides:
        story.append(PageBreak())
        story.append(Paragraph(slide.heading, styles["Heading1"]))
        story.append(Spacer(1, 12))
        for bullet in slide.bullets:
            story.append(Paragraph(bullet, styles["Normal"], bulletText="•"))
            story.append(Spacer(1, 6))
        if slide.notes:
            story.append(Spacer(1, 18))
            story.append(Paragraph(f"Presenter note: {slide.notes}", styles["Italic"]))
    doc.build(story)
    return buffer.getvalue()


def deck_pptx(*, title: str, slides: Sequence[Slide]) -> bytes:
    """A 16:9 PPTX with a title slide and one bulleted slide (with notes) per ``Slide``."""
    deck = PptxPresentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    title_layout, content_layout = deck.slide_layouts[0], deck.slide_layouts[1]

    cover = deck.slides.add_slide(title_layout)
    cover.shapes.title.text = title
    cover.placeholders[1].text = f"{BRAND} · Sales enablement"

    for slide in slides:
        page = deck.slides.add_slide(content_layout)
        page.shapes.title.text = slide.heading
        body = page.placeholders[1]
        body.left, body.top = Inches(0.8), Inches(1.6)
        body.width, body.height = Emu(deck.slide_width - Inches(1.6)), Inches(5.2)
        frame = body.text_frame
        for index, bullet in enumerate(slide.bullets):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.text = bullet
            paragraph.font.size = Pt(24)
            paragraph.font.color.rgb = RGBColor(0x1B, 0x1F, 0x24)
        if slide.notes:
            page.notes_slide.notes_text_frame.text = slide.notes
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def case_study_pdf(*, case: CaseStudy) -> bytes:
    """A one-page customer story PDF: challenge, solution, results table and quote."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=case.title, author=BRAND, invariant=True)
    results = Table(
        [["Result", "Outcome"], *[[metric, value] for metric, value in case.results]],
        colWidths=[300, 150],
    )
    results.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.lightgrey),
                ("FONTSIZE", (0, 0), (-1, -1), 11),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    story = [
        Paragraph("Customer story", styles["Normal"]),
        Paragraph(case.title, styles["Title"]),
        Paragraph(f"{case.customer} · {case.industry}", styles["Heading3"]),
        Spacer(1, 8),
        Paragraph("The challenge", styles["Heading2"]),
        Paragraph(case.challenge, styles["BodyText"]),
        Paragraph("The solution", styles["Heading2"]),
        Paragraph(case.solution, styles["BodyText"]),
        Paragraph("The results", styles["Heading2"]),
        results,
        Spacer(1, 16),
        Paragraph(f"“{case.quote}” — {case.quote_author}", styles["Italic"]),
    ]
    doc.build(story)
    return buffer.getvalue()
