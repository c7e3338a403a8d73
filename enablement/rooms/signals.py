"""Signals rooms sends; apps above it (notifications) may subscribe in their ``ready()``."""

from __future__ import annotations

from django.dispatch import Signal

room_first_opened = Signal()
"""Sent once per room, with ``room`` (the ``Room``) and ``opened_at`` (aware datetime), when
a prospect first opens it (the owner's own previews do not count). Sent after the opening is
stored (``transaction.on_commit``), so receivers may queue work; ``sender`` is ``Room``.
Receivers must not raise: the prospect's page is already served.
"""
