"""The on-site inbox: the copy of every notification, newest first, private to its recipient."""

from django.core import mail
from django.urls import reverse

from portal.notifications import notify


def test_notify_records_once_and_emails_once(make_user):
    user = make_user()

    for _attempt in range(2):
        notify(recipient=user, key="case-receipt:1", subject="Received", body="Thanks", url="/x/")

    assert user.notifications.count() == 1
    assert [m.subject for m in mail.outbox] == ["Received"]
    assert "http://testserver/x/" in mail.outbox[0].body


def test_inbox_lists_only_my_messages_and_marks_them_read(client, make_user):
    me = make_user()
    other = make_user(email="other@example.org")
    notify(recipient=me, key="a", subject="For me", body="Mine")
    notify(recipient=other, key="b", subject="For someone else", body="Theirs")
    client.force_login(me)

    page = client.get(reverse("portal:inbox")).content.decode()
    assert "For me" in page and "For someone else" not in page

    client.post(reverse("portal:inbox"))
    assert me.notifications.filter(read_at=None).count() == 0
    assert other.notifications.filter(read_at=None).count() == 1


def test_inbox_needs_login(client):
    response = client.get(reverse("portal:inbox"))

    assert response.status_code == 302
