"""Telling people things: one on-site inbox entry, one email and (for the few notices that have
one) one short text message per occurrence.

Callers run in the task worker (never in a request) and name each occurrence with a `key`, so a
task that runs twice notifies once. Text is rendered in the recipient's language.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import Notification, User

# Kinds of notification a person can turn email off for (they stay in the on-site inbox).
# Feature apps pass one of these as `kind`; anything else is always emailed.
KINDS = {
    "case_update": _("Updates on cases I reported or follow"),
    "case_evaluation": _("Requests to evaluate a resolved case"),
    "regulation_update": _("My opinions on draft regulations, and regulations I follow"),
    "staff_dispatched": _("Staff: a case was dispatched to my department"),
    "staff_returned": _("Staff: a case was returned to the centre"),
    "staff_reopened": _("Staff: a case of my department was reopened"),
    "staff_overdue": _("Staff: overdue cases and reminders before a deadline"),
    "staff_check": _("Staff: repairs to check, and repairs reported not done"),
    "staff_joint": _("Staff: joint cases (help asked of my department, assisting parts done)"),
    "digest": _("Staff: the weekly digest"),
}
# Kinds that also come as a short text message to a verified mobile number, for people who get
# text messages (User.sms_notices); each can be turned off on the same settings page.
SMS_KINDS = {
    "case_receipt": _("Receipts for my reports"),
    "case_update": _("My reports: sent to a department, or reopened"),
    "case_evaluation": _("My reports: resolved, with a link to evaluate"),
}
# Kinds only staff receive; residents are not offered them in their settings.
STAFF_KINDS = frozenset(
    {
        "staff_dispatched",
        "staff_returned",
        "staff_reopened",
        "staff_overdue",
        "staff_check",
        "staff_joint",
        "digest",
    }
)


def in_language_of(user: User):
    """Render subject and body for `user` inside this block."""
    return translation.override(user.language or settings.LANGUAGE_CODE)


def notify(
    *,
    recipient: User,
    key: str,
    subject: str,
    body: str,
    url: str = "",
    kind: str = "",
    sms: str = "",
    sms_kind: str = "",
) -> Notification:
    """Record the notification once per key, then email it unless that was done already or the
    recipient has turned email off for this kind. With `sms` (a short text with a short link,
    `short_link`), also text it to a verified number if the recipient gets text messages and
    has not turned off `sms_kind` (default: `kind`)."""
    try:
        with transaction.atomic():
            notification, _created = Notification.objects.get_or_create(
                key=key,
                defaults={
                    "recipient": recipient,
                    "subject": subject[:200],
                    "body": body,
                    "url": url,
                    "kind": kind,
                },
            )
    except IntegrityError:  # a concurrent run created it first
        notification = Notification.objects.get(key=key)
    _email(notification)
    if sms:
        _text(notification, sms, sms_kind or kind)
    return notification


def short_link(path: str) -> str:
    """The site's address and `path`, without the scheme: short enough for a text message."""
    base = settings.PORTAL_SHORT_LINK_BASE or settings.WAGTAILADMIN_BASE_URL
    return base.split("://", 1)[-1].rstrip("/") + path


def _text(notification: Notification, text: str, kind: str) -> None:
    from . import sms

    recipient = notification.recipient
    if not (recipient.phone and recipient.phone_verified and recipient.sms_notices):
        return
    if kind in (recipient.muted_sms_kinds or []):
        return
    # Keyed by the notification: asking again (a task run twice) sends nothing more.
    sms.queue(
        to=recipient.phone, template=sms.NOTICE, text=text, key=f"notification:{notification.pk}"
    )


def send_email(*, address: str, subject: str, body: str, url: str = "") -> None:
    """One email, with the portal's absolute link to `url` (a path) under the body. For people
    without an account (e.g. an Open311 reporter); everyone else is told through `notify`."""
    link = f"{settings.WAGTAILADMIN_BASE_URL}{url}" if url else ""
    send_mail(
        subject=subject[:200],
        message=f"{body}\n\n{link}".strip(),
        from_email=None,
        recipient_list=[address],
    )


def stale_claims_before(now):
    """A send claimed before this moment was claimed by a worker that died: no task runs longer
    than Q_CLUSTER's timeout. The task's next run (portal.brokers leases every task) takes it
    over, so a killed worker's email or text message is sent late rather than never."""
    return now - timedelta(seconds=settings.Q_CLUSTER.get("timeout") or 120)


def _email(notification: Notification) -> None:
    now = timezone.now()
    # Claim the send with a conditional update: of two concurrent runs only one sends.
    unclaimed = Q(email_claimed_at=None) | Q(email_claimed_at__lt=stale_claims_before(now))
    claimed = Notification.objects.filter(unclaimed, pk=notification.pk, emailed_at=None).update(
        email_claimed_at=now
    )
    if not claimed:
        return
    recipient = notification.recipient
    if recipient.email and notification.kind not in (recipient.muted_email_kinds or []):
        try:
            send_email(
                address=recipient.email,
                subject=notification.subject,
                body=notification.body,
                url=notification.url,
            )
        except Exception:
            # Release the claim so the worker's retry sends it.
            Notification.objects.filter(pk=notification.pk).update(email_claimed_at=None)
            raise
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def mark_read(*, recipient: User, ids=None) -> int:
    unread = Notification.objects.filter(recipient=recipient, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
