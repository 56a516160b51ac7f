"""Campaigns in a real browser: the public list and a campaign's page (progress chart, before and
after photos, reports) in English and Chinese, on a desktop and a 360 px phone; a resident
follows it; the centre's hotspots page with its map and the launch form. Axe finds nothing
serious, nothing is wider than the screen, no script or style is refused by the
Content-Security-Policy. Screenshots go to /tmp/e2e-shots/campaign-*.png."""

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participation.campaigns import services as campaign_services
from participation.models import Case, Hotspot
from participation.selectors import grid_for_point
from participation.statistics.hotspots import hotspots_rollup
from portal import roles

from .conftest import CHINESE, ENGLISH, NARROW, WIDE
from .test_accessibility import assert_no_serious_violations
from .town import (
    build_town,
    log_in,
    make_person,
    photo,
    report_case,
    resolve_case,
    serve_media,
    shot,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def campaign(tmp_path):
    """A running campaign over one grid's stalls: three cases reported (one fixed, with before
    and after photos), two progress reports; and a burst of rubbish in grid 3 (a hotspot)."""
    town = build_town()
    dispatcher = make_person("centre@example.org", roles=[roles.DISPATCHER])
    staff = make_person(
        "squad@example.org",
        roles=[roles.DEPARTMENT_STAFF],
        department=town["law-enforcement"],
    )
    resident = make_person("li@example.org", roles=[roles.RESIDENT], display_name="Li")
    reported_in = grid_for_point(Decimal("30.745"), Decimal("120.485"))  # where report_case pins
    today = timezone.localdate()
    launched = campaign_services.campaign_launch(
        actor=dispatcher,
        title="西栅老街占道经营专项整治",
        title_en="Stalls on Xizha old street",
        goal="六周内规范老街摊位，保持游客通道畅通。",
        goal_en="Bring every stall back to its pitch within six weeks and keep the path clear.",
        grids=[reported_in],
        categories=[town["street-stalls"]],
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=20),
        lead_department=town["law-enforcement"],
        joint_departments=[town["sanitation"]],
    )
    fixed = report_case(
        resident,
        town["street-stalls"],
        title="Stalls across the old street",
        photo_path=photo(tmp_path / "before.jpg"),
    )
    resolve_case(
        fixed,
        dispatcher=dispatcher,
        staff=staff,
        photo_path=photo(tmp_path / "after.jpg", colour=(40, 140, 60)),
    )
    for n in range(2):
        report_case(resident, town["street-stalls"], title=f"Another stall {n}")
    for text, text_en in (("第一周。", "Week one: pitches painted."), ("第二周。", "Week two.")):
        campaign_services.campaign_report_publish(
            actor=dispatcher, campaign=launched, text=text, text_en=text_en
        )
    Case.objects.bulk_create(
        [
            Case(
                category=town["rubbish"],
                grid=town[3],
                latitude="30.732000",
                longitude="120.470000",
                title=f"Rubbish {n}",
                description="By the canal.",
                submitted_at=timezone.now() - datetime.timedelta(days=n),
                updated_at=timezone.now(),
            )
            for n in range(6)
        ]
    )
    hotspots_rollup()
    return {"campaign": launched, "dispatcher": dispatcher, "resident": resident}


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "360"])
@pytest.mark.parametrize("language", [ENGLISH, CHINESE], ids=["en", "zh"])
def test_the_campaign_pages_are_accessible_and_fit_a_phone(
    new_page, live_server, console_errors, campaign, viewport, language
):
    page = new_page(viewport=viewport, accept_language=language)
    serve_media(page.context)
    response = page.goto("/campaigns/")
    assert response.status == 200
    assert_no_serious_violations(page)
    page.goto(campaign["campaign"].get_absolute_url())
    expect(page.locator("svg.campaign-chart__svg")).to_be_visible()
    expect(page.locator(".before-after img")).to_have_count(2)
    assert_no_serious_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    console_errors.assert_none()
    shot(page, f"campaign-{'en' if language == ENGLISH else 'zh'}-{viewport['width']}")


def test_a_resident_follows_and_the_centre_sees_the_hotspots(
    new_page, live_server, console_errors, campaign, totp_for
):
    page = new_page(viewport=NARROW, accept_language=ENGLISH)
    log_in(page, campaign["resident"].email, next_url=campaign["campaign"].get_absolute_url())
    page.get_by_role("button", name="Follow: send me its reports").click()
    expect(page.locator("body")).to_contain_text("You follow this campaign")
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()
    console_errors.assert_none()

    dispatcher = campaign["dispatcher"]
    desk = new_page(viewport=NARROW, accept_language=ENGLISH)
    log_in(desk, dispatcher.email, next_url="/admin/hotspots/", totp_code=totp_for(dispatcher))
    desk.goto("/admin/hotspots/")
    expect(desk.locator("#hotspot-map .leaflet-interactive")).to_have_count(1)
    expect(desk.locator("table[data-table=hotspots]")).to_contain_text("Rubbish not collected")
    assert_no_serious_violations(desk)
    overflow = desk.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the hotspots page is {overflow}px wider than the screen"
    shot(desk, "campaign-hotspots-360")
    spot = Hotspot.objects.get()
    desk.get_by_role("link", name="Launch a campaign").first.click()
    expect(desk).to_have_url(f"{live_server.url}/admin/campaigns/new/?hotspot={spot.pk}")
    expect(desk.locator("main")).to_contain_text("Filled in from the hotspot Grid 3")
    expect(desk.get_by_role("heading", level=1)).to_have_text("Launch a campaign")
    assert_no_serious_violations(desk)
    shot(desk, "campaign-launch-360")
    desk.goto(f"/admin/campaigns/inspect/{campaign['campaign'].pk}/")
    expect(desk.locator("main")).to_contain_text("1 of 3 cases handled")
    assert_no_serious_violations(desk)
    shot(desk, "campaign-admin-360")
    console_errors.assert_none()
