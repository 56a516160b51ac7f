"""Points from a dispatched report to a collected reward, in real browsers.

The demo housekeeper has a report waiting at the linkage centre. A dispatcher signs in to the
admin (with the MFA code) and dispatches it; the points task runs after the commit (django-q runs
tasks inline in the tests, in the live server's thread, before the response), so the housekeeper,
on a phone in English, finds 10 points under "My points" with a link to the case. They redeem the
10-point phone credit in the catalogue: the points are held (balance 0) and the request waits for
approval. The dispatcher finds it under Rewards → Redemptions and approves it; the housekeeper
sees it ready to collect with a six-digit pickup code. The dispatcher first types a wrong code
(refused; the request stays approved), then the code the housekeeper shows, and hands the reward
over; the housekeeper sees it collected. The balance stays 0, the stock is one lower, and the
cached balances agree with the ledger. axe-core scans "My points" and the catalogue on the phone;
the console of every page, the admin's included, is checked once at the end, and so is that the
pickup code field is drawn as a box staff can see (like the reason box beside "Reject").

Screenshots of the key pages go to /tmp/e2e-shots/rewards-*.png for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from participation.models import Case
from portal import roles
from portal.models import Notification
from rewards import services as rewards
from rewards.models import PointEntry, Redemption, Reward, Rule

from .conftest import NARROW, WIDE
from .test_accessibility import assert_no_serious_violations
from .test_case_journey import _open_menu_link
from .town import build_town, log_in, make_person, report_case, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Rubbish bags torn open behind the Xizha car park"
CREDIT, CREDIT_EN = "10元话费", "10 yuan phone credit"
PICKUP_CODE = re.compile(r"^\d{6}$")


def _points_page(phone):
    """My points, opened from the header (behind "Menu" on a phone)."""
    _open_menu_link(phone, "My points")
    expect(phone).to_have_url(re.compile(r"/points/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("My points")


def _balance(page):
    return page.locator(".stat-tile", has_text="Balance").locator("dd")


def _border(field) -> str:
    """The width of the field's top border as drawn, e.g. "1px" (none: "0px")."""
    return field.evaluate("element => getComputedStyle(element).borderTopWidth")


def test_a_dispatched_report_earns_phone_credit_collected_with_the_pickup_code(
    new_page, live_server, console_errors, totp_for
):
    # --- The town, the demo housekeeper with a report waiting, a dispatcher, a reward. ---------
    town = build_town()
    category = town["rubbish"]
    housekeeper = make_person(
        "housekeeper@example.org",
        roles=[roles.RESIDENT, roles.HOUSEKEEPER],
        display_name="Wang Fang",
    )
    dispatcher = make_person(
        "dispatcher@example.com", roles=[roles.DISPATCHER], display_name="Chen Jing"
    )
    dispatcher_code = totp_for(dispatcher)
    reward = Reward.objects.create(
        name=CREDIT, name_en=CREDIT_EN, kind=Reward.Kind.PHONE_CREDIT, cost=10, stock=5
    )
    earns = Rule.objects.get(code="case_dispatched").points
    assert earns == 10, "the default rule: a dispatched report earns 10 points"
    case = report_case(housekeeper, category, title=TITLE)
    reference = case.reference
    assert case.status == Case.Status.SUBMITTED
    assert not PointEntry.objects.filter(user=housekeeper).exists(), "a report alone earns none"

    # --- The linkage centre dispatches the report. ---------------------------------------------
    desk = new_page(viewport=WIDE)
    log_in(desk, dispatcher.email, next_url="/admin/cases/queue/", totp_code=dispatcher_code)
    expect(desk).to_have_url(re.compile(r"/admin/cases/queue/$"))
    desk.locator("table tbody tr", has_text=TITLE).get_by_role("link", name=reference).click()
    expect(desk).to_have_url(re.compile(rf"/admin/cases/inspect/{case.pk}/$"))
    desk.get_by_role("link", name="Dispatch", exact=True).click()
    expect(desk.locator("select[name=department]")).to_have_value(
        str(category.default_department.pk)
    )
    desk.locator("textarea[name=public_message]").fill("Sent to the Sanitation Station.")
    desk.locator("main form").get_by_role("button", name="Dispatch").click()
    expect(desk.locator("body")).to_contain_text(f"{reference}: Dispatch done.")
    case.refresh_from_db()
    assert case.status == Case.Status.DISPATCHED

    # --- The housekeeper, on a phone, finds the points under "My points". ----------------------
    phone = new_page(viewport=NARROW)
    log_in(phone, housekeeper.email)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your profile")
    _points_page(phone)
    expect(_balance(phone)).to_have_text("10")
    history = phone.locator("ol.points-history > li.points-entry")
    expect(history).to_have_count(1)
    earned = history.first
    expect(earned.locator(".points-entry__points")).to_have_text("+10")
    expect(earned.locator(".points-entry__what strong")).to_have_text("Report dispatched")
    case_link = earned.get_by_role("link", name=reference, exact=True)
    expect(case_link).to_have_attribute("href", f"/cases/{reference}/")
    expect(phone.locator("ul.redemption-list")).to_have_count(0)
    shot(phone, "rewards-01-housekeeper-points-earned-360")
    assert_no_serious_violations(phone)

    # The entry links to the case that earned it.
    case_link.click()
    expect(phone).to_have_url(live_server.url + f"/cases/{reference}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.locator(".case-head")).to_contain_text("Dispatched")
    phone.go_back()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My points")

    # --- The catalogue: redeem the phone credit. -----------------------------------------------
    phone.get_by_role("link", name="Rewards", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/points/rewards/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Rewards")
    expect(phone.locator(".page-head")).to_contain_text("Your balance: 10 points")
    card = phone.locator("li.reward-card", has=phone.get_by_role("heading", name=CREDIT_EN))
    expect(card).to_have_count(1)
    expect(card.locator(".reward-card__kind")).to_have_text("Phone credit")
    facts = card.locator(".reward-card__facts")
    expect(facts.locator("div", has_text="Points").locator("dd")).to_have_text("10")
    expect(facts.locator("div", has_text="In stock").locator("dd")).to_have_text("5")
    redeem = card.get_by_role("button", name="Redeem for 10 points")
    expect(redeem).to_be_visible()
    shot(phone, "rewards-02-housekeeper-catalogue-360")
    assert_no_serious_violations(phone)
    redeem.click()

    expect(phone).to_have_url(re.compile(r"/points/$"))
    expect(phone.locator(".messages")).to_contain_text(
        f"10 points are held for {CREDIT_EN}. Staff will check the request; "
        "you will be told when it is ready to collect."
    )
    expect(_balance(phone)).to_have_text("0")
    request = phone.locator("ul.redemption-list > li.redemption")
    expect(request).to_have_count(1)
    expect(request.locator("strong").first).to_have_text(CREDIT_EN)
    expect(request.locator(".badge")).to_have_text("Waiting for approval")
    expect(request.locator(".redemption__code")).to_have_count(0)
    expect(history).to_have_count(2)
    spent = history.first
    expect(spent.locator(".points-entry__points")).to_have_text("-10")
    expect(spent.locator(".points-entry__what strong")).to_have_text("Redeemed")
    expect(spent.locator(".points-entry__what")).to_contain_text(CREDIT_EN)  # in my language
    expect(spent.locator(".badge")).to_have_count(0)
    shot(phone, "rewards-03-housekeeper-request-held-360")
    redemption = Redemption.objects.get(user=housekeeper)
    assert (redemption.reward, redemption.points) == (reward, 10)
    assert redemption.status == Redemption.Status.HELD
    reward.refresh_from_db()
    assert reward.stock == 4, "one item is held with the points"

    # --- The dispatcher finds the request under Rewards → Redemptions and approves it. ---------
    desk.goto("/admin/")
    sidebar = desk.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name="Rewards", exact=True).click()
    sidebar.get_by_role("link", name="Redemptions", exact=True).click()
    expect(desk).to_have_url(re.compile(r"/admin/rewards/redemptions/$"))
    row = desk.locator("table tbody tr", has_text=housekeeper.display_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(CREDIT_EN)
    expect(row).to_contain_text("Waiting for approval")
    shot(desk, "rewards-04-dispatcher-redemptions")
    row.get_by_role("link", name=CREDIT_EN).click()
    expect(desk).to_have_url(re.compile(rf"/admin/rewards/redemptions/inspect/{redemption.pk}/$"))
    expect(desk.locator("main h2")).to_have_text(f"{CREDIT_EN} · Waiting for approval")
    expect(desk.locator("main dl")).to_contain_text(housekeeper.email)
    reason_border = _border(desk.get_by_label("Reason (sent to the person)"))
    assert reason_border != "0px", "the admin draws its text boxes with a border"
    shot(desk, "rewards-05-dispatcher-request-held")
    desk.get_by_role("button", name="Approve", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text(
        "Approved: the person has been sent a pickup code."
    )
    expect(desk.locator("main h2")).to_have_text(f"{CREDIT_EN} · Ready to collect")
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.APPROVED
    assert redemption.decided_by == dispatcher
    assert PICKUP_CODE.match(redemption.pickup_code), redemption.pickup_code

    # --- The housekeeper sees it ready to collect, with the pickup code. -----------------------
    phone.reload()
    expect(request.locator(".badge")).to_have_text("Ready to collect")
    code_line = request.locator(".redemption__code")
    expect(code_line).to_contain_text("Pickup code:")
    expect(code_line.locator("strong")).to_have_text(PICKUP_CODE)
    shown_code = code_line.locator("strong").inner_text()
    assert shown_code == redemption.pickup_code
    expect(_balance(phone)).to_have_text("0")
    shot(phone, "rewards-06-housekeeper-pickup-code-360")
    told = Notification.objects.get(key=f"redemption:{redemption.pk}:approved")
    assert told.recipient == housekeeper and shown_code in told.body

    # --- A wrong code is refused; the request stays approved. ----------------------------------
    wrong_code = "123456" if shown_code != "123456" else "654321"
    pickup = desk.get_by_label("Pickup code shown by the person")
    expect(pickup).to_be_visible()
    # Checked at the end, so that the rest of the journey is still seen if it fails: staff must
    # see where to type the code, a box drawn like the admin's other text boxes.
    pickup_border = _border(pickup)
    pickup.fill(wrong_code)
    desk.get_by_role("button", name="Hand over", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text("That is not this redemption's pickup code.")
    expect(desk.locator("main h2")).to_have_text(f"{CREDIT_EN} · Ready to collect")
    expect(pickup).to_be_visible()
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.APPROVED
    assert redemption.fulfilled_at is None and redemption.fulfilled_by is None
    shot(desk, "rewards-07-dispatcher-wrong-code")

    # --- The right code: handed over. ----------------------------------------------------------
    pickup.fill(shown_code)
    desk.get_by_role("button", name="Hand over", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text("Handed over.")
    expect(desk.locator("main h2")).to_have_text(f"{CREDIT_EN} · Collected")
    expect(desk.get_by_label("Pickup code shown by the person")).to_have_count(0)
    shot(desk, "rewards-08-dispatcher-handed-over")

    phone.reload()
    expect(request.locator(".badge")).to_have_text("Collected")
    expect(request.locator(".redemption__code")).to_have_count(0)
    expect(_balance(phone)).to_have_text("0")
    expect(history).to_have_count(2)
    shot(phone, "rewards-09-housekeeper-collected-360")

    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.FULFILLED
    assert redemption.fulfilled_by == dispatcher
    reward.refresh_from_db()
    assert reward.stock == 4
    assert housekeeper.points_balance.points == 0
    assert sorted(PointEntry.objects.filter(user=housekeeper).values_list("kind", "points")) == [
        (PointEntry.Kind.AWARD, 10),
        (PointEntry.Kind.REDEMPTION, -10),
    ]
    assert rewards.balance_drift() == []
    console_errors.assert_none()
    assert pickup_border == reason_border, (
        f"The pickup code field is drawn with a {pickup_border} border on the white page (the "
        f"reason box beside Reject has {reason_border}): staff cannot see where to type the code."
        " Wagtail styles text inputs by their type, and the field has no type attribute."
    )
