"""What every page's header offers and how pages look on a phone, in a real browser (360 px wide):

- the search box in the header, found by its label and sent with Enter, lands on the results;
- "Larger text": switched on in the menu, it makes the text larger and every control at least
  44 px tall (the map's zoom buttons too), is still on after a reload (remembered by the browser,
  put on <html> before the page is drawn), passes axe-core, and switches off again;
- the maps speak Chinese to a Chinese reader: the zoom buttons, the attribution's link, the
  popup's close button and the report form's pin;
- a pickup code page shows the code large, black on white, with a QR code most of the screen wide;
- a news list whose items have no picture keeps every card the same shape.

No page logs a console error (a Content-Security-Policy violation would be one). Screenshots go
to /tmp/e2e-shots/display-*.png for a person to look at.
"""

import re

from django.utils import translation

import pytest
from playwright.sync_api import expect

from education.models import NewsIndexPage, NewsPage
from participation import services as case_services
from portal import roles
from portal.maps import map_texts
from rewards import services as rewards
from rewards.models import Reward
from tests.education.pages import article, make_image, section

from .conftest import CHINESE, NARROW, WIDE
from .test_accessibility import assert_no_serious_violations
from .town import build_town, log_in, make_person, report_case, serve_media, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIEWPORTS = [pytest.param(WIDE, id="1280"), pytest.param(NARROW, id="360")]
# Every kind of control a page may have, as a reader taps them.
CONTROLS = (
    "button, summary, select, textarea, a.button, "
    "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), "
    ".site-nav a, .account-nav a, .footer-nav a, .site-header__brand, .leaflet-bar a"
)
SHORT_CONTROLS = """selector => [...document.querySelectorAll(selector)]
    .filter(element => element.getClientRects().length
        && getComputedStyle(element).visibility !== "hidden")
    .map(element => [element.outerHTML.slice(0, 90), element.getBoundingClientRect().height])
    .filter(([html, height]) => height < 43.5)"""


def _is_chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def _open_menu(page) -> None:
    header = page.locator("header.site-header")
    if not header.locator(".site-menu__panel").is_visible():
        header.locator("summary").click()


@pytest.mark.parametrize("viewport", [pytest.param(NARROW, id="360")])
def test_the_header_search_box_finds_pages_from_any_page(page, live_server, console_errors):
    section(NewsIndexPage, title="Wuzhen information")
    article(NewsPage, "Manhole covers replaced in Minhe Village")

    page.goto("/cases/")
    box = page.get_by_role("searchbox", name="Search the site")
    expect(box).to_be_visible()  # on a phone too, without opening the menu
    box.fill("manhole")
    shot(page, "display-01-header-search-360", full_page=False)
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=manhole$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.locator(".search-result__title")).to_have_text(
        ["Manhole covers replaced in Minhe Village"]
    )
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", [pytest.param(NARROW, id="360")])
def test_larger_text_is_remembered_and_every_control_is_44_px_tall(
    page, live_server, console_errors
):
    html = page.locator("html")
    page.goto("/")
    body_size = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    expect(html).not_to_have_class(re.compile(r"\btext-large\b"))

    _open_menu(page)
    switch = page.get_by_role("button", name="Larger text")
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(html).to_have_class(re.compile(r"\btext-large\b"))

    # After a reload the browser remembers it: on <html> from the start, the switch pressed.
    page.reload()
    expect(html).to_have_class(re.compile(r"\btext-large\b"))
    larger = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= body_size * 1.2, (body_size, larger)
    _open_menu(page)
    expect(page.get_by_role("button", name="Larger text")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(SHORT_CONTROLS, CONTROLS) == []
    shot(page, "display-02-larger-text-menu-360")
    assert_no_serious_violations(page)

    # A form's fields and buttons, and the map's zoom buttons, on other pages, are as big.
    page.goto("/accounts/login/")
    expect(page.locator("main input[name=password]")).to_be_visible()
    assert page.evaluate(SHORT_CONTROLS, CONTROLS) == []
    page.goto("/cases/")
    page.locator("main details.filters summary").click()
    assert page.evaluate(SHORT_CONTROLS, CONTROLS) == []
    shot(page, "display-03-larger-text-filters-360", full_page=False)

    # The map's zoom buttons are as big.
    page.goto("/cases/map/")
    expect(page.locator("#case-map .leaflet-control-zoom-in")).to_be_visible()
    assert page.evaluate(SHORT_CONTROLS, CONTROLS) == []
    shot(page, "display-03-larger-text-map-360", full_page=False)

    # And off again, for good.
    _open_menu(page)
    page.get_by_role("button", name="Larger text").click()
    expect(html).not_to_have_class(re.compile(r"\btext-large\b"))
    page.reload()
    expect(html).not_to_have_class(re.compile(r"\btext-large\b"))
    console_errors.assert_none()


def test_a_chinese_reader_gets_the_maps_controls_in_chinese(new_page, live_server, console_errors):
    town = build_town()
    resident = make_person("mei.lin@example.com", roles=[roles.RESIDENT], display_name="Mei Lin")
    dispatcher = make_person("centre@example.com", roles=[roles.DISPATCHER])
    case = report_case(resident, town["rubbish"], title="Rubbish bags torn open")
    case_services.case_dispatch(
        case=case,
        actor=dispatcher,
        department=case.category.default_department,
        public_message="Sent to the department responsible.",
    )
    with translation.override("zh-hans"):
        words = map_texts()
    for key, text in words.items():
        assert _is_chinese(text), f"{key}: {text!r} is not translated into Chinese yet"

    phone = new_page(viewport=NARROW, accept_language=CHINESE)
    phone.goto("/cases/map/")
    zoom_in = phone.locator("#case-map .leaflet-control-zoom-in")
    expect(zoom_in).to_have_attribute("title", words["zoomIn"])
    expect(zoom_in).to_have_attribute("aria-label", words["zoomIn"])
    zoom_out = phone.locator("#case-map .leaflet-control-zoom-out")
    expect(zoom_out).to_have_attribute("aria-label", words["zoomOut"])
    expect(phone.get_by_role("button", name=words["zoomIn"])).to_be_visible()
    leaflet = phone.locator("#case-map .leaflet-control-attribution a", has_text="Leaflet")
    expect(leaflet).to_have_attribute("title", words["leafletTitle"])

    # The pin's popup closes with a button named in Chinese.
    expect(phone.locator("#case-map .leaflet-zoom-anim")).to_have_count(0)
    phone.locator("#case-map path.leaflet-interactive").first.click()
    close = phone.locator("#case-map .leaflet-popup-close-button")
    expect(close).to_have_attribute("aria-label", words["closePopup"])
    shot(phone, "display-04-map-zh-360", full_page=False)

    # The report form's pin, once dropped, is described in Chinese: the resident signs in and
    # chooses Chinese with the header's switcher.
    reporter = new_page(viewport=NARROW)
    log_in(reporter, resident.email)
    _open_menu(reporter)
    reporter.get_by_role("button", name="简体中文").click()
    expect(reporter.locator("html")).to_have_attribute("lang", "zh-hans")
    reporter.goto("/report/")
    report_map = reporter.locator("#report-map")
    expect(report_map).to_have_class(re.compile(r"leaflet-container"))
    expect(report_map.locator(".leaflet-control-zoom-in")).to_have_attribute(
        "aria-label", words["zoomIn"]
    )
    report_map.click()
    expect(report_map.locator("img.leaflet-marker-icon")).to_have_attribute("alt", words["marker"])
    console_errors.assert_none()


@pytest.mark.parametrize("viewport", [pytest.param(NARROW, id="360")])
def test_the_pickup_code_is_large_and_black_on_white(page, live_server, console_errors):
    person = make_person("housekeeper@example.org", roles=[roles.RESIDENT])
    staff = make_person("centre@example.com", roles=[roles.DISPATCHER])
    rewards.adjust(staff=staff, user=person, points=50, reason="Volunteering.")
    bag = Reward.objects.create(
        name="环保购物袋", name_en="Reusable shopping bag", kind=Reward.Kind.GOODS, cost=30, stock=5
    )
    redemption, _created = rewards.redeem(user=person, reward=bag, request_key="e2e")
    redemption = rewards.approve(staff=staff, redemption=redemption)

    log_in(page, person.email)
    page.goto(f"/points/requests/{redemption.pk}/")
    expect(page.locator(".redemption-status")).to_have_text("Ready to collect")
    code = page.locator(".pickup__code strong")
    expect(code).to_have_text(redemption.pickup_code)
    look = code.evaluate(
        """element => ({size: parseFloat(getComputedStyle(element).fontSize),
            colour: getComputedStyle(element).color,
            paper: getComputedStyle(element.closest('.pickup')).backgroundColor})"""
    )
    assert look["size"] >= 32, look
    assert look["colour"] == "rgb(0, 0, 0)" and look["paper"] == "rgb(255, 255, 255)", look
    qr = page.locator(".pickup__qr svg").bounding_box()
    assert qr["width"] >= 240 and abs(qr["width"] - qr["height"]) < 1, qr
    shot(page, "display-05-pickup-code-360")
    assert_no_serious_violations(page)
    console_errors.assert_none()


@pytest.mark.parametrize(
    "viewport", [pytest.param(WIDE, id="1280"), pytest.param(NARROW, id="360")]
)
def test_news_cards_without_a_picture_keep_the_grids_shape(page, live_server, console_errors):
    news = section(NewsIndexPage, title="Wuzhen information")
    article(NewsPage, "Lantern festival on the east bank", image=make_image("Lanterns"))
    article(NewsPage, "Water cut on Tuesday")
    article(NewsPage, "New opening hours of the service centre")
    serve_media(page.context)

    page.goto(news.url)
    tops = page.locator(".article-card > :first-child")
    expect(tops).to_have_count(3)
    boxes = [tops.nth(index).bounding_box() for index in range(3)]
    heights = {round(box["height"]) for box in boxes}
    assert len(heights) == 1, f"picture and placeholders differ in height: {boxes}"
    titles = page.locator(".article-card__title")
    if page.viewport_size["width"] >= 1000:  # one row of three: the titles line up
        assert len({round(titles.nth(index).bounding_box()["y"]) for index in range(3)}) == 1
    shot(page, f"display-06-news-cards-{page.viewport_size['width']}")
    console_errors.assert_none()
