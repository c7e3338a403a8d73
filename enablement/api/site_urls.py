"""The API's pages for people (outside the versioned ``/api/v1/`` surface)."""

from django.urls import path

from enablement.api.views import docs

urlpatterns = [
    path("docs/", docs.api_docs, name="api-docs"),
]
