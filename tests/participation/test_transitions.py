"""The one writer of a case's state (`participation.transitions.transition`): what it does for
every service, and that nothing is written when a step is refused, cancelled or goes wrong."""

from datetime import timedelta

from django.utils import timezone

import pytest
import time_machine

from participation import services, sla
from participation.models import Case, CaseEvent, Evaluation
from participation.transitions import transition
from participation.workflow import TransitionError

S = Case.Status
pytestmark = pytest.mark.django_db


def state(case):
    case = Case.objects.get(pk=case.pk)
    return (case.status, case.version, case.updated_at, case.events.count())


def test_a_target_outside_the_tables_choice_is_refused_and_writes_nothing(case_in, resident):
    case = case_in(S.RESOLVED)
    before = state(case)

    with pytest.raises(ValueError, match="cannot lead to"):
        with transition("evaluate", case, resident) as step:
            step.to = S.IN_PROGRESS

    assert state(case) == before


def test_a_cancelled_step_writes_nothing(case_in, dispatcher):
    case = case_in(S.DISPATCHED)
    before = state(case)

    with transition("note", case, dispatcher) as step:
        step.case.due_at = timezone.now()
        step.cancel()

    assert state(case) == before


def test_a_form_shown_an_older_version_is_told_to_reload(case_in, staff):
    case = case_in(S.DISPATCHED)
    before = state(case)

    with pytest.raises(TransitionError) as error:
        services.case_accept(case=case, actor=staff, expected_version=case.version - 1)

    assert error.value.code == "stale"
    assert "Reload the page" in error.value.message
    assert state(case) == before


def test_the_times_a_status_means_are_stamped_once_and_undone_on_return(
    case_in, dispatcher, other_staff, town
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        case = case_in(S.IN_PROGRESS)
    accepted = Case.objects.get(pk=case.pk).accepted_at

    with time_machine.travel(start + timedelta(hours=1), tick=False):
        case = services.case_reassign(
            case=case, actor=dispatcher, department=town.other_department, public_message="Moved."
        )
    assert case.dispatched_at == start + timedelta(hours=1), "reassigning dispatches again"

    with time_machine.travel(start + timedelta(hours=2), tick=False):
        case = services.case_return(case=case, actor=other_staff, reason="Not ours.")
    case.refresh_from_db()
    assert (case.status, case.department_id, case.due_at) == (S.SUBMITTED, None, None)
    assert case.accepted_at == accepted, "the first acceptance is kept"
    assert case.updated_at == start + timedelta(hours=2)


def test_the_system_steps_go_through_the_writer(case_in):
    case = case_in(S.DISPATCHED)
    due = Case.objects.get(pk=case.pk).due_at
    version = Case.objects.get(pk=case.pk).version

    result = sla.cases_sla_check(now=due + timedelta(minutes=1))

    case.refresh_from_db()
    assert result.overdue == 1
    assert case.version == version + 1
    event = case.events.get(action=CaseEvent.Action.OVERDUE)
    assert (event.from_status, event.to_status, event.actor) == (S.DISPATCHED, S.DISPATCHED, None)
    assert sla.cases_sla_check(now=due + timedelta(minutes=2)).overdue == 0
    assert Case.objects.get(pk=case.pk).version == version + 1, "a second run writes nothing"


def test_the_last_unsatisfied_evaluation_gives_the_case_back_to_the_centre(case_in, resident):
    case = case_in(S.RESOLVED)
    Case.objects.filter(pk=case.pk).update(reopen_count=2)

    services.case_evaluate(case=case, user=resident, rating=Evaluation.Rating.UNSATISFIED)

    case.refresh_from_db()
    assert (case.status, case.department_id, case.due_at, case.resolved_at) == (
        S.SUBMITTED,
        None,
        None,
        None,
    )
