"""Insights screens: manager dashboards (``dashboards``) and digest preferences."""
