"""Elasticsearch outage: search answers from the database, the index catches up after.

The shared server on 9201 is never touched: a second, dedicated node (same integ-test-zip
distribution, run as the ``elastic`` user like .ci/services.sh) is started for this module
on its own ports and data directory, stopped mid-test and started again.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from content.models import AssetPage
from search.backends.base import SearchQuery
from search.backends.elasticsearch import ElasticsearchBackend
from search.models import DirtyAsset
from search.selectors import asset_suggestions
from search.services import assets_search, assets_sync
from search.tasks import sweep_dirty_assets
from tests.conftest import require_server
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.elasticsearch

CACHE = Path(os.environ.get("ENABLEMENT_CI_CACHE", "/var/cache/enablement-ci"))
ES_HOME = Path(os.environ.get("ES_HOME", CACHE / "elasticsearch-9.2.0"))
HTTP_PORT = int(os.environ.get("SEARCH_OUTAGE_ES_PORT", "9311"))
JAVA_HOMES = [
    "/usr/lib/jvm/temurin-25-jdk-amd64",
    "/usr/lib/jvm/temurin-21-jdk-amd64",
    "/usr/lib/jvm/java-21-openjdk-amd64",
]


def healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


class DedicatedNode:
    """One single-node Elasticsearch we own: start, stop (SIGTERM by pid), start again."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.data = CACHE / f"es-data-search-outage-{port}"
        self.pid_file = self.data / "es.pid"

    def prerequisites(self) -> tuple[bool, str]:
        if not (ES_HOME / "bin" / "elasticsearch").exists():
            return False, f"no Elasticsearch distribution at {ES_HOME}"
        if os.geteuid() != 0 or shutil.which("su") is None:
            return False, "starting a dedicated node needs root (to run it as user elastic)"
        if self.java_home() is None:
            return False, "no JDK 21+ for Elasticsearch 9"
        if healthy(self.url):
            return False, f"port {self.port} is already serving something"
        return True, ""

    @staticmethod
    def java_home() -> str | None:
        return next((path for path in JAVA_HOMES if Path(path, "bin", "java").exists()), None)

    def start(self, *, fresh: bool) -> None:
        if fresh:
            self.stop()  # a node an interrupted earlier run left behind holds the port
            shutil.rmtree(self.data, ignore_errors=True)
        (self.data / "data").mkdir(parents=True, exist_ok=True)
        (self.data / "logs").mkdir(parents=True, exist_ok=True)
        subprocess.run(["chown", "-R", "elastic", str(self.data)], check=True)
        command = (
            f"ES_JAVA_HOME='{self.java_home()}' ES_JAVA_OPTS='-Xms256m -Xmx256m' "
            f"'{ES_HOME}/bin/elasticsearch' -d -p '{self.pid_file}' "
            "-E discovery.type=single-node -E xpack.security.enabled=false "
            "-E cluster.routing.allocation.disk.threshold_enabled=false "
            f"-E network.host=127.0.0.1 -E http.port={self.port} "
            f"-E transport.port={self.port + 100} "
            f"-E path.data='{self.data}/data' -E path.logs='{self.data}/logs' "
            "-E cluster.name=enablement-search-outage"
        )
        subprocess.run(
            ["su", "elastic", "-s", "/bin/bash", "-c", command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if healthy(self.url):
                return
            time.sleep(0.5)
        raise RuntimeError(f"dedicated Elasticsearch on {self.port} did not become healthy")

    def pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        pid = self.pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def dedicated_node():
    node = DedicatedNode(HTTP_PORT)
    ok, reason = node.prerequisites()
    require_server("dedicated Elasticsearch node", ok, reason)
    node.start(fresh=True)
    yield node
    node.stop()
    shutil.rmtree(node.data, ignore_errors=True)


def test_outage_falls_back_to_the_database_and_the_index_catches_up(
    dedicated_node, settings, django_capture_on_commit_callbacks, sales_user
):
    settings.ELASTICSEARCH_URL = dedicated_node.url
    settings.ENABLEMENT_SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    backend = ElasticsearchBackend()
    backend.reset_index()
    before = CaseStudyPageFactory(title="Harbour logistics story")
    assets_sync(asset_ids=[before.pk])
    results, _ = assets_search(query=SearchQuery(text="harbour", user=sales_user))
    assert (results.backend, [hit.title for hit in results.hits]) == (
        "elasticsearch",
        ["Harbour logistics story"],
    )

    # when: the server goes away mid-test
    dedicated_node.stop()
    assert not backend.is_available()

    # then: search and suggestions answer from the database, and say so
    results, log = assets_search(query=SearchQuery(text="harbour", user=sales_user))
    assert (results.backend, [hit.title for hit in results.hits]) == (
        "database",
        ["Harbour logistics story"],
    )
    assert log.backend == "database"
    assert [s.title for s in asset_suggestions(text="harb", user=sales_user)] == [
        "Harbour logistics story"
    ]

    # and: publishing during the outage keeps the asset flagged (its task fails and retries)
    with django_capture_on_commit_callbacks(execute=True):
        during = CaseStudyPageFactory(title="Harbour cranes case")
    assert DirtyAsset.objects.filter(asset_id=during.pk).exists()
    results, _ = assets_search(query=SearchQuery(text="cranes", user=sales_user))
    assert (results.backend, results.total) == ("database", 1)

    # when: the server returns and the periodic sweep runs
    dedicated_node.start(fresh=False)
    sweep_dirty_assets.delay()

    # then: the index has caught up and Elasticsearch answers again
    assert not DirtyAsset.objects.filter(asset_id=during.pk).exists()
    results, _ = assets_search(query=SearchQuery(text="harbour", user=sales_user))
    assert results.backend == "elasticsearch"
    assert sorted(hit.title for hit in results.hits) == [
        "Harbour cranes case",
        "Harbour logistics story",
    ]
    assert backend.indexed_ids() == set(AssetPage.objects.live().values_list("pk", flat=True))
