"""Background work for cases (django-q2): thin wrappers over the modules that do the work,
enqueued after commit, safe to run twice (notices are keyed by what they are about, thumbnails are
made once)."""


def case_receipt(case_id: int) -> None:
    """Tell the reporter (and a neighbour reported for) the case number."""
    from . import notices

    notices.case_receipt(case_id)


def case_event_points(event_id: int) -> None:
    """Points (or their reversal) for what the event shows a resident did; idempotent."""
    from . import points
    from .models import CaseEvent

    event = (
        CaseEvent.objects.select_related("case__reporter", "case__duplicate_of", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is not None:
        points.for_event(event)


def case_event_notify(event_id: int) -> None:
    """Tell the staff concerned and the case's followers about a step."""
    from . import notices

    notices.case_event_notify(event_id)


def case_evaluation_request(case_id: int, round_number: int) -> None:
    """Ask the reporter (or the neighbour) to evaluate a resolution, once per round."""
    from . import notices

    notices.case_evaluation_request(case_id, round_number)


def attachment_thumbnail(attachment_id: int) -> None:
    from . import thumbnails

    thumbnails.attachment_thumbnail(attachment_id)


def cases_auto_close() -> int:
    from . import services

    return services.cases_auto_close()


def statistics_rollup() -> int:
    """Hourly: recompute the public statistics' roll-up for the months with changed cases."""
    from .statistics.rollup import statistics_rollup

    return statistics_rollup()


def cases_sla_check():
    """Every 15 minutes: remind before deadlines, mark overdue cases, escalate (see sla.py)."""
    from . import sla

    return sla.cases_sla_check()


def case_sla_reminder(case_id: int) -> int:
    from .backoffice import notifications as staff_notifications

    return staff_notifications.sla_reminder(case_id)


def weekly_digest():
    """Mondays 08:00: last week's figures for department leads and the linkage centre."""
    from .backoffice import digest

    return digest.weekly_digest()
