"""Text messages, pluggable like email: ``SMS_BACKEND`` names a class with ``send(message)``.

Backends: ``console`` (development: prints the message in the ``make run`` terminal), ``file``
(tests: one JSON file per message under ``SMS_FILE_PATH``) and ``aliyun`` (Alibaba Cloud SMS).
`queue` records the message once per key and the task worker sends it (`send_queued`), retried,
never twice at once; one whose worker died while sending is sent by the task's next run.
Numbers are never logged.
"""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.tasks import enqueue_on_commit

# Kinds of message, each an approved template at the provider: a one-time code, or a notice.
CODE = "code"
NOTICE = "notice"


class SmsError(Exception):
    """The provider did not take the message. `retry` says whether trying later may help."""

    def __init__(self, message: str, *, retry: bool = True):
        super().__init__(message)
        self.retry = retry


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def queue(*, to: str, template: str, text: str, params: dict | None = None, key: str = ""):
    """Record one message to `to` (E.164) and send it from the task worker once the current
    transaction commits. The same `key` twice sends once; without a key (codes) each call is
    its own message."""
    from portal.models import TextMessage

    if template == NOTICE:
        params = {"text": text, **(params or {})}
    key = key or f"{template}:{secrets.token_hex(12)}"
    try:
        with transaction.atomic():
            message, created = TextMessage.objects.get_or_create(
                key=key,
                defaults={"to": to, "template": template, "text": text, "params": params or {}},
            )
    except IntegrityError:  # a concurrent run recorded it first
        return TextMessage.objects.get(key=key)
    if created:
        enqueue_on_commit("portal.sms.send_queued", message.pk)
    return message


def send_queued(message_id: int) -> bool:
    """The task: send one recorded message, unless it was sent or is being sent. A failure that
    may pass raises, so the worker tries again later; one that will not is recorded."""
    from portal.models import TextMessage
    from portal.notifications import stale_claims_before

    Status = TextMessage.Status
    now = timezone.now()
    # A message stuck "sending" longer than a task may run was claimed by a worker that died.
    claimable = Q(status__in=[Status.QUEUED, Status.FAILED]) | Q(
        status=Status.SENDING, claimed_at__lt=stale_claims_before(now)
    )
    claimed = TextMessage.objects.filter(claimable, pk=message_id).update(
        status=Status.SENDING, claimed_at=now
    )
    if not claimed:
        return False
    message = TextMessage.objects.get(pk=message_id)
    try:
        provider_id = get_backend().send(message)
    except SmsError as error:
        TextMessage.objects.filter(pk=message.pk).update(
            status=Status.QUEUED if error.retry else Status.FAILED,
            attempts=message.attempts + 1,
            error=str(error)[:300],
        )
        if error.retry:
            raise
        return False
    except Exception as error:
        TextMessage.objects.filter(pk=message.pk).update(
            status=Status.QUEUED, attempts=message.attempts + 1, error=str(error)[:300]
        )
        raise
    done = {"status": Status.SENT, "attempts": message.attempts + 1, "error": ""}
    if message.template == CODE:
        done.update(text="", params={})  # a code is not kept once it is on its way
    TextMessage.objects.filter(pk=message.pk).update(
        provider_id=str(provider_id or "")[:100], sent_at=timezone.now(), **done
    )
    return True
