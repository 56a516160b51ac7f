"""Refusals, as the spec writes them: HTTP 400 / 403 / 404 (and 405, 429) with
`[{"code": ..., "description": ...}]` or `<errors><error><code/><description/></error></errors>`,
the description naming what was wrong. A refused POST leaves nothing behind: no case, no
Open311 row, no photo on disk, no email. An unreadable parameter is a 400, never a crash."""

import pytest

from participation import services
from participation.models import Attachment, Case, CaseEvent, Open311Request

from ..helpers import LAT, LNG, OUTSIDE_LAT, OUTSIDE_LNG, files_in, photo, png_header_only
from .api import FORMATS, assert_error, json_body, url, xml_body

pytestmark = pytest.mark.django_db


def assert_nothing_created(case_files, mail_outbox=None):
    assert not Case.objects.exists()
    assert not Open311Request.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not Attachment.objects.exists()
    assert files_in(case_files) == []
    if mail_outbox is not None:
        assert mail_outbox == []


@pytest.fixture
def report(raw_key, questions):
    """A valid POST for the manhole-cover service (whose depth question is required)."""
    return {
        "api_key": raw_key,
        "service_code": "manhole-cover",
        "lat": str(LAT),
        "long": str(LNG),
        "description": "The manhole cover outside No. 12 is gone.",
        "attribute[depth]": "40",
        "email": "meiling@example.net",
    }


def send(client, fmt, report, changes, files=None, **extra):
    data = {**report, **changes}
    data = {name: value for name, value in data.items() if value is not None}
    if files:
        data.update(files)
    return client.post(url("requests", fmt), data, **extra)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_valid_report_used_below_is_accepted(client, report, fmt):
    """The control for every refusal in this file: without the one bad change, it works."""
    response = send(client, fmt, report, {}, files={"media": photo()})

    assert response.status_code == 200
    assert Case.objects.count() == Open311Request.objects.count() == 1


TOO_LONG = "x" * 4001

BAD_POSTS = {
    # id: (changes to the valid report, HTTP status, fragments of the description)
    "no key": ({"api_key": None}, 403, ["api_key"]),
    "empty key": ({"api_key": ""}, 403, ["api_key"]),
    "wrong key": ({"api_key": "wz_not-a-key-at-all"}, 403, ["api_key"]),
    "no service": ({"service_code": None}, 400, ["service_code"]),
    "unknown service": ({"service_code": "potholes"}, 404, ["potholes"]),
    "no description": ({"description": None}, 400, ["description"]),
    "blank description": ({"description": "   \n "}, 400, ["description"]),
    "description too long": ({"description": TOO_LONG}, 400, ["description", "4000"]),
    "no location": ({"lat": None, "long": None}, 400, ["lat"]),
    "empty location": ({"lat": "", "long": ""}, 400, ["lat"]),
    "lat only": ({"long": None}, 400, ["long"]),
    "long only": ({"lat": None}, 400, ["lat"]),
    "lat 91": ({"lat": "91"}, 400, ["lat"]),
    "lat -90.5": ({"lat": "-90.5"}, 400, ["lat"]),
    "long -181": ({"long": "-181"}, 400, ["long"]),
    "long 180.1": ({"long": "180.1"}, 400, ["long"]),
    "lat abc": ({"lat": "abc"}, 400, ["lat"]),
    "lat NaN": ({"lat": "NaN"}, 400, ["lat"]),
    "long Infinity": ({"long": "Infinity"}, 400, ["long"]),
    "outside the town": (
        {"lat": str(OUTSIDE_LAT), "long": str(OUTSIDE_LNG)},
        400,
        ["outside the town"],
    ),
    "unknown grid": ({"lat": None, "long": None, "address_id": "99"}, 400, ["address_id"]),
    "grid not a number": ({"lat": None, "long": None, "address_id": "seven"}, 400, ["address_id"]),
    "grid superscript": ({"lat": None, "long": None, "address_id": "²"}, 400, ["address_id"]),
    "unknown address": (
        {"lat": None, "long": None, "address_string": "Nowhere Street 1"},
        400,
        ["address_string"],
    ),
    "unknown grid in address": (
        {"lat": None, "long": None, "address_string": "grid 99"},
        400,
        ["address_string"],
    ),
    "address too long": ({"address_string": "a" * 201}, 400, ["address_string"]),
    "required answer missing": ({"attribute[depth]": None}, 400, ["attribute[depth]"]),
    "required answer empty": ({"attribute[depth]": " "}, 400, ["attribute[depth]"]),
    "not a number": ({"attribute[depth]": "deep"}, 400, ["attribute[depth]"]),
    "number NaN": ({"attribute[depth]": "nan"}, 400, ["attribute[depth]"]),
    "not in the list": ({"attribute[injured]": "maybe"}, 400, ["attribute[injured]", "maybe"]),
    "two answers to choose one": (
        {"attribute[injured][]": ["yes", "no"]},
        400,
        ["attribute[injured]"],
    ),
    "one of several not in the list": (
        {"attribute[hazards][]": ["traffic", "wolves"]},
        400,
        ["attribute[hazards]", "wolves"],
    ),
    "not a date": ({"attribute[seen_at]": "yesterday"}, 400, ["attribute[seen_at]"]),
    "answer too long": ({"attribute[landmark]": "b" * 201}, 400, ["attribute[landmark]"]),
    "unknown question": ({"attribute[colour]": "red"}, 400, ["attribute[colour]"]),
    "answer to a notice": ({"attribute[notice]": "ok"}, 400, ["attribute[notice]"]),
    "bad email": ({"email": "not-an-email"}, 400, ["email"]),
    "phone too long": ({"phone": "1" * 31}, 400, ["phone"]),
    "bad media_url": ({"media_url": "not a url"}, 400, ["media_url"]),
    "other jurisdiction": ({"jurisdiction_id": "shanghai"}, 404, ["shanghai"]),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("changes, status, fragments", BAD_POSTS.values(), ids=BAD_POSTS.keys())
def test_a_bad_post_is_refused_with_the_spec_error_and_creates_nothing(
    client,
    report,
    case_files,
    mailoutbox,
    django_capture_on_commit_callbacks,
    fmt,
    changes,
    status,
    fragments,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, fmt, report, changes, files={"media": photo()})

    assert_error(response, fmt, status, *fragments)
    assert_nothing_created(case_files, mailoutbox)


BAD_FILES = {
    "text named .jpg": (lambda: {"media": photo("x.jpg", data=b"just some text, not a photo")}),
    "an executable": (lambda: {"media": photo("x.jpg", data=b"MZ\x90\x00" + b"\0" * 100)}),
    "an empty file": (lambda: {"media": photo("x.jpg", data=b"")}),
    "a decompression bomb": (
        lambda: {"media": photo("bomb.png", data=png_header_only(30_000, 30_000))}
    ),
    "a good photo and a bad one": (
        lambda: {"media": [photo("good.jpg"), photo("bad.jpg", data=b"<html></html>")]}
    ),
    "five photos": (lambda: {"media": [photo(f"{n}.jpg") for n in range(5)]}),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("files", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_upload_is_refused_and_leaves_no_file(
    client, report, case_files, mailoutbox, django_capture_on_commit_callbacks, fmt, files
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, fmt, report, {}, files=files())

    assert_error(response, fmt, 400, "media")
    assert_nothing_created(case_files, mailoutbox)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_photo_over_the_size_limit_is_refused(
    client, report, case_files, settings, mailoutbox, fmt
):
    settings.PORTAL_UPLOAD_LIMITS = {**settings.PORTAL_UPLOAD_LIMITS, "image_bytes": 200}
    big = photo("big.jpg", size=(64, 64))
    assert big.size > 200

    response = send(client, fmt, report, {}, files={"media": big})

    assert_error(response, fmt, 400, "media", "too large")
    assert_nothing_created(case_files, mailoutbox)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_inactive_service_cannot_be_reported(client, report, town, case_files, fmt):
    town.category.is_active = False
    town.category.save()

    response = send(client, fmt, report, {})

    assert_error(response, fmt, 404, "manhole-cover")
    assert_nothing_created(case_files)


def test_several_problems_are_each_named(client, report, case_files):
    response = send(
        client,
        "json",
        report,
        {"attribute[depth]": None, "attribute[injured]": "maybe", "attribute[colour]": "red"},
    )

    descriptions = assert_error(response, "json", 400)
    assert sorted(d.split(":")[0] for d in descriptions) == [
        "attribute[colour]",
        "attribute[depth]",
        "attribute[injured]",
    ]
    assert_nothing_created(case_files)


def test_a_refusal_in_xml_is_the_spec_errors_document(client, report):
    response = send(client, "xml", report, {"lat": "91"})

    assert response.status_code == 400
    errors = xml_body(response, "errors")
    assert len(errors) == 1
    assert errors[0]["code"] == "400"
    assert errors[0]["description"].startswith("lat: ")


def test_a_refusal_in_json_is_the_spec_list(client, report):
    response = send(client, "json", report, {"service_code": "potholes"})

    assert response.status_code == 404
    assert json_body(response) == [
        {"code": 404, "description": json_body(response)[0]["description"]}
    ]
    assert "potholes" in json_body(response)[0]["description"]


# --- Reading: bad parameters ----------------------------------------------------------------------


BAD_QUERIES = {
    "status pending": ({"status": "pending"}, 400, ["status"]),
    "status open and more": ({"status": "open,acknowledged"}, 400, ["status"]),
    "start not W3C": ({"start_date": "yesterday"}, 400, ["start_date"]),
    "start without a zone": ({"start_date": "2026-03-01T10:00:00"}, 400, ["start_date"]),
    "start month 13": ({"start_date": "2026-13-01"}, 400, ["start_date"]),
    "start 30 February": ({"start_date": "2026-02-30"}, 400, ["start_date"]),
    "start slashes": ({"start_date": "2026/03/01"}, 400, ["start_date"]),
    "end zone +25:00": ({"end_date": "2026-03-01T10:00:00+25:00"}, 400, ["end_date"]),
    "end not W3C": ({"end_date": "1 March 2026"}, 400, ["end_date"]),
    "over 90 days": (
        {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-04-01T00:00:01+08:00"},
        400,
        ["90"],
    ),
    "end before start": (
        {"start_date": "2026-03-02T00:00:00+08:00", "end_date": "2026-03-01T00:00:00+08:00"},
        400,
        ["end_date"],
    ),
    "page 0": ({"page": "0"}, 400, ["page"]),
    "page -1": ({"page": "-1"}, 400, ["page"]),
    "page abc": ({"page": "abc"}, 400, ["page"]),
    "page 1.5": ({"page": "1.5"}, 400, ["page"]),
    "page superscript two": ({"page": "²"}, 400, ["page"]),
    "page_size 0": ({"page_size": "0"}, 400, ["page_size"]),
    "page_size 1001": ({"page_size": "1001"}, 400, ["page_size", "1000"]),
    "page_size abc": ({"page_size": "abc"}, 400, ["page_size"]),
    "unknown service": ({"service_code": "potholes"}, 404, ["potholes"]),
    "one unknown service": ({"service_code": "litter,potholes"}, 404, ["potholes"]),
    "other jurisdiction": ({"jurisdiction_id": "shanghai"}, 404, ["shanghai"]),
    "wrong key": ({"api_key": "wz_not-a-key"}, 403, ["api_key"]),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("params, status, fragments", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_a_bad_query_is_refused_with_the_spec_error(client, town, fmt, params, status, fragments):
    response = client.get(url("requests", fmt), params)

    assert_error(response, fmt, status, *fragments)


EXTREME_QUERIES = {
    "a page past any offset": {"page": "9999999999999999"},
    "a page of 20 digits": {"page": "99999999999999999999"},
    "start in year 1": {"start_date": "0001-01-01"},
    "end in year 1": {"end_date": "0001-01-01T00:00:00+08:00"},
    "start in year 9999": {"start_date": "9999-12-31"},
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("params", EXTREME_QUERIES.values(), ids=EXTREME_QUERIES.keys())
def test_extreme_values_are_an_empty_list_or_a_400_never_a_crash(client, submit, fmt, params):
    submit()

    response = client.get(url("requests", fmt), params)

    if response.status_code == 400:
        assert_error(response, fmt, 400)
    else:
        assert response.status_code == 200
        data = json_body(response) if fmt == "json" else xml_body(response, "service_requests")
        assert data == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_jurisdiction_must_be_this_one_everywhere(client, town, fmt):
    other = {"jurisdiction_id": "shanghai"}
    for path in [
        url("services", fmt),
        url("service_definition", fmt, "litter"),
        url("requests", fmt),
        url("request_detail", fmt, "WZ-2026-000001"),
        url("token", fmt, "abc"),
    ]:
        assert_error(client.get(path, other), fmt, 404, "shanghai")


# --- Methods --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "method, name, args, allow",
    [
        ("put", "requests", [], "GET, POST"),
        ("delete", "requests", [], "GET, POST"),
        ("patch", "requests", [], "GET, POST"),
        ("post", "services", [], "GET"),
        ("delete", "services", [], "GET"),
        ("put", "service_definition", ["litter"], "GET"),
        ("post", "request_detail", ["WZ-2026-000001"], "GET"),
        ("delete", "token", ["abc"], "GET"),
        ("post", "discovery", [], "GET"),
    ],
)
def test_other_methods_are_405_with_allow(client, town, raw_key, fmt, method, name, args, allow):
    response = getattr(client, method)(url(name, fmt, *args))

    descriptions = assert_error(response, fmt, 405, method.upper())
    assert response["Allow"] == allow
    assert len(descriptions) == 1
    assert not Case.objects.exists()


def test_head_answers_like_get_without_a_body(client, town):
    response = client.head(url("services"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"


# --- XML is always well-formed ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Line one\x0bline two",  # a vertical tab, as Word pastes line breaks
        "Escape \x1b[31mred\x1b[0m",
        "Form\x0cfeed and bell\x07",
    ],
)
def test_xml_stays_well_formed_whatever_the_text(client, submit, dispatcher, text):
    """Control characters are not allowed in XML 1.0; a case whose text has them (the form and
    the API both accept them) must still give a parseable document."""
    case = submit(description=f"The cover is gone. {text}", address=f"By the bridge {text}")
    services.case_publish_report(case=case, actor=dispatcher)

    response = client.get(url("requests", "xml"), {"extensions": "true"})

    assert response.status_code == 200
    [item] = xml_body(response, "service_requests")
    assert item["description"].startswith("The cover is gone.")
    assert item["address"].startswith("By the bridge")


# --- Addresses no endpoint serves -------------------------------------------------------------


@pytest.mark.parametrize(
    "path, method",
    [
        ("/open311/v2/services.AAA", "get"),
        ("/open311/v2/services/litter.html", "get"),
        ("/open311/v2/requests.csv", "get"),
        ("/open311/v2/requests.AAA", "post"),
        ("/open311/v2/requests/WZ-2026-000001.yaml", "get"),
        ("/open311/v2/tokens/abc.JSON", "get"),
    ],
)
def test_an_unknown_format_is_a_404_in_json_naming_it(client, town, path, method):
    """Not the site's HTML page: the spec's error list, in JSON (the format it could not read)."""
    response = getattr(client, method)(path)

    [description] = assert_error(response, "json", 404)
    assert path.rpartition(".")[2] in description
    assert "json or xml" in description
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "path",
    [
        "/open311/v2/services/not a code.{fmt}",
        "/open311/v2/requests/WZ 2026.{fmt}",
        "/open311/v2/tokens/a.b.{fmt}",
        "/open311/v2/tokens/line%0Abreak.{fmt}",
        "/open311/v2/no-such-endpoint.{fmt}",
        "/open311/v2/services/litter/attributes.{fmt}",
    ],
)
def test_an_address_no_endpoint_serves_is_a_404_in_the_format_it_asks_for(client, town, path, fmt):
    response = client.get(path.format(fmt=fmt))

    [description] = assert_error(response, fmt, 404)
    assert "/open311/openapi.json" in description


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "name, args",
    [
        ("service_definition", ["potholes"]),
        ("request_detail", ["WZ-2026-999999"]),
        ("token", ["no-such-token"]),
    ],
)
def test_an_unknown_id_is_a_404_with_the_spec_body_naming_it(client, town, fmt, name, args):
    response = client.get(url(name, fmt, *args))

    assert_error(response, fmt, 404, args[0])


# --- NUL, which no text field can hold ---------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "params",
    [
        {"service_code": "litter\x00"},
        {"service_request_id": "WZ-2026-000001\x00"},
        {"jurisdiction_id": "\x00"},
        {"extensions\x00": "true"},
    ],
    ids=["service_code", "service_request_id", "jurisdiction_id", "a name"],
)
def test_nul_in_a_query_is_a_400_naming_the_parameter(client, town, fmt, params):
    response = client.get(url("requests", fmt), params)

    [description] = assert_error(response, fmt, 400)
    assert description.split(":")[0] == next(iter(params)).replace("\x00", "")


@pytest.mark.parametrize(
    "changes, parameter",
    [
        ({"description": "The cover\x00 is gone."}, "description"),
        ({"phone": "555\x00"}, "phone"),
        ({"attribute[landmark]": "\x00"}, "attribute[landmark]"),
    ],
)
def test_nul_in_a_report_is_a_400_and_creates_nothing(
    client, report, case_files, mailoutbox, changes, parameter
):
    response = send(client, "json", report, changes)

    [description] = assert_error(response, "json", 400)
    assert description.startswith(f"{parameter}: ")
    assert_nothing_created(case_files, mailoutbox)


def test_the_other_filters_are_checked_even_when_service_request_id_overrides_them(client, town):
    response = client.get(
        url("requests"), {"service_request_id": "WZ-2026-000001", "end_date": "lock_page"}
    )

    assert_error(response, "json", 400, "end_date")
