"""Every write of the housekeepers' organisation: applying to serve a grid, withdrawing, the
decision (which makes the applicant a housekeeper), and the grid leader's message to the grid's
housekeepers. Keyword-only, one transaction each; what people are told is a task enqueued after
commit (participation.tasks), keyed so it is sent once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.services import user_assign_role
from portal.tasks import enqueue_on_commit

from ..models import GridMembership, GridMessage, HousekeeperApplication
from . import selectors

Status = HousekeeperApplication.Status


def housekeeper_apply(*, applicant, grid, note: str) -> HousekeeperApplication:
    """A resident asks to serve `grid` as a housekeeper. Refused (nothing written) when they
    already serve the grid or already wait for a decision there. The grid leader is told."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say in a few words why you want to serve the grid.")})
    with transaction.atomic():
        if GridMembership.objects.filter(grid=grid, user=applicant).exists():
            raise ValidationError({"grid": _("You already serve %(grid)s.") % {"grid": grid}})
        if HousekeeperApplication.objects.filter(
            grid=grid, applicant=applicant, status=Status.PENDING
        ).exists():
            raise ValidationError({"grid": _already_applied(grid)})
        application = HousekeeperApplication(grid=grid, applicant=applicant, note=note)
        application.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:  # the same application sent twice at once
            raise ValidationError({"grid": _already_applied(grid)}) from None
        enqueue_on_commit("participation.tasks.housekeeper_application_received", application.pk)
    return application


def _already_applied(grid) -> str:
    return _(
        "You have already applied to serve %(grid)s. Wait for the grid leader's decision, or "
        "withdraw that application first."
    ) % {"grid": grid}


def housekeeper_application_withdraw(*, application, by) -> HousekeeperApplication:
    """The applicant takes back an application still waiting for a decision."""
    with transaction.atomic():
        application = HousekeeperApplication.objects.select_for_update().get(pk=application.pk)
        if application.applicant_id != by.pk:
            raise ValidationError(_("Only the applicant can withdraw an application."))
        if application.status != Status.PENDING:
            raise ValidationError(_("This application has already been decided or withdrawn."))
        application.status = Status.WITHDRAWN
        application.decided_at = timezone.now()
        application.full_clean(validate_constraints=False)
        application.save(update_fields=["status", "decided_at"])
    return application


def housekeeper_application_approve(*, application, by, note: str = "") -> HousekeeperApplication:
    """The grid leader (or a dispatcher) approves: in the same transaction the applicant becomes
    a housekeeper of the grid (membership and role). The applicant is told."""
    return _decide(application=application, by=by, note=note, approve=True)


def housekeeper_application_decline(*, application, by, note: str = "") -> HousekeeperApplication:
    """The grid leader (or a dispatcher) declines, optionally saying why. The applicant is
    told."""
    return _decide(application=application, by=by, note=note, approve=False)


def _decide(*, application, by, note: str, approve: bool) -> HousekeeperApplication:
    with transaction.atomic():
        application = (
            HousekeeperApplication.objects.select_for_update()
            .select_related("grid", "applicant")
            .get(pk=application.pk)
        )
        if not selectors.may_decide(by, application.grid):
            raise ValidationError(_("Only the grid's leader or the linkage centre can decide."))
        if application.applicant_id == by.pk:
            raise ValidationError(_("You cannot decide your own application."))
        if application.status != Status.PENDING:
            raise ValidationError(_("This application has already been decided or withdrawn."))
        if approve:
            _appoint(application)
        application.status = Status.APPROVED if approve else Status.DECLINED
        application.decided_by = by
        application.decided_at = timezone.now()
        application.decision_note = (note or "").strip()
        application.full_clean(validate_constraints=False)
        application.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        enqueue_on_commit("participation.tasks.housekeeper_application_decided", application.pk)
    return application


def _appoint(application) -> None:
    """Make the applicant a housekeeper of the grid: the membership, and the role's group."""
    if GridMembership.objects.filter(grid=application.grid, user=application.applicant).exists():
        raise ValidationError(
            _("%(person)s already serves %(grid)s.")
            % {"person": application.applicant.public_name, "grid": application.grid}
        )
    membership = GridMembership(
        grid=application.grid,
        user=application.applicant,
        role=GridMembership.Role.HOUSEKEEPER,
    )
    membership.full_clean()
    membership.save()
    user_assign_role(user=application.applicant, role=roles.HOUSEKEEPER)


def grid_message_send(*, grid, sender, subject: str, body: str) -> GridMessage:
    """The grid leader writes to the grid's housekeepers; each is told in their inbox and by
    email (after commit, once each)."""
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Give the message a subject.")
    if not body:
        errors["body"] = _("Write the message.")
    if errors:
        raise ValidationError(errors)
    if not selectors.is_grid_leader(sender, grid):
        raise ValidationError(_("Only the grid's leader can write to its housekeepers."))
    with transaction.atomic():
        message = GridMessage(grid=grid, sender=sender, subject=subject, body=body)
        message.full_clean()
        message.save()
        enqueue_on_commit("participation.tasks.grid_message_notify", message.pk)
    return message
