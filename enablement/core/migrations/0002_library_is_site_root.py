"""The library becomes the site root, replacing Wagtail's "Welcome to your new Wagtail site!".

- Fresh database (no library yet): the welcome page, still childless, is turned into the
  ``LibraryPage`` in place (same id, so every ``Site`` already points at it).
- Existing database (the library under the welcome page): the library and its assets move
  up one level into the welcome page's place, every site rooted at the welcome page is
  rooted at the library, the welcome page is deleted, and each asset's old URL
  (``/assets/<slug>/``) gets a permanent redirect to the asset, so shared links and
  bookmarks keep working.

A welcome page that has been edited into something else (a specific page type, or other
children besides the library) is left alone: nothing here guesses at someone's content.
"""

from django.core.cache import cache
from django.db import migrations

LIBRARY_TITLE = "Library"
LIBRARY_SLUG = "assets"


def _normalise(path: str) -> str:
    # wagtail.contrib.redirects.models.Redirect.normalise_path for a plain path.
    path = path if path.startswith("/") else "/" + path
    return path[:-1] if path.endswith("/") and len(path) > 1 else path


def library_becomes_root(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    LibraryPage = apps.get_model("content", "LibraryPage")
    Redirect = apps.get_model("wagtailredirects", "Redirect")

    plain_page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if plain_page_type is None:
        return
    library_type, _ = ContentType.objects.get_or_create(app_label="content", model="librarypage")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return
    welcome = Page.objects.filter(
        pk=site.root_page_id, depth=2, content_type=plain_page_type
    ).first()
    if welcome is None:  # already a library, or a page someone made their own
        return
    children = Page.objects.filter(path__startswith=welcome.path, depth=welcome.depth + 1)
    library = LibraryPage.objects.first()

    if library is None:
        if children.exists():
            return
        LibraryPage(page_ptr_id=welcome.pk, intro="The sales content library.").save_base(
            raw=True
        )
        Page.objects.filter(pk=welcome.pk).update(
            content_type=library_type,
            title=LIBRARY_TITLE,
            draft_title=LIBRARY_TITLE,
            slug=LIBRARY_SLUG,
            url_path=f"/{LIBRARY_SLUG}/",
        )
    else:
        if list(children.values_list("pk", flat=True)) != [library.pk]:
            return
        old_root, old_prefix = library.path, welcome.url_path
        subtree = Page.objects.filter(path__startswith=old_root).order_by("depth", "path")
        # Old URLs, relative to the welcome page: "/home/assets/x/" was served at "/assets/x/".
        taken = set(
            Redirect.objects.filter(site__isnull=True).values_list("old_path", flat=True)
        )
        redirects = []
        for page in subtree.filter(depth__gt=library.depth).only("pk", "url_path"):
            old_path = _normalise("/" + page.url_path[len(old_prefix) :])
            if old_path not in taken:
                taken.add(old_path)
                redirects.append(
                    Redirect(old_path=old_path, redirect_page_id=page.pk, is_permanent=True)
                )
        Site.objects.filter(root_page_id=welcome.pk).update(root_page_id=library.pk)
        new_root = welcome.path
        Page.objects.filter(pk=welcome.pk).delete()
        # Level by level from the top: each level moves into paths the level above vacated,
        # so no two pages ever hold the same path (unique, checked row by row).
        depths = sorted(set(subtree.values_list("depth", flat=True)))
        for depth in depths:
            level = list(subtree.filter(depth=depth).only("pk", "path", "depth", "url_path"))
            for page in level:
                page.path = new_root + page.path[len(old_root) :]
                page.depth -= 1
                page.url_path = "/" + page.url_path[len(old_prefix) :]
            Page.objects.bulk_update(level, ["path", "depth", "url_path"], batch_size=500)
        Redirect.objects.bulk_create(redirects, batch_size=500)
    # Wagtail caches the sites' root paths; the signals that clear it do not run here.
    cache.delete("wagtail_site_root_paths")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("content", "0006_governance_models_moved"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(library_becomes_root, migrations.RunPython.noop)]
