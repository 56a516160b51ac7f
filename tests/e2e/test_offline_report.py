"""With no signal, on a phone: a resident's report is kept on the phone, listed as waiting, and
sent once the phone is back online, exactly once even when an answer is lost on the way. And the
installed app: its service worker shows the offline page when a page cannot be loaded, and keeps
nothing but static files and that page.

The page is loaded before the signal goes: the report page's own script keeps the report
(static/js/report_drafts.js), whether or not the service worker controls the page.
"""

import re
import time

from django.conf import settings

import pytest
from playwright.sync_api import expect

from participation.models import Attachment, Case
from portal import roles

from .conftest import NARROW
from .town import build_town, log_in, make_person, photo, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Drain cover missing behind the dye workshop"
DESCRIPTION = "The cover is gone and the hole is hidden by leaves."
REFERENCE = re.compile(r"WZ-\d{4}-\d{6,}")
# What a page logs while the phone has no signal, or when a test cuts a request on purpose.
OFFLINE_ERRORS = re.compile(r"ERR_INTERNET_DISCONNECTED|ERR_FAILED|ERR_NETWORK_CHANGED")


def _without_offline_errors(console_errors) -> None:
    console_errors.entries[:] = [e for e in console_errors if not OFFLINE_ERRORS.search(e)]


def _wait_until(page, condition, timeout: float = 10.0) -> None:
    """Wait while the browser works (route handlers run only while Playwright is waiting)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        page.wait_for_timeout(50)


@pytest.mark.parametrize("viewport", [NARROW])
def test_a_report_written_offline_is_kept_and_sent_once(
    page, live_server, console_errors, tmp_path
):
    town = build_town()
    resident = make_person("lan.zhou@example.com", roles=[roles.RESIDENT], display_name="Lan Zhou")
    log_in(page, resident.email, next_url="/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem")
    form = page.locator("form.report-form")
    the_map = page.locator("#report-map")
    expect(the_map).to_have_class(re.compile(r"leaflet-container"))
    drafts = page.locator("#report-drafts")
    expect(drafts).to_be_hidden()  # nothing kept yet

    # --- No signal: the report is written and sent, and kept on the phone. ----------------------
    page.context.set_offline(True)
    form.locator("select[name=category]").select_option(label=town["manhole-cover"].name_en)
    the_map.click()
    expect(form.locator("input[name=latitude]")).to_have_value(re.compile(r"^\d+\.\d{6}$"))
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=description]").fill(DESCRIPTION)
    form.locator("input[name=photos]").set_input_files(photo(tmp_path / "drain.jpg"))
    expect(page.locator("#photo-previews img")).to_have_count(1)
    shot(page, "offline-01-report-filled")
    form.get_by_role("button", name="Send report").click()

    expect(drafts).to_be_visible()
    draft = drafts.locator(".draft")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text(TITLE)
    expect(draft).to_contain_text("Waiting to send")
    expect(page.locator("#drafts-status")).to_contain_text("kept on this phone")
    # The form is ready for another report.
    expect(form.locator("input[name=title]")).to_have_value("")
    expect(page.locator("#photo-previews img")).to_have_count(0)
    shot(page, "offline-02-waiting", full_page=False)
    assert not Case.objects.exists()

    # --- A signal, but the answer is lost on the way: the case is made, the phone never hears.
    posts = []

    def lose_the_answer(route):
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(route.request.url)
        if len(posts) == 1:
            route.fetch()  # the server gets the report...
        route.abort()  # ...the phone gets no answer

    page.route("**/report/", lose_the_answer)
    page.context.set_offline(False)
    _wait_until(page, lambda: len(posts) == 1)
    expect(draft).to_contain_text("Waiting to send")
    assert Case.objects.count() == 1

    # Still waiting after a reload: kept on the phone, not in the page.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem")
    _wait_until(page, lambda: len(posts) == 2)  # tried again on opening the page, and cut again
    draft = drafts.locator(".draft")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text(TITLE)
    expect(draft).to_contain_text("Waiting to send")
    shot(page, "offline-03-waiting-after-reload", full_page=False)

    # --- Back to a good signal: sent, once. -----------------------------------------------------
    page.unroute("**/report/", lose_the_answer)
    page.context.set_offline(True)
    page.context.set_offline(False)  # the browser says it is back online
    expect(draft).to_contain_text(re.compile(r"Sent\. Your report number is WZ-\d{4}-\d{6,}"))
    case = Case.objects.get()
    expect(draft.get_by_role("link", name="Open the case")).to_have_attribute(
        "href", case.get_absolute_url()
    )
    shot(page, "offline-04-sent", full_page=False)
    assert case.reporter == resident
    assert case.title == TITLE
    assert case.idempotency_key is not None
    assert case.attachments.filter(kind=Attachment.Kind.PHOTO).count() == 1

    # Nothing left to send.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem")
    expect(drafts).to_be_hidden()
    page.wait_for_load_state("networkidle")
    assert Case.objects.count() == 1

    draft_link = page.goto(case.get_absolute_url())
    assert draft_link.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    _without_offline_errors(console_errors)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", [NARROW])
def test_a_report_the_server_refuses_waits_for_the_residents_attention(
    page, live_server, console_errors, tmp_path
):
    """Kept offline with a place outside the town: back online it is refused, and stays on the
    phone with the reason until the resident puts it back in the form and corrects it."""
    town = build_town()
    resident = make_person("bo.wen@example.com", roles=[roles.RESIDENT])
    log_in(page, resident.email, next_url="/report/")
    form = page.locator("form.report-form")
    expect(page.locator("#report-map")).to_have_class(re.compile(r"leaflet-container"))

    page.context.set_offline(True)
    form.locator("select[name=category]").select_option(label=town["rubbish"].name_en)
    page.get_by_text("Enter the coordinates instead").click()
    form.locator("input[name=latitude]").fill("31.230000")  # Shanghai: outside the town
    form.locator("input[name=longitude]").fill("121.470000")
    form.locator("input[name=title]").fill("Bins overflowing")
    form.locator("textarea[name=description]").fill("Nobody has emptied them for days.")
    form.locator("input[name=photos]").set_input_files(photo(tmp_path / "bins.jpg"))
    form.get_by_role("button", name="Send report").click()
    draft = page.locator("#report-drafts .draft")
    expect(draft).to_contain_text("Waiting to send")

    page.context.set_offline(False)
    expect(draft).to_contain_text("Needs your attention")
    expect(draft).to_contain_text("This place is outside the town")
    shot(page, "offline-05-needs-attention", full_page=False)
    assert not Case.objects.exists()
    refused = [e for e in console_errors if "/report/" in e and "status of 400" in e]
    assert len(refused) == 1, list(console_errors)  # the background send, answered with errors
    console_errors.entries.remove(refused[0])

    # Back in the form, photo and all; corrected and sent, it is the same report.
    draft.get_by_role("button", name="Put it back in the form").click()
    expect(form.locator("input[name=title]")).to_have_value("Bins overflowing")
    expect(page.locator("#photo-previews img")).to_have_count(1)
    latitude, longitude = settings.PORTAL_MAP["center"]
    form.locator("input[name=latitude]").fill(f"{latitude:.6f}")
    form.locator("input[name=longitude]").fill(f"{longitude:.6f}")
    form.get_by_role("button", name="Send report").click()

    expect(page).to_have_url(re.compile(r"/cases/WZ-\d{4}-\d{6,}/$"))
    case = Case.objects.get()
    assert case.title == "Bins overflowing"
    assert case.attachments.filter(kind=Attachment.Kind.PHOTO).count() == 1
    _without_offline_errors(console_errors)
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", [NARROW])
def test_the_app_shows_the_offline_page_and_keeps_no_signed_in_page(
    page, live_server, console_errors
):
    """In the language the reader chose with the switcher (an English browser, Chinese chosen)."""
    build_town()
    resident = make_person("mei.wu@example.com", roles=[roles.RESIDENT])
    log_in(page, resident.email)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}]
    )
    page.goto("/report/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    # The worker takes charge of the page once it is installed.
    # The worker installs (keeping the shell) and takes charge of the pages opened after that.
    state = page.evaluate(
        """async () => {
            const late = new Promise((resolve) => setTimeout(() => resolve(null), 30000));
            const ready = await Promise.race([navigator.serviceWorker.ready, late]);
            if (ready) { return "ready"; }
            const all = await navigator.serviceWorker.getRegistrations();
            return JSON.stringify(all.map((r) => [r.installing, r.waiting, r.active].map(Boolean)));
        }"""
    )
    assert state == "ready", state
    page.goto("/my-reports/")
    assert page.evaluate("navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    page.goto("/cases/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_be_visible()
    assert "/offline/" not in page.url  # the page asked for, answered with the offline page
    expect(page.locator("link[rel=stylesheet]")).to_have_count(1)
    assert page.evaluate("getComputedStyle(document.body).display") == "flex"  # the CSS is kept
    shot(page, "offline-06-offline-page-zh")

    kept = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) {
                    urls.push(new URL(request.url).pathname);
                }
            }
            return urls;
        }"""
    )
    assert "/offline/zh-hans/" in kept and "/offline/en/" in kept
    for path in kept:
        assert path.startswith((settings.STATIC_URL, "/offline/")), path
    page.context.set_offline(False)
    _without_offline_errors(console_errors)
    console_errors.assert_none()
