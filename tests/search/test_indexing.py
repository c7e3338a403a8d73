"""Indexing driven by content lifecycle signals, on commit, with dirty flags and sweep."""

from __future__ import annotations

import pytest

from content.signals import asset_content_changed
from search.backends.base import SearchBackendUnavailable
from search.backends.elasticsearch import ElasticsearchBackend
from search.models import DirtyAsset
from search.services import assets_mark_dirty, assets_sync, dirty_assets_sweep
from tests.factories import CaseStudyPageFactory, PresentationPageFactory

pytestmark = pytest.mark.elasticsearch
# Elasticsearch only: the one backend fixture (tests/conftest.py), parametrized to it alone.
on_elasticsearch = pytest.mark.parametrize("search_backend", ["elasticsearch"], indirect=True)


def indexed(backend) -> set[int]:
    return backend.indexed_ids()


@on_elasticsearch
def test_publish_indexes_on_commit_and_clears_the_flag(
    search_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asset = CaseStudyPageFactory(title="Published story")
    # until the transaction commits nothing is queued, but the flag is stored
    assert asset.pk not in indexed(search_backend)
    assert DirtyAsset.objects.filter(asset_id=asset.pk).exists()

    for callback in callbacks:
        callback()

    assert asset.pk in indexed(search_backend)
    assert not DirtyAsset.objects.filter(asset_id=asset.pk).exists()


@on_elasticsearch
def test_unpublish_and_delete_remove_documents(search_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        retired = CaseStudyPageFactory(title="Retired")
        deleted = PresentationPageFactory(title="Deleted")
    assert {retired.pk, deleted.pk} <= indexed(search_backend)

    with django_capture_on_commit_callbacks(execute=True):
        retired.unpublish()
        deleted_id = deleted.pk
        deleted.delete()

    assert indexed(search_backend).isdisjoint({retired.pk, deleted_id})
    assert not DirtyAsset.objects.exists()


@on_elasticsearch
def test_extracted_attachment_text_is_reindexed(
    search_backend, django_capture_on_commit_callbacks, sales_user
):
    from content.models import AssetDocument, AssetPage
    from search.backends.base import SearchQuery

    with django_capture_on_commit_callbacks(execute=True):
        asset = PresentationPageFactory(title="Deck")
    document = AssetDocument.objects.create(title="deck", file="documents/deck.pdf")
    AssetPage.objects.filter(pk=asset.pk).update(attachment=document)
    AssetDocument.objects.filter(pk=document.pk).update(extracted_text="quokka telemetry")

    with django_capture_on_commit_callbacks(execute=True):
        asset_content_changed.send(sender=AssetPage, asset_ids=[asset.pk])

    results = search_backend.search(SearchQuery(text="quokka", user=sales_user))
    assert [hit.id for hit in results.hits] == [asset.pk]


@on_elasticsearch
def test_sync_is_idempotent(search_backend):
    asset = CaseStudyPageFactory(title="Twice")
    first = assets_sync(asset_ids=[asset.pk])
    second = assets_sync(asset_ids=[asset.pk, asset.pk])
    assert (first.indexed, second.indexed) == (1, 1)
    assert search_backend.document_count() == 1


@on_elasticsearch
def test_sweep_catches_up_on_flags_whose_task_never_ran(search_backend):
    asset = CaseStudyPageFactory(title="Lost task")  # on_commit never fires here
    assert DirtyAsset.objects.filter(asset_id=asset.pk).exists()

    report = dirty_assets_sweep()

    assert report.indexed >= 1
    assert asset.pk in indexed(search_backend)
    assert not DirtyAsset.objects.exists()


def test_unreachable_server_keeps_the_flags_and_raises_for_retry(db):
    asset = CaseStudyPageFactory(title="Offline")
    DirtyAsset.objects.all().delete()
    assets_mark_dirty(asset_ids=[asset.pk])
    # a real connection refused: nothing listens on port 9 of loopback
    down = ElasticsearchBackend(url="http://127.0.0.1:9", prefix="search-down")

    with pytest.raises(SearchBackendUnavailable):
        assets_sync(asset_ids=[asset.pk], backend=down)

    flag = DirtyAsset.objects.get(asset_id=asset.pk)
    assert flag.attempts == 1


@on_elasticsearch
def test_rebuild_swaps_the_alias_to_a_new_index(search_backend):
    from search.documents import asset_documents, indexable_asset_batches

    CaseStudyPageFactory(title="One")
    CaseStudyPageFactory(title="Two")
    before = search_backend.alias_targets()

    name, written, removed = search_backend.rebuild(
        batches=(asset_documents(batch) for batch in indexable_asset_batches(batch_size=1))
    )

    assert written == 2
    assert search_backend.alias_targets() == [name]
    assert removed == before
    assert search_backend.document_count() == 2
