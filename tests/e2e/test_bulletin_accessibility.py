"""The published situation bulletin in a real browser: axe-core finds nothing serious in English
and Chinese, on a desktop and on a 360 px phone (nothing wider than the screen but the tables'
own scrolling boxes); no script or style is refused by the Content-Security-Policy; printed,
the site's header, footer and buttons are left out and the charts and tables stay.
Screenshots go to /tmp/e2e-shots/bulletin-*.png for a person to look at."""

import datetime

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participation.models import Case, Hotspot
from participation.statistics.bulletins import bulletin_draft, last_complete_month
from participation.statistics.rollup import statistics_rollup

from .conftest import CHINESE, ENGLISH, NARROW, WIDE
from .test_accessibility import assert_no_serious_violations
from .town import build_town, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def bulletin():
    town = build_town()
    month = last_complete_month()
    start = timezone.make_aware(datetime.datetime.combine(month.replace(day=5), datetime.time(9)))
    for n, (code, grid) in enumerate([("manhole-cover", 3)] * 4 + [("rubbish", 12)] * 2):
        category = town[code]
        Case.objects.create(
            category=category,
            grid=town[grid],
            latitude="30.740000",
            longitude="120.490000",
            title=f"Problem {n}",
            description="Something is wrong here.",
            status=Case.Status.CLOSED,
            department=category.default_department,
            submitted_at=start,
            updated_at=start,
            resolved_at=start + datetime.timedelta(hours=10 + 10 * n),
            due_at=start + datetime.timedelta(hours=24),
        )
    statistics_rollup(months=[month])
    Hotspot.objects.create(
        grid=town[12], category=town["rubbish"], recent_cases=8, monthly_average=2, ratio=4
    )
    page = bulletin_draft(month=month)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "360"])
@pytest.mark.parametrize("language", [ENGLISH, CHINESE], ids=["en", "zh"])
def test_the_bulletin_is_accessible_and_fits_a_phone(
    new_page, live_server, console_errors, bulletin, viewport, language
):
    page = new_page(viewport=viewport, accept_language=language)
    response = page.goto(bulletin.url)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(bulletin.title)
    expect(page.locator("svg.bulletin-map__svg")).to_be_visible()

    assert_no_serious_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    console_errors.assert_none()
    shot(page, f"bulletin-{'en' if language == ENGLISH else 'zh'}-{viewport['width']}")


def test_the_printed_bulletin_leaves_out_the_site_around_it(new_page, live_server, bulletin):
    page = new_page(viewport=WIDE, accept_language=ENGLISH)
    page.goto(bulletin.url)
    print_button = page.get_by_role("button", name="Print or save as PDF").first
    expect(print_button).to_be_visible()

    page.emulate_media(media="print")

    expect(print_button).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator("svg.bulletin-map__svg")).to_be_visible()
    expect(page.locator("#bulletin-categories + figure")).to_be_visible()
    assert len(page.pdf(format="A4")) > 1000  # Chromium saves it as a PDF
