"""Special rectification campaigns: launching (and what is refused), which cases join by
themselves and which the centre adds, the public page (and what it never shows), following and
the report notices (sent once), closing; and the centre's admin screens."""

import datetime
import io
import zoneinfo

from django.core import mail
from django.core.exceptions import ValidationError

import pytest
import time_machine

from participation import services, tasks
from participation.campaigns import selectors as campaign_selectors
from participation.campaigns import services as campaign_services
from participation.models import Attachment, Campaign, CampaignCase, Case, Hotspot
from portal import roles
from portal.models import Notification

from .helpers import GRID8_LAT, GRID8_LNG, page_text, photo

pytestmark = pytest.mark.django_db

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2027, 3, 15, 10, 0, tzinfo=CHINA)
TODAY = NOW.date()
DAY = datetime.timedelta(days=1)
S = Case.Status


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def launch(dispatcher, town, **overrides):
    data = {
        "actor": dispatcher,
        "title": "井盖专项整治",
        "title_en": "Manhole covers in grid 7",
        "goal": "一个月内修好第7网格所有井盖。",
        "goal_en": "Fix every manhole cover in grid 7 within a month.",
        "grids": [town.grid],
        "categories": [town.category],
        "starts_on": TODAY - 7 * DAY,
        "ends_on": TODAY + 30 * DAY,
        "lead_department": town.department,
        "joint_departments": [town.department, town.other_department],
    }
    data.update(overrides)
    return campaign_services.campaign_launch(**data)


@pytest.fixture
def campaign(dispatcher, town):
    return launch(dispatcher, town)


def members(campaign):
    return set(CampaignCase.objects.filter(campaign=campaign).values_list("case_id", flat=True))


# --- Launching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"grids": []}, "grids", "Choose the area"),
        ({"categories": []}, "categories", "at least one category"),
        ({"ends_on": TODAY - 8 * DAY}, "ends_on", "The end cannot be before the start."),
        ({"title": "  "}, "title", "title"),
        ({"goal": ""}, "goal", "what the campaign sets out to do"),
        ({"lead_department": None}, "lead_department", "lead department"),
    ],
)
def test_a_bad_launch_is_refused_with_a_clear_message_and_nothing_is_written(
    dispatcher, town, submit, overrides, field, message
):
    submit()  # a case in the area: it would join a campaign that was launched
    with pytest.raises(ValidationError) as refused:
        launch(dispatcher, town, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Campaign.objects.exists() and not CampaignCase.objects.exists()


def test_only_the_centre_launches(make_user, town):
    staff = make_user(email="staff@example.org", roles=[roles.DEPARTMENT_STAFF])
    leader = make_user(email="leader@example.org", roles=[roles.TOWN_LEADER])
    for person in (staff, leader):
        with pytest.raises(ValidationError, match="Only the linkage centre"):
            launch(person, town)
    assert not Campaign.objects.exists()


def test_launching_writes_both_languages_an_address_and_the_departments(campaign, town):
    assert campaign.slug == "manhole-covers-in-grid-7"
    assert campaign.status == Campaign.Status.RUNNING and campaign.is_public
    assert list(campaign.grids.all()) == [town.grid]
    assert list(campaign.categories.all()) == [town.category]
    assert campaign.lead_department == town.department
    # The lead is not also one of the joint departments.
    assert list(campaign.joint_departments.all()) == [town.other_department]
    assert campaign.get_absolute_url() == "/campaigns/manhole-covers-in-grid-7/"


def test_a_second_campaign_with_the_same_title_gets_its_own_address(campaign, dispatcher, town):
    again = launch(dispatcher, town)
    assert again.slug == "manhole-covers-in-grid-7-2"
    chinese_only = launch(dispatcher, town, title_en="")
    assert chinese_only.slug == "campaign-2027-03"


# --- Membership ---------------------------------------------------------------------------------


def test_cases_reported_since_its_first_day_join_at_launch(dispatcher, town, submit, clock):
    clock.move_to(NOW - 10 * DAY)
    too_early = submit()
    clock.move_to(NOW - 3 * DAY)
    in_period = submit()
    clock.move_to(NOW)
    campaign = launch(dispatcher, town)
    assert members(campaign) == {in_period.pk}
    assert CampaignCase.objects.get(case=in_period).added_by is None
    assert too_early.pk not in members(campaign)


def test_a_new_case_in_the_area_categories_and_period_joins_by_itself(campaign, submit):
    case = submit()
    membership = CampaignCase.objects.get(campaign=campaign, case=case)
    assert membership.added_by is None  # by itself
    assert list(case.campaigns.all()) == [campaign]


def test_new_cases_outside_the_area_or_categories_do_not_join(campaign, submit, town):
    elsewhere = submit(latitude=GRID8_LAT, longitude=GRID8_LNG)
    other_kind = submit(category=town.other_category)
    assert members(campaign) == set()
    assert not elsewhere.campaigns.exists() and not other_kind.campaigns.exists()


def test_new_cases_outside_the_period_do_not_join(dispatcher, town, submit, clock):
    later = launch(dispatcher, town, starts_on=TODAY + DAY, ends_on=TODAY + 10 * DAY)
    before_it = submit()
    assert members(later) == set()
    clock.move_to(NOW + 11 * DAY)
    after_it = submit()
    assert members(later) == set()
    clock.move_to(NOW + 5 * DAY)
    during = submit()
    assert members(later) == {during.pk}
    assert not before_it.campaigns.exists() and not after_it.campaigns.exists()


def test_a_finished_campaign_takes_no_new_case(campaign, dispatcher, submit):
    campaign_services.campaign_close(actor=dispatcher, campaign=campaign, closing_report="完成。")
    submit()
    assert members(campaign) == set()


def test_a_case_reclassified_into_the_campaign_joins_and_one_moved_out_leaves(
    campaign, submit, town, dispatcher
):
    litter = submit(category=town.other_category)
    assert members(campaign) == set()
    litter = services.case_reclassify(
        case=litter, actor=dispatcher, reason="It is a manhole cover.", category=town.category
    )
    assert members(campaign) == {litter.pk}
    services.case_reclassify(
        case=litter, actor=dispatcher, reason="Wrong grid.", latitude=GRID8_LAT, longitude=GRID8_LNG
    )
    assert members(campaign) == set()


def test_the_centre_adds_open_cases_of_the_area_reported_before(
    dispatcher, town, submit, clock, case_in
):
    clock.move_to(NOW - 20 * DAY)
    earlier = submit()
    fixed = case_in(S.CLOSED)
    clock.move_to(NOW)
    campaign = launch(dispatcher, town)
    assert members(campaign) == set()
    added = campaign_services.campaign_add_cases(
        actor=dispatcher, campaign=campaign, cases=[earlier]
    )
    assert added == 1
    assert CampaignCase.objects.get(campaign=campaign, case=earlier).added_by == dispatcher
    # Adding it again adds nothing; a closed one, or one outside the area, is refused by name.
    assert (
        campaign_services.campaign_add_cases(actor=dispatcher, campaign=campaign, cases=[earlier])
        == 0
    )
    with pytest.raises(ValidationError) as refused:
        campaign_services.campaign_add_cases(actor=dispatcher, campaign=campaign, cases=[fixed])
    assert fixed.reference in refused.value.message_dict["cases"][0]
    elsewhere = submit(latitude=GRID8_LAT, longitude=GRID8_LNG)
    with pytest.raises(ValidationError):
        campaign_services.campaign_add_cases(actor=dispatcher, campaign=campaign, cases=[elsewhere])
    assert members(campaign) == {earlier.pk}


def test_a_case_the_centre_added_stays_when_the_area_changes(dispatcher, town, submit, clock):
    clock.move_to(NOW - 20 * DAY)
    earlier = submit()
    clock.move_to(NOW)
    campaign = launch(dispatcher, town)
    joined = submit()
    campaign_services.campaign_add_cases(actor=dispatcher, campaign=campaign, cases=[earlier])
    campaign_services.campaign_update(
        actor=dispatcher,
        campaign=campaign,
        title=campaign.title,
        goal=campaign.goal,
        grids=[town.other_grid],
        categories=[town.category],
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        lead_department=town.department,
        is_public=True,
    )
    # The case that joined by itself follows the area; the one the centre added stays.
    assert members(campaign) == {earlier.pk}
    assert joined.pk not in members(campaign)


# --- The public pages ---------------------------------------------------------------------------


@pytest.fixture
def fixed_with_photos(campaign, submit, advance, staff):
    """A case of the campaign, fixed, with a photo of the problem and one of the repair."""
    case = advance(submit(photos=[photo("before.jpg")]), "dispatch", "accept")
    services.case_resolve(
        case=case, actor=staff, summary="New cover.", photos=[photo("after.jpg", colour=(0, 90, 0))]
    )
    return Case.objects.get(pk=case.pk)


def test_the_campaign_page_shows_the_goal_progress_photos_and_reports(
    client, campaign, fixed_with_photos, submit, dispatcher
):
    open_case = submit(title="Another cover gone")
    campaign_services.campaign_report_publish(
        actor=dispatcher, campaign=campaign, text="第一周：修好一个。", text_en="Week 1: one fixed."
    )
    with time_machine.travel(NOW + DAY, tick=False):
        campaign_services.campaign_report_publish(
            actor=dispatcher, campaign=campaign, text="第二周。", text_en="Week 2: more to come."
        )
    response = client.get("/campaigns/manhole-covers-in-grid-7/")
    assert response.status_code == 200
    page = page_text(response)
    assert "Manhole covers in grid 7" in page
    assert "Fix every manhole cover in grid 7 within a month." in page
    assert 'data-figure="total">2<' in page and 'data-figure="handled">1<' in page
    assert "1 of 2 cases handled (50 %)." in page
    assert '<progress class="campaign-progress" max="2" value="1"' in page
    # The chart: an SVG drawn on the server, no style attributes (CSP).
    assert "campaign-chart__svg" in page and "<polyline" in page
    assert " style=" not in page.split("<main")[1]
    # Before and after photos of the fixed case.
    before, after = (
        fixed_with_photos.attachments.get(stage=Attachment.Stage.REPORT),
        fixed_with_photos.attachments.get(stage=Attachment.Stage.RECTIFICATION),
    )
    assert f"/cases/files/{before.pk}/" in page and f"/cases/files/{after.pk}/" in page
    # Reports, newest first; the latest cases.
    assert page.index("Week 2: more to come.") < page.index("Week 1: one fixed.")
    assert open_case.title in page and open_case.reference in page
    assert "Closing report" not in page
    assert "Log in to follow this campaign" in page


def test_the_page_is_in_chinese_for_chinese_readers(client, campaign):
    page = page_text(
        client.get("/campaigns/manhole-covers-in-grid-7/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    )
    assert "井盖专项整治" in page and "一个月内修好第7网格所有井盖。" in page


def test_hidden_cases_and_hidden_photos_are_never_shown(
    client, campaign, fixed_with_photos, submit, advance, staff, dispatcher
):
    private = advance(submit(title="Private matter", photos=[photo("p.jpg")]), "dispatch", "accept")
    services.case_resolve(
        case=private, actor=staff, summary="Done.", photos=[photo("p2.jpg", colour=(0, 0, 200))]
    )
    services.case_hide(case=private, actor=dispatcher, reason="Shows a home.")
    after = fixed_with_photos.attachments.get(stage=Attachment.Stage.RECTIFICATION)
    services.case_hide_file(
        case=fixed_with_photos, actor=dispatcher, attachment=after, reason="A face."
    )
    page = page_text(client.get("/campaigns/manhole-covers-in-grid-7/"))
    assert "Private matter" not in page
    for attachment in Attachment.objects.filter(case=private):
        assert f"/cases/files/{attachment.pk}/" not in page
    # Without its public after-photo the fixed case has no before/after pair to show.
    assert f"/cases/files/{after.pk}/" not in page
    assert "Before and after" not in page
    # The hidden case still counts in the figures (as on the statistics page), never by name.
    assert 'data-figure="total">2<' in page


def test_a_campaign_that_is_not_public_is_not_found(client, dispatcher, town, resident):
    hidden = launch(dispatcher, town, is_public=False, title_en="Quiet campaign")
    assert client.get(f"/campaigns/{hidden.slug}/").status_code == 404
    assert "Quiet campaign" not in page_text(client.get("/campaigns/"))
    client.force_login(resident)
    assert client.post(f"/campaigns/{hidden.slug}/follow/").status_code == 404
    assert client.get("/campaigns/no-such-campaign/").status_code == 404


def test_the_list_shows_running_and_finished_campaigns_with_their_progress(
    client, campaign, dispatcher, town, fixed_with_photos
):
    done = launch(dispatcher, town, title_en="Last year's covers")
    campaign_services.campaign_close(actor=dispatcher, campaign=done, closing_report="完成。")
    page = page_text(client.get("/campaigns/"))
    running, finished = page.split('id="finished-title"')
    assert "Manhole covers in grid 7" in running and "Last year&#x27;s covers" in finished
    assert "1 of 1 cases handled" in running


def test_the_campaign_page_reads_a_fixed_number_of_rows(
    client, campaign, fixed_with_photos, submit, django_assert_max_num_queries
):
    """Campaign, area (2), categories, departments, counts, chart (2), photos (3), reports,
    latest cases, and the site's own reads: however many cases and photos the campaign has."""
    for n in range(5):
        submit(title=f"Cover {n}")
    client.get("/campaigns/manhole-covers-in-grid-7/?fresh=0")  # the site's settings, made once
    with django_assert_max_num_queries(15):
        response = client.get("/campaigns/manhole-covers-in-grid-7/?fresh=1")
    assert response.status_code == 200


def test_the_chart_counts_running_totals_week_by_week(
    dispatcher, town, submit, advance, clock, staff
):
    clock.move_to(NOW - 14 * DAY)  # a Monday two weeks ago (15 March 2027 is a Monday)
    campaign = launch(dispatcher, town, starts_on=TODAY - 14 * DAY)
    first = submit()
    clock.move_to(NOW - 6 * DAY)
    submit()
    advance(first, "dispatch", "accept", "resolve")
    clock.move_to(NOW)
    submit()
    chart = campaign_selectors.progress_chart(campaign)
    assert [(row["week"], row["total"], row["handled"]) for row in chart["rows"]] == [
        (TODAY - 14 * DAY, 1, 0),
        (TODAY - 7 * DAY, 2, 1),
        (TODAY, 3, 1),
    ]


# --- Following, reports, closing ----------------------------------------------------------------


def test_a_follower_hears_of_each_report_once(
    client, campaign, resident, neighbour, dispatcher, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    response = client.post("/campaigns/manhole-covers-in-grid-7/follow/")
    assert response.status_code == 302
    assert "Stop following" in page_text(client.get("/campaigns/manhole-covers-in-grid-7/"))
    with django_capture_on_commit_callbacks(execute=True):
        report = campaign_services.campaign_report_publish(
            actor=dispatcher, campaign=campaign, text="第一周。", text_en="Week one: 3 covers."
        )
    notices = Notification.objects.filter(recipient=resident)
    assert notices.count() == 1
    notice = notices.get()
    assert notice.subject == "Campaign “Manhole covers in grid 7”: a progress report"
    assert notice.body == "Week one: 3 covers." and notice.url == campaign.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[resident.email]]
    # The task run again (a retry) tells nobody twice; someone not following hears nothing.
    tasks.campaign_report_notify(report.pk)
    assert notices.count() == 1 and len(mail.outbox) == 1
    assert not Notification.objects.filter(recipient=neighbour).exists()
    # Unfollowed: the next report comes no more.
    client.post("/campaigns/manhole-covers-in-grid-7/follow/")
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.campaign_report_publish(
            actor=dispatcher, campaign=campaign, text="第二周。"
        )
    assert notices.count() == 1


def test_following_needs_a_login(client, campaign):
    response = client.post("/campaigns/manhole-covers-in-grid-7/follow/")
    assert response.status_code == 302 and "/login/" in response.url


def test_closing_needs_a_report_then_shows_it_and_tells_followers_once(
    client, campaign, resident, dispatcher, django_capture_on_commit_callbacks, submit
):
    campaign_services.campaign_follow_toggle(campaign=campaign, user=resident)
    with pytest.raises(ValidationError) as refused:
        campaign_services.campaign_close(actor=dispatcher, campaign=campaign, closing_report=" ")
    assert "closing_report" in refused.value.message_dict
    assert Campaign.objects.get(pk=campaign.pk).is_running
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.campaign_close(
            actor=dispatcher,
            campaign=campaign,
            closing_report="全部修好。",
            closing_report_en="All 12 covers were replaced.",
        )
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.FINISHED and campaign.closed_at == NOW
    page = page_text(client.get("/campaigns/manhole-covers-in-grid-7/"))
    assert "Closing report" in page and "All 12 covers were replaced." in page
    assert "Finished on 2027-03-15" in page
    tasks.campaign_closed_notify(campaign.pk)
    assert Notification.objects.filter(recipient=resident).count() == 1
    assert Notification.objects.get(recipient=resident).subject == (
        "Campaign “Manhole covers in grid 7” is finished"
    )
    # Finished: no second closing, no more reports, no more cases.
    with pytest.raises(ValidationError, match="finished already"):
        campaign_services.campaign_close(actor=dispatcher, campaign=campaign, closing_report="x")
    with pytest.raises(ValidationError, match="closing report is the last word"):
        campaign_services.campaign_report_publish(actor=dispatcher, campaign=campaign, text="x")
    submit()
    assert members(campaign) == set()


# --- The centre's admin screens -----------------------------------------------------------------


def launch_form(town, **overrides):
    data = {
        "title": "河道垃圾专项整治",
        "title_en": "Litter on the canal",
        "goal": "清理河道垃圾。",
        "goal_en": "Clear the canal of litter.",
        "grids": [str(town.grid.pk)],
        "categories": [str(town.other_category.pk)],
        "starts_on": str(TODAY),
        "ends_on": str(TODAY + 30 * DAY),
        "lead_department": str(town.other_department.pk),
        "joint_departments": [str(town.department.pk)],
        "is_public": "on",
        "slug": "",
    }
    data.update(overrides)
    return data


def test_the_centre_launches_a_campaign_from_a_hotspot_in_the_admin(dispatcher, mfa_client, town):
    spot = Hotspot.objects.create(
        grid=town.other_grid,
        category=town.other_category,
        recent_cases=9,
        monthly_average=2.0,
        ratio=4.5,
    )
    client = mfa_client(dispatcher)
    page = page_text(client.get(f"/admin/campaigns/new/?hotspot={spot.pk}"))
    assert "Filled in from the hotspot Grid 8 · Litter" in page
    assert f'value="{town.other_grid.pk}"' in page
    checked = page.split(f'value="{town.other_grid.pk}"')[1].split(">")[0]
    assert "checked" in checked
    assert "第8网格垃圾专项整治" in page

    # End before start: the form says so and nothing is written.
    response = client.post("/admin/campaigns/new/", launch_form(town, ends_on=str(TODAY - DAY)))
    assert response.status_code == 200
    assert "The end cannot be before the start." in page_text(response)
    response = client.post("/admin/campaigns/new/", launch_form(town, grids=[]))
    assert response.status_code == 200 and not Campaign.objects.exists()

    response = client.post("/admin/campaigns/new/", launch_form(town))
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/campaigns/inspect/{campaign.pk}/"
    assert campaign.slug == "litter-on-the-canal" and campaign.created_by == dispatcher
    page = page_text(client.get(response.url))
    assert "0 of 0 cases handled" in page and "Add open cases" in page


def test_the_centre_ticks_open_cases_to_add_and_writes_reports_and_closes(
    dispatcher, mfa_client, town, submit, clock
):
    clock.move_to(NOW - 20 * DAY)
    earlier = submit(title="Cover missing since February")
    clock.move_to(NOW)
    campaign = launch(dispatcher, town)
    client = mfa_client(dispatcher)
    page = page_text(client.get(f"/admin/campaigns/{campaign.pk}/cases/"))
    assert "Cover missing since February" in page
    response = client.post(f"/admin/campaigns/{campaign.pk}/cases/", {"cases": [earlier.pk]})
    assert response.status_code == 302
    assert members(campaign) == {earlier.pk}
    assert "added by" in page_text(client.get(f"/admin/campaigns/inspect/{campaign.pk}/"))

    response = client.post(f"/admin/campaigns/{campaign.pk}/report/", {"text": ""})
    assert response.status_code == 400 and "Write the report" in page_text(response)
    response = client.post(
        f"/admin/campaigns/{campaign.pk}/report/", {"text": "进展。", "text_en": "Progress."}
    )
    assert response.status_code == 302 and campaign.reports.count() == 1

    response = client.post(f"/admin/campaigns/{campaign.pk}/close/", {"closing_report": ""})
    assert response.status_code == 400 and not Campaign.objects.get().closed_at
    response = client.post(f"/admin/campaigns/{campaign.pk}/close/", {"closing_report": "完成。"})
    assert response.status_code == 302
    assert Campaign.objects.get().status == Campaign.Status.FINISHED
    # Finished: the screens that change it send the centre back to its page.
    response = client.get(f"/admin/campaigns/{campaign.pk}/report/")
    assert response.status_code == 302


def test_departments_and_town_leaders_look_but_do_not_launch(
    campaign, staff, make_user, mfa_client, town
):
    leader = make_user(email="leader@example.org", roles=[roles.TOWN_LEADER])
    for person in (staff, leader):
        client = mfa_client(person)
        page = page_text(client.get("/admin/campaigns/"))
        assert "Manhole covers in grid 7" in page or "井盖专项整治" in page
        assert "Launch a campaign" not in page
        assert client.get(f"/admin/campaigns/inspect/{campaign.pk}/").status_code == 200
        assert client.get("/admin/campaigns/new/").status_code == 302
        assert client.post(f"/admin/campaigns/{campaign.pk}/close/", {}).status_code == 302
    assert Campaign.objects.get().is_running


def test_residents_have_no_campaign_screens(client, resident, campaign):
    client.force_login(resident)
    assert client.get("/admin/campaigns/").status_code == 302


# --- The demo -----------------------------------------------------------------------------------


def test_the_demo_has_a_finished_and_a_running_campaign_and_hotspots(client, db):
    from participation import demo
    from participation.campaigns.demo import seed_campaigns
    from portal import demo as portal_demo

    portal_demo.seed(stdout=io.StringIO())
    demo.seed_structure()
    demo.seed_cases(count=400)
    counts = seed_campaigns()
    finished = Campaign.objects.get(slug="old-town-lanes-clutter-and-stalls")
    running = Campaign.objects.get(slug="xizha-old-street-stalls")
    assert finished.status == Campaign.Status.FINISHED and finished.closing_report
    assert finished.closed_at < NOW - 100 * DAY and finished.reports.count() == 3
    assert running.is_running and running.reports.count() == 2
    assert running.memberships.count() >= 10 and running.follows.count() == 1
    progress = campaign_selectors.campaign_progress(running)
    assert progress.handled >= 4
    assert campaign_selectors.before_after(running)
    spots = {
        (s.grid.number, s.category.code) for s in Hotspot.objects.select_related("grid", "category")
    }
    assert {(2, "street-stalls"), (25, "rubbish")} <= spots
    # Dates are relative to now: the running campaign began three weeks ago.
    assert running.starts_on == TODAY - 21 * DAY
    page = page_text(client.get("/campaigns/xizha-old-street-stalls/"))
    assert "Stalls on Xizha old street" in page and "Before and after" in page
    assert client.get("/campaigns/old-town-lanes-clutter-and-stalls/").status_code == 200
    # Again: nothing new.
    assert seed_campaigns() == counts
