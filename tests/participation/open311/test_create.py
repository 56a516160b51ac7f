"""Creating service requests with `POST requests.{json,xml}`: a case made through the same service
as the website's form (source "open311", no reporter, the contact details for staff only), the
key that made it recorded, the place found from lat/long, a grid number or an address, answers
and photos checked and cleaned; the receipt email; and the round trip from the API to the public
case page, through dispatch and resolution, back to `GET requests?status=closed`."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core import mail

import pytest
import time_machine
from PIL import Image

from participation import services, tasks
from participation.models import ApiKey, Attachment, Case, Open311Request

from ..helpers import GRID8_LAT, GRID8_LNG, LAT, LNG, files_in, image_bytes, photo
from .api import FORMATS, json_body, url, xml_body, xml_root

SHANGHAI = ZoneInfo("Asia/Shanghai")
CREATED_FIELDS = ["service_request_id", "token", "service_notice", "account_id"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client, raw_key, town):
    """POST requests.{fmt} with a valid key and report; keyword arguments add or override
    parameters (None removes one)."""

    def post(fmt="json", files=None, **params):
        data = {
            "api_key": raw_key,
            "service_code": "litter",
            "lat": str(LAT),
            "long": str(LNG),
            "description": "Bags of rubbish dumped by the canal.\nThey smell.",
        }
        data.update(params)
        data = {name: value for name, value in data.items() if value is not None}
        if files:
            data.update(files)
        return client.post(url("requests", fmt), data)

    return post


def created(response, fmt="json") -> dict:
    assert response.status_code == 200, response.content
    if fmt == "json":
        data = json_body(response)
    else:
        root = xml_root(response)
        assert root.tag == "service_requests"
        assert [child.tag for child in root] == ["request"]
        data = xml_body(response, "service_requests")
    assert len(data) == 1
    assert list(data[0]) == CREATED_FIELDS
    return data[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_posted_request_becomes_a_case_from_open311(post, api_key, town, fmt):
    with time_machine.travel(datetime(2026, 3, 4, 9, 0, tzinfo=SHANGHAI), tick=False):
        response = post(
            fmt,
            email="meiling@example.net",
            first_name="Meiling",
            last_name="Zhang",
            phone="13800138000",
            device_id="device-4711",
            account_id="acct-99",
            media_url="https://img.example.net/rubbish.jpg",
        )

    answer = created(response, fmt)
    case = Case.objects.get()
    assert answer["service_request_id"] == case.reference == f"WZ-2026-{case.pk:06d}"
    assert answer["account_id"] == "acct-99"
    assert "48" in answer["service_notice"], "the litter category's routine time limit"
    assert (case.source, case.reporter, case.entered_by) == ("open311", None, None)
    assert (case.category, case.grid, case.status) == (town.other_category, town.grid, "submitted")
    assert (case.latitude, case.longitude) == (LAT, LNG)
    assert case.description == "Bags of rubbish dumped by the canal.\nThey smell."
    assert case.title == "Bags of rubbish dumped by the canal."
    assert case.urgency == "routine"
    assert case.attributes == {}
    assert case.contact == "Meiling Zhang · 13800138000 · meiling@example.net"
    assert case.events.get().action == "submit"

    submission = Open311Request.objects.get()
    assert submission.case == case
    assert submission.api_key == api_key[0]
    assert submission.token == answer["token"]
    assert len(submission.token) >= 20
    assert (submission.email, submission.first_name, submission.last_name) == (
        "meiling@example.net",
        "Meiling",
        "Zhang",
    )
    assert (submission.phone, submission.device_id, submission.account_id) == (
        "13800138000",
        "device-4711",
        "acct-99",
    )
    assert submission.media_url == "https://img.example.net/rubbish.jpg"
    assert submission.language == "en"
    assert ApiKey.objects.get().last_used_at is not None


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_an_account_id_the_answer_has_a_null_one(post, fmt):
    answer = created(post(fmt), fmt)

    assert answer["account_id"] is None
    assert answer["token"] and answer["service_request_id"]
    if fmt == "xml":
        assert xml_root(post(fmt)).find("request/account_id").text is None


def test_tokens_are_unique_per_request(post):
    tokens = {created(post())["token"] for _ in range(3)}

    assert len(tokens) == 3
    assert Open311Request.objects.count() == 3


def test_the_clients_language_is_kept_for_the_receipt(client, raw_key, town):
    response = client.post(
        url("requests"),
        {
            "api_key": raw_key,
            "service_code": "litter",
            "address_id": "7",
            "description": "运河边有垃圾",
            "email": "a@example.org",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    created(response)
    assert Open311Request.objects.get().language == "zh-hans"
    assert Case.objects.get().title == "运河边有垃圾"


# --- Where --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "place, grid_number, address",
    [
        ({"address_id": "8"}, 8, ""),
        ({"address_id": "7"}, 7, ""),
        ({"address_string": "grid 7"}, 7, "grid 7"),
        ({"address_string": "Near Grid No. 8, by the bridge"}, 8, "Near Grid No. 8, by the bridge"),
        ({"address_string": "7号网格"}, 7, "7号网格"),
        ({"address_string": "第8网格 桥边"}, 8, "第8网格 桥边"),
        ({"address_string": "民合村"}, 7, "民合村"),
        ({"address_string": "Minhe Village, by the school"}, 7, "Minhe Village, by the school"),
        ({"lat": str(GRID8_LAT), "long": str(GRID8_LNG)}, 8, ""),
        (
            {"lat": str(GRID8_LAT), "long": str(GRID8_LNG), "address_string": "No. 3 Xizha St"},
            8,
            "No. 3 Xizha St",
        ),
    ],
)
def test_the_place_comes_from_coordinates_a_grid_number_or_an_address(
    post, town, place, grid_number, address
):
    params = {"lat": None, "long": None, **place}

    created(post(**params))

    case = Case.objects.get()
    assert case.grid.number == grid_number
    assert case.address == address


def test_coordinates_win_over_an_address_id(post, town):
    created(post(lat=str(GRID8_LAT), long=str(GRID8_LNG), address_id="7"))

    assert Case.objects.get().grid == town.other_grid


def test_empty_location_parameters_are_absent_ones(post, town):
    created(post(lat="", long="", address_string="", address_id="8"))

    assert Case.objects.get().grid == town.other_grid


# --- Answers --------------------------------------------------------------------------------------


def test_answers_of_every_kind_are_checked_and_stored(client, raw_key, questions):
    response = client.post(
        url("requests"),
        {
            "api_key": raw_key,
            "service_code": "manhole-cover",
            "lat": str(LAT),
            "long": str(LNG),
            "description": "The manhole cover is gone.",
            "attribute[depth]": "35.5",
            "attribute[injured]": "no",
            "attribute[hazards][]": ["traffic", "dark"],
            "attribute[seen_at]": "2026-03-02T01:00:00Z",
            "attribute[landmark]": "The stone bridge",
        },
    )

    created(response)
    assert Case.objects.get().attributes == {
        "depth": "35.5",
        "injured": "no",
        "hazards": ["traffic", "dark"],
        "seen_at": "2026-03-02T09:00:00+08:00",
        "landmark": "The stone bridge",
    }


def test_a_single_answer_to_a_choose_any_question_is_a_list(client, raw_key, questions):
    response = client.post(
        url("requests"),
        {
            "api_key": raw_key,
            "service_code": "manhole-cover",
            "address_id": "7",
            "description": "The manhole cover is gone.",
            "attribute[depth]": "20",
            "attribute[hazards][]": "children",
        },
    )

    created(response)
    assert Case.objects.get().attributes == {"depth": "20", "hazards": ["children"]}


# --- Photos ---------------------------------------------------------------------------------------


def assert_no_exif(data: bytes):
    for leak in (b"Exif", b"GPS", b"secret-camera-maker"):
        assert leak not in data, leak
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert "exif" not in image.info


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_photo_upload_is_stored_without_its_location(client, post, case_files, fmt):
    original = image_bytes(size=(24, 16), gps=True)
    assert b"Exif" in original and Image.open(io.BytesIO(original)).getexif()

    answer = created(post(fmt, files={"media": photo("IMG_0042.jpg", data=original)}), fmt)

    attachment = Attachment.objects.get()
    assert attachment.case.reference == answer["service_request_id"]
    assert (attachment.kind, attachment.stage, attachment.uploaded_by) == ("photo", "report", None)
    assert (attachment.width, attachment.height) == (24, 16)
    assert "IMG_0042" not in attachment.file.name
    with attachment.file.open("rb") as stored:
        data = stored.read()
    assert data != original
    assert_no_exif(data)
    assert len(files_in(case_files)) == 1

    # The API links to it, and what the public downloads is the same clean file.
    [item] = json_body(client.get(url("requests")))
    assert item["media_url"] == f"http://testserver/cases/files/{attachment.pk}/"
    response = client.get(item["media_url"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert_no_exif(b"".join(response.streaming_content))


def test_several_photos_are_all_kept_in_order(client, post, case_files):
    files = {"media": [photo("a.jpg", colour=(1, 2, 3)), photo("b.png", fmt="PNG")]}

    created(post(files=files))

    photos = list(Attachment.objects.order_by("pk"))
    assert [p.content_type for p in photos] == ["image/jpeg", "image/png"]
    assert len(files_in(case_files)) == 2
    [item] = json_body(client.get(url("requests"), {"extensions": "true"}))
    assert [m["url"] for m in item["media_urls"]] == [
        f"http://testserver/cases/files/{p.pk}/" for p in photos
    ]
    assert item["media_url"] == item["media_urls"][0]["url"]


# --- Text is text ---------------------------------------------------------------------------------


HOSTILE = '<script>alert(1)</script> & <img src=x onerror="alert(2)">'


def test_html_in_the_description_is_stored_as_text_and_shown_escaped(client, post, dispatcher):
    answer = created(post(description=HOSTILE, address_string="<b>bold</b> grid 7"))

    case = Case.objects.get()
    services.case_publish_report(case=case, actor=dispatcher)
    assert case.description == HOSTILE
    assert case.address == "<b>bold</b> grid 7"
    page = client.get(f"/cases/{answer['service_request_id']}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "<b>bold</b>" not in page

    # Through the API the text comes back exactly as sent: escaped by the XML writer, plain
    # in JSON.
    [item] = json_body(client.get(url("requests")))
    assert (item["description"], item["address"]) == (HOSTILE, "<b>bold</b> grid 7")
    response = client.get(url("requests", "xml"))
    assert b"<script>" not in response.content
    assert xml_root(response).findtext("request/description") == HOSTILE


# --- The receipt ----------------------------------------------------------------------------------


def test_an_email_given_gets_one_receipt_after_commit(post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = created(post(email="meiling@example.net", first_name="Meiling"))
        assert mail.outbox == [], "nothing is sent before the transaction commits"

    reference = answer["service_request_id"]
    receipts = [m for m in mail.outbox if m.to == ["meiling@example.net"]]
    assert len(receipts) == 1
    assert receipts[0].subject == f"We received your report {reference}"
    assert reference in receipts[0].body
    assert f"/cases/{reference}/" in receipts[0].body
    assert Open311Request.objects.get().receipt_sent_at is not None

    # The task may run twice (a retry): still one email.
    tasks.case_receipt(Case.objects.get().pk)
    assert len([m for m in mail.outbox if m.to == ["meiling@example.net"]]) == 1


def test_no_email_no_receipt(post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created(post(first_name="Meiling", phone="13800138000"))

    assert mail.outbox == []
    assert Open311Request.objects.get().receipt_sent_at is None


# --- Round trip -----------------------------------------------------------------------------------


def test_round_trip_from_the_api_to_the_case_page_and_back_as_closed(
    client, raw_key, town, questions, dispatcher, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("requests", "xml"),
            {
                "api_key": raw_key,
                "service_code": "manhole-cover",
                "address_string": "7号网格",
                "description": "The manhole cover by the school gate is missing.",
                "attribute[depth]": "60",
            },
        )
    reference = created(response, "xml")["service_request_id"]

    page = client.get(f"/cases/{reference}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert reference in text
    assert "The manhole cover by the school gate is missing." in text

    def listed(status):
        return [
            item
            for item in json_body(client.get(url("requests"), {"status": status}))
            if item["service_request_id"] == reference
        ]

    [item] = listed("open")
    assert (item["status"], item["agency_responsible"]) == ("open", None)
    assert listed("closed") == []

    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_dispatch(
            case=case,
            actor=dispatcher,
            department=town.department,
            public_message="Sent to the Construction Office.",
        )
    [item] = listed("open")
    assert item["agency_responsible"] == "Construction Office"
    assert item["status_notes"] == "Sent to the Construction Office."
    assert item["expected_datetime"] is not None

    with django_capture_on_commit_callbacks(execute=True):
        services.case_accept(case=case, actor=staff)
        services.case_resolve(
            case=case, actor=staff, summary="A new cover was fitted.", photos=[photo("after.jpg")]
        )

    assert listed("open") == []
    [item] = listed("closed")
    assert item["status"] == "closed"
    assert item["agency_responsible"] == "Construction Office"
    assert item["status_notes"] == "A new cover was fitted."
    [detail] = json_body(client.get(url("request_detail", "json", reference)))
    assert detail == item
    # The case page shows the result too.
    text = client.get(f"/cases/{reference}/").content.decode()
    assert "A new cover was fitted." in text
