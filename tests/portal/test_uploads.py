"""Uploads are identified by their bytes, limited, and rebuilt without any metadata — or refused."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

import av
import numpy as np
import pytest
from PIL import Image, ImageCms

from portal.uploads import UploadRejected, audio_clean, image_clean, video_clean

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b"<rdf:Description>secret-xmp-marker</rdf:Description></rdf:RDF></x:xmpmeta>"
)
LEAKS = [b"secret", b"Exif", b"xmpmeta", b"GPS", b"30.74"]


def photo(fmt="JPEG", size=(40, 20), orientation=None, **save):
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))  # left half blue: shows rotation
    exif = Image.Exif()
    exif[0x010F] = "secret-camera-maker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (30.0, 44.0, 24.0), 3: "E", 4: (120.0, 29.0, 24.0)})
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, exif=exif.tobytes(), **save)
    return buffer.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def assert_no_metadata(clean):
    data = clean.content.read()
    for leak in LEAKS:
        assert leak not in data, leak
    stored = Image.open(io.BytesIO(data))
    assert not stored.getexif()
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "Comment"} & set(
        stored.info
    )
    return stored


def test_jpeg_loses_exif_gps_xmp_and_comments_and_gets_a_server_name():
    data = photo("JPEG", comment=b"secret-comment", xmp=XMP)
    assert b"secret" in data and b"GPS" in data or b"Exif" in data  # the input really carries them

    clean = image_clean(upload(data, name="../../etc/passwd.jpg"))

    stored = assert_no_metadata(clean)
    assert stored.format == "JPEG"
    assert clean.content_type == "image/jpeg"
    assert clean.content.name.endswith(".jpg") and "passwd" not in clean.content.name
    assert (clean.width, clean.height) == (40, 20)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_keep_their_format_and_lose_metadata(fmt):
    extra = {"xmp": XMP} if fmt == "WEBP" else {}
    data = photo(fmt, **extra)

    clean = image_clean(upload(data, name=f"x.{fmt.lower()}"))

    assert assert_no_metadata(clean).format == fmt


def test_heic_from_phones_is_accepted_as_jpeg():
    import pillow_heif

    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 32), (10, 120, 40))).save(buffer, format="HEIF")

    clean = image_clean(upload(buffer.getvalue(), name="IMG_0001.HEIC"))

    stored = assert_no_metadata(clean)
    assert stored.format == "JPEG" and stored.size == (64, 32)


def test_photo_is_turned_upright_from_its_exif_orientation():
    data = photo("JPEG", size=(40, 20), orientation=6)  # "rotate 90° clockwise to display"

    clean = image_clean(upload(data))

    stored = assert_no_metadata(clean)
    assert stored.size == (20, 40)
    assert stored.getpixel((10, 5))[2] > 150, "the blue half is now on top"


def test_embedded_colour_profile_is_converted_and_dropped():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = photo("JPEG", icc_profile=profile)

    assert_no_metadata(image_clean(upload(data)))


def test_huge_photos_are_scaled_down(settings):
    settings.PORTAL_UPLOAD_LIMITS = {**settings.PORTAL_UPLOAD_LIMITS, "image_longest_edge": 30}

    clean = image_clean(upload(photo("JPEG", size=(60, 20))))

    assert (clean.width, clean.height) == (30, 10)


def png_header_only(width, height):
    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"MZ\x90\x00\x03" + b"\0" * 200, "virus.jpg", "not a photo we accept"),
        (b"GIF89a" + b"\0" * 100, "anim.gif", "not a photo we accept"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.svg", "not a photo we accept"),
        (
            png_header_only(20_000, 20_000),
            "bomb.png",
            "too many pixels. The limit is 50 megapixels",
        ),
        (png_header_only(8_000, 7_000), "big.png", "too many pixels"),
        (photo("JPEG")[:300], "cut.jpg", "could not be read"),
        (b"\xff\xd8\xff\xe0" + b"garbage" * 50, "junk.jpg", "could not be read"),
        (b"", "empty.jpg", "The file is empty."),
    ],
)
def test_bad_photos_are_refused_with_a_reason(data, name, message):
    with pytest.raises(UploadRejected) as error:
        image_clean(upload(data, name=name))

    assert message in error.value.messages[0]


def test_a_60_mb_file_is_refused_before_it_is_read():
    big = upload(b"\xff\xd8\xff" + b"\0" * (60 * 1024 * 1024))

    with pytest.raises(UploadRejected) as error:
        image_clean(big)

    assert error.value.messages[0].replace("\xa0", " ") == (
        "The file is too large (60.0 MB). The limit is 15.0 MB."
    )


def test_refusals_are_translated():
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(UploadRejected) as error:
        image_clean(upload(b"MZ" + b"\0" * 100))

    assert "照片" in error.value.messages[0]


# --- Voice notes ---------------------------------------------------------------------------------

AUDIO = {
    # name: (muxer, codec, sample rate)
    "note.webm": ("webm", "libopus", 48000),
    "note.ogg": ("ogg", "libopus", 48000),
    "note.m4a": ("ipod", "aac", 44100),
    "note.mp3": ("mp3", "libmp3lame", 44100),
    "note.wav": ("wav", "pcm_s16le", 8000),
}


def recording(name, seconds=1.0, metadata=None, video=False):
    muxer, codec, rate = AUDIO[name]
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=muxer) as container:
        container.metadata.update(metadata or {})
        stream = container.add_stream(codec, rate=rate)
        stream.layout = "mono"
        if video:
            picture = container.add_stream("libvpx", rate=1)
            picture.width, picture.height = 16, 16
        total = int(rate * seconds)
        samples = (np.sin(np.arange(total) * 2 * np.pi * 440 / rate) * 0.3).astype("float32")
        fmt = stream.codec_context.codec.audio_formats[0].name
        for start in range(0, total, rate):
            frame = av.AudioFrame.from_ndarray(
                samples[start : start + rate].reshape(1, -1), format="flt", layout="mono"
            )
            frame.sample_rate = rate
            frame.pts = start
            resampled = av.AudioResampler(format=fmt, layout="mono", rate=rate).resample(frame)
            for part in resampled:
                for packet in stream.encode(part):
                    container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
        if video:
            image = av.VideoFrame.from_ndarray(np.zeros((16, 16, 3), np.uint8), format="rgb24")
            for packet in picture.encode(image.reformat(format="yuv420p")):
                container.mux(packet)
            for packet in picture.encode(None):
                container.mux(packet)
    return buffer.getvalue()


@pytest.mark.parametrize("name", list(AUDIO))
def test_voice_notes_are_remuxed_without_tags(name):
    data = recording(
        name, seconds=3, metadata={"title": "secret-title", "location": "+30.74+120.49/"}
    )

    clean = audio_clean(SimpleUploadedFile(name, data))

    assert 2.5 <= clean.duration_seconds <= 3.6
    stored = clean.content.read()
    assert b"secret-title" not in stored and b"+30.74" not in stored
    assert name.split(".")[1] not in clean.content.name.split(".")[0]
    with av.open(io.BytesIO(stored)) as reopened:
        assert [s.type for s in reopened.streams] == ["audio"]
        assert "title" not in reopened.metadata


def test_a_ten_minute_recording_is_refused():
    with pytest.raises(UploadRejected) as error:
        audio_clean(SimpleUploadedFile("long.wav", recording("note.wav", seconds=600)))

    assert "longer than 2 minutes" in error.value.messages[0]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"MZ\x90\x00" + b"\0" * 100, "not a recording we accept"),
        (b"OggS" + b"\x00" * 200, "could not be read"),
        (b"RIFF\x00\x00\x00\x00WAVEjunk", "could not be read"),
        (b"", "The file is empty."),
    ],
)
def test_bad_recordings_are_refused_with_a_reason(data, message):
    with pytest.raises(UploadRejected) as error:
        audio_clean(SimpleUploadedFile("note.ogg", data))

    assert message in error.value.messages[0]


def test_a_video_is_not_a_voice_note():
    with pytest.raises(UploadRejected, match="could not be read"):
        audio_clean(SimpleUploadedFile("clip.webm", recording("note.webm", video=True)))


def test_an_oversized_recording_is_refused(settings):
    settings.PORTAL_UPLOAD_LIMITS = {**settings.PORTAL_UPLOAD_LIMITS, "audio_bytes": 1000}

    with pytest.raises(UploadRejected, match="too large"):
        audio_clean(SimpleUploadedFile("note.wav", recording("note.wav")))


def clip(muxer="mp4", codec="mpeg4", seconds=2, metadata=None):
    """A tiny video: 16×16 pixels, 5 frames a second."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=muxer) as container:
        container.metadata.update(metadata or {})
        stream = container.add_stream(codec, rate=5)
        stream.width, stream.height, stream.pix_fmt = 16, 16, "yuv420p"
        for index in range(int(seconds * 5)):
            pixels = np.full((16, 16, 3), index * 10 % 255, np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24").reformat(format="yuv420p")
            frame.pts = index
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, muxer, codec", [("fix.mp4", "mp4", "mpeg4"), ("fix.webm", "webm", "libvpx")]
)
def test_videos_are_remuxed_without_metadata(name, muxer, codec):
    data = clip(muxer, codec, metadata={"title": "secret-title", "location": "+30.74+120.49/"})

    clean = video_clean(SimpleUploadedFile(name, data))

    stored = clean.content.read()
    assert b"secret-title" not in stored and b"+30.74" not in stored
    assert 1.5 <= clean.duration_seconds <= 2.5
    assert clean.content_type == f"video/{muxer}"
    with av.open(io.BytesIO(stored)) as reopened:
        assert [s.type for s in reopened.streams] == ["video"]
        assert "title" not in reopened.metadata


def test_a_long_video_is_refused(settings):
    settings.PORTAL_UPLOAD_LIMITS = {**settings.PORTAL_UPLOAD_LIMITS, "video_seconds": 1}

    with pytest.raises(UploadRejected) as error:
        video_clean(SimpleUploadedFile("long.mp4", clip(seconds=3)))

    assert "longer than 1 seconds" in error.value.messages[0]


@pytest.mark.parametrize(
    "name, data",
    [
        ("fake.mp4", b"MZ\x90\x00" + b"\x00" * 200),
        ("sound.m4a", recording("note.m4a")),
        ("broken.mp4", clip()[:300]),
    ],
)
def test_what_is_not_a_whole_video_is_refused(name, data):
    with pytest.raises(UploadRejected):
        video_clean(SimpleUploadedFile(name, data))
