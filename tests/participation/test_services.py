"""Services: each write is one transaction that leaves a timeline entry, refuses bad input with a
message, and leaves nothing behind (rows or files) when it fails half-way."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

import pytest
import time_machine
from django_q.models import Schedule

from participation import services, tasks, transitions
from participation.models import Attachment, Case, CaseEvent, CaseFollow

from .helpers import OUTSIDE_LAT, OUTSIDE_LNG, files_in, photo, recording

S = Case.Status
pytestmark = pytest.mark.django_db


# --- The timeline ---------------------------------------------------------------------------------


def test_every_step_writes_a_timeline_entry(submit, advance, resident, dispatcher, staff, town):
    case = submit()
    services.case_dispatch(
        case=case,
        actor=dispatcher,
        department=town.department,
        public_message="  Sent to the Construction Office.  ",
        internal_note="Second report this month.",
    )
    services.case_accept(case=case, actor=staff, public_message="We are on our way.")
    services.case_resolve(case=case, actor=staff, summary="New cover fitted.", photos=[photo()])
    services.case_evaluate(case=case, user=resident, rating="satisfied", comment="Thanks")

    rows = [
        (e.actor, e.action, e.from_status, e.to_status, e.public_message, e.internal_note)
        for e in case.events.all()
    ]
    assert rows == [
        (resident, "submit", "", S.SUBMITTED, "", ""),
        (
            dispatcher,
            "dispatch",
            S.SUBMITTED,
            S.DISPATCHED,
            "Sent to the Construction Office.",
            "Second report this month.",
        ),
        (staff, "accept", S.DISPATCHED, S.IN_PROGRESS, "We are on our way.", ""),
        (staff, "resolve", S.IN_PROGRESS, S.RESOLVED, "New cover fitted.", ""),
        (resident, "evaluate", S.RESOLVED, S.CLOSED, "", "Thanks"),
    ]
    case.refresh_from_db()
    assert case.events.last().created_at == case.closed_at == case.updated_at


def test_reject_and_return_keep_their_reasons_internal(submit, dispatcher, staff, town):
    returned = submit()
    services.case_dispatch(
        case=returned, actor=dispatcher, department=town.department, public_message="Sent."
    )
    services.case_return(case=returned, actor=staff, reason="  Litter is not ours.  ")
    rejected = submit()
    services.case_reject(
        case=rejected,
        actor=dispatcher,
        reason="Same as WZ-2026-000001.",
        public_message="Already reported.",
        duplicate_of=returned,
    )

    event = returned.events.last()
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        staff,
        "return",
        S.DISPATCHED,
        S.SUBMITTED,
    )
    assert (event.public_message, event.internal_note) == ("", "Litter is not ours.")
    assert Case.objects.get(pk=returned.pk).department is None
    event = rejected.events.last()
    assert (event.public_message, event.internal_note) == (
        "Already reported.",
        "Same as WZ-2026-000001.",
    )
    rejected.refresh_from_db()
    assert rejected.duplicate_of == returned
    assert rejected.closed_at == event.created_at


def test_dispatch_sets_the_due_time_from_the_category_and_urgency(submit, dispatcher, town):
    case = submit(urgency=Case.Urgency.EXPRESS)

    services.case_dispatch(
        case=case, actor=dispatcher, department=town.department, public_message="Sent."
    )

    case.refresh_from_db()
    assert case.department == town.department
    assert case.due_at - case.dispatched_at == timedelta(hours=town.category.sla_express_hours)


def test_timeline_entries_cannot_be_edited_or_deleted(submit):
    case = submit()
    event = case.events.get()

    event.public_message = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    with pytest.raises(ProtectedError):
        Case.objects.filter(pk=case.pk).delete()

    assert CaseEvent.objects.get(pk=event.pk).public_message == ""


# --- Refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, field, message",
    [
        (
            lambda case, dispatcher, staff, town: services.case_dispatch(
                case=case, actor=dispatcher, department=town.department, public_message=" "
            ),
            "public_message",
            "Write a message for the public.",
        ),
        (
            lambda case, dispatcher, staff, town: services.case_dispatch(
                case=case, actor=dispatcher, department=None, public_message="Sent."
            ),
            "department",
            "Choose an active department.",
        ),
        (
            lambda case, dispatcher, staff, town: services.case_reject(
                case=case, actor=dispatcher, reason="", public_message="No."
            ),
            "reason",
            "Give the reason for rejecting the case.",
        ),
        (
            lambda case, dispatcher, staff, town: services.case_reject(
                case=case, actor=dispatcher, reason="Dup.", public_message="No.", duplicate_of=case
            ),
            "duplicate_of",
            "A case cannot duplicate itself.",
        ),
    ],
)
def test_the_centre_must_give_what_the_public_and_staff_need(
    call, field, message, submit, dispatcher, staff, town
):
    case = submit()

    with pytest.raises(ValidationError) as error:
        call(case, dispatcher, staff, town)

    assert error.value.message_dict == {field: [message]}
    assert Case.objects.get(pk=case.pk).status == S.SUBMITTED
    assert case.events.count() == 1


def test_an_inactive_department_receives_no_cases(submit, dispatcher, town):
    case = submit()
    town.department.is_active = False
    town.department.save()

    with pytest.raises(ValidationError, match="Choose an active department."):
        services.case_dispatch(
            case=case, actor=dispatcher, department=town.department, public_message="Sent."
        )


def test_resolving_needs_a_summary_and_a_photo_or_a_reason(case_in, staff):
    case = case_in(S.IN_PROGRESS)

    with pytest.raises(ValidationError) as error:
        services.case_resolve(case=case, actor=staff, summary="  ", no_photo_reason="x")
    assert error.value.message_dict == {"summary": ["Describe what was done."]}
    with pytest.raises(ValidationError) as error:
        services.case_resolve(case=case, actor=staff, summary="Fixed.")
    assert error.value.message_dict == {
        "photos": ["Attach at least one photo of the result, or say why there is none."]
    }
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS


def test_returning_needs_a_reason(case_in, staff):
    case = case_in(S.DISPATCHED)

    with pytest.raises(ValidationError) as error:
        services.case_return(case=case, actor=staff, reason=" ")

    assert error.value.message_dict == {"reason": ["Say why the case is not for your department."]}
    assert Case.objects.get(pk=case.pk).status == S.DISPATCHED


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"category": None}, "category"),
        ({"latitude": OUTSIDE_LAT, "longitude": OUTSIDE_LNG}, "location"),
        ({"description": "x" * 4001}, "description"),
        ({"title": "abc"}, "title"),
        ({"photos": [photo(data=b"MZ\x90\x00" + b"\0" * 100)]}, "photos"),
        ({"photos": [photo() for _ in range(5)]}, "photos"),
        ({}, None),
    ],
)
def test_submit_refuses_bad_reports_and_writes_nothing(submit, case_files, overrides, field):
    if field is None:
        submit(**overrides)  # the control: a plain report goes through
        assert Case.objects.count() == 1
        return

    with pytest.raises(ValidationError) as error:
        submit(**overrides)

    assert field in error.value.message_dict
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert files_in(case_files) == []


def test_an_inactive_category_cannot_be_reported(submit, town):
    town.category.is_active = False
    town.category.save()

    with pytest.raises(ValidationError, match="Choose what kind of problem this is."):
        submit()


# --- One transaction ------------------------------------------------------------------------------


def test_a_failure_after_the_files_are_saved_leaves_no_case_no_row_and_no_file(
    submit, case_files, monkeypatch
):
    def fail(*args, **kwargs):
        assert len(files_in(case_files)) == 3, "the files were written before the failure"
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "record", fail)

    with pytest.raises(RuntimeError):
        submit(photos=[photo(), photo()], voice=recording())

    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert not CaseFollow.objects.exists()
    assert files_in(case_files) == []


def test_a_failure_while_resolving_keeps_the_case_in_progress_with_no_after_photo(
    case_in, staff, case_files, monkeypatch
):
    case = case_in(S.IN_PROGRESS)

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(transitions, "record", fail)
    with pytest.raises(RuntimeError):
        services.case_resolve(case=case, actor=staff, summary="Fixed.", photos=[photo()])

    case.refresh_from_db()
    assert case.status == S.IN_PROGRESS
    assert case.rectification_summary == ""
    assert not Attachment.objects.exists()
    assert files_in(case_files) == []


def test_a_successful_report_keeps_its_files(submit, case_files):
    case = submit(photos=[photo()], voice=recording())

    kinds = sorted(case.attachments.values_list("kind", "stage"))
    assert kinds == [("audio", "report"), ("photo", "report")]
    assert len(files_in(case_files)) == 2
    audio = case.attachments.get(kind="audio")
    assert audio.content_type == "audio/wav"
    assert 0.9 <= audio.duration_seconds <= 1.1


# --- Closing unevaluated cases --------------------------------------------------------------------


def test_resolved_cases_not_evaluated_within_7_days_are_closed(case_in):
    old = case_in(S.RESOLVED)
    new = case_in(S.RESOLVED)
    Case.objects.filter(pk=old.pk).update(resolved_at=timezone.now() - timedelta(days=8))
    open_case = case_in(S.IN_PROGRESS)

    assert services.cases_auto_close() == 1

    old.refresh_from_db()
    assert old.status == S.CLOSED
    assert old.closed_at is not None
    event = old.events.last()
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        None,
        "auto_close",
        S.RESOLVED,
        S.CLOSED,
    )
    assert event.public_text == "Closed: no evaluation was received within 7 days."
    assert Case.objects.get(pk=new.pk).status == S.RESOLVED
    assert Case.objects.get(pk=open_case.pk).status == S.IN_PROGRESS


def test_auto_close_with_an_explicit_time_is_idempotent(case_in):
    case = case_in(S.RESOLVED)
    later = case.resolved_at + timedelta(days=7, minutes=1)

    assert services.cases_auto_close(now=case.resolved_at + timedelta(days=6, hours=23)) == 0
    assert services.cases_auto_close(now=later) == 1
    assert services.cases_auto_close(now=later + timedelta(hours=1)) == 0

    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert case.closed_at == later
    assert case.events.filter(action="auto_close").count() == 1


def test_the_scheduled_task_closes_cases_a_week_later(case_in):
    case = case_in(S.RESOLVED)

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert tasks.cases_auto_close() == 0
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert tasks.cases_auto_close() == 1
        assert tasks.cases_auto_close() == 0

    assert Case.objects.get(pk=case.pk).status == S.CLOSED
    assert case.events.filter(action="auto_close").count() == 1


def test_the_auto_close_task_is_scheduled_by_a_migration():
    schedule = Schedule.objects.get(func="participation.tasks.cases_auto_close")

    assert schedule.schedule_type == Schedule.HOURLY
    assert schedule.repeats < 0, "it repeats forever"


def test_an_evaluated_case_is_not_closed_automatically(case_in, resident):
    case = case_in(S.RESOLVED)
    services.case_evaluate(case=case, user=resident, rating="unsatisfied")

    assert services.cases_auto_close(now=timezone.now() + timedelta(days=30)) == 0
    assert Case.objects.get(pk=case.pk).status == S.REOPENED


# --- Affects me too, follow -----------------------------------------------------------------------


def test_support_counts_once_per_person_and_makes_them_a_follower(submit, neighbour, dispatcher):
    case = submit()

    assert services.case_support(case=case, user=neighbour) is True
    assert services.case_support(case=case, user=neighbour) is False
    assert services.case_support(case=case, user=dispatcher) is True

    case.refresh_from_db()
    assert case.supporters_count == 2
    assert set(case.follows.values_list("user__email", flat=True)) == {
        "li.hua@example.org",
        "wang.fang@example.org",
        "centre@example.org",
    }


@pytest.mark.parametrize("status", [S.RESOLVED, S.CLOSED, S.REJECTED])
def test_only_open_cases_can_be_supported(status, case_in, neighbour):
    case = case_in(status)

    with pytest.raises(ValidationError, match="Only open cases can be supported."):
        services.case_support(case=case, user=neighbour)

    assert Case.objects.get(pk=case.pk).supporters_count == 0


def test_follow_and_unfollow(submit, neighbour):
    case = submit()

    services.case_follow(case=case, user=neighbour)
    services.case_follow(case=case, user=neighbour)
    assert case.follows.filter(user=neighbour).count() == 1
    services.case_unfollow(case=case, user=neighbour)
    assert not case.follows.filter(user=neighbour).exists()


def test_control_characters_pasted_into_a_report_are_removed(submit):
    case = submit(
        title="Cover\x0b missing",
        description="Gone\x07 since Monday.\nStill gone.",
        address="No.\x1b 12",
    )
    case.refresh_from_db()
    assert (case.title, case.description, case.address) == (
        "Cover missing",
        "Gone since Monday.\nStill gone.",
        "No. 12",
    )
