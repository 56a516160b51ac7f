"""Browser fixtures for the end-to-end tests: one Chromium per process, a new context per test.

The tests drive Debian's Chromium (/usr/bin/chromium) through Playwright's sync API against
pytest-django's `live_server`. Without that browser the tests are skipped, unless E2E_REQUIRED=1
is set (as CI should), in which case they fail so a missing browser cannot pass unnoticed.
E2E_CHROMIUM=/path/to/chromium points them at another Chromium build.

Run them alone with `pytest tests/e2e -n 2`, or in one process with
`pytest tests/e2e -p no:xdist -o addopts=""` (the project's addopts pass xdist options).

Every page a test opens records its console errors (which include Content-Security-Policy
violations and failed resource loads) and uncaught script errors in the `console_errors` fixture.

Map tiles (settings.PORTAL_MAP["tiles"], OpenStreetMap by default) are never fetched: the tests
must not depend on the network, and every page must work without tiles. Each context answers
tile requests itself with a transparent 1x1 PNG; a test can route them differently on its page
(page routes take precedence), e.g. abort them to see the page work with no tiles at all.
"""

import base64
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 360, "height": 740}
ENGLISH = "en"
CHINESE = "zh-Hans,zh;q=0.9"
# Playwright's default is 30 s; a page of this site that takes 10 s is a failure in itself.
TIMEOUT_MS = 10_000


def _e2e_required() -> bool:
    return os.environ.get("E2E_REQUIRED", "").strip().lower() in {"1", "true", "yes", "on"}


def _unavailable(reason: str):
    if _e2e_required():
        pytest.fail(f"E2E_REQUIRED=1 but the end-to-end tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"end-to-end tests skipped: {reason} (set E2E_REQUIRED=1 to make this an error)")


@pytest.fixture(scope="session")
def _playwright() -> Iterator[object]:
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in requirements
        _unavailable(f"playwright is not installed ({exc})")
    # Assertions wait as long as actions do (their own default is 5 s, which a busy machine
    # running the suite on both cores beside a CPU hog has been seen to need for a background
    # save).
    expect.set_options(timeout=TIMEOUT_MS)

    # Playwright's sync API keeps an asyncio loop running in this thread, which makes Django
    # refuse ORM calls ("You cannot call this from an async context"). The tests only use the ORM
    # between browser actions, never concurrently with them, so the check is switched off for as
    # long as the loop exists, and restored afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Django keeps one database connection per thread, in an asgiref Local that switches to
    # context-local storage whenever an event loop is running in the thread. Once Playwright's
    # loop runs, this thread would therefore get a second, fresh connection object, without the
    # state Django's test set-up put on the first (the serialized copy of the migration data that
    # `serialized_rollback` restores). Keep one object.
    from django.db import connections

    wrappers = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, wrapper in wrappers.items():
        setattr(connections._connections, alias, wrapper)
    try:
        yield playwright
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    try:
        browser = _playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Exception as exc:  # noqa: BLE001 - any launch failure means "no usable browser"
        _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
    yield browser
    browser.close()


# A transparent 1x1 PNG: what every map tile request gets instead of the network.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNgYGBgAAAABQABeqhXUAAAAABJRU5ErkJggg=="
)


def tile_url_glob() -> str:
    """A glob matching every request to the configured tile server, e.g. "https://t*.x.cn/**"."""
    from django.conf import settings

    origin = "/".join(settings.PORTAL_MAP["tiles"].split("/")[:3])
    return re.sub(r"\{[^}]*\}", "*", origin) + "/**"


def serve_blank_tile(route) -> None:
    route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)


# Console errors that are not the page's fault (none at present).
IGNORED_CONSOLE_ERRORS: list[re.Pattern] = []


@dataclass
class ConsoleErrors:
    """Console messages of type "error" (CSP violations, failed loads) and uncaught exceptions.

    Each entry reads "<page url> <- <source url>: <message>".
    """

    entries: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def record(self, page_url: str, source_url: str, text: str) -> None:
        entry = f"{page_url} <- {source_url or '?'}: {text}"
        if any(pattern.search(entry) for pattern in IGNORED_CONSOLE_ERRORS):
            self.ignored.append(entry)
        else:
            self.entries.append(entry)

    def clear(self) -> None:
        self.entries.clear()

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def csp_violations(self) -> list[str]:
        return [e for e in self.entries if re.search(r"Content Security Policy", e, re.I)]

    def assert_none(self) -> None:
        assert not self.entries, "Browser console errors:\n" + "\n".join(self.entries)


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


@pytest.fixture
def viewport() -> dict[str, int]:
    """The viewport of `page`. Override per test: @pytest.mark.parametrize("viewport", [NARROW])."""
    return WIDE


@pytest.fixture
def accept_language() -> str:
    """The browser's Accept-Language. Override per test with parametrize, like `viewport`.

    (Playwright's `locale=` option is rejected by Debian's Chromium, so the header is set.)
    """
    return ENGLISH


@pytest.fixture
def new_page(browser, live_server, console_errors) -> Iterator[Callable[..., object]]:
    """A factory of pages, each in its own browser context (own cookies: a separate visitor).

    Relative URLs resolve against the live server, and every page feeds `console_errors`.
    """
    InFlight.of(live_server)  # counted from the first request on
    contexts = []

    def make(*, viewport: dict[str, int] = WIDE, accept_language: str = ENGLISH):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            extra_http_headers={"Accept-Language": accept_language},
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.route(tile_url_glob(), serve_blank_tile)
        contexts.append(context)
        page = context.new_page()

        def on_console(message):
            if message.type == "error":
                source = (message.location or {}).get("url", "")
                console_errors.record(page.url, source, message.text)

        def on_page_error(error):
            console_errors.record(page.url, "", f"uncaught {error.name}: {error.message}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        return page

    yield make
    for context in contexts:
        context.close()
    _wait_until_served(live_server)


def _wait_until_served(live_server, timeout: float = TIMEOUT_MS / 1000) -> None:
    """Let the live server finish the requests the closed pages left in flight (an autosave, a
    late image): the database is emptied and reloaded right after this test, and a request still
    writing then would leave its rows to the next test."""
    if not InFlight.of(live_server).wait_until_idle(timeout):
        pytest.fail(f"the live server was still answering requests {timeout:.0f} s after the test")


class InFlight:
    """Counts the requests the live server is answering (its WSGI application, wrapped once)."""

    def __init__(self, application):
        self.application = application
        self.count = 0
        self.idle = threading.Condition()

    @classmethod
    def of(cls, live_server) -> "InFlight":
        httpd = live_server.thread.httpd
        if not isinstance(httpd.get_app(), cls):
            httpd.set_app(cls(httpd.get_app()))
        return httpd.get_app()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        try:
            return self.application(environ, start_response)
        finally:
            with self.idle:
                self.count -= 1
                self.idle.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        with self.idle:
            return self.idle.wait_for(lambda: self.count == 0, timeout)


@pytest.fixture
def page(new_page, viewport, accept_language):
    """A page in a fresh browser context: 1280x900 and English unless the test overrides."""
    return new_page(viewport=viewport, accept_language=accept_language)
