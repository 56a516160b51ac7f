"""An editor presses "Submit" while Wagtail's background save ("autosave") of a new page is still on
its way, in a real browser. That save creates the page and turns the form into the page's edit
form; a submission that overtook it went to the old address and created the page again ("This
slug is already in use", and a duplicate draft). Now the submission waits for the save and goes
to the page's edit form: one page, in moderation, no error.

The race is made certain, not left to timing: the first background save reaches the server (the
page is created) but its answer is held back from the browser until "Submit" has been pressed.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from education.models import NewsIndexPage, NewsPage
from home.models import HomePage
from portal import roles

from .conftest import ENGLISH, WIDE
from .test_education_journey import _when_watching_edits
from .town import log_in, make_person, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Water off in Xizha on Friday morning"
INTRODUCTION = "The water company replaces a main; taps are dry from 8:00 to 11:00."


def _until(page, condition, message: str, timeout_ms: int = 10_000) -> None:
    """Let the browser's events (here: a route handler's server round trip) run until
    `condition()` holds."""
    for _step in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(message)


def test_submitting_while_the_first_background_save_is_on_its_way_makes_one_page(
    new_page, totp_for
):
    section = NewsIndexPage(title="Wuzhen news", slug="news", introduction="News of the town.")
    HomePage.objects.get().add_child(instance=section)
    section.save_revision().publish()
    editor = make_person("editor@example.com", roles=[roles.EDITOR], display_name="Sun Li")
    make_person("moderator@example.com", roles=[roles.MODERATOR], display_name="Zhou Qiang")
    add_form = f"/admin/pages/add/education/newspage/{section.pk}/"

    desk = new_page(viewport=WIDE, accept_language=ENGLISH)
    log_in(desk, editor.email, next_url=add_form, totp_code=totp_for(editor))
    expect(desk).to_have_url(re.compile(re.escape(add_form) + "$"))

    # The first background save goes to the server; its answer waits here.
    held, answers = [], []

    def hold_first_background_save(route):
        request = route.request
        background = "application/json" in (request.headers.get("accept") or "")
        if request.method == "POST" and background and not held:
            held.append(route)
            answers.append(route.fetch())
        else:
            route.continue_()

    desk.route(re.compile(re.escape(add_form) + "$"), hold_first_background_save)
    _when_watching_edits(desk)
    form = desk.locator("form#page-edit-form")
    with desk.expect_request(lambda r: r.method == "POST" and r.url.endswith(add_form)):
        form.locator("#id_title").fill(TITLE)
        form.locator("#id_date").fill(datetime.date(2026, 3, 6).isoformat())
        form.locator("#id_introduction").click()  # away from the date, closing its picker
        form.locator("#id_introduction").fill(INTRODUCTION)

    _until(desk, lambda: answers, "the first background save was not answered")
    assert NewsPage.objects.filter(title=TITLE).count() == 1, "the save created the page"
    footer = desk.locator("footer")
    footer.get_by_role("button", name=re.compile(r"more actions", re.I)).click()
    footer.get_by_role("button", name="Submit to Moderators approval").click()
    shot(desk, "editor-autosave-01-submit-pressed-while-saving")

    held[0].fulfill(response=answers[0])

    expect(desk).to_have_url(re.compile(rf"/admin/pages/{section.pk}/$"))
    expect(desk.locator(".messages")).to_contain_text("submitted for moderation")
    expect(desk.get_by_text("slug is already in use")).to_have_count(0)
    shot(desk, "editor-autosave-02-submitted")
    pages = NewsPage.objects.filter(title=TITLE)
    assert pages.count() == 1, "one page, not a duplicate draft"
    assert pages.get().current_workflow_state is not None, "and it is in moderation"
