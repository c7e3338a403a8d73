import random

import pytest

from enablement.governance.demo import DEMO_REQUESTS, seed_governance
from enablement.governance.models import ContentRequest
from enablement.governance.workflow import APPROVERS
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def test_demo_seeder_adds_an_approver_and_requests_once(library, sales_user, marketing_user):
    CaseStudyPageFactory()
    seed_governance(rng=random.Random(7))
    seed_governance(rng=random.Random(7))
    assert list(marketing_user.groups.filter(name=APPROVERS).values_list("name", flat=True)) == [
        APPROVERS
    ]
    assert ContentRequest.objects.count() == len(DEMO_REQUESTS)
    assert set(ContentRequest.objects.values_list("status", flat=True)) == {
        "new",
        "planned",
        "done",
        "declined",
    }
