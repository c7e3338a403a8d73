"""Wagtail admin hooks for governance (reports, retire and verify actions)."""
