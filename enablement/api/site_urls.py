"""The API's pages for people (outside the versioned ``/api/v1/`` surface)."""

from django.urls import path

from enablement.api.views import docs, tokens

urlpatterns = [
    path("docs/", docs.api_docs, name="api-docs"),
    path("tokens/", tokens.token_list, name="api-tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="api-token-revoke"),
    path(
        "tokens/integrations/",
        tokens.integration_user_create,
        name="api-integration-user-create",
    ),
    path(
        "tokens/integrations/<int:user_id>/",
        tokens.integration_token_create,
        name="api-integration-token-create",
    ),
]
