"""Reads for problem lists: who may see and do what, the lists with their progress (one query
with aggregates), a list's items with their cases, and what the public sees."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from portal import roles

from .. import workflow
from ..models import Case, ProblemList, ProblemListItem

# An item is done once its department's repair is resolved (or the case closed after it).
DONE = workflow.FIXED


@dataclass(frozen=True)
class Progress:
    """How far a list has got: items done (resolved or closed) out of all, and those overdue."""

    done: int
    total: int
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total


# --- Who may -------------------------------------------------------------------------------------


def may_see_lists(user) -> bool:
    """Town leaders, the linkage centre and administrators see every problem list."""
    return user.is_authenticated and user.has_perm("participation.view_problemlist")


def may_record_lists(user) -> bool:
    return user.is_authenticated and user.has_perm("participation.add_problemlist")


def may_record_for_others(user) -> bool:
    """The linkage centre records lists for any town leader; a leader only for themself."""
    return may_record_lists(user) and workflow.is_dispatcher(user, None)


def may_publish(user, problem_list: ProblemList) -> bool:
    """The list's own leader, or the linkage centre."""
    if not (user.is_authenticated and user.has_perm("participation.change_problemlist")):
        return False
    return problem_list.leader_id == user.pk or workflow.is_dispatcher(user, None)


def is_town_leader(user) -> bool:
    return (
        user is not None and user.is_active and user.groups.filter(name=roles.TOWN_LEADER).exists()
    )


def town_leaders() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.TOWN_LEADER)
        .distinct()
        .order_by("display_name", "email")
    )


# --- Lists and their progress --------------------------------------------------------------------


def with_progress(lists: QuerySet[ProblemList]) -> QuerySet[ProblemList]:
    """Each list with `items_total`, `items_done` and `items_overdue` counted in the same query
    (see `progress`)."""
    return lists.annotate(
        items_total=Count("items", distinct=True),
        items_done=Count("items", filter=Q(items__case__status__in=DONE), distinct=True),
        items_overdue=Count(
            "items",
            filter=Q(
                items__case__status__in=Case.OPEN_STATUSES,
                items__case__due_at__lt=timezone.now(),
            ),
            distinct=True,
        ),
    )


def progress(problem_list: ProblemList) -> Progress:
    """A list's progress: from `with_progress`'s counts if it has them, else counted now."""
    if not hasattr(problem_list, "items_total"):
        problem_list = with_progress(ProblemList.objects.filter(pk=problem_list.pk)).get()
    return Progress(
        done=problem_list.items_done,
        total=problem_list.items_total,
        overdue=problem_list.items_overdue,
    )


def list_progress(pk: int) -> Progress:
    """A list's progress counted now (not from counts fetched earlier)."""
    return progress(with_progress(ProblemList.objects.filter(pk=pk)).get())


def staff_problem_lists(user) -> QuerySet[ProblemList]:
    """The lists a person sees in the admin: all of them for town leaders and the centre (a
    town's leaders share what they hand down), none for anyone else."""
    lists = ProblemList.objects.select_related("leader", "created_by")
    if not may_see_lists(user):
        return lists.none()
    return with_progress(lists)


def problem_list_items(problem_list: ProblemList) -> list[ProblemListItem]:
    """The list's items in order, each with its case and what the list page shows of it."""
    return list(
        problem_list.items.select_related(
            "case__category", "case__department", "case__grid"
        ).order_by("position")
    )


def item_of_case(case_id: int) -> ProblemListItem | None:
    return (
        ProblemListItem.objects.select_related("problem_list__leader", "case")
        .filter(case_id=case_id)
        .first()
    )


# --- The public site -----------------------------------------------------------------------------


def published_problem_lists() -> QuerySet[ProblemList]:
    return with_progress(
        ProblemList.objects.filter(is_published=True).select_related("leader")
    ).order_by("-inspected_on", "-pk")


def public_problem_list(pk: int) -> ProblemList | None:
    """A published list with its progress; None if there is none or it is not published."""
    return published_problem_lists().filter(pk=pk).first()
