"""Accessibility of the public entrance pages: axe-core scans, keyboard entry, page language."""

import re

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from portal.models import User

from .conftest import CHINESE, NARROW, WIDE

pytestmark = [
    pytest.mark.e2e,
    # The home page is the Wagtail page the migrations create; serialized rollback restores it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING_IMPACTS = {"serious", "critical"}
VIEWPORTS = [pytest.param(WIDE, id="1280"), pytest.param(NARROW, id="360")]

_axe = Axe()


def _describe(violations: list[dict]) -> str:
    """One block per rule: id, impact, help link, then each failing node's selector and HTML."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"    {violation.get('helpUrl', '')}")
        for node in violation["nodes"][:10]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {node['target']}: {node.get('html', '')[:160]}")
            lines.append(f"       {summary[:400]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def assert_no_serious_violations(page) -> None:
    violations = _axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    if minor:
        # Not failures, but shown with -s / -rA so they are not forgotten.
        print(f"axe, minor/moderate on {page.url}:\n{_describe(minor)}")
    if blocking:
        pytest.fail(
            f"axe found {len(blocking)} serious/critical violation(s) on {page.url} "
            f"at {page.viewport_size['width']}px:\n{_describe(blocking)}"
        )


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", re.compile(r"Wuzhen Housekeeper")),
        ("/accounts/login/", re.compile(r"sign in|log in", re.I)),
        ("/accounts/signup/", re.compile(r"sign up", re.I)),
    ],
    ids=["home", "login", "signup"],
)
def test_public_page_has_no_serious_axe_violations(
    page, live_server, console_errors, path, heading
):
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_signup_errors_have_no_serious_axe_violations(page, live_server, console_errors):
    page.goto("/accounts/signup/")
    page.locator("main form.form").get_by_role("button", name=re.compile(r"sign up", re.I)).click()

    # The form came back with errors, tied to the fields: a number or an address is needed...
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    phone = page.locator('input[name="phone"]')
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_accessible_description(re.compile(r"email address"))
    assert_no_serious_violations(page)

    # ...and an address alone needs a password.
    page.locator('input[name="email"]').fill("axe.signup@example.com")
    page.locator("main form.form").get_by_role("button", name=re.compile(r"sign up", re.I)).click()
    password = page.locator('input[name="password1"]')
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile(r"\S"))

    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", [pytest.param(NARROW, id="360")])
def test_open_phone_menu_has_no_serious_axe_violations(page, live_server, console_errors):
    """On a phone the header links sit in a panel behind "Menu"; scan it opened."""
    page.goto("/")
    header = page.locator("header.site-header")
    log_in = header.get_by_role("link", name=re.compile(r"log in", re.I))
    expect(log_in).to_be_hidden()
    header.locator("summary").click()
    expect(log_in).to_be_visible()

    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_profile_page_has_no_serious_axe_violations(page, live_server, console_errors):
    email, password = "axe.resident@example.com", "Lantern-bridge-canal-4821"
    user = User.objects.create_user(email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)

    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    page.locator("main form.form").get_by_role("button", name=re.compile(r"sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/account/profile/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")

    assert_no_serious_violations(page)
    console_errors.assert_none()


def test_skip_link_is_first_focusable_and_jumps_to_main(page, live_server, console_errors):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_class(re.compile(r"(^|\s)skip-link(\s|$)"))
    expect(focused).to_have_attribute("href", "#main")
    # Hidden off-screen until focused, then shown.
    expect(focused).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main#main")).to_be_focused()
    console_errors.assert_none()


@pytest.mark.parametrize("accept_language", [pytest.param(CHINESE, id="zh-hans")])
def test_chinese_browser_gets_chinese_page(page, live_server, console_errors):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    # The switcher marks Chinese as the current language.
    switcher = page.locator("form.language-switcher")
    expect(switcher.locator('button[value="zh-hans"]')).to_have_attribute("aria-current", "true")

    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    console_errors.assert_none()


def test_language_switcher_changes_and_keeps_language(page, live_server, console_errors):
    page.goto("/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")

    page.locator("form.language-switcher").get_by_role("button", name="简体中文").click()
    expect(html).to_have_attribute("lang", "zh-hans")
    # Back on the page the visitor was on, and the choice sticks on the next page.
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto("/")
    expect(html).to_have_attribute("lang", "zh-hans")

    page.locator("form.language-switcher").get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    console_errors.assert_none()
