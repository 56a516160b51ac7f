"""The report form (/report/): a verified resident reports a problem with photos and a voice note;
bad input is refused with a clear message and leaves no case and no file behind."""

import html
import io
import uuid

from django.urls import reverse

import pytest
from PIL import Image

from participation.models import Attachment, Case

from .helpers import (
    GRID8_LAT,
    GRID8_LNG,
    LAT,
    LNG,
    OUTSIDE_LAT,
    OUTSIDE_LNG,
    files_in,
    image_bytes,
    photo,
    png_header_only,
    recording,
)

REPORT = "/report/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


@pytest.fixture
def form_data(town):
    def form_data(**overrides):
        data = {
            "idempotency_key": "4f1c2a0e-9b7d-4c3e-8a21-5d6f7e8a9b0c",
            "category": town.category.pk,
            "urgency": "routine",
            "title": "Manhole cover missing",
            "description": "The cover outside No. 12 is gone.",
            "latitude": str(LAT),
            "longitude": str(LNG),
            "address": "No. 12 Shifo Street",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return form_data


def text(response):
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def test_the_report_url_is_named():
    assert reverse("participation:report") == REPORT


def test_the_form_is_shown_with_a_fresh_key(resident_client, town):
    first = resident_client.get(REPORT)
    second = resident_client.get(REPORT)

    assert first.status_code == 200
    assert "Missing manhole cover" in text(first)
    key = first.context["form"]["idempotency_key"].value()
    assert key != second.context["form"]["idempotency_key"].value()


def test_a_resident_reports_a_problem_with_a_photo_and_a_voice_note(
    resident_client, resident, form_data, town, case_files
):
    response = resident_client.post(
        REPORT, form_data(photos=[photo()], voice=recording(), show_reporter_name="on")
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == f"/cases/{case.reference}/"
    assert case.status == Case.Status.SUBMITTED
    assert case.reporter == resident
    assert case.department is None
    assert case.grid == town.grid
    assert (case.latitude, case.longitude) == (LAT, LNG)
    assert case.show_reporter_name is True
    assert case.address == "No. 12 Shifo Street"
    assert sorted(case.attachments.values_list("kind", flat=True)) == ["audio", "photo"]
    assert len(files_in(case_files)) == 2
    page = resident_client.get(response.url)
    assert f"Thank you. Your report number is {case.reference}." in text(page)


def test_the_grid_is_the_one_whose_boundary_contains_the_pin(resident_client, form_data, town):
    resident_client.post(REPORT, form_data(latitude=str(GRID8_LAT), longitude=str(GRID8_LNG)))

    assert Case.objects.get().grid == town.other_grid


def over_limit(settings, **limits):
    settings.PORTAL_UPLOAD_LIMITS = {**settings.PORTAL_UPLOAD_LIMITS, **limits}


BAD_REPORTS = [
    pytest.param({"category": None}, "Choose what kind of problem this is.", id="no-category"),
    pytest.param({"category": "99999"}, "Select a valid choice.", id="unknown-category"),
    pytest.param(
        {"latitude": None, "longitude": None},
        "Put a pin on the map where the problem is.",
        id="no-location",
    ),
    pytest.param({"description": None}, "Describe the problem.", id="no-description"),
    pytest.param({"description": "   "}, "Describe the problem.", id="blank-description"),
    pytest.param(
        {"latitude": str(OUTSIDE_LAT), "longitude": str(OUTSIDE_LNG)},
        "This place is outside the town. Put the pin where the problem is.",
        id="outside-the-town",
    ),
    pytest.param(
        {"description": "x" * 4001},
        "Ensure this value has at most 4000 characters (it has 4001).",
        id="description-too-long",
    ),
    pytest.param(
        {"photos": lambda: [photo(f"p{i}.jpg") for i in range(5)]},
        "Attach at most 4 photos.",
        id="five-photos",
    ),
    pytest.param(
        {"photos": lambda: [photo("setup.jpg", data=b"MZ\x90\x00\x03" + b"\0" * 300)]},
        "This file is not a photo we accept. Send a JPEG, PNG, WebP or HEIC image.",
        id="exe-renamed-jpg",
    ),
    pytest.param(
        {"photos": lambda: [photo("bomb.png", data=png_header_only(20_000, 20_000))]},
        "The photo has too many pixels. The limit is 50 megapixels.",
        id="too-many-pixels",
    ),
    pytest.param(
        {"photos": lambda: [photo("cut.jpg", data=image_bytes(size=(64, 64))[:200])]},
        "The photo could not be read; it may be damaged. Try taking it again.",
        id="corrupt-jpeg",
    ),
    pytest.param(
        {"photos": lambda: [photo(), photo("bad.jpg", data=b"\xff\xd8\xff\xe0" + b"junk" * 40)]},
        "The photo could not be read",
        id="one-good-one-corrupt",
    ),
]


@pytest.mark.parametrize("overrides, message", BAD_REPORTS)
def test_bad_reports_are_refused_with_a_message(
    resident_client, form_data, overrides, message, case_files
):
    overrides = {k: v() if callable(v) else v for k, v in overrides.items()}

    response = resident_client.post(REPORT, form_data(**overrides))

    assert response.status_code == 400
    assert message in text(response)
    assert "There is a problem with your report" in text(response)
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert files_in(case_files) == []


def test_a_too_large_photo_is_refused(resident_client, form_data, settings, case_files):
    over_limit(settings, image_bytes=100)

    response = resident_client.post(REPORT, form_data(photos=[photo(size=(32, 32))]))

    assert response.status_code == 400
    assert "The file is too large" in text(response)
    assert "The limit is 100 bytes." in text(response)
    assert not Case.objects.exists()
    assert files_in(case_files) == []


def test_a_too_long_recording_is_refused(resident_client, form_data, settings, case_files):
    over_limit(settings, audio_seconds=1)

    response = resident_client.post(REPORT, form_data(photos=[photo()], voice=recording(seconds=2)))

    assert response.status_code == 400
    assert "The recording is longer than" in text(response)
    assert not Case.objects.exists()
    assert files_in(case_files) == []


def test_a_too_large_recording_is_refused(resident_client, form_data, settings, case_files):
    over_limit(settings, audio_bytes=1000)

    response = resident_client.post(REPORT, form_data(voice=recording(seconds=1)))

    assert response.status_code == 400
    assert "The file is too large" in text(response)
    assert not Case.objects.exists()
    assert files_in(case_files) == []


def test_forged_fields_are_ignored(resident_client, resident, neighbour, form_data, town):
    response = resident_client.post(
        REPORT,
        form_data(
            status="closed",
            department=town.department.pk,
            reporter=neighbour.pk,
            is_hidden="on",
            supporters_count="999",
            grid=town.other_grid.pk,
        ),
    )

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == Case.Status.SUBMITTED
    assert case.department is None
    assert case.reporter == resident
    assert case.is_hidden is False
    assert case.supporters_count == 0
    assert case.grid == town.grid


def test_the_same_form_sent_twice_makes_one_case(resident_client, form_data):
    first = resident_client.post(REPORT, form_data(photos=[photo()]))
    second = resident_client.post(REPORT, form_data(photos=[photo()]))

    case = Case.objects.get()
    assert first.url == second.url == f"/cases/{case.reference}/"
    assert case.attachments.count() == 1
    page = resident_client.get(second.url)
    assert "We already received this report." in text(page)


def test_a_resend_arriving_while_the_first_is_checked_makes_one_case(
    resident_client, form_data, monkeypatch
):
    from participation import views

    is_valid = views.ReportForm.is_valid
    resends = []

    def slow_is_valid(form):
        if not resends:  # the double tap lands while the first post is being checked
            resends.append(None)
            resends[0] = resident_client.post(REPORT, form_data())
        return is_valid(form)

    monkeypatch.setattr(views.ReportForm, "is_valid", slow_is_valid)

    first = resident_client.post(REPORT, form_data())

    case = Case.objects.get()
    assert resends[0].url == f"/cases/{case.reference}/"
    assert first.status_code == 302


def test_a_form_that_failed_on_a_server_error_can_be_sent_again(
    resident_client, form_data, monkeypatch
):
    from participation import services, views

    submit = services.case_submit

    def broken_once(**data):
        monkeypatch.setattr(views.services, "case_submit", submit)
        raise RuntimeError("database went away")

    monkeypatch.setattr(views.services, "case_submit", broken_once)
    with pytest.raises(RuntimeError):
        resident_client.post(REPORT, form_data())

    response = resident_client.post(REPORT, form_data())  # the browser resends the same form

    case = Case.objects.get()
    assert response.url == f"/cases/{case.reference}/"


def test_two_different_forms_make_two_cases(resident_client, form_data):
    resident_client.post(REPORT, form_data(idempotency_key=str(uuid.uuid4())))
    resident_client.post(
        REPORT, form_data(idempotency_key=str(uuid.uuid4()), title="Street light out")
    )

    assert Case.objects.count() == 2


def test_reports_without_a_key_are_not_mistaken_for_repeats(resident_client, form_data):
    resident_client.post(REPORT, form_data(idempotency_key=None))
    resident_client.post(REPORT, form_data(idempotency_key=None, title="Street light out"))

    assert sorted(Case.objects.values_list("title", flat=True)) == [
        "Manhole cover missing",
        "Street light out",
    ]


def test_a_corrected_form_can_be_sent_again_with_the_same_key(resident_client, form_data):
    refused = resident_client.post(REPORT, form_data(latitude=str(OUTSIDE_LAT)))
    accepted = resident_client.post(REPORT, form_data())

    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert Case.objects.count() == 1


def test_an_unverified_user_cannot_report(client, make_user, form_data):
    client.force_login(make_user(email="new@example.org", verified=False))

    response = client.post(REPORT, form_data())

    assert not Case.objects.exists()
    assert "Verify Your Email Address" in text(response)


def test_anonymous_visitors_are_asked_to_log_in(client, form_data):
    response = client.post(REPORT, form_data())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Case.objects.exists()


def test_reporting_too_often_is_refused(resident_client, form_data, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "case_report": "2/h/user"}

    responses = [
        resident_client.post(REPORT, form_data(idempotency_key=str(uuid.uuid4()))) for _ in range(3)
    ]

    assert [r.status_code for r in responses] == [302, 302, 429]
    assert Case.objects.count() == 2


# --- Location data is gone ------------------------------------------------------------------------


def assert_no_exif(data: bytes):
    for leak in (b"Exif", b"GPS", b"secret-camera-maker"):
        assert leak not in data, leak
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert "exif" not in image.info


def test_exif_and_gps_are_gone_from_the_stored_photo_and_its_thumbnail(
    resident_client, form_data, django_capture_on_commit_callbacks
):
    original = image_bytes(size=(16, 16), gps=True)
    assert b"Exif" in original and Image.open(io.BytesIO(original)).getexif()

    with django_capture_on_commit_callbacks(execute=True):
        resident_client.post(REPORT, form_data(photos=[photo("IMG_0001.jpg", data=original)]))

    attachment = Attachment.objects.get()
    assert attachment.thumbnail, "the thumbnail task ran after commit"
    with attachment.file.open("rb") as stored:
        assert_no_exif(stored.read())
    with attachment.thumbnail.open("rb") as thumbnail:
        assert_no_exif(thumbnail.read())
    assert "IMG_0001" not in attachment.file.name
    # What the public downloads is the same cleaned file.
    for url in (f"/cases/files/{attachment.pk}/", f"/cases/files/{attachment.pk}/thumb/"):
        response = resident_client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert_no_exif(b"".join(response.streaming_content))
