"""The housekeepers' own organisation: a resident applies to serve a grid; the grid leader (on the
public site) or a dispatcher (in the admin) approves or declines, and the applicant is told once;
the grid leader's page of their grid, and their message to its housekeepers; figures and filters
by village or community as well as by grid."""

import datetime
import zoneinfo

from django.core import mail
from django.urls import reverse

import pytest
import time_machine

from participation import services, tasks
from participation.models import (
    Case,
    Community,
    Grid,
    GridMembership,
    GridMessage,
    HousekeeperApplication,
)
from participation.organisation import notices
from participation.organisation import services as organisation
from participation.statistics.rollup import statistics_rollup
from portal import roles
from portal.models import Notification

from .helpers import square

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
Status = HousekeeperApplication.Status
NOTE = "I live by the east bridge and walk the lanes every morning."
PASSWORD = "correct-horse-battery"


def _person(make_user, email, *role_names, name="", language="en"):
    user = make_user(email=email, roles=[roles.RESIDENT, *role_names])
    user.display_name, user.language = name, language
    user.save(update_fields=["display_name", "language"])
    return user


@pytest.fixture
def leader(make_user, town):
    """The grid leader of grid 7."""
    user = _person(make_user, "leader@example.org", roles.GRID_LEADER, name="Zhang Wei")
    GridMembership.objects.create(grid=town.grid, user=user, role=GridMembership.Role.GRID_LEADER)
    return user


@pytest.fixture
def other_leader(make_user, town):
    """The grid leader of grid 8."""
    user = _person(make_user, "leader8@example.org", roles.GRID_LEADER, name="Sun Li")
    GridMembership.objects.create(
        grid=town.other_grid, user=user, role=GridMembership.Role.GRID_LEADER
    )
    return user


@pytest.fixture
def keeper(make_user, town):
    """A housekeeper of grid 7, with a mobile number that must never be shown."""
    user = _person(make_user, "keeper@example.org", roles.HOUSEKEEPER, name="Wang Fang")
    user.phone = "+8613812345678"
    user.save(update_fields=["phone"])
    GridMembership.objects.create(grid=town.grid, user=user, role=GridMembership.Role.HOUSEKEEPER)
    return user


@pytest.fixture
def applicant(resident, town):
    resident.home_grid = town.grid
    resident.save(update_fields=["home_grid"])
    return resident


def _logged_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _apply(applicant, grid, note=NOTE):
    return organisation.housekeeper_apply(applicant=applicant, grid=grid, note=note)


def _told(user, prefix=""):
    return list(Notification.objects.filter(recipient=user, key__startswith=prefix))


# --- Applying ---------------------------------------------------------------------------------


def test_a_resident_applies_to_their_home_grid_and_its_leader_is_told_once(
    client, applicant, leader, town, django_capture_on_commit_callbacks
):
    _logged_in(client, applicant)
    form = client.get(reverse("participation:housekeeper_apply"))
    assert form.status_code == 200
    page = form.content.decode()
    assert "Become a housekeeper" in page
    # The home grid is chosen already.
    assert f'<option value="{town.grid.pk}" selected>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("participation:housekeeper_apply"), {"grid": town.grid.pk, "note": NOTE}
        )
    assert response.status_code == 302
    assert response.url == reverse("participation:housekeeper_applications")
    application = HousekeeperApplication.objects.get()
    assert (application.applicant, application.grid, application.status) == (
        applicant,
        town.grid,
        Status.PENDING,
    )
    page = client.get(response.url).content.decode()
    assert "is with its grid leader" in page
    assert "Grid 7" in page and "Waiting for a decision" in page and NOTE in page
    # The grid leader hears of it once, with a link to their grid's page.
    (notice,) = _told(leader, "housekeeper-application:")
    assert "Li Hua applied to be a housekeeper of Grid 7" == notice.subject
    assert notice.url == reverse("participation:grid_lead", args=[7])
    assert notices.application_received(application.pk) == 1  # the task run again...
    assert len(_told(leader)) == 1  # ...tells no one twice
    assert len([m for m in mail.outbox if m.to == [leader.email]]) == 1


def test_each_person_is_told_in_their_own_language(
    make_user, applicant, leader, town, django_capture_on_commit_callbacks
):
    chinese = _person(make_user, "lao.wang@example.org", roles.GRID_LEADER, language="zh-hans")
    GridMembership.objects.create(grid=town.grid, user=chinese, role="grid_leader")
    with django_capture_on_commit_callbacks(execute=True):
        _apply(applicant, town.grid)
    (english,) = _told(leader)
    (in_chinese,) = _told(chinese)
    assert "Grid 7" in english.subject and "第 7 网格" in in_chinese.subject


@pytest.mark.parametrize("already", ["pending", "serving"])
def test_applying_twice_or_to_a_grid_one_serves_is_refused_and_nothing_is_written(
    client, applicant, town, already
):
    if already == "pending":
        _apply(applicant, town.grid)
        expected = "You have already applied to serve Grid 7."
    else:
        GridMembership.objects.create(grid=town.grid, user=applicant, role="housekeeper")
        expected = "You already serve Grid 7."
    before = HousekeeperApplication.objects.count()
    _logged_in(client, applicant)
    response = client.post(
        reverse("participation:housekeeper_apply"), {"grid": town.grid.pk, "note": NOTE}
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert HousekeeperApplication.objects.count() == before
    # Another grid is fine.
    response = client.post(
        reverse("participation:housekeeper_apply"), {"grid": town.other_grid.pk, "note": NOTE}
    )
    assert response.status_code == 302


def test_an_application_needs_a_note_and_a_grid(client, applicant, town):
    _logged_in(client, applicant)
    response = client.post(reverse("participation:housekeeper_apply"), {"grid": "", "note": "  "})
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 2
    assert not HousekeeperApplication.objects.exists()
    with pytest.raises(Exception, match="why you want to serve"):
        _apply(applicant, town.grid, note="   ")
    assert not HousekeeperApplication.objects.exists()


def test_applying_needs_a_signed_in_verified_resident(client, make_user, town):
    response = client.get(reverse("participation:housekeeper_apply"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    unverified = make_user(email="new@example.org", verified=False, roles=[roles.RESIDENT])
    _logged_in(client, unverified)
    response = client.post(
        reverse("participation:housekeeper_apply"), {"grid": town.grid.pk, "note": NOTE}
    )
    assert "Verify" in response.content.decode()  # allauth's "verify your email" page
    assert not HousekeeperApplication.objects.exists()


def test_the_applicant_withdraws_a_pending_application_and_no_one_else_can(
    client, applicant, neighbour, town
):
    application = _apply(applicant, town.grid)
    url = reverse("participation:housekeeper_application_withdraw", args=[application.pk])
    assert _logged_in(client, neighbour).post(url).status_code == 404
    client.logout()
    _logged_in(client, applicant)
    response = client.post(url, follow=True)
    assert "is withdrawn" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    # Withdrawn, they may apply again.
    assert _apply(applicant, town.grid).status == Status.PENDING


# --- Deciding ---------------------------------------------------------------------------------


def test_the_grid_leader_approves_and_the_applicant_becomes_a_housekeeper_and_is_told_once(
    client, applicant, leader, town, django_capture_on_commit_callbacks
):
    application = _apply(applicant, town.grid)
    _logged_in(client, leader)
    page = client.get(reverse("participation:grid_lead", args=[7])).content.decode()
    assert "Applications to decide" in page and NOTE in page and "Approve Li Hua" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("participation:grid_application_decide", args=[7, application.pk]),
            {"decision": "approve", "note": "Welcome! We meet on Fridays."},
            follow=True,
        )
    assert "Li Hua is now a housekeeper of Grid 7." in response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.decided_by) == (Status.APPROVED, leader)
    membership = GridMembership.objects.get(grid=town.grid, user=applicant)
    assert membership.role == GridMembership.Role.HOUSEKEEPER
    assert applicant.groups.filter(name=roles.HOUSEKEEPER).exists()
    (notice,) = _told(applicant, "housekeeper-application:")
    assert notice.subject == "You are now a housekeeper of Grid 7"
    assert "Welcome! We meet on Fridays." in notice.body
    assert notices.application_decided(application.pk)  # the task run again tells no more
    assert len(_told(applicant)) == 1
    assert len([m for m in mail.outbox if m.to == [applicant.email]]) == 1
    # The applicant sees it, and what housekeepers can do.
    client.logout()
    _logged_in(client, applicant)
    mine = client.get(reverse("participation:housekeeper_applications")).content.decode()
    assert "Approved" in mine and "Welcome! We meet on Fridays." in mine
    assert "Grids you serve" in mine
    report = client.get(reverse("participation:report")).content.decode()
    assert "Reporting for a neighbour without a smartphone?" in report
    # Deciding twice is refused.
    with pytest.raises(Exception, match="already been decided"):
        organisation.housekeeper_application_decline(application=application, by=leader)


def test_the_grid_leader_declines_and_the_applicant_is_told(
    client, applicant, leader, town, django_capture_on_commit_callbacks
):
    application = _apply(applicant, town.grid)
    _logged_in(client, leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("participation:grid_application_decide", args=[7, application.pk]),
            {"decision": "decline", "note": "We have enough housekeepers on your lane."},
        )
    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert not GridMembership.objects.filter(user=applicant).exists()
    assert not applicant.groups.filter(name=roles.HOUSEKEEPER).exists()
    (notice,) = _told(applicant, "housekeeper-application:")
    assert notice.subject == "Your application to serve Grid 7 was declined"
    assert "enough housekeepers on your lane" in notice.body
    client.logout()
    _logged_in(client, applicant)
    mine = client.get(reverse("participation:housekeeper_applications")).content.decode()
    assert "Declined" in mine and "enough housekeepers" in mine


def test_approving_ones_own_application_is_refused_and_nothing_changes(
    client, make_user, town, django_capture_on_commit_callbacks
):
    person = _person(make_user, "both@example.org", name="Qian Lin")
    application = _apply(person, town.grid)
    # Appointed grid leader while the application waited.
    GridMembership.objects.create(grid=town.grid, user=person, role="grid_leader")
    _logged_in(client, person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("participation:grid_application_decide", args=[7, application.pk]),
            {"decision": "approve"},
            follow=True,
        )
    assert "You cannot decide your own application." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.PENDING and application.decided_by is None
    assert GridMembership.objects.get(user=person).role == "grid_leader"
    assert not person.groups.filter(name=roles.HOUSEKEEPER).exists()
    assert not _told(person, "housekeeper-application:")


def test_a_leader_of_another_grid_and_other_residents_get_404(
    client, applicant, leader, other_leader, keeper, town
):
    application = _apply(applicant, town.grid)
    urls = [
        reverse("participation:grid_lead", args=[7]),
        reverse("participation:grid_application_decide", args=[7, application.pk]),
        reverse("participation:grid_message_send", args=[7]),
    ]
    for person in (other_leader, keeper, applicant):
        client.logout()
        _logged_in(client, person)
        assert client.get(urls[0]).status_code == 404
        assert client.post(urls[1], {"decision": "approve"}).status_code == 404
        assert client.post(urls[2], {"subject": "Hi", "body": "Hello"}).status_code == 404
    # Their own grid's page does not reach grid 7's applications either.
    client.logout()
    _logged_in(client, other_leader)
    assert client.get(reverse("participation:grid_lead", args=[8])).status_code == 200
    decide_here = reverse("participation:grid_application_decide", args=[8, application.pk])
    assert client.post(decide_here, {"decision": "approve"}).status_code == 404
    assert HousekeeperApplication.objects.get().status == Status.PENDING
    assert not GridMessage.objects.exists()
    # Signed out: to the login page.
    client.logout()
    assert "/accounts/login/" in client.get(urls[0]).url


def test_a_dispatcher_approves_in_the_admin(
    mfa_client, dispatcher, applicant, town, django_capture_on_commit_callbacks
):
    application = _apply(applicant, town.grid)
    declined = _apply(applicant, town.other_grid)
    organisation.housekeeper_application_decline(application=declined, by=dispatcher)
    client = mfa_client(dispatcher)
    listing = client.get(reverse("housekeeper_applications:index"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Housekeeper applications" in text and "Li Hua" in text and "Minhe Village" in text
    # Filtered by village or community, and by status.
    filtered = client.get(
        reverse("housekeeper_applications:index"),
        {"status": "pending", "grid__community": town.community.pk},
    )
    assert filtered.status_code == 200
    decide = reverse("housekeeper_applications:decide", args=[application.pk])
    assert decide in filtered.content.decode()
    page = client.get(decide)
    assert page.status_code == 200 and NOTE in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide, {"decision": "approve", "note": "Welcome."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decided_by) == (Status.APPROVED, dispatcher)
    assert GridMembership.objects.filter(grid=town.grid, user=applicant).exists()
    assert applicant.groups.filter(name=roles.HOUSEKEEPER).exists()
    assert len(_told(applicant, f"housekeeper-application:{application.pk}:")) == 1


def test_residents_and_department_staff_have_no_applications_screen(
    mfa_client, staff, applicant, town
):
    application = _apply(applicant, town.grid)
    client = mfa_client(staff)
    assert client.get(reverse("housekeeper_applications:index")).status_code == 302
    client.post(
        reverse("housekeeper_applications:decide", args=[application.pk]),
        {"decision": "approve"},
    )
    assert HousekeeperApplication.objects.get().status == Status.PENDING


# --- The grid leader's page -------------------------------------------------------------------


def test_the_grid_leaders_page_shows_the_grid(
    client, leader, keeper, applicant, town, submit, advance, case_in, resident
):
    early = datetime.datetime(2027, 4, 5, 9, 0, tzinfo=CHINA)
    with time_machine.travel(datetime.datetime(2027, 3, 20, 9, 0, tzinfo=CHINA), tick=False):
        last_month = submit(title="Bench broken by the pond")
    with time_machine.travel(early, tick=False):
        overdue = advance(submit(title="Street lamp out on Ferry Lane"), "dispatch")
        by_keeper = submit(reporter=keeper, title="Drain blocked behind the school")
        to_check = case_in(Case.Status.RESOLVED, title="Manhole cover replaced at No. 12")
        confirmed = case_in(Case.Status.RESOLVED, title="Fence mended by the canal")
        services.case_confirm_on_site(case=confirmed, user=keeper, comment="Looks good.")
        hidden = submit(title="A private matter next door")
        Case.objects.filter(pk=hidden.pk).update(is_hidden=True)
        elsewhere = case_in(Case.Status.SUBMITTED, title="Litter in grid 8")
        Case.objects.filter(pk=elsewhere.pk).update(grid=town.other_grid)
        _apply(applicant, town.grid)
    with time_machine.travel(datetime.datetime(2027, 4, 10, 9, 0, tzinfo=CHINA), tick=False):
        _logged_in(client, leader)
        response = client.get(reverse("participation:grid_lead", args=[7]))
    assert response.status_code == 200
    page = response.content.decode()
    section = {}
    for title in (
        "This month (2027-04)",
        "Applications to decide",
        "Overdue",
        "Repairs to check",
        "Open cases",
        "Members",
        "Write to the grid",
    ):
        assert title in page, title
        section[title] = page.split(title, 1)[1]

    def tile(name):
        return section["This month (2027-04)"].split(name)[1].split("<dd>")[1].split("</dd>")[0]

    # This month: 4 public cases reported (not last month's, the hidden one or grid 8's), 1 by a
    # housekeeper, 2 resolved, 1 confirmed on site. Open now: 3 (last month's too), 1 overdue.
    assert tile("Cases reported") == "4"
    assert tile("Reported by housekeepers") == "1"
    assert tile("Resolved") == "2"
    assert tile("Repairs confirmed on site") == "1"
    assert tile("Open now") == "3"
    assert tile("Overdue now") == "1"
    assert "Li Hua" in section["Applications to decide"].split("Overdue")[0]
    overdue_part = section["Overdue"].split("Repairs to check")[0]
    assert overdue.title in overdue_part and "overdue since" in overdue_part
    assert by_keeper.title not in overdue_part  # not dispatched: no due time yet
    check_part = section["Repairs to check"].split("Open cases")[0]
    assert to_check.title in check_part and confirmed.title not in check_part
    open_part = section["Open cases"].split("Members")[0]
    assert overdue.title in open_part and by_keeper.title in open_part
    assert last_month.title in open_part
    members = section["Members"].split("Write to the grid")[0]
    assert "Zhang Wei" in members and "Wang Fang" in members and "Grid leader" in members
    assert "since 20" in members
    # Nothing private: no hidden case, no other grid's, no phone number or email address.
    for absent in (hidden.title, elsewhere.title, "+8613812345678"):
        assert absent not in page
    for person in (keeper, applicant, leader):
        assert person.email not in page
    assert 'style="' not in page


def test_my_reports_links_a_grid_leader_to_their_grid(client, leader, resident):
    page = _logged_in(client, leader).get(reverse("participation:my_reports")).content.decode()
    assert reverse("participation:grid_lead", args=[7]) in page and "Lead Grid 7" in page
    client.logout()
    page = _logged_in(client, resident).get(reverse("participation:my_reports")).content.decode()
    assert "/lead/" not in page
    assert reverse("participation:housekeeper_applications") in page


# --- Messages to the housekeepers -------------------------------------------------------------


def test_the_grid_leader_writes_to_the_grids_housekeepers_each_told_once(
    client, leader, keeper, make_user, town, django_capture_on_commit_callbacks
):
    second = _person(make_user, "keeper2@example.org", roles.HOUSEKEEPER, name="Zhao Min")
    GridMembership.objects.create(grid=town.grid, user=second, role="housekeeper")
    elsewhere = _person(make_user, "keeper8@example.org", roles.HOUSEKEEPER)
    GridMembership.objects.create(grid=town.other_grid, user=elsewhere, role="housekeeper")
    _logged_in(client, leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("participation:grid_message_send", args=[7]),
            {"subject": "Clean-up on Saturday", "body": "Meet at the east bridge at 8."},
            follow=True,
        )
    assert "Your message is on its way" in response.content.decode()
    message = GridMessage.objects.get()
    assert (message.grid, message.sender, message.subject) == (
        town.grid,
        leader,
        "Clean-up on Saturday",
    )
    for person in (keeper, second):
        (notice,) = _told(person, "grid-message:")
        assert notice.key == f"grid-message:{message.pk}:{person.pk}"
        assert notice.subject == "Grid 7: Clean-up on Saturday"
        assert "Meet at the east bridge at 8." in notice.body and "Zhang Wei" in notice.body
    assert not _told(elsewhere) and not _told(leader)
    assert tasks.grid_message_notify(message.pk) == 2  # run again: still one each
    assert Notification.objects.filter(key__startswith="grid-message:").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([keeper.email, second.email])


@pytest.mark.parametrize(
    ("subject", "body", "error"),
    [("", "Meet at 8.", "Give the message a subject."), ("Saturday", "  ", "Write the message.")],
)
def test_an_empty_message_is_refused_and_nothing_is_sent(
    client, leader, keeper, town, subject, body, error, django_capture_on_commit_callbacks
):
    _logged_in(client, leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("participation:grid_message_send", args=[7]),
            {"subject": subject, "body": body},
        )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not GridMessage.objects.exists() and not _told(keeper)
    with pytest.raises(Exception, match=error):
        organisation.grid_message_send(grid=town.grid, sender=leader, subject=subject, body=body)
    assert not GridMessage.objects.exists()


def test_only_the_grid_leader_can_write_to_its_housekeepers(keeper, town):
    with pytest.raises(Exception, match="Only the grid's leader"):
        organisation.grid_message_send(grid=town.grid, sender=keeper, subject="Hi", body="Hello")
    assert not GridMessage.objects.exists()


# --- By village or community ------------------------------------------------------------------


@pytest.fixture
def two_communities(town, submit):
    """Minhe Village (grids 7 and 8): three cases; Xizha Community (grid 9): one."""
    xizha = Community.objects.create(
        code="xizha", name="西栅社区", name_en="Xizha Community", kind="community"
    )
    grid9 = Grid.objects.create(community=xizha, number=9, boundary=square(120.60, 30.74))
    cases = {
        "minhe-7a": submit(title="Minhe pothole"),
        "minhe-7b": submit(title="Minhe lamp"),
        "minhe-8": submit(title="Minhe litter"),
        "xizha-9": submit(title="Xizha drain"),
    }
    Case.objects.filter(pk=cases["minhe-8"].pk).update(grid=town.other_grid)
    Case.objects.filter(pk=cases["xizha-9"].pk).update(grid=grid9)
    return xizha


def test_the_public_case_list_filters_by_village_or_community(client, two_communities):
    page = client.get(reverse("participation:case_list"), {"community": "xizha"})
    text = page.content.decode().split('class="case-list"', 1)[1]
    assert "Xizha drain" in text and "Minhe" not in text
    text = client.get(reverse("participation:case_list"), {"community": "minhe"}).content.decode()
    assert "Minhe pothole" in text and "Minhe litter" in text and "Xizha drain" not in text
    # An unknown one is ignored, never an error page.
    assert (
        client.get(reverse("participation:case_list"), {"community": "nowhere"}).status_code == 200
    )


def test_the_admin_case_list_filters_by_village_or_community(
    mfa_client, dispatcher, two_communities
):
    client = mfa_client(dispatcher)
    response = client.get(
        reverse("participation_cases:index"), {"grid__community": two_communities.pk}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Xizha drain" in text and "Minhe pothole" not in text


def test_the_statistics_sum_grids_by_village_or_community(client, two_communities):
    statistics_rollup(months=[Case.objects.first().submitted_at.date()])
    page = client.get(reverse("participation:statistics")).content.decode()
    assert "Villages and communities" in page
    table = page.split("Villages and communities")[1].split("</table>")[0]
    rows = table.split("<tr>")[1:]
    minhe = next(row for row in rows if "Minhe Village" in row)
    xizha = next(row for row in rows if "Xizha Community" in row)
    # Received: the first figure after the name.
    assert minhe.split("</th>")[1].startswith('<td class="num">3</td>')
    assert xizha.split("</th>")[1].startswith('<td class="num">1</td>')
    assert "?community=xizha" in xizha
    response = client.get(reverse("participation:statistics_csv"))
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "community,xizha,Xizha Community,1," in csv


# --- Demo data --------------------------------------------------------------------------------


def test_the_demo_has_a_grid_leader_two_applications_waiting_and_a_message(
    make_user, make_phone_user, town
):
    from participation.organisation.demo import seed_organisation

    Grid.objects.create(community=town.community, number=1, boundary=square(120.30, 30.74))
    leader = make_user(email="gridleader@example.org", roles=[roles.RESIDENT, roles.GRID_LEADER])
    make_user(email="expert@example.org", roles=[roles.RESIDENT, roles.EXPERT])
    make_phone_user("+8613800138000")
    counts = seed_organisation()
    assert counts == {"housekeeper applications": 2, "messages to grids": 1}
    assert seed_organisation() == counts  # idempotent
    assert GridMembership.objects.get(user=leader).role == "grid_leader"
    assert set(HousekeeperApplication.objects.values_list("grid__number", "status").distinct()) == {
        (1, "pending")
    }
    assert GridMessage.objects.get().sender == leader
