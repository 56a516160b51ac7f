"""The case state machine: which action moves a case from which states to which, and who may act.

The table mirrors the one in ARCHITECTURE.md. `transitions.transition` (the one writer of a
case's state) calls `check(action, case, actor)` with the case row locked, before anything changes,
and sets the status from the transition's target.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal import roles

from .models import Attachment, Case, CaseAssist, DepartmentMembership, GridMembership

Status = Case.Status

# After this many reopenings an unsatisfied evaluation goes back to the linkage centre.
MAX_REOPENS = 2
AUTO_CLOSE_DAYS = 7


class TransitionError(Exception):
    """The action is not possible now (wrong state) or not for this person. Message is shown."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _has_role(user, *names) -> bool:
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return not roles.role_names(user).isdisjoint(names)


def is_dispatcher(user, case: Case) -> bool:
    return _has_role(user, roles.DISPATCHER, roles.ADMINISTRATOR)


def is_case_department_staff(user, case: Case) -> bool:
    if user is None or not user.is_active or case.department_id is None:
        return False
    return DepartmentMembership.objects.filter(user=user, department_id=case.department_id).exists()


def is_assisting_staff(user, case: Case) -> bool:
    """Staff of a department asked to help with the case, whose part is still to do."""
    if user is None or not user.is_active:
        return False
    return case.assists.filter(
        status=CaseAssist.Status.OPEN,
        department__in=DepartmentMembership.objects.filter(user=user).values("department"),
    ).exists()


def has_open_parts(case: Case) -> bool:
    return case.assists.filter(status=CaseAssist.Status.OPEN).exists()


def is_reporter(user, case: Case) -> bool:
    return user is not None and user.is_active and case.reporter_id == user.pk


def is_evaluator(user, case: Case) -> bool:
    """Who evaluates a resolution: the reporter; for a case reported for a neighbour, the
    neighbour, with the link texted to them (no account: the step is the system's)."""
    if case.neighbour_phone:
        return user is None
    return is_reporter(user, case)


def is_grid_housekeeper(user, case: Case) -> bool:
    """A housekeeper or grid leader of the case's grid, who did not do the repair themselves."""
    if user is None or not user.is_active:
        return False
    return GridMembership.objects.filter(
        user=user, grid_id=case.grid_id
    ).exists() and not is_case_department_staff(user, case)


def has_unpublished_report(case: Case) -> bool:
    """The reporter's description, or a voice note not hidden by the centre, still waits to be
    published."""
    return (
        not case.description_public
        or case.attachments.filter(
            kind=Attachment.Kind.AUDIO, is_public=False, hidden_reason=""
        ).exists()
    )


def is_reporter_or_follower(user, case: Case) -> bool:
    """The reporter, or someone signed in who follows the case."""
    if user is None or not user.is_active or not user.is_authenticated:
        return False
    return is_reporter(user, case) or case.follows.filter(user=user).exists()


def is_system(user, case: Case) -> bool:
    return user is None


@dataclass(frozen=True)
class Transition:
    """From which states, to which (None: the status stays; a set: the service picks one of
    them), who may; the timeline event it records (by default the action's own name; None: no
    event) and whether it is the system's own bookkeeping, never a person's button."""

    sources: frozenset
    target: str | frozenset | None
    allowed: Callable
    event: str | None = "same"
    system: bool = False
    # A condition beyond the status (hiding a case that is not hidden); None: none.
    when: Callable | None = None
    # What a person is told when the condition does not hold (by default: done already).
    refusal: str | None = None

    def event_for(self, action: str) -> str | None:
        return action if self.event == "same" else self.event


# Dispatched to a department and not yet resolved: the department is working on it.
WORKING = (Status.DISPATCHED, Status.IN_PROGRESS, Status.REOPENED)
# The department's work is done (and, where the centre checks repairs, approved).
FIXED = (Status.RESOLVED, Status.CLOSED)


def is_centre_or_department(user, case: Case) -> bool:
    return is_dispatcher(user, case) or is_case_department_staff(user, case)


def is_inspecting_leader(user, case: Case) -> bool:
    """The town leader who recorded this problem of their inspection, before its first dispatch:
    the leader's problem list is the dispatch (see `participation.leadership.services`); once
    dispatched, the centre handles the case like any other."""
    return (
        case is not None
        and user is not None
        and case.source == Case.Source.INSPECTION
        and case.dispatched_at is None
        and case.entered_by_id is not None
        and case.entered_by_id == user.pk
        and _has_role(user, roles.TOWN_LEADER)
    )


def is_dispatcher_or_inspecting_leader(user, case: Case) -> bool:
    return is_dispatcher(user, case) or is_inspecting_leader(user, case)


TRANSITIONS = {
    "dispatch": Transition(
        frozenset({Status.SUBMITTED}), Status.DISPATCHED, is_dispatcher_or_inspecting_leader
    ),
    "reject": Transition(frozenset({Status.SUBMITTED}), Status.REJECTED, is_dispatcher),
    "accept": Transition(
        frozenset({Status.DISPATCHED, Status.REOPENED}),
        Status.IN_PROGRESS,
        is_case_department_staff,
    ),
    "return": Transition(
        frozenset({Status.DISPATCHED, Status.IN_PROGRESS}),
        Status.SUBMITTED,
        is_case_department_staff,
    ),
    # Resolved, or where the centre checks repairs, awaiting its check (see `resolve_target`).
    # The lead department resolves once every assisting department's part is done or waived.
    "resolve": Transition(
        frozenset({Status.IN_PROGRESS}),
        frozenset({Status.RESOLVED, Status.AWAITING_CHECK}),
        is_case_department_staff,
        when=lambda case: not has_open_parts(case),
        refusal=_lazy(
            "The assisting departments' parts are not all done: wait for them, or ask the "
            "linkage centre to waive them."
        ),
    ),
    # Joint handling: the centre asks other departments to help (each with its task) or waives
    # a part; an assisting department records its part, with notes and photos.
    "assist_add": Transition(frozenset(WORKING), None, is_dispatcher),
    "assist_record": Transition(frozenset(WORKING), None, is_assisting_staff, event="assist_done"),
    "assist_waive": Transition(
        frozenset(WORKING),
        None,
        is_dispatcher,
        when=has_open_parts,
        refusal=_lazy("No assisting department's part is left to do."),
    ),
    # The centre's examination of a repair: approve it, or send it back (the clock runs on).
    "approve": Transition(frozenset({Status.AWAITING_CHECK}), Status.RESOLVED, is_dispatcher),
    "send_back": Transition(frozenset({Status.AWAITING_CHECK}), Status.IN_PROGRESS, is_dispatcher),
    # The target depends on the rating and the reopenings so far (see `evaluation_target`).
    "evaluate": Transition(
        frozenset({Status.RESOLVED}),
        frozenset({Status.CLOSED, Status.REOPENED, Status.SUBMITTED}),
        is_evaluator,
    ),
    # A housekeeper of the grid checks the repair on site (once per resolution); no new status.
    "confirm": Transition(frozenset({Status.RESOLVED, Status.CLOSED}), None, is_grid_housekeeper),
    # ...or finds it not done: the case is flagged to the centre, which reopens it or clears
    # the flag. The centre may reopen a repair that is not done however it hears of it.
    "not_fixed": Transition(
        frozenset(FIXED),
        None,
        is_grid_housekeeper,
        when=lambda case: case.flagged_at is None,
        refusal=_lazy("The linkage centre already has a report that this repair is not done."),
    ),
    "reopen": Transition(frozenset(FIXED), Status.REOPENED, is_dispatcher),
    "clear_flag": Transition(
        frozenset(FIXED),
        None,
        is_dispatcher,
        when=lambda case: case.flagged_at is not None,
        refusal=_lazy("No one has reported this repair not done."),
    ),
    # The centre corrects what the reporter chose (category, urgency, place) until the end.
    "reclassify": Transition(
        frozenset({Status.SUBMITTED, *WORKING, Status.AWAITING_CHECK, Status.RESOLVED}),
        None,
        is_dispatcher,
    ),
    # Back-office actions. A target of None leaves the status as it is.
    "note": Transition(frozenset({*WORKING, Status.AWAITING_CHECK}), None, is_centre_or_department),
    "reassign": Transition(frozenset(WORKING), Status.DISPATCHED, is_dispatcher),
    "deadline": Transition(frozenset(WORKING), None, is_dispatcher),
    "merge": Transition(frozenset({Status.SUBMITTED, *WORKING}), Status.REJECTED, is_dispatcher),
    # Moderation, in any state: take a case off the public site (with a reason), or publish it.
    "hide": Transition(
        frozenset(Status.values), None, is_dispatcher, when=lambda case: not case.is_hidden
    ),
    "publish": Transition(
        frozenset(Status.values), None, is_dispatcher, when=lambda case: case.is_hidden
    ),
    # Moderation of what the public reads: the report's text, the reporter's own words and voice
    # note (published by the centre), one photo or recording at a time.
    "redact": Transition(frozenset(Status.values), None, is_dispatcher),
    "publish_report": Transition(
        frozenset(Status.values),
        None,
        is_dispatcher,
        when=lambda case: has_unpublished_report(case),
        refusal=_lazy("The reporter's words and voice note are already published."),
    ),
    "hide_file": Transition(
        frozenset(Status.values),
        None,
        is_dispatcher,
        when=lambda case: case.attachments.filter(is_public=True).exists(),
        refusal=_lazy("This case has no public photo or recording to hide."),
    ),
    "show_file": Transition(
        frozenset(Status.values),
        None,
        is_dispatcher,
        when=lambda case: case.attachments.filter(is_public=False).exists(),
        refusal=_lazy("Every photo and recording of this case is already public."),
    ),
    # A public update from the reporter or a follower (text, up to two photos), on a public case;
    # the centre can hide one.
    "update": Transition(
        frozenset(Status.values),
        None,
        is_reporter_or_follower,
        when=lambda case: not case.is_hidden,
        refusal=_lazy("This case is not on the public site, so it takes no public updates."),
    ),
    "hide_update": Transition(
        frozenset(Status.values),
        None,
        is_dispatcher,
        when=lambda case: case.updates.filter(is_hidden=False).exists(),
        refusal=_lazy("This case has no public update to hide."),
    ),
    # The case a duplicate is merged into takes its followers; its timeline gets a note.
    "absorb": Transition(
        frozenset({Status.SUBMITTED, *WORKING}), None, is_dispatcher, event="note", system=True
    ),
    # The system's own steps: auto-close, and the time limits (see `sla`). A reminder writes no
    # timeline entry; overdue and escalation write an internal one.
    "auto_close": Transition(frozenset({Status.RESOLVED}), Status.CLOSED, is_system, system=True),
    "remind": Transition(frozenset(WORKING), None, is_system, event=None, system=True),
    "overdue": Transition(frozenset(WORKING), None, is_system, system=True),
    "escalate": Transition(frozenset(WORKING), None, is_system, system=True),
}


def check(action: str, case: Case, actor) -> Transition:
    """Return the transition if `actor` may take `action` on `case` now; raise TransitionError."""
    transition = TRANSITIONS[action]
    if not transition.allowed(actor, case):
        raise TransitionError(_("You are not allowed to do this to this case."), code="forbidden")
    if case.status not in transition.sources:
        raise TransitionError(
            _("This case is %(status)s, so this cannot be done now. Reload the page.")
            % {"status": case.get_status_display().lower()},
            code="wrong_state",
        )
    if transition.when is not None and not transition.when(case):
        refusal = transition.refusal or _(
            "This has already been done to this case. Reload the page."
        )
        raise TransitionError(str(refusal), code="wrong_state")
    return transition


def allowed_actions(case: Case, actor) -> list[str]:
    """The actions `actor` could take on `case` in its current state (for showing buttons)."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if not transition.system
        and case.status in transition.sources
        and (transition.when is None or transition.when(case))
        and transition.allowed(actor, case)
    ]


def centre_checks_repairs(case: Case) -> bool:
    """Whether the centre examines this case's repair: the department's setting if it has one,
    else the category's."""
    department = case.department
    if department is not None and department.centre_checks_repairs is not None:
        return department.centre_checks_repairs
    return case.category.centre_checks_repairs


def resolve_target(case: Case) -> str:
    return Status.AWAITING_CHECK if centre_checks_repairs(case) else Status.RESOLVED


def evaluation_target(case: Case, unsatisfied: bool) -> str:
    """Satisfied closes; unsatisfied reopens, until MAX_REOPENS, then goes back to the centre."""
    if not unsatisfied:
        return Status.CLOSED
    if case.reopen_count < MAX_REOPENS:
        return Status.REOPENED
    return Status.SUBMITTED
