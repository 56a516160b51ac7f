"""The case state machine: who may move a case from which state to which, and nothing else.

Every action is tried by every kind of person in every state, through the services (which is
the only way cases change)."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from participation import services, workflow
from participation.models import (
    Attachment,
    Case,
    CaseAssist,
    CaseEvent,
    Department,
    DepartmentMembership,
    Evaluation,
    GridMembership,
)
from participation.workflow import TransitionError
from portal import roles

from .conftest import ROUTE
from .helpers import photo

S = Case.Status

# The table from ARCHITECTURE.md: action -> (states it starts from, who may do it, new state).
# A new state of None: the action leaves the status as it is.
WORKING = {S.DISPATCHED, S.IN_PROGRESS, S.REOPENED}
FIXED = {S.RESOLVED, S.CLOSED}
EXPECTED = {
    "dispatch": ({S.SUBMITTED}, ("dispatcher",), S.DISPATCHED),
    "reject": ({S.SUBMITTED}, ("dispatcher",), S.REJECTED),
    "accept": ({S.DISPATCHED, S.REOPENED}, ("staff",), S.IN_PROGRESS),
    "return": ({S.DISPATCHED, S.IN_PROGRESS}, ("staff",), S.SUBMITTED),
    "resolve": ({S.IN_PROGRESS}, ("staff",), S.RESOLVED),
    "evaluate": ({S.RESOLVED}, ("reporter",), S.CLOSED),
    "note": ({*WORKING, S.AWAITING_CHECK}, ("dispatcher", "staff"), None),
    "reassign": (WORKING, ("dispatcher",), S.DISPATCHED),
    "deadline": (WORKING, ("dispatcher",), None),
    "merge": ({S.SUBMITTED, *WORKING}, ("dispatcher",), S.REJECTED),
    "confirm": ({S.RESOLVED, S.CLOSED}, ("housekeeper",), None),
    # Moderation in any state: hide a public case, publish a hidden one.
    "hide": (set(S.values), ("dispatcher",), None),
    "publish": (set(S.values), ("dispatcher",), None),
    # Moderation of what the public reads, in any state.
    "redact": (set(S.values), ("dispatcher",), None),
    "publish_report": (set(S.values), ("dispatcher",), None),
    "hide_file": (set(S.values), ("dispatcher",), None),
    "show_file": (set(S.values), ("dispatcher",), None),
    # The centre's examination of repairs, and a housekeeper's "not fixed".
    "approve": ({S.AWAITING_CHECK}, ("dispatcher",), S.RESOLVED),
    "send_back": ({S.AWAITING_CHECK}, ("dispatcher",), S.IN_PROGRESS),
    "not_fixed": (FIXED, ("housekeeper",), None),
    "reopen": (FIXED, ("dispatcher",), S.REOPENED),
    "clear_flag": (FIXED, ("dispatcher",), None),
    # Triage: the centre corrects category, urgency or place until the case is closed.
    "reclassify": ({S.SUBMITTED, *WORKING, S.AWAITING_CHECK, S.RESOLVED}, ("dispatcher",), None),
    # Public updates: the reporter (who follows their case) or a follower; the centre hides one.
    "update": (set(S.values), ("reporter",), None),
    "hide_update": (set(S.values), ("dispatcher",), None),
    # Joint handling: the centre asks another department to help or waives its part; the
    # assisting department (here the other department's staff) records its part.
    "assist_add": (WORKING, ("dispatcher",), None),
    "assist_record": (WORKING, ("other_staff",), None),
    "assist_waive": (WORKING, ("dispatcher",), None),
}


def _assist(case):
    return CaseAssist.objects.create(
        case=case, department=Department.objects.get(code="sanitation"), task="Sweep it up."
    )


def _file(case, *, public=True):
    return Attachment.objects.create(
        case=case,
        kind=Attachment.Kind.PHOTO,
        stage=Attachment.Stage.REPORT,
        file=f"2026/12/case-{case.pk}.jpg",
        content_type="image/jpeg",
        is_public=public,
    )


# Actions that need more than a status, and how a test case is given it: publishing needs a
# hidden case, publishing the reporter's words needs words not yet published, hiding a file a
# public file, publishing one a hidden file.
PREPARE = {
    "publish": lambda case: Case.objects.filter(pk=case.pk).update(is_hidden=True),
    "publish_report": lambda case: Case.objects.filter(pk=case.pk).update(description_public=False),
    "hide_file": lambda case: _file(case),
    "show_file": lambda case: _file(case, public=False),
    "clear_flag": lambda case: Case.objects.filter(pk=case.pk).update(flagged_at=timezone.now()),
    "hide_update": lambda case: services.case_update_post(
        case=case, user=case.reporter, text="Still blocked this morning."
    ),
    "assist_record": _assist,
    "assist_waive": _assist,
}
# Of these, the ones a fresh public case already meets (for the list of buttons).
MET_BY_A_FRESH_CASE = {"publish_report": {S.SUBMITTED, S.REJECTED}}
ACTORS = [
    "reporter",
    "other_resident",
    "dispatcher",
    "staff",
    "lead",
    "other_staff",
    "moderator",
    "housekeeper",
    "anonymous",
    "none",
]
# A department lead may do whatever the department's staff may; a moderator works on content only.
ROLE_OF = {"lead": "staff"}
EVENT_ACTION = {
    "dispatch": CaseEvent.Action.DISPATCH,
    "reject": CaseEvent.Action.REJECT,
    "accept": CaseEvent.Action.ACCEPT,
    "return": CaseEvent.Action.RETURN,
    "resolve": CaseEvent.Action.RESOLVE,
    "evaluate": CaseEvent.Action.EVALUATE,
    "note": CaseEvent.Action.NOTE,
    "reassign": CaseEvent.Action.REASSIGN,
    "deadline": CaseEvent.Action.DEADLINE,
    "merge": CaseEvent.Action.MERGE,
    "confirm": CaseEvent.Action.CONFIRM,
    "hide": CaseEvent.Action.HIDE,
    "publish": CaseEvent.Action.PUBLISH,
    "redact": CaseEvent.Action.REDACT,
    "publish_report": CaseEvent.Action.PUBLISH_REPORT,
    "hide_file": CaseEvent.Action.HIDE_FILE,
    "show_file": CaseEvent.Action.SHOW_FILE,
    "approve": CaseEvent.Action.APPROVE,
    "send_back": CaseEvent.Action.SEND_BACK,
    "not_fixed": CaseEvent.Action.NOT_FIXED,
    "reopen": CaseEvent.Action.REOPEN,
    "clear_flag": CaseEvent.Action.CLEAR_FLAG,
    "reclassify": CaseEvent.Action.RECLASSIFY,
    "update": CaseEvent.Action.UPDATE,
    "hide_update": CaseEvent.Action.HIDE_UPDATE,
    "assist_add": CaseEvent.Action.ASSIST_ADD,
    "assist_record": CaseEvent.Action.ASSIST_DONE,
    "assist_waive": CaseEvent.Action.ASSIST_WAIVE,
}


@pytest.fixture
def people(resident, neighbour, dispatcher, staff, other_staff, make_user, town):
    lead = make_user(email="lead@example.org", roles=[roles.DEPARTMENT_LEAD])
    DepartmentMembership.objects.create(department=town.department, user=lead, role="lead")
    moderator = make_user(email="moderator@example.org", roles=[roles.MODERATOR])
    housekeeper = make_user(email="housekeeper@example.org", roles=[roles.RESIDENT])
    GridMembership.objects.create(grid=town.grid, user=housekeeper, role="housekeeper")
    return {
        "reporter": resident,
        "other_resident": neighbour,
        "dispatcher": dispatcher,
        "staff": staff,
        "lead": lead,
        "other_staff": other_staff,
        "moderator": moderator,
        "housekeeper": housekeeper,
        "anonymous": AnonymousUser(),
        "none": None,
    }


def perform(action, case, actor, town, other=None):
    if action == "dispatch":
        services.case_dispatch(
            case=case, actor=actor, department=town.department, public_message="Sent on."
        )
    elif action == "reject":
        services.case_reject(case=case, actor=actor, reason="Not ours.", public_message="No.")
    elif action == "accept":
        services.case_accept(case=case, actor=actor)
    elif action == "return":
        services.case_return(case=case, actor=actor, reason="Not our department.")
    elif action == "resolve":
        services.case_resolve(case=case, actor=actor, summary="Fixed.", no_photo_reason="None.")
    elif action == "evaluate":
        services.case_evaluate(case=case, user=actor, rating=Evaluation.Rating.SATISFIED)
    elif action == "note":
        services.case_note(case=case, actor=actor, public_message="Work starts on Monday.")
    elif action == "reassign":
        services.case_reassign(
            case=case, actor=actor, department=town.other_department, public_message="Moved."
        )
    elif action == "deadline":
        services.case_set_deadline(
            case=case, actor=actor, due_at=timezone.now() + timedelta(days=3), reason="Parts."
        )
    elif action == "merge":
        services.case_merge(case=case, actor=actor, into=other)
    elif action == "confirm":
        services.case_confirm_on_site(case=case, user=actor)
    elif action == "hide":
        services.case_hide(case=case, actor=actor, reason="It shows a face.")
    elif action == "publish":
        services.case_publish(case=case, actor=actor)
    elif action == "redact":
        services.case_redact(
            case=case,
            actor=actor,
            title="A cover is missing",
            description="A hole.",
            reason="A name.",
        )
    elif action == "publish_report":
        services.case_publish_report(case=case, actor=actor)
    elif action in ("hide_file", "show_file"):
        attachment = case.attachments.filter(is_public=action == "hide_file").first()
        if action == "hide_file":
            services.case_hide_file(case=case, actor=actor, attachment=attachment, reason="A face.")
        else:
            services.case_show_file(case=case, actor=actor, attachment=attachment)
    elif action == "approve":
        services.case_approve(case=case, actor=actor)
    elif action == "send_back":
        services.case_send_back(case=case, actor=actor, reason="The cover rocks.")
    elif action == "not_fixed":
        services.case_not_fixed(case=case, user=actor, note="Still gone.", photos=[photo()])
    elif action == "reopen":
        services.case_reopen(case=case, actor=actor, reason="The housekeeper's photo.")
    elif action == "clear_flag":
        services.case_clear_flag(case=case, actor=actor, reason="It is fixed.")
    elif action == "reclassify":
        services.case_reclassify(
            case=case, actor=actor, reason="It is litter.", category=town.other_category
        )
    elif action == "update":
        services.case_update_post(case=case, user=actor, text="Still blocked this morning.")
    elif action == "hide_update":
        services.case_hide_update(
            case=case, actor=actor, update=case.updates.first(), reason="It names a neighbour."
        )
    elif action == "assist_add":
        services.case_assist_add(
            case=case, actor=actor, department=town.other_department, task="Sweep it up."
        )
    elif action == "assist_record":
        services.case_assist_record(case=case, actor=actor, note="Swept.")
    elif action == "assist_waive":
        services.case_assist_waive(
            case=case, actor=actor, assist=case.assists.first(), reason="Not needed."
        )
    else:
        raise AssertionError(action)


MATRIX = [
    pytest.param(action, status, id=f"{action}-{status}")
    for action in EXPECTED
    for status in S.values
]


def snapshot(case):
    case = Case.objects.get(pk=case.pk)
    return (case.status, case.department_id, case.updated_at, case.events.count())


# An unsatisfied evaluation reopens the case, or after the last reopening gives it back to the
# centre; the matrix takes the satisfied path.
TARGETS = {
    "evaluate": {S.CLOSED, S.REOPENED, S.SUBMITTED},
    "resolve": {S.RESOLVED, S.AWAITING_CHECK},
}
# The system's own steps, never a person's: (states, new state, timeline event).
SYSTEM = {
    "absorb": ({S.SUBMITTED, *WORKING}, None, CaseEvent.Action.NOTE),
    "auto_close": ({S.RESOLVED}, S.CLOSED, CaseEvent.Action.AUTO_CLOSE),
    "remind": (WORKING, None, None),
    "overdue": (WORKING, None, CaseEvent.Action.OVERDUE),
    "escalate": (WORKING, None, CaseEvent.Action.ESCALATE),
}


def test_the_transition_table_is_the_documented_one():
    table = {
        action: (set(t.sources), t.target, t.event_for(action))
        for action, t in workflow.TRANSITIONS.items()
    }

    people = {
        action: (sources, TARGETS.get(action, target), EVENT_ACTION[action])
        for action, (sources, _, target) in EXPECTED.items()
    }
    assert table == people | SYSTEM
    assert {a for a, t in workflow.TRANSITIONS.items() if t.system} == set(SYSTEM)


def _case_for(action, status, case_in):
    case = case_in(status)
    if action in PREPARE:
        PREPARE[action](case)
    return Case.objects.get(pk=case.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("action, status", MATRIX)
def test_every_action_in_every_state_by_every_person(action, status, case_in, people, town):
    """Everyone who may not is refused, with the reason, and the case is left as it was; each
    person who may, on a case of their own, moves it to the table's state in one step."""
    sources, allowed, target = EXPECTED[action]
    target = target or status
    case = _case_for(action, status, case_in)
    other = case_in(S.SUBMITTED) if action == "merge" else None
    no_department = status in (S.SUBMITTED, S.REJECTED)

    for actor in ACTORS:
        role = ROLE_OF.get(actor, actor)
        if status in sources and role in allowed:
            continue
        before = snapshot(case)
        with pytest.raises(TransitionError) as error:
            perform(action, case, people[actor], town, other)

        # The person is checked first; only the right person hears that the state is wrong.
        if role not in allowed or (role == "staff" and no_department):
            assert error.value.code == "forbidden", actor
            assert error.value.message == "You are not allowed to do this to this case."
        else:
            assert error.value.code == "wrong_state", actor
            assert error.value.message.startswith(
                f"This case is {case.get_status_display().lower()}, so this cannot be done now."
            )
        assert snapshot(case) == before, f"a refused action by {actor} changed the case"

    for actor in ACTORS:
        if not (status in sources and ROLE_OF.get(actor, actor) in allowed):
            continue
        case = _case_for(action, status, case_in)
        person = people[actor]
        version = case.version
        perform(action, case, person, town, other)

        case.refresh_from_db()
        assert case.status == target, actor
        assert case.version == version + 1, "every step adds exactly one to the version"
        event = case.events.filter(action=EVENT_ACTION[action]).last()
        assert (event.action, event.from_status, event.to_status) == (
            EVENT_ACTION[action],
            status,
            target,
        )
        assert event.actor == person
        if action == "merge":
            other = case_in(S.SUBMITTED)


@pytest.mark.django_db
@pytest.mark.parametrize("status", S.values)
def test_allowed_actions_lists_only_what_each_person_may_do_now(status, case_in, people):
    case = case_in(status)

    for actor in ACTORS:
        expected = [
            action
            for action, (sources, who, _target) in EXPECTED.items()
            if status in sources
            and (action not in PREPARE or status in MET_BY_A_FRESH_CASE.get(action, ()))
            and ROLE_OF.get(actor, actor) in who
            and not (ROLE_OF.get(actor, actor) == "staff" and status in (S.SUBMITTED, S.REJECTED))
        ]
        assert sorted(workflow.allowed_actions(case, people[actor])) == sorted(expected), actor


@pytest.mark.django_db
@pytest.mark.parametrize("status", S.values)
def test_only_the_system_closes_automatically_and_only_resolved_cases(status, case_in, people):
    case = case_in(status)

    for actor in ACTORS:
        if actor == "none" and status == S.RESOLVED:
            assert workflow.check("auto_close", case, None).target == S.CLOSED
        else:
            with pytest.raises(TransitionError):
                workflow.check("auto_close", case, people[actor])


@pytest.mark.django_db
def test_staff_of_the_department_lose_the_case_when_it_is_dispatched_elsewhere(
    case_in, staff, other_staff, dispatcher, town
):
    case = case_in(S.DISPATCHED)
    services.case_return(case=case, actor=staff, reason="This is litter, not construction.")
    services.case_dispatch(
        case=case, actor=dispatcher, department=town.other_department, public_message="Resent."
    )

    with pytest.raises(TransitionError):
        services.case_accept(case=case, actor=staff)
    services.case_accept(case=case, actor=other_staff)
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS


# --- Evaluation: closing and reopening ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rating", [Evaluation.Rating.SATISFIED, Evaluation.Rating.BASICALLY_SATISFIED]
)
def test_a_satisfied_evaluation_closes_the_case(rating, case_in, resident):
    case = case_in(S.RESOLVED)

    evaluation = services.case_evaluate(case=case, user=resident, rating=rating, comment=" ok ")

    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert case.closed_at == evaluation.created_at
    assert case.reopen_count == 0
    assert (evaluation.round, evaluation.rating, evaluation.comment) == (1, rating, "ok")
    assert evaluation.evaluator == resident


@pytest.mark.django_db
def test_unsatisfied_reopens_twice_then_goes_back_to_the_centre(case_in, advance, resident, town):
    case = case_in(S.RESOLVED)

    for round_number in (1, 2):
        services.case_evaluate(case=case, user=resident, rating="unsatisfied", comment="Still open")
        case.refresh_from_db()
        assert case.status == S.REOPENED
        assert case.reopen_count == round_number
        assert case.department == town.department, "a reopened case stays with the department"
        assert case.resolved_at is None
        case = advance(case, "accept", "resolve")
        assert case.status == S.RESOLVED

    services.case_evaluate(case=case, user=resident, rating="unsatisfied", comment="Still open")

    case.refresh_from_db()
    assert case.status == S.SUBMITTED, "after two reopenings the centre takes it back"
    assert case.department is None
    assert case.due_at is None
    assert case.resolved_at is None
    assert list(case.evaluations.values_list("round", "rating")) == [
        (1, "unsatisfied"),
        (2, "unsatisfied"),
        (3, "unsatisfied"),
    ]
    last = case.events.last()
    assert (last.action, last.from_status, last.to_status) == ("evaluate", "resolved", "submitted")
    assert last.public_text == (
        "The resident is still not satisfied; the linkage centre is taking it back."
    )


@pytest.mark.django_db
def test_a_case_taken_back_by_the_centre_can_be_handled_and_evaluated_again(
    case_in, advance, resident
):
    case = case_in(S.RESOLVED)
    for _ in range(2):
        services.case_evaluate(case=case, user=resident, rating="unsatisfied")
        case = advance(case, "accept", "resolve")
    services.case_evaluate(case=case, user=resident, rating="unsatisfied")

    case = advance(Case.objects.get(pk=case.pk), "dispatch", "accept", "resolve")
    evaluation = services.case_evaluate(case=case, user=resident, rating="satisfied")

    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert evaluation.round == 4
    assert case.evaluations.count() == 4


@pytest.mark.django_db
def test_an_unknown_rating_is_refused_and_changes_nothing(case_in, resident):
    case = case_in(S.RESOLVED)
    before = snapshot(case)

    with pytest.raises(ValidationError) as error:
        services.case_evaluate(case=case, user=resident, rating="delighted")

    assert error.value.message_dict == {"rating": ["Choose how satisfied you are."]}
    assert snapshot(case) == before
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_routes_used_by_these_tests_reach_their_states(case_in):
    for status in ROUTE:
        assert case_in(status).status == status
