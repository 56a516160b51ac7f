"""The one writer of a case's state.

`case_submit` creates a case in “submitted”; from then on every change to its status, times,
clock or version goes through `transition`, whether a person acts (the services) or the system
does (`sla`, auto-close). In one transaction it:

1. locks the case row (and refuses a form shown an older version: “reload”);
2. checks the workflow table (`workflow.check`: may this person do this, in this state?);
3. sets the status from the table's target (or, where the table offers a choice, the one the
   service chose);
4. stamps the times that status means (dispatched, accepted, resolved, closed) and clears those
   a return to the centre or a reopening undoes;
5. adds one to the version and sets `updated_at`;
6. records the timeline event (from → to, public message, internal note);
7. enqueues the follow-ups after commit: the event's notifications and points, the public pages'
   cache, and whatever the service asked for.

The service does its own part inside the ``with`` block, on the locked case::

    with transition("resolve", case, actor, expected_version=version) as step:
        step.case.rectification_summary = summary
        step.say(public=summary)
        step.follow_up("participation.tasks.case_evaluation_request", step.case.pk, 1)
    return step.case

An exception in the block undoes everything; `step.cancel()` leaves the case as it was (the SLA
check uses it when a case no longer meets its condition once locked).
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.tasks import enqueue_on_commit

from . import workflow
from .caching import case_pages
from .models import Case, CaseEvent

Status = Case.Status

# What a status means has happened, stamped when a case enters it. Accepting keeps the first time.
STAMPS = {
    Status.DISPATCHED: "dispatched_at",
    Status.IN_PROGRESS: "accepted_at",
    Status.RESOLVED: "resolved_at",
    Status.CLOSED: "closed_at",
    Status.REJECTED: "closed_at",
}
KEEP_FIRST = {"accepted_at"}
# What entering a status undoes: back with the centre it has no department, deadline or repair;
# reopened, its repair (and its closing, and a report that it was not done) is undone.
CLEARS = {
    Status.SUBMITTED: ("department", "due_at", "resolved_at"),
    Status.REOPENED: ("resolved_at", "closed_at", "flagged_at"),
}


@dataclass
class Step:
    """One transition under way: the locked case and what the service adds to it."""

    action: str
    case: Case
    actor: object
    now: object
    to: str | None
    from_status: str
    public_message: str = ""
    internal_note: str = ""
    # What the step changed, for the timeline to describe in each reader's language.
    details: dict = field(default_factory=dict)
    event: CaseEvent | None = None
    cancelled: bool = False
    follow_ups: list = field(default_factory=list)
    # Writes that need the recorded event (e.g. a resident's update that belongs to it), made
    # in the same transaction once the event exists.
    with_event: list = field(default_factory=list)

    def say(self, *, public: str = "", internal: str = "") -> None:
        """The timeline entry's public message and internal note."""
        self.public_message, self.internal_note = public or "", internal or ""

    def follow_up(self, task: str, *args) -> None:
        """A task to run after commit, besides the event's notifications and points."""
        self.follow_ups.append((task, *args))

    def then(self, write) -> None:
        """Call `write(event)` once the step's event is recorded, in the same transaction."""
        self.with_event.append(write)

    def cancel(self) -> None:
        """Write nothing after all (the case no longer needs this step)."""
        self.cancelled = True


def stale_message() -> str:
    return _("Someone else changed this case since you opened it. Reload the page and try again.")


def lock(case: Case | int, expected_version: int | None = None) -> Case:
    """Re-read the case with its row locked, so two people acting at once cannot both win.

    A form carries the version it was shown; if the case changed since, the action is refused
    rather than applied to a case the person has not seen."""
    locked = Case.objects.select_for_update().get(pk=getattr(case, "pk", case))
    if expected_version is not None and locked.version != expected_version:
        raise workflow.TransitionError(stale_message(), code="stale")
    return locked


@contextmanager
def transition(
    action: str, case: Case | int, actor, *, expected_version: int | None = None, now=None
):
    """Take `action` on `case` as `actor` (None: the system); see the module docstring."""
    with transaction.atomic():
        locked = lock(case, expected_version)
        rule = workflow.check(action, locked, actor)
        step = Step(
            action=action,
            case=locked,
            actor=actor,
            now=now or timezone.now(),
            to=None if isinstance(rule.target, frozenset) else rule.target,
            from_status=locked.status,
        )
        before = _values(locked)
        yield step
        if step.cancelled:
            return
        if isinstance(rule.target, frozenset) and step.to not in rule.target:
            raise ValueError(f"{action!r} cannot lead to {step.to!r}")
        _enter(locked, step.to, step.now)
        locked.updated_at = step.now
        locked.version += 1
        changed = [name for name, value in _values(locked).items() if before[name] != value]
        locked.save(update_fields=changed)
        event = rule.event_for(action)
        if event:
            step.event = record(
                locked,
                actor=actor,
                action=event,
                from_status=step.from_status,
                public_message=step.public_message,
                internal_note=step.internal_note,
                details=step.details,
                now=step.now,
            )
            for write in step.with_event:
                write(step.event)
        for task, *args in step.follow_ups:
            enqueue_on_commit(task, *args)


def _values(case: Case) -> dict:
    return {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields}


def _enter(case: Case, status: str | None, now) -> None:
    """Set the new status with the times it stamps and clears (no status: times stay)."""
    if status is None:
        return
    case.status = status
    stamp = STAMPS.get(status)
    if stamp and not (stamp in KEEP_FIRST and getattr(case, stamp)):
        setattr(case, stamp, now)
    for name in CLEARS.get(status, ()):
        setattr(case, name, None)


def record(
    case,
    *,
    actor,
    action,
    from_status,
    public_message="",
    internal_note="",
    details=None,
    now=None,
):
    """Write a timeline event and enqueue its notifications and points after commit. Only
    `transition` and `case_submit` (the first event) call this."""
    event = CaseEvent.objects.create(
        case=case,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=case.status,
        public_message=public_message.strip(),
        internal_note=internal_note.strip(),
        details=details or {},
        created_at=now or timezone.now(),
    )
    enqueue_on_commit("participation.tasks.case_event_notify", event.pk)
    enqueue_on_commit("participation.tasks.case_event_points", event.pk)
    transaction.on_commit(case_pages.invalidate)
    return event
