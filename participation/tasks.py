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
    """Tell the staff concerned and the case's followers about a step, and a town leader when
    an item of their problem list goes overdue or the list is complete."""
    from . import notices
    from .leadership import notices as leadership_notices

    notices.case_event_notify(event_id)
    leadership_notices.problem_list_event(event_id)


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


def appraisal_rollup(month=None) -> int:
    """Monthly, early on the 1st: every department's scorecard for last month (or for `month`,
    a date or "YYYY-MM", to re-run a past month); idempotent."""
    from .statistics.appraisal import appraisal_rollup

    return appraisal_rollup(month=month)


def housekeeper_application_received(application_id: int) -> int:
    """Tell the grid's leaders of a new application to serve it, once each."""
    from .organisation import notices

    return notices.application_received(application_id)


def housekeeper_application_decided(application_id: int) -> bool:
    """Tell the applicant the grid leader's (or the centre's) decision, once."""
    from .organisation import notices

    return notices.application_decided(application_id)


def grid_message_notify(message_id: int) -> int:
    """The grid leader's message to each of the grid's housekeepers (inbox and email), once."""
    from .organisation import notices

    return notices.grid_message(message_id)


def bulletin_draft_monthly():
    """The first of each month: draft last month's situation bulletin for the editors (once)."""
    from .statistics import bulletins

    return bulletins.bulletin_draft_monthly().pk


def bulletin_review_notice(page_id: int) -> int:
    """Tell the editors a drafted bulletin awaits review, once each."""
    from .statistics import bulletins

    return bulletins.bulletin_review_notice(page_id)


def hotspots_rollup() -> int:
    """Hourly, and when the centre changes the threshold: recompute the hotspots."""
    from .statistics.hotspots import hotspots_rollup

    return hotspots_rollup()


def campaign_report_notify(report_id: int) -> int:
    """Tell a campaign's followers about its new progress report, once each."""
    from .campaigns import notices as campaign_notices

    return campaign_notices.campaign_report_notify(report_id)


def campaign_closed_notify(campaign_id: int) -> int:
    """Tell a campaign's followers it is finished, with the closing report, once each."""
    from .campaigns import notices as campaign_notices

    return campaign_notices.campaign_closed_notify(campaign_id)


def case_files_clean() -> int:
    """Hourly: remove case files that no attachment refers to (participation.case_files)."""
    from .case_files import case_files_clean

    return len(case_files_clean())
