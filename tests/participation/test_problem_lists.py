"""Leadership problem lists: a town leader records an inspection, each problem becomes a case
dispatched at once with the leader's time limit; the list's progress in the admin and on the
public site once published; the leader told once when an item goes overdue and once when the
list is complete; who may do what (the permission matrix of the town leader role)."""

import datetime
import re
import zoneinfo
from datetime import timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

import pytest
import time_machine

from participation import services, sla, tasks, workflow
from participation.leadership import selectors as list_selectors
from participation.leadership import services as list_services
from participation.models import (
    Case,
    CaseEvent,
    CategoryAttribute,
    DepartmentMembership,
    ProblemList,
    ProblemListItem,
)
from portal import roles
from portal.models import Notification

from .helpers import GRID8_LAT, GRID8_LNG, LAT, LNG, OUTSIDE_LAT, OUTSIDE_LNG

S = Case.Status
pytestmark = pytest.mark.django_db

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
# A Tuesday morning in Wuzhen; the tests that count time run with the clock frozen here.
MONDAY = datetime.datetime(2027, 3, 16, 9, 0, tzinfo=CHINA)


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def leader(make_user):
    user = make_user(email="mayor@example.org", roles=[roles.TOWN_LEADER])
    user.display_name = "Shen Hui"
    user.language = "en"
    user.save(update_fields=["display_name", "language"])
    return user


@pytest.fixture
def other_leader(make_user):
    return make_user(email="deputy@example.org", roles=[roles.TOWN_LEADER])


@pytest.fixture
def lead(make_user, town):
    user = make_user(email="boss@example.org", roles=[roles.DEPARTMENT_LEAD])
    DepartmentMembership.objects.create(department=town.department, user=user, role="lead")
    return user


@pytest.fixture
def item(town):
    """One problem as the form gives it; keyword arguments override."""

    def item(**overrides):
        data = {
            "title": "Broken railing on Tongji Bridge",
            "description": "The east railing is loose over a 2 m drop.",
            "category": town.category,
            "department": town.department,
            "due_at": timezone.now() + timedelta(days=3),
            "latitude": LAT,
            "longitude": LNG,
        }
        data.update(overrides)
        return data

    return item


@pytest.fixture
def record(leader, item, town, django_capture_on_commit_callbacks):
    """Record a list through the service (its after-commit tasks run); by default the leader
    records two problems for themself, one for each department."""

    def record(actor=None, *, items=None, **overrides):
        data = {
            "actor": actor or leader,
            "title": "Old town walk",
            "inspected_on": timezone.localdate(),
            "description": "With the Construction Office.",
            "items": items
            if items is not None
            else [
                item(),
                item(
                    title="Rubbish by the Xizha gate",
                    category=town.other_category,
                    department=town.other_department,
                    due_at=timezone.now() + timedelta(days=5),
                    latitude=None,
                    longitude=None,
                    grid=town.other_grid,
                ),
            ],
        }
        data.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return list_services.problem_list_record(**data)

    return record


@pytest.fixture
def resolve(town, staff, other_staff, django_capture_on_commit_callbacks):
    """The department's staff accept and resolve a case (its tasks run, as the worker would)."""

    def resolve(case):
        worker = staff if case.department_id == town.department.pk else other_staff
        with django_capture_on_commit_callbacks(execute=True):
            case = services.case_accept(case=case, actor=worker)
            return services.case_resolve(
                case=case, actor=worker, summary="Fixed.", no_photo_reason="Seen by the leader."
            )

    return resolve


def cases_of(problem_list):
    return [item.case for item in problem_list.items.select_related("case").order_by("position")]


def nothing_written():
    return (
        ProblemList.objects.count() == 0
        and ProblemListItem.objects.count() == 0
        and Case.objects.count() == 0
        and CaseEvent.objects.count() == 0
    )


# --- Recording -----------------------------------------------------------------------------------


def test_a_leaders_list_makes_a_case_per_item_dispatched_with_the_leaders_time_limit(
    frozen, record, leader, town, staff, other_staff
):
    problem_list = record()

    assert problem_list.leader == leader and problem_list.created_by == leader
    first, second = cases_of(problem_list)
    assert [i.position for i in problem_list.items.order_by("position")] == [1, 2]
    for case, department, days in ((first, town.department, 3), (second, town.other_department, 5)):
        assert case.source == Case.Source.INSPECTION
        assert case.reporter is None and case.entered_by == leader
        assert case.status == S.DISPATCHED and case.department == department
        assert case.due_at == timezone.now() + timedelta(days=days), "the leader's limit"
        assert case.requested_due_at == case.due_at
        assert case.description_public, "the inspection's words are public at once"
        dispatch = case.events.get(action=CaseEvent.Action.DISPATCH)
        assert dispatch.actor == leader, "the timeline shows the leader's dispatch"
        assert "to be resolved by" in dispatch.public_message
    assert second.grid == town.other_grid, "a grid without coordinates: its middle"
    # The departments are told, as for any dispatch.
    assert Notification.objects.filter(recipient=staff, kind="staff_dispatched").count() == 1
    assert Notification.objects.filter(recipient=other_staff, kind="staff_dispatched").count() == 1


def test_the_centre_records_a_list_for_a_leader_and_dispatches_as_itself(
    frozen, record, dispatcher, leader
):
    problem_list = record(dispatcher, leader=leader)

    assert problem_list.leader == leader and problem_list.created_by == dispatcher
    for case in cases_of(problem_list):
        assert case.entered_by == dispatcher
        assert case.events.get(action=CaseEvent.Action.DISPATCH).actor == dispatcher


def test_a_leader_dispatches_only_the_first_time_then_the_case_is_the_centres(
    frozen, record, leader, staff, dispatcher, town
):
    case = cases_of(record())[0]
    services.case_return(case=case, actor=staff, reason="Not ours: the bridge is the county's.")
    case.refresh_from_db()

    assert "dispatch" not in workflow.allowed_actions(case, leader)
    assert "dispatch" in workflow.allowed_actions(case, dispatcher)
    with pytest.raises(workflow.TransitionError):
        services.case_dispatch(
            case=case, actor=leader, department=town.department, public_message="Again."
        )


@pytest.mark.parametrize(
    "change, field, message",
    [
        (
            lambda ctx: {"items": [ctx.item(department=None)]},
            "items.0.department",
            "Choose the department that must fix it.",
        ),
        (
            lambda ctx: {"items": [ctx.item(due_at=timezone.now() - timedelta(minutes=1))]},
            "items.0.due_at",
            "The time limit must be in the future.",
        ),
        (
            lambda ctx: {"items": [ctx.item(due_at=None)]},
            "items.0.due_at",
            "Give the time limit.",
        ),
        (lambda ctx: {"items": []}, "items", "Add at least one problem to the list."),
        (
            lambda ctx: {"items": [ctx.item(), ctx.item(latitude=None, longitude=None)]},
            "items.1.latitude",
            "Give the coordinates or choose the grid.",
        ),
        (
            lambda ctx: {"items": [ctx.item(latitude=OUTSIDE_LAT, longitude=OUTSIDE_LNG)]},
            "items.0.latitude",
            "This place is outside the town. Put the pin where the problem is.",
        ),
        (
            lambda ctx: {"leader": ctx.other_leader},
            "leader",
            "You can record problem lists only for yourself.",
        ),
        (
            lambda ctx: {"inspected_on": timezone.localdate() + timedelta(days=1)},
            "inspected_on",
            "The inspection date cannot be in the future.",
        ),
        (
            lambda ctx: {"title": "  "},
            "title",
            "Give the list a title, e.g. the inspection's route.",
        ),
    ],
    ids=[
        "no-department",
        "past-time-limit",
        "no-time-limit",
        "no-items",
        "no-place",
        "outside-the-town",
        "another-leaders-list",
        "future-inspection",
        "no-title",
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    frozen, record, item, other_leader, change, field, message
):
    context = type("Context", (), {"item": staticmethod(item), "other_leader": other_leader})

    with pytest.raises(ValidationError) as error:
        record(**change(context))

    assert message in error.value.message_dict[field]
    assert nothing_written()


def test_the_centre_may_only_name_a_town_leader(frozen, record, dispatcher, resident):
    with pytest.raises(ValidationError) as error:
        record(dispatcher, leader=resident)
    assert error.value.message_dict["leader"] == ["Choose a town leader."]
    assert nothing_written()


@pytest.mark.parametrize("who", ["staff", "lead", "resident"])
def test_only_leaders_and_the_centre_record_lists(frozen, record, request, who):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        record(person, leader=None)
    assert nothing_written()


def test_an_item_refused_by_the_case_rules_undoes_the_whole_list(frozen, record, item):
    """The second item's title is too short for a case (the case's own check, made once the
    first item's case is written): the first case is undone with the list."""
    with pytest.raises(ValidationError) as error:
        record(items=[item(), item(title="Pit")])

    assert "items.1.title" in error.value.message_dict
    assert nothing_written()


def test_a_categorys_questions_for_residents_do_not_hold_up_a_leaders_item(
    frozen, record, item, town
):
    CategoryAttribute.objects.create(
        category=town.category,
        code="hurt",
        datatype=CategoryAttribute.Datatype.STRING,
        required=True,
        description="是否有人受伤？",
        description_en="Has anyone been hurt?",
    )
    (case,) = cases_of(record(items=[item()]))
    assert case.status == S.DISPATCHED and case.attributes == {}


# --- Progress ------------------------------------------------------------------------------------


def test_progress_counts_resolved_and_closed_items_and_overdue_ones(
    frozen, record, item, resolve, town
):
    problem_list = record(
        items=[
            item(due_at=timezone.now() + timedelta(days=1)),
            item(due_at=timezone.now() + timedelta(days=2)),
            item(due_at=timezone.now() + timedelta(days=3)),
            item(due_at=timezone.now() + timedelta(days=4)),
        ]
    )
    first, second, _third, _fourth = cases_of(problem_list)
    assert list_selectors.progress(problem_list) == list_selectors.Progress(done=0, total=4)

    resolve(first)
    with_counts = list_selectors.staff_problem_lists(problem_list.leader).get()
    assert list_selectors.progress(with_counts) == list_selectors.Progress(done=1, total=4)
    assert list_selectors.progress(with_counts).percent == 25

    frozen.shift(timedelta(days=2, hours=1))  # the second is past its limit, the first is done
    resolve(second)
    services.cases_auto_close(now=timezone.now() + timedelta(days=8))
    assert Case.objects.get(pk=first.pk).status == S.CLOSED
    progress = list_selectors.list_progress(problem_list.pk)
    assert (progress.done, progress.total, progress.overdue) == (2, 4, 0)

    frozen.shift(timedelta(days=1))
    progress = list_selectors.list_progress(problem_list.pk)
    assert (progress.done, progress.overdue, progress.is_complete) == (2, 1, False)


# --- The leader's summaries ---------------------------------------------------------------------


def leader_notices(leader, key_start):
    return Notification.objects.filter(recipient=leader, key__startswith=key_start)


def test_the_leader_is_told_once_when_the_list_is_complete(frozen, record, resolve, leader):
    problem_list = record()
    first, second = cases_of(problem_list)

    resolve(first)
    assert not leader_notices(leader, "problem-list-complete").exists(), "one of two"

    resolve(second)
    (notice,) = leader_notices(leader, "problem-list-complete")
    assert notice.subject == "Problem list “Old town walk” is complete"
    assert "Every problem on the list is resolved or closed." in notice.body
    assert "2 of 2 done (100 %)" in notice.body
    assert "Broken railing on Tongji Bridge" in notice.body and first.reference in notice.body
    assert notice.url == f"/admin/problem-lists/inspect/{problem_list.pk}/"
    (email,) = [m for m in mail.outbox if m.to == [leader.email]]
    assert email.subject == notice.subject
    problem_list.refresh_from_db()
    assert problem_list.completed_at == timezone.now()

    # The worker runs the last event's task again; the case is later closed: told once.
    last = second.events.order_by("-pk").first()
    tasks.case_event_notify(last.pk)
    services.cases_auto_close(now=timezone.now() + timedelta(days=8))
    for event in CaseEvent.objects.filter(case__in=[first, second]):
        tasks.case_event_notify(event.pk)
    assert leader_notices(leader, "problem-list-complete").count() == 1
    assert len([m for m in mail.outbox if m.to == [leader.email]]) == 1


def test_the_leader_is_told_once_when_an_item_goes_overdue(
    frozen, record, leader, django_capture_on_commit_callbacks
):
    problem_list = record()
    first, second = cases_of(problem_list)  # due in 3 and 5 days

    def check(now):
        with django_capture_on_commit_callbacks(execute=True):
            sla.cases_sla_check(now=now)

    check(timezone.now() + timedelta(days=2))
    assert not leader_notices(leader, "problem-list-overdue").exists()

    frozen.shift(timedelta(days=3, minutes=15))
    check(timezone.now())
    (notice,) = leader_notices(leader, "problem-list-overdue")
    first_item = ProblemListItem.objects.get(case=first)
    assert notice.key == f"problem-list-overdue:{first_item.pk}"
    assert notice.subject == "Problem list “Old town walk”: item 1 is overdue"
    assert f"1. Broken railing on Tongji Bridge ({first.reference}) was due" in notice.body
    assert "0 of 2 done (0 %), 1 overdue" in notice.body
    assert "overdue by 15" in notice.body
    first_item.refresh_from_db()
    assert first_item.overdue_notified_at == timezone.now()

    # The check runs every 15 minutes, and the task may run again: still one notice.
    frozen.shift(timedelta(minutes=15))
    check(timezone.now())
    for event in first.events.all():
        tasks.case_event_notify(event.pk)
    assert leader_notices(leader, "problem-list-overdue").count() == 1

    frozen.shift(timedelta(days=2))
    check(timezone.now())
    assert leader_notices(leader, "problem-list-overdue").count() == 2, "the second item, once"
    assert not leader_notices(leader, "problem-list-complete").exists()


def test_cases_on_no_list_tell_no_leader(case_in, leader):
    case = case_in(S.RESOLVED)
    for event in case.events.all():
        tasks.case_event_notify(event.pk)
    assert not Notification.objects.filter(recipient=leader).exists()


# --- Publishing and the public pages -------------------------------------------------------------


def test_a_published_list_shows_its_items_on_the_public_site(
    frozen, client, record, leader, dispatcher, resolve, django_capture_on_commit_callbacks
):
    problem_list = record()
    first, second = cases_of(problem_list)
    detail = f"/problem-lists/{problem_list.pk}/"

    assert client.get(detail).status_code == 404, "not published yet"
    assert "Old town walk" not in client.get("/problem-lists/").content.decode()

    list_services.problem_list_publish(actor=leader, problem_list=problem_list)
    resolve(first)
    services.case_hide(case=second, actor=dispatcher, reason="Names a shop owner.")

    index = client.get("/problem-lists/").content.decode()
    assert f'href="{detail}"' in index and "Old town walk" in index
    assert 'max="2" value="1"' in index and "1 of 2 done" in index
    page = client.get(detail)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/cases/{first.reference}/"' in html and "Broken railing on Tongji Bridge" in html
    assert "Resolved" in html and "Construction Office" in html
    assert "Rubbish by the Xizha gate" not in html and second.reference not in html
    assert "This problem is not shown on the public site." in html
    assert "Town leader Shen Hui" in html
    assert "mayor@example.org" not in html

    with django_capture_on_commit_callbacks(execute=True):  # the cached pages are dropped
        list_services.problem_list_unpublish(actor=dispatcher, problem_list=problem_list)
    assert client.get(detail).status_code == 404
    assert "Old town walk" not in client.get("/problem-lists/").content.decode()


def test_publishing_is_for_the_lists_leader_and_the_centre(
    frozen, record, leader, other_leader, dispatcher, staff
):
    problem_list = record()
    for person in (other_leader, staff):
        with pytest.raises(PermissionDenied):
            list_services.problem_list_publish(actor=person, problem_list=problem_list)
    problem_list.refresh_from_db()
    assert not problem_list.is_published

    list_services.problem_list_publish(actor=leader, problem_list=problem_list)
    with pytest.raises(ValidationError) as error:
        list_services.problem_list_publish(actor=dispatcher, problem_list=problem_list)
    assert error.value.messages == ["This list is already published."]
    list_services.problem_list_unpublish(actor=dispatcher, problem_list=problem_list)
    problem_list.refresh_from_db()
    assert not problem_list.is_published and problem_list.published_at is not None


# --- The admin: recording, the list's page ------------------------------------------------------


def form_data(town, *, items, **overrides):
    data = {
        "title": "Old town walk",
        "inspected_on": timezone.localdate().isoformat(),
        "description": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "50",
    }
    for index, values in enumerate(items):
        for name, value in values.items():
            data[f"items-{index}-{name}"] = value
    data.update(overrides)
    return data


def item_data(town, **overrides):
    data = {
        "title": "Broken railing on Tongji Bridge",
        "description": "The east railing is loose over a 2 m drop.",
        "category": str(town.category.pk),
        "department": str(town.department.pk),
        "due_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "latitude": str(LAT),
        "longitude": str(LNG),
    }
    data.update(overrides)
    return data


def test_a_leader_records_a_list_in_the_admin(mfa_client, leader, town):
    client = mfa_client(leader)
    form = client.get("/admin/problem-lists/new/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="leader"' not in html, "a leader records for themself"
    assert 'id="problem-item-template"' in html and "Add another problem" in html

    # Without JavaScript, "Add another problem" sends the form: what was typed stays, unchecked.
    typed = form_data(town, items=[item_data(town, department="")], add_item="1")
    more = client.post("/admin/problem-lists/new/", typed)
    assert more.status_code == 200
    html = more.content.decode()
    assert 'name="items-TOTAL_FORMS" value="2"' in html
    assert 'value="Broken railing on Tongji Bridge"' in html
    assert "Choose the department" not in html, "no errors while still writing"
    assert ProblemList.objects.count() == 0

    refused = client.post(
        "/admin/problem-lists/new/",
        form_data(
            town,
            items=[
                item_data(town),
                item_data(
                    town,
                    title="Rubbish by the Xizha gate",
                    department="",
                    latitude="",
                    longitude="",
                    grid=str(town.other_grid.pk),
                ),
            ],
        ),
    )
    assert refused.status_code == 400
    assert "Choose the department that must fix it." in refused.content.decode()
    assert nothing_written()

    past = client.post(
        "/admin/problem-lists/new/",
        form_data(
            town,
            items=[
                item_data(
                    town,
                    due_at=(timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                )
            ],
        ),
    )
    assert past.status_code == 400
    assert "The time limit must be in the future." in past.content.decode()
    assert nothing_written()

    done = client.post(
        "/admin/problem-lists/new/",
        form_data(
            town,
            items=[
                item_data(town),
                item_data(
                    town,
                    title="Rubbish by the Xizha gate",
                    department=str(town.other_department.pk),
                    latitude=str(GRID8_LAT),
                    longitude=str(GRID8_LNG),
                ),
                {"title": "", "description": ""},  # a blank extra problem is left out
            ],
        ),
    )
    problem_list = ProblemList.objects.get()
    assert done.status_code == 302
    assert done.url == f"/admin/problem-lists/inspect/{problem_list.pk}/"
    assert problem_list.leader == leader and problem_list.items.count() == 2
    assert [c.department for c in cases_of(problem_list)] == [
        town.department,
        town.other_department,
    ]


def test_a_list_without_problems_is_refused_in_the_admin(mfa_client, leader, town):
    client = mfa_client(leader)
    response = client.post("/admin/problem-lists/new/", form_data(town, items=[]))
    assert response.status_code == 400
    assert "Add at least one problem to the list." in response.content.decode()
    assert nothing_written()


def test_the_centre_chooses_the_leader(mfa_client, dispatcher, leader, town):
    client = mfa_client(dispatcher)
    html = client.get("/admin/problem-lists/new/").content.decode()
    assert 'name="leader"' in html and "Shen Hui" in html
    response = client.post(
        "/admin/problem-lists/new/",
        form_data(town, items=[item_data(town)], leader=str(leader.pk)),
    )
    assert response.status_code == 302
    assert ProblemList.objects.get().leader == leader


def test_the_lists_page_shows_each_items_progress_and_the_bar(
    frozen, mfa_client, record, resolve, leader
):
    problem_list = record()
    first, second = cases_of(problem_list)
    resolve(first)
    frozen.shift(timedelta(days=5, hours=2))  # the second is two hours past its limit

    client = mfa_client(leader)
    index = client.get("/admin/problem-lists/").content.decode()
    assert "Old town walk" in index and "1 of 2 done" in index and "Not published" in index
    page = client.get(f"/admin/problem-lists/inspect/{problem_list.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'<progress class="list-progress__bar" max="2" value="1"', html)
    assert "1 of 2 done" in html and "(50 %)" in html and "1 overdue" in html
    assert f'href="/admin/cases/inspect/{first.pk}/"' in html
    assert f'href="/admin/cases/inspect/{second.pk}/"' in html
    assert "Resolved" in html and "Dispatched" in html
    assert "Construction Office" in html and "Sanitation Station" in html
    assert "overdue by 2" in html
    assert "Publish on the public site" in html

    response = client.post(f"/admin/problem-lists/{problem_list.pk}/publish/")
    assert response.status_code == 302
    problem_list.refresh_from_db()
    assert problem_list.is_published
    assert "Take off the public site" in client.get(response.url).content.decode()


def test_a_town_leader_reads_a_lists_case_but_cannot_act_on_it(frozen, mfa_client, record, leader):
    case = cases_of(record())[0]
    client = mfa_client(leader)

    page = client.get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    assert case.reference in page
    assert "There is nothing you can do with this case in its current state." in page
    response = client.post(f"/admin/cases/{case.pk}/accept/", {"version": case.version})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == S.DISPATCHED


# --- The permission matrix -----------------------------------------------------------------------

ALLOWED, DENIED, LOGIN, MISSING = "allowed", "denied", "login", "404"

# Who: (admin index, record form, a list's page, publish a list, that list's case in the admin).
# A list is someone else's object for those who may not see lists: its pages are a 404.
# Town leaders see every list (the town's leaders share what they hand down) and publish their
# own; the centre records for any leader and publishes any list; departments see none.
MATRIX = {
    "leader": (ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    "other_leader": (ALLOWED, ALLOWED, ALLOWED, DENIED, ALLOWED),
    "dispatcher": (ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    "other_staff": (DENIED, DENIED, MISSING, MISSING, MISSING),
    "lead": (DENIED, DENIED, MISSING, MISSING, ALLOWED),
    "resident": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
}


def outcome(response) -> str:
    if response.status_code == 404:
        return MISSING
    if response.status_code == 200:
        return ALLOWED
    assert response.status_code == 302, response.status_code
    if "/accounts/login/" in response.url:
        return LOGIN
    assert response.url == "/admin/", response.url
    return DENIED  # Wagtail: "Sorry, you do not have permission to access this area."


def publish_outcome(response, problem_list) -> str:
    """Publishing answers with the list's page either way: what counts is whether it was."""
    if response.status_code == 302 and response.url.startswith("/admin/problem-lists/inspect/"):
        problem_list.refresh_from_db()
        return ALLOWED if problem_list.is_published else DENIED
    return outcome(response)


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(
    who, request, frozen, record, mfa_client, other_leader, dispatcher, other_staff, lead
):
    problem_list = record()
    case = cases_of(problem_list)[0]  # the Construction Office's: the lead's department
    if who == "anonymous":
        client = Client()
    elif who == "resident":
        client = Client()
        client.force_login(request.getfixturevalue("resident"))
    else:
        client = mfa_client(request.getfixturevalue(who))

    seen = (
        outcome(client.get("/admin/problem-lists/")),
        outcome(client.get("/admin/problem-lists/new/")),
        outcome(client.get(f"/admin/problem-lists/inspect/{problem_list.pk}/")),
        publish_outcome(
            client.post(f"/admin/problem-lists/{problem_list.pk}/publish/"), problem_list
        ),
        outcome(client.get(f"/admin/cases/inspect/{case.pk}/")),
    )
    assert seen == MATRIX[who]
    problem_list.refresh_from_db()
    assert problem_list.is_published == (MATRIX[who][3] == ALLOWED)

    # The menu item, for those who may see lists.
    if who not in ("anonymous", "resident"):
        home = client.get("/admin/").content.decode()
        assert ('"url": "/admin/problem-lists/"' in home) == (MATRIX[who][0] == ALLOWED)

    # The public pages are the same for everyone: a published list, and an unpublished 404.
    if not problem_list.is_published:
        list_services.problem_list_publish(actor=dispatcher, problem_list=problem_list)
    assert client.get("/problem-lists/").status_code == 200
    assert client.get(f"/problem-lists/{problem_list.pk}/").status_code == 200
    unpublished = record(title="Second walk")
    assert client.get(f"/problem-lists/{unpublished.pk}/").status_code == 404


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_has_a_published_list_partly_done_and_a_complete_one(
    calendar_moment, django_capture_on_commit_callbacks
):
    import io

    from participation import demo as participation_demo
    from participation.leadership.demo import seed_problem_lists
    from portal import demo as portal_demo

    portal_demo.seed(stdout=io.StringIO())
    participation_demo.seed_structure()
    with django_capture_on_commit_callbacks(execute=True):
        counts = seed_problem_lists()
        assert seed_problem_lists() == counts, "seeding twice adds nothing"

    assert counts == {"problem lists": 2, "published problem lists": 1}
    leader = ProblemList.objects.first().leader
    assert leader.email == "leader@example.org"
    assert leader.groups.filter(name=roles.TOWN_LEADER).exists()
    published, complete = ProblemList.objects.order_by("-is_published")
    assert published.is_published and published.created_by == leader
    progress = list_selectors.list_progress(published.pk)
    assert (progress.done, progress.total, progress.overdue) == (2, 4, 0)
    assert not complete.is_published and complete.created_by.email == "dispatcher@example.org"
    assert list_selectors.list_progress(complete.pk).is_complete
    complete.refresh_from_db()
    assert complete.completed_at is not None
    assert Notification.objects.filter(key=f"problem-list-complete:{complete.pk}").exists()
    assert all(c.source == Case.Source.INSPECTION for c in Case.objects.all())
