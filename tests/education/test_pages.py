"""Each article type renders its own fields, its image as a <picture> in modern formats with a
srcset, Open Graph meta for sharing, and related articles from its own section."""

import datetime
import html as htmllib
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from education.models import (
    HealthInfoIndexPage,
    HealthInfoPage,
    LawCaseIndexPage,
    LawCasePage,
    NewsIndexPage,
    NewsPage,
    RoleModelIndexPage,
    RoleModelPage,
)

from .pages import article, card_titles, make_image, make_private, section, unpublish

pytestmark = pytest.mark.django_db


def meta(html: str, name: str) -> str | None:
    """The content of a <meta property=…> or <meta name=…> tag."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return htmllib.unescape(match.group(1)) if match else None


def related_section(html: str) -> str:
    start = html.find('<aside class="related')
    return html[start : html.find("</aside>", start)] if start != -1 else ""


# --- Every page type renders -----------------------------------------------------------------


@pytest.mark.parametrize(
    "index_model", [NewsIndexPage, LawCaseIndexPage, HealthInfoIndexPage, RoleModelIndexPage]
)
def test_section_index_renders(client, index_model):
    parent = section(index_model, title="The section", introduction="Everything about it.")
    response = client.get(parent.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>The section</h1>" in html
    assert "Everything about it." in html
    assert "Nothing has been published here yet." in html
    assert f'href="{parent.url}feed/"' in html


def test_news_page(client):
    page = article(
        NewsPage,
        "Water cut on Tuesday",
        kind=NewsPage.Kind.SERVICE,
        date=datetime.date(2026, 4, 7),
        introduction="The water will be off from 9 to 12.",
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Water cut on Tuesday</h1>" in html
    assert "<title>Water cut on Tuesday · " in html
    assert "The water will be off from 9 to 12." in html
    assert "Service information" in html  # the kind
    assert '<time datetime="2026-04-07">' in html
    assert f'<a href="{page.get_parent().url}">' in html  # back to the section


def test_law_case_page(client):
    page = article(LawCasePage, "The wall across the lane")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>The wall across the lane</h1>" in html
    for heading, text in [
        ("What happened", "A neighbour built a wall across the shared lane."),
        ("The decision", "The court ordered the wall removed within 30 days."),
        ("Legal basis", "Civil Code, article 288 (neighbouring relations)."),
    ]:
        assert f"<h2>{heading}</h2>" in html
        assert text in html
        assert html.index(f"<h2>{heading}</h2>") < html.index(text)
    assert "The lesson for residents" in html
    assert "Talk to the village committee before building.<br>Keep lanes open." in html
    # In the order a reader follows the case.
    order = ["What happened", "The decision", "Legal basis", "The lesson for residents"]
    assert [html.index(h) for h in order] == sorted(html.index(h) for h in order)


def test_health_info_page(client):
    page = article(HealthInfoPage, "Staying well in the heat")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Staying well in the heat</h1>" in html
    assert "Heat stroke" in html  # the topic
    assert "<h2>What to do</h2>" in html
    assert "Drink water often and rest in the shade." in html
    assert "<h2>Sources</h2>" in html
    assert '<a href="https://www.nhc.gov.cn/">National Health Commission</a>' in html
    assert "Last reviewed on May 4, 2026." in html


def test_role_model_page(client):
    page = article(RoleModelPage, "Thirty years of clean streets")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Thirty years of clean streets</h1>" in html
    assert "<dd>Zhang Wei</dd>" in html
    assert "<dd>Minhe Village</dd>" in html
    assert "<dd>Outstanding housekeeper 2026</dd>" in html


def test_role_model_without_community_or_honour(client):
    page = article(RoleModelPage, "A quiet helper", community="", honour="")
    html = client.get(page.url).content.decode()
    assert "<dd>Zhang Wei</dd>" in html
    assert "Village or community" not in html
    assert "Honour" not in html


def test_tags_link_to_the_filtered_section(client):
    page = article(NewsPage, "Road works", tags=["roads", "Elderly care"])
    html = client.get(page.url).content.decode()
    assert f'<a href="{page.get_parent().url}?tag=roads">roads</a>' in html
    assert f'<a href="{page.get_parent().url}?tag=elderly-care">Elderly care</a>' in html


@pytest.mark.parametrize("model", [NewsPage, LawCasePage, HealthInfoPage, RoleModelPage])
def test_drafts_and_private_articles_are_not_served(client, model):
    unpublished = article(model, "Not yet", live=False)
    assert client.get(f"{unpublished.get_parent().url}not-yet/").status_code == 404
    secret = article(model, "Only for some")
    make_private(secret)
    response = client.get(secret.url)
    assert response.status_code == 200  # Wagtail's password form, not the article
    assert "Introduction to Only for some." not in response.content.decode()


# --- Images ------------------------------------------------------------------------------------


def sources(picture: str) -> dict[str, list[str]]:
    """type → srcset candidates of a <picture>'s <source> elements."""
    found = {}
    for source in re.findall(r"<source [^>]*>", picture):
        kind = re.search(r'type="([^"]+)"', source).group(1)
        srcset = re.search(r'srcset="([^"]+)"', source).group(1)
        found[kind] = [candidate.strip() for candidate in srcset.split(",")]
    return found


@pytest.mark.parametrize("model", [NewsPage, LawCasePage, HealthInfoPage, RoleModelPage])
def test_article_image_is_a_picture_in_modern_formats(client, model):
    page = article(model, "With a photo", image=make_image("Market square"))
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 1
    picture = pictures[0]
    found = sources(picture)
    assert set(found) == {"image/avif", "image/webp"}
    for kind, extension in [("image/avif", ".avif"), ("image/webp", ".webp")]:
        candidates = found[kind]
        assert [c.rsplit(" ", 1)[1] for c in candidates] == ["400w", "800w", "1200w"]
        assert all(c.split(" ")[0].endswith(extension) for c in candidates)
    img = re.search(r"<img [^>]*>", picture).group(0)
    assert 'srcset="' in img and 'sizes="' in img and 'alt=""' in img
    assert re.search(r'src="/media/images/[^"]+\.jpg"', img)


def test_article_without_an_image_has_no_picture(client):
    page = article(NewsPage, "Words only")
    html = client.get(page.url).content.decode()
    assert "<picture>" not in html
    assert 'property="og:image"' not in html


def test_cards_in_the_section_show_small_renditions(client):
    page = article(NewsPage, "Card photo", image=make_image("Bridge"))
    html = client.get(page.get_parent().url).content.decode()
    card = html[html.index('<article class="article-card"') :]
    card = card[: card.index("</article>")]
    found = sources(card)
    assert set(found) == {"image/avif", "image/webp"}
    assert [c.rsplit(" ", 1)[1] for c in found["image/avif"]] == ["320w", "640w"]
    assert 'loading="lazy"' in card


# --- Sharing -----------------------------------------------------------------------------------


def test_open_graph_meta(client):
    page = article(
        NewsPage,
        "Lantern festival",
        introduction="Lanterns on the West Market bridge on Saturday.",
        image=make_image("Lanterns"),
    )
    html = client.get(page.url).content.decode()
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "Lantern festival"
    assert meta(html, "og:description") == "Lanterns on the West Market bridge on Saturday."
    assert meta(html, "og:url").startswith("http")
    assert meta(html, "og:url").endswith(page.url)
    image = meta(html, "og:image")
    assert re.fullmatch(r"http://testserver/media/images/[^\s\"]+\.jpg", image), image
    assert meta(html, "og:image:width") == "1200"
    assert meta(html, "og:image:height") == "630"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "article:published_time") == page.date.isoformat()
    assert meta(html, "description") == "Lanterns on the West Market bridge on Saturday."


def test_open_graph_prefers_the_seo_title_and_search_description(client):
    page = article(
        HealthInfoPage,
        "Heat",
        seo_title="Heat stroke: what to do",
        search_description="Five steps that save lives in a heatwave.",
    )
    html = client.get(page.url).content.decode()
    assert meta(html, "og:title") == "Heat stroke: what to do"
    assert meta(html, "og:description") == "Five steps that save lives in a heatwave."
    assert meta(html, "twitter:card") == "summary"


def test_open_graph_text_is_escaped(client):
    page = article(NewsPage, 'The "big" <clean-up>', introduction='Bring gloves & "bags".')
    html = client.get(page.url).content.decode()
    assert meta(html, "og:title") == 'The "big" <clean-up>'
    assert meta(html, "og:description") == 'Bring gloves & "bags".'
    assert "<clean-up>" not in html


# --- Related articles --------------------------------------------------------------------------


def test_related_articles_share_a_topic_first_then_the_newest(client):
    day = datetime.date(2026, 3, 1)
    page = article(NewsPage, "Main story", date=day, tags=["roads"])
    article(NewsPage, "Old road news", date=day - datetime.timedelta(days=30), tags=["roads"])
    article(NewsPage, "Newest other news", date=day + datetime.timedelta(days=5))
    article(NewsPage, "Older other news", date=day - datetime.timedelta(days=10))
    article(NewsPage, "Oldest other news", date=day - datetime.timedelta(days=60))
    # Other sections never appear, even with the same topic.
    article(LawCasePage, "A law case about roads", date=day, tags=["roads"])

    response = client.get(page.url)
    related = [p.title for p in response.context["related"]]
    assert related == ["Old road news", "Newest other news", "Older other news"]
    html = response.content.decode()
    assert card_titles(related_section(html)) == related
    assert "A law case about roads" not in html


def test_related_articles_newest_first_among_shared_topics(client):
    day = datetime.date(2026, 3, 1)
    page = article(RoleModelPage, "Main", date=day, tags=["volunteers", "elderly"])
    article(
        RoleModelPage, "Shares one, older", date=day - datetime.timedelta(days=3), tags=["elderly"]
    )
    article(
        RoleModelPage,
        "Shares both, newer",
        date=day + datetime.timedelta(days=3),
        tags=["volunteers", "elderly"],
    )
    article(RoleModelPage, "Shares none, newest", date=day + datetime.timedelta(days=9))
    response = client.get(page.url)
    assert [p.title for p in response.context["related"]] == [
        "Shares both, newer",
        "Shares one, older",
        "Shares none, newest",
    ]


def test_no_related_section_when_the_article_is_alone(client):
    page = article(LawCasePage, "Alone")
    response = client.get(page.url)
    assert response.context["related"] == []
    assert 'class="related' not in response.content.decode()


def test_related_articles_leave_out_drafts_unpublished_and_private_pages(client):
    page = article(NewsPage, "Main story", tags=["roads"])
    article(NewsPage, "A draft about roads", tags=["roads"], live=False)
    withdrawn = article(NewsPage, "Withdrawn road news", tags=["roads"])
    unpublish(withdrawn)
    private = article(NewsPage, "Private road news", tags=["roads"])
    make_private(private)
    visible = article(NewsPage, "Visible news", date=datetime.date(2025, 1, 1))

    response = client.get(page.url)
    assert [p.title for p in response.context["related"]] == [visible.title]
    html = response.content.decode()
    for title in ["A draft about roads", "Withdrawn road news", "Private road news"]:
        assert title not in html


def test_article_page_queries_do_not_grow_with_related_articles(client):
    page = article(LawCasePage, "Main")

    def queries():
        cache.clear()
        client.get(page.url)  # makes the renditions
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    def add(n, start):
        for i in range(start, start + n):
            image = make_image(f"Related {i}", size=(700, 400))
            article(LawCasePage, f"Related {i}", image=image)

    add(1, 0)
    one = queries()
    add(2, 1)
    three = queries()
    assert three == one, f"{one} queries with one related article, {three} with three"


def test_article_rendered_afresh_in_at_most_12_queries(client, django_assert_max_num_queries):
    """An article with its image, topics and three related articles, rendered afresh (the page
    cache misses; Wagtail's cached site paths and renditions are there, as after any first
    request): at most 12 queries. Catches a query per related card, a locale or permission
    looked up again, the page found in more queries than it needs."""
    page = article(NewsPage, "Main", image=make_image("Main", size=(700, 400)), tags=["roads"])
    for n in range(4):
        image = make_image(f"Related {n}", size=(700, 400))
        article(NewsPage, f"Related {n}", image=image, tags=["roads"])
    cache.clear()
    assert client.get(page.url).status_code == 200  # makes the renditions

    with django_assert_max_num_queries(12):
        response = client.get(page.url, {"fresh": "1"})

    html = response.content.decode()
    assert len(card_titles(related_section(html))) == 3
    assert 'href="/news/?tag=roads"' in html  # its topic, linking to the section's list
