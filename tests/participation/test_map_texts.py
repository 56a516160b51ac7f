"""Every map speaks the reader's language: Leaflet's own words (the zoom buttons' titles and
labels, the marker's alt text, the popup's close button, the title of the attribution's link)
come with the page's map config, in the page's language, as does the tiles' attribution. The
browser side (static/js/leaflet_i18n.js making them Leaflet's defaults) is in
tests/e2e/test_display_settings.py."""

import json
import re

from django.urls import reverse
from django.utils import translation

import pytest

from portal.maps import map_texts

pytestmark = pytest.mark.django_db

LEAFLETS_WORDS = {
    "zoomIn": "Zoom in",
    "zoomOut": "Zoom out",
    "marker": "Marker",
    "closePopup": "Close popup",
    "leafletTitle": "A JavaScript library for interactive maps",
}


def map_config(response) -> tuple[str, dict]:
    """The page's language and its map config, as the page's scripts read them."""
    page = response.content.decode()
    language = re.search(r'<html[^>]* lang="([^"]+)"', page).group(1)
    found = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', page, re.S)
    assert found, "the page has a map config"
    return language, json.loads(found.group(1))


def in_catalogue(language: str) -> dict:
    with translation.override(language):
        return map_texts()


@pytest.fixture
def public_case(submit, advance):
    return advance(submit(), "dispatch")


@pytest.fixture
def map_pages(client, resident, public_case, dispatcher, mfa_client):
    """Every page with a map, each fetched in the given language by someone who may see it."""

    def fetch(page: str, language: str):
        if page == "report":
            client.force_login(resident)
            return client.get(reverse("participation:report"), HTTP_ACCEPT_LANGUAGE=language)
        if page == "case map":
            return client.get(reverse("participation:case_map"), HTTP_ACCEPT_LANGUAGE=language)
        if page == "case page":
            return client.get(public_case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
        if page == "admin case":
            staff = mfa_client(dispatcher)
            url = f"/admin/cases/inspect/{public_case.pk}/"
            return staff.get(url, HTTP_ACCEPT_LANGUAGE=language)
        raise AssertionError(page)

    return fetch


MAP_PAGES = ["report", "case map", "case page", "admin case"]


@pytest.mark.parametrize("page", MAP_PAGES)
def test_an_english_readers_map_has_leaflets_words_in_english(map_pages, page):
    response = map_pages(page, "en")
    assert response.status_code == 200

    language, config = map_config(response)

    assert language == "en"
    assert config["texts"] == LEAFLETS_WORDS
    assert config["attribution"] == "© OpenStreetMap contributors"


@pytest.mark.parametrize("page", ["report", "case map", "case page"])
def test_a_chinese_readers_map_has_leaflets_words_in_chinese(map_pages, page):
    response = map_pages(page, "zh-hans")
    assert response.status_code == 200

    language, config = map_config(response)

    assert language == "zh-hans"
    assert config["texts"] == in_catalogue("zh-hans")
    with translation.override("zh-hans"):
        assert config["attribution"] == translation.gettext("© OpenStreetMap contributors")
    # The tiles and the view are the settings' own, whatever the language.
    assert config["center"] and config["tiles"]


def test_the_admins_map_is_in_the_language_of_the_admin_page(map_pages):
    response = map_pages("admin case", "zh-hans")
    assert response.status_code == 200

    language, config = map_config(response)

    assert config["texts"] == in_catalogue(language)


def test_each_map_script_gets_leaflets_words_before_it_draws(client, resident, public_case):
    """The script that sets Leaflet's words comes after Leaflet and before the page's map script
    (all deferred, so they run in that order)."""
    client.force_login(resident)
    pages = {
        reverse("participation:report"): "js/report.js",
        reverse("participation:case_map"): "js/case_map.js",
        public_case.get_absolute_url(): "js/case_map.js",
    }
    for url, drawing in pages.items():
        page = client.get(url).content.decode()
        order = [
            page.index(f"/static/{name}")
            for name in ("leaflet/leaflet.js", "js/leaflet_i18n.js", drawing)
        ]
        assert order == sorted(order), url


def test_a_map_config_without_an_attribution_stays_empty(settings):
    """gettext("") would give the catalogue's header: an empty attribution is left empty."""
    from portal.maps import map_config as config_for_reader

    settings.PORTAL_MAP = {**settings.PORTAL_MAP, "attribution": ""}
    assert config_for_reader()["attribution"] == ""
