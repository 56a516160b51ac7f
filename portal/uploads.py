"""Safe handling of files residents upload: photos and voice notes.

Every upload is identified from its bytes (never its name or the browser's content type), checked
against size, pixel and duration limits, and rebuilt: photos are decoded, turned upright, converted
to sRGB and re-encoded with no metadata at all (EXIF with GPS, XMP, comments, ICC); voice notes are
re-muxed into a fresh container, which leaves tags and location atoms behind. Anything that cannot
be rebuilt is refused with `UploadRejected`; the original bytes are never kept. Files get
server-chosen names.
"""

import io
import uuid
import warnings
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import pillow_heif
from PIL import Image, ImageCms, ImageOps

pillow_heif.register_heif_opener()

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "jpg"}
AUDIO_FORMATS = {
    # kind detected from the bytes: (PyAV demuxer names it may report, muxer to rebuild with, ext)
    "webm": ({"matroska", "webm"}, "webm", "webm"),
    "ogg": ({"ogg"}, "ogg", "ogg"),
    "mp4": ({"mov", "mp4", "m4a", "3gp", "3g2", "mj2"}, "ipod", "m4a"),
    "mp3": ({"mp3"}, "mp3", "mp3"),
    "wav": ({"wav"}, "wav", "wav"),
}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"}
MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom", b"iso2", b"3gp4", b"3gp5", b"3g2a"}


class UploadRejected(ValidationError):
    """An upload that will not be stored; the message says why, in the user's language."""


@dataclass(frozen=True)
class CleanFile:
    """A rebuilt upload, ready to save to a FileField."""

    content: ContentFile
    content_type: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None


def _limit(name: str):
    return settings.PORTAL_UPLOAD_LIMITS[name]


def _check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise UploadRejected(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise UploadRejected(_("The file is empty."), code="empty")


def _read(upload) -> bytes:
    upload.seek(0)
    return upload.read()


def _server_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


# --- Photos --------------------------------------------------------------------------------------


def image_kind(head: bytes) -> str | None:
    """The image format the bytes begin with, or None: JPEG, PNG, WEBP or HEIF."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "HEIF"
    return None


def image_clean(upload) -> CleanFile:
    """Check and rebuild a photo. Raises UploadRejected; never returns the original bytes."""
    _check_size(upload, _limit("image_bytes"))
    data = _read(upload)
    kind = image_kind(data[:32])
    if kind is None:
        raise UploadRejected(
            _("This file is not a photo we accept. Send a JPEG, PNG, WebP or HEIC image."),
            code="not_an_image",
        )
    max_pixels = _limit("image_pixels")
    too_many_pixels = UploadRejected(
        _("The photo has too many pixels. The limit is %(mp)s megapixels.")
        % {"mp": max_pixels // 1_000_000},
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            # The header's size is checked before a single pixel is decoded.
            width, height = image.size
            if width * height > max_pixels:
                raise too_many_pixels
            image.load()
            image = ImageOps.exif_transpose(image)
            image = _to_srgb(image)
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own guard fires at open() for headers far beyond any limit of ours.
        raise too_many_pixels from error
    except (OSError, ValueError, SyntaxError, Warning) as error:
        raise UploadRejected(
            _("The photo could not be read; it may be damaged. Try taking it again."),
            code="unreadable",
        ) from error

    longest = _limit("image_longest_edge")
    if max(image.size) > longest:
        image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    output_format = "JPEG" if kind in ("JPEG", "HEIF") else kind
    # A new image from raw pixels carries no info dict at all: nothing can leak into the file.
    if output_format == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}, "PNG": {}}
    clean.save(buffer, format=output_format, **options[output_format])
    return CleanFile(
        content=ContentFile(buffer.getvalue(), name=_server_name(IMAGE_FORMATS[output_format])),
        content_type=Image.MIME[output_format],
        width=clean.width,
        height=clean.height,
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to a plain RGB(A)/L image in sRGB, dropping any embedded colour profile."""
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA"):
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        image = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    return image


# --- Voice notes ---------------------------------------------------------------------------------


def audio_kind(head: bytes) -> str | None:
    """The audio container the bytes begin with, or None."""
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"OggS"):
        return "ogg"
    if head[4:8] == b"ftyp" and head[8:12] in MP4_AUDIO_BRANDS:
        return "mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    return None


def audio_clean(upload) -> CleanFile:
    """Check a voice note and re-mux it without metadata. Raises UploadRejected."""
    _check_size(upload, _limit("audio_bytes"))
    data = _read(upload)
    kind = audio_kind(data[:16])
    if kind is None:
        raise UploadRejected(
            _("This file is not a recording we accept. Send WebM, Ogg, MP4/AAC, MP3 or WAV audio."),
            code="not_audio",
        )
    demuxers, muxer, extension = AUDIO_FORMATS[kind]
    max_seconds = _limit("audio_seconds")
    content, seconds = _remux(
        data,
        demuxers=demuxers,
        muxer=muxer,
        extension=extension,
        shape=lambda types: types == ["audio"],
        max_seconds=max_seconds,
        too_long=_("The recording is longer than %(minutes)s minutes. Keep voice notes short.")
        % {"minutes": max_seconds // 60},
        unreadable=_("The recording could not be read; it may be damaged. Try recording it again."),
    )
    return CleanFile(
        content=content,
        content_type={"m4a": "audio/mp4", "mp3": "audio/mpeg"}.get(extension, f"audio/{extension}"),
        duration_seconds=seconds,
    )


def _remux(data, *, demuxers, muxer, extension, shape, max_seconds, too_long, unreadable):
    """Copy the streams packet by packet into a fresh container (no re-encoding, no metadata),
    measuring the duration from packet timestamps. Returns (ContentFile, seconds)."""
    # Imported here: PyAV (FFmpeg) costs every web worker ~20 MB, and only voice notes and
    # videos need it.
    import av

    too_long = UploadRejected(too_long, code="too_long")
    unreadable = UploadRejected(unreadable, code="unreadable")
    output = io.BytesIO()
    try:
        with av.open(io.BytesIO(data), "r") as source:
            names = set(source.format.name.split(","))
            streams = list(source.streams)
            if not names & demuxers or not shape(sorted(s.type for s in streams)):
                raise unreadable
            with av.open(output, "w", format=muxer) as target:
                copies = {s.index: target.add_stream_from_template(s) for s in streams}
                end = Fraction(0)
                for packet in source.demux(*streams):
                    if packet.dts is None:
                        continue
                    # Packets may lack a duration (e.g. browser WebM); their timestamps do not.
                    span = (packet.pts or 0) + (packet.duration or 0)
                    end = max(end, span * packet.time_base)
                    if end > max_seconds:
                        raise too_long
                    packet.stream = copies[packet.stream.index]
                    target.mux(packet)
    except UploadRejected:
        raise
    except (av.error.FFmpegError, ValueError, OSError) as error:
        raise unreadable from error
    if end <= 0:
        raise unreadable
    return ContentFile(output.getvalue(), name=_server_name(extension)), float(end)


# --- Videos (rectification evidence from staff) --------------------------------------------------

VIDEO_FORMATS = {
    "mp4": ({"mov", "mp4", "m4a", "3gp", "3g2", "mj2"}, "mp4", "mp4", "video/mp4"),
    "webm": ({"matroska", "webm"}, "webm", "webm", "video/webm"),
}
MP4_VIDEO_BRANDS = MP4_AUDIO_BRANDS | {b"qt  ", b"M4V ", b"avc1", b"iso4", b"iso5", b"iso6"}


def video_kind(head: bytes) -> str | None:
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head[4:8] == b"ftyp" and head[8:12] in MP4_VIDEO_BRANDS:
        return "mp4"
    return None


def video_clean(upload) -> CleanFile:
    """Check a short video (MP4 or WebM: one picture stream, at most one sound stream) and re-mux
    it without metadata (location atoms, device tags). Raises UploadRejected."""
    _check_size(upload, _limit("video_bytes"))
    data = _read(upload)
    kind = video_kind(data[:16])
    if kind is None:
        raise UploadRejected(
            _("This file is not a video we accept. Send an MP4 or WebM video."), code="not_video"
        )
    demuxers, muxer, extension, content_type = VIDEO_FORMATS[kind]
    max_seconds = _limit("video_seconds")
    content, seconds = _remux(
        data,
        demuxers=demuxers,
        muxer=muxer,
        extension=extension,
        shape=lambda types: types in (["video"], ["audio", "video"]),
        max_seconds=max_seconds,
        too_long=_("The video is longer than %(seconds)s seconds. Keep it short.")
        % {"seconds": max_seconds},
        unreadable=_("The video could not be read; it may be damaged. Try recording it again."),
    )
    return CleanFile(content=content, content_type=content_type, duration_seconds=seconds)
