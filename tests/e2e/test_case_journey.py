"""A case from report to closure, in real browsers: a resident on a phone reports a problem with
a pin and a photo; the linkage centre dispatches it and the department accepts and resolves it in
the Wagtail admin (with their MFA codes); the resident evaluates it and sees it closed.

Map tiles are answered locally (see conftest): everything here works without them.
Screenshots of the key pages go to /tmp/e2e-shots/ for a person to look at.
"""

import re
from fnmatch import fnmatch

from django.conf import settings
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participation.models import Case, CaseEvent
from participation.selectors import grid_for_point
from participation.statistics.rollup import statistics_rollup
from portal import roles

from .conftest import NARROW, WIDE, tile_url_glob
from .town import build_town, log_in, make_person, photo, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFERENCE = re.compile(r"WZ-\d{4}-\d{6,}")
TITLE = "Manhole cover missing by the Xizha bridge"
DESCRIPTION = "The cover of the drain next to the stone bridge is gone; the hole is 60 cm deep."


def _open_menu_link(page, name: str) -> None:
    """On a phone the header links sit behind "Menu"."""
    header = page.locator("header.site-header")
    link = header.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        header.get_by_text("Menu", exact=True).click()
    link.click()


def test_case_from_report_to_closure(new_page, live_server, console_errors, totp_for, tmp_path):
    town = build_town()
    category, department = town["manhole-cover"], town["construction"]
    resident = make_person("mei.lin@example.com", roles=[roles.RESIDENT], display_name="Mei Lin")
    dispatcher = make_person(
        "dispatcher@example.com", roles=[roles.DISPATCHER], display_name="Chen Jing"
    )
    staff = make_person(
        "builder@example.com",
        roles=[roles.DEPARTMENT_STAFF],
        display_name="Liu Yang",
        department=department,
    )
    dispatcher_code, staff_code = totp_for(dispatcher), totp_for(staff)
    # The map opens on the town's centre, which the demo grids cover.
    centre = settings.PORTAL_MAP["center"]
    assert grid_for_point(*centre) is not None

    # --- The resident reports the problem from a phone. ------------------------------------------
    phone = new_page(viewport=NARROW)
    log_in(phone, resident.email)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your profile")
    _open_menu_link(phone, "Report a problem")
    expect(phone).to_have_url(re.compile(r"/report/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Report a problem")

    form = phone.locator("form.report-form")
    form.locator("select[name=category]").select_option(label=category.name_en)
    shot(phone, "01-report-empty")

    # Drop the pin: a tap in the middle of the map (the town's centre).
    the_map = phone.locator("#report-map")
    expect(the_map).to_have_class(re.compile(r"leaflet-container"))
    the_map.click()
    latitude = form.locator("input[name=latitude]")
    longitude = form.locator("input[name=longitude]")
    expect(latitude).to_have_value(re.compile(r"^\d+\.\d{6}$"))
    expect(longitude).to_have_value(re.compile(r"^\d+\.\d{6}$"))
    expect(the_map.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(phone.locator("#location-status")).to_contain_text("Pin placed")
    pin = (float(latitude.input_value()), float(longitude.input_value()))
    assert abs(pin[0] - centre[0]) < 0.001 and abs(pin[1] - centre[1]) < 0.001, pin

    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=description]").fill(DESCRIPTION)
    form.locator("input[name=photos]").set_input_files(photo(tmp_path / "manhole.jpg"))
    form.get_by_text("Add an address or a voice note, or show your name").click()  # the extras
    form.locator("input[name=show_reporter_name]").check()
    shot(phone, "02-report-filled")
    form.get_by_role("button", name="Send report").click()

    # The case page, with its reference.
    expect(phone).to_have_url(re.compile(r"/cases/WZ-\d{4}-\d{6,}/$"))
    case = Case.objects.get(reporter=resident)
    reference = case.reference
    assert reference.startswith(f"WZ-{timezone.localtime().year}-")
    assert case.grid is not None and case.category == category
    assert case.status == Case.Status.SUBMITTED
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.locator(".case-head__ref")).to_have_text(reference)
    expect(phone.locator("main")).to_contain_text(f"Your report number is {reference}")
    expect(phone.locator(".summary-list")).to_contain_text("Mei Lin")
    expect(phone.locator("#case-location .leaflet-interactive")).to_have_count(1)
    expect(phone.locator("ul.photos img")).to_have_count(1)
    shot(phone, "03-case-submitted")

    # In "My reports".
    _open_menu_link(phone, "My reports")
    expect(phone.get_by_role("heading", level=1)).to_have_text("My reports")
    card = phone.locator(".case-card", has_text=reference)
    expect(card).to_contain_text(TITLE)
    expect(card).to_contain_text("Submitted")
    shot(phone, "04-my-reports")

    # On the public map, as a marker whose popup links to the case.
    phone.goto("/cases/map/")
    points = phone.request.get("/cases/map/points.json").json()
    assert [f["properties"]["reference"] for f in points["features"]] == [reference]
    markers = phone.locator("#case-map path.leaflet-interactive")
    expect(markers).to_have_count(1)
    # The map zooms to the points once they arrive; tap the marker when it has settled.
    expect(phone.locator("#case-map .leaflet-zoom-anim")).to_have_count(0)
    markers.first.click()
    popup = phone.locator("#case-map .leaflet-popup")
    expect(popup.get_by_role("link", name=re.compile(reference))).to_be_visible()
    expect(popup).to_contain_text("Submitted")
    phone.wait_for_timeout(400)  # the popup pans the map into view; let it finish
    # On a phone the whole popup, close button included, fits inside the map.
    inside, bubble = phone.locator("#case-map").bounding_box(), popup.bounding_box()
    assert inside["x"] <= bubble["x"], (inside, bubble)
    assert bubble["x"] + bubble["width"] <= inside["x"] + inside["width"], (inside, bubble)
    shot(phone, "05-case-map")

    # In the public list.
    phone.goto("/cases/")
    card = phone.locator(".case-card", has_text=reference)
    expect(card).to_contain_text(TITLE)
    shot(phone, "06-case-list")

    # --- The linkage centre dispatches it (at a desk). ------------------------------------------
    desk = new_page(viewport=WIDE)
    log_in(desk, dispatcher.email, next_url="/admin/cases/queue/", totp_code=dispatcher_code)
    expect(desk).to_have_url(re.compile(r"/admin/cases/queue/$"))
    # The centre's inbox: the new case waits in its queue.
    row = desk.locator("table tbody tr", has_text=TITLE)
    expect(row).to_contain_text(reference)
    shot(desk, "07-admin-centre-queue")
    row.get_by_role("link", name=reference).click()
    expect(desk).to_have_url(re.compile(rf"/admin/cases/inspect/{case.pk}/$"))
    expect(desk.locator("main h2")).to_have_text(f"{reference} · Submitted")
    shot(desk, "08-admin-inspect-submitted")
    desk.get_by_role("link", name="Dispatch", exact=True).click()
    expect(desk).to_have_url(re.compile(rf"/admin/cases/{case.pk}/dispatch/$"))
    # The category's department is chosen already.
    expect(desk.locator("select[name=department]")).to_have_value(str(department.pk))
    desk.locator("textarea[name=public_message]").fill(
        "Sent to the Construction Management Office; a crew will make it safe today."
    )
    shot(desk, "09-admin-dispatch")
    desk.locator("main form").get_by_role("button", name="Dispatch").click()
    expect(desk).to_have_url(re.compile(rf"/admin/cases/inspect/{case.pk}/$"))
    expect(desk.locator("body")).to_contain_text(f"{reference}: Dispatch done.")
    case.refresh_from_db()
    assert case.status == Case.Status.DISPATCHED and case.department == department

    # --- The department accepts and resolves it (on site, on a phone). ---------------------------
    field = new_page(viewport=NARROW)
    log_in(field, staff.email, next_url=f"/admin/cases/inspect/{case.pk}/", totp_code=staff_code)
    expect(field).to_have_url(re.compile(rf"/admin/cases/inspect/{case.pk}/$"))
    expect(field.locator("main h2")).to_have_text(f"{reference} · Dispatched")
    shot(field, "10-admin-inspect-dispatched-phone")
    field.get_by_role("link", name="Accept", exact=True).click()
    field.locator("main form").get_by_role("button", name="Accept").click()
    expect(field.locator("body")).to_contain_text(f"{reference}: Accept done.")
    field.get_by_role("link", name="Resolve", exact=True).click()
    field.locator("textarea[name=summary]").fill("A new cast-iron cover was fitted and fixed.")
    field.locator("input[name=photos]").set_input_files(
        photo(tmp_path / "after.jpg", colour=(60, 140, 80))
    )
    shot(field, "11-admin-resolve-phone")
    field.locator("main form").get_by_role("button", name="Resolve").click()
    expect(field.locator("body")).to_contain_text(f"{reference}: Resolve done.")
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED

    # --- The resident evaluates the result and sees the case closed. -----------------------------
    phone.goto(f"/cases/{reference}/")
    expect(phone.locator(".case-head")).to_contain_text("Resolved")
    shot(phone, "12-case-resolved")
    phone.get_by_role("link", name="Evaluate the result").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Evaluate the result")
    phone.get_by_label("Satisfied", exact=True).check()
    shot(phone, "13-evaluate")
    phone.get_by_role("button", name="Send evaluation").click()

    expect(phone).to_have_url(re.compile(rf"/cases/{reference}/$"))
    expect(phone.locator("main")).to_contain_text("Thank you for your evaluation.")
    expect(phone.locator(".case-head")).to_contain_text("Closed")
    expect(phone.get_by_role("link", name="Evaluate the result")).to_have_count(0)
    steps = phone.locator(".timeline__item strong")
    expect(steps).to_have_text(["Reported", "Dispatched", "Accepted", "Resolved", "Evaluated"])
    timeline = phone.locator(".timeline")
    expect(timeline).to_contain_text("a crew will make it safe today")
    expect(timeline).to_contain_text("A new cast-iron cover was fitted")
    expect(phone.locator("#result-title + p")).to_contain_text("cast-iron cover")
    expect(phone.locator("main ul.photos img")).to_have_count(2)
    shot(phone, "14-case-closed")

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert list(case.events.values_list("action", flat=True)) == [
        CaseEvent.Action.SUBMIT,
        CaseEvent.Action.DISPATCH,
        CaseEvent.Action.ACCEPT,
        CaseEvent.Action.RESOLVE,
        CaseEvent.Action.EVALUATE,
    ]

    # --- The public statistics count it once the hourly roll-up has run. -------------------------
    statistics_rollup()
    phone.goto("/cases/statistics/")
    received = phone.locator(".stat-tile", has_text="Cases received").locator("dd")
    expect(received).to_have_text("1")
    expect(phone.locator("main")).to_contain_text(department.name_en)
    shot(phone, "15-statistics")
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", [pytest.param(NARROW, id="360")])
def test_reporting_works_with_no_map_tiles(page, live_server, console_errors):
    """The tile server is unreachable (every tile request fails): the pin, the case page's map
    and the map of cases still work; the only console errors are the failed tiles."""
    page.route(tile_url_glob(), lambda route: route.abort())
    town = build_town()
    resident = make_person("no.tiles@example.com", roles=[roles.RESIDENT])
    log_in(page, resident.email, next_url="/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem")

    form = page.locator("form.report-form")
    form.locator("select[name=category]").select_option(label=town["rubbish"].name_en)
    page.locator("#report-map").click(position={"x": 200, "y": 90})
    expect(page.locator("#report-map .leaflet-marker-icon")).to_have_count(1)
    expect(form.locator("input[name=latitude]")).to_have_value(re.compile(r"^30\.7\d+$"))
    form.locator("input[name=title]").fill("Bins overflowing by the bus stop")
    form.locator("textarea[name=description]").fill("Three days of rubbish, bags torn open.")
    form.get_by_role("button", name="Send report").click()

    expect(page).to_have_url(re.compile(r"/cases/WZ-\d{4}-\d{6,}/$"))
    expect(page.locator("#case-location .leaflet-interactive")).to_have_count(1)
    page.goto("/cases/map/")
    expect(page.locator("#case-map path.leaflet-interactive")).to_have_count(1)
    expect(page.locator("#case-map .map__fallback")).to_be_hidden()

    def from_tile_server(entry: str) -> bool:  # entries read "<page> <- <source>: <message>"
        source = entry.split(" <- ", 1)[1].split(": ", 1)[0]
        return fnmatch(source, tile_url_glob())

    failed_tiles = [entry for entry in console_errors if from_tile_server(entry)]
    others = [entry for entry in console_errors if entry not in failed_tiles]
    assert failed_tiles, "the tiles were meant to fail"
    assert not others, "Console errors besides the failed tiles:\n" + "\n".join(others)
