"""What the housekeepers' organisation tells people, composed here and sent through
portal.notifications (inbox and email), each in its reader's language and keyed by what it is
about, so a task run twice tells once. Called by the worker (participation.tasks)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.notifications import in_language_of, notify

from ..models import GridMessage, HousekeeperApplication
from . import selectors

Status = HousekeeperApplication.Status


def application_received(application_id: int) -> int:
    """Tell the grid's leaders that someone applied to serve it. Returns how many were told."""
    application = (
        HousekeeperApplication.objects.select_related("grid", "applicant")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return 0
    url = reverse("participation:grid_lead", args=[application.grid.number])
    told = 0
    for leader in selectors.grid_leaders(application.grid).exclude(pk=application.applicant_id):
        with in_language_of(leader):
            notify(
                recipient=leader,
                key=f"housekeeper-application:{application.pk}:leader:{leader.pk}",
                subject=_("%(person)s applied to be a housekeeper of %(grid)s")
                % {"person": application.applicant.public_name, "grid": application.grid},
                body=_(
                    "%(person)s would like to serve %(grid)s as a housekeeper. In their words:"
                    "\n\n%(note)s\n\nApprove or decline the application on your grid's page."
                )
                % {
                    "person": application.applicant.public_name,
                    "grid": application.grid,
                    "note": application.note,
                },
                url=url,
            )
        told += 1
    return told


def application_decided(application_id: int) -> bool:
    """Tell the applicant the decision, with the grid leader's message if there is one."""
    application = (
        HousekeeperApplication.objects.select_related("grid", "applicant")
        .filter(pk=application_id, status__in=[Status.APPROVED, Status.DECLINED])
        .first()
    )
    if application is None:
        return False
    applicant = application.applicant
    with in_language_of(applicant):
        values = {"grid": application.grid}
        if application.status == Status.APPROVED:
            subject = _("You are now a housekeeper of %(grid)s") % values
            body = (
                _(
                    "Your application was approved: you now serve %(grid)s as a housekeeper. You "
                    "can report for neighbours without a smartphone and check repairs in the grid "
                    "on site."
                )
                % values
            )
        else:
            subject = _("Your application to serve %(grid)s was declined") % values
            body = _("Your application to be a housekeeper of %(grid)s was declined.") % values
        if application.decision_note:
            body += "\n\n" + _("Message from %(grid)s:") % values + "\n" + application.decision_note
        notify(
            recipient=applicant,
            key=f"housekeeper-application:{application.pk}:decided",
            subject=subject,
            body=body,
            url=reverse("participation:housekeeper_applications"),
        )
    return True


def grid_message(message_id: int) -> int:
    """Send the grid leader's message to each of the grid's housekeepers, once each."""
    message = GridMessage.objects.select_related("grid", "sender").filter(pk=message_id).first()
    if message is None:
        return 0
    told = 0
    for user in selectors.grid_housekeepers(message.grid).exclude(pk=message.sender_id):
        with in_language_of(user):
            notify(
                recipient=user,
                key=f"grid-message:{message.pk}:{user.pk}",
                subject=_("%(grid)s: %(subject)s")
                % {"grid": message.grid, "subject": message.subject},
                body=message.body
                + "\n\n"
                + _("From %(person)s, leader of %(grid)s.")
                % {"person": message.sender.public_name, "grid": message.grid},
            )
        told += 1
    return told
