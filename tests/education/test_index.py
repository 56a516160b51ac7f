"""A section's index: newest first, filtered by topic and year, 12 to a page, a sensible page for
any query string, and the same few queries however many articles it lists."""

import datetime
import re
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from education.models import PAGE_SIZE, LawCasePage, NewsIndexPage, NewsPage, RoleModelPage

from .pages import article, card_titles, make_image, make_private, section, unpublish

pytestmark = pytest.mark.django_db


def day(n: int) -> datetime.date:
    return datetime.date(2026, 1, 1) + datetime.timedelta(days=n)


@pytest.fixture
def news():
    return section(NewsIndexPage, title="Wuzhen information")


def titles(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return card_titles(response.content.decode())


def test_newest_first_by_date_not_by_creation(client, news):
    article(NewsPage, "Middle", date=day(10))
    article(NewsPage, "Newest", date=day(20))
    article(NewsPage, "Oldest", date=day(1))
    assert titles(client, news.url) == ["Newest", "Middle", "Oldest"]


def test_same_date_newest_created_first(client, news):
    article(NewsPage, "First written", date=day(5))
    article(NewsPage, "Second written", date=day(5))
    assert titles(client, news.url) == ["Second written", "First written"]


def test_only_published_public_articles_of_the_section(client, news):
    article(NewsPage, "Published")
    article(NewsPage, "Draft", live=False)
    withdrawn = article(NewsPage, "Withdrawn")
    unpublish(withdrawn)
    make_private(article(NewsPage, "Private"))
    article(LawCasePage, "A law case")
    article(RoleModelPage, "A role model")
    assert titles(client, news.url) == ["Published"]


def test_filter_by_tag(client, news):
    article(NewsPage, "Road works", date=day(3), tags=["roads"])
    article(NewsPage, "Road closed", date=day(4), tags=["roads", "traffic"])
    article(NewsPage, "Flu jabs", date=day(5), tags=["health"])
    assert titles(client, news.url, tag="roads") == ["Road closed", "Road works"]
    assert titles(client, news.url, tag="health") == ["Flu jabs"]


def test_filter_by_a_chinese_topic(client, news):
    page = article(NewsPage, "修路通知", date=day(3), tags=["道路"])
    article(NewsPage, "Flu jabs", date=day(5), tags=["health"])
    assert titles(client, news.url, tag="道路") == ["修路通知"]
    link = re.search(
        r'<p class="article__tags">.*?href="([^"]+)"', client.get(page.url).content.decode()
    )
    url = link.group(1)
    assert urlsplit(url).path == news.url
    assert titles(client, url) == ["修路通知"]


def test_filter_by_year(client, news):
    article(NewsPage, "Last year", date=datetime.date(2025, 6, 1))
    article(NewsPage, "This year", date=datetime.date(2026, 2, 1))
    article(NewsPage, "Two years ago", date=datetime.date(2024, 12, 31))
    assert titles(client, news.url, year="2025") == ["Last year"]
    assert titles(client, news.url, year="2024") == ["Two years ago"]


def test_filter_by_tag_and_year(client, news):
    article(NewsPage, "Roads 2025", date=datetime.date(2025, 6, 1), tags=["roads"])
    article(NewsPage, "Roads 2026", date=datetime.date(2026, 6, 1), tags=["roads"])
    article(NewsPage, "Other 2026", date=datetime.date(2026, 7, 1))
    assert titles(client, news.url, tag="roads", year="2026") == ["Roads 2026"]


def test_filter_choices_are_the_published_topics_and_years(client, news):
    article(NewsPage, "Public", date=datetime.date(2025, 6, 1), tags=["roads"])
    article(NewsPage, "Draft", date=datetime.date(2019, 6, 1), tags=["secret-topic"], live=False)
    make_private(article(NewsPage, "Private", date=datetime.date(2018, 1, 1), tags=["hidden"]))
    article(LawCasePage, "Elsewhere", date=datetime.date(2017, 1, 1), tags=["law-only"])
    response = client.get(news.url)
    form = response.context["form"]
    assert [value for value, _label in form.fields["tag"].choices] == ["", "roads"]
    assert [value for value, _label in form.fields["year"].choices] == ["", 2025]
    html = response.content.decode()
    assert '<option value="roads">roads</option>' in html
    for hidden in ["secret-topic", "hidden", "law-only", "2019", "2018", "2017"]:
        assert f'value="{hidden}"' not in html


def test_no_filter_form_without_topics_or_years(client, news):
    html = client.get(news.url).content.decode()
    assert 'class="form filters"' not in html


@pytest.mark.parametrize(
    "query",
    [
        {"tag": "no-such-topic"},
        {"tag": ""},
        {"year": "1999"},
        {"year": "abc"},
        {"year": "-1"},
        {"year": "99999999999999999999999"},
        {"page": "abc"},
        {"page": "999"},
        {"page": "0"},
        {"page": "-3"},
        {"page": "1.5"},
        {"page": "9" * 400},
        {"tag": "x" * 2000},
        {"tag": "' OR 1=1 --", "year": "2026; DROP TABLE wagtailcore_page"},
        {"tag": "<script>alert('tag')</script>", "q": "<script>alert('q')</script>"},
        {"tag": ["roads", "health"], "year": ["2026", "2025"]},
        {"unknown": "y" * 2000},
    ],
    ids=lambda q: str(q)[:40],
)
def test_bad_input_gives_a_sensible_page(client, news, query):
    article(NewsPage, "Road works", date=day(3), tags=["roads"])
    article(NewsPage, "Flu jabs", date=day(5), tags=["health"])
    response = client.get(news.url, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Wuzhen information</h1>" in html
    assert card_titles(html) == ["Flu jabs", "Road works"]
    assert "<script>alert" not in html


def test_unknown_filter_says_so(client, news):
    article(NewsPage, "Road works", tags=["roads"])
    html = client.get(news.url, {"tag": "no-such-topic"}).content.decode()
    assert "That topic or year has no articles; showing them all." in html


def test_pagination_at_twelve(client, news):
    assert PAGE_SIZE == 12
    for n in range(PAGE_SIZE * 2 + 1):
        article(NewsPage, f"Item {n:02}", date=day(n))
    newest_first = [f"Item {n:02}" for n in reversed(range(PAGE_SIZE * 2 + 1))]

    first = client.get(news.url)
    html = first.content.decode()
    assert card_titles(html) == newest_first[:PAGE_SIZE]
    assert "Page 1 of 3" in html
    assert 'rel="next" href="?page=2"' in html
    assert 'rel="prev"' not in html

    assert titles(client, news.url, page="2") == newest_first[PAGE_SIZE : PAGE_SIZE * 2]
    last = client.get(news.url, {"page": "3"}).content.decode()
    assert card_titles(last) == newest_first[PAGE_SIZE * 2 :]
    assert 'rel="prev" href="?page=2"' in last
    assert 'rel="next"' not in last
    # Past the end: the last page; not a number: the first.
    assert titles(client, news.url, page="999") == newest_first[PAGE_SIZE * 2 :]
    assert titles(client, news.url, page="abc") == newest_first[:PAGE_SIZE]


def test_pagination_keeps_the_filters(client, news):
    for n in range(PAGE_SIZE + 2):
        article(
            NewsPage,
            f"Road {n:02}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(n),
            tags=["roads"],
        )
    article(NewsPage, "Unrelated", date=datetime.date(2026, 6, 1))
    html = client.get(news.url, {"tag": "roads", "year": "2026"}).content.decode()
    assert "Page 1 of 2" in html
    assert 'rel="next" href="?tag=roads&amp;year=2026&amp;page=2"' in html
    second = client.get(news.url, {"tag": "roads", "year": "2026", "page": "2"})
    assert card_titles(second.content.decode()) == ["Road 01", "Road 00"]


def test_one_page_has_no_pagination(client, news):
    article(NewsPage, "Only one")
    assert 'class="pagination"' not in client.get(news.url).content.decode()


def index_queries(client, url) -> int:
    """Queries for a warm (renditions made) index page, with an empty cache."""
    cache.clear()
    assert client.get(url).status_code == 200  # makes the renditions
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_articles(count, start=0):
    for n in range(start, start + count):
        article(
            NewsPage,
            f"News {n:02}",
            date=day(n),
            image=make_image(f"Photo {n}", size=(700, 400), colour=(n * 7 % 255, 90, 160)),
            tags=["roads", f"topic-{n}"],
        )


def test_index_queries_do_not_grow_with_the_articles(client, news):
    """3 articles with images, then 15 (a full page of 12 shown), listed whole and by topic."""
    filtered = f"{news.url}?tag=roads"
    add_articles(3)
    few = {"all": index_queries(client, news.url), "tag": index_queries(client, filtered)}
    add_articles(12, start=3)
    many = {"all": index_queries(client, news.url), "tag": index_queries(client, filtered)}
    assert len(card_titles(client.get(news.url).content.decode())) == PAGE_SIZE
    assert many == few, f"queries for 3 articles: {few}; for 15: {many}"


def test_section_rendered_afresh_in_at_most_12_queries(client, news, django_assert_max_num_queries):
    """A full page of cards with images, topics and two years to filter by, rendered afresh (the
    page cache misses; Wagtail's cached site paths and renditions are there, as after any first
    request): at most 12 queries, on the first page and the next. Catches a query per card, a
    locale or permission looked up again, the list counted in a query of its own."""
    for n in range(PAGE_SIZE + 3):
        image = make_image(f"Photo {n}", size=(700, 400), colour=(n * 7 % 255, 90, 160))
        article(NewsPage, f"News {n:02}", date=day(n * 30), image=image, tags=[f"topic-{n}"])
    cache.clear()
    for page in ("1", "2"):
        assert client.get(news.url, {"page": page}).status_code == 200  # makes the renditions

        with django_assert_max_num_queries(12):
            response = client.get(news.url, {"page": page, "fresh": "1"})

        html = response.content.decode()
        assert len(card_titles(html)) == (PAGE_SIZE if page == "1" else 3)
        assert f"Page {page} of 2" in html
        assert '<option value="2027">2027</option>' in html
