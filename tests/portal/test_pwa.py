"""The portal as an installable web app: the manifest in each language, the service worker at
/sw.js and the offline page it keeps. The worker keeps static files and the offline page only,
never a signed-in page, an account page or a case file."""

import json
import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import pgettext

import pytest
from PIL import Image

from portal import pwa

pytestmark = pytest.mark.django_db

CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
SHELL_BUDGET = 200 * 1024


def worker_config(response) -> dict:
    source = response.content.decode()
    match = re.search(r"^var CONFIG = (\{.*\});$", source, re.MULTILINE)
    assert match, source[:500]
    return json.loads(match[1])


def assert_strict_policy(response):
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy


# --- The manifest --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "language", "name"),
    [(ENGLISH, "en", "Wuzhen Housekeeper"), (CHINESE, "zh-hans", "乌镇管家")],
)
def test_the_manifest_is_in_the_readers_language(client, headers, language, name):
    response = client.get(reverse("manifest"), **headers)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert "Accept-Language" in response["Vary"]
    assert_strict_policy(response)
    manifest = json.loads(response.content)
    with translation.override(language):
        short_name = pgettext("the app's name under its icon on a phone", "Housekeeper")
    assert manifest["name"] == name
    assert manifest["short_name"] == short_name
    assert 0 < len(manifest["short_name"]) <= 12
    assert manifest["lang"] == language
    assert manifest["description"]
    assert (manifest["start_url"], manifest["scope"], manifest["id"]) == ("/", "/", "/")
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5d4b"
    assert manifest["background_color"] == "#ffffff"


def test_the_switcher_chooses_the_manifests_language(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"}, **ENGLISH)

    manifest = client.get(reverse("manifest"), **ENGLISH).json()

    assert manifest["lang"] == "zh-hans"
    assert manifest["name"] == "乌镇管家"


def test_the_manifests_icons_are_pngs_of_the_sizes_it_says(client):
    icons = client.get(reverse("manifest")).json()["icons"]

    assert {(i["sizes"], i["purpose"]) for i in icons} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    for icon in icons:
        assert icon["type"] == "image/png"
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert "x".join(map(str, image.size)) == icon["sizes"]


def test_every_page_links_the_manifest_icons_and_the_worker(client):
    page = client.get("/accounts/login/").content.decode()

    assert f'<link rel="manifest" href="{reverse("manifest")}"' in page
    assert 'rel="apple-touch-icon" href="/static/img/apple-touch-icon.png"' in page
    assert '<meta name="theme-color" content="#0b5d4b">' in page
    assert f'data-service-worker="{reverse("service_worker")}"' in page
    assert finders.find("img/apple-touch-icon.png")


# --- The service worker --------------------------------------------------------------------------


def test_the_worker_is_served_from_the_root_as_script_never_cached(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert reverse("service_worker") == "/sw.js"
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert_strict_policy(response)


def test_the_worker_keeps_only_static_files_and_the_offline_pages(client, make_user):
    client.force_login(make_user(email="li.hua@example.org"))

    config = worker_config(client.get("/sw.js"))

    offline = config["offline"]
    assert set(offline) == {code for code, _name in settings.LANGUAGES}
    for language, url in offline.items():
        assert resolve(url).url_name == "offline"
        assert url == reverse("offline", args=[language])
    assert config["shell"], "the shell has files"
    for url in config["shell"]:
        assert url.startswith(settings.STATIC_URL), url
    kept = config["shell"] + list(offline.values())
    case_files = reverse("participation:attachment", args=[1]).rsplit("1/", 1)[0]
    for url in kept:
        assert settings.MEDIA_URL not in url
        assert not url.startswith(case_files), url
        for private in ("/account/", "/accounts/", "/admin/", "/django-admin/", "/report/"):
            assert not url.startswith(private), url
    assert "/static/css/portal.css" in config["shell"]
    assert "/static/img/icon-192.png" in config["shell"]


def test_the_worker_never_stores_what_it_fetches(client):
    """Only the install step writes to the cache (addAll of the shell); nothing it answers is
    put into a cache, and pages go to the network."""
    source = client.get("/sw.js").content.decode()

    assert ".put(" not in source
    assert source.count("addAll(") == 1
    assert 'request.mode === "navigate"' in source
    assert 'credentials: "omit"' in source


def test_the_shell_is_small(client):
    config = worker_config(client.get("/sw.js"))

    size = sum(len(client.get(url).content) for url in config["offline"].values())
    for url in config["shell"]:
        size += len(pwa._static_bytes(url))
    assert size < SHELL_BUDGET, size


def test_the_worker_changes_only_when_what_it_keeps_changes(client, make_user, monkeypatch):
    anonymous = worker_config(client.get("/sw.js"))["version"]
    client.force_login(make_user(email="li.hua@example.org"))
    signed_in = worker_config(client.get("/sw.js", **CHINESE))["version"]
    monkeypatch.setattr(pwa, "_static_bytes", lambda url: b"another release")
    changed = worker_config(client.get("/sw.js"))["version"]

    assert anonymous == signed_in
    assert changed != anonymous


# --- The offline page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "skip_link"), [("en", "Skip to main content"), ("zh-hans", "跳到主要内容")]
)
def test_the_offline_page_is_in_its_language(client, language, skip_link):
    response = client.get(reverse("offline", args=[language]), **ENGLISH)

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert_strict_policy(response)
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert skip_link in page
    with translation.override(language):
        assert translation.gettext("No connection") in page


def test_an_unknown_language_has_no_offline_page(client):
    assert client.get("/offline/fr/").status_code == 404


def test_the_offline_page_shows_nothing_of_the_person_asking(client, make_user):
    user = make_user(email="li.hua@example.org")
    user.display_name = "Li Hua"
    user.save()
    client.force_login(user)
    anonymous = client.get(reverse("offline", args=["en"])).content.decode()

    assert "li.hua@example.org" not in anonymous
    assert "Li Hua" not in anonymous
    assert "csrfmiddlewaretoken" not in anonymous
    assert "Log out" not in anonymous
    assert "Log in" in anonymous
    assert reverse("participation:my_reports") not in anonymous


def test_the_offline_page_leaves_pending_messages_for_the_next_page(client, make_user):
    make_user(email="li.hua@example.org", password="correct-horse-battery")
    signed_in = client.post(
        reverse("account_login"),
        {"login": "li.hua@example.org", "password": "correct-horse-battery"},
    )
    assert signed_in.status_code == 302

    offline = client.get(reverse("offline", args=["en"])).content.decode()
    next_page = client.get(signed_in.url).content.decode()

    assert "Successfully signed in" not in offline
    assert "Successfully signed in" in next_page
