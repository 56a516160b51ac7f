"""Telling staff: a case dispatched to my department, a case returned to the centre, a case of my
department reopened; email and on-site inbox, once each, muted kinds on-site only."""

from django.core import mail

import pytest

from participation import services, tasks
from participation.models import Case, CaseEvent, DepartmentMembership
from portal import roles
from portal.models import Notification

S = Case.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_user, town):
    user = make_user(email="boss@example.org", roles=[roles.DEPARTMENT_LEAD])
    DepartmentMembership.objects.create(department=town.department, user=user, role="lead")
    return user


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run a service call with its after-commit tasks (synchronous in tests)."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def told(kind):
    return Notification.objects.filter(kind=kind)


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_a_dispatch_tells_that_departments_staff_and_leads_only(
    submit, town, dispatcher, staff, lead, other_staff, after_commit
):
    case = submit()
    after_commit(
        services.case_dispatch,
        case=case,
        actor=dispatcher,
        department=town.department,
        public_message="Sent to the Construction Office.",
        internal_note="Urgent: near the school.",
    )
    event = case.events.get(action=CaseEvent.Action.DISPATCH)
    notes = told("staff_dispatched")
    assert {n.recipient for n in notes} == {staff, lead}
    assert not Notification.objects.filter(recipient=other_staff).exists()
    assert not Notification.objects.filter(recipient=dispatcher).exists(), "not the actor"
    note = notes.get(recipient=staff)
    assert note.key == f"staff:{event.pk}:{staff.pk}"
    assert note.url == f"/admin/cases/inspect/{case.pk}/"
    (email,) = emails_to("builder@example.org")
    assert case.reference in email.subject
    assert "Urgent: near the school." in email.body, "staff see internal notes"
    assert f"http://testserver/admin/cases/inspect/{case.pk}/" in email.body
    # The reporter hears of the dispatch, without the internal note.
    (public,) = emails_to("li.hua@example.org")[-1:]
    assert "Urgent" not in public.body

    sent = len(mail.outbox)
    tasks.case_event_notify(event.pk)  # the worker retries the task
    assert told("staff_dispatched").count() == 2
    assert len(mail.outbox) == sent


def test_a_return_tells_the_dispatchers(case_in, staff, dispatcher, make_user, after_commit):
    other_dispatcher = make_user(email="centre2@example.org", roles=[roles.DISPATCHER])
    case = case_in(S.DISPATCHED)
    after_commit(services.case_return, case=case, actor=staff, reason="Not ours: a water main.")
    event = case.events.get(action=CaseEvent.Action.RETURN)
    assert {n.recipient for n in told("staff_returned")} == {dispatcher, other_dispatcher}
    (email,) = emails_to("centre@example.org")
    assert "Not ours: a water main." in email.body
    tasks.case_event_notify(event.pk)
    assert told("staff_returned").count() == 2
    assert len(emails_to("centre@example.org")) == 1


def test_an_unsatisfied_evaluation_tells_the_department(
    case_in, resident, staff, lead, other_staff, after_commit
):
    case = case_in(S.RESOLVED)
    after_commit(
        services.case_evaluate,
        case=case,
        user=resident,
        rating="unsatisfied",
        comment="Still wobbly.",
    )
    event = case.events.get(action=CaseEvent.Action.EVALUATE)
    assert event.to_status == S.REOPENED
    assert {n.recipient for n in told("staff_reopened")} == {staff, lead}
    assert "Still wobbly." in emails_to("boss@example.org")[-1].body
    tasks.case_event_notify(event.pk)
    assert told("staff_reopened").count() == 2


def test_a_satisfied_evaluation_tells_no_staff(case_in, resident, staff, after_commit):
    case = case_in(S.RESOLVED)
    before = Notification.objects.filter(recipient=staff).count()
    after_commit(services.case_evaluate, case=case, user=resident, rating="satisfied")
    assert Notification.objects.filter(recipient=staff).count() == before


def test_muted_kinds_stay_on_site_without_email(
    submit, town, dispatcher, staff, lead, after_commit
):
    staff.muted_email_kinds = ["staff_dispatched"]
    staff.save(update_fields=["muted_email_kinds"])
    after_commit(
        services.case_dispatch,
        case=submit(),
        actor=dispatcher,
        department=town.department,
        public_message="Sent.",
    )
    assert told("staff_dispatched").filter(recipient=staff).exists()
    assert emails_to("builder@example.org") == []
    assert len(emails_to("boss@example.org")) == 1


def test_residents_never_get_staff_notifications(case_in, resident, staff, after_commit):
    case = case_in(S.DISPATCHED)
    after_commit(services.case_return, case=case, actor=staff, reason="Internal reason.")
    assert not Notification.objects.filter(recipient=resident, kind__startswith="staff").exists()
    assert all("Internal reason." not in m.body for m in emails_to("li.hua@example.org"))
