"""Input and output shapes of ``/api/v1/rooms/`` (validation names the field; the output
shapes document the schema)."""

from __future__ import annotations

from rest_framework import serializers

from enablement.rooms.models import ROOM_MAX_ITEMS, ROOM_NOTE_MAX_LENGTH, ROOM_TITLE_MAX_LENGTH
from enablement.tracking.services import SHARE_LINK_DEFAULT_DAYS, SHARE_LINK_MAX_DAYS

MAX_ID = 2**31 - 1


class StrictIntegerField(serializers.IntegerField):
    """An integer given as a JSON number (not a boolean, a string or a float)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """Text given as a JSON string (a number is a client's mistake, not a title)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """``true`` or ``false`` only."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class RoomWriteSerializer(serializers.Serializer):
    deal = StrictCharField(
        max_length=64, help_text="The deal's CRM id (`external_id`); one of your open deals."
    )
    title = StrictCharField(max_length=ROOM_TITLE_MAX_LENGTH)
    note = StrictCharField(
        max_length=ROOM_NOTE_MAX_LENGTH, allow_blank=True, required=False, default=""
    )
    items = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        max_length=ROOM_MAX_ITEMS,
        required=False,
        default=list,
        help_text="Asset ids in order; each live and visible to you.",
    )
    expires_in_days = StrictIntegerField(
        min_value=1, max_value=SHARE_LINK_MAX_DAYS, required=False, default=SHARE_LINK_DEFAULT_DAYS
    )
    email_gate = StrictBooleanField(required=False, default=False)
    allow_download = StrictBooleanField(required=False, default=False)


class RoomUpdateSerializer(serializers.Serializer):
    title = StrictCharField(max_length=ROOM_TITLE_MAX_LENGTH, required=False)
    note = StrictCharField(max_length=ROOM_NOTE_MAX_LENGTH, allow_blank=True, required=False)
    email_gate = StrictBooleanField(required=False)
    allow_download = StrictBooleanField(required=False)


class RoomItemAddSerializer(serializers.Serializer):
    asset_id = StrictIntegerField(min_value=1, max_value=MAX_ID)


class RoomDealSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    name = serializers.CharField()
    account = serializers.CharField()


class RoomItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    asset_id = serializers.IntegerField()
    title = serializers.CharField()
    position = serializers.IntegerField()
    shown_asset_id = serializers.IntegerField(
        allow_null=True,
        help_text="What the prospect sees now: the asset, its replacement, or null (hidden).",
    )


class RoomViewSerializer(serializers.Serializer):
    asset_id = serializers.IntegerField()
    kind = serializers.CharField()
    occurred_at = serializers.DateTimeField()


class RoomVisitorSerializer(serializers.Serializer):
    email = serializers.CharField(help_text="Empty when the room has no email gate.")
    first_opened_at = serializers.DateTimeField()
    last_opened_at = serializers.DateTimeField()
    opens = serializers.IntegerField()
    viewed = RoomViewSerializer(many=True)


class RoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    note = StrictCharField()
    deal = RoomDealSerializer()
    status = serializers.ChoiceField(choices=["active", "revoked", "expired"])
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    first_opened_at = serializers.DateTimeField(allow_null=True)
    email_gate = serializers.BooleanField()
    allow_download = serializers.BooleanField()
    items = RoomItemSerializer(many=True)
    visitors = RoomVisitorSerializer(many=True)


class RoomCreatedSerializer(RoomSerializer):
    url = serializers.URLField(help_text="The room's link; returned only now.")


class RoomListSerializer(serializers.Serializer):
    results = RoomSerializer(many=True)
