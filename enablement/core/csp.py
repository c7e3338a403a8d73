"""Content-Security-Policy: one strict policy, relaxed only where a path needs it.

The policy itself is ``CONTENT_SECURITY_POLICY`` in settings (django-csp 4). Some pages
cannot live with it yet, so ``CONTENT_SECURITY_POLICY_PATH_UPDATES`` adds sources per URL
prefix (first match wins) instead of dropping the header there:

- ``/cms/``: Wagtail's admin renders inline ``<script>`` and ``style`` attributes
  throughout (page editor, choosers, Draftail), so it gets ``'unsafe-inline'`` for scripts
  and styles plus ``data:``/``blob:`` images (upload previews). It keeps
  ``frame-ancestors``, ``object-src``, ``base-uri`` and ``form-action`` from the policy.
- ``/insights/``: pygal's inline SVG charts carry a ``<style>`` block scoped to each chart
  (their inline ``<script>`` is removed when rendered), so styles only.

A view can still use django-csp's own decorators (``csp_update``, ``csp_exempt``); they win.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class PathAwareCSPMiddleware(CSPMiddleware):
    """django-csp's middleware plus per-path source additions from settings."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.update is not None or parts.config is not None:
            return parts
        updates = getattr(settings, "CONTENT_SECURITY_POLICY_PATH_UPDATES", {})
        for prefix, update in updates.items():
            if request.path_info.startswith(prefix):
                parts.update = update
                break
        return parts
