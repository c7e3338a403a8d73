from django.dispatch import Signal

# Sent with ``asset_ids`` when assets' searchable content changed outside a publish
# (e.g. attachment text extracted). The search app re-indexes them.
asset_content_changed = Signal()
