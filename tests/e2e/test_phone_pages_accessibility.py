"""axe on the pages of the phone-first residents, with the larger text on, at 360 px: sign-up
with a number, the code, the welcome step, notification settings with text messages, the
neighbour's evaluation link and the offline page."""

import datetime
import re
from decimal import Decimal

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participation import services
from participation.models import Case, EvaluationLink, GridMembership
from portal import roles
from portal.sms.backends.file import read_all

from .conftest import NARROW
from .test_accessibility import assert_no_serious_violations
from .town import build_town, make_person, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _larger_text(page) -> None:
    page.add_init_script("window.localStorage.setItem('portal-text-size', 'large')")


def _check(page, name: str) -> None:
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b"))
    shot(page, f"axe-large-{name}")
    assert_no_serious_violations(page)


@pytest.mark.parametrize("viewport", [NARROW])
def test_phone_pages_with_larger_text(page, live_server, console_errors, sms_outbox):
    town = build_town()
    _larger_text(page)

    page.goto("/accounts/signup/")
    _check(page, "signup")
    page.locator("input[name=phone]").fill("0573 8873 1234")  # a landline
    page.locator("main form.form button[type=submit]").click()
    expect(page.locator("input[name=phone]")).to_have_attribute("aria-invalid", "true")
    _check(page, "signup-error")
    page.locator("input[name=phone]").fill("13812345678")
    page.locator("main form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/phone/verify/"))
    _check(page, "verify-phone")
    code = [m for m in read_all() if m["template"] == "code"][-1]["params"]["code"]
    page.locator("main form input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/account/welcome/$"))
    _check(page, "welcome")
    page.goto("/account/notifications/settings/")
    expect(page.locator("input[name='sms:case_receipt']")).to_be_visible()
    _check(page, "notification-settings")

    # The evaluation link a neighbour gets, as they would open it (the case resolved).
    housekeeper = make_person("hk.axe@example.com", roles=[roles.RESIDENT])
    GridMembership.objects.create(grid=town[1], user=housekeeper, role="housekeeper")
    case, _created = services.case_submit(
        reporter=housekeeper,
        category=town["manhole-cover"],
        urgency="routine",
        title="Cover missing by the school",
        description="Reported for Grandma Wu, who has no smartphone.",
        latitude=Decimal("30.745"),
        longitude=Decimal("120.485"),
        neighbour_phone="13912345678",
        neighbour_consent=True,
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.RESOLVED)
    link = EvaluationLink.objects.create(
        case=case, round=1, expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    page.goto(f"/e/{link.token}")
    expect(page.get_by_role("button", name="Send evaluation")).to_be_visible()
    _check(page, "evaluation-link")

    page.goto("/offline/en/")
    _check(page, "offline")
    console_errors.assert_none()
