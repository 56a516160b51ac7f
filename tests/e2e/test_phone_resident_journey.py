"""A resident on a phone who has a mobile number and no email address: signs up with the number
(the code read from the test SMS backend), lands on the welcome step, writes a report with no
signal, and sees it sent once when the signal is back."""

import re

import pytest
from playwright.sync_api import expect

from participation.models import Attachment, Case
from portal.models import User
from portal.sms.backends.file import read_all

from .conftest import NARROW
from .town import build_town, photo, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NUMBER = "+8613812345678"
OFFLINE_ERRORS = re.compile(r"ERR_INTERNET_DISCONNECTED|ERR_FAILED|ERR_NETWORK_CHANGED")


def _code_texted_to(number: str) -> str:
    codes = [m for m in read_all() if m["to"] == number and m["template"] == "code"]
    assert codes, f"no code texted to {number}: {read_all()}"
    return codes[-1]["params"]["code"]


@pytest.mark.parametrize("viewport", [NARROW])
def test_sign_up_with_a_number_then_report_offline(
    page, live_server, console_errors, tmp_path, sms_outbox
):
    town = build_town()

    # --- Sign up with the number: no email, no password. ---------------------------------------
    page.goto("/accounts/signup/")
    form = page.locator("main form.form")
    form.locator("input[name=phone]").fill("138 1234 5678")
    form.locator("input[name=display_name]").fill("Wu Ayi")
    shot(page, "phone-01-signup")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/phone/verify/"))
    shot(page, "phone-02-enter-code")
    page.locator("main form input[name=code]").fill(_code_texted_to(NUMBER))
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/account/welcome/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Wu Ayi")
    shot(page, "phone-03-welcome")
    user = User.objects.get(phone=NUMBER)
    assert (user.email, user.phone_verified) == (None, True)

    # --- On to reporting: the page loads, then the signal goes. ---------------------------------
    page.get_by_role("link", name="Report a problem").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem")
    report = page.locator("form.report-form")
    expect(page.locator("#report-map")).to_have_class(re.compile(r"leaflet-container"))
    page.context.set_offline(True)
    report.locator("select[name=category]").select_option(label=town["manhole-cover"].name_en)
    page.locator("#report-map").click()
    report.locator("input[name=title]").fill("Cover missing by the silk mill")
    report.locator("textarea[name=description]").fill("A deep hole, next to the school path.")
    report.locator("input[name=photos]").set_input_files(photo(tmp_path / "hole.jpg"))
    report.get_by_role("button", name="Send report").click()

    draft = page.locator("#report-drafts .draft")
    expect(draft).to_contain_text("Waiting to send")
    shot(page, "phone-04-waiting", full_page=False)
    assert not Case.objects.exists()

    # --- Signal back: sent, once. ----------------------------------------------------------------
    page.context.set_offline(False)
    expect(draft).to_contain_text(re.compile(r"Sent\. Your report number is WZ-\d{4}-\d{6,}"))
    shot(page, "phone-05-sent", full_page=False)
    case = Case.objects.get()
    assert case.reporter == user
    assert case.attachments.filter(kind=Attachment.Kind.PHOTO).count() == 1
    page.reload()
    page.wait_for_load_state("networkidle")
    assert Case.objects.count() == 1
    # The receipt came by text message, with the case number.
    receipts = [m for m in read_all() if m["to"] == NUMBER and m["template"] == "notice"]
    assert [case.reference in m["text"] for m in receipts] == [True]

    console_errors.entries[:] = [e for e in console_errors if not OFFLINE_ERRORS.search(e)]
    console_errors.assert_none()
