"""Draw the app icons (PNG) without any image library: two circles, side by side, on the brand colour."""
import struct
import zlib
from pathlib import Path

BRAND = (0x2F, 0x5D, 0x50)
LIGHT = (0xFB, 0xF8, 0xF3)
ACCENT = (0xE8, 0x9A, 0x6B)


def pixel(x, y, size, padding):
    cx1, cx2, cy = size * 0.40, size * 0.60, size * 0.5
    radius = (size - 2 * padding) * 0.22
    in1 = (x - cx1) ** 2 + (y - cy) ** 2 <= radius ** 2
    in2 = (x - cx2) ** 2 + (y - cy) ** 2 <= radius ** 2
    if in1 and in2:
        return ACCENT
    if in1 or in2:
        return LIGHT
    return BRAND


def png(size, padding=0):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row.extend(pixel(x + 0.5, y + 0.5, size, padding))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "static" / "img"
    out.mkdir(parents=True, exist_ok=True)
    (out / "icon-192.png").write_bytes(png(192))
    (out / "icon-512.png").write_bytes(png(512))
    (out / "icon-maskable-512.png").write_bytes(png(512, padding=60))
