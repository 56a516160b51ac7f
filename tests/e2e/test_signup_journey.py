"""A resident's first visit in a real browser: sign up, verify the email, log out, log in again."""

import re

from django.core import mail

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from portal.models import User

from .conftest import NARROW

pytestmark = [
    pytest.mark.e2e,
    # The live server sees only committed data; serialized rollback brings back what the
    # migrations created (the Wagtail home page, the roles) after each flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Lantern-bridge-canal-4821"
# Wording of the pages is still being edited; the tests pin the meaning, not the exact text.
SIGN_IN = re.compile(r"sign in|log in", re.I)
SIGN_UP = re.compile(r"sign up", re.I)
CHECK_EMAIL = re.compile(r"email", re.I)
CONFIRM = re.compile(r"confirm", re.I)
CONFIRM_LINK = re.compile(r"(https?://[^\s/]+)(/accounts/confirm-email/[^\s/]+/)")


def _messages_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def _confirmation_link(address: str, live_server_url: str) -> str:
    messages = _messages_to(address)
    assert len(messages) == 1, (
        f"expected one email to {address}, got {[m.subject for m in messages]}"
    )
    message = messages[0]
    match = CONFIRM_LINK.search(message.body)
    assert match, f"no confirmation link in the email:\n{message.body}"
    origin, path = match.groups()
    # The link must point back at the site the visitor signed up on.
    assert origin == live_server_url, f"confirmation link points at {origin}"
    return path


def _log_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN)
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    page.locator("main form.form").get_by_role("button", name=SIGN_IN).click()


def test_signup_verify_logout_and_login_again(page, live_server, console_errors):
    email = "mei.lin@example.com"

    # Sign up.
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_UP)
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="display_name"]').fill("Mei Lin")
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.locator("main form.form").get_by_role("button", name=SIGN_UP).click()

    # Told to verify the address; not logged in yet.
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CHECK_EMAIL)
    user = User.objects.get(email=email)
    assert user.display_name == "Mei Lin"
    assert not EmailAddress.objects.get(user=user, email=email).verified

    # Follow the link from the email and confirm (a POST: the link alone changes nothing).
    link = _confirmation_link(email, live_server.url)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(CONFIRM)
    expect(page.locator("main")).to_contain_text(email)
    assert not EmailAddress.objects.get(user=user, email=email).verified
    page.get_by_role("button", name="Confirm", exact=True).click()

    # Confirming logs the new resident in and says what they can do next; the profile shows
    # the address verified.
    expect(page).to_have_url(re.compile(r"/account/welcome/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Mei Lin")
    expect(page.get_by_role("link", name="Report a problem").last).to_be_visible()
    page.goto("/account/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.locator("main")).to_contain_text(email)
    expect(page.locator(".badge--ok").first).to_have_text("verified")
    expect(page.locator(".badge--warn", has_text="not verified")).to_have_count(0)
    expect(page.locator('input[name="display_name"]')).to_have_value("Mei Lin")
    assert EmailAddress.objects.get(user=user, email=email).verified

    # Log out with the header button (the menu is open on a wide screen).
    header = page.locator("header.site-header")
    logout = header.get_by_role("button", name="Log out")
    expect(logout).to_be_visible()
    logout.click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(header.get_by_role("link", name="Log in")).to_be_visible()
    expect(header.get_by_role("button", name="Log out")).to_have_count(0)

    # Logged out for real: the profile now asks for a login.
    page.goto("/account/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/account/profile/$"))

    # Log in again with email and password.
    _log_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/profile/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.locator("main")).to_contain_text(email)
    expect(header.get_by_role("button", name="Log out")).to_be_visible()

    console_errors.assert_none()


def test_unverified_user_cannot_log_in(page, live_server, console_errors):
    email = "unverified@example.com"
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)

    _log_in(page, email, PASSWORD)

    # Sent to "verify your email", with a fresh confirmation email, and not logged in.
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CHECK_EMAIL)
    expect(page.locator("header.site-header").get_by_role("link", name="Log in")).to_be_visible()
    _confirmation_link(email, live_server.url)

    page.goto("/account/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/account/profile/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN)
    expect(page.get_by_role("heading", name="Your profile")).to_have_count(0)

    console_errors.assert_none()


def test_wrong_password_is_refused(page, live_server, console_errors):
    email = "resident@example.com"
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)

    _log_in(page, email, "not-the-password-123")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN)
    expect(page.locator("main form.form")).to_contain_text("not correct")
    header = page.locator("header.site-header")
    expect(header.get_by_role("button", name="Log out")).to_have_count(0)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", [pytest.param(NARROW, id="360")])
def test_narrow_screen_menu_folds_and_logs_out(page, live_server, console_errors):
    """Below 48em the header menu is behind "Menu"; logging out works from inside it."""
    email = "phone.user@example.com"
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)

    _log_in(page, email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")

    header = page.locator("header.site-header")
    toggle = header.get_by_text("Menu", exact=True)
    logout = header.get_by_role("button", name="Log out")
    expect(toggle).to_be_visible()
    expect(logout).to_be_hidden()

    toggle.click()
    expect(logout).to_be_visible()
    logout.click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(header.get_by_role("button", name="Log out")).to_have_count(0)
    page.goto("/account/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/account/profile/$"))
    console_errors.assert_none()
