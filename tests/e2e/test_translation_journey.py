"""A Chinese news item put into English, in real browsers: an English-speaking reader finds it in
Chinese with a note that it is not translated yet; an editor makes the English version with the
admin's "Translate" action, writes the English title and introduction and submits it to the
moderators; until a moderator approves it the reader still gets the Chinese original; after, the
reader gets the English version at the same address, sees it in the news section, and can switch
back to Chinese with the header's language switcher. axe-core scans the article with the note and
its English version.

The site is written in Chinese: the home page and the news section are already translated (as
`translate` in tests/education/test_translations.py makes translations), the article is not.
Staff sign in with their MFA codes. Screenshots of the key pages go to
/tmp/e2e-shots/translation-*.png for a person to look at.

Wagtail fills a new page's address (slug) from its title as the editor types; on a translation
that would move it away from its original's address, so the portal turns it off there (the last
test types the English title over an address made from the Chinese one).
"""

import datetime
import re

from wagtail.models import Locale

import pytest
from playwright.sync_api import expect

from education.models import NewsIndexPage, NewsPage
from portal import roles

from ..education.pages import article, home_page, section
from ..education.test_translations import translate
from .conftest import WIDE
from .test_accessibility import assert_no_serious_violations
from .test_education_journey import (
    _staff_page,
    _wait_until_ready_to_submit,
    _when_watching_edits,
    _without_refused_autosaves,
)
from .town import make_person, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A reader whose browser asks for British English (the site has "en").
READER = "en-GB,en;q=0.9"
SECTION = "乌镇资讯"
SECTION_EN = "Wuzhen news"
SLUG = "manhole-cover-repairs"
TITLE = "关于小区井盖破损的维修通知"
INTRODUCTION = "近日有居民反映小区井盖破损，维修队将于本周内完成更换，请绕行。"
TITLE_EN = "Repairs to broken manhole covers in housing estates"
INTRODUCTION_EN = "Residents reported broken covers; the repair team will replace them this week."
NOTE = "This page has not been translated into English yet, so it is shown in 简体中文."
DATE = datetime.date.today() - datetime.timedelta(days=1)


def _expect_article(reader, url, *, title, introduction, lang, note):
    """The reader is still at `url` and sees the article in `lang`, with or without the note."""
    expect(reader).to_have_url(url)
    shown = reader.locator("article.article")
    expect(shown.get_by_role("heading", level=1)).to_have_text(title)
    expect(shown.locator(".lead")).to_have_text(introduction)
    expect(shown).to_have_attribute("lang", lang)
    notes = reader.locator("[data-other-language]")
    if note:
        expect(notes).to_have_text(NOTE)
        expect(notes).to_be_visible()
    else:
        expect(notes).to_have_count(0)


def _keep_editing_session(desk) -> None:
    """Stop an admin edit view from releasing its editing session when its page is closed. The
    release is a beacon sent on `pagehide`, which Playwright can neither wait for nor intercept;
    sent as the test ends, it reaches the live server while the test's database is being flushed
    ("database table is locked"). A test that ends on an edit view calls this first."""
    desk.evaluate("document.querySelector('form.w-editing-sessions')?.remove()")


def test_a_news_item_is_translated_into_english(new_page, live_server, console_errors, totp_for):
    # --- A site in Chinese with its home page and news section in English; the article not. -----
    translate(home_page())
    news = section(NewsIndexPage, title=SECTION, introduction="乌镇的通知、服务信息和活动。")
    news_en = translate(news, title=SECTION_EN, introduction="Notices, services and events.")
    # The article's address is a name of its own, not its title (see the module's docstring).
    item = article(NewsPage, TITLE, slug=SLUG, introduction=INTRODUCTION, date=DATE)
    english = Locale.objects.get(language_code="en")
    editor = make_person("editor@example.com", roles=[roles.EDITOR], display_name="Sun Li")
    moderator = make_person(
        "moderator@example.com", roles=[roles.MODERATOR], display_name="Zhou Qiang"
    )
    editor_code, moderator_code = totp_for(editor), totp_for(moderator)
    url = live_server.url + item.url

    # --- An English reader gets the Chinese original, with the note. ---------------------------
    reader = new_page(viewport=WIDE, accept_language=READER)
    response = reader.goto(item.url)
    assert response.status == 200, f"{item.url} answered {response.status}"
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    _expect_article(reader, url, title=TITLE, introduction=INTRODUCTION, lang="zh-hans", note=True)
    reader.wait_for_load_state("load")
    assert_no_serious_violations(reader)
    shot(reader, "translation-01-reader-note")
    reader.goto("/news/")
    cards = reader.locator("h3.article-card__title")
    expect(cards).to_have_text([TITLE])

    # --- The editor opens the article in the admin and translates it into English. -------------
    desk = _staff_page(new_page, editor, editor_code, next_url=f"/admin/pages/{news.pk}/")
    desk.locator("main").get_by_role("link", name=TITLE, exact=True).click()
    expect(desk).to_have_url(re.compile(rf"/admin/pages/{item.pk}/edit/$"))
    header = desk.locator("header", has=desk.get_by_role("heading", level=1))
    header.get_by_role("button", name="Actions", exact=True).click()
    translate_action = header.get_by_role("link", name="Translate", exact=True)
    expect(translate_action).to_be_visible()
    shot(desk, "translation-02-editor-actions", full_page=False)
    translate_action.click()
    expect(desk).to_have_url(re.compile(rf"/admin/translation/submit/page/{item.pk}/$"))
    # The section is in English already, so English is offered.
    choice = desk.get_by_label("English", exact=True)
    expect(choice).to_be_enabled()
    choice.check()
    shot(desk, "translation-03-editor-translate-form")
    desk.locator("main").get_by_role("button", name="Submit").click()
    # Straight to the edit form of the English draft, a copy of the Chinese page.
    expect(desk).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(desk.locator(".messages")).to_contain_text(f"'{TITLE}' was successfully created in")
    draft = item.get_translation(english)
    assert desk.url.endswith(f"/admin/pages/{draft.pk}/edit/")
    assert draft.get_parent().pk == news_en.pk and not draft.live
    form = desk.locator("form#page-edit-form")
    title = form.locator("#id_title")
    expect(title).to_have_value(TITLE)
    _when_watching_edits(desk)

    title.click()
    title.press("ControlOrMeta+a")
    title.press_sequentially(TITLE_EN)
    form.locator("#id_introduction").fill(INTRODUCTION_EN)
    _wait_until_ready_to_submit(desk, "title", TITLE_EN)
    expect(form.locator("#id_introduction")).to_have_value(INTRODUCTION_EN)
    shot(desk, "translation-04-editor-english")

    footer = desk.locator("footer")
    footer.get_by_role("button", name=re.compile(r"more actions", re.I)).click()
    expect(footer.get_by_role("button", name=re.compile(r"^publish", re.I))).to_have_count(0)
    footer.get_by_role("button", name="Submit to Moderators approval").click()
    # Back in the English section, with the English draft "In moderation".
    expect(desk).to_have_url(re.compile(rf"/admin/pages/{news_en.pk}/$"))
    expect(desk.locator(".messages")).to_contain_text("submitted for moderation")
    row = desk.locator("table tbody tr", has_text=TITLE_EN)
    expect(row).to_contain_text(re.compile(r"in moderation", re.I))
    shot(desk, "translation-05-editor-submitted")

    # --- Not approved yet: the reader still gets the Chinese original, with the note. ----------
    reader.goto(item.url)
    _expect_article(reader, url, title=TITLE, introduction=INTRODUCTION, lang="zh-hans", note=True)
    expect(reader.locator("main")).not_to_contain_text(TITLE_EN)
    reader.goto("/news/")
    expect(cards).to_have_text([TITLE])
    _without_refused_autosaves(console_errors)
    console_errors.assert_none()

    # --- The moderator approves the English version. -------------------------------------------
    review = _staff_page(new_page, moderator, moderator_code)
    awaiting = review.locator("#awaiting-review-section")
    waiting = awaiting.locator("tbody tr", has_text=TITLE_EN)
    expect(waiting).to_contain_text(editor.display_name)
    expect(waiting.get_by_role("link", name=TITLE_EN)).to_have_attribute(
        "href", f"/admin/pages/{draft.pk}/edit/"
    )
    waiting.get_by_role("button", name="Actions").click()
    shot(review, "translation-06-moderator-actions", full_page=False)
    waiting.get_by_role("button", name="Approve", exact=True).click()
    expect(awaiting.locator("tbody tr", has_text=TITLE_EN)).to_have_count(0)
    draft.refresh_from_db()
    assert draft.live and not draft.has_unpublished_changes
    assert draft.title == TITLE_EN and draft.url == item.url

    # --- The reader gets the English version at the same address, and in the section. ----------
    reader.goto(item.url)
    _expect_article(
        reader, url, title=TITLE_EN, introduction=INTRODUCTION_EN, lang="en", note=False
    )
    reader.wait_for_load_state("load")
    assert_no_serious_violations(reader)
    shot(reader, "translation-07-reader-english")
    reader.goto("/news/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(SECTION_EN)
    expect(cards).to_have_text([TITLE_EN])
    cards.get_by_role("link", name=TITLE_EN).click()
    _expect_article(
        reader, url, title=TITLE_EN, introduction=INTRODUCTION_EN, lang="en", note=False
    )

    # --- The header's switcher to 简体中文: the Chinese version, at the same address. ------------
    switcher = reader.locator("form.language-switcher")
    chinese = switcher.get_by_role("button", name="简体中文")
    chinese.click()
    expect(reader.locator("html")).to_have_attribute("lang", "zh-hans")
    _expect_article(reader, url, title=TITLE, introduction=INTRODUCTION, lang="zh-hans", note=False)
    expect(chinese).to_have_attribute("aria-current", "true")
    shot(reader, "translation-08-reader-switched-to-chinese")
    # And back to English.
    switcher.get_by_role("button", name="English").click()
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    _expect_article(
        reader, url, title=TITLE_EN, introduction=INTRODUCTION_EN, lang="en", note=False
    )
    _without_refused_autosaves(console_errors)
    console_errors.assert_none()


def test_typing_the_english_title_keeps_the_address(new_page, live_server, totp_for):
    translate(home_page())
    translate(section(NewsIndexPage, title=SECTION), title=SECTION_EN)
    item = article(NewsPage, TITLE, introduction=INTRODUCTION, date=DATE)
    assert item.slug == TITLE  # the admin makes a page's address from its title
    draft = translate(item, publish=False)  # what "Translate" makes: an unpublished copy
    editor = make_person("editor@example.com", roles=[roles.EDITOR], display_name="Sun Li")
    desk = _staff_page(new_page, editor, totp_for(editor))
    # The page's clock is Playwright's, so the title-to-slug sync (a debounced timer) can be run
    # to completion before the slug is read, without waiting.
    desk.clock.install()
    desk.goto(f"/admin/pages/{draft.pk}/edit/")
    try:
        form = desk.locator("form#page-edit-form")
        title = form.locator("#id_title")
        expect(title).to_have_value(TITLE)
        title.click()
        title.press("ControlOrMeta+a")
        title.press_sequentially(TITLE_EN)
        form.locator("#id_introduction").fill(INTRODUCTION_EN)
        desk.clock.run_for(2_000)
        slug = form.locator("#id_slug").input_value()
    finally:
        _keep_editing_session(desk)
    assert slug == item.slug, f"the English version's address became /news/{slug}/"
