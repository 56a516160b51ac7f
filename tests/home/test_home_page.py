"""The home page: each block appears only once its data exists (the latest news, featured school
items, this month's figures, recently fixed cases) and never shows drafts, private pages or hidden
cases."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from education.models import HealthInfoPage, LawCasePage, NewsIndexPage, NewsPage, RoleModelPage
from participation import services as case_services
from participation.models import Attachment, Case, CaseMonthlyStat, Evaluation
from participation.statistics.rollup import current_month, statistics_rollup, town_figures
from tests.education.pages import (
    SECTION_OF,
    article,
    card_titles,
    make_image,
    make_private,
    section,
    unpublish,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")

S = Case.Status
BLOCKS = [
    "Latest news",
    "From the school",
    "Recently fixed",
    "This month in Wuzhen",
    "Open for comment",
]


def home(client) -> str:
    cache.clear()  # the home page is cached whole; each call here wants what is there now
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def block(html: str, title: str) -> str:
    """The <section> whose heading is `title` ("" if there is none)."""
    match = re.search(
        rf'<section class="home-block"[^>]*>\s*<h2 id="[^"]+">{re.escape(title)}</h2>.*?</section>',
        html,
        re.S,
    )
    return match.group(0) if match else ""


def shown_blocks(html: str) -> list[str]:
    return [title for title in BLOCKS if block(html, title)]


def test_no_blocks_without_data(client):
    html = home(client)
    assert shown_blocks(html) == []
    for title in BLOCKS:
        assert title not in html
    # What is always there.
    assert "Report a problem" in html
    assert 'href="tel:110"' in html


def test_no_blocks_with_empty_sections(client):
    for model in [NewsPage, LawCasePage, HealthInfoPage, RoleModelPage]:
        section(SECTION_OF[model])
    assert shown_blocks(home(client)) == []


# --- Latest news -------------------------------------------------------------------------------


def test_latest_news_once_news_is_published(client):
    news = section(NewsIndexPage)
    article(NewsPage, "Market moves to the square", date=datetime.date(2026, 4, 1))
    html = home(client)
    assert shown_blocks(html) == ["Latest news"]
    latest = block(html, "Latest news")
    assert card_titles(latest) == ["Market moves to the square"]
    assert f'<a href="{news.url}">All news</a>' in latest


def test_latest_news_newest_three(client):
    for n in range(6):
        article(NewsPage, f"News {n}", date=datetime.date(2026, 4, 1) + datetime.timedelta(n))
    latest = block(home(client), "Latest news")
    assert card_titles(latest) == ["News 5", "News 4", "News 3"]


def test_latest_news_with_an_image(client):
    article(NewsPage, "With photo", image=make_image("Square"))
    latest = block(home(client), "Latest news")
    assert '<source sizes="(max-width: 40rem) 100vw, 20rem"' in latest
    assert 'type="image/avif"' in latest and 'type="image/webp"' in latest


def test_latest_news_leaves_out_drafts_unpublished_and_private(client):
    article(NewsPage, "Draft news", live=False)
    unpublish(article(NewsPage, "Withdrawn news"))
    make_private(article(NewsPage, "Private news"))
    html = home(client)
    assert "Latest news" not in html
    for title in ["Draft news", "Withdrawn news", "Private news"]:
        assert title not in html

    article(NewsPage, "Public news", date=datetime.date(2020, 1, 1))
    html = home(client)
    assert card_titles(block(html, "Latest news")) == ["Public news"]
    for title in ["Draft news", "Withdrawn news", "Private news"]:
        assert title not in html


def test_school_items_are_not_news(client):
    article(LawCasePage, "A law case", featured=True)
    assert "Latest news" not in home(client)


# --- From the school ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", [LawCasePage, HealthInfoPage, RoleModelPage])
def test_featured_school_item(client, model):
    article(model, "Featured item", featured=True)
    html = home(client)
    assert shown_blocks(html) == ["From the school"]
    assert card_titles(block(html, "From the school")) == ["Featured item"]


def test_school_items_not_featured_are_absent(client):
    article(LawCasePage, "Ordinary case", featured=False)
    article(HealthInfoPage, "Ordinary advice", featured=False)
    html = home(client)
    assert "From the school" not in html
    assert "Ordinary case" not in html


def test_featured_news_is_not_a_school_item(client):
    article(NewsPage, "Featured news", featured=True)
    html = home(client)
    assert "From the school" not in html
    assert shown_blocks(html) == ["Latest news"]


def test_featured_school_items_newest_three_across_sections(client):
    day = datetime.date(2026, 2, 1)
    article(LawCasePage, "Case, old", featured=True, date=day)
    article(HealthInfoPage, "Health, newest", featured=True, date=day + datetime.timedelta(9))
    article(RoleModelPage, "Person, middle", featured=True, date=day + datetime.timedelta(5))
    article(LawCasePage, "Case, newer", featured=True, date=day + datetime.timedelta(7))
    article(LawCasePage, "Case, not featured", date=day + datetime.timedelta(20))
    school = block(home(client), "From the school")
    assert card_titles(school) == ["Health, newest", "Case, newer", "Person, middle"]


def test_featured_drafts_unpublished_and_private_are_absent(client):
    article(LawCasePage, "Draft case", featured=True, live=False)
    unpublish(article(HealthInfoPage, "Withdrawn advice", featured=True))
    make_private(article(RoleModelPage, "Private person", featured=True))
    html = home(client)
    assert "From the school" not in html
    for title in ["Draft case", "Withdrawn advice", "Private person"]:
        assert title not in html


# --- This month in Wuzhen ----------------------------------------------------------------------


@pytest.fixture
def mid_month():
    """Mid-month, so that cases made "a few hours ago" fall in the current month."""
    with time_machine.travel(datetime.datetime(2026, 3, 15, 12, 0, tzinfo=SHANGHAI)):
        yield


def test_figures_once_the_month_has_cases(client, mid_month, make_case):
    now = datetime.datetime.now(datetime.UTC)
    make_case(S.RESOLVED, due_at=now + datetime.timedelta(days=1))  # on time
    make_case(S.CLOSED, due_at=now - datetime.timedelta(days=1))  # late
    make_case(S.IN_PROGRESS)
    make_case(S.REJECTED)
    make_case(S.SUBMITTED, is_hidden=True)  # counted: only figures are public
    assert "This month in Wuzhen" not in home(client)  # not rolled up yet

    statistics_rollup(months=[current_month()])
    assert town_figures(current_month()).received == 5
    html = home(client)
    assert shown_blocks(html) == ["This month in Wuzhen"]
    figures = block(html, "This month in Wuzhen")
    tiles = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", figures))
    assert tiles == {
        "Cases reported": "5",
        "Disposal rate": "50.0 %",  # 2 resolved of the 4 the town had to handle
        "Resolved on time": "50.0 %",
    }
    assert f'href="{reverse("participation:statistics")}"' in figures


def test_figures_from_the_roll_up_rows(client, mid_month, town):
    CaseMonthlyStat.objects.create(
        month=current_month(),
        dimension=CaseMonthlyStat.Dimension.TOWN,
        received=12,
        resolved=5,
        resolved_with_deadline=4,
        resolved_on_time=3,
    )
    figures = block(home(client), "This month in Wuzhen")
    assert "<dd>12</dd>" in figures
    assert "<dd>41.7 %</dd>" in figures
    assert "<dd>75.0 %</dd>" in figures


def test_no_figures_for_other_months_or_other_breakdowns(client, mid_month, town):
    last_month = (current_month() - datetime.timedelta(days=1)).replace(day=1)
    CaseMonthlyStat.objects.create(
        month=last_month, dimension=CaseMonthlyStat.Dimension.TOWN, received=30
    )
    CaseMonthlyStat.objects.create(
        month=current_month(),
        dimension=CaseMonthlyStat.Dimension.DEPARTMENT,
        department=town.department,
        received=0,
    )
    assert "This month in Wuzhen" not in home(client)


def test_figures_count_hidden_cases_without_showing_them(client, mid_month, make_case):
    hidden = make_case(S.SUBMITTED, is_hidden=True, title="A private neighbour dispute")
    statistics_rollup(months=[current_month()])
    html = home(client)
    figures = block(html, "This month in Wuzhen")
    assert "<dd>1</dd>" in figures
    assert hidden.title not in html and hidden.reference not in html


# --- Recently fixed ----------------------------------------------------------------------------


def test_recently_fixed_with_before_and_after(client, make_case):
    case = make_case(S.RESOLVED, photos=["report", "rectification"], title="Cover replaced")
    before, after = case.attachments.order_by("created_at")
    html = home(client)
    assert shown_blocks(html) == ["Recently fixed"]
    fixed = block(html, "Recently fixed")
    assert f'href="{reverse("participation:case_detail", args=[case.reference])}"' in fixed
    assert "Cover replaced" in fixed
    before_url = reverse("participation:attachment_thumb", args=[before.pk])
    after_url = reverse("participation:attachment_thumb", args=[after.pk])
    assert re.search(
        rf'<img src="{re.escape(before_url)}"[^>]*><figcaption>Before</figcaption>', fixed
    )
    assert re.search(
        rf'<img src="{re.escape(after_url)}"[^>]*><figcaption>After</figcaption>', fixed
    )
    assert fixed.index("Before") < fixed.index("After")
    assert fixed.count("<figure>") == 2


def test_recently_fixed_closed_cases_count_too(client, make_case):
    make_case(S.CLOSED, photos=["report", "rectification"], title="Closed and fixed")
    assert "Closed and fixed" in block(home(client), "Recently fixed")


def test_recently_fixed_shows_one_before_and_one_after(client, make_case):
    make_case(S.RESOLVED, photos=["report", "report", "rectification", "rectification"])
    fixed = block(home(client), "Recently fixed")
    assert fixed.count("<figcaption>Before</figcaption>") == 1
    assert fixed.count("<figcaption>After</figcaption>") == 1


def test_recently_fixed_newest_three(client, make_case):
    now = datetime.datetime.now(datetime.UTC)
    for n in range(5):
        make_case(
            S.RESOLVED,
            photos=["report", "rectification"],
            title=f"Fixed {n}",
            resolved_at=now - datetime.timedelta(hours=10 - n),
        )
    fixed = block(home(client), "Recently fixed")
    assert re.findall(r">(Fixed \d)</a></h3>", fixed) == ["Fixed 4", "Fixed 3", "Fixed 2"]


@pytest.mark.parametrize(
    "status, photos, fields",
    [
        (S.RESOLVED, ["report", "rectification"], {"is_hidden": True}),
        (S.RESOLVED, ["report"], {}),
        (S.RESOLVED, ["rectification"], {}),
        (S.RESOLVED, [], {}),
        (S.IN_PROGRESS, ["report", "rectification"], {}),
        (S.REOPENED, ["report", "rectification"], {}),
        (S.REJECTED, ["report"], {}),
    ],
    ids=["hidden", "no-after", "no-before", "no-photos", "in-progress", "reopened", "rejected"],
)
def test_no_recently_fixed_without_a_public_fixed_case_with_both_photos(
    client, make_case, status, photos, fields
):
    make_case(status, photos=photos, title="Should not show", **fields)
    html = home(client)
    assert "Recently fixed" not in html
    assert "Should not show" not in html


def test_recently_fixed_ignores_voice_notes_and_videos(client, make_case):
    case = make_case(S.RESOLVED, photos=["report"])
    Attachment.objects.create(
        case=case,
        kind=Attachment.Kind.VIDEO,
        stage=Attachment.Stage.RECTIFICATION,
        file="2026/11/after.mp4",
        content_type="video/mp4",
    )
    assert "Recently fixed" not in home(client)


# --- Everything at once ------------------------------------------------------------------------


def test_every_block_at_once_in_order(client, mid_month, make_case):
    article(NewsPage, "Some news")
    article(LawCasePage, "Some case", featured=True)
    make_case(S.RESOLVED, photos=["report", "rectification"])
    statistics_rollup(months=[current_month()])
    now = datetime.datetime.now(SHANGHAI)
    regulation("Street stalls", now - datetime.timedelta(days=1), now + datetime.timedelta(days=9))
    html = home(client)
    assert shown_blocks(html) == BLOCKS
    positions = [html.index(block(html, title)) for title in BLOCKS]
    # Figures first, then news, school, drafts open for comment and the fixed cases.
    order = [
        "This month in Wuzhen",
        "Latest news",
        "From the school",
        "Open for comment",
        "Recently fixed",
    ]
    assert [t for _, t in sorted(zip(positions, BLOCKS, strict=True))] == order


def test_home_page_is_refreshed_when_an_article_is_published(client):
    """The home page is cached; publishing drops it (once the transaction commits)."""
    assert client.get("/").status_code == 200  # cached now, without news
    article(NewsPage, "Breaking news")
    assert "Breaking news" in client.get("/").content.decode()


def test_home_page_is_refreshed_when_a_case_changes(
    client, make_case, django_capture_on_commit_callbacks
):
    """The cached home page shows cases, so a change to a case drops it (it depends on the case
    pages' cache): here the reporter is unsatisfied and the fixed case is reopened."""
    case = make_case(S.RESOLVED, photos=["report", "rectification"], title="Cover replaced")
    cache.clear()
    assert "Cover replaced" in block(client.get("/").content.decode(), "Recently fixed")
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_evaluate(
            case=case, user=case.reporter, rating=Evaluation.Rating.UNSATISFIED
        )
    assert "Cover replaced" not in client.get("/").content.decode()


def test_home_page_is_refreshed_when_an_opinion_is_given(
    client, make_user, django_capture_on_commit_callbacks
):
    """The cached home page counts the opinions on drafts open for comment, so an opinion drops
    it (it depends on the regulation pages' cache)."""
    from regulations import services as regulation_services

    day = datetime.timedelta(days=1)
    draft = regulation("Street stalls", timezone.now() - day, timezone.now() + 9 * day)
    cache.clear()
    assert "0 opinions" in block(client.get("/").content.decode(), "Open for comment")
    with django_capture_on_commit_callbacks(execute=True):
        regulation_services.opinion_give(
            author=make_user(), regulation=draft, stance="support", text="Yes.", token="t1"
        )
    assert "1 opinion" in block(client.get("/").content.decode(), "Open for comment")


def test_home_page_queries_do_not_grow_with_the_items(client, make_case):
    def queries():
        cache.clear()
        client.get("/")  # makes the renditions
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    def add(n):
        for i in range(n):
            article(NewsPage, f"News {i}", image=make_image(f"N{i}", size=(700, 400)))
            article(LawCasePage, f"Case {i}", featured=True, image=make_image(f"C{i}", (700, 400)))

    add(1)
    few = queries()
    add(3)
    many = queries()
    assert many == few, f"{few} queries with one item per block, {many} with four"


def test_home_page_rendered_afresh_in_at_most_15_queries(
    client, mid_month, make_case, django_assert_max_num_queries
):
    """Every block shown, rendered afresh (the page cache misses; Wagtail's cached site paths
    and renditions are there, as after any first request): at most 15 queries. Catches a query
    per item, a locale or permission looked up again, a card read in several queries."""
    for n in range(3):
        article(NewsPage, f"News {n}", image=make_image(f"News {n}", size=(700, 400)))
    for n, model in enumerate([LawCasePage, HealthInfoPage, RoleModelPage]):
        image = make_image(f"School {n}", size=(700, 400))
        article(model, f"School item {n}", featured=True, image=image)
    day = datetime.timedelta(days=1)
    regulation("Street stalls", timezone.now() - day, timezone.now() + 9 * day)
    make_case(S.RESOLVED, photos=["report", "rectification"], title="Cover replaced")
    statistics_rollup(months=[current_month()])
    cache.clear()
    assert client.get("/").status_code == 200  # the first request makes the renditions

    with django_assert_max_num_queries(15):
        response = client.get("/?fresh=1")

    html = response.content.decode()
    assert set(shown_blocks(html)) == set(BLOCKS)
    assert len(card_titles(block(html, "Latest news"))) == 3
    assert len(card_titles(block(html, "From the school"))) == 3


# --- Draft regulations open for comment ----------------------------------------------------------


def regulation(title, opens, closes):
    from regulations.models import RegulationIndexPage, RegulationPage
    from tests.education.pages import home_page, publish

    index = RegulationIndexPage.objects.first() or publish(
        home_page(), RegulationIndexPage(title="Have your say", slug="have-your-say")
    )
    text = [{"type": "article", "value": {"heading": "", "text": "Stalls close at 22:00."}}]
    return publish(
        index,
        RegulationPage(
            title=title,
            issuing_body="Wuzhen Town",
            summary=f"About {title}.",
            comment_opens_at=opens,
            comment_closes_at=closes,
            text=text,
        ),
    )


def test_drafts_open_for_comment_now_closing_soonest_first(client):
    now = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=SHANGHAI)
    day = datetime.timedelta(days=1)
    with time_machine.travel(now, tick=False):
        regulation("Street stalls", now - day, now + 10 * day)
        regulation("Garbage sorting", now - day, now + 2 * day)
        regulation("Closed already", now - 9 * day, now - day)
        regulation("Not open yet", now + day, now + 9 * day)
        html = home(client)
    drafts = block(html, "Open for comment")
    assert re.findall(r'regulation-card__title"><a href="[^"]+">([^<]+)<', drafts) == [
        "Garbage sorting",
        "Street stalls",
    ]
    assert "Comments until Dec. 7, 2026" in drafts
    assert 'href="/have-your-say/"' in html  # the Participation column links to the section
