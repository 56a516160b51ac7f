"""Published pages are served from a cache to anonymous readers, and every publish, unpublish or
case change shows at once (the cache is emptied after the change commits)."""

import datetime

import pytest

from education.models import NewsIndexPage, NewsPage
from home.models import HomePage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def section():
    home = HomePage.objects.get()
    section = NewsIndexPage(title="News", slug="news")
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


def publish(section, title):
    page = NewsPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        introduction="An item.",
        date=datetime.date(2026, 11, 1),
    )
    section.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_cached_home_page_and_section_show_a_newly_published_article(client, section):
    publish(section, "First item")
    assert "First item" in client.get("/").content.decode()
    assert "First item" in client.get("/news/").content.decode()

    second = publish(section, "Second item")

    assert "Second item" in client.get("/").content.decode()
    assert "Second item" in client.get("/news/").content.decode()

    second.unpublish()
    assert "Second item" not in client.get("/news/").content.decode()
    assert "Second item" not in client.get("/").content.decode()


def test_repeat_anonymous_readers_are_answered_from_the_cache(client, section):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(5):
        publish(section, f"Item {n}")
    with CaptureQueriesContext(connection) as rendered:
        first = client.get("/news/").content
    with CaptureQueriesContext(connection) as cached:
        second = client.get("/news/").content
    assert second == first
    # Only Wagtail's routing to the page remains (site and page lookups), not the listing.
    assert len(cached) < len(rendered)
    assert not any("education_newspage" in q["sql"] for q in cached.captured_queries)


def test_signed_in_readers_are_never_served_from_the_cache(client, section, make_user):
    publish(section, "First item")
    client.get("/news/")
    client.force_login(make_user())
    body = client.get("/news/").content.decode()
    assert "First item" in body
    assert "Log out" in body or "Sign out" in body or "My account" in body
