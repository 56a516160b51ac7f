"""The API does what its OpenAPI document (`/open311/openapi.json`) says. schemathesis reads the
document, sends every operation valid and invalid requests made from it over real HTTP to a live
server, and runs all of its checks on each answer: no server error; status code, content type,
headers and body as documented; valid data accepted, invalid data refused; 405 and Allow for
undocumented methods; no write without the key.

Derandomized (the seed comes from the test itself) and bounded, so every run sends the same
requests: a failure here is a mismatch between the document and the API, never bad luck. The
answer names the check, the request (as curl) and the response."""

from datetime import timedelta

from django.test import RequestFactory
from django.urls import reverse

import hypothesis
import jsonschema_rs
import pytest
import schemathesis
from schemathesis.checks import CHECKS, load_all_checks

from participation.models import Case, Open311Request
from participation.open311 import openapi, params, w3c
from participation.open311 import services as open311_services

from ..helpers import LAT, LNG

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXAMPLES_PER_OPERATION = 40
# The client's key: fixed, so schemathesis's configuration can carry it before any server runs.
RAW_KEY = "wz_schemathesis-conformance-key"

load_all_checks()
ALL_CHECKS = list(CHECKS.get_all())

# Operations are read when tests are collected, before the live server exists, so the document
# is built here and each call is sent to the live server's root (`base_url`).
# test_the_tested_document_is_the_published_one holds it to what the server publishes.
DOCUMENT = openapi.document(RequestFactory().get("/"))
schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict({"auth": {"openapi": {"api_key": {"api_key": RAW_KEY}}}}),
)


@pytest.fixture
def api_root(live_server, town, questions, case_in, settings):
    """The API's root on a live server, over a town with two cases to read and the client's key.
    Rate limits are lifted: the run sends hundreds of requests a minute, and a 429 (documented,
    so accepted) would hide the answer under test."""
    case_in(Case.Status.SUBMITTED, attributes={"depth": "30"})
    case_in(Case.Status.RESOLVED, category=town.other_category)
    key = open311_services.api_key_install(name="Conformance test", raw=RAW_KEY)
    key.rate_limit = 1_000_000
    key.save(update_fields=["rate_limit"])
    settings.PORTAL_OPEN311 = {**settings.PORTAL_OPEN311, "anonymous_rate_limit": 1_000_000}
    return live_server.url + reverse("open311:root").rstrip("/")


def keep_to_the_date_window(case) -> None:
    """JSON Schema cannot tie one parameter to another, so the document gives the spec's date
    window in words (end_date not before start_date, at most 90 days after it; else a 400).
    Valid data, and only valid data, is made to keep to it: end_date becomes start_date."""
    if case.meta is None or not case.meta.generation.mode.is_positive or not case.query:
        return
    start = w3c.parse(str(case.query.get("start_date") or ""))
    end = w3c.parse(str(case.query.get("end_date") or ""))
    if start and end and not timedelta(0) <= end - start <= params.WINDOW:
        case.query["end_date"] = case.query["start_date"]


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_every_operation_answers_as_the_document_says(case, api_root):
    keep_to_the_date_window(case)

    case.call_and_validate(base_url=api_root, checks=ALL_CHECKS)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_report_and_what_it_creates_are_answered_as_the_document_says(api_root, fmt):
    """Generated codes and ids are almost never real ones, so the answers a client wants most
    are also asked for here: a report accepted, then its service, the case and its token read
    back, each checked like the generated ones."""

    def call(path, method="GET", **request):
        operation = schema[path][method]
        case = operation.Case(**request)
        return case.call_and_validate(base_url=api_root, checks=ALL_CHECKS)

    created = call(
        "/requests.{format}",
        "POST",
        path_parameters={"format": fmt},
        query={"api_key": RAW_KEY},
        media_type="application/x-www-form-urlencoded",
        body={
            "service_code": "manhole-cover",
            "lat": str(LAT),
            "long": str(LNG),
            "description": "The cover outside No. 12 is gone.",
            "attribute[depth]": "40",
            "email": "meiling@example.net",
        },
    )
    assert created.status_code == 200
    posted = Open311Request.objects.get()
    reference = posted.case.reference
    readings = [
        # (path, its ids, query, text the answer must hold)
        ("/services.{format}", {}, {}, "manhole-cover"),
        ("/services/{service_code}.{format}", {"service_code": "manhole-cover"}, {}, "depth"),
        ("/requests.{format}", {}, {"extensions": "true", "status": "open"}, reference),
        ("/requests.{format}", {}, {"service_request_id": reference}, reference),
        (
            "/requests/{service_request_id}.{format}",
            {"service_request_id": reference},
            {},
            reference,
        ),
        ("/tokens/{token}.{format}", {"token": posted.token}, {}, reference),
    ]
    for path, ids, query, text in readings:
        response = call(path, path_parameters={**ids, "format": fmt}, query=query)
        assert response.status_code == 200, (path, response.text[:300])
        assert text in response.text, path


# Values at and past the edges of what the reading parameters take. Random examples seldom reach
# the edges (the largest page, the last year a date may have), where schema and server parted.
EDGES = {
    "page": ["0", "1", "1000", "1001", "100000", "100001", "999999999", "10000000000"],
    "page_size": ["0", "1", "1000", "1001", "100000"],
    "start_date": [
        "1899-12-31",
        "1900-01-01",
        "2999-12-31",
        "3000-01-01",
        "9999-12-31",
        "2026-02-29",
        "1900-01-01T00:00:00Z",
        "2999-12-31T23:59:59.999999+14:00",
        "3000-01-01T00:00:00Z",
        "2026-03-01T10:00:00",
        "2026-03-01t10:00:00z",
        "2026-12-31T23:59:60Z",
        "2026-03-01T24:00:00Z",
        "2026-03-01T10:00:00+24:00",
        "",
        "  ",
    ],
    "end_date": ["1899-12-31T23:59:59Z", "1900-01-01", "2999-12-31T23:59:59-12:00", "3000-01-01"],
    "status": ["open", "closed", "open,closed", " CLOSED , Open ", ",", "pending", "open;closed"],
}


def _query_schema(name: str) -> dict:
    parameters = DOCUMENT["paths"]["/requests.{format}"]["get"]["parameters"]
    return next(p["schema"] for p in parameters if p["name"] == name)


@pytest.mark.django_db
def test_the_server_takes_exactly_the_edge_values_the_document_allows(client):
    """Each edge value alone: a 200 if the document allows it, a 400 if it does not."""
    disagreements = []
    for name, values in EDGES.items():
        validator = jsonschema_rs.validator_for(_query_schema(name), validate_formats=True)
        for value in values:
            # Query values are text; the document's integers are numbers written in digits.
            documented = validator.is_valid(int(value) if value.isdigit() else value)
            response = client.get(reverse("open311:requests", args=["json"]), {name: value})
            if response.status_code != (200 if documented else 400):
                disagreements.append((name, value, documented, response.status_code))

    assert disagreements == [], "(parameter, value, allowed by the document, status)"


@pytest.mark.django_db
def test_the_tested_document_is_the_published_one(client):
    response = client.get(reverse("open311:openapi"))

    assert response.status_code == 200
    assert response.json() == DOCUMENT
