import pytest

from content.models import AssetPage, StageTag
from content.selectors import assets_visible_to
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory

pytestmark = pytest.mark.django_db


def test_default_stages_are_ordered():
    assert list(StageTag.objects.values_list("name", flat=True)) == [
        "Prospecting",
        "Discovery",
        "Demo",
        "Proposal",
        "Negotiation",
        "Closing",
    ]


def test_restricted_and_draft_assets_are_invisible_to_sales(sales_user, marketing_user):
    # given
    public = CaseStudyPageFactory(title="Acme", segments=["Healthcare"], stages=["Demo"])
    restricted = ObjectionPageFactory(title="Secret pricing", groups=["Managers"])
    draft = CaseStudyPageFactory(title="Draft", live=False)
    # when
    visible = set(assets_visible_to(user=sales_user).values_list("pk", flat=True))
    # then
    assert visible == {public.pk}
    assert restricted.pk in set(assets_visible_to(user=marketing_user).values_list("pk", flat=True))
    assert draft.pk not in set(AssetPage.objects.live().values_list("pk", flat=True))
    assert public.stage_names() == ["Demo"]
