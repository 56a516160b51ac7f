"""Every write to problem lists: recording a list (its items become cases, dispatched at once),
publishing it, and the claims that let the leader's summaries go out once.

How a leader's item reaches its department. A problem list is the leader's instruction: each item
goes to the department the leader named, with the leader's time limit, without waiting in the
linkage centre's queue. The case is made by `case_submit` (source "leadership inspection", entered
by the person recording, the leader's limit as `requested_due_at`) and dispatched by
`case_dispatch`, the normal writer, so the timeline shows the dispatch and its due time like any
other. Who dispatches: a dispatcher recording for a leader dispatches as themself; a town leader
recording their own list dispatches as themself too, because the workflow table lets the leader
who entered an inspection problem make its *first* dispatch (`workflow.is_inspecting_leader`):
recording the list counts as the centre's dispatch. After that the case is the centre's like any
other (a department that returns it sends it to the centre's queue, not back to the leader).
Rejected: dispatching as the system (the table keeps system steps for timers) or as some
dispatcher the leader is not (the timeline would name the wrong person).
"""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.text import without_control_characters

from .. import selectors as case_selectors
from .. import services as case_services
from ..caching import case_pages
from ..models import Case, ProblemList, ProblemListItem
from . import selectors

MAX_ITEMS = 50
ITEM_FIELDS = ("title", "description", "category", "department", "due_at", "latitude")


def item_field(index: int, field: str) -> str:
    """The error key for one item's field: ``items.<index>.<field>`` (index from 0, as given);
    ``items`` alone for the list of items as a whole."""
    return f"items.{index}.{field}"


def problem_list_record(
    *,
    actor,
    title: str,
    inspected_on: date,
    items: list[dict],
    leader=None,
    description: str = "",
) -> ProblemList:
    """A town leader (or the linkage centre for one) records an inspection: the list and, for
    each item, a case dispatched to its department with the leader's time limit, all in one
    transaction. Each item is a dict of title, description, category, department, due_at and
    the place: latitude and longitude, or a grid (its middle is used); address optional.

    Refused, with nothing written: a person who may not record lists, or records for another
    leader without being the centre; a leader who is not a town leader; no items; an item
    without a department or with a time limit not in the future; a place outside the town."""
    if not selectors.may_record_lists(actor):
        raise PermissionDenied(_("You are not allowed to record problem lists."))
    leader = leader or actor
    errors: dict[str, list[str]] = {}
    if leader.pk != actor.pk and not selectors.may_record_for_others(actor):
        errors["leader"] = [_("You can record problem lists only for yourself.")]
    elif not selectors.is_town_leader(leader):
        errors["leader"] = [_("Choose a town leader.")]
    title = without_control_characters(title or "").strip()
    if not title:
        errors["title"] = [_("Give the list a title, e.g. the inspection's route.")]
    if inspected_on is None:
        errors["inspected_on"] = [_("Give the date of the inspection.")]
    elif inspected_on > timezone.localdate():
        errors["inspected_on"] = [_("The inspection date cannot be in the future.")]
    if not items:
        errors["items"] = [_("Add at least one problem to the list.")]
    elif len(items) > MAX_ITEMS:
        errors["items"] = [
            _("A list can have at most %(count)s problems: record the rest as another list.")
            % {"count": MAX_ITEMS}
        ]
    now = timezone.now()
    for index, item in enumerate(items or []):
        for field, message in _item_errors(item, now).items():
            errors.setdefault(item_field(index, field), []).append(message)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        problem_list = ProblemList(
            title=title,
            inspected_on=inspected_on,
            leader=leader,
            description=without_control_characters(description or "").strip(),
            created_by=actor,
            created_at=now,
        )
        problem_list.full_clean()
        problem_list.save()
        for index, item in enumerate(items):
            case = _item_case(index, item, actor)
            ProblemListItem.objects.create(problem_list=problem_list, case=case, position=index + 1)
    return problem_list


def _item_errors(item: dict, now) -> dict[str, str]:
    """What is wrong with one item before anything is written (the case's own checks follow)."""
    errors = {}
    if not (item.get("title") or "").strip():
        errors["title"] = _("Give the problem a short title.")
    if not (item.get("description") or "").strip():
        errors["description"] = _("Describe the problem and exactly where it is.")
    category = item.get("category")
    if category is None or not category.is_active:
        errors["category"] = _("Choose what kind of problem this is.")
    department = item.get("department")
    if department is None or not department.is_active:
        errors["department"] = _("Choose the department that must fix it.")
    due_at = item.get("due_at")
    if due_at is None:
        errors["due_at"] = _("Give the time limit.")
    elif due_at <= now:
        errors["due_at"] = _("The time limit must be in the future.")
    has_point = item.get("latitude") is not None and item.get("longitude") is not None
    if not has_point and item.get("grid") is None:
        errors["latitude"] = _("Give the coordinates or choose the grid.")
    return errors


def _item_case(index: int, item: dict, actor) -> Case:
    """Make the item's case and dispatch it, as `actor`; a refusal names the item's field."""
    latitude, longitude = item.get("latitude"), item.get("longitude")
    if latitude is None or longitude is None:
        latitude, longitude = case_selectors.grid_centre(item["grid"])
    department, due_at = item["department"], item["due_at"]
    try:
        case, _created = case_services.case_submit(
            reporter=None,
            source=Case.Source.INSPECTION,
            entered_by=actor,
            requested_due_at=due_at,
            category=item["category"],
            urgency=Case.Urgency.ROUTINE,
            title=item["title"],
            description=item["description"],
            latitude=latitude,
            longitude=longitude,
            address=item.get("address") or "",
            require_answers=False,
        )
        # The words are the inspection's, not a resident's: nothing waits for the centre's
        # reading before the public sees them.
        return case_services.case_dispatch(
            case=case,
            actor=actor,
            department=department,
            public_message=_(
                "Found on a town leader's inspection and sent to %(department)s, to be "
                "resolved by %(due)s."
            )
            % {
                "department": department.localized_name,
                "due": timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M"),
            },
            publish_report=True,
        )
    except ValidationError as error:
        raise _for_item(index, error) from error


def _for_item(index: int, error: ValidationError) -> ValidationError:
    """A case service's refusal, named after the item's field it concerns."""
    if not hasattr(error, "error_dict"):
        return ValidationError({item_field(index, NON_FIELD_ERRORS): error.messages})
    renamed = {}
    for field, messages in error.message_dict.items():
        field = "latitude" if field == "location" else field
        if field not in ITEM_FIELDS:
            field = NON_FIELD_ERRORS  # e.g. a category's question: said on the item as a whole
        renamed.setdefault(item_field(index, field), []).extend(messages)
    return ValidationError(renamed)


# --- Publishing ----------------------------------------------------------------------------------


def problem_list_publish(*, actor, problem_list: ProblemList) -> ProblemList:
    """Put the list on the public site, its items grouped under it (each item as the public
    may see its case: a hidden case stays hidden)."""
    return _set_published(actor, problem_list, True)


def problem_list_unpublish(*, actor, problem_list: ProblemList) -> ProblemList:
    """Take the list off the public site (its cases stay public as cases)."""
    return _set_published(actor, problem_list, False)


def _set_published(actor, problem_list: ProblemList, published: bool) -> ProblemList:
    if not selectors.may_publish(actor, problem_list):
        raise PermissionDenied(
            _("Only the list's leader or the linkage centre can publish or unpublish it.")
        )
    with transaction.atomic():
        locked = ProblemList.objects.select_for_update().get(pk=problem_list.pk)
        if locked.is_published == published:
            raise ValidationError(
                _("This list is already published.")
                if published
                else _("This list is not published.")
            )
        locked.is_published = published
        if published:
            locked.published_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["is_published", "published_at"])
        transaction.on_commit(case_pages.invalidate)
    return locked


# --- The leader's summaries, once each -----------------------------------------------------------


def problem_list_claim_complete(*, problem_list: ProblemList, now=None) -> bool:
    """Mark the list complete, once, if every item is resolved or closed: True for the one call
    that marks it (that call tells the leader). Call inside the transaction that tells them."""
    if not selectors.list_progress(problem_list.pk).is_complete:
        return False
    return bool(
        ProblemList.objects.filter(pk=problem_list.pk, completed_at=None).update(
            completed_at=now or timezone.now()
        )
    )


def problem_list_item_claim_overdue(*, item: ProblemListItem, now=None) -> bool:
    """Mark an item's overdue notice as sent, once, if the time limits' check has found its case
    overdue (and it is still open): True for the one call that marks it."""
    return bool(
        ProblemListItem.objects.filter(
            pk=item.pk,
            overdue_notified_at=None,
            case__overdue_at__isnull=False,
            case__status__in=Case.OPEN_STATUSES,
        ).update(overdue_notified_at=now or timezone.now())
    )
