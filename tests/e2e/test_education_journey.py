"""A news item from an editor's desk to a resident's phone, in real browsers: an editor writes it
in the Wagtail admin (with an uploaded picture and a paragraph) and submits it to the moderators;
it is not live until a moderator approves it; then a resident on a phone, reading in Chinese,
finds it through the site search (highlighted) and opens it, picture and all. axe-core scans the
home page, the news index and the article in English and Chinese on a phone.

Staff sign in with their MFA codes. Media files are answered from MEDIA_ROOT by the browser
context (town.serve_media), as the web server in front of the site does.
Screenshots of the key pages go to /tmp/e2e-shots/education-*.png for a person to look at.
"""

import datetime
import re
from urllib.parse import quote

from django.utils import translation

import pytest
from playwright.sync_api import expect

from education.models import NewsIndexPage, NewsPage
from home.models import HomePage
from portal import roles

from .conftest import CHINESE, ENGLISH, NARROW, WIDE
from .test_accessibility import assert_no_serious_violations
from .town import log_in, make_person, png, serve_media, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECTION = "乌镇资讯"
TITLE = "关于小区井盖破损的维修通知"
INTRODUCTION = "近日有居民反映小区井盖破损，维修队将于本周内完成更换，请绕行。"
PARAGRAPH = "维修期间请照看好老人和儿童，不要靠近施工区域。"
IMAGE_TITLE = "破损的井盖"
QUERY = "井盖"
DATE = datetime.date.today() - datetime.timedelta(days=1)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded images and their renditions go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _staff_page(new_page, person, totp_code, *, next_url="/admin/"):
    desk = new_page(viewport=WIDE, accept_language=ENGLISH)
    serve_media(desk.context)
    log_in(desk, person.email, next_url=next_url, totp_code=totp_code)
    expect(desk).to_have_url(re.compile(re.escape(next_url) + "$"))
    return desk


def _when_watching_edits(page) -> None:
    """Until Wagtail watches the edit form for changes. It keeps the form's first state two
    seconds after the form loads and saves in the background only what differs from it; a
    person never starts typing sooner, a test must wait, or its edits become the first state."""
    form = page.locator("form[data-edit-form]")
    form.evaluate(
        "form => form.addEventListener('w-unsaved:watch-edits',"
        " () => { form.dataset.watchingEdits = 'true'; }, {once: true})"
    )
    expect(form).to_have_attribute("data-watching-edits", "true")


def _wait_until_ready_to_submit(page, field: str, text: str) -> None:
    """Until the form holds `text` in `field` and is the edit form of a saved draft.

    The rich text editor writes its text into a hidden field a moment after a change; a form sent
    before that lacks the text. Wagtail also saves the form in the background as the editor
    writes ("autosave"): the first save creates the page as a draft and turns the form into the
    page's edit form, and a submission racing that first save would create the page twice."""
    expect(page.locator(f"input[name='{field}']")).to_have_value(re.compile(re.escape(text)))
    # The first background save follows a pause in typing and a round trip; on a loaded machine
    # (CI runs the suite on two workers) that takes longer than the usual five seconds.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"), timeout=15_000)
    indicator = page.locator("#w-autosave-indicator")
    expect(indicator).not_to_have_attribute("data-w-autosave-state-value", "saving", timeout=15_000)


def _without_refused_autosaves(console_errors) -> list[str]:
    """The console errors but the background saves the server refused (400): sent while the form
    was not yet valid (a new paragraph still empty; Wagtail shows "Autosave is paused" until it
    is) or overtaken by the submission. The browser logs each as a failed load."""
    refused = re.compile(
        r"/admin/pages/(add/education/newspage/\d+|\d+/edit)/: "
        r"Failed to load resource: the server responded with a status of 400"
    )
    console_errors.entries[:] = [e for e in console_errors if not refused.search(e)]
    return console_errors.entries


def _assert_fits_the_screen(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def test_news_item_from_editor_to_resident(
    new_page, live_server, console_errors, totp_for, tmp_path, media_root
):
    # --- The news section, an editor, a moderator, a resident. ---------------------------------
    section = NewsIndexPage(title=SECTION, slug="news", introduction="乌镇的通知、服务信息和活动。")
    HomePage.objects.get().add_child(instance=section)
    section.save_revision().publish()
    editor = make_person("editor@example.com", roles=[roles.EDITOR], display_name="Sun Li")
    moderator = make_person(
        "moderator@example.com", roles=[roles.MODERATOR], display_name="Zhou Qiang"
    )
    resident = make_person("mei.lin@example.com", roles=[roles.RESIDENT], display_name="Mei Lin")
    editor_code, moderator_code = totp_for(editor), totp_for(moderator)
    picture = png(tmp_path / "manhole-cover.png", label="manhole")

    # --- The editor writes the item and submits it to the moderators. ---------------------------
    desk = _staff_page(new_page, editor, editor_code)
    shot(desk, "education-01-editor-dashboard")
    desk.locator("#wagtail-sidebar").get_by_role("button", name="Pages").click()
    explorer = desk.locator("#wagtail-sidebar")
    # Content roles work from the root (it holds every language's home page): into the home page,
    # then the section.
    explorer.get_by_role("link", name="View child pages of 'Wuzhen Housekeeper'").click()
    explorer.get_by_role("link", name=SECTION, exact=True).click()
    expect(desk).to_have_url(re.compile(rf"/admin/pages/{section.pk}/$"))
    shot(desk, "education-02-editor-section")
    desk.get_by_role("link", name="Add child page").first.click()
    # The section takes only news items, so Wagtail goes straight to their form; were there a
    # choice of page types, it would ask first.
    add_form = rf"/admin/pages/add/education/newspage/{section.pk}/$"
    expect(desk).to_have_url(re.compile(rf"{add_form}|/admin/pages/{section.pk}/add_subpage/$"))
    if "/add_subpage/" in desk.url:
        desk.locator("main").get_by_role("link", name=re.compile(r"^news item", re.I)).click()
    expect(desk).to_have_url(re.compile(add_form))
    _when_watching_edits(desk)
    shot(desk, "education-03-editor-empty-form")

    form = desk.locator("form#page-edit-form")
    form.locator("#id_title").fill(TITLE)
    form.locator("#id_date").fill(DATE.isoformat())
    form.locator("#id_introduction").click()  # away from the date, closing its picker
    form.locator("#id_introduction").fill(INTRODUCTION)
    # The picture, uploaded through the image chooser.
    form.get_by_role("button", name="Choose an image").click()
    modal = desk.locator(".modal-dialog")
    expect(modal).to_be_visible()
    shot(desk, "education-04-editor-image-chooser")
    modal.get_by_role("tab", name="Upload").click()
    # The title first: the chooser fills an empty title from the file's name.
    modal.get_by_label("Title").fill(IMAGE_TITLE)
    modal.locator("input[type=file]").set_input_files(picture)
    expect(modal.get_by_label("Title")).to_have_value(IMAGE_TITLE)
    shot(desk, "education-05-editor-image-upload")
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()
    image_field = form.locator("#id_image-chooser")
    expect(image_field).not_to_have_class(re.compile(r"\bblank\b"))
    expect(image_field.locator("[data-chooser-title]")).to_have_text(IMAGE_TITLE)
    shot(desk, "education-06-editor-image-chosen")
    # A paragraph in the body: "+" then "Paragraph", then the words.
    body = form.locator("[data-contentpath=body]")
    body.get_by_role("button", name=re.compile(r"insert a block", re.I)).first.click()
    shot(desk, "education-07-editor-block-picker")
    desk.get_by_role("option", name="Paragraph").click()
    editor_box = body.locator("[contenteditable=true]")
    expect(editor_box).to_have_count(1)
    editor_box.click()
    editor_box.press_sequentially(PARAGRAPH)
    expect(editor_box).to_have_text(PARAGRAPH)
    _wait_until_ready_to_submit(desk, "body-0-value", PARAGRAPH)
    shot(desk, "education-08-editor-filled")

    # No "Publish" for an editor: the footer's menu offers the moderators' approval instead.
    footer = desk.locator("footer")
    footer.get_by_role("button", name=re.compile(r"more actions", re.I)).click()
    shot(desk, "education-09-editor-actions", full_page=False)
    expect(footer.get_by_role("button", name=re.compile(r"^publish", re.I))).to_have_count(0)
    footer.get_by_role("button", name="Submit to Moderators approval").click()
    # Back in the section, with Wagtail's message and the item "In moderation".
    expect(desk).to_have_url(re.compile(rf"/admin/pages/{section.pk}/$"))
    expect(desk.locator(".messages")).to_contain_text("submitted for moderation")
    row = desk.locator("table tbody tr", has_text=TITLE)
    expect(row).to_contain_text(re.compile(r"in moderation", re.I))
    shot(desk, "education-10-editor-submitted")

    # Not live: the ORM says so, and a reader gets "not found".
    item = NewsPage.objects.get(title=TITLE)
    assert not item.live and item.has_unpublished_changes
    assert item.date == DATE and item.introduction == INTRODUCTION
    assert item.image is not None and item.image.title == IMAGE_TITLE
    assert [block.block_type for block in item.body] == ["paragraph"]
    assert PARAGRAPH in item.body[0].value.source
    assert item.current_workflow_state is not None
    url = f"/news/{quote(item.slug)}/"
    phone = new_page(viewport=NARROW, accept_language=CHINESE)  # a reader, not signed in
    serve_media(phone.context)
    assert phone.request.get(url).status == 404
    # Nor on the home page or in the section (both now cached for anonymous readers), nor found.
    phone.goto("/")
    expect(phone.locator("#news-title")).to_have_count(0)
    phone.goto("/news/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(SECTION)
    expect(phone.locator("main")).not_to_contain_text(TITLE)
    phone.goto(f"/search/?q={quote(QUERY)}")
    expect(phone.locator(".search-result")).to_have_count(0)
    _without_refused_autosaves(console_errors)
    console_errors.assert_none()

    # --- The moderator finds it awaiting review and approves it. ----------------------------------
    review = _staff_page(new_page, moderator, moderator_code)
    shot(review, "education-11-moderator-dashboard")
    awaiting = review.locator("#awaiting-review-section")
    waiting = awaiting.locator("tbody tr", has_text=TITLE)
    expect(waiting).to_contain_text(editor.display_name)  # who submitted it
    expect(waiting.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", f"/admin/pages/{item.pk}/edit/"
    )
    waiting.get_by_role("button", name="Actions").click()
    shot(review, "education-12-moderator-actions", full_page=False)
    waiting.get_by_role("button", name="Approve", exact=True).click()
    expect(awaiting.locator("tbody tr", has_text=TITLE)).to_have_count(0)
    shot(review, "education-13-moderator-approved")
    item.refresh_from_db()
    assert item.live and not item.has_unpublished_changes
    assert item.current_workflow_state is None
    assert phone.request.get(url).status == 200

    # --- A reader, on a phone and in Chinese, finds it through the search. ----------------------
    phone.goto("/search/")
    expect(phone.locator("html")).to_have_attribute("lang", "zh-hans")
    search = phone.locator("form.search-form")
    search.locator("input[name=q]").fill(QUERY)
    search.locator("button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/search/\?q="))
    results = phone.locator(".search-result")
    expect(results).to_have_count(1)
    found = results.first
    with translation.override("zh-hans"):
        news_item = str(NewsPage._meta.verbose_name)
    expect(found.locator(".search-result__type")).to_have_text(news_item)
    link = found.get_by_role("link", name=TITLE)
    expect(link).to_have_attribute("href", url)
    # The words searched for are marked, in the title and the introduction.
    expect(found.locator("mark")).to_have_text([QUERY, QUERY])
    assert f"<mark>{QUERY}</mark>" in link.inner_html()
    shot(phone, "education-14-resident-search-360-zh")

    link.click()
    expect(phone).to_have_url(re.compile(re.escape(url) + "$"))
    article = phone.locator("article.article")
    expect(article.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(article.locator(".lead")).to_have_text(INTRODUCTION)
    expect(article).to_contain_text(PARAGRAPH)
    expect(article.get_by_role("link", name=SECTION)).to_have_attribute("href", "/news/")
    picture = article.locator("figure.article__image picture")
    expect(picture).to_have_count(1)
    expect(picture.locator("source[type='image/avif']")).to_have_attribute(
        "srcset", re.compile(r"\.avif")
    )
    expect(picture.locator("source[type='image/webp']")).to_have_attribute(
        "srcset", re.compile(r"\.webp")
    )
    image = picture.locator("img")
    expect(image).to_be_visible()
    # The browser loaded one of the renditions (it prefers AVIF), and it fits the screen.
    phone.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.evaluate("(img) => img.currentSrc").endswith(".avif")
    _assert_fits_the_screen(phone)
    shot(phone, "education-15-resident-article-360-zh")

    # The section and the home page show it now: their cached copies were dropped on publish.
    phone.goto("/news/")
    expect(phone.locator("main").get_by_role("link", name=TITLE)).to_be_visible()
    _assert_fits_the_screen(phone)
    shot(phone, "education-16-resident-news-360-zh")
    phone.goto("/")
    latest = phone.locator("section", has=phone.locator("#news-title"))
    expect(latest.get_by_role("link", name=TITLE)).to_be_visible()
    _assert_fits_the_screen(phone)
    shot(phone, "education-17-resident-home-360-zh")
    console_errors.assert_none()

    # --- axe on a phone: the home page, the section and the article, in Chinese (the reader) and
    # in English (a resident, signed in). ------------------------------------------------------
    english = new_page(viewport=NARROW, accept_language=ENGLISH)
    serve_media(english.context)
    log_in(english, resident.email)
    expect(english.get_by_role("heading", level=1)).to_have_text("Your profile")
    for reader, lang in ((phone, "zh-hans"), (english, "en")):
        for path in ("/", "/news/", url):
            response = reader.goto(path)
            assert response.status == 200, f"{path} answered {response.status}"
            expect(reader.locator("html")).to_have_attribute("lang", lang)
            expect(reader.locator("main")).to_contain_text(TITLE)
            reader.wait_for_load_state("load")
            assert_no_serious_violations(reader)
    shot(english, "education-18-resident-article-360-en")
    console_errors.assert_none()
