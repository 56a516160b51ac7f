"""Published pages are cached whole for anonymous readers; whatever changes what a list shows
(publishing, unpublishing, making a page private, deleting it) must drop the cached lists, or a
withdrawn or private article stays listed for everyone."""

import pytest

from education.models import NewsIndexPage, NewsPage

from .pages import article, atom_entries, card_titles, committed, make_private, section, unpublish

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    return section(NewsIndexPage)


def listed(client, news) -> dict[str, list[str]]:
    """What an anonymous reader sees listed: the index, the feed, the home page and the related
    articles of another article."""
    other = NewsPage.objects.get(title="Another story")
    return {
        "index": card_titles(client.get(news.url).content.decode()),
        "feed": [e["title"] for e in atom_entries(client.get(f"{news.url}feed/").content)],
        "home": card_titles(client.get("/").content.decode()),
        "related": card_titles(client.get(other.url).content.decode()),
    }


@pytest.fixture
def cached(client, news):
    """Two articles, each list already requested once (and so cached)."""
    article(NewsPage, "Another story")
    page = article(NewsPage, "The story")
    before = listed(client, news)
    assert before == {
        "index": ["The story", "Another story"],
        "feed": ["The story", "Another story"],
        "home": ["The story", "Another story"],
        "related": ["The story"],
    }
    return page


def test_a_new_article_is_listed_at_once(client, news, cached):
    article(NewsPage, "Breaking")
    after = listed(client, news)
    assert after["index"][0] == after["feed"][0] == after["home"][0] == "Breaking"


def test_an_unpublished_article_leaves_every_list(client, news, cached):
    unpublish(cached)
    assert "The story" not in str(listed(client, news))


def test_an_edited_title_shows_in_every_list(client, news, cached):
    cached.title = "The corrected story"
    with committed():
        cached.save_revision().publish()
    after = listed(client, news)
    assert after["index"] == ["The corrected story", "Another story"]
    assert after["feed"][0] == after["home"][0] == "The corrected story"


def test_a_deleted_article_leaves_every_list(client, news, cached):
    with committed():
        cached.delete()
    assert "The story" not in str(listed(client, news))


def test_an_article_made_private_leaves_every_list(client, news, cached):
    make_private(cached)
    after = listed(client, news)
    assert after == {
        "index": ["Another story"],
        "feed": ["Another story"],
        "home": ["Another story"],
        "related": [],
    }


def test_an_article_made_public_again_is_listed_again(client, news):
    article(NewsPage, "Another story")
    page = article(NewsPage, "The story")
    restriction = make_private(page)
    assert "The story" not in str(listed(client, news))  # now cached without it
    with committed():
        restriction.delete()
    after = listed(client, news)
    assert after["index"] == after["feed"] == after["home"] == ["The story", "Another story"]
    assert after["related"] == ["The story"]
