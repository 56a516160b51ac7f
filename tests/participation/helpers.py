"""Small files and other helpers for the case tests (fixtures are in conftest.py)."""

import io
import struct
import zlib
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

import av
import numpy as np
from PIL import Image

# Inside grid 7 (see conftest.town), and a second point ~55 m north of it.
LAT, LNG = Decimal("30.745000"), Decimal("120.495000")
NEAR_LAT = Decimal("30.745500")
# Still inside grid 7, but ~330 m away.
FAR_LAT = Decimal("30.748000")
# Inside grid 8.
GRID8_LAT, GRID8_LNG = Decimal("30.745000"), Decimal("120.505000")
# Nowhere near the town.
OUTSIDE_LAT, OUTSIDE_LNG = Decimal("31.230000"), Decimal("121.470000")

GPS_IFD = 0x8825


def square(lng, lat, size=0.01):
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def image_bytes(fmt="JPEG", size=(8, 8), gps=False, colour=(200, 30, 30)):
    """A tiny image; with `gps`, its EXIF carries a camera maker and a GPS position."""
    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "secret-camera-maker"
        exif.get_ifd(GPS_IFD).update(
            {1: "N", 2: (30.0, 44.0, 24.0), 3: "E", 4: (120.0, 29.0, 24.0)}
        )
        options["exif"] = exif.tobytes()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def photo(name="photo.jpg", data=None, **kwargs):
    return SimpleUploadedFile(
        name, data if data is not None else image_bytes(**kwargs), "image/jpeg"
    )


def png_header_only(width, height):
    """A PNG whose header claims `width`×`height` pixels, with almost no pixel data."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


def wav_bytes(seconds=1.0, rate=8000):
    """A mono WAV recording of a tone, made with PyAV."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="wav") as container:
        stream = container.add_stream("pcm_s16le", rate=rate)
        stream.layout = "mono"
        total = int(rate * seconds)
        samples = (np.sin(np.arange(total) * 2 * np.pi * 440 / rate) * 0.3 * 32767).astype("int16")
        for start in range(0, total, rate):
            frame = av.AudioFrame.from_ndarray(
                samples[start : start + rate].reshape(1, -1), format="s16", layout="mono"
            )
            frame.sample_rate = rate
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def recording(name="note.wav", seconds=1.0):
    return SimpleUploadedFile(name, wav_bytes(seconds), "audio/wav")


def files_in(root) -> list[Path]:
    """Every file (not directory) under `root`."""
    root = Path(root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def page_text(response) -> str:
    return response.content.decode()
