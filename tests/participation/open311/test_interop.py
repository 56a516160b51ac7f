"""Interoperability: the published GeoReport v2 client `georeport` (PyPI, not written here) reads
the portal over real HTTP, in JSON and in XML, and gets what the portal holds. Its XML reader is
xmltodict, which gives dicts of text and a single item as a dict rather than a one-item list."""

import pytest
import requests
from georeport import GeoReport

from participation.models import Case

from ..helpers import LAT, LNG

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def as_list(value) -> list:
    """xmltodict gives one repeated element as a dict, several as a list."""
    return value if isinstance(value, list) else [value]


@pytest.fixture
def portal(live_server, town, questions, case_in, api_key):
    """The town with its questions, two open manhole-cover cases (one posted through the API by
    plain HTTP), one litter case resolved, and the georeport clients for both formats."""
    first = case_in(Case.Status.SUBMITTED, attributes={"depth": "30"})
    resolved = case_in(Case.Status.RESOLVED, category=town.other_category)
    root = live_server.url + "/open311/v2"
    response = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": api_key[1],
            "service_code": "manhole-cover",
            "lat": str(LAT),
            "long": str(LNG),
            "description": "Posted by another app: the cover is cracked.",
            "attribute[depth]": "5",
            "attribute[hazards][]": ["traffic", "children"],
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text
    posted = Case.objects.get(pk=Case.pk_from_reference(response.json()[0]["service_request_id"]))
    assert posted.source == "open311"
    return {
        "json": GeoReport(root, output_format="json"),
        "xml": GeoReport(root, output_format="xml"),
        "with_jurisdiction": GeoReport(root, jurisdiction="wuzhen", output_format="json"),
        "open": [posted, first],  # newest first
        "resolved": resolved,
    }


def test_the_client_reads_services_in_json(portal):
    services = portal["json"].get_service_list()

    assert [(s["service_code"], s["service_name"], s["metadata"]) for s in services] == [
        ("litter", "Litter", False),
        ("manhole-cover", "Missing manhole cover", True),
    ]
    assert portal["with_jurisdiction"].get_service_list() == services


def test_the_client_reads_services_in_xml(portal):
    services = portal["xml"].get_service_list()

    assert [(s["service_code"], s["service_name"], s["metadata"]) for s in services] == [
        ("litter", "Litter", "false"),
        ("manhole-cover", "Missing manhole cover", "true"),
    ]
    assert {s["type"] for s in services} == {"realtime"}
    assert {s["group"] for s in services} == {"Services"}


def test_the_client_reads_a_service_definition_in_both_formats(portal, questions):
    in_json = portal["json"].get_service_definition("manhole-cover")
    in_xml = portal["xml"].get_service_definition("manhole-cover")

    codes = list(questions)
    assert in_json["service_code"] == in_xml["service_code"] == "manhole-cover"
    assert [a["code"] for a in in_json["attributes"]] == codes
    xml_attributes = as_list(in_xml["attributes"]["attribute"])
    assert [a["code"] for a in xml_attributes] == codes
    assert [a["required"] for a in xml_attributes] == ["true"] + ["false"] * 5
    injured = xml_attributes[1]
    assert injured["datatype"] == "singlevaluelist"
    assert as_list(injured["values"]["value"]) == [
        {"key": "yes", "name": "Yes"},
        {"key": "no", "name": "No"},
    ]
    assert in_json["attributes"][1]["values"] == [
        {"key": "yes", "name": "Yes"},
        {"key": "no", "name": "No"},
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_client_reads_requests_filtered_by_status_and_service(portal, fmt):
    client = portal[fmt]

    open_manholes = as_list(
        client.get_service_requests(status="open", service_code="manhole-cover")
    )
    closed = as_list(client.get_service_requests(status="closed"))
    everything = as_list(client.get_service_requests())

    assert [r["service_request_id"] for r in open_manholes] == [c.reference for c in portal["open"]]
    assert {r["status"] for r in open_manholes} == {"open"}
    assert [r["service_request_id"] for r in closed] == [portal["resolved"].reference]
    assert closed[0]["agency_responsible"] == "Construction Office"
    assert len(everything) == 3
    some = as_list(
        client.get_service_requests(
            service_request_id=f"{portal['resolved'].reference},{portal['open'][1].reference}"
        )
    )
    assert [r["service_request_id"] for r in some] == [
        portal["resolved"].reference,
        portal["open"][1].reference,
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_client_reads_one_request(portal, fmt):
    posted = portal["open"][0]

    request = portal[fmt].get_service_request(posted.reference)

    assert request["service_request_id"] == posted.reference
    assert request["status"] == "open"
    assert request["service_code"] == "manhole-cover"
    # The reporter's own words wait for the linkage centre to publish them.
    assert not request["description"]
    assert request["address_id"] == "7"
    assert (float(request["lat"]), float(request["long"])) == (float(LAT), float(LNG))
    assert (request["agency_responsible"], request["media_url"], request["zipcode"]) == (
        None,
        None,
        None,
    )


def test_the_client_sees_a_missing_request_as_an_http_error(portal):
    with pytest.raises(requests.HTTPError) as error:
        portal["json"].get_service_request("WZ-2026-999999")

    assert error.value.response.status_code == 404
    assert error.value.response.json()[0]["code"] == 404
