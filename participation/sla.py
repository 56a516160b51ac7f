"""Time limits: remind a department before a deadline, mark overdue cases and escalate them.

`cases_sla_check` runs every 15 minutes (django-q2 schedule, see migration 0007). The rules
(documented in docs/decisions.md):

* Reminder: a case the department is working on (dispatched, in progress, reopened) whose deadline
  is within the last 20 % of its time limit, but at least 1 hour and at most 24 hours before it
  (a 4-hour emergency is reminded 1 hour before, a 72-hour routine case 14.4 hours before, a
  30-day case 24 hours before). The
  department's staff and leads are told once (`reminded_at`); a new deadline (reassignment or
  a deadline change) clears `reminded_at`, so the new deadline gets its own reminder.
* Overdue: past its deadline and not yet marked: `overdue_at` is set, `escalation_level` becomes
  1 and an OVERDUE event with an internal note is written (no public message: the public page
  already shows “overdue” from the deadline); the department's leads are told.
* Escalation to the linkage centre: still open after its deadline plus half its time limit again
  (a 72-hour case 36 hours after its deadline, a 4-hour emergency 2 hours after), at level 1:
  `escalation_level` becomes 2, an ESCALATE event is written, the dispatchers are told.

Each case is changed through the one writer (`transitions.transition`: the workflow's system steps
"remind", "overdue" and "escalate"), in its own transaction with its row locked and the condition
checked again, so a case resolved meanwhile is left alone. Every change adds one to `version` and
sets `updated_at`. Running the check twice changes nothing more and tells nobody twice (every
notification has a key; see `participation.tasks`).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from . import workflow
from .models import Case
from .transitions import transition

Status = Case.Status
# The states in which the department is working on a case and its time limit runs.
WORKING = workflow.WORKING
REMINDER_SHARE = 0.2
REMINDER_MIN = timedelta(hours=1)
REMINDER_MAX = timedelta(hours=24)
ESCALATION_SHARE = 0.5
# Used when a case has a deadline but no dispatch time to measure its time limit from.
DEFAULT_LIMIT = timedelta(hours=24)


@dataclass
class SlaResult:
    reminded: int = 0
    overdue: int = 0
    escalated: int = 0


def time_limit(case: Case) -> timedelta:
    """How long the department was given: from dispatch to the deadline."""
    if case.dispatched_at and case.due_at and case.due_at > case.dispatched_at:
        return case.due_at - case.dispatched_at
    return DEFAULT_LIMIT


def reminder_window(case: Case) -> timedelta:
    limit = time_limit(case)
    return min(limit, REMINDER_MAX, max(limit * REMINDER_SHARE, REMINDER_MIN))


def escalation_time(case: Case):
    return case.due_at + time_limit(case) * ESCALATION_SHARE


def _needs_reminder(case: Case, now) -> bool:
    return (
        case.status in WORKING
        and case.due_at is not None
        and case.reminded_at is None
        and case.overdue_at is None
        and now < case.due_at <= now + reminder_window(case)
    )


def _is_newly_overdue(case: Case, now) -> bool:
    return (
        case.status in WORKING
        and case.due_at is not None
        and case.due_at <= now
        and case.overdue_at is None
    )


def _needs_escalation(case: Case, now) -> bool:
    return (
        case.status in WORKING
        and case.due_at is not None
        and case.overdue_at is not None
        and case.escalation_level == 1
        and escalation_time(case) <= now
    )


def _apply(action: str, ids, condition, change, now) -> int:
    """Take `action` on each case still meeting `condition` once locked, each in its own
    transaction through the one writer (`transitions.transition`)."""
    count = 0
    for pk in ids:
        try:
            with transition(action, pk, None, now=now) as step:
                if condition(step.case, now):
                    change(step)
                else:
                    step.cancel()  # handled by another run meanwhile
        except (workflow.TransitionError, Case.DoesNotExist):
            continue  # resolved, returned or gone meanwhile
        count += not step.cancelled
    return count


def _remind(now) -> int:
    # Scan the (indexed) cases due within the longest possible window; the exact rule per case.
    candidates = Case.objects.filter(
        status__in=WORKING,
        due_at__gt=now,
        due_at__lte=now + REMINDER_MAX,
        reminded_at=None,
        overdue_at=None,
    ).only("pk", "status", "due_at", "dispatched_at", "reminded_at", "overdue_at")

    def change(step):
        step.case.reminded_at = now
        step.follow_up("participation.tasks.case_sla_reminder", step.case.pk)

    ids = [case.pk for case in candidates if _needs_reminder(case, now)]
    return _apply("remind", ids, _needs_reminder, change, now)


def _due(case: Case) -> str:
    return timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M")


def _mark_overdue(now) -> int:
    ids = Case.objects.filter(status__in=WORKING, due_at__lte=now, overdue_at=None).values_list(
        "pk", flat=True
    )

    def change(step):
        step.case.overdue_at = now
        step.case.escalation_level = max(step.case.escalation_level, 1)
        step.say(
            internal=_("The deadline %(due)s passed; the department lead was told.")
            % {"due": _due(step.case)}
        )

    return _apply("overdue", list(ids), _is_newly_overdue, change, now)


def _escalate(now) -> int:
    candidates = Case.objects.filter(
        status__in=WORKING, escalation_level=1, overdue_at__isnull=False, due_at__lt=now
    ).only("pk", "status", "due_at", "dispatched_at", "overdue_at", "escalation_level")

    def change(step):
        step.case.escalation_level = 2
        step.say(
            internal=_(
                "Still not resolved well after its deadline %(due)s; escalated to the linkage "
                "centre."
            )
            % {"due": _due(step.case)}
        )

    ids = [case.pk for case in candidates if _needs_escalation(case, now)]
    return _apply("escalate", ids, _needs_escalation, change, now)


def cases_sla_check(*, now=None) -> SlaResult:
    """Remind, mark overdue, escalate (in that order). Idempotent; see the module docstring."""
    now = now or timezone.now()
    return SlaResult(reminded=_remind(now), overdue=_mark_overdue(now), escalated=_escalate(now))
