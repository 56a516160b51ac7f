"""The weekly digest (“information research”): last week's figures, every Monday morning.

Department leads get their department's cases received, resolved and found overdue last week, and
the five oldest cases still open. Dispatchers get the town-wide figures and the departments with
the most overdue cases. Someone who is both gets one message with both parts. Each message is keyed
``digest:<ISO week>:<user>``, so the digest for a week is never sent twice.

“Last week” is the ISO week (Monday 00:00 to Monday 00:00, local time) before the one `now` is in.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.notifications import in_language_of, notify

from ..models import Case, Department, DepartmentMembership

Status = Case.Status
OLDEST_OPEN = 5
TOP_DEPARTMENTS = 5
WORKING = (Status.DISPATCHED, Status.IN_PROGRESS, Status.REOPENED)


def last_week(now):
    """(start, end, "2026-W05") of the ISO week before the one `now` falls in."""
    today = timezone.localtime(now).date()
    this_monday = today - timedelta(days=today.weekday())
    start_day = this_monday - timedelta(days=7)
    start = timezone.make_aware(datetime.combine(start_day, time.min))
    end = timezone.make_aware(datetime.combine(this_monday, time.min))
    year, week, _day = start_day.isocalendar()
    return start, end, f"{year}-W{week:02d}"


def _week_counts(cases, start, end) -> dict:
    return cases.aggregate(
        received=Count("pk", filter=Q(dispatched_at__gte=start, dispatched_at__lt=end)),
        resolved=Count("pk", filter=Q(resolved_at__gte=start, resolved_at__lt=end)),
        overdue=Count("pk", filter=Q(overdue_at__gte=start, overdue_at__lt=end)),
    )


def department_section(department: Department, start, end, now) -> str:
    cases = Case.objects.filter(department=department)
    counts = _week_counts(cases, start, end)
    oldest = cases.filter(status__in=Case.OPEN_STATUSES).order_by("dispatched_at", "pk")[
        :OLDEST_OPEN
    ]
    lines = [
        department.localized_name,
        _("Received: %(received)s · resolved: %(resolved)s · became overdue: %(overdue)s") % counts,
    ]
    oldest = list(oldest)
    if oldest:
        lines.append(_("The oldest open cases:"))
        for case in oldest:
            overdue = _(" (overdue)") if case.due_at and case.due_at < now else ""
            since = timezone.localtime(case.dispatched_at or case.submitted_at)
            lines.append(f"- {case.reference} · {case.title} · {since:%Y-%m-%d}{overdue}")
    else:
        lines.append(_("No open cases."))
    return "\n".join(lines)


def centre_section(start, end, now) -> str:
    town = Case.objects.aggregate(
        reported=Count("pk", filter=Q(submitted_at__gte=start, submitted_at__lt=end)),
        dispatched=Count("pk", filter=Q(dispatched_at__gte=start, dispatched_at__lt=end)),
        resolved=Count("pk", filter=Q(resolved_at__gte=start, resolved_at__lt=end)),
        overdue=Count("pk", filter=Q(overdue_at__gte=start, overdue_at__lt=end)),
        open=Count("pk", filter=Q(status__in=Case.OPEN_STATUSES)),
        open_overdue=Count("pk", filter=Q(status__in=WORKING, due_at__lt=now)),
    )
    lines = [
        _("The whole town"),
        _(
            "Reported: %(reported)s · dispatched: %(dispatched)s · resolved: %(resolved)s · "
            "became overdue: %(overdue)s"
        )
        % town,
        _("Open now: %(open)s, of which overdue: %(open_overdue)s") % town,
    ]
    worst = (
        Department.objects.filter(cases__status__in=WORKING, cases__due_at__lt=now)
        .annotate(overdue=Count("cases"))
        .order_by("-overdue", "code")[:TOP_DEPARTMENTS]
    )
    worst = list(worst)
    if worst:
        lines.append(_("Departments with the most overdue cases:"))
        lines += [f"- {department.localized_name}: {department.overdue}" for department in worst]
    return "\n".join(lines)


def weekly_digest(*, now=None) -> int:
    """Send last week's digest to every department lead and dispatcher; returns how many."""
    now = now or timezone.now()
    start, end, iso_week = last_week(now)
    User = get_user_model()
    lead_departments: dict[int, list[Department]] = {}
    for membership in DepartmentMembership.objects.filter(
        role=DepartmentMembership.Role.LEAD, user__is_active=True
    ).select_related("department"):
        lead_departments.setdefault(membership.user_id, []).append(membership.department)
    dispatcher_ids = set(
        User.objects.filter(is_active=True, groups__name=roles.DISPATCHER).values_list(
            "pk", flat=True
        )
    )
    sent = 0
    for user in User.objects.filter(pk__in=set(lead_departments) | dispatcher_ids):
        with in_language_of(user):
            sections = [
                department_section(department, start, end, now)
                for department in lead_departments.get(user.pk, [])
            ]
            if user.pk in dispatcher_ids:
                sections.append(centre_section(start, end, now))
            notify(
                recipient=user,
                key=f"digest:{iso_week}:{user.pk}",
                subject=_("Weekly digest for %(week)s") % {"week": iso_week},
                body="\n\n".join(sections),
                url=reverse("participation_cases:index"),
                kind="digest",
            )
        sent += 1
    return sent
