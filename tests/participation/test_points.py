"""Points from the case loop, written after each step is committed: a dispatched report earns
its reporter points (once, whatever happens later), an emergency fixed by the department earns
more, an evaluation earns a little; a report rejected after all, or merged as a duplicate, gives
its points back by a new entry with the reason."""

import datetime

from django.core.exceptions import ValidationError
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


def resolve_emergency(case, staff, appeared_at, *, real=True):
    services.case_accept(case=case, actor=staff)
    return services.case_resolve(
        case=Case.objects.get(pk=case.pk),
        actor=staff,
        summary="Fenced off and filled.",
        no_photo_reason="Night work.",
        hazard_real=real if case.urgency == Case.Urgency.EMERGENCY else None,
        hazard_appeared_at=appeared_at,
    )


def test_an_emergency_the_department_found_not_real_earns_no_bonus(
    submit, advance, resident, staff
):
    with committed():
        case = advance(submit(urgency=Case.Urgency.EMERGENCY), "dispatch")
        resolve_emergency(case, staff, None, real=False)
    assert Case.objects.get(pk=case.pk).hazard_confirmed is False
    assert not PendingAward.objects.exists(), "the expected bonus is dropped"
    codes = sorted(PointEntry.objects.filter(user=resident).values_list("rule__code", flat=True))
    assert codes == ["case_dispatched"]
    assert balance(resident) == points("case_dispatched")


def test_an_emergency_resolve_must_say_whether_the_hazard_was_real(submit, advance, staff):
    case = advance(submit(urgency=Case.Urgency.EMERGENCY), "dispatch", "accept")
    with pytest.raises(ValidationError) as refused:
        services.case_resolve(case=case, actor=staff, summary="Done.", no_photo_reason="Night.")
    assert refused.value.message_dict == {
        "hazard_real": ["Say whether you found the hazard real on site."]
    }
    with pytest.raises(ValidationError) as refused:
        services.case_resolve(
            case=case,
            actor=staff,
            summary="Done.",
            no_photo_reason="Night.",
            hazard_real=False,
            hazard_appeared_at=case.submitted_at,
        )
    assert refused.value.message_dict == {
        "hazard_appeared_at": ["A hazard that was not real has no time it appeared."]
    }
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS


def test_a_correction_of_the_urgency_moves_the_pending_emergency_bonus(
    submit, advance, resident, dispatcher
):
    with committed():
        emergency = advance(submit(urgency=Case.Urgency.EMERGENCY), "dispatch")
        routine = advance(submit(), "dispatch")
    assert [p.source_label for p in PendingAward.objects.all()] == [emergency.reference]

    with committed():
        services.case_reclassify(
            case=emergency, actor=dispatcher, urgency=Case.Urgency.ROUTINE, reason="A crack."
        )
        services.case_reclassify(
            case=routine, actor=dispatcher, urgency=Case.Urgency.EMERGENCY, reason="Gas smell."
        )

    [pending] = PendingAward.objects.all()
    assert (pending.rule.code, pending.source_label) == ("hazard_confirmed", routine.reference)
    assert balance(resident) == 2 * points("case_dispatched")


def test_a_report_within_an_hour_of_the_hazard_earns_the_timeliness_bonus(
    submit, advance, resident, staff
):
    with committed():
        case = advance(submit(urgency=Case.Urgency.EMERGENCY), "dispatch")
        resolve_emergency(case, staff, case.submitted_at - datetime.timedelta(minutes=40))
    assert Case.objects.get(pk=case.pk).hazard_appeared_at is not None
    codes = sorted(PointEntry.objects.filter(user=resident).values_list("rule__code", flat=True))
    assert codes == ["case_dispatched", "hazard_confirmed", "timely_report"]


def test_a_report_long_after_the_hazard_appeared_earns_no_bonus(submit, advance, resident, staff):
    with committed():
        case = advance(submit(urgency=Case.Urgency.EMERGENCY), "dispatch")
        resolve_emergency(case, staff, case.submitted_at - datetime.timedelta(hours=3))
    assert not PointEntry.objects.filter(rule__code="timely_report").exists()


def test_a_hazard_time_after_the_report_or_on_a_routine_case_is_refused(submit, advance, staff):
    emergency = advance(submit(urgency=Case.Urgency.EMERGENCY), "dispatch")
    routine = advance(submit(), "dispatch")
    for case, appeared in [
        (emergency, emergency.submitted_at + datetime.timedelta(minutes=5)),
        (routine, routine.submitted_at - datetime.timedelta(minutes=5)),
    ]:
        with pytest.raises(ValidationError) as refused:
            resolve_emergency(case, staff, appeared)
        assert "hazard_appeared_at" in refused.value.message_dict
        case = Case.objects.get(pk=case.pk)
        assert (case.status, case.hazard_appeared_at) == (Case.Status.IN_PROGRESS, None)
