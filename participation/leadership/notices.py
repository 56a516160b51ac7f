"""What a town leader is told about their problem lists: a summary when an item goes overdue
(once per item) and when the whole list is complete (once per list), in the leader's language,
with a link to the list's page in the admin.

`participation.tasks.case_event_notify` hands every case event here after the staff and
resident notices (`problem_list_event`): the time limits' check marks a case overdue with an
event, and resolving or closing a case is one, so these are the moments the case loop notices.
Each notice is claimed (`overdue_notified_at`, `completed_at`) in the same transaction that
records it, and keyed, so a task run twice tells the leader once."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications import in_language_of, notify

from ..backoffice.views import time_left
from ..models import CaseEvent, ProblemList, ProblemListItem
from . import selectors, services

KIND = "problem_list"


def admin_list_url(problem_list: ProblemList) -> str:
    return reverse("participation_problem_lists:inspect", args=[problem_list.pk])


def problem_list_event(event_id: int) -> int:
    """After a case event: tell the leader if the case's item went overdue, or its list is now
    complete. Returns how many notices were sent (0 for a case on no list)."""
    case_id = CaseEvent.objects.filter(pk=event_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return 0
    return problem_list_follow_up(case_id)


def problem_list_follow_up(case_id: int) -> int:
    item = selectors.item_of_case(case_id)
    if item is None:
        return 0
    sent = 0
    # The claim and the notice commit together: a failed email leaves both to the retry.
    with transaction.atomic():
        if services.problem_list_item_claim_overdue(item=item):
            _overdue_notice(item)
            sent += 1
        if services.problem_list_claim_complete(problem_list=item.problem_list):
            _complete_notice(item.problem_list)
            sent += 1
    return sent


def _overdue_notice(item: ProblemListItem) -> None:
    problem_list = item.problem_list
    leader = problem_list.leader
    with in_language_of(leader):
        case = item.case
        notify(
            recipient=leader,
            key=f"problem-list-overdue:{item.pk}",
            subject=_("Problem list “%(list)s”: item %(number)s is overdue")
            % {"list": problem_list.title, "number": item.position},
            body="\n\n".join(
                [
                    _("%(number)s. %(title)s (%(reference)s) was due %(due)s and is not resolved.")
                    % {
                        "number": item.position,
                        "title": case.title,
                        "reference": case.reference,
                        "due": _when(case.due_at),
                    },
                    summary(problem_list),
                ]
            ),
            url=admin_list_url(problem_list),
            kind=KIND,
        )


def _complete_notice(problem_list: ProblemList) -> None:
    leader = problem_list.leader
    with in_language_of(leader):
        notify(
            recipient=leader,
            key=f"problem-list-complete:{problem_list.pk}",
            subject=_("Problem list “%(list)s” is complete") % {"list": problem_list.title},
            body="\n\n".join(
                [
                    _("Every problem on the list is resolved or closed."),
                    summary(problem_list),
                ]
            ),
            url=admin_list_url(problem_list),
            kind=KIND,
        )


def summary(problem_list: ProblemList) -> str:
    """The list at a glance, in the current language: its progress, then each item's status,
    department and time left."""
    progress = selectors.list_progress(problem_list.pk)
    lines = [
        _("%(title)s, inspected %(date)s")
        % {"title": problem_list.title, "date": problem_list.inspected_on.isoformat()},
        _("%(done)s of %(total)s done (%(percent)s %%), %(overdue)s overdue")
        % {
            "done": progress.done,
            "total": progress.total,
            "percent": progress.percent,
            "overdue": progress.overdue,
        },
        "",
    ]
    for item in selectors.problem_list_items(problem_list):
        case = item.case
        lines.append(
            " · ".join(
                str(part)
                for part in (
                    f"{item.position}. {case.title}",
                    case.reference,
                    case.department.localized_name if case.department else "—",
                    case.get_status_display(),
                    time_left(case),
                )
            )
        )
    return "\n".join(lines)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"
