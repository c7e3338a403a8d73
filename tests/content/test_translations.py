"""Linked translations: ``AssetPage.translation_of`` rules and the asset page's "also in"
line, which lists only translations live now and visible to the reader."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from content.groups import MANAGERS
from content.selectors import asset_translations_visible
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory


@pytest.fixture
def pair(library):
    original = CaseStudyPageFactory(title="Ironclad reduces scrap by 28%")
    polish = CaseStudyPageFactory(
        title="Ironclad ogranicza braki o 28%", language="pl", translation_of=original
    )
    return original, polish


def test_the_pair_links_both_ways(pair, sales_user):
    original, polish = pair
    assert [a.pk for a in asset_translations_visible(asset=original, user=sales_user)] == [
        polish.pk
    ]
    assert [a.pk for a in asset_translations_visible(asset=polish, user=sales_user)] == [
        original.pk
    ]
    assert original.translation_group_ids() == sorted([original.pk, polish.pk])


def test_a_translation_must_differ_and_point_at_an_original(pair):
    original, polish = pair
    same_language = CaseStudyPageFactory(title="Another English story")
    same_language.translation_of = original
    with pytest.raises(ValidationError) as error:
        same_language.full_clean()
    assert "translation_of" in error.value.message_dict
    # not a translation of a translation
    german = CaseStudyPageFactory(title="Ironclad reduziert Ausschuss", language="de")
    german.translation_of = polish
    with pytest.raises(ValidationError) as error:
        german.full_clean()
    assert "translation_of" in error.value.message_dict
    # not of itself
    original.translation_of = original
    with pytest.raises(ValidationError) as error:
        original.full_clean()
    assert "translation_of" in error.value.message_dict


def test_also_in_shows_only_live_visible_translations(library, client, sales_user):
    original = ObjectionPageFactory(title='"Too expensive"')
    ObjectionPageFactory(
        title="„Za drogo” (szkic)", language="pl", translation_of=original, live=False
    )
    ObjectionPageFactory(
        title="„Za drogo” (dla managerów)",
        language="pl",
        translation_of=original,
        groups=[MANAGERS],
    )
    client.force_login(sales_user)
    page = client.get(original.url).content.decode()
    # a draft and a restricted translation never leak to a rep
    assert "Also in:" not in page
    visible = ObjectionPageFactory(title="„Za drogo”", language="pl", translation_of=original)
    page = client.get(original.url).content.decode()
    assert "Also in:" in page
    assert f'href="{visible.url}"' in page and ">Polski</a>" in page
    assert "(szkic)" not in page and "(dla managerów)" not in page
    # and the translation links back to its original
    back = client.get(visible.url).content.decode()
    assert f'href="{original.url}"' in back and ">English</a>" in back
