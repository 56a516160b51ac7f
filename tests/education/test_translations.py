"""Pages in two languages. The town writes in Chinese; an English version is a translation (a copy
in the English tree made with the admin's "Translate" action) at the same address. Readers get the
version in their language when one is published, and the original with a note otherwise; lists,
the home page, feeds, the sitemap and search show each article once."""

import datetime
import re

from django.urls import reverse

from wagtail.models import Locale

import pytest

from education.models import NewsPage
from portal import roles

from .pages import article as make_article
from .pages import (
    atom_entries,
    card_titles,
    committed,
    home_page,
    sitemap_locations,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
NOT_TRANSLATED = "has not been translated into English yet"


def chinese_article(title="小区井盖破损的处理", **fields):
    return make_article(NewsPage, title, introduction="网格管家提醒大家注意安全。", **fields)


def translate(page, *, publish=True, tags=None, **changes):
    """The English version of `page`, as the admin's "Translate" action makes it (with its
    parents when they are not translated yet), edited and published by a moderator."""
    english = Locale.objects.get(language_code="en")
    with committed():
        translation = page.copy_for_translation(english, copy_parents=True)
        for name, value in changes.items():
            setattr(translation, name, value)
        if tags is not None:
            translation.tags.set(tags)
        revision = translation.save_revision()
        if publish:
            revision.publish()
        for ancestor in translation.get_ancestors().filter(depth__gte=2, live=False):
            ancestor.specific.save_revision().publish()
    translation.refresh_from_db()
    return translation


def test_the_site_is_written_in_chinese_and_both_languages_exist():
    assert home_page().locale.language_code == "zh-hans"
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"zh-hans", "en"}


def test_a_translation_is_shown_to_english_readers_at_the_same_address(client):
    original = chinese_article()
    translation = translate(original, title="Broken manhole covers in housing estates")
    assert translation.url == original.url

    english = client.get(original.url, **EN).content.decode()
    chinese = client.get(original.url, **ZH).content.decode()

    assert "Broken manhole covers in housing estates" in english
    assert NOT_TRANSLATED not in english
    assert '<article class="prose article" lang="en">' in english
    assert "小区井盖破损的处理" in chinese
    assert "Broken manhole covers" not in chinese


def test_the_language_switcher_changes_the_version_on_the_same_page(client):
    original = chinese_article()
    translate(original, title="Broken manhole covers in housing estates")

    response = client.post(reverse("set_language"), {"language": "en", "next": original.url}, **ZH)
    assert response.url == original.url
    assert "Broken manhole covers" in client.get(original.url, **ZH).content.decode()


def test_an_untranslated_page_is_shown_in_chinese_with_a_note(client):
    original = chinese_article()

    english = client.get(original.url, **EN).content.decode()
    chinese = client.get(original.url, **ZH).content.decode()

    assert "小区井盖破损的处理" in english
    assert NOT_TRANSLATED in english
    assert "so it is shown in 简体中文" in english
    assert '<article class="prose article" lang="zh-hans">' in english
    assert "data-other-language" not in chinese


def test_a_draft_translation_is_not_shown(client):
    original = chinese_article()
    translate(original, publish=False, title="Broken manhole covers (draft)")

    english = client.get(original.url, **EN).content.decode()

    assert "draft" not in english
    assert "小区井盖破损的处理" in english
    assert NOT_TRANSLATED in english


def test_a_translation_at_another_address_is_reached_by_a_redirect(client):
    original = chinese_article(slug="manhole-covers")
    translation = translate(original, title="Broken manhole covers", slug="broken-manhole-covers")
    assert translation.url != original.url

    response = client.get(original.url + "?from=share", **EN)

    assert response.status_code == 302
    assert response.url == translation.url + "?from=share"
    assert client.get(original.url, **ZH).status_code == 200
    # The Chinese reader following the English address is sent back to the original.
    assert client.get(translation.url, **ZH).url == original.url


def test_an_english_only_page_is_found_by_chinese_readers(client):
    """A page written in English first (its section translated, the article not in Chinese)."""
    original = chinese_article()
    english_section = translate(original).get_parent()
    english_only = NewsPage(
        title="Welcome to visitors", slug="welcome", introduction="For visitors to the town."
    )
    with committed():
        english_section.add_child(instance=english_only)
        english_only.save_revision().publish()

    response = client.get("/news/welcome/", **ZH)

    assert response.status_code == 200
    assert "Welcome to visitors" in response.content.decode()
    assert "data-other-language" in response.content.decode()


def test_an_unknown_address_is_still_not_found_in_either_language(client):
    translate(chinese_article())
    assert client.get("/news/no-such-article/", **EN).status_code == 404
    assert client.get("/news/no-such-article/", **ZH).status_code == 404


def test_the_section_lists_each_article_once_in_the_readers_language(client):
    first = chinese_article("井盖排查", date=datetime.date(2026, 3, 2))
    chinese_article("垃圾分类新规", slug="sorting", date=datetime.date(2026, 3, 1))
    translate(first, title="Manhole cover checks")

    english = client.get("/news/", **EN).content.decode()
    chinese = client.get("/news/", **ZH).content.decode()

    assert card_titles(english) == ["Manhole cover checks", "垃圾分类新规"]
    assert card_titles(chinese) == ["井盖排查", "垃圾分类新规"]
    assert '<article class="article-card" lang="zh-hans">' in english


def test_topics_and_related_articles_follow_the_readers_language(client):
    first = chinese_article("井盖排查", tags=["安全"], date=datetime.date(2026, 3, 2))
    second = chinese_article("燃气安全", slug="gas", tags=["安全"], date=datetime.date(2026, 3, 1))
    translate(first, title="Manhole cover checks", tags=["Safety"])
    translate(second, title="Gas safety", tags=["Safety"])

    listing = client.get("/news/", **EN).content.decode()
    article = client.get(first.url, **EN).content.decode()

    topics = re.search(r'<select name="tag".*?</select>', listing, re.S).group()
    assert re.findall(r'<option value="([^"]*)"', topics) == ["", "safety"]
    assert card_titles(article) == ["Gas safety"]


def test_the_home_page_shows_the_readers_language(client):
    original = chinese_article()
    translate(home_page(), title="Wuzhen Housekeeper")
    translate(original, title="Broken manhole covers in housing estates")

    english = client.get("/", **EN).content.decode()
    chinese = client.get("/", **ZH).content.decode()

    assert card_titles(english) == ["Broken manhole covers in housing estates"]
    assert card_titles(chinese) == ["小区井盖破损的处理"]
    # Cached pages are kept per language: asking again gives each reader their own.
    assert card_titles(client.get("/", **EN).content.decode()) == card_titles(english)
    assert card_titles(client.get("/", **ZH).content.decode()) == card_titles(chinese)


def test_feed_and_sitemap_list_each_article_once(client):
    original = chinese_article()
    chinese_article("垃圾分类新规", slug="sorting")
    translate(original, title="Broken manhole covers in housing estates")

    feed = atom_entries(client.get("/news/feed/", **EN).content)
    locations = sitemap_locations(client.get("/sitemap.xml", **EN).content)

    assert sorted(entry["title"] for entry in feed) == [
        "Broken manhole covers in housing estates",
        "垃圾分类新规",
    ]
    assert len(locations) == len(set(locations))
    assert sum(location.endswith(original.url) for location in locations) == 1


def test_search_finds_each_page_once_in_the_readers_language(client):
    original = chinese_article()
    translate(original, title="Broken manhole covers in housing estates")

    english = client.get("/search/", {"q": "manhole"}, **EN).content.decode()
    chinese = client.get("/search/", {"q": "井盖"}, **ZH).content.decode()

    assert english.count(f'href="{original.url}"') == 1
    assert "<mark>manhole</mark> covers in housing estates" in english
    assert chinese.count(f'href="{original.url}"') == 1
    assert "housing estates" not in chinese


def test_an_editor_translates_a_page_and_a_moderator_publishes_it(make_user, mfa_client):
    original = chinese_article()
    translate(original.get_parent())  # the section is already in English
    editor = make_user(email="editor@example.org", roles=[roles.EDITOR])
    client = mfa_client(editor)

    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[original.pk]),
        {"locales": [Locale.objects.get(language_code="en").pk], "include_subtree": ""},
    )

    assert response.status_code == 302
    translation = original.get_translation(Locale.objects.get(language_code="en")).specific
    assert not translation.live
    permissions = translation.permissions_for_user(editor)
    assert permissions.can_edit() and not permissions.can_publish()
    moderator = make_user(email="moderator@example.org", roles=[roles.MODERATOR])
    assert translation.permissions_for_user(moderator).can_publish()


def test_the_translate_form_offers_a_language_only_once_the_parent_is_translated(
    make_user, mfa_client
):
    original = chinese_article()
    client = mfa_client(make_user(email="editor@example.org", roles=[roles.EDITOR]))
    url = reverse("simple_translation:submit_page_translation", args=[original.pk])

    before = client.get(url).content.decode()
    translate(original.get_parent())
    after = client.get(url).content.decode()

    assert "Translate the parent page" in before
    assert re.search(r'<input[^>]*value="\d+"[^>]*disabled', before)
    assert "Translate the parent page" not in after


def test_an_english_reader_typing_chinese_finds_the_chinese_original(client):
    original = chinese_article()
    translate(original, title="Broken manhole covers in housing estates")

    english = client.get("/search/", {"q": "井盖"}, **EN).content.decode()

    assert english.count(f'href="{original.url}"') == 1
    assert "<mark>井盖</mark>" in english
