"""The footer note editors keep in the site settings comes in Chinese and English: each reader
gets the one in their language on every page, or the other where theirs is empty (marked with
its language), never both at once. The demo town's note is in both."""

from django.urls import reverse

from wagtail.models import Site

import pytest

from home.models import SiteSettings
from tests.page_tree import Page

pytestmark = pytest.mark.django_db

ZH = "乌镇镇社会治理联动中心 · 浙江省桐乡市"
EN = "Wuzhen Social Governance Linkage Centre · Tongxiang, Zhejiang"
NOTE_ZH, NOTE_EN = f"<p>{ZH}</p>", f"<p>{EN}</p>"


def note(chinese: str, english: str) -> None:
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.footer_text, settings.footer_text_en = chinese, english
    settings.save()


def footer_note(client, url: str, language: str) -> tuple[str, str] | None:
    """The footer note's text and language as the page shows it, or None without one."""
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    notes = Page(html).root.find("footer").find_all("div", class_="site-footer__text")
    return (notes[0].text, notes[0].attrs["lang"]) if notes else None


PAGES = ["/", reverse("participation:case_list")]


@pytest.mark.parametrize("url", PAGES)
def test_english_readers_get_the_english_note_only(client, url):
    note(NOTE_ZH, NOTE_EN)
    assert footer_note(client, url, "en") == (EN, "en")


@pytest.mark.parametrize("url", PAGES)
def test_chinese_readers_get_the_chinese_note_only(client, url):
    note(NOTE_ZH, NOTE_EN)
    assert footer_note(client, url, "zh-hans") == (ZH, "zh-hans")


def test_without_an_english_note_english_readers_get_the_chinese_one_marked_chinese(client):
    note(NOTE_ZH, "")
    assert footer_note(client, "/", "en") == (ZH, "zh-hans")


def test_without_a_chinese_note_chinese_readers_get_the_english_one_marked_english(client):
    note("", NOTE_EN)
    assert footer_note(client, "/", "zh-hans") == (EN, "en")


def test_without_any_note_the_footer_has_none(client):
    note("", "")
    assert footer_note(client, "/", "en") is None
    assert footer_note(client, "/", "zh-hans") is None


def test_the_demo_notes_are_one_language_each():
    from home import demo

    demo.seed(stdout=None)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert "Wuzhen" not in settings.footer_text and "乌镇" in settings.footer_text
    assert "乌镇" not in settings.footer_text_en and "Wuzhen" in settings.footer_text_en
