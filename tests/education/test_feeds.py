"""Each section's Atom feed and the site's sitemap.xml, parsed as XML."""

import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from education.feeds import FEED_SIZE
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
from home.models import StandardPage

from .pages import (
    ATOM,
    article,
    atom_entries,
    home_page,
    make_private,
    publish,
    section,
    sitemap_locations,
    unpublish,
)

pytestmark = pytest.mark.django_db

PAIRS = [
    (NewsIndexPage, NewsPage),
    (LawCaseIndexPage, LawCasePage),
    (HealthInfoIndexPage, HealthInfoPage),
    (RoleModelIndexPage, RoleModelPage),
]


def day(n: int) -> datetime.date:
    return datetime.date(2026, 1, 1) + datetime.timedelta(days=n)


def feed(client, index):
    response = client.get(f"{index.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response


@pytest.mark.parametrize("index_model, article_model", PAIRS, ids=lambda m: m.__name__)
def test_section_feed_is_atom_newest_first(client, index_model, article_model):
    index = section(index_model, title="The section", introduction="What it is about.")
    article(article_model, "Older", date=day(1), introduction="The older one.")
    article(article_model, "Newest", date=day(9))
    article(article_model, "Middle", date=day(5))

    response = feed(client, index)
    entries = atom_entries(response.content)
    assert [e["title"] for e in entries] == ["Newest", "Middle", "Older"]
    assert [urlsplit(e["link"]).path for e in entries] == [
        f"{index.url}newest/",
        f"{index.url}middle/",
        f"{index.url}older/",
    ]
    for entry in entries:
        assert entry["link"].startswith("http://testserver/")
        assert entry["id"]
        assert entry["updated"]
    assert entries[2]["summary"] == "The older one."


def test_feed_header(client):
    index = section(NewsIndexPage, title="Wuzhen information", introduction="Town news.")
    root = ElementTree.fromstring(feed(client, index).content)
    assert root.findtext(f"{ATOM}title") == "Wuzhen information"
    assert root.findtext(f"{ATOM}subtitle") == "Town news."
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert urlsplit(links["alternate"]).path == index.url
    assert urlsplit(links["self"]).path == f"{index.url}feed/"
    assert links["alternate"].startswith("http://testserver/")


def test_empty_feed_is_valid(client):
    index = section(LawCaseIndexPage)
    assert atom_entries(feed(client, index).content) == []


def test_feed_holds_the_newest_thirty(client):
    index = section(NewsIndexPage)
    assert FEED_SIZE == 30
    for n in range(FEED_SIZE + 3):
        article(NewsPage, f"Item {n:02}", date=day(n))
    entries = atom_entries(feed(client, index).content)
    assert len(entries) == FEED_SIZE
    assert [e["title"] for e in entries] == [
        f"Item {n:02}" for n in reversed(range(3, FEED_SIZE + 3))
    ]


def test_feed_leaves_out_drafts_unpublished_private_and_other_sections(client):
    index = section(NewsIndexPage)
    article(NewsPage, "Published")
    article(NewsPage, "Draft", live=False)
    unpublish(article(NewsPage, "Withdrawn"))
    make_private(article(NewsPage, "Private"))
    article(LawCasePage, "A law case")
    assert [e["title"] for e in atom_entries(feed(client, index).content)] == ["Published"]


def test_feed_escapes_titles(client):
    index = section(NewsIndexPage)
    article(NewsPage, "Rain & <wind> warning", introduction='Stay in; "really".')
    entries = atom_entries(feed(client, index).content)
    assert entries[0]["title"] == "Rain & <wind> warning"
    assert entries[0]["summary"] == 'Stay in; "really".'


def test_index_page_links_its_feed(client):
    index = section(HealthInfoIndexPage)
    html = client.get(index.url).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="{index.title}" '
        f'href="{index.url}feed/">' in html
    )


# --- Sitemap -----------------------------------------------------------------------------------


def test_sitemap_lists_published_public_pages(client):
    published = {model: article(model, f"Published {model.__name__}") for _index, model in PAIRS}
    about = publish(home_page(), StandardPage(title="About", slug="about"))
    hidden = [
        article(NewsPage, "Draft news", live=False),
        unpublish(article(LawCasePage, "Withdrawn case")),
    ]
    private = article(HealthInfoPage, "Private advice")
    make_private(private)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    paths = [urlsplit(loc).path for loc in sitemap_locations(response.content)]
    for page in published.values():
        assert page.url in paths
    for index_model, _model in PAIRS:
        assert index_model.objects.get().url in paths
    assert about.url in paths
    assert "/" in paths
    for page in [*hidden, private]:
        assert f"{page.get_parent().url}{page.slug}/" not in paths
    assert len(paths) == len(set(paths))
