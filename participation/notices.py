"""What residents are told of their cases, composed here and sent through portal.notifications:
the receipt, each public step for followers (with a short SMS for the reporter), the request to
evaluate; and, for a neighbour reported for, the same by text message. Every notice is keyed by what
it is about, so running one twice sends it once. Called by the worker (participation.tasks)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.notifications import in_language_of, notify, send_email, short_link


def _case_url(case) -> str:
    return case.get_absolute_url()


def _short_case_link(case) -> str:
    return short_link(reverse("participation:case_short", args=[case.reference]))


def _event_sms(event, case) -> str:
    """The text message for the steps a reporter hears of by SMS: sent to a department, and
    reopened. One short sentence and the short link."""
    Action, Status = type(event).Action, type(case).Status
    link = _short_case_link(case)
    if event.action == Action.DISPATCH:
        return _("%(reference)s sent to %(department)s: %(link)s") % {
            "reference": case.reference,
            "department": case.department.localized_name if case.department else "",
            "link": link,
        }
    if event.to_status == Status.REOPENED:
        return _("%(reference)s reopened: %(link)s") % {"reference": case.reference, "link": link}
    return ""


def case_receipt(case_id: int) -> None:
    """Tell the reporter their case number."""
    from .models import Case

    case = Case.objects.select_related("reporter", "category").filter(pk=case_id).first()
    if case is None:
        return
    if case.neighbour_phone:
        _neighbour_receipt(case)
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
            sms=_("Report %(reference)s received. Follow it: %(link)s")
            % {"reference": case.reference, "link": _short_case_link(case)},
            sms_kind="case_receipt",
        )


# Neighbours reported for have no account, so no language setting: the town's language.
NEIGHBOUR_LANGUAGE = "zh-hans"


def _neighbour_receipt(case) -> None:
    """The neighbour a case was reported for gets its number by text message, once."""
    from portal import sms

    with translation.override(NEIGHBOUR_LANGUAGE):
        sms.queue(
            to=case.neighbour_phone,
            template=sms.NOTICE,
            text=_("A report was made for you: %(reference)s. Follow it: %(link)s")
            % {"reference": case.reference, "link": _short_case_link(case)},
            key=f"neighbour-receipt:{case.pk}",
        )


def _neighbour_evaluation_request(case, round_number: int) -> None:
    """The neighbour gets a single-use link to evaluate the resolution, without an account."""
    from datetime import timedelta

    from portal import sms

    from .models import EvaluationLink
    from .workflow import AUTO_CLOSE_DAYS

    link, _created = EvaluationLink.objects.get_or_create(
        case=case,
        round=round_number,
        defaults={"expires_at": timezone.now() + timedelta(days=AUTO_CLOSE_DAYS)},
    )
    path = reverse("participation:evaluate_link", args=[link.token])
    with translation.override(NEIGHBOUR_LANGUAGE):
        sms.queue(
            to=case.neighbour_phone,
            template=sms.NOTICE,
            text=_("%(reference)s resolved. Is it fixed? Tell us: %(link)s")
            % {"reference": case.reference, "link": short_link(path)},
            key=f"neighbour-evaluate:{case.pk}:{round_number}",
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


def case_event_notify(event_id: int) -> None:
    """Tell the case's followers (not the person who acted) about a public step."""
    from .models import Case, CaseEvent

    event = CaseEvent.objects.select_related("case").filter(pk=event_id).first()
    if event is not None:
        # Staff concerned (the department, the centre) first: they hear of hidden cases too.
        from .backoffice import notifications as staff_notifications

        staff_notifications.for_event(event)
    if event is None or event.action == CaseEvent.Action.SUBMIT:
        return
    case = event.case
    if event.action == CaseEvent.Action.DISPATCH:
        case = Case.objects.select_related("department").get(pk=case.pk)
    update = getattr(event, "case_update", None)
    if update is not None and update.is_hidden:
        return  # hidden before this ran: not for the public
    if not event.public_text and update is None:
        return  # an internal step (a note for staff, a new deadline): nothing to tell the public
    followers = case.follows.exclude(user_id=event.actor_id).select_related("user")
    if case.is_hidden:
        # Off the public site: only its reporter still follows how it goes.
        followers = followers.filter(user_id=case.reporter_id)
    if event.action == CaseEvent.Action.RESOLVE and not case.neighbour_phone:
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
                # Text messages only for the reporter, and only the steps that matter most.
                sms=_event_sms(event, case) if follow.user_id == case.reporter_id else "",
            )


def case_evaluation_request(case_id: int, round_number: int) -> None:
    """Ask the reporter to evaluate a resolution (once per round)."""
    from .models import Case

    case = Case.objects.select_related("reporter").filter(pk=case_id).first()
    if case is None or case.status != Case.Status.RESOLVED:
        return
    if case.neighbour_phone:
        # Their report, their evaluation; the housekeeper hears of it as a follower.
        _neighbour_evaluation_request(case, round_number)
        return
    if case.reporter is None:
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
            sms=_("%(reference)s resolved. Is it fixed? Tell us: %(link)s")
            % {
                "reference": case.reference,
                "link": short_link(
                    reverse("participation:case_short_evaluate", args=[case.reference])
                ),
            },
        )
