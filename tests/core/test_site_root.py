"""The library, not Wagtail's welcome page, is the site root (data migration)."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from content.models import LibraryPage
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("enablement.core.migrations.0002_library_is_site_root")


def test_fresh_database_has_the_library_as_site_root():
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is LibraryPage
    assert not Page.objects.filter(title__icontains="Welcome to your new Wagtail site").exists()
    assert Page.objects.filter(depth=2).count() == 1


def test_library_root_get_or_create_returns_the_site_root(library):
    assert library.pk == Site.objects.get(is_default_site=True).root_page_id
    assert LibraryPage.objects.count() == 1


def test_assets_are_served_under_the_root(client, sales_user):
    asset = CaseStudyPageFactory(title="Root story")
    assert asset.url == "/root-story/"
    client.force_login(sales_user)
    assert client.get(asset.url).status_code == 200


def test_home_sends_signed_in_people_to_the_library(client, sales_user):
    client.force_login(sales_user)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/library/"


def _historical_apps():
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(("core", "0002_library_is_site_root"), at_end=False).apps


def _old_layout():
    """The layout before the migration: the library below a plain welcome page."""
    library = LibraryPage.objects.get()
    root = Page.get_first_root_node()
    welcome = root.add_child(
        instance=Page(title="Welcome to your new Wagtail site!", slug="home", live=True)
    )
    library.move(welcome, pos="last-child")
    Site.objects.update(root_page=welcome)
    Site.clear_site_root_paths_cache()
    return welcome


def test_existing_database_moves_the_library_up_and_keeps_old_links(client, sales_user):
    # given: two assets under a library that hangs below the welcome page
    first = CaseStudyPageFactory(title="First story")
    second = CaseStudyPageFactory(title="Second story")
    welcome = _old_layout()
    first.refresh_from_db()
    assert first.url == "/assets/first-story/"
    # when
    migration.library_becomes_root(_historical_apps(), None)
    # then
    Site.clear_site_root_paths_cache()
    assert not Page.objects.filter(pk=welcome.pk).exists()
    library = LibraryPage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == library.pk
    assert library.depth == 2
    first, second = (Page.objects.get(pk=page.pk) for page in (first, second))
    assert (first.url, second.url) == ("/first-story/", "/second-story/")
    assert first.get_parent().pk == library.pk
    assert Page.find_problems() == ([], [], [], [], [])
    # old URLs redirect permanently to the assets
    assert set(Redirect.objects.values_list("old_path", "redirect_page_id")) >= {
        ("/assets/first-story", first.pk),
        ("/assets/second-story", second.pk),
    }
    client.force_login(sales_user)
    response = client.get("/assets/first-story/")
    assert response.status_code == 301 and response["Location"] == "/first-story/"
    assert client.get("/first-story/").status_code == 200


def test_migration_runs_twice_without_change():
    before = list(Page.objects.values_list("pk", "path", "url_path"))
    migration.library_becomes_root(_historical_apps(), None)
    assert list(Page.objects.values_list("pk", "path", "url_path")) == before


def test_a_welcome_page_with_other_children_is_left_alone():
    welcome = _old_layout()
    welcome.add_child(instance=Page(title="About us", slug="about", live=True))
    migration.library_becomes_root(_historical_apps(), None)
    assert Page.objects.filter(pk=welcome.pk).exists()
    assert Site.objects.get(is_default_site=True).root_page_id == welcome.pk


@pytest.mark.parametrize("slug", ["library", "login", "logout", "cms", "insights", "media"])
def test_an_asset_cannot_take_a_slug_the_site_answers(slug):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        CaseStudyPageFactory(title=f"{slug} story", slug=slug)
    assert "slug" in error.value.message_dict


def test_ordinary_slugs_and_the_old_prefix_are_fine():
    asset = CaseStudyPageFactory(title="Assets overview", slug="assets")
    assert asset.url == "/assets/"
