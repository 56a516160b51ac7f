"""Background work for cases (django-q2). Thin wrappers, enqueued after commit, safe to run twice:
every notification is keyed by what it is about, and thumbnails are made only once."""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from PIL import Image

from portal.notifications import in_language_of, notify, send_email

THUMBNAIL_EDGE = 480


def _case_url(case) -> str:
    return case.get_absolute_url()


def case_receipt(case_id: int) -> None:
    """Tell the reporter their case number."""
    from .models import Case

    case = Case.objects.select_related("reporter", "category").filter(pk=case_id).first()
    if case is None:
        return
    if case.reporter is None:
        _open311_receipt(case)
        return
    with in_language_of(case.reporter):
        subject, body = _receipt_text(case)
        notify(
            recipient=case.reporter,
            key=f"case-receipt:{case.pk}",
            subject=subject,
            body=body,
            url=_case_url(case),
        )


def _receipt_text(case) -> tuple[str, str]:
    subject = _("We received your report %(reference)s") % {"reference": case.reference}
    body = _(
        "Thank you. Your report “%(title)s” has the number %(reference)s. The linkage "
        "centre will send it to the department responsible, and we will tell you about "
        "every step."
    ) % {"title": case.title, "reference": case.reference}
    return subject, body


def _open311_receipt(case) -> None:
    """A report posted by an app with the reporter's email address: the receipt goes to that
    address, in the language the app asked in, once (the claim is a conditional update)."""
    from .models import Open311Request

    submission = Open311Request.objects.filter(case=case).exclude(email="").first()
    if submission is None:
        return
    claimed = Open311Request.objects.filter(pk=submission.pk, receipt_sent_at=None).update(
        receipt_sent_at=timezone.now()
    )
    if not claimed:
        return
    with translation.override(submission.language or settings.LANGUAGE_CODE):
        subject, body = _receipt_text(case)
        body += "\n\n" + _("You can follow the case on its public page:")
        try:
            send_email(address=submission.email, subject=subject, body=body, url=_case_url(case))
        except Exception:
            Open311Request.objects.filter(pk=submission.pk).update(receipt_sent_at=None)
            raise


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
    """Tell the case's followers (not the person who acted) about a public step."""
    from .models import CaseEvent

    event = CaseEvent.objects.select_related("case").filter(pk=event_id).first()
    if event is not None:
        # Staff concerned (the department, the centre) first: they hear of hidden cases too.
        from . import staff_notifications

        staff_notifications.for_event(event)
    if event is None or event.action == CaseEvent.Action.SUBMIT:
        return
    case = event.case
    update = getattr(event, "case_update", None)
    if update is not None and update.is_hidden:
        return  # hidden before this ran: not for the public
    if not event.public_text and update is None:
        return  # an internal step (a note for staff, a new deadline): nothing to tell the public
    followers = case.follows.exclude(user_id=event.actor_id).select_related("user")
    if case.is_hidden:
        # Off the public site: only its reporter still follows how it goes.
        followers = followers.filter(user_id=case.reporter_id)
    if event.action == CaseEvent.Action.RESOLVE:
        # The reporter gets the evaluation request instead: one email, not two.
        followers = followers.exclude(user_id=case.reporter_id)
    for follow in followers:
        with in_language_of(follow.user):
            if event.action == CaseEvent.Action.UPDATE:
                subject = _("Case %(reference)s: a new update") % {"reference": case.reference}
            else:
                subject = _("Case %(reference)s: %(status)s") % {
                    "reference": case.reference,
                    "status": event.get_to_status_display(),
                }
            parts = (str(event.public_text), update.text if update else "")
            text = "\n\n".join(part for part in parts if part)
            notify(
                recipient=follow.user,
                key=f"case-event:{event.pk}:{follow.user_id}",
                subject=subject,
                body=f"{case.title}\n\n{text}",
                url=_case_url(case),
                kind="case_update",
            )


def case_evaluation_request(case_id: int, round_number: int) -> None:
    """Ask the reporter to evaluate a resolution (once per round)."""
    from .models import Case

    case = Case.objects.select_related("reporter").filter(pk=case_id).first()
    if case is None or case.reporter is None or case.status != Case.Status.RESOLVED:
        return
    with in_language_of(case.reporter):
        notify(
            recipient=case.reporter,
            key=f"case-evaluate:{case.pk}:{round_number}",
            subject=_("Is it fixed? Please evaluate %(reference)s") % {"reference": case.reference},
            body=_(
                "The department says your report “%(title)s” is resolved. Tell us whether you are "
                "satisfied. If you do not answer within 7 days the case will be closed."
            )
            % {"title": case.title},
            url=reverse("participation:case_evaluate", args=[case.reference]),
            kind="case_evaluation",
        )


def attachment_thumbnail(attachment_id: int) -> None:
    """A small JPEG for lists and timelines, made from the already-cleaned photo."""
    from .models import Attachment

    attachment = Attachment.objects.filter(pk=attachment_id, kind=Attachment.Kind.PHOTO).first()
    if attachment is None or attachment.thumbnail:
        return
    with attachment.file.open("rb") as source:
        image = Image.open(source)
        image.load()
    image.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    if image.mode != "RGB":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80, optimize=True)
    name = attachment.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] + "-thumb.jpg"
    attachment.thumbnail.save(name, ContentFile(buffer.getvalue()), save=False)
    updated = Attachment.objects.filter(pk=attachment.pk, thumbnail="").update(
        thumbnail=attachment.thumbnail.name
    )
    if not updated:  # another run got there first
        attachment.thumbnail.delete(save=False)


def cases_auto_close() -> int:
    from . import services

    return services.cases_auto_close()


def statistics_rollup() -> int:
    """Hourly: recompute the public statistics' roll-up for the months with changed cases."""
    from .statistics import statistics_rollup

    return statistics_rollup()


def cases_sla_check():
    """Every 15 minutes: remind before deadlines, mark overdue cases, escalate (see sla.py)."""
    from . import sla

    return sla.cases_sla_check()


def case_sla_reminder(case_id: int) -> int:
    from . import staff_notifications

    return staff_notifications.sla_reminder(case_id)


def weekly_digest():
    """Mondays 08:00: last week's figures for department leads and the linkage centre."""
    from . import digest

    return digest.weekly_digest()
