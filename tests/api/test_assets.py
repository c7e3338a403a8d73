"""GET /api/v1/assets/{id}/ and the OpenAPI schema."""

from __future__ import annotations

import io

import pytest
import yaml
from rest_framework.test import APIClient
from wagtail.models import APIToken

from content.services import document_create
from demo.documents import deck_pdf
from demo.presentations import Slide
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _url(asset) -> str:
    return f"/api/v1/assets/{asset.pk}/"


def test_visible_asset_detail_with_token_auth(api, sales_user, marketing_user):
    # given
    pdf_bytes = deck_pdf(title="Story", slides=[Slide("Results", ("61% faster",))])
    document = document_create(stream=io.BytesIO(pdf_bytes), filename="s.pdf", title="Story PDF")
    story = CaseStudyPageFactory(
        title="Harborview story",
        customer="Harborview Health",
        segments=["Healthcare"],
        stages=["Demo", "Discovery"],
        results=[("result", {"metric": "Turnaround", "value": "-61%"})],
        owner_user=marketing_user,
        attachment=document,
    )
    _, key = APIToken.create_token(user=sales_user, name="tests")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    # when
    response = api.get(_url(story))
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == story.pk
    assert body["type"] == "case_study"
    assert body["url"] == story.url
    assert body["segments"] == ["Healthcare"]
    assert body["stages"] == ["Discovery", "Demo"]
    assert body["owner"] == marketing_user.username
    assert body["attachment"]["kind"] == "pdf"
    assert body["attachment"]["text_extraction"] == "done"
    assert body["details"]["customer"] == "Harborview Health"
    assert body["details"]["results"] == [{"metric": "Turnaround", "value": "-61%"}]


def test_drafts_and_restricted_assets_are_not_found(api, sales_user, manager_user):
    draft = CaseStudyPageFactory(live=False)
    restricted = ObjectionPageFactory(groups=["Managers"])
    api.force_authenticate(sales_user)
    for asset in (draft, restricted):
        response = api.get(_url(asset))
        assert response.status_code == 404
        assert "errors" in response.json()
    assert api.get("/api/v1/assets/999999/").status_code == 404
    api.force_authenticate(manager_user)
    assert api.get(_url(restricted)).status_code == 200


def test_anonymous_and_outsiders_are_refused(api, outsider_user):
    story = CaseStudyPageFactory()
    assert api.get(_url(story)).status_code in (401, 403)
    api.force_authenticate(outsider_user)
    assert api.get(_url(story)).status_code == 403


def test_objection_detail_hides_proof_points_to_restricted_stories(api, sales_user):
    secret = CaseStudyPageFactory(groups=["Managers"])
    public = CaseStudyPageFactory()
    objection = ObjectionPageFactory(
        proof_points=[
            ("proof_point", {"claim": "Public", "case_study": public}),
            ("proof_point", {"claim": "Secret", "case_study": secret}),
        ]
    )
    api.force_authenticate(sales_user)
    points = api.get(_url(objection)).json()["details"]["proof_points"]
    assert points == [
        {"claim": "Public", "case_study_id": public.pk},
        {"claim": "Secret", "case_study_id": None},
    ]


def test_schema_documents_only_our_api(api, sales_user):
    api.force_authenticate(sales_user)
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/assets/{id}/" in schema["paths"]
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
