"""Accessibility of the case pages: axe-core finds nothing serious or critical on the report form
(empty and with errors), the public list and map, a case page, "My reports" and the evaluation
form, on a wide screen and on a phone. Maps are scanned with their markers drawn."""

import re

import pytest
from playwright.sync_api import expect

from portal import roles

from .conftest import NARROW, WIDE
from .test_accessibility import assert_no_serious_violations
from .town import build_town, log_in, make_person, photo, report_case, resolve_case, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIEWPORTS = [pytest.param(WIDE, id="1280"), pytest.param(NARROW, id="360")]
RESIDENT = "axe.reporter@example.com"


def expect_form_rejected(console_errors, page) -> None:
    """A form sent back with errors answers 400; Chromium logs that as a failed load of the page
    itself. That entry is expected: take it out, leaving anything else to fail the test."""
    rejected = [
        entry
        for entry in console_errors
        if entry.startswith(f"{page.url} <- {page.url}:") and "status of 400" in entry
    ]
    assert rejected, f"expected {page.url} to answer 400, console: {list(console_errors)}"
    console_errors.entries[:] = [e for e in console_errors if e not in rejected]


@pytest.fixture
def cases(tmp_path):
    """A resident with two cases: one just reported, one resolved (with before/after photos)."""
    town = build_town()
    resident = make_person(RESIDENT, roles=[roles.RESIDENT], display_name="Axe Reporter")
    dispatcher = make_person("axe.dispatcher@example.com", roles=[roles.DISPATCHER])
    staff = make_person(
        "axe.staff@example.com", roles=[roles.DEPARTMENT_STAFF], department=town["sanitation"]
    )
    before, after = photo(tmp_path / "before.jpg"), photo(tmp_path / "after.jpg", colour=(0, 90, 0))
    submitted = report_case(resident, town["manhole-cover"], title="Loose drain cover on a lane")
    resolved = resolve_case(
        report_case(resident, town["rubbish"], title="Bins overflowing", photo_path=before),
        dispatcher=dispatcher,
        staff=staff,
        photo_path=after,
    )
    return {"submitted": submitted, "resolved": resolved}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_report_form_has_no_serious_axe_violations(page, live_server, console_errors):
    build_town()
    make_person(RESIDENT, roles=[roles.RESIDENT])
    log_in(page, RESIDENT, next_url="/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem")
    # Scanned as the script leaves it: map drawn, location tools shown.
    expect(page.locator("#report-map")).to_have_class(re.compile(r"leaflet-container"))
    expect(page.locator("#use-location")).to_be_visible()

    assert_no_serious_violations(page)

    # With a pin dropped (the marker is a focusable image in the map).
    page.locator("#report-map").click()
    expect(page.locator("#report-map .leaflet-marker-icon")).to_have_count(1)
    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_report_form_errors_have_no_serious_axe_violations(page, live_server, console_errors):
    build_town()
    make_person(RESIDENT, roles=[roles.RESIDENT])
    log_in(page, RESIDENT, next_url="/report/")
    page.get_by_role("button", name="Send report").click()

    expect(page.locator("#form-errors")).to_contain_text("There is a problem with your report")
    expect(page.locator("#form-errors a")).not_to_have_count(0)
    expect_form_rejected(console_errors, page)
    shot(page, f"a11y-report-errors-{page.viewport_size['width']}")
    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_case_list_has_no_serious_axe_violations(page, live_server, console_errors, cases):
    page.goto("/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    expect(page.locator(".case-card")).to_have_count(2)

    assert_no_serious_violations(page)

    # The filters, opened.
    page.get_by_text("Filter and sort").click()
    expect(page.locator("select[name=status]")).to_be_visible()
    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_case_map_has_no_serious_axe_violations(page, live_server, console_errors, cases):
    page.goto("/cases/map/?status=")  # every status, not only open cases
    expect(page.get_by_role("heading", level=1)).to_have_text("Map of cases")
    expect(page.locator("#case-map path.leaflet-interactive")).to_have_count(2)

    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_case_page_has_no_serious_axe_violations(page, live_server, console_errors, cases):
    """The reporter's view of a resolved case: the evaluate call, photos, map and timeline."""
    case = cases["resolved"]
    log_in(page, RESIDENT, next_url=f"/cases/{case.reference}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(case.title)
    expect(page.get_by_role("link", name="Evaluate the result")).to_be_visible()
    expect(page.locator("main ul.photos img")).to_have_count(2)
    expect(page.locator("#case-location .leaflet-interactive")).to_have_count(1)

    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_case_page_has_no_serious_axe_violations(page, live_server, console_errors, cases):
    """A visitor's view of a case that was just reported."""
    case = cases["submitted"]
    page.goto(f"/cases/{case.reference}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(case.title)
    expect(page.locator(".case-head")).to_contain_text("Submitted")

    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_my_reports_and_evaluation_have_no_serious_axe_violations(
    page, live_server, console_errors, cases
):
    log_in(page, RESIDENT, next_url="/my-reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My reports")
    expect(page.locator(".case-card")).to_have_count(2)
    assert_no_serious_violations(page)

    page.get_by_role("link", name="Evaluate the result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluate the result")
    assert_no_serious_violations(page)

    # Sent without a rating: the error is shown with the choices.
    page.get_by_role("button", name="Send evaluation").click()
    expect(page.locator("main")).to_contain_text("Choose how satisfied you are.")
    expect_form_rejected(console_errors, page)
    shot(page, f"a11y-evaluate-errors-{page.viewport_size['width']}")
    assert_no_serious_violations(page)
    console_errors.assert_none()
