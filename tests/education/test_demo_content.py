"""`seed_demo` publishes the town's information and school in Chinese with an English version of
every page, and the about page explaining the scheme; running it again adds nothing."""

from django.core.management import call_command

import pytest

from education import demo as education_demo
from education.models import HealthInfoPage, LawCasePage, NewsPage, RoleModelPage
from home.models import HomePage, StandardPage
from participation import demo as participation_demo

from .pages import card_titles

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PAGE_MODELS = [HomePage, StandardPage, NewsPage, LawCasePage, HealthInfoPage, RoleModelPage]


def counts():
    return {
        (model.__name__, language): model.objects.filter(
            live=True, locale__language_code=language
        ).count()
        for model in PAGE_MODELS
        for language in ("zh-hans", "en")
    }


@pytest.fixture
def demo_town(monkeypatch):
    monkeypatch.setattr(participation_demo, "DEMO_CASE_COUNT", 10)
    call_command("seed_demo")


def test_every_page_is_published_in_both_languages_once(demo_town):
    first = counts()
    call_command("seed_demo")

    assert counts() == first
    for model in PAGE_MODELS:
        assert first[model.__name__, "zh-hans"] == first[model.__name__, "en"]
    assert first["NewsPage", "zh-hans"] >= 20
    assert first["LawCasePage", "zh-hans"] >= 8
    assert first["HealthInfoPage", "zh-hans"] >= 8
    assert first["RoleModelPage", "zh-hans"] >= 6
    assert set(StandardPage.objects.values_list("slug", flat=True)) == {
        "about",
        "privacy",
        "terms",
    }


def test_residents_read_the_demo_in_their_language(client, demo_town):
    """One seeded town for several readings (seeding takes seconds)."""
    newest = education_demo.data.NEWS[0]
    english = client.get("/news/", **EN).content.decode()
    chinese = client.get("/news/", **ZH).content.decode()
    assert card_titles(english)[0] == newest["en"]["title"]
    assert card_titles(chinese)[0] == newest["zh"]["title"]
    assert "data-other-language" not in english

    # The about page explains the scheme: the flow, the 1 + 4 + X linkage centre, points.
    english = client.get("/about/", **EN).content.decode()
    chinese = client.get("/about/", **ZH).content.decode()
    assert "1 + 4 + X" in english and "1+4+X" in chinese
    assert "linkage centre" in english.lower() and "联动中心" in chinese
    assert "points" in english.lower() and "积分" in chinese

    # Chinese search finds the manhole articles inside longer runs of characters.
    results = client.get("/search/", {"q": "井盖"}, **ZH).content.decode()
    assert results.count("<mark>井盖</mark>") >= 2
