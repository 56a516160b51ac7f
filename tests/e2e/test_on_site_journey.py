"""Points pending for a report, and a housekeeper confirming a repair on site, in a real browser.

A resident reports rubbish left behind the Xizha car park. On a phone in English, "My points"
shows the 10 points the report will earn as pending (a "Pending" tile and a "Pending" section
linking to the case), with a balance of 0. The linkage centre dispatches the report (through the
service; django-q runs the points task inline when the transaction commits): the pending section
is gone and the balance is 10. The Sanitation Station accepts and resolves it without a photo.

The housekeeper of the case's grid (another person), on a phone, opens "My reports" from the
header menu and finds the case under "Repairs to check in your grid"; the case page shows the
same call to confirm it. On the confirm page they first press "Confirm" without ticking the box:
the page says to tick it (a 400, which Chromium logs as a failed load: that one console entry is
expected) and nothing is recorded, their words kept. Then they tick it and confirm: back on the
case page they are thanked, the public timeline says "Confirmed on site" with what they saw, and
the call to confirm is gone (from the case page and My reports, and the confirm page now sends
them back). "My points" shows +5 for "Rectification confirmed on site", linking to the case. A
housekeeper of another grid, and the reporter, get 404 at the confirm page (asked with the page's
request context, which shares its cookies, so the 404 is not logged as a console error). axe-core
scans the confirm page (before and after the error) and My points with points pending; the
console of every page is checked once at the end; the database is checked last (one
confirmation, the housekeeper's points, cached balances that agree with the ledger).

Screenshots of the key pages go to /tmp/e2e-shots/onsite-*.png for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from participation import services
from participation.models import Case, CaseEvent, Grid, GridMembership
from portal import roles
from rewards import services as rewards
from rewards.models import PendingAward, PointEntry, Rule

from .conftest import NARROW
from .test_accessibility import assert_no_serious_violations
from .test_case_accessibility import expect_form_rejected
from .test_case_journey import _open_menu_link
from .town import build_town, log_in, make_person, report_case, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Rubbish bags left behind the Xizha car park"
SUMMARY = "The bags were collected and the corner swept."
NO_PHOTO = "The phone camera was broken that day."
SEEN = "Corner is clean, no bags left; checked this morning."
CONFIRM = "Confirm the repair on site"
TICK = "I went there and saw that the problem is fixed"
TICK_ERROR = "Tick the box once you have seen the repair on site."


def _points_page(phone):
    """My points, opened from the header (behind "Menu" on a phone)."""
    _open_menu_link(phone, "My points")
    expect(phone).to_have_url(re.compile(r"/points/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("My points")


def _tile(page, name: str):
    return page.locator(".stat-tile", has=page.locator("dt", has_text=name)).locator("dd")


def test_pending_points_then_a_housekeeper_confirms_the_repair_on_site(
    new_page, live_server, console_errors
):
    # --- The town, a reporter, the centre, the department, the grid's housekeeper. -------------
    town = build_town()
    category, department = town["rubbish"], town["sanitation"]
    reporter = make_person("mei.lin@example.com", roles=[roles.RESIDENT], display_name="Mei Lin")
    dispatcher = make_person(
        "dispatcher@example.com", roles=[roles.DISPATCHER], display_name="Chen Jing"
    )
    staff = make_person(
        "sweeper@example.com",
        roles=[roles.DEPARTMENT_STAFF],
        display_name="Liu Yang",
        department=department,
    )
    earns = Rule.objects.get(code="case_dispatched").points
    checks = Rule.objects.get(code="rectification_confirmed").points
    assert (earns, checks) == (10, 5), "the default rules"

    case = report_case(reporter, category, title=TITLE)
    reference = case.reference
    case_path = f"/cases/{reference}/"
    confirm_path = f"/cases/{reference}/confirm/"
    assert case.status == Case.Status.SUBMITTED and case.grid is not None

    housekeeper = make_person(
        "housekeeper@example.org",
        roles=[roles.RESIDENT, roles.HOUSEKEEPER],
        display_name="Wang Fang",
    )
    GridMembership.objects.create(grid=case.grid, user=housekeeper, role="housekeeper")
    neighbour = make_person(
        "neighbour@example.org",
        roles=[roles.RESIDENT, roles.HOUSEKEEPER],
        display_name="Qian Li",
    )
    other_grid = Grid.objects.exclude(pk=case.grid_id).order_by("number").first()
    GridMembership.objects.create(grid=other_grid, user=neighbour, role="housekeeper")

    # --- The reporter, on a phone, sees the report's points pending. ---------------------------
    phone = new_page(viewport=NARROW)
    log_in(phone, reporter.email)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your profile")
    _points_page(phone)
    expect(_tile(phone, "Balance")).to_have_text("0")
    expect(_tile(phone, "Pending")).to_have_text(str(earns))
    pending = phone.locator("section.points-pending")
    expect(pending.get_by_role("heading", level=2)).to_have_text("Pending")
    waiting = pending.locator("ul.points-history > li.points-entry")
    expect(waiting).to_have_count(1)
    expect(waiting.locator(".points-entry__points")).to_have_text("+10")
    expect(waiting.locator(".points-entry__what strong")).to_have_text("Report dispatched")
    expect(waiting.get_by_role("link", name=reference, exact=True)).to_have_attribute(
        "href", case_path
    )
    expect(phone.locator("ol.points-history")).to_have_count(0)
    expect(phone.locator("main")).to_contain_text("No points yet.")
    shot(phone, "onsite-01-reporter-points-pending-360")
    assert_no_serious_violations(phone)

    # --- The centre dispatches it: the points are earned, no longer pending. -------------------
    case = services.case_dispatch(
        case=case,
        actor=dispatcher,
        department=category.default_department,
        public_message="Sent to the Sanitation Station.",
    )
    assert not PendingAward.objects.filter(user=reporter).exists()
    phone.reload()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My points")
    expect(_tile(phone, "Balance")).to_have_text("10")
    expect(_tile(phone, "Pending")).to_have_text("0")
    expect(pending).to_have_count(0)
    earned = phone.locator("ol.points-history > li.points-entry")
    expect(earned).to_have_count(1)
    expect(earned.locator(".points-entry__points")).to_have_text("+10")
    expect(earned.locator(".points-entry__what strong")).to_have_text("Report dispatched")
    expect(earned.get_by_role("link", name=reference, exact=True)).to_have_attribute(
        "href", case_path
    )
    shot(phone, "onsite-02-reporter-points-earned-360")

    # --- The department accepts and resolves it (no photo, with the reason). -------------------
    case = services.case_accept(case=case, actor=staff)
    case = services.case_resolve(case=case, actor=staff, summary=SUMMARY, no_photo_reason=NO_PHOTO)
    assert case.status == Case.Status.RESOLVED

    # The reporter is asked to evaluate it, not to confirm it on site, and cannot.
    phone.goto(case_path)
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.get_by_role("link", name="Evaluate the result")).to_be_visible()
    expect(phone.get_by_role("link", name=CONFIRM)).to_have_count(0)
    assert phone.request.get(confirm_path).status == 404

    # --- The housekeeper, on a phone, finds the repair to check under My reports. --------------
    keeper = new_page(viewport=NARROW)
    log_in(keeper, housekeeper.email)
    expect(keeper.get_by_role("heading", level=1)).to_have_text("Your profile")
    _open_menu_link(keeper, "My reports")
    expect(keeper).to_have_url(re.compile(r"/my-reports/$"))
    expect(keeper.get_by_role("heading", level=1)).to_have_text("My reports")
    to_check = keeper.locator("section.to-confirm")
    expect(to_check.get_by_role("heading", level=2)).to_have_text("Repairs to check in your grid")
    card = to_check.locator("li.case-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("link", name=TITLE)).to_have_attribute("href", case_path)
    expect(card.locator(".case-card__meta")).to_contain_text(reference)
    expect(card.get_by_role("link", name=CONFIRM)).to_have_attribute("href", confirm_path)
    expect(keeper.get_by_role("heading", name="Reported by me")).to_be_visible()
    expect(keeper.locator("main")).to_contain_text("You have not reported anything yet.")
    shot(keeper, "onsite-03-housekeeper-my-reports-360")

    # The case page asks them too.
    card.get_by_role("link", name=TITLE).click()
    expect(keeper).to_have_url(live_server.url + case_path)
    expect(keeper.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(keeper.locator(".case-head")).to_contain_text("Resolved")
    callout = keeper.locator(".callout", has=keeper.get_by_role("link", name=CONFIRM))
    expect(callout).to_have_count(1)
    expect(callout).to_contain_text("You serve this grid as a housekeeper.")
    expect(keeper.get_by_role("link", name="Evaluate the result")).to_have_count(0)
    shot(keeper, "onsite-04-housekeeper-case-callout-360")
    callout.get_by_role("link", name=CONFIRM).click()

    # --- The confirm page. ---------------------------------------------------------------------
    expect(keeper).to_have_url(live_server.url + confirm_path)
    expect(keeper.get_by_role("heading", level=1)).to_have_text(CONFIRM)
    expect(keeper.locator("main")).to_contain_text(TITLE)
    expect(keeper.get_by_role("heading", name="What the department says was done")).to_be_visible()
    expect(keeper.locator("main")).to_contain_text(SUMMARY)
    tick = keeper.get_by_label(TICK)
    words = keeper.get_by_label("What you saw (optional)")
    confirm = keeper.locator("main form").get_by_role("button", name="Confirm", exact=True)
    expect(tick).not_to_be_checked()
    expect(words).to_be_visible()
    expect(confirm).to_be_visible()
    shot(keeper, "onsite-05-housekeeper-confirm-360")
    assert_no_serious_violations(keeper)

    # Without the tick: told to tick it; nothing recorded, the words kept.
    words.fill(SEEN)
    with keeper.expect_response(
        lambda response: response.request.method == "POST" and confirm_path in response.url
    ) as refused:
        confirm.click()
    assert refused.value.status == 400
    expect(keeper.locator("main")).to_contain_text(TICK_ERROR)
    expect_form_rejected(console_errors, keeper)  # the 400 itself, logged by Chromium
    expect(keeper).to_have_url(live_server.url + confirm_path)
    expect(tick).not_to_be_checked()
    expect(words).to_have_value(SEEN)
    assert not CaseEvent.objects.filter(case=case, action=CaseEvent.Action.CONFIRM).exists()
    assert not PointEntry.objects.filter(user=housekeeper).exists()
    shot(keeper, "onsite-06-housekeeper-confirm-untick-error-360")
    assert_no_serious_violations(keeper)

    # With the tick: thanked on the case page, the timeline says so, the callout is gone.
    tick.check()
    confirm.click()
    expect(keeper).to_have_url(live_server.url + case_path)
    expect(keeper.locator(".messages")).to_contain_text(
        "Thank you for checking the repair on site."
    )
    confirmed = keeper.locator("ol.timeline > li.timeline__item", has_text="Confirmed on site")
    expect(confirmed).to_have_count(1)
    expect(confirmed.locator("strong")).to_have_text("Confirmed on site")
    expect(confirmed).to_contain_text(SEEN)
    expect(keeper.get_by_role("link", name=CONFIRM)).to_have_count(0)
    expect(keeper.locator(".case-head")).to_contain_text("Resolved")
    shot(keeper, "onsite-07-housekeeper-confirmed-timeline-360")

    # Nothing left to check: not on My reports, and the confirm page sends them back.
    _open_menu_link(keeper, "My reports")
    expect(keeper.get_by_role("heading", level=1)).to_have_text("My reports")
    expect(keeper.locator("section.to-confirm")).to_have_count(0)
    keeper.goto(confirm_path)
    expect(keeper).to_have_url(live_server.url + case_path)
    expect(keeper.locator(".messages")).to_contain_text(
        "This case is not waiting for a check on site."
    )

    # --- Their points: +5, linking to the case. ------------------------------------------------
    _points_page(keeper)
    expect(_tile(keeper, "Balance")).to_have_text("5")
    expect(_tile(keeper, "Pending")).to_have_text("0")
    expect(keeper.locator("section.points-pending")).to_have_count(0)
    history = keeper.locator("ol.points-history > li.points-entry")
    expect(history).to_have_count(1)
    expect(history.locator(".points-entry__points")).to_have_text("+5")
    expect(history.locator(".points-entry__what strong")).to_have_text(
        "Rectification confirmed on site"
    )
    case_link = history.get_by_role("link", name=reference, exact=True)
    expect(case_link).to_have_attribute("href", case_path)
    shot(keeper, "onsite-08-housekeeper-points-360")
    case_link.click()
    expect(keeper).to_have_url(live_server.url + case_path)
    expect(keeper.get_by_role("heading", level=1)).to_have_text(TITLE)

    # --- A housekeeper of another grid cannot confirm it. --------------------------------------
    other = new_page(viewport=NARROW)
    log_in(other, neighbour.email)
    expect(other.get_by_role("heading", level=1)).to_have_text("Your profile")
    other.goto(case_path)
    expect(other.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(other.get_by_role("link", name=CONFIRM)).to_have_count(0)
    assert other.request.get(confirm_path).status == 404

    # --- The record. ---------------------------------------------------------------------------
    console_errors.assert_none()
    event = CaseEvent.objects.get(case=case, action=CaseEvent.Action.CONFIRM)
    assert (event.actor, event.public_message) == (housekeeper, SEEN)
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED, "confirming leaves the status as it is"
    entry = PointEntry.objects.get(user=housekeeper)
    assert (entry.rule.code, entry.points) == ("rectification_confirmed", checks)
    assert (entry.source, entry.source_label) == (case_path, reference)
    assert not PointEntry.objects.filter(user=neighbour).exists()
    assert list(PointEntry.objects.filter(user=reporter).values_list("points", flat=True)) == [
        earns
    ]
    assert housekeeper.points_balance.points == checks
    assert reporter.points_balance.points == earns
    assert rewards.balance_drift() == []
