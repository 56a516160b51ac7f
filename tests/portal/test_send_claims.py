"""A worker killed while it sends an email or a text message (the worker-kill drill of `make
drill`): the task runs again (portal.brokers leases it) and sends what the dead worker had
claimed, once its claim is older than any task may run; a claim that young is a live worker's,
and nothing is sent twice."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from portal import sms
from portal.models import Notification, TextMessage
from portal.notifications import notify

pytestmark = pytest.mark.django_db

DEAD = timedelta(minutes=10)  # longer ago than Q_CLUSTER's task timeout (2 minutes)


def claimed_notification(user, ago):
    return Notification.objects.create(
        recipient=user,
        key="case-receipt:1",
        subject="Received",
        body="Thanks",
        email_claimed_at=timezone.now() - ago,
    )


def test_an_email_whose_worker_died_is_sent_by_the_tasks_next_run(make_user):
    user = make_user()
    claimed_notification(user, DEAD)

    notify(recipient=user, key="case-receipt:1", subject="Received", body="Thanks")
    notify(recipient=user, key="case-receipt:1", subject="Received", body="Thanks")

    assert [message.subject for message in mail.outbox] == ["Received"]
    assert Notification.objects.get().emailed_at is not None


def test_an_email_a_worker_is_sending_now_is_not_sent_again(make_user):
    user = make_user()
    claimed_notification(user, timedelta(seconds=5))

    notify(recipient=user, key="case-receipt:1", subject="Received", body="Thanks")

    assert mail.outbox == []


def claimed_text(ago):
    return TextMessage.objects.create(
        key="notification:1",
        to="+8613812345678",
        template=sms.NOTICE,
        text="Report received",
        params={"text": "Report received"},
        status=TextMessage.Status.SENDING,
        claimed_at=timezone.now() - ago,
    )


def test_a_text_message_whose_worker_died_is_sent_by_the_tasks_next_run(sms_outbox):
    message = claimed_text(DEAD)

    assert sms.send_queued(message.pk) is True
    assert sms.send_queued(message.pk) is False

    assert [sent["key"] for sent in sms_outbox()] == ["notification:1"]
    assert TextMessage.objects.get().status == TextMessage.Status.SENT


def test_a_text_message_a_worker_is_sending_now_is_not_sent_again(sms_outbox):
    message = claimed_text(timedelta(seconds=5))

    assert sms.send_queued(message.pk) is False

    assert sms_outbox() == []
