"""The department appraisal in a real browser: the public page in English and Chinese, on a
desktop and on a 360 px phone (axe finds nothing serious, nothing wider than the screen, no
script or style refused by the Content-Security-Policy), and a department lead's trend and the
weights and targets in the admin. Screenshots go to /tmp/e2e-shots/appraisal-*.png."""

import datetime

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participation.models import Case, DepartmentMembership
from participation.statistics.appraisal import appraisal_rollup, previous_month
from portal import roles

from .conftest import CHINESE, ENGLISH, NARROW, WIDE
from .test_accessibility import assert_no_serious_violations
from .town import build_town, log_in, make_person, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def scored():
    """Last month: 24 cases handled by the Construction Management Office (a few late), 5 by
    the Sanitation Station (too few to be ranked), and their scorecards."""
    town = build_town()
    month = previous_month()
    start = timezone.make_aware(datetime.datetime.combine(month.replace(day=3), datetime.time(9)))
    cases = []
    for n in range(29):
        category = town["manhole-cover"] if n < 24 else town["rubbish"]
        cases.append(
            Case(
                category=category,
                grid=town[3],
                latitude="30.740000",
                longitude="120.490000",
                title=f"Problem {n}",
                description="Something is wrong here.",
                status=Case.Status.CLOSED,
                department=category.default_department,
                submitted_at=start,
                updated_at=start,
                dispatched_at=start,
                resolved_at=start + datetime.timedelta(hours=10 + 3 * n),
                due_at=start + datetime.timedelta(hours=72),
                reopen_count=1 if n % 9 == 0 else 0,
            )
        )
    Case.objects.bulk_create(cases)
    appraisal_rollup(month=month)
    return town


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "360"])
@pytest.mark.parametrize("language", [ENGLISH, CHINESE], ids=["en", "zh"])
def test_the_appraisal_page_is_accessible_and_fits_a_phone(
    new_page, live_server, console_errors, scored, viewport, language
):
    page = new_page(viewport=viewport, accept_language=language)
    response = page.goto("/appraisal/")
    assert response.status == 200
    expect(page.locator("ol.bar-chart svg").first).to_be_visible()
    assert_no_serious_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    console_errors.assert_none()
    shot(page, f"appraisal-{'en' if language == ENGLISH else 'zh'}-{viewport['width']}")


def test_a_lead_sees_the_trend_and_an_administrator_the_weights(
    new_page, live_server, console_errors, scored, totp_for
):
    lead = make_person("lead@example.org", roles=[roles.DEPARTMENT_LEAD], display_name="Zhao")
    DepartmentMembership.objects.create(
        user=lead, department=scored["construction"], role=DepartmentMembership.Role.LEAD
    )
    page = new_page(viewport=NARROW, accept_language=ENGLISH)
    log_in(page, lead.email, next_url="/admin/appraisal/trend/", totp_code=totp_for(lead))
    page.goto("/admin/appraisal/trend/")  # without Wagtail's "signed in" message (its colours)
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "Construction Management Office: the last 12 months"
    )
    assert_no_serious_violations(page)
    shot(page, "appraisal-trend-360")

    administrator = make_person("admin@example.org", roles=[roles.ADMINISTRATOR])
    desk = new_page(viewport=WIDE, accept_language=ENGLISH)
    log_in(
        desk,
        administrator.email,
        next_url="/admin/appraisal/weights/",
        totp_code=totp_for(administrator),
    )
    desk.goto("/admin/appraisal/weights/")
    desk.locator("input[name=weight_on_time]").fill("50")
    desk.locator("textarea[name=reason]").fill("On time matters more.")
    desk.get_by_role("button", name="Save as a new scheme from next month").click()
    expect(desk.locator("main")).to_contain_text("they must add up to 100 exactly")
    assert_no_serious_violations(desk)
    console_errors.clear()  # the refused form's answer is a 400, as intended
    desk.locator("input[name=weight_on_time]").fill("30")
    desk.get_by_role("button", name="Save as a new scheme from next month").click()
    expect(desk.locator("body")).to_contain_text("The new weights and targets apply from")
    shot(desk, "appraisal-weights-1280")
    console_errors.assert_none()
