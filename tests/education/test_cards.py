"""Article cards in a grid (a section's list, the home page's latest news): a card without a
picture gets a neutral block of the picture's place and shape, so every card in a row starts
its title at the same height and none leaves a hole; a card with a picture shows the picture."""

import pytest

from education.models import LawCasePage, NewsIndexPage, NewsPage
from tests.page_tree import Page

from .pages import article, make_image, section

pytestmark = pytest.mark.django_db


def cards(client, url: str) -> dict:
    """Each card's title, with what stands at its top: "picture" or "placeholder"."""
    html = client.get(url).content.decode()
    shown = {}
    for card in Page(html).root.find_all("article", class_="article-card"):
        top = card.children[0]
        if top.tag == "picture":
            kind = "picture"
        elif "article-card__placeholder" in top.attrs.get("class", "").split():
            assert top.attrs.get("aria-hidden") == "true", "decoration, not read out"
            kind = "placeholder"
        else:
            kind = top.tag
        shown[card.find("h3", class_="article-card__title").text] = kind
    return shown


@pytest.fixture
def news(db):
    section(NewsIndexPage, title="Wuzhen information")
    article(NewsPage, "Lantern festival", image=make_image("Lanterns"))
    article(NewsPage, "Water cut on Tuesday")


def test_a_sections_cards_without_a_picture_get_a_placeholder_in_its_place(client, news):
    assert cards(client, NewsIndexPage.objects.get().url) == {
        "Lantern festival": "picture",
        "Water cut on Tuesday": "placeholder",
    }


def test_the_home_pages_latest_news_cards_too(client, news):
    assert cards(client, "/") == {
        "Lantern festival": "picture",
        "Water cut on Tuesday": "placeholder",
    }


def test_every_kind_of_article_card_does_the_same(client):
    page = article(LawCasePage, "A wall across the lane")
    assert cards(client, page.get_parent().url) == {"A wall across the lane": "placeholder"}


def test_the_placeholder_has_the_pictures_shape():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/portal.css"), encoding="utf-8").read()
    picture = css[css.index(".article-card img") :].split("}")[0]
    placeholder = css[css.index(".article-card__placeholder {") :].split("}")[0]
    assert "aspect-ratio: 16 / 9" in picture and "aspect-ratio: 16 / 9" in placeholder
