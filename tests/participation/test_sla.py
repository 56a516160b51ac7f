"""Time limits: a reminder before the deadline, overdue cases marked and their lead told, long
overdue cases escalated to the linkage centre; each once, whatever how often the check runs."""

from datetime import timedelta

from django.core import mail

import pytest

from participation import sla, tasks
from participation.models import Case, CaseEvent, DepartmentMembership
from portal import roles
from portal.models import Notification

S = Case.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_user, town):
    user = make_user(email="boss@example.org", roles=[roles.DEPARTMENT_LEAD])
    user.language = "en"  # the assertions read the English emails
    user.save(update_fields=["language"])
    DepartmentMembership.objects.create(department=town.department, user=user, role="lead")
    return user


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the check at `now`, with its after-commit tasks (synchronous in tests)."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return sla.cases_sla_check(now=now)

    return run


def notes(kind, user=None):
    found = Notification.objects.filter(kind=kind)
    return found.filter(recipient=user) if user else found


def test_time_limits_and_windows(case_in):
    case = case_in(S.DISPATCHED)  # routine: 72 hours
    assert sla.time_limit(case) == timedelta(hours=72)
    assert sla.reminder_window(case) == timedelta(hours=72 * 0.2)
    assert sla.escalation_time(case) == case.due_at + timedelta(hours=36)
    case.due_at = case.dispatched_at + timedelta(hours=2)
    assert sla.reminder_window(case) == timedelta(hours=1), "at least an hour"
    case.due_at = case.dispatched_at + timedelta(days=30)
    assert sla.reminder_window(case) == timedelta(hours=24), "at most a day"


def test_reminder_is_sent_once_before_the_deadline(case_in, staff, lead, run):
    case = case_in(S.IN_PROGRESS)
    version = case.version

    assert run(case.due_at - timedelta(hours=20)).reminded == 0, "too early"
    assert not notes("staff_overdue").exists()

    now = case.due_at - timedelta(hours=10)
    assert run(now).reminded == 1
    case.refresh_from_db()
    assert case.reminded_at == now
    assert case.version == version + 1
    assert case.updated_at == now
    assert case.overdue_at is None and case.escalation_level == 0
    assert {n.recipient for n in notes("staff_overdue")} == {staff, lead}
    reminder = notes("staff_overdue", staff).get()
    assert reminder.key == f"sla-reminder:{case.pk}:{case.due_at.isoformat()}:{staff.pk}"
    assert reminder.url == f"/admin/cases/inspect/{case.pk}/"
    assert "Deadline near" in reminder.subject
    sent = len(mail.outbox)

    assert run(now + timedelta(hours=1)).reminded == 0
    tasks.case_sla_reminder(case.pk)  # the task retried by the worker
    assert notes("staff_overdue").count() == 2
    assert len(mail.outbox) == sent
    case.refresh_from_db()
    assert case.version == version + 1


def test_overdue_marks_the_case_and_tells_the_lead_once(case_in, staff, lead, run):
    case = case_in(S.DISPATCHED)
    version = case.version
    now = case.due_at + timedelta(minutes=5)

    result = run(now)
    assert (result.reminded, result.overdue, result.escalated) == (0, 1, 0)
    case.refresh_from_db()
    assert case.overdue_at == now
    assert case.escalation_level == 1
    assert case.version == version + 1
    event = case.events.get(action=CaseEvent.Action.OVERDUE)
    assert event.actor is None and event.public_message == "" and event.internal_note
    assert event.to_status == S.DISPATCHED
    assert [n.recipient for n in notes("staff_overdue")] == [lead], "the lead, not the staff"
    assert notes("staff_overdue").get().key == f"staff:{event.pk}:{lead.pk}"
    assert [m.to for m in mail.outbox if "overdue" in m.subject] == [["boss@example.org"]]
    assert "Internal note" in mail.outbox[-1].body
    assert not case.follows.filter(user__notifications__kind="staff_overdue").exists()

    sent = len(mail.outbox)
    result = run(now + timedelta(minutes=15))
    assert (result.reminded, result.overdue, result.escalated) == (0, 0, 0)
    tasks.case_event_notify(event.pk)  # a retried task
    assert len(mail.outbox) == sent
    assert case.events.filter(action=CaseEvent.Action.OVERDUE).count() == 1
    case.refresh_from_db()
    assert case.version == version + 1


def test_a_department_without_a_lead_has_its_staff_told(case_in, staff, run):
    case = case_in(S.DISPATCHED)
    run(case.due_at + timedelta(minutes=1))
    assert [n.recipient for n in notes("staff_overdue")] == [staff]


def test_long_overdue_cases_are_escalated_to_the_centre_once(case_in, staff, lead, dispatcher, run):
    case = case_in(S.IN_PROGRESS)
    run(case.due_at + timedelta(minutes=1))
    version = Case.objects.get(pk=case.pk).version

    assert run(case.due_at + timedelta(hours=35)).escalated == 0, "not yet half the limit again"
    now = case.due_at + timedelta(hours=36, minutes=1)
    assert run(now).escalated == 1
    case.refresh_from_db()
    assert case.escalation_level == 2
    assert case.version == version + 1
    event = case.events.get(action=CaseEvent.Action.ESCALATE)
    assert [
        n.recipient for n in Notification.objects.filter(key__startswith=f"staff:{event.pk}:")
    ] == [dispatcher]

    sent = len(mail.outbox)
    assert run(now + timedelta(days=3)).escalated == 0
    assert len(mail.outbox) == sent
    assert case.events.filter(action=CaseEvent.Action.ESCALATE).count() == 1


def test_a_check_after_a_long_pause_marks_and_escalates_in_one_run(case_in, lead, dispatcher, run):
    case = case_in(S.DISPATCHED)
    version = case.version
    result = run(case.due_at + timedelta(days=5))
    assert (result.overdue, result.escalated) == (1, 1)
    case.refresh_from_db()
    assert case.escalation_level == 2
    assert case.version == version + 2, "one change each"
    assert list(case.events.values_list("action", flat=True))[-2:] == ["overdue", "escalate"]


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RESOLVED, S.CLOSED, S.REJECTED])
def test_cases_not_with_a_department_are_never_flagged(case_in, staff, lead, run, status):
    case = case_in(status)
    Case.objects.filter(pk=case.pk).update(due_at=case.submitted_at + timedelta(hours=1))
    case.refresh_from_db()
    version = case.version
    before = Notification.objects.count()
    for hours in (0.5, 2, 200):
        result = run(case.submitted_at + timedelta(hours=hours))
        assert (result.reminded, result.overdue, result.escalated) == (0, 0, 0)
    case.refresh_from_db()
    assert case.version == version
    assert case.overdue_at is None and case.reminded_at is None and case.escalation_level == 0
    assert Notification.objects.count() == before


def test_the_task_runs_the_check(case_in, lead, django_capture_on_commit_callbacks, time_machine):
    case = case_in(S.DISPATCHED)
    time_machine.move_to(case.due_at + timedelta(hours=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.cases_sla_check()
    assert result.overdue == 1
    assert notes("staff_overdue", lead).exists()
