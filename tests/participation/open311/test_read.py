"""Reading through Open311 GeoReport v2: discovery, services, service definitions, requests (list,
one, by token), each in JSON and in the spec's XML, checked field by field; the filters, the
90-day window and the pages of `GET requests`; what is never shown (hidden cases, reporters,
internal notes); and a page costs the same few queries however many cases it holds."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine

from participation import services
from participation.models import Case, Category, CategoryAttribute

from ..helpers import GRID8_LAT, GRID8_LNG, LAT, LNG, photo
from .api import FORMATS, as_xml_text, assert_error, json_body, url, xml_body, xml_root

S = Case.Status
SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db

SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
EXTENSION_FIELDS = [
    "title",
    "detailed_status",
    "urgency",
    "grid",
    "affected_count",
    "url",
    "notes",
    "media_urls",
]


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in March 2026, Wuzhen time."""
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


def references(data) -> list[str]:
    return [item["service_request_id"] for item in data]


def get_list(client, **params) -> list:
    response = client.get(url("requests"), params)
    assert response.status_code == 200, response.content
    return json_body(response)


# --- Discovery, the docs page and the OpenAPI document --------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_v2_endpoint_and_both_formats(client, fmt, settings):
    response = client.get(url("discovery", fmt))

    assert response.status_code == 200
    data = json_body(response) if fmt == "json" else xml_body(response, "discovery")
    assert list(data) == ["changeset", "contact", "key_service", "endpoints"]
    assert list(data["endpoints"][0]) == ["specification", "url", "changeset", "type", "formats"]
    # The changeset is a W3C date-time, the same at the top and on the endpoint.
    changeset = data["changeset"]
    assert datetime.fromisoformat(changeset).utcoffset() is not None
    assert "http://testserver/open311/" in data["key_service"]
    assert data == {
        "changeset": changeset,
        "contact": f"The linkage centre: {settings.PORTAL_OPEN311['contact']}",
        "key_service": data["key_service"],
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": "http://testserver/open311/v2",
                "changeset": changeset,
                "type": settings.PORTAL_OPEN311["endpoint_type"],
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_endpoint_url_in_discovery_leads_to_the_docs(client):
    endpoint = json_body(client.get(url("discovery")))["endpoints"][0]["url"]

    response = client.get(endpoint.removeprefix("http://testserver") + "/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/open311/"


def test_the_openapi_document_describes_every_endpoint(client):
    response = client.get("/open311/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"]
    assert {
        "/services.{format}",
        "/services/{service_code}.{format}",
        "/requests.{format}",
        "/requests/{service_request_id}.{format}",
        "/tokens/{token}.{format}",
    } <= set(document["paths"])
    requests = document["paths"]["/requests.{format}"]
    assert {"get", "post"} <= set(requests)
    query = {p["name"] for p in requests["get"]["parameters"] if p.get("in") == "query"}
    assert {"service_request_id", "service_code", "start_date", "end_date", "status"} <= query
    assert {"page", "page_size", "extensions"} <= query


@pytest.mark.parametrize(
    "language, name, lang",
    [("en", "Missing manhole cover", "en"), ("zh-hans", "井盖缺失破损", "zh-hans")],
)
def test_the_docs_page_renders_in_english_and_chinese(client, town, language, name, lang):
    response = client.get("/open311/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert "http://testserver/open311/v2" in page
    assert "http://testserver/open311/discovery.json" in page
    assert "http://testserver/open311/openapi.json" in page
    assert name in page, "the example services are named in the reader's language"


# --- Services -------------------------------------------------------------------------------------


@pytest.fixture
def more_services(town, questions):
    """Besides the town's two categories: one with only a notice (no question to answer), and an
    inactive one."""
    town.category.description = "Drain and manhole covers that are missing or broken."
    town.category.keywords = "manhole, drain, cover"
    town.category.save()
    lamps = Category.objects.create(
        platform=town.platform,
        default_department=town.department,
        code="street-lamp",
        name="路灯不亮",
        name_en="Street lamp out",
        sla_routine_hours=48,
        sla_express_hours=24,
        sla_emergency_hours=4,
    )
    CategoryAttribute.objects.create(
        category=lamps,
        code="notice",
        description="请注意安全。",
        datatype="string",
        variable=False,
        sort_order=0,
    )
    Category.objects.create(
        platform=town.platform,
        default_department=town.department,
        code="retired",
        name="旧类别",
        name_en="Retired category",
        sla_routine_hours=48,
        sla_express_hours=24,
        sla_emergency_hours=4,
        is_active=False,
    )
    return lamps


EXPECTED_SERVICES = [
    {
        "service_code": "litter",
        "service_name": "Litter",
        "description": "",
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "Services",
    },
    {
        "service_code": "manhole-cover",
        "service_name": "Missing manhole cover",
        "description": "Drain and manhole covers that are missing or broken.",
        "metadata": True,
        "type": "realtime",
        "keywords": "manhole, drain, cover",
        "group": "Services",
    },
    {
        "service_code": "street-lamp",
        "service_name": "Street lamp out",
        "description": "",
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "Services",
    },
]


def test_services_json_lists_the_active_categories_field_by_field(client, more_services):
    response = client.get(url("services"))

    assert response.status_code == 200
    data = json_body(response)
    assert [list(service) for service in data] == [SERVICE_FIELDS] * 3
    assert data == EXPECTED_SERVICES


def test_services_xml_has_the_spec_elements(client, more_services):
    response = client.get(url("services", "xml"))

    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "services"
    assert [child.tag for child in root] == ["service"] * 3
    assert [field.tag for field in root[1]] == SERVICE_FIELDS
    assert root.findtext("service[1]/metadata") == "false"
    assert root.findtext("service[2]/metadata") == "true"
    assert root.find("service[1]/description").text is None, "an empty value is an empty element"
    assert xml_body(response, "services") == as_xml_text(EXPECTED_SERVICES)


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_named_in_the_readers_language(client, more_services, fmt):
    response = client.get(url("services", fmt), HTTP_ACCEPT_LANGUAGE="zh-hans")

    data = json_body(response) if fmt == "json" else xml_body(response, "services")
    names = [(s["service_code"], s["service_name"], s["group"]) for s in data]
    assert names == [
        ("litter", "垃圾", "便民服务"),
        ("manhole-cover", "井盖缺失破损", "便民服务"),
        ("street-lamp", "路灯不亮", "便民服务"),
    ]


EXPECTED_DEFINITION = {
    "service_code": "manhole-cover",
    "attributes": [
        {
            "variable": True,
            "code": "depth",
            "datatype": "number",
            "required": True,
            "datatype_description": "in centimetres",
            "order": 1,
            "description": "How deep is the hole?",
            "values": [],
        },
        {
            "variable": True,
            "code": "injured",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": None,
            "order": 2,
            "description": "Is anyone hurt?",
            "values": [{"key": "yes", "name": "Yes"}, {"key": "no", "name": "No"}],
        },
        {
            "variable": True,
            "code": "hazards",
            "datatype": "multivaluelist",
            "required": False,
            "datatype_description": None,
            "order": 3,
            "description": "还有哪些危险?",
            "values": [
                {"key": "traffic", "name": "Traffic"},
                {"key": "children", "name": "Children nearby"},
                {"key": "dark", "name": "无照明"},
            ],
        },
        {
            "variable": True,
            "code": "seen_at",
            "datatype": "datetime",
            "required": False,
            "datatype_description": None,
            "order": 4,
            "description": "When did you see it?",
            "values": [],
        },
        {
            "variable": True,
            "code": "landmark",
            "datatype": "string",
            "required": False,
            "datatype_description": None,
            "order": 5,
            "description": "A landmark nearby",
            "values": [],
        },
        {
            "variable": False,
            "code": "notice",
            "datatype": "text",
            "required": False,
            "datatype_description": None,
            "order": 6,
            "description": "In an emergency call 110.",
            "values": [],
        },
    ],
}


def test_service_definition_json_lists_the_questions_field_by_field(client, questions):
    response = client.get(url("service_definition", "json", "manhole-cover"))

    assert response.status_code == 200
    data = json_body(response)
    assert list(data) == ["service_code", "attributes"]
    assert [list(attribute) for attribute in data["attributes"]] == [ATTRIBUTE_FIELDS] * 6
    assert data == EXPECTED_DEFINITION


def test_service_definition_xml_has_the_spec_elements(client, questions):
    response = client.get(url("service_definition", "xml", "manhole-cover"))

    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "service_definition"
    assert [child.tag for child in root] == ["service_code", "attributes"]
    assert [child.tag for child in root.find("attributes")] == ["attribute"] * 6
    injured = root.find("attributes/attribute[2]")
    assert [field.tag for field in injured] == ATTRIBUTE_FIELDS
    assert injured.findtext("required") == "false"
    assert injured.find("datatype_description").text is None
    assert [value.tag for value in injured.find("values")] == ["value", "value"]
    assert [(v.findtext("key"), v.findtext("name")) for v in injured.find("values")] == [
        ("yes", "Yes"),
        ("no", "No"),
    ]
    assert xml_body(response, "service_definition") == as_xml_text(EXPECTED_DEFINITION)


def test_service_definition_questions_in_chinese(client, questions):
    response = client.get(
        url("service_definition", "json", "manhole-cover"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    attributes = json_body(response)["attributes"]
    assert [a["description"] for a in attributes] == [
        "坑有多深?",
        "有人受伤吗?",
        "还有哪些危险?",
        "什么时候发现的?",
        "附近地标",
        "紧急情况请拨打110。",
    ]
    assert attributes[1]["values"] == [{"key": "yes", "name": "是"}, {"key": "no", "name": "否"}]
    assert attributes[2]["values"][2] == {"key": "dark", "name": "无照明"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_without_questions_has_an_empty_definition(client, town, fmt):
    response = client.get(url("service_definition", fmt, "litter"))

    assert response.status_code == 200
    if fmt == "json":
        assert json_body(response) == {"service_code": "litter", "attributes": []}
    else:
        assert xml_body(response, "service_definition") == {
            "service_code": "litter",
            "attributes": [],
        }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["retired", "no-such-service"])
def test_inactive_and_unknown_services_have_no_definition(client, more_services, fmt, code):
    response = client.get(url("service_definition", fmt, code))

    assert_error(response, fmt, 404, code)


# --- Requests: the fields -------------------------------------------------------------------------


@pytest.fixture
def resolved_case(town, questions, resident, dispatcher, staff):
    """A case reported at 09:30 on 2 March with a photo, dispatched at 10:00 (with an internal
    note), accepted at 11:00 and resolved at 12:00 with an after-photo. The clock stays frozen
    at 12:00 on 2 March for the test."""
    with time_machine.travel(at(2, 9, 30), tick=False) as clock:
        case, _created = services.case_submit(
            reporter=resident,
            category=town.category,
            urgency=Case.Urgency.ROUTINE,
            title="Manhole cover missing",
            description="The cover outside No. 12 is gone.",
            latitude=GRID8_LAT,
            longitude=GRID8_LNG,
            address="Outside No. 12, Xizha Street",
            show_reporter_name=True,
            photos=[photo("before.jpg")],
            attributes={"depth": "40"},
        )
        clock.move_to(at(2, 10))
        services.case_dispatch(
            case=case,
            actor=dispatcher,
            department=town.department,
            public_message="Sent to the Construction Office.",
            internal_note="INTERNAL: the reporter sounded upset on the phone.",
            publish_report=True,
        )
        clock.move_to(at(2, 11))
        services.case_accept(case=case, actor=staff, internal_note="INTERNAL: crew B.")
        clock.move_to(at(2, 12))
        services.case_resolve(
            case=case, actor=staff, summary="A new cover was fitted.", photos=[photo("after.jpg")]
        )
        yield Case.objects.get(pk=case.pk)


def expected_request(case, *, extensions=False) -> dict:
    before, after = case.attachments.order_by("pk")
    data = {
        "service_request_id": case.reference,
        "status": "closed",
        "status_notes": "A new cover was fitted.",
        "service_name": "Missing manhole cover",
        "service_code": "manhole-cover",
        "description": "The cover outside No. 12 is gone.",
        "agency_responsible": "Construction Office",
        "service_notice": None,  # checked on its own
        "requested_datetime": "2026-03-02T09:30:00+08:00",
        "updated_datetime": "2026-03-02T12:00:00+08:00",
        "expected_datetime": "2026-03-05T10:00:00+08:00",
        "address": "Outside No. 12, Xizha Street",
        "address_id": "8",
        "zipcode": None,
        "lat": 30.745,
        "long": 120.505,
        "media_url": f"http://testserver/cases/files/{before.pk}/",
    }
    if extensions:
        data.update(
            {
                "title": "Manhole cover missing",
                "detailed_status": "resolved",
                "urgency": "routine",
                "grid": 8,
                "affected_count": 0,
                "url": f"http://testserver/cases/{case.reference}/",
                "notes": [
                    {
                        "datetime": "2026-03-02T09:30:00+08:00",
                        "type": "submit",
                        "status": "open",
                        "detailed_status": "submitted",
                        "description": "A resident reported this problem.",
                    },
                    {
                        "datetime": "2026-03-02T10:00:00+08:00",
                        "type": "dispatch",
                        "status": "open",
                        "detailed_status": "dispatched",
                        "description": "Sent to the Construction Office.",
                    },
                    {
                        "datetime": "2026-03-02T11:00:00+08:00",
                        "type": "accept",
                        "status": "open",
                        "detailed_status": "in_progress",
                        "description": "The department has started work on this case.",
                    },
                    {
                        "datetime": "2026-03-02T12:00:00+08:00",
                        "type": "resolve",
                        "status": "closed",
                        "detailed_status": "resolved",
                        "description": "A new cover was fitted.",
                    },
                ],
                "media_urls": [
                    {
                        "url": f"http://testserver/cases/files/{before.pk}/",
                        "stage": "report",
                        "content_type": "image/jpeg",
                    },
                    {
                        "url": f"http://testserver/cases/files/{after.pk}/",
                        "stage": "rectification",
                        "content_type": "image/jpeg",
                    },
                ],
            }
        )
    return data


def check_notice(item: dict) -> None:
    """service_notice: what to expect, with the category's routine time limit (72 hours)."""
    notice = item.pop("service_notice")
    assert isinstance(notice, str) and "72" in notice
    item["service_notice"] = None


def test_requests_json_gives_every_spec_field_of_a_case(client, resolved_case):
    response = client.get(url("requests"))

    assert response.status_code == 200
    data = json_body(response)
    assert len(data) == 1
    assert list(data[0]) == REQUEST_FIELDS
    check_notice(data[0])
    assert data[0] == expected_request(resolved_case)
    assert isinstance(data[0]["lat"], float) and isinstance(data[0]["long"], float)


def test_requests_xml_gives_every_spec_field_of_a_case(client, resolved_case):
    response = client.get(url("requests", "xml"))

    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "service_requests"
    assert [child.tag for child in root] == ["request"]
    assert [field.tag for field in root[0]] == REQUEST_FIELDS
    assert root.findtext("request/lat") == "30.745"
    assert root.find("request/zipcode").text is None
    [item] = xml_body(response, "service_requests")
    check_notice(item)
    assert item == as_xml_text(expected_request(resolved_case))


@pytest.mark.parametrize("fmt", FORMATS)
def test_extensions_add_the_timeline_and_every_photo(client, resolved_case, fmt):
    response = client.get(url("requests", fmt), {"extensions": "true"})

    assert response.status_code == 200
    [item] = json_body(response) if fmt == "json" else xml_body(response, "service_requests")
    assert list(item) == REQUEST_FIELDS + EXTENSION_FIELDS
    check_notice(item)
    expected = expected_request(resolved_case, extensions=True)
    assert item == (expected if fmt == "json" else as_xml_text(expected))
    if fmt == "xml":
        root = xml_root(response)
        assert [n.tag for n in root.find("request/notes")] == ["note"] * 4
        assert [m.tag for m in root.find("request/media_urls")] == ["media_url"] * 2


@pytest.mark.parametrize("value", ["false", "", "yes"])
def test_without_extensions_true_there_are_no_extension_fields(client, resolved_case, value):
    [item] = get_list(client, extensions=value)

    assert list(item) == REQUEST_FIELDS


def test_a_new_case_is_open_with_no_department_due_time_address_or_photo(client, submit):
    with time_machine.travel(at(3, 8, 15), tick=False):
        case = submit()
        [item] = get_list(client)

    assert item["service_request_id"] == case.reference
    assert (item["status"], item["status_notes"]) == ("open", "A resident reported this problem.")
    assert item["agency_responsible"] is None
    assert item["expected_datetime"] is None
    assert item["address"] is None
    assert item["media_url"] is None
    assert item["address_id"] == "7"
    assert item["requested_datetime"] == item["updated_datetime"] == "2026-03-03T08:15:00+08:00"


@pytest.mark.parametrize(
    "status, expected",
    [
        (S.SUBMITTED, "open"),
        (S.DISPATCHED, "open"),
        (S.IN_PROGRESS, "open"),
        (S.REOPENED, "open"),
        (S.RESOLVED, "closed"),
        (S.CLOSED, "closed"),
        (S.REJECTED, "closed"),
    ],
)
def test_every_case_status_maps_to_open_or_closed(client, case_in, status, expected):
    case = case_in(status)

    [item] = get_list(client, extensions="true")

    assert (item["status"], item["detailed_status"]) == (expected, status)
    assert item["service_request_id"] == case.reference


def test_the_media_url_serves_the_report_photo(client, resolved_case):
    [item] = get_list(client)

    response = client.get(item["media_url"].removeprefix("http://testserver"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_names_follow_the_readers_language(client, resolved_case):
    response = client.get(url("requests"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    [item] = json_body(response)
    assert (item["service_name"], item["agency_responsible"]) == ("井盖缺失破损", "建设管理办")


# --- Requests: one, and by token ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_is_a_one_element_list(client, resolved_case, submit, fmt):
    submit(attributes={"depth": "5"})  # another case, not asked for

    response = client.get(url("request_detail", fmt, resolved_case.reference))

    assert response.status_code == 200
    if fmt == "json":
        [item] = json_body(response)
        check_notice(item)
        assert item == expected_request(resolved_case)
    else:
        root = xml_root(response)
        assert [child.tag for child in root] == ["request"]
        [item] = xml_body(response, "service_requests")
        check_notice(item)
        assert item == as_xml_text(expected_request(resolved_case))


def test_one_request_with_extensions(client, resolved_case):
    response = client.get(
        url("request_detail", "json", resolved_case.reference), {"extensions": "true"}
    )

    [item] = json_body(response)
    check_notice(item)
    assert item == expected_request(resolved_case, extensions=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_or_malformed_request_ids_are_404(client, submit, fmt):
    case = submit()
    year = int(case.reference[3:7])
    wrong_year = case.reference.replace(f"-{year}-", f"-{year - 1}-")
    # Beyond a 64-bit id (20 digits) and just beyond it: no row can have it, so a 404, not a 500.
    huge = ["WZ-2026-99999999999999999999", "WZ-2026-9223372036854775808"]
    for reference in ["WZ-2026-999999", wrong_year, "nonsense", "WZ-2026-1", *huge]:
        response = client.get(url("request_detail", fmt, reference))
        assert_error(response, fmt, 404, reference)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_token_resolves_to_its_request(client, raw_key, town, fmt):
    created = client.post(
        url("requests"),
        {
            "api_key": raw_key,
            "service_code": "litter",
            "address_id": "7",
            "description": "Bags of rubbish by the canal.",
        },
    )
    [answer] = json_body(created)

    response = client.get(url("token", fmt, answer["token"]))

    assert response.status_code == 200
    expected = [{"service_request_id": answer["service_request_id"], "token": answer["token"]}]
    if fmt == "json":
        assert json_body(response) == expected
    else:
        assert xml_body(response, "service_requests") == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_token_is_404(client, town, fmt):
    assert_error(client.get(url("token", fmt, "no-such-token")), fmt, 404, "no-such-token")


# --- What is never shown --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_cases_appear_nowhere(client, submit, fmt):
    shown = submit()
    hidden = submit()
    Case.objects.filter(pk=hidden.pk).update(is_hidden=True)

    def listed(**params):
        response = client.get(url("requests", fmt), params)
        assert response.status_code == 200
        data = json_body(response) if fmt == "json" else xml_body(response, "service_requests")
        return references(data)

    assert listed() == [shown.reference]
    assert listed(extensions="true") == [shown.reference]
    assert listed(service_request_id=f"{hidden.reference},{shown.reference}") == [shown.reference]
    assert listed(service_request_id=hidden.reference) == []
    assert_error(client.get(url("request_detail", fmt, hidden.reference)), fmt, 404)


def test_reporters_and_contact_details_never_appear(
    client, town, resolved_case, raw_key, questions
):
    """The resident (who even chose to show their name on the website) and everything a client
    sent about the person reporting stay out of every answer, in both formats, with extensions."""
    posted = {
        "api_key": raw_key,
        "service_code": "litter",
        "lat": "30.745",
        "long": "120.495",
        "description": "Bags of rubbish by the canal.",
        "email": "meiling.zhang@example.net",
        "first_name": "Meiling",
        "last_name": "Zhangsun",
        "phone": "+86 138 0013 8000",
        "device_id": "device-4711-abcdef",
        "account_id": "account-8642",
    }
    with time_machine.travel(at(2, 12, 30), tick=False):
        created = client.post(url("requests"), posted)
    assert created.status_code == 200
    [answer] = json_body(created)
    secrets = [
        posted["email"],
        "meiling",
        "Meiling",
        "Zhangsun",
        "138 0013",
        "device-4711",
        "account-8642",
        "li.hua@example.org",
        "Li Hua",
        "INTERNAL",
    ]
    reference = answer["service_request_id"]
    paths = [
        (url("requests", fmt), params)
        for fmt in FORMATS
        for params in ({}, {"extensions": "true"}, {"service_request_id": reference})
    ]
    paths += [
        (url("request_detail", fmt, ref), {"extensions": "true"})
        for fmt in FORMATS
        for ref in (reference, resolved_case.reference)
    ]
    paths += [(url("token", fmt, answer["token"]), {}) for fmt in FORMATS]

    with time_machine.travel(at(2, 13), tick=False):
        for path, params in paths:
            response = client.get(path, params)
            assert response.status_code == 200, path
            text = response.content.decode()
            assert reference in text or resolved_case.reference in text
            for secret in secrets:
                assert secret not in text, (path, params, secret)


# --- Requests: filters ----------------------------------------------------------------------------


def test_requests_are_listed_newest_first(client, submit):
    cases = []
    for day in (5, 3, 9, 7):
        with time_machine.travel(at(day), tick=False):
            cases.append(submit())
    with time_machine.travel(at(10), tick=False):
        listed = references(get_list(client))

    by_date = sorted(cases, key=lambda c: c.submitted_at, reverse=True)
    assert listed == [c.reference for c in by_date]


def test_service_request_id_overrides_every_other_parameter(client, submit, town):
    with time_machine.travel(at(1), tick=False):
        old = submit(category=town.other_category)
    with time_machine.travel(at(2), tick=False):
        new = submit()
        other = submit()
    with time_machine.travel(datetime(2026, 9, 1, tzinfo=SHANGHAI), tick=False):
        # Months later, outside the default window, with filters that match neither case.
        listed = references(
            get_list(
                client,
                service_request_id=f"{old.reference}, {new.reference}",
                service_code="manhole-cover",
                status="closed",
                start_date="2026-08-01T00:00:00+08:00",
                end_date="2026-08-31T00:00:00+08:00",
            )
        )
        assert references(get_list(client)) == []

    assert listed == [new.reference, old.reference]
    assert other.reference not in listed


def test_service_code_filters_by_one_or_several_services(client, submit, town, more_services):
    manhole = submit(attributes={"depth": "10"})
    litter = submit(category=town.other_category)
    lamp = submit(category=more_services)

    assert references(get_list(client, service_code="litter")) == [litter.reference]
    assert references(get_list(client, service_code="litter,street-lamp")) == [
        lamp.reference,
        litter.reference,
    ]
    assert references(get_list(client)) == [lamp.reference, litter.reference, manhole.reference]


def test_status_filters_open_closed_or_both(client, case_in):
    submitted = case_in(S.SUBMITTED)
    in_progress = case_in(S.IN_PROGRESS)
    resolved = case_in(S.RESOLVED)
    rejected = case_in(S.REJECTED)
    everything = [c.reference for c in (rejected, resolved, in_progress, submitted)]

    assert references(get_list(client, status="open")) == [
        in_progress.reference,
        submitted.reference,
    ]
    assert references(get_list(client, status="closed")) == [
        rejected.reference,
        resolved.reference,
    ]
    assert references(get_list(client, status="open,closed")) == everything
    assert references(get_list(client, status="CLOSED")) == references(
        get_list(client, status="closed")
    )
    assert references(get_list(client)) == everything


@pytest.fixture
def spread(submit):
    """Cases reported 100, 89, 10 and 0 days before noon on 30 June 2026; the clock stays there."""
    now = datetime(2026, 6, 30, 12, 0, tzinfo=SHANGHAI)
    cases = {}
    for days in (100, 89, 10, 0):
        with time_machine.travel(now - timedelta(days=days), tick=False):
            cases[days] = submit().reference
    with time_machine.travel(now, tick=False):
        yield now, cases


def test_the_default_window_is_the_last_90_days(client, spread):
    now, cases = spread

    assert references(get_list(client)) == [cases[0], cases[10], cases[89]]


def test_a_start_date_alone_covers_90_days_from_it(client, spread):
    now, cases = spread
    start = now - timedelta(days=100, hours=1)

    listed = references(get_list(client, start_date=start.isoformat()))

    assert listed == [cases[89], cases[100]], "up to start + 90 days, so not 10 days ago"


def test_an_end_date_alone_covers_90_days_up_to_it(client, spread):
    now, cases = spread
    end = now - timedelta(days=10) + timedelta(hours=1)

    listed = references(get_list(client, end_date=end.isoformat()))

    assert listed == [cases[10], cases[89]], "from end - 90 days, so not 100 days ago"


def test_start_and_end_dates_bound_the_list(client, spread):
    now, cases = spread

    exactly_90_days = get_list(
        client,
        start_date=(now - timedelta(days=90)).isoformat(),
        end_date=now.isoformat(),
    )
    assert references(exactly_90_days) == [cases[0], cases[10], cases[89]]
    narrow = get_list(
        client,
        start_date=(now - timedelta(days=11)).isoformat(),
        end_date=(now - timedelta(days=9)).isoformat(),
    )
    assert references(narrow) == [cases[10]]


@pytest.mark.parametrize(
    "start, end",
    [
        ("2026-06-20", "2026-06-21"),  # plain dates: the start of the day in Wuzhen
        ("2026-06-19T16:00:00Z", "2026-06-20T16:00:00Z"),  # UTC
        ("2026-06-20T00:00:00+08:00", "2026-06-21T00:00:00+08:00"),
        ("2026-06-19T11:00:00-05:00", "2026-06-20T11:00:00-05:00"),
        ("2026-06-20T00:00:00.000+08:00", "2026-06-20T23:59:59.999+08:00"),
    ],
)
def test_w3c_dates_in_any_zone_are_understood(client, spread, start, end):
    now, cases = spread

    listed = references(get_list(client, start_date=start, end_date=end))

    assert listed == [cases[10]]


def test_empty_parameters_behave_as_absent_ones(client, spread):
    now, cases = spread
    empty = {
        name: ""
        for name in [
            "service_request_id",
            "service_code",
            "start_date",
            "end_date",
            "status",
            "page",
            "page_size",
            "extensions",
            "jurisdiction_id",
            "api_key",
        ]
    }

    assert get_list(client, **empty) == get_list(client)
    assert references(get_list(client, **empty)) == [cases[0], cases[10], cases[89]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_jurisdiction_may_be_given(client, town, settings, fmt):
    jurisdiction = {"jurisdiction_id": settings.PORTAL_OPEN311["jurisdiction_id"]}

    for path in [
        url("services", fmt),
        url("service_definition", fmt, "litter"),
        url("requests", fmt),
    ]:
        assert client.get(path, jurisdiction).status_code == 200, path


# --- Requests: pages ------------------------------------------------------------------------------


@pytest.fixture
def five_cases(submit):
    cases = []
    for hour in range(5):
        with time_machine.travel(at(10, 8 + hour), tick=False):
            cases.append(submit().reference)
    with time_machine.travel(at(11), tick=False):
        yield cases[::-1]  # newest first


@pytest.mark.parametrize("fmt", FORMATS)
def test_pages_split_the_list_and_a_page_past_the_end_is_empty(client, five_cases, fmt):
    def page(number):
        response = client.get(url("requests", fmt), {"page": number, "page_size": 2})
        assert response.status_code == 200
        if fmt == "json":
            return references(json_body(response))
        return references(xml_body(response, "service_requests"))

    assert page(1) == five_cases[0:2]
    assert page(2) == five_cases[2:4]
    assert page(3) == five_cases[4:5]
    assert page(4) == []
    if fmt == "xml":
        response = client.get(url("requests", fmt), {"page": 4, "page_size": 2})
        assert xml_root(response).tag == "service_requests"


def test_page_size_bounds(client, five_cases):
    assert references(get_list(client, page_size=1)) == five_cases[:1]
    assert references(get_list(client, page_size=1000)) == five_cases
    assert references(get_list(client, page_size=5)) == five_cases
    assert references(get_list(client, page=2, page_size=4)) == five_cases[4:]
    assert references(get_list(client, page=1)) == five_cases, "page_size defaults to 1000"


def test_the_default_page_holds_1000_requests(client, town):
    now = datetime(2026, 3, 10, 12, 0, tzinfo=SHANGHAI)
    Case.objects.bulk_create(
        Case(
            category=town.category,
            title=f"Case {n}",
            description="Something is broken.",
            latitude=LAT,
            longitude=LNG,
            grid=town.grid,
            submitted_at=now - timedelta(minutes=n),
            updated_at=now - timedelta(minutes=n),
        )
        for n in range(1001)
    )

    with time_machine.travel(now, tick=False):
        first = get_list(client)
        second = get_list(client, page=2)

    assert len(first) == 1000
    assert len(second) == 1
    assert len(set(references(first + second))) == 1001


# --- Cost -----------------------------------------------------------------------------------------


def queries_for_list(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("requests"), params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("extensions", ["", "true"])
def test_the_list_costs_the_same_queries_for_3_or_30_cases(
    client, town, submit, advance, extensions
):
    def add(count):
        for n in range(count):
            case = submit(photos=[photo()] if n % 2 else [])
            if n % 3:
                advance(case, "dispatch", "accept")

    add(3)
    with_3 = queries_for_list(client, extensions=extensions)
    assert len(get_list(client)) == 3
    add(27)
    with_30 = queries_for_list(client, extensions=extensions)
    assert len(get_list(client)) == 30

    assert with_30 == with_3
    # A handful: the cases, their latest events, the small lookup tables, and with extensions
    # the page's timelines and photos.
    assert with_3 <= 10
