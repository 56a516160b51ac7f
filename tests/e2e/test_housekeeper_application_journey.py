"""A resident applies to be a housekeeper, and the grid leader approves, on phones (390 x 844).

Li Hua lives in grid 1. Signed in on her phone, she opens "My reports" from the header menu,
follows "Housekeeper applications", then "Apply to be a housekeeper": her home grid is chosen
for her; she says why in a few words and sends it. Her applications page says it waits for a
decision (and offers to withdraw it).

Zhang Wei, grid 1's leader (a resident, not admin staff), signs in on his phone, opens "My
reports" and follows "Lead Grid 1" to his grid's page: this month's activity, the applications to
decide (Li Hua's, with her words), the members. He approves it with a word of welcome: the page
says Li Hua is now a housekeeper and lists her among the members. He then writes to the grid's
housekeepers from the same page.

Li Hua reloads her applications page: approved, with his welcome, and grid 1 among the grids she
serves; the report form now offers to report for a neighbour (a housekeeper's feature). The
database shows one membership and the housekeeper role, and that she was told of the decision and
of the message once each (the grid leader of the application once). axe-core scans every new
page; the console of every page is checked once at the end.

Screenshots go to /tmp/e2e-shots/housekeeper-*.png for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from participation.models import GridMembership, GridMessage, HousekeeperApplication
from portal import roles
from portal.models import Notification

from .test_accessibility import assert_no_serious_violations
from .test_case_journey import _open_menu_link
from .town import build_town, log_in, make_person, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
NOTE = "I live by the east bridge and walk the lanes every morning before work."
WELCOME = "Welcome! We meet at the community hall on Fridays."


def test_a_resident_applies_to_be_a_housekeeper_and_the_grid_leader_approves(
    new_page, live_server, console_errors
):
    town = build_town()
    grid = town[1]
    resident = make_person("li.hua@example.com", roles=[roles.RESIDENT], display_name="Li Hua")
    resident.home_grid = grid
    resident.save(update_fields=["home_grid"])
    leader = make_person(
        "zhang.wei@example.com",
        roles=[roles.RESIDENT, roles.GRID_LEADER],
        display_name="Zhang Wei",
    )
    GridMembership.objects.create(grid=grid, user=leader, role=GridMembership.Role.GRID_LEADER)

    # --- The resident applies, on her phone. -------------------------------------------------
    phone = new_page(viewport=PHONE)
    log_in(phone, resident.email)
    _open_menu_link(phone, "My reports")
    phone.get_by_role("link", name="Housekeeper applications").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My housekeeper applications")
    expect(phone.locator("main")).to_contain_text("You have not applied to be a housekeeper yet.")
    phone.get_by_role("link", name="Apply to be a housekeeper").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Become a housekeeper")
    choice = phone.get_by_label("Which grid would you like to serve?")
    expect(choice).to_have_value(str(grid.pk))  # her home grid, chosen for her
    assert_no_serious_violations(phone)
    phone.get_by_label("About you").fill(NOTE)
    shot(phone, "housekeeper-01-apply-390")
    phone.get_by_role("button", name="Send my application").click()
    expect(phone).to_have_url(re.compile(r"/housekeepers/$"))
    expect(phone.locator(".messages")).to_contain_text("is with its grid leader")
    mine = phone.locator("li.application")
    expect(mine).to_have_count(1)
    expect(mine.get_by_role("heading", level=2)).to_have_text("Grid 1")
    expect(mine).to_contain_text("Waiting for a decision")
    expect(mine.get_by_role("button", name="Withdraw this application")).to_be_visible()
    shot(phone, "housekeeper-02-applied-390")
    assert_no_serious_violations(phone)

    # --- The grid leader opens his grid's page and approves. ----------------------------------
    lead = new_page(viewport=PHONE)
    log_in(lead, leader.email)
    _open_menu_link(lead, "My reports")
    lead.get_by_role("link", name="Lead Grid 1").click()
    expect(lead).to_have_url(re.compile(r"/grids/1/lead/$"))
    expect(lead.get_by_role("heading", level=1)).to_have_text("Grid 1")
    for section in ("Applications to decide", "Overdue", "Repairs to check", "Open cases"):
        expect(lead.get_by_role("heading", level=2, name=re.compile(section))).to_be_visible()
    waiting = lead.locator("li.application")
    expect(waiting).to_have_count(1)
    expect(waiting.get_by_role("heading", level=3)).to_have_text("Li Hua")
    expect(waiting).to_contain_text(NOTE)
    assert resident.email not in lead.content()
    assert_no_serious_violations(lead)
    waiting.get_by_label("Message to the applicant (optional)").fill(WELCOME)
    shot(lead, "housekeeper-03-grid-page-390")
    waiting.get_by_role("button", name="Approve Li Hua").click()
    expect(lead.locator(".messages")).to_contain_text("Li Hua is now a housekeeper of Grid 1.")
    expect(lead.locator("main")).to_contain_text("No applications are waiting.")
    members = lead.locator("ul.member-list")
    expect(members.locator("li", has_text="Li Hua")).to_contain_text("Housekeeper")
    shot(lead, "housekeeper-04-approved-390")

    # ...and writes to the grid's housekeepers.
    lead.get_by_label("Subject").fill("Clean-up on Saturday")
    lead.get_by_label("Message", exact=True).fill("Meet at the east bridge at 8.")
    lead.get_by_role("button", name="Send to the housekeepers").click()
    expect(lead.locator(".messages")).to_contain_text("Your message is on its way")
    assert_no_serious_violations(lead)

    # --- The resident sees she is a housekeeper now. ------------------------------------------
    phone.reload()
    expect(mine).to_contain_text("Approved")
    expect(mine).to_contain_text(WELCOME)
    expect(mine.get_by_role("button", name="Withdraw this application")).to_have_count(0)
    served = phone.locator("section", has=phone.get_by_role("heading", name="Grids you serve"))
    expect(served).to_contain_text("Grid 1: Housekeeper since")
    shot(phone, "housekeeper-05-resident-approved-390")
    assert_no_serious_violations(phone)
    served.get_by_role("link", name="Report a problem, or report for a neighbour").click()
    expect(phone.locator("main")).to_contain_text("Reporting for a neighbour without a smartphone?")

    # --- What was written, and who was told. --------------------------------------------------
    application = HousekeeperApplication.objects.get()
    assert (application.status, application.decided_by) == ("approved", leader)
    assert GridMembership.objects.get(user=resident).role == "housekeeper"
    assert resident.groups.filter(name=roles.HOUSEKEEPER).exists()
    told = Notification.objects.filter(recipient=resident)
    assert told.filter(key=f"housekeeper-application:{application.pk}:decided").count() == 1
    message = GridMessage.objects.get()
    assert told.filter(key=f"grid-message:{message.pk}:{resident.pk}").count() == 1
    assert Notification.objects.filter(recipient=leader).count() == 1  # of the application
    console_errors.assert_none()
