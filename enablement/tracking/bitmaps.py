"""User sets as bitmaps (``AssetUserBitmap.bits``): bit ``pk`` set for each user.

Byte ``pk // 8`` holds users ``8k .. 8k + 7``, most significant bit first, so the bytes'
hex read by PostgreSQL as a bit string has user ``pk`` at position ``pk`` and bitmaps of
different lengths line up once padded with zeros on the right. In Python a bitmap is the
int ``int.from_bytes(bits, "little")`` (trailing zero bytes change nothing), so a union is
``|`` and a count ``int.bit_count()``.
"""

from __future__ import annotations

from collections.abc import Iterable


def bitmap_from_ids(ids: Iterable[int]) -> bytes:
    """The bitmap of these user pks (empty bytes for none)."""
    ids = list(ids)
    if not ids:
        return b""
    bits = bytearray(max(ids) // 8 + 1)
    for pk in ids:
        if pk < 0:
            raise ValueError("user pks are not negative")
        bits[pk >> 3] |= 0x80 >> (pk & 7)
    return bytes(bits)


def bitmap_int(bits: bytes | memoryview | None) -> int:
    """A bitmap as a Python int, for unions (``|``), intersections and ``bit_count()``."""
    return int.from_bytes(bytes(bits or b""), "little")


def bitmap_bytes(value: int) -> bytes:
    """The bitmap of a Python int (``bitmap_int``'s inverse, no trailing zero bytes)."""
    return value.to_bytes((value.bit_length() + 7) // 8, "little")


def bitmap_ids(bits: bytes | memoryview | None) -> list[int]:
    """The user pks of a bitmap, ascending."""
    data = bytes(bits or b"")
    return [
        index * 8 + offset
        for index, byte in enumerate(data)
        if byte
        for offset in range(8)
        if byte & (0x80 >> offset)
    ]
