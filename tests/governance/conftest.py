"""Governance fixtures: approvers. The search backend per test (database or a real
Elasticsearch) is ``search_backend`` from tests/conftest.py."""

from __future__ import annotations

import pytest

from content.groups import MARKETING
from enablement.governance.workflow import APPROVERS
from tests.factories import UserFactory


@pytest.fixture
def approver_user(db):
    return UserFactory(username="ada", groups=[MARKETING, APPROVERS])
