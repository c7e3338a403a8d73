"""The human-readable API docs page: Swagger UI over our OpenAPI document.

Swagger UI's files come from the ``drf-spectacular-sidecar`` package through our own
static files (no CDN), and its start script from this view (``?script``), so the page
runs under the site's Content-Security-Policy with only ``data:`` icons allowed in
addition (``CONTENT_SECURITY_POLICY_PATH_UPDATES["/api/docs/"]``; the browser test checks
that the policy refuses nothing the page loads).
"""

from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated


class ApiDocsView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    permission_classes = [IsAuthenticated]
    template_name = "api/docs.html"
    title = "Enablement API"


# Anonymous visitors are sent to sign in (and back), as on every other page of the site.
api_docs = login_required(ApiDocsView.as_view())
