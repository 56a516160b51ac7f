"""Points for what residents do for the town, written through `rewards.services` (all that
participation knows of rewards) by a task after each case event is committed. Outcomes earn,
not volume: a report the centre dispatches, an emergency the department confirms by fixing it,
a report within an hour of a confirmed hazard appearing, a housekeeper checking a repair on site,
an evaluation given. Until the centre (or, for an emergency, the department) has verified a
report, its points show as pending. A report later rejected or merged as a duplicate gives its
points back, and what was pending is dropped."""

import datetime

from django.utils.translation import gettext as _

from portal.notifications import in_language_of
from rewards import services as rewards

from .models import Case, CaseEvent

Action = CaseEvent.Action

# A report this soon after a confirmed hazard appeared earns the timeliness bonus.
TIMELY = datetime.timedelta(hours=1)


def _award(case: Case, user, rule: str, key: str, event: CaseEvent, *, pending=False) -> None:
    """Write the points, or with `pending` show them as expected until they are awarded."""
    (rewards.promise if pending else rewards.award)(
        user=user,
        rule=rule,
        idempotency_key=key,
        source=case.get_absolute_url(),
        source_label=case.reference,
        now=event.created_at,
    )


def is_timely(case: Case) -> bool:
    """Reported within TIMELY of the hazard appearing, as the department found it."""
    appeared = case.hazard_appeared_at
    return appeared is not None and case.submitted_at - appeared <= TIMELY


def for_event(event: CaseEvent) -> None:
    case = event.case
    reporter = case.reporter
    emergency = case.urgency == Case.Urgency.EMERGENCY
    if event.action == Action.SUBMIT and reporter is not None:
        # Pending until the centre dispatches the report (or dropped if it rejects it).
        _award(case, reporter, "case_dispatched", f"case:{case.pk}:dispatched", event, pending=True)
    elif event.action == Action.DISPATCH and reporter is not None and not case.duplicate_of_id:
        _award(case, reporter, "case_dispatched", f"case:{case.pk}:dispatched", event)
        if emergency:  # pending until the department confirms the hazard by fixing it
            _award(
                case, reporter, "hazard_confirmed", f"case:{case.pk}:hazard", event, pending=True
            )
    elif event.action == Action.RESOLVE and reporter is not None and emergency:
        # Only a hazard the department found real on site earns the bonuses.
        if case.hazard_confirmed:
            _award(case, reporter, "hazard_confirmed", f"case:{case.pk}:hazard", event)
            if is_timely(case):
                _award(case, reporter, "timely_report", f"case:{case.pk}:timely", event)
        else:
            with in_language_of(reporter):
                reason = _("The department found no hazard on site.")
            _take_back(case, ("hazard", "timely"), reason, event)
    elif event.action == Action.RECLASSIFY and reporter is not None:
        _reclassified(case, reporter, event)
    elif event.action == Action.CONFIRM and event.actor is not None:
        _award(
            case,
            event.actor,
            "rectification_confirmed",
            f"case:{case.pk}:confirmed:{event.pk}",
            event,
        )
    elif event.action == Action.EVALUATE and event.actor is not None:
        _award(
            case, event.actor, "evaluation_given", f"case:{case.pk}:evaluation:{event.pk}", event
        )
    elif event.action in (Action.REJECT, Action.MERGE) and reporter is not None:
        with in_language_of(reporter):
            reason = (
                _("Merged into %(reference)s as a duplicate.")
                % {"reference": case.duplicate_of.reference}
                if event.action == Action.MERGE and case.duplicate_of_id
                else _("The report was rejected: %(message)s") % {"message": event.public_message}
            )
        _take_back(case, ("dispatched", "hazard", "timely"), reason, event)


def _take_back(case: Case, kinds, reason: str, event: CaseEvent) -> None:
    """Reverse what was awarded, and drop what was pending, under these keys."""
    for kind in kinds:
        rewards.reverse(
            idempotency_key=f"case:{case.pk}:{kind}", reason=reason, now=event.created_at
        )


def _reclassified(case: Case, reporter, event: CaseEvent) -> None:
    """Pending points follow a corrected urgency: a report the centre finds was not an
    emergency loses the emergency bonuses; one it finds was an emergency can expect them, once
    dispatched and until the department has fixed it."""
    urgency = (event.details or {}).get("urgency")
    if not urgency:
        return
    if urgency["from"] == Case.Urgency.EMERGENCY:
        with in_language_of(reporter):
            reason = _("The linkage centre found it was not an emergency.")
        _take_back(case, ("hazard", "timely"), reason, event)
    elif (
        urgency["to"] == Case.Urgency.EMERGENCY and case.dispatched_at and case.resolved_at is None
    ):
        _award(case, reporter, "hazard_confirmed", f"case:{case.pk}:hazard", event, pending=True)
