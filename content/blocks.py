from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ResultBlock(blocks.StructBlock):
    """One measurable outcome of a case study, e.g. "Onboarding time" / "-42%"."""

    metric = blocks.CharBlock(max_length=120, help_text=_("What was measured."))
    value = blocks.CharBlock(max_length=60, help_text=_("The outcome, e.g. 42% or $1.2M."))

    class Meta:
        icon = "success"
        label = _("Result")


class ProofPointBlock(blocks.StructBlock):
    """A claim backed by a case study."""

    claim = blocks.CharBlock(max_length=240)
    case_study = blocks.PageChooserBlock(page_type="content.CaseStudyPage", required=False)

    class Meta:
        icon = "link"
        label = _("Proof point")
