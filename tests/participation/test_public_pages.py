"""The public side of cases: the list with its filters and sorts, the map data, the feeds and the
case page. Hidden cases appear nowhere; reporters stay anonymous unless they opted in; internal
notes never leave the admin."""

import re
from datetime import datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from participation import services
from participation.models import Case

from .helpers import GRID8_LAT, GRID8_LNG, LAT, LNG, photo

S = Case.Status
ATOM = "{http://www.w3.org/2005/Atom}"
SHANGHAI = ZoneInfo("Asia/Shanghai")
REFERENCE = re.compile(r"WZ-\d{4}-\d{6}")
pytestmark = pytest.mark.django_db


@pytest.fixture
def make_case(town, resident):
    """A case row as the services would leave it; fields override the defaults."""
    count = [0]

    def make(**fields):
        count[0] += 1
        when = datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI) + timedelta(hours=count[0])
        data = {
            "reporter": resident,
            "category": town.category,
            "title": f"Case number {count[0]}",
            "description": "Something is broken.",
            "latitude": LAT,
            "longitude": LNG,
            "grid": town.grid,
            "submitted_at": when,
            "updated_at": when,
        }
        data.update(fields)
        return Case.objects.create(**data)

    return make


def references(response) -> list[str]:
    """The case numbers on a page, in the order shown."""
    seen = []
    for reference in REFERENCE.findall(response.content.decode()):
        if reference not in seen:
            seen.append(reference)
    return seen


def refs(*cases) -> list[str]:
    return [case.reference for case in cases]


# --- The list -------------------------------------------------------------------------------------


@pytest.fixture
def varied(make_case, town):
    """Seven cases that differ in one thing each from the first."""
    return {
        "plain": make_case(),
        "dispatched": make_case(status=S.DISPATCHED, department=town.department),
        "resolved": make_case(status=S.RESOLVED, department=town.department),
        "other_category": make_case(category=town.other_category),
        "other_grid": make_case(grid=town.other_grid, latitude=GRID8_LAT, longitude=GRID8_LNG),
        "other_department": make_case(status=S.DISPATCHED, department=town.other_department),
        "emergency": make_case(urgency=Case.Urgency.EMERGENCY),
        "april": make_case(
            submitted_at=datetime(2026, 4, 2, 9, 0, tzinfo=SHANGHAI),
            updated_at=datetime(2026, 4, 2, 9, 0, tzinfo=SHANGHAI),
        ),
    }


def test_the_list_shows_every_public_case_newest_first(client, varied):
    response = client.get("/cases/")

    assert response.status_code == 200
    newest_first = sorted(varied.values(), key=lambda c: c.submitted_at, reverse=True)
    assert references(response) == refs(*newest_first)
    assert "8 cases" in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=dispatched", ["dispatched", "other_department"]),
        ("status=resolved", ["resolved"]),
        (
            "status=open",
            ["plain", "dispatched", "other_category", "other_grid", "other_department"]
            + ["emergency", "april"],
        ),
        ("category={other_category}", ["other_category"]),
        ("grid=8", ["other_grid"]),
        ("department={department}", ["dispatched", "resolved"]),
        ("urgency=emergency", ["emergency"]),
        ("date_from=2026-04-01", ["april"]),
        (
            "date_to=2026-03-31",
            ["plain", "dispatched", "resolved", "other_category", "other_grid"]
            + ["other_department", "emergency"],
        ),
        ("date_from=2026-04-02&date_to=2026-04-02", ["april"]),
        ("status=dispatched&department={other_department}", ["other_department"]),
    ],
)
def test_each_filter_narrows_the_list(client, varied, town, query, expected):
    query = query.format(
        other_category=town.other_category.pk,
        department=town.department.pk,
        other_department=town.other_department.pk,
    )

    response = client.get(f"/cases/?{query}")

    assert response.status_code == 200
    assert sorted(references(response)) == sorted(varied[name].reference for name in expected)


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "category=abc",
        "category=99999",
        "grid=x",
        "grid=999",
        "department=%27%3B--",
        "urgency=catastrophic",
        "date_from=yesterday",
        "date_to=2026-02-30",
        "sort=random",
        "page=abc",
        "page=999",
        "status=open&status=",
    ],
)
def test_invalid_filter_values_are_ignored(client, varied, query):
    response = client.get(f"/cases/?{query}")

    assert response.status_code == 200
    assert len(references(response)) == len(varied)


def test_an_invalid_filter_does_not_drop_the_valid_ones(client, varied):
    response = client.get("/cases/?status=dispatched&grid=nonsense&urgency=zzz")

    assert sorted(references(response)) == sorted(
        refs(varied["dispatched"], varied["other_department"])
    )


def test_the_sorts(client, make_case):
    old_busy = make_case(supporters_count=5)
    middle = make_case(supporters_count=1)
    new_quiet = make_case()
    Case.objects.filter(pk=old_busy.pk).update(updated_at=datetime(2026, 5, 1, tzinfo=SHANGHAI))

    assert references(client.get("/cases/?sort=newest")) == refs(new_quiet, middle, old_busy)
    assert references(client.get("/cases/")) == refs(new_quiet, middle, old_busy)
    assert references(client.get("/cases/?sort=updated")) == refs(old_busy, new_quiet, middle)
    assert references(client.get("/cases/?sort=affected")) == refs(old_busy, middle, new_quiet)


def test_the_list_is_paginated_and_keeps_its_filters(client, make_case):
    cases = [make_case() for _ in range(23)]
    newest_first = refs(*reversed(cases))

    first = client.get("/cases/?status=open")
    second = client.get("/cases/?status=open&page=2")

    assert references(first) == newest_first[:20]
    assert references(second) == newest_first[20:]
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?status=open&amp;page=2"' in first.content.decode()


def test_the_list_costs_the_same_number_of_queries_for_5_or_20_cases(client, make_case, town):
    def queries_for_list():
        cache.clear()  # measure the page as rendered, not as served from the page cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/cases/").status_code == 200
        return len(queries)

    client.get("/cases/")  # the first request of a site creates its settings row
    for _ in range(5):
        make_case(status=S.DISPATCHED, department=town.department)
    five = queries_for_list()
    for _ in range(15):
        make_case(category=town.other_category, grid=town.other_grid)
    twenty = queries_for_list()

    assert len(references(client.get("/cases/"))) == 20
    assert twenty == five


# --- Hidden cases ---------------------------------------------------------------------------------


@pytest.fixture
def hidden(submit, make_case):
    """A hidden case with a photo, next to a public one."""
    make_case(title="An ordinary public case")
    case = submit(title="HIDDEN sensitive matter", photos=[photo()])
    Case.objects.filter(pk=case.pk).update(is_hidden=True)
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(
    "url",
    [
        "/cases/",
        "/cases/?status=submitted",
        "/cases/map/points.json",
        "/cases/feed/",
        "/cases/feed/grid/7/",
        "/cases/feed/category/manhole-cover/",
    ],
)
def test_hidden_cases_are_in_no_list_map_or_feed(client, hidden, url):
    response = client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "An ordinary public case" in content
    assert "HIDDEN" not in content
    assert hidden.reference not in content


def test_a_hidden_case_has_no_public_page_but_its_reporter_and_the_centre_see_it(
    client, resident, neighbour, dispatcher, hidden
):
    assert client.get(f"/cases/{hidden.reference}/").status_code == 404
    client.force_login(neighbour)
    assert client.get(f"/cases/{hidden.reference}/").status_code == 404
    for person in (resident, dispatcher):
        client.force_login(person)
        response = client.get(f"/cases/{hidden.reference}/")
        assert response.status_code == 200
        assert "HIDDEN sensitive matter" in response.content.decode()


def test_a_hidden_cases_files_are_only_for_its_reporter_and_staff(
    client, resident, neighbour, dispatcher, hidden
):
    attachment = hidden.attachments.get()
    urls = [f"/cases/files/{attachment.pk}/", f"/cases/files/{attachment.pk}/thumb/"]

    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(neighbour)
    for url in urls:
        assert client.get(url).status_code == 404
    for person in (resident, dispatcher):
        client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
            assert response["Content-Type"] == "image/jpeg"


def test_a_public_cases_files_are_public(client, submit):
    case = submit(photos=[photo()])

    response = client.get(f"/cases/files/{case.attachments.get().pk}/")

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/cases/files/999999/").status_code == 404


# --- The map data ---------------------------------------------------------------------------------


def test_the_map_data_is_geojson_with_the_lists_filters(client, varied):
    data = client.get("/cases/map/points.json?status=dispatched").json()

    assert data["type"] == "FeatureCollection"
    assert sorted(f["properties"]["reference"] for f in data["features"]) == sorted(
        refs(varied["dispatched"], varied["other_department"])
    )
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [float(LNG), float(LAT)]}
    assert feature["properties"]["status_label"] == "Dispatched"
    assert feature["properties"]["url"] == f"/cases/{feature['properties']['reference']}/"
    assert "reporter" not in str(data)


# --- The case page and the feeds ------------------------------------------------------------------


def test_the_case_page(client, case_in, town):
    case = case_in(S.RESOLVED)

    response = client.get(f"/cases/{case.reference}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert case.get_absolute_url() == f"/cases/{case.reference}/"
    assert case.title in page
    assert "Missing manhole cover" in page
    assert "Construction Office" in page
    assert "Sent to the Construction Office." in page
    assert "A new cover was fitted." in page


def test_a_wrong_year_or_unknown_number_is_not_found(client, submit):
    case = submit()
    year = case.reference.split("-")[1]
    wrong_year = case.reference.replace(f"-{year}-", "-1999-")

    assert client.get(f"/cases/{case.reference}/").status_code == 200
    assert client.get(f"/cases/{wrong_year}/").status_code == 404
    assert client.get(f"/cases/WZ-{year}-999999/").status_code == 404
    assert client.get(f"/cases/WZ-{year}-{case.pk:07d}/").status_code == 404
    assert client.get(f"/cases/WZ-{year}-99999999999999999999/").status_code == 404


def test_the_feeds_send_a_report_as_plain_text_never_as_html(client, submit, dispatcher):
    """A feed reader renders an Atom summary of type html; a report's words must arrive as the
    words typed, so markup in them is shown, not run."""
    case = submit(title="<b>Bold</b> claim", description='Look <img src=x onerror="alert(1)"> here')
    services.case_publish_report(case=case, actor=dispatcher)

    for url in ("/cases/feed/", "/cases/feed/grid/7/", "/cases/feed/category/manhole-cover/"):
        feed = ElementTree.fromstring(client.get(url).content)
        [entry] = feed.findall(f"{ATOM}entry")
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "text", url
        assert summary.text.startswith('Look <img src=x onerror="alert(1)"> here'), url
        title = entry.find(f"{ATOM}title")
        assert title.get("type", "text") == "text"
        assert "<b>Bold</b> claim" in title.text


def public_views_of(client, case):
    return {
        "page": client.get(f"/cases/{case.reference}/").content.decode(),
        "list": client.get("/cases/").content.decode(),
        "feed": client.get("/cases/feed/").content.decode(),
        "grid feed": client.get("/cases/feed/grid/7/").content.decode(),
        "map": client.get("/cases/map/points.json").content.decode(),
    }


def test_the_reporter_is_anonymous_in_public_unless_they_opted_in(client, submit):
    case = submit()

    views = public_views_of(client, case)

    for name, content in views.items():
        assert case.reference in content, name
        assert "Li Hua" not in content, name
        assert "li.hua" not in content, name
    assert "a resident of grid 7" in views["page"]
    assert "a resident of grid 7" in views["feed"]


def test_the_reporters_name_is_shown_when_they_opted_in(client, submit):
    case = submit(show_reporter_name=True)

    views = public_views_of(client, case)

    assert "Li Hua" in views["page"]
    assert "Li Hua" in views["feed"]
    for content in views.values():
        assert "li.hua@example.org" not in content
    assert "a resident of grid 7" not in views["page"]


def test_internal_notes_never_reach_the_public(client, submit, resident, dispatcher, staff, town):
    case = submit()
    services.case_dispatch(
        case=case,
        actor=dispatcher,
        department=town.department,
        public_message="Sent to the Construction Office.",
        internal_note="INTERNAL-dispatch-note",
    )
    services.case_accept(case=case, actor=staff, internal_note="INTERNAL-accept-note")
    services.case_resolve(
        case=case, actor=staff, summary="Cover fitted.", no_photo_reason="INTERNAL-no-photo"
    )
    services.case_evaluate(
        case=case, user=resident, rating="unsatisfied", comment="INTERNAL-evaluation-comment"
    )
    services.case_accept(case=case, actor=staff)
    services.case_return(case=case, actor=staff, reason="INTERNAL-return-reason")
    rejected = submit(title="Rejected case")
    services.case_reject(
        case=rejected,
        actor=dispatcher,
        reason="INTERNAL-reject-reason",
        public_message="This is a duplicate.",
    )

    for target in (case, rejected):
        for name, content in public_views_of(client, target).items():
            assert "INTERNAL" not in content, name
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Sent to the Construction Office." in page
    assert "The resident is not satisfied; the case is reopened for the department." in page
    assert "The case went back to the linkage centre to find the right department." in page
    assert "This is a duplicate." in client.get(f"/cases/{rejected.reference}/").content.decode()


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/cases/feed/grid/7/", ["grid 7", "litter"]),
        ("/cases/feed/grid/8/", ["grid 8"]),
        ("/cases/feed/category/litter/", ["litter"]),
        ("/cases/feed/category/manhole-cover/", ["grid 7", "grid 8"]),
    ],
)
def test_the_grid_and_category_feeds_hold_only_their_cases(client, make_case, town, url, expected):
    cases = {
        "grid 7": make_case(title="In grid seven"),
        "grid 8": make_case(title="In grid eight", grid=town.other_grid),
        "litter": make_case(title="Litter everywhere", category=town.other_category),
    }

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    found = sorted(
        name for name, case in cases.items() if case.reference in response.content.decode()
    )
    assert found == sorted(expected)


@pytest.mark.parametrize("url", ["/cases/feed/grid/99/", "/cases/feed/category/nonsense/"])
def test_feeds_of_unknown_grids_or_categories_are_not_found(client, town, url):
    assert client.get(url).status_code == 404


def test_the_map_shows_open_cases_unless_a_status_is_chosen(client, town):
    default = client.get("/cases/map/").content.decode()
    closed = client.get("/cases/map/?status=closed").content.decode()

    assert "points.json?status=open" in default
    assert 'value="open" selected' in default
    assert "points.json?status=closed" in closed


def test_a_case_number_carries_the_year_it_was_reported_in_china(client, submit, calendar_moment):
    """The year on Wuzhen's calendar: half an hour after New Year's Eve's 23:59 it is the new year
    there, though still the old one in UTC."""
    china = timezone.get_default_timezone()
    for moment in (calendar_moment, calendar_moment + timedelta(minutes=31)):
        with time_machine.travel(moment, tick=False):
            case = submit()
        assert case.reference == f"WZ-{moment.astimezone(china).year}-{case.pk:06d}"
        assert client.get(f"/cases/{case.reference}/").status_code == 200
