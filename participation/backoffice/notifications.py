"""Telling staff about their work: email and on-site inbox, from the task worker, once each.

`participation.tasks.case_event_notify` hands every case event here (`for_event`); one small
function per action decides who is told. Keys are ``staff:<event>:<user>``, so a task that runs
twice tells nobody twice. Staff messages may quote internal notes and link to the admin case page;
residents never get these (they are notified by `case_event_notify` from the public part only).
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.notifications import in_language_of, notify

from ..models import Case, CaseEvent, DepartmentMembership

Action = CaseEvent.Action


def admin_case_url(case: Case) -> str:
    return reverse("participation_cases:inspect", args=[case.pk])


def department_people(department_id, *, leads_only: bool = False):
    """Active staff and leads of a department (only its leads with `leads_only`)."""
    memberships = DepartmentMembership.objects.filter(department_id=department_id)
    if leads_only:
        memberships = memberships.filter(role=DepartmentMembership.Role.LEAD)
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=memberships.values("user_id"))
        .order_by("pk")
    )


def dispatchers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.DISPATCHER)
        .distinct()
        .order_by("pk")
    )


def _details(case: Case, event: CaseEvent | None = None) -> str:
    """The facts staff need, in the current language; internal notes included."""
    lines = [
        f"{case.reference} · {case.title}",
        _("Category: %(category)s") % {"category": case.category.localized_name},
        _("Urgency: %(urgency)s") % {"urgency": case.get_urgency_display()},
        _("Grid: %(grid)s") % {"grid": case.grid},
    ]
    if case.due_at:
        lines.append(
            _("Due: %(due)s") % {"due": timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M")}
        )
    if event is not None and event.public_message:
        lines.append(_("Public message: %(text)s") % {"text": event.public_message})
    if event is not None and event.internal_note:
        lines.append(_("Internal note: %(text)s") % {"text": event.internal_note})
    return "\n".join(lines)


def _send(event: CaseEvent, recipients, kind: str, subject) -> int:
    """Tell each recipient (not the person who acted); `subject(case)` is in their language."""
    case = event.case
    sent = 0
    for user in recipients:
        if user.pk == event.actor_id:
            continue
        with in_language_of(user):
            notify(
                recipient=user,
                key=f"staff:{event.pk}:{user.pk}",
                subject=subject(case),
                body=_details(case, event),
                url=admin_case_url(case),
                kind=kind,
            )
        sent += 1
    return sent


def _dispatched(event: CaseEvent) -> int:
    case = event.case
    if case.department_id is None:  # returned to the centre before this ran
        return 0
    return _send(
        event,
        department_people(case.department_id),
        "staff_dispatched",
        lambda case: (
            _("New case for your department: %(reference)s") % {"reference": case.reference}
        ),
    )


def _returned(event: CaseEvent) -> int:
    return _send(
        event,
        dispatchers(),
        "staff_returned",
        lambda case: (
            _("Case %(reference)s is back at the linkage centre") % {"reference": case.reference}
        ),
    )


def _evaluated(event: CaseEvent) -> int:
    case = event.case
    if event.to_status == Case.Status.SUBMITTED:  # unsatisfied after the last reopening
        return _returned(event)
    if event.to_status != Case.Status.REOPENED or case.department_id is None:
        return 0
    return _send(
        event,
        department_people(case.department_id),
        "staff_reopened",
        lambda case: (
            _("Case %(reference)s was reopened: the resident is not satisfied")
            % {"reference": case.reference}
        ),
    )


def _overdue(event: CaseEvent) -> int:
    case = event.case
    if case.department_id is None:
        return 0
    # The leads are told; a department without a lead has its staff told instead.
    people = department_people(case.department_id, leads_only=True)
    if not people.exists():
        people = department_people(case.department_id)
    return _send(
        event,
        people,
        "staff_overdue",
        lambda case: _("Case %(reference)s is overdue") % {"reference": case.reference},
    )


def _escalated(event: CaseEvent) -> int:
    return _send(
        event,
        dispatchers(),
        "staff_overdue",
        lambda case: (
            _("Escalated to the centre: case %(reference)s is long overdue")
            % {"reference": case.reference}
        ),
    )


def _department_told(event: CaseEvent, subject) -> int:
    case = event.case
    if case.department_id is None:
        return 0
    return _send(event, department_people(case.department_id), "staff_reopened", subject)


def _resolved(event: CaseEvent) -> int:
    if event.to_status != Case.Status.AWAITING_CHECK:
        return 0
    return _send(
        event,
        dispatchers(),
        "staff_check",
        lambda case: _("Repair to check: %(reference)s") % {"reference": case.reference},
    )


def _sent_back(event: CaseEvent) -> int:
    return _department_told(
        event,
        lambda case: (
            _("The centre sent back the repair of %(reference)s") % {"reference": case.reference}
        ),
    )


def _not_fixed(event: CaseEvent) -> int:
    return _send(
        event,
        dispatchers(),
        "staff_check",
        lambda case: (
            _("A housekeeper says %(reference)s is not fixed") % {"reference": case.reference}
        ),
    )


def _reopened(event: CaseEvent) -> int:
    return _department_told(
        event,
        lambda case: (
            _("The centre reopened %(reference)s: the repair is not done")
            % {"reference": case.reference}
        ),
    )


def _assist_asked(event: CaseEvent) -> int:
    part = event.case.assists.filter(pk=(event.details or {}).get("assist")).first()
    if part is None:
        return 0
    return _send(
        event,
        department_people(part.department_id),
        "staff_joint",
        lambda case: (
            _("Your department is asked to help with %(reference)s") % {"reference": case.reference}
        ),
    )


def _assist_done(event: CaseEvent) -> int:
    case = event.case
    if case.department_id is None:
        return 0
    return _send(
        event,
        department_people(case.department_id),
        "staff_joint",
        lambda case: (
            _("An assisting department has done its part of %(reference)s")
            % {"reference": case.reference}
        ),
    )


BY_ACTION = {
    Action.ASSIST_ADD: _assist_asked,
    Action.ASSIST_DONE: _assist_done,
    Action.RESOLVE: _resolved,
    Action.SEND_BACK: _sent_back,
    Action.NOT_FIXED: _not_fixed,
    Action.REOPEN: _reopened,
    Action.DISPATCH: _dispatched,
    Action.REASSIGN: _dispatched,
    Action.RETURN: _returned,
    Action.EVALUATE: _evaluated,
    Action.OVERDUE: _overdue,
    Action.ESCALATE: _escalated,
}


def for_event(event: CaseEvent) -> int:
    """Tell the staff concerned about this event; returns how many people were told."""
    handler = BY_ACTION.get(event.action)
    return handler(event) if handler else 0


def sla_reminder(case_id: int) -> int:
    """Remind the department's staff and leads that a deadline is near (once per deadline)."""
    case = (
        Case.objects.select_related("category", "grid")
        .filter(
            pk=case_id,
            status__in=(Case.Status.DISPATCHED, Case.Status.IN_PROGRESS, Case.Status.REOPENED),
        )
        .first()
    )
    if case is None or case.department_id is None or case.due_at is None:
        return 0
    if case.reminded_at is None or case.overdue_at is not None:
        return 0
    sent = 0
    for user in department_people(case.department_id):
        with in_language_of(user):
            notify(
                recipient=user,
                key=f"sla-reminder:{case.pk}:{case.due_at.isoformat()}:{user.pk}",
                subject=_("Deadline near: case %(reference)s is due %(due)s")
                % {
                    "reference": case.reference,
                    "due": timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M"),
                },
                body=_details(case),
                url=admin_case_url(case),
                kind="staff_overdue",
            )
        sent += 1
    return sent
