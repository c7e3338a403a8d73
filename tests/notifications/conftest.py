"""Notifications fixtures: a rep with an open deal and a shared asset."""

from __future__ import annotations

import pytest

from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory


@pytest.fixture
def asset(library):
    return CaseStudyPageFactory(title="Acme ROI story")


@pytest.fixture
def deal(sales_user):
    return DealFactory(owner=sales_user, name="Globex renewal", account="Globex")


@pytest.fixture
def share_link(asset, deal, sales_user):
    from enablement.tracking.services import share_link_create

    link, _token = share_link_create(asset=asset, deal=deal, user=sales_user)
    return link
