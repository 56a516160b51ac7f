"""A town leader records a problem list on a tablet, and sees its progress once a department has
resolved one of its problems.

On a 1024x768 tablet the leader, logged in with their TOTP code, opens "Problem lists" in the
admin menu, records an inspection with two problems (the second added with "Add another
problem", placed by its grid only), each with a department and a time limit. The list's page
shows both dispatched, nothing done. The Construction Management Office's staff (with their
code) open the first problem's case in the admin, accept it and resolve it with an after photo,
through the forms. The leader reloads the list's page: 1 of 2 done, the bar half full, the first
problem resolved. They publish the list; an anonymous visitor reads it on the public site,
grouped under its title, with links to the cases, on the tablet and on a 360 px phone. axe
finds nothing serious on the form, the list's page or the public page, and no page logs a
console error.

Screenshots go to /tmp/e2e-shots/leadership-*.png for a person to look at.
"""

import re
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participation.models import Case, ProblemList
from portal import roles

from .conftest import NARROW
from .test_accessibility import assert_no_serious_violations
from .town import build_town, log_in, make_person, photo, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TABLET = {"width": 1024, "height": 768}
LIST_TITLE = "Old town walk, east bank"
FIRST = "Loose manhole cover by the Tongji Bridge"
SECOND = "Stalls blocking the lane to the ferry"
REPAIR = "A new cover was fitted and locked."


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _fill_problem(page, index: int, *, title, description, category, department, due, **place):
    prefix = f"main form [name=items-{index}-"
    page.locator(f"{prefix}title]").fill(title)
    page.locator(f"{prefix}description]").fill(description)
    page.locator(f"{prefix}category]").select_option(str(category.pk))
    page.locator(f"{prefix}department]").select_option(str(department.pk))
    page.locator(f"{prefix}due_at]").fill(due)
    for name, value in place.items():
        if name == "grid":
            page.locator(f"{prefix}grid]").select_option(str(value.pk))
        else:
            page.locator(f"{prefix}{name}]").fill(value)


def test_a_leader_records_a_problem_list_on_a_tablet_and_sees_its_progress(
    new_page, live_server, console_errors, totp_for, tmp_path
):
    town = build_town()
    leader = make_person("leader@example.com", roles=[roles.TOWN_LEADER], display_name="Shen Hui")
    staff = make_person(
        "builder@example.com",
        roles=[roles.DEPARTMENT_STAFF],
        display_name="Liu Yang",
        department=town["construction"],
    )
    leader_code, staff_code = totp_for(leader), totp_for(staff)
    first_due = timezone.now() + timedelta(days=3)
    second_due = timezone.now() + timedelta(days=7)

    # --- The leader records the inspection on a tablet. ----------------------------------------
    tablet = new_page(viewport=TABLET)
    log_in(tablet, leader.email, next_url="/admin/", totp_code=leader_code)
    tablet.get_by_role("link", name="Problem lists").click()
    expect(tablet).to_have_url(re.compile(r"/admin/problem-lists/$"))
    tablet.get_by_role("link", name=re.compile("Add problem list", re.I)).click()
    expect(tablet).to_have_url(re.compile(r"/admin/problem-lists/new/$"))
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("Record a problem list")
    tablet.locator("main form [name=title]").fill(LIST_TITLE)
    _fill_problem(
        tablet,
        0,
        title=FIRST,
        description="The cover rocks when stepped on; the bridge is busy with visitors.",
        category=town["manhole-cover"],
        department=town["construction"],
        due=_local(first_due),
        latitude="30.745",
        longitude="120.485",
    )
    tablet.get_by_role("button", name="Add another problem").click()
    expect(tablet.locator("[data-problem-item]")).to_have_count(2)
    expect(tablet.get_by_role("group", name="Problem 2")).to_be_visible()
    expect(tablet.locator("main form [name=items-1-title]")).to_be_focused()
    _fill_problem(
        tablet,
        1,
        title=SECOND,
        description="Three stalls stand across the lane every morning.",
        category=town["street-stalls"],
        department=town["law-enforcement"],
        due=_local(second_due),
        grid=town[3],
    )
    shot(tablet, "leadership-01-record-tablet")
    assert_no_serious_violations(tablet)
    tablet.get_by_role("button", name="Record the list and send the problems").click()

    problem_list = ProblemList.objects.get()
    list_path = f"/admin/problem-lists/inspect/{problem_list.pk}/"
    expect(tablet).to_have_url(live_server.url + list_path)
    expect(tablet.locator(".messages")).to_contain_text(
        f"Problem list “{LIST_TITLE}” recorded: 2 cases sent to their departments."
    )
    bar = tablet.locator("main progress.list-progress__bar")
    expect(bar).to_have_attribute("value", "0")
    expect(bar).to_have_attribute("max", "2")
    expect(tablet.locator("main .list-progress__text")).to_contain_text("0 of 2 done")
    rows = tablet.locator("main table.problem-list-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(FIRST)
    expect(rows.nth(0)).to_contain_text("Construction Management Office")
    expect(rows.nth(0)).to_contain_text("Dispatched")
    expect(rows.nth(0)).to_contain_text(re.compile(r"\d+ days?(, \d+ hours?)? left|left"))
    expect(rows.nth(1)).to_contain_text("Law Enforcement Squad")

    first, second = (item.case for item in problem_list.items.order_by("position"))
    assert first.source == second.source == Case.Source.INSPECTION
    assert first.due_at == first_due.replace(second=0, microsecond=0)
    assert second.grid == town[3]

    # --- The department accepts and resolves the first problem, in the admin. ------------------
    field = new_page(viewport=TABLET)
    inspect_path = f"/admin/cases/inspect/{first.pk}/"
    log_in(field, staff.email, next_url=inspect_path, totp_code=staff_code)
    expect(field).to_have_url(live_server.url + inspect_path)
    expect(field.locator("main h2").first).to_have_text(f"{first.reference} · Dispatched")
    field.get_by_role("link", name="Accept", exact=True).click()
    field.locator("main form").get_by_role("button", name="Accept", exact=True).click()
    expect(field.locator(".messages")).to_contain_text(f"{first.reference}: Accept done.")
    field.get_by_role("link", name="Resolve", exact=True).click()
    field.get_by_label("What was done").fill(REPAIR)
    field.locator("main form input[name=photos]").set_input_files(
        photo(tmp_path / "after.jpg", colour=(90, 90, 100), label="cover")
    )
    field.locator("main form").get_by_role("button", name="Resolve", exact=True).click()
    expect(field.locator(".messages")).to_contain_text(f"{first.reference}: Resolve done.")
    expect(field.locator("main h2").first).to_have_text(f"{first.reference} · Resolved")

    # --- The leader sees the progress. ---------------------------------------------------------
    tablet.reload()
    expect(bar).to_have_attribute("value", "1")
    expect(bar).to_have_attribute("max", "2")
    expect(tablet.locator("main .list-progress__text")).to_contain_text("1 of 2 done (50 %)")
    expect(rows.nth(0)).to_contain_text("Resolved")
    expect(rows.nth(1)).to_contain_text("Dispatched")
    shot(tablet, "leadership-02-progress-tablet")
    assert_no_serious_violations(tablet)

    # The leader publishes it; a visitor reads it on the public site.
    tablet.get_by_role("button", name="Publish on the public site").click()
    expect(tablet.locator(".messages")).to_contain_text(f"“{LIST_TITLE}” is on the public site.")
    visitor = new_page(viewport=TABLET)
    visitor.goto("/problem-lists/")
    visitor.get_by_role("link", name=LIST_TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(LIST_TITLE)
    expect(visitor.locator("main .list-progress__text")).to_contain_text("1 of 2 done")
    expect(visitor.get_by_role("link", name=FIRST)).to_have_attribute(
        "href", f"/cases/{first.reference}/"
    )
    expect(visitor.get_by_role("link", name=SECOND)).to_be_visible()
    shot(visitor, "leadership-03-public-list-tablet")
    assert_no_serious_violations(visitor)
    # ...and on a phone, where nothing is wider than the screen.
    visitor.set_viewport_size(NARROW)
    assert visitor.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    shot(visitor, "leadership-04-public-list-360")
    assert_no_serious_violations(visitor)

    console_errors.assert_none()
