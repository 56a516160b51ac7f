"""The header every page shares: a labelled search box that sends its words to the site search,
and a "Larger text" switch (a real toggle button) whose script sits in <head>, as a file of its
own, so the reader's choice is on <html> before the page is painted. No inline script."""

from django.contrib.staticfiles import finders
from django.urls import reverse

import pytest

from tests.page_tree import Element, Page

pytestmark = pytest.mark.django_db


def header_of(client, url: str, language: str = "en") -> Element:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return Page(response.content.decode()).root.find("header", class_="site-header")


PAGES = ["/", reverse("participation:case_list"), reverse("rewards:catalogue")]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_labelled_search_box_in_the_header(client, url):
    header = header_of(client, url)

    search = header.find("form", role="search")
    assert search.attrs["aria-label"] == "Search the site", "told apart from a page's own search"
    assert search.attrs["action"] == reverse("search")
    assert search.attrs.get("method", "get").lower() == "get"
    box = search.find("input", type="search")
    assert box.attrs["name"] == "q"
    label = search.find("label", for_=box.attrs["id"])
    assert label.text == "Search the site"
    assert search.find("button", type="submit").text == "Search"


def test_the_header_search_box_finds_pages(client):
    """What the box sends (its form's action, with the words as `q`) is a search."""
    search = header_of(client, "/").find("form", role="search")
    name = search.find("input", type="search").attrs["name"]

    response = client.get(search.attrs["action"], {name: "manhole"})

    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()
    assert response.context["query"] == "manhole"


def test_the_search_page_has_its_own_box_besides_the_headers_without_clashing_ids(client):
    page = Page(client.get(reverse("search")).content.decode()).root
    ids = [element.attrs["id"] for element in page.iter() if element.attrs.get("id")]
    assert len(ids) == len(set(ids)), "no id twice on a page"
    assert len(page.find_all("form", role="search")) == 2


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_larger_text_switch_that_is_a_toggle_button(client, url):
    header = header_of(client, url)

    switch = header.find("button", class_="text-size-toggle")
    assert switch.attrs["type"] == "button", "a button of its own, not one that sends a form"
    assert switch.attrs["aria-pressed"] == "false", "a toggle, off until the script says on"
    assert switch.text == "Larger text"
    assert "data-text-size-toggle" in switch.attrs


def test_the_text_size_script_runs_in_head_before_paint_from_a_file(client):
    page = Page(client.get("/").content.decode()).root
    head = page.find("head")
    script = head.find("script", src="/static/js/text_size.js")
    assert "defer" not in script.attrs and "async" not in script.attrs, "it must run before paint"
    assert finders.find("js/text_size.js"), "the file exists"

    inline = [
        element
        for element in page.find_all("script")
        if "src" not in element.attrs and element.attrs.get("type") != "application/json"
    ]
    assert inline == [], "no inline script (the Content-Security-Policy allows none)"


def test_the_header_is_in_the_readers_language(client):
    from django.utils import translation

    header = header_of(client, "/", language="zh-hans")
    with translation.override("zh-hans"):
        larger, search = translation.gettext("Larger text"), translation.gettext("Search the site")

    assert header.find("button", class_="text-size-toggle").text == larger
    assert header.find("label", for_="site-search-q").text == search
