"""The monthly situation bulletin: drafted from the month's figures as an unpublished page in the
"Bulletins" section, reviewed by the editors and published through the moderation workflow.

The clock is frozen on 3 April 2026 (China). The fixture, counted by hand:

- March 2026: 5 manhole-cover cases (grid 7, Construction Office), 4 closed after 10 h (due after
  24 h: on time) and 1 in progress, past its deadline; 2 litter cases (grid 8, Sanitation
  Station) resolved after 30 h (due after 24 h: late). 7 received, 6 resolved, 4 of 6 on time
  (66.7 %); evaluations 3 satisfied + 1 unsatisfied (75.0 %); median handling time: 4 cases in
  the 8–12 h bucket and 2 in the 24–36 h bucket, so about 8 + 4 × 3/4 = 11 h.
- February 2026: 3 manhole-cover cases closed after 50 h (due after 24 h: late). 3 received,
  3 resolved, 0 on time (0.0 %); 1 satisfied + 1 unsatisfied (50.0 %); median about
  48 + 24 × 1.5/3 = 60 h.
"""

import datetime
import zoneinfo
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
import time_machine
from django_q.models import Schedule

from participation import tasks
from participation.models import (
    AppraisalScheme,
    BulletinIndexPage,
    BulletinPage,
    Campaign,
    CampaignCase,
    Case,
    Department,
    DepartmentScorecard,
    Evaluation,
    Hotspot,
    ProblemList,
    ProblemListItem,
)
from participation.statistics.bulletins import bulletin_draft, bulletin_review_notice
from participation.statistics.rollup import statistics_rollup
from portal import roles
from portal.models import Notification

from ..page_tree import Page as Html
from .helpers import GRID8_LAT, GRID8_LNG, LAT, LNG

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 4, 3, 10, 0, tzinfo=CHINA)
MARCH = datetime.date(2026, 3, 1)
FEBRUARY = datetime.date(2026, 2, 1)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _case(town, submitted, *, status, resolved_after=None, due_after=24, litter=False, **extra):
    resolved = submitted + resolved_after * HOUR if resolved_after is not None else None
    return Case.objects.create(
        category=town.other_category if litter else town.category,
        grid=town.other_grid if litter else town.grid,
        latitude=GRID8_LAT if litter else LAT,
        longitude=GRID8_LNG if litter else LNG,
        title=extra.pop("title", "A problem"),
        description="Something is wrong here.",
        status=status,
        department=town.other_department if litter else town.department,
        submitted_at=submitted,
        updated_at=submitted,
        dispatched_at=submitted + HOUR,
        resolved_at=resolved,
        closed_at=resolved + 24 * HOUR if status == Case.Status.CLOSED else None,
        due_at=submitted + due_after * HOUR,
        **extra,
    )


@pytest.fixture
def month_data(town, make_user):
    """The hand-counted cases (see the module's docstring), rolled up, and one of each thing the
    bulletin reports on: scorecards, a hotspot, a running campaign, problem list items."""
    march = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=CHINA)
    february = datetime.datetime(2026, 2, 10, 9, 0, tzinfo=CHINA)
    closed = [
        _case(town, march + n * HOUR, status=Case.Status.CLOSED, resolved_after=10)
        for n in range(4)
    ]
    overdue = _case(
        town,
        march + 5 * HOUR,
        status=Case.Status.IN_PROGRESS,
        title="Broken railing by the Tongji bridge",
    )
    litter = [
        _case(town, march + n * HOUR, status=Case.Status.RESOLVED, resolved_after=30, litter=True)
        for n in (6, 7)
    ]
    earlier = [
        _case(town, february + n * HOUR, status=Case.Status.CLOSED, resolved_after=50)
        for n in range(3)
    ]
    Evaluation.objects.bulk_create(
        [Evaluation(case=case, round=1, rating="satisfied") for case in closed[:3]]
        + [Evaluation(case=closed[3], round=1, rating="unsatisfied")]
        + [Evaluation(case=earlier[0], round=1, rating="satisfied")]
        + [Evaluation(case=earlier[1], round=1, rating="unsatisfied")]
    )
    statistics_rollup(months=[FEBRUARY, MARCH])

    # Scorecards: seven ranked departments and one with too few cases.
    scheme = AppraisalScheme.objects.create(effective_from=datetime.date(2026, 1, 1))
    departments = [town.department, town.other_department] + [
        Department.objects.create(
            platform=town.platform, code=f"office-{n}", name=f"办公室{n}", name_en=f"Office {n}"
        )
        for n in range(3, 9)
    ]
    for rank, department in enumerate(departments[:7], start=1):
        DepartmentScorecard.objects.create(
            month=MARCH,
            department=department,
            scheme=scheme,
            handled=30 - rank,
            on_time_rate=100.0 - rank,
            satisfaction_rate=90.0,
            score=round(95.5 - 5 * rank, 1),
            rank=rank,
        )
    DepartmentScorecard.objects.create(
        month=MARCH, department=departments[7], scheme=scheme, handled=3, score=None, rank=None
    )

    Hotspot.objects.create(
        grid=town.other_grid,
        category=town.other_category,
        recent_cases=9,
        monthly_average=2.5,
        ratio=3.6,
    )

    centre = make_user(email="centre-lead@example.org", roles=[roles.DISPATCHER])
    running = Campaign.objects.create(
        slug="clean-canal",
        title="清洁河道专项整治",
        title_en="Clean canal banks",
        goal="让河道干净。",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 5, 31),
        lead_department=town.other_department,
        created_by=centre,
    )
    for case in [*litter, overdue]:
        CampaignCase.objects.create(campaign=running, case=case)
    Campaign.objects.create(
        slug="old-lanes",
        title="老街整治",
        title_en="Old lanes",
        goal="整治老街。",
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2026, 1, 31),
        lead_department=town.department,
        status=Campaign.Status.FINISHED,
        closed_at=datetime.datetime(2026, 1, 31, 12, 0, tzinfo=CHINA),
        created_by=centre,
    )

    leader = make_user(email="leader@example.org")
    inspection = ProblemList.objects.create(
        title="Old town walk",
        inspected_on=datetime.date(2026, 3, 9),
        leader=leader,
        created_by=centre,
    )
    ProblemListItem.objects.create(problem_list=inspection, case=overdue, position=1)
    not_yet_due = _case(
        town, NOW - HOUR, status=Case.Status.DISPATCHED, due_after=72, title="Loose paving"
    )
    ProblemListItem.objects.create(problem_list=inspection, case=not_yet_due, position=2)
    late_but_done = _case(
        town, march, status=Case.Status.RESOLVED, resolved_after=40, title="Blocked drain"
    )
    ProblemListItem.objects.create(problem_list=inspection, case=late_but_done, position=3)
    return SimpleNamespace(departments=departments, campaign=running, overdue=overdue)


@pytest.fixture
def editor(make_user):
    """An editor who reads English (accounts default to Chinese)."""
    user = make_user(email="editor@example.org", roles=[roles.EDITOR])
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def moderator(make_user):
    return make_user(email="moderator@example.org", roles=[roles.MODERATOR])


def _publish_through_moderation(page, editor, moderator):
    """The editor submits the draft; the moderator approves it (Wagtail's workflow)."""
    workflow = page.get_workflow()
    state = workflow.start(page, editor)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    return page


# --- The draft --------------------------------------------------------------------------------


def test_the_draft_holds_the_months_figures_against_last_month(month_data):
    page = bulletin_draft(month=MARCH)

    assert page.month == MARCH and page.slug == "2026-03"
    figures = {row["key"]: row for row in page.figures["figures"]}
    assert (figures["received"]["value"], figures["received"]["previous"]) == (7, 3)
    assert figures["received"]["change"] == 4
    assert (figures["resolved"]["value"], figures["resolved"]["change"]) == (6, 3)
    assert figures["on_time_rate"]["value"] == 66.7
    assert figures["on_time_rate"]["previous"] == 0.0
    assert figures["on_time_rate"]["change"] == 66.7
    assert (figures["satisfaction_rate"]["value"], figures["satisfaction_rate"]["change"]) == (
        75.0,
        25.0,
    )
    assert figures["median_hours"]["value"] == 11.0
    assert figures["median_hours"]["previous"] == 60.0
    assert figures["median_hours"]["change"] == -49.0


def test_the_draft_lists_top_categories_hotspots_highlights_campaigns_and_overdue_items(
    month_data, town
):
    snapshot = bulletin_draft(month=MARCH).figures

    assert [(row["name"]["en"], row["received"]) for row in snapshot["categories"]] == [
        ("Missing manhole cover", 5),
        ("Litter", 2),
    ]
    [spot] = snapshot["hotspots"]
    assert (spot["grid_number"], spot["category"]["en"], spot["recent_cases"], spot["ratio"]) == (
        8,
        "Litter",
        9,
        3.6,
    )
    hot = [grid["number"] for grid in snapshot["map"]["grids"] if grid["hot"]]
    assert hot == [8] and len(snapshot["map"]["grids"]) == 2

    appraisal = snapshot["appraisal"]
    assert appraisal["ranked"] == 7
    assert [(row["rank"], row["department"]["en"], row["score"]) for row in appraisal["top"]] == [
        (1, "Construction Office", 90.5),
        (2, "Sanitation Station", 85.5),
        (3, "Office 3", 80.5),
    ]
    assert [row["rank"] for row in appraisal["bottom"]] == [5, 6, 7]

    # The running campaign (2 of its 3 cases resolved); the one finished in January is left out.
    assert [(c["slug"], c["handled"], c["total"]) for c in snapshot["campaigns"]] == [
        ("clean-canal", 2, 3)
    ]

    # Only the open item past its deadline: not the one still in time, nor the resolved one.
    assert snapshot["overdue_total"] == 1
    [item] = snapshot["overdue"]
    assert item["list"] == "Old town walk" and item["position"] == 1
    assert item["reference"] == month_data.overdue.reference
    assert item["title"] == "Broken railing by the Tongji bridge"
    assert item["department"]["en"] == "Construction Office"
    assert item["days_overdue"] == 22  # due 11 March 14:00; 22 days 20 hours before now


def test_the_draft_is_an_unpublished_page_in_the_main_tree_with_a_written_summary(month_data):
    page = bulletin_draft(month=MARCH)

    page.refresh_from_db()
    assert not page.live and page.has_unpublished_changes
    assert page.latest_revision is not None
    section = page.get_parent().specific
    assert isinstance(section, BulletinIndexPage) and section.live
    # Drafted in the language of the site's main tree (the town writes in Chinese).
    assert page.locale.language_code == "zh-hans" == section.locale.language_code
    assert section.get_parent().locale.language_code == "zh-hans"
    assert "7" in page.summary and "66.7 %" in page.summary
    commentary = " ".join(str(block.value) for block in page.body)
    assert "井盖缺失破损 (5)" in commentary  # the top categories, by their Chinese names
    assert "66.7 %" in commentary and "75.0 %" in commentary


def test_a_quiet_month_is_drafted_with_empty_sections(town):
    page = bulletin_draft(month=MARCH)

    snapshot = page.figures
    assert [row["value"] for row in snapshot["figures"]][:2] == [0, 0]
    assert snapshot["categories"] == [] and snapshot["hotspots"] == []
    assert snapshot["map"] is None
    assert snapshot["appraisal"] == {"ranked": 0, "top": [], "bottom": []}
    assert snapshot["campaigns"] == [] and snapshot["overdue"] == []


@pytest.mark.parametrize(
    "month", [datetime.date(2026, 4, 1), datetime.date(2026, 4, 30), datetime.date(2026, 6, 1)]
)
def test_a_month_that_has_not_ended_is_refused_and_nothing_is_written(month_data, month):
    pages_before = BulletinIndexPage.objects.count()

    with pytest.raises(ValidationError) as refused:
        bulletin_draft(month=month)

    assert "once the month has ended" in refused.value.messages[0]
    assert BulletinPage.objects.count() == 0
    assert BulletinIndexPage.objects.count() == pages_before == 0


def test_the_last_day_of_a_month_is_still_too_early(db):
    with time_machine.travel(datetime.datetime(2026, 3, 31, 23, 59, tzinfo=CHINA), tick=False):
        with pytest.raises(ValidationError):
            bulletin_draft(month=MARCH)
    with time_machine.travel(datetime.datetime(2026, 4, 1, 0, 1, tzinfo=CHINA), tick=False):
        assert bulletin_draft(month=MARCH).month == MARCH


def test_a_month_is_drafted_once_and_the_editors_are_told_once(
    month_data, editor, make_user, django_capture_on_commit_callbacks, mailoutbox
):
    make_user(email="resident@example.org", roles=[roles.RESIDENT])
    with django_capture_on_commit_callbacks(execute=True):
        first = bulletin_draft(month=MARCH)
    with django_capture_on_commit_callbacks(execute=True):
        again = bulletin_draft(month=MARCH)
        monthly = tasks.bulletin_draft_monthly()  # the schedule's run: last month, i.e. March
    bulletin_review_notice(first.pk)  # a retried notice task

    assert again.pk == first.pk == monthly
    assert BulletinPage.objects.count() == 1
    assert first.revisions.count() == 1
    [notice] = Notification.objects.all()
    assert notice.recipient == editor
    assert "awaits review" in notice.subject
    assert notice.url == reverse("wagtailadmin_pages:edit", args=[first.pk])
    assert [message.to for message in mailoutbox] == [["editor@example.org"]]


def test_an_editor_cannot_add_a_second_bulletin_for_the_same_month(month_data):
    page = bulletin_draft(month=MARCH)
    section = page.get_parent()
    # Validated as the admin's form does (Wagtail checks a draft's title and slug only).
    second = BulletinPage(title="Again", slug="again", month=MARCH, summary="Again.")

    with pytest.raises(ValidationError) as refused:
        section.add_child(instance=second)

    assert "already a bulletin for this month" in str(refused.value)
    mid_month = BulletinPage(
        title="Mid", slug="mid", month=datetime.date(2026, 2, 15), summary="Mid-month."
    )
    with pytest.raises(ValidationError) as refused:
        section.add_child(instance=mid_month)
    assert "first day of the month" in str(refused.value)
    assert BulletinPage.objects.count() == 1


def test_the_monthly_task_is_scheduled_for_the_first_of_each_month(db):
    schedule = Schedule.objects.get(func="participation.tasks.bulletin_draft_monthly")
    assert schedule.schedule_type == Schedule.MONTHLY and schedule.repeats == -1
    assert schedule.next_run.astimezone(CHINA).day == 1


# --- Publishing and reading -------------------------------------------------------------------


def test_the_draft_is_not_public_until_a_moderator_approves_it(
    client, month_data, editor, moderator, django_capture_on_commit_callbacks
):
    page = bulletin_draft(month=MARCH)
    url = page.get_url()
    section_url = page.get_parent().get_url()
    assert client.get(url).status_code == 404
    assert page.title not in client.get(section_url).content.decode()
    assert not page.permissions_for_user(editor).can_publish()

    with django_capture_on_commit_callbacks(execute=True):  # drops the cached section page
        _publish_through_moderation(page, editor, moderator)

    assert page.live
    response = client.get(url)
    assert response.status_code == 200
    listing = client.get(section_url).content.decode()
    assert page.title in listing and page.summary in listing


def test_the_published_bulletin_shows_its_tables_and_charts(client, month_data, editor, moderator):
    page = _publish_through_moderation(bulletin_draft(month=MARCH), editor, moderator)

    html = client.get(page.get_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    tree = Html(html).root
    tiles = {
        tile.find("dt").text: [dd.text for dd in tile.find_all("dd")]
        for tile in tree.find_all("div", class_="stat-tile")
    }
    assert tiles["Cases received"] == ["7", "February 2026: 3 (change +4)"]
    assert tiles["Resolved on time"] == ["66.7 %", "February 2026: 0.0 % (change +66.7 points)"]
    assert tiles["Median handling time"][0] == "about 11 h"
    assert tiles["Median handling time"][1].endswith("(change −49.0 h)")

    section = {s.attrs["aria-labelledby"]: s.text for s in tree.find_all("section")}
    assert "Missing manhole cover" in section["bulletin-categories"]
    assert "Grid 8" in section["bulletin-hotspots"] and "3.6" in section["bulletin-hotspots"]
    assert "Construction Office" in section["bulletin-appraisal"]
    assert "Office 7" in section["bulletin-appraisal"]  # the lowest ranked
    assert "Office 8" not in section["bulletin-appraisal"]  # not ranked
    assert "Clean canal banks" in section["bulletin-campaigns"]
    assert "2 of 3 handled" in section["bulletin-campaigns"]
    assert "Old lanes" not in section["bulletin-campaigns"]
    assert "Broken railing by the Tongji bridge" in section["bulletin-overdue"]
    assert "Loose paving" not in html and "Blocked drain" not in html
    # Charts are drawn on the server, with no inline style or script (CSP).
    assert tree.find("svg", class_="bulletin-map__svg").attrs["role"] == "img"
    assert 'style="' not in html and "<script>" not in html


def test_the_bulletin_prints_with_its_own_stylesheet(client, month_data, editor, moderator):
    page = _publish_through_moderation(bulletin_draft(month=MARCH), editor, moderator)

    tree = Html(client.get(page.get_url()).content.decode()).root

    stylesheets = [link.attrs["href"] for link in tree.find_all("link", rel="stylesheet")]
    assert f"{settings.STATIC_URL}css/bulletin.css" in stylesheets
    buttons = [button for button in tree.find_all("button") if "data-print" in button.attrs]
    assert [button.text for button in buttons] == ["Print or save as PDF"] * 2
    assert all("no-print" in button.parent.attrs["class"] for button in buttons)
    css = (Path(settings.BASE_DIR) / "static" / "css" / "bulletin.css").read_text()
    assert "@media print" in css


def test_the_published_bulletin_is_found_by_the_site_search(client, month_data, editor, moderator):
    page = bulletin_draft(month=MARCH)
    assert page.title not in _search_titles(client, "井盖")  # a draft is not found

    _publish_through_moderation(page, editor, moderator)

    assert page.title in _search_titles(client, "井盖")  # a word of its commentary


def _search_titles(client, query) -> list[str]:
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return [result.title for result in (response.context["results"] or [])]


def test_the_bulletin_reads_in_english_with_names_in_english(client, month_data, editor, moderator):
    page = _publish_through_moderation(bulletin_draft(month=MARCH), editor, moderator)

    def appraisal(language):
        html = client.get(page.get_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        tree = Html(html).root
        return tree.find("section", **{"aria-labelledby": "bulletin-appraisal"}).text

    english, chinese = appraisal("en"), appraisal("zh-hans")
    assert "Construction Office" in english and "建设管理办" not in english
    assert "建设管理办" in chinese and "Construction Office" not in chinese


# --- Demo -------------------------------------------------------------------------------------


def test_the_demo_publishes_last_month_in_both_languages_and_leaves_a_draft(month_data, client):
    from wagtail.models import Site

    from participation.statistics.demo_bulletins import seed_bulletins
    from portal.demo import publish_translation

    publish_translation(Site.objects.get(is_default_site=True).root_page, "en", title="Home")

    assert seed_bulletins() == 3
    assert seed_bulletins() == 3  # run again: nothing new

    published = BulletinPage.objects.get(month=MARCH, locale__language_code="zh-hans")
    english = BulletinPage.objects.get(month=MARCH, locale__language_code="en")
    draft = BulletinPage.objects.get(month=FEBRUARY)
    assert published.live and english.live and not draft.live
    assert english.title == "Situation bulletin, March 2026"
    assert "Missing manhole cover (5)" in " ".join(str(block.value) for block in english.body)
    assert english.figures == published.figures
    response = client.get(english.get_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert (
        response.status_code == 200
        and "Situation bulletin, March 2026" in response.content.decode()
    )
