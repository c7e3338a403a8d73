"""Integration users that managers create, and their tokens (issue 17, item 5)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken

from enablement.api.models import IntegrationAccount
from enablement.tracking.selectors import user_is_deal_integrator
from tests.factories import UserFactory, segment

pytestmark = pytest.mark.django_db

KEY_IN_PAGE = re.compile(r'id="new-token-key"[^>]*value="([^"]+)"')
DEAL = {
    "name": "Globex renewal",
    "account": "Globex",
    "segment": "Enterprise",
    "stage": "Discovery",
    "amount": "12000.00",
    "currency": "USD",
    "created_at": "2026-01-05T10:00:00Z",
    "status": "open",
}


@pytest.fixture
def manager(client, manager_user):
    segment("Enterprise")
    client.force_login(manager_user)
    return client


def _create_integration_user(client, username: str, description: str = ""):
    return client.post(
        "/api/tokens/integrations/", {"username": username, "description": description}
    )


def _put_deal(key: str, external_id: str = "006GLOBEX"):
    return Client(HTTP_AUTHORIZATION=f"Token {key}").put(
        f"/api/v1/deals/{external_id}/", json.dumps(DEAL), "application/json"
    )


def test_a_manager_creates_an_integration_user_and_a_token_that_writes_deals(manager):
    # when
    response = _create_integration_user(manager, "salesforce-sync", "Nightly CRM sync")
    assert response.status_code == 302
    user = get_user_model().objects.get(username="salesforce-sync")

    # then: a user for a system (no password), allowed to write deals
    assert not user.has_usable_password()
    assert user_is_deal_integrator(user=user)
    assert IntegrationAccount.objects.get(user=user).description == "Nightly CRM sync"
    page = manager.get("/api/tokens/").content.decode()
    assert "salesforce-sync" in page and "Nightly CRM sync" in page

    # when the manager makes it a token
    made = manager.post(
        f"/api/tokens/integrations/{user.pk}/", {f"integration-{user.pk}-name": "production"}
    )

    # then it is shown once and writes deals through the API
    assert made.status_code == 200
    key = KEY_IN_PAGE.search(made.content.decode()).group(1)
    assert "for salesforce-sync" in made.content.decode()
    written = _put_deal(key)
    assert written.status_code in {200, 201}, written.content
    token = APIToken.objects.get(user=user)
    assert key not in manager.get("/api/tokens/").content.decode()

    # and the manager can revoke it
    assert manager.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    assert _put_deal(key).status_code == 401


def test_a_plain_user_token_cannot_write_deals(client, sales_user):
    _, key = APIToken.create_token(user=sales_user, name="mine")

    assert _put_deal(key).status_code == 403


def test_people_who_are_not_managers_cannot_manage_integrations(client, sales_user):
    integration_user = UserFactory(username="crm")
    IntegrationAccount.objects.create(user=integration_user, created_at="2026-01-01T00:00Z")
    token, _ = APIToken.create_token(user=integration_user, name="prod")
    client.force_login(sales_user)

    assert _create_integration_user(client, "sneaky").status_code == 403
    created = client.post(
        f"/api/tokens/integrations/{integration_user.pk}/",
        {f"integration-{integration_user.pk}-name": "stolen"},
    )
    assert created.status_code == 403
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    assert "Integration users" not in client.get("/api/tokens/").content.decode()
    assert not get_user_model().objects.filter(username="sneaky").exists()
    assert list(APIToken.objects.values_list("name", "revoked_at")) == [("prod", None)]


def test_a_manager_cannot_touch_tokens_of_people(manager, sales_user):
    token, _ = APIToken.create_token(user=sales_user, name="sally's")

    assert manager.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    made = manager.post(
        f"/api/tokens/integrations/{sales_user.pk}/", {f"integration-{sales_user.pk}-name": "x"}
    )
    assert made.status_code == 404
    assert APIToken.objects.filter(user=sales_user).count() == 1


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("", "This field is required."),
        ("has space", "Enter a valid username."),
        ("quote'\"", "Enter a valid username."),
        ("nul\x00byte", "Null characters are not allowed."),
        ("x" * 151, "Ensure this value has at most 150 characters"),
        ("MONA", "A user with this name already exists."),
    ],
)
def test_bad_integration_user_names_are_refused(manager, username, message):
    before = get_user_model().objects.count()

    response = _create_integration_user(manager, username)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert get_user_model().objects.count() == before


def test_a_bad_token_name_for_an_integration_user_is_refused(manager):
    _create_integration_user(manager, "webhook")
    user = get_user_model().objects.get(username="webhook")

    response = manager.post(
        f"/api/tokens/integrations/{user.pk}/", {f"integration-{user.pk}-name": "a\x00"}
    )

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert not APIToken.objects.filter(user=user).exists()


def test_an_unknown_integration_user_is_not_found(manager):
    assert manager.post("/api/tokens/integrations/999999/", {}).status_code == 404
