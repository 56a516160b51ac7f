"""Site search (/search/): pages of every type and public cases, in Chinese and English, ranked
and highlighted; bad input gives a page, never an error. Runs on SQLite and PostgreSQL alike (CI
runs the suite on both)."""

import datetime

from django.urls import reverse

import pytest

from education.models import LawCaseIndexPage, LawCasePage, NewsIndexPage, NewsPage
from home.models import HomePage

pytestmark = pytest.mark.django_db
SEARCH = "/search/"


@pytest.fixture
def news():
    home = HomePage.objects.get()
    section = NewsIndexPage(title="Wuzhen information", slug="news")
    home.add_child(instance=section)
    section.save_revision().publish()

    def publish(title, introduction="An item.", body="", live=True, **extra):
        page = NewsPage(
            title=title,
            slug=f"item-{NewsPage.objects.count()}",
            introduction=introduction,
            date=datetime.date(2026, 11, 1),
            body=[("paragraph", f"<p>{body}</p>")] if body else [],
            **extra,
        )
        section.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        return page

    return publish


def results(client, query, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return response, [page.title for page in (response.context["results"] or [])]


def test_the_search_url_is_named():
    assert reverse("search") == SEARCH


def test_a_chinese_word_is_found_inside_a_longer_run_of_characters(client, news):
    news("关于小区井盖破损的处理通知", introduction="小区井盖破损，已派人维修。")
    news("垃圾分类新规", introduction="厨余垃圾须破袋投放。")

    _response, titles = results(client, "井盖")

    assert titles == ["关于小区井盖破损的处理通知"]


def test_a_chinese_word_in_the_body_only_is_found(client, news):
    news("冬季安全提示", introduction="请注意安全。", body="近期发现多处小区井盖松动。")
    assert results(client, "井盖")[1] == ["冬季安全提示"]


def test_a_longer_chinese_query_needs_all_its_characters_in_order(client, news):
    news("小区井盖破损", introduction="维修通知")
    news("井上的盖子", introduction="一个故事")
    assert results(client, "井盖破损")[1] == ["小区井盖破损"]


def test_english_words_are_found_and_the_title_ranks_first(client, news):
    news("Road works on Xinhua Road", introduction="Night works for a week.")
    news("Winter heating help", introduction="Families can apply; road closures are listed.")
    titles = results(client, "road")[1]
    assert titles[0] == "Road works on Xinhua Road"
    assert set(titles) == {"Road works on Xinhua Road", "Winter heating help"}


def test_school_pages_are_found_too(client, news):
    home = HomePage.objects.get()
    section = LawCaseIndexPage(title="以案说法", slug="law-cases")
    home.add_child(instance=section)
    section.save_revision().publish()
    case = LawCasePage(
        title="私自加盖楼顶被责令拆除",
        slug="rooftop",
        introduction="违法建筑的案例。",
        facts="<p>村民在楼顶加建彩钢房。</p>",
        ruling="<p>责令拆除。</p>",
        legal_basis="<p>城乡规划法第六十四条。</p>",
        lesson="盖房前先咨询。",
    )
    section.add_child(instance=case)
    case.save_revision().publish()
    # A word that is only in the law case's own fields.
    assert results(client, "彩钢房")[1] == ["私自加盖楼顶被责令拆除"]


def test_drafts_are_never_found(client, news):
    news("井盖排查计划（草稿）", live=False)
    assert results(client, "井盖")[1] == []


def test_matches_are_highlighted_and_escaped(client, news):
    news("小区井盖破损 <b>urgent</b>", introduction="井盖已修好")
    response, _titles = results(client, "井盖")
    body = response.content.decode()
    assert "小区<mark>井盖</mark>破损 &lt;b&gt;urgent&lt;/b&gt;" in body
    assert "<mark>井盖</mark>已修好" in body


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 2000,
        "'; DROP TABLE wagtailcore_page; --",
        "<script>alert(1)</script>",
        '井盖 AND OR NOT "*',
        "(((",
        "\x00",
    ],
)
def test_bad_queries_give_a_page_not_an_error(client, news, query):
    news("小区井盖破损")
    response = client.get(SEARCH, {"q": query, "page": "abc"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, news):
    for n in range(12):
        news(f"井盖通知 {n}")
    response, titles = results(client, "井盖", page="99")
    assert response.context["results"].number == 2
    assert len(titles) == 2


def test_public_cases_are_listed_but_not_hidden_ones(client, news, django_user_model):
    from participation.models import Case

    assert Case.objects.count() == 0  # no town here: the cases block is simply absent
    response, _titles = results(client, "井盖")
    assert response.context["cases"] == []
