"""Fixtures for tracking tests: a real Celery worker subprocess against the real Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require_server

ROOT = Path(__file__).resolve().parents[2]


def redis_available(url: str) -> tuple[bool, str]:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as error:
        return False, str(error)
    return True, ""


@pytest.fixture
def broker_url(settings):
    url = settings.CELERY_BROKER_URL
    ok, reason = (
        (False, "CELERY_BROKER_URL is not Redis")
        if not url.startswith("redis")
        else (redis_available(url))
    )
    require_server("Redis", ok, reason)
    return url


@pytest.fixture
def celery_live(settings, broker_url):
    """Switch the app off eager mode and onto the real broker for this test."""
    import redis

    from enablement.celery import app

    redis.Redis.from_url(broker_url).delete("celery", "unacked", "unacked_index")
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield app
    app.conf.task_always_eager = previous


class Worker:
    """``celery -A enablement worker`` in a subprocess, on the test database."""

    def __init__(self, *, database_name: str, broker_url: str, concurrency: int = 1):
        from django.db import connection

        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.tracking.worker_settings",
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{database_name}"
            ),
            "CELERY_BROKER_URL": broker_url,
        }
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.log = ROOT / "var" / "test-celery-worker.log"

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "enablement",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(self.concurrency),
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children): no goodbye, no ack."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def celery_worker_factory(celery_live, broker_url):
    from django.db import connection

    workers: list[Worker] = []

    def make(**kwargs) -> Worker:
        worker = Worker(
            database_name=connection.settings_dict["NAME"], broker_url=broker_url, **kwargs
        )
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


def wait_until(condition, *, timeout: float, interval: float = 0.1, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s: {message}")
