"""Points from the case loop, written after each step is committed: a dispatched report earns
its reporter points (once, whatever happens later), an emergency fixed by the department earns
more, an evaluation earns a little; a report rejected after all, or merged as a duplicate, gives
its points back by a new entry with the reason."""

from django.test import TestCase

import pytest

from participation import services
from participation.models import Case
from rewards.models import Balance, PendingAward, PointEntry, Rule

pytestmark = pytest.mark.django_db


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def points(rule: str) -> int:
    return Rule.objects.get(code=rule).points


def balance(user) -> int:
    return Balance.objects.filter(user=user).values_list("points", flat=True).first() or 0


def test_a_dispatched_report_earns_its_reporter_points_once(submit, advance, resident):
    with committed():
        case = advance(submit(), "dispatch")
    entry = PointEntry.objects.get(user=resident)
    assert entry.rule.code == "case_dispatched"
    assert entry.source_label == case.reference
    assert entry.source == f"/cases/{case.reference}/"
    # Accepting, resolving and closing earn the reporter nothing more for the report itself.
    with committed():
        advance(case, "accept", "resolve")
    assert balance(resident) == points("case_dispatched")


def test_a_rejected_report_earns_nothing(submit, advance, resident):
    with committed():
        advance(submit(), "reject")
    assert not PointEntry.objects.filter(user=resident).exists()
    assert not PendingAward.objects.filter(user=resident).exists()


def test_a_report_waiting_for_the_centre_shows_its_points_as_pending(submit, advance, resident):
    with committed():
        case = submit()
    pending = PendingAward.objects.get(user=resident)
    assert (pending.rule.code, pending.source_label) == ("case_dispatched", case.reference)
    assert balance(resident) == 0
    with committed():
        advance(case, "dispatch")
    assert not PendingAward.objects.exists()
    assert balance(resident) == points("case_dispatched")


def test_an_emergency_bonus_is_pending_until_the_department_fixes_it(submit, advance, resident):
    with committed():
        case = advance(submit(urgency=Case.Urgency.EMERGENCY), "dispatch")
    assert [p.rule.code for p in PendingAward.objects.filter(user=resident)] == ["hazard_confirmed"]
    with committed():
        advance(case, "accept", "resolve")
    assert not PendingAward.objects.exists()


def test_an_emergency_fixed_by_the_department_earns_more(submit, advance, resident):
    with committed():
        advance(submit(urgency=Case.Urgency.EMERGENCY), "dispatch", "accept", "resolve")
    codes = sorted(PointEntry.objects.filter(user=resident).values_list("rule__code", flat=True))
    assert codes == ["case_dispatched", "hazard_confirmed"]
    assert balance(resident) == points("case_dispatched") + points("hazard_confirmed")


def test_an_evaluation_earns_its_evaluator_points(submit, advance, resident):
    with committed():
        advance(submit(), "dispatch", "accept", "resolve", "satisfied")
    assert balance(resident) == points("case_dispatched") + points("evaluation_given")


def test_a_report_rejected_after_it_was_dispatched_gives_its_points_back(
    submit, advance, resident, staff, dispatcher
):
    with committed():
        case = advance(submit(), "dispatch")
        services.case_return(case=case, actor=staff, reason="Not a public matter.")
        services.case_reject(
            case=Case.objects.get(pk=case.pk),
            actor=dispatcher,
            reason="Private property.",
            public_message="This is inside a private courtyard.",
        )
    entries = list(PointEntry.objects.filter(user=resident).order_by("pk"))
    assert [entry.points for entry in entries] == [
        points("case_dispatched"),
        -points("case_dispatched"),
    ]
    assert "This is inside a private courtyard." in entries[1].reason
    assert balance(resident) == 0


def test_a_duplicate_merged_into_another_case_gives_its_points_back(
    submit, advance, resident, neighbour, dispatcher
):
    with committed():
        original = submit(reporter=neighbour)
        duplicate = advance(submit(), "dispatch")
    assert balance(resident) == points("case_dispatched")
    with committed():
        services.case_merge(case=duplicate, actor=dispatcher, into=original)
    reversal = PointEntry.objects.get(user=resident, kind=PointEntry.Kind.REVERSAL)
    assert original.reference in reversal.reason
    assert balance(resident) == 0


def test_running_the_points_task_again_writes_nothing_more(submit, advance, resident):
    from participation import tasks

    with committed():
        case = advance(submit(), "dispatch")
    event = case.events.get(action="dispatch")
    tasks.case_event_points(event.pk)
    assert PointEntry.objects.filter(user=resident).count() == 1
