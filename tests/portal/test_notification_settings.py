"""Notification settings: one checkbox per kind (checked = email on); the on-site inbox keeps
everything; staff kinds are offered to staff only; each person changes only their own."""

from django.core import mail
from django.urls import reverse

import pytest

from portal import roles, services
from portal.notifications import KINDS, STAFF_KINDS, notify

URL = "/account/notifications/settings/"
RESIDENT_KINDS = [kind for kind in KINDS if kind not in STAFF_KINDS]


def test_the_url():
    assert reverse("portal:notification_settings") == URL


def test_it_needs_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert client.post(URL, {}).status_code == 302


def test_residents_see_their_kinds_only_all_on_by_default(client, make_user):
    client.force_login(make_user(roles=[roles.RESIDENT]))
    page = client.get(URL).content.decode()
    for kind in RESIDENT_KINDS:
        assert f'name="{kind}"' in page
        assert str(KINDS[kind]) in page
    for kind in STAFF_KINDS:
        assert f'name="{kind}"' not in page
    assert page.count("checked") == len(RESIDENT_KINDS)


def test_staff_see_the_staff_kinds(client, make_user):
    client.force_login(make_user(roles=[roles.DEPARTMENT_STAFF]))
    page = client.get(URL).content.decode()
    for kind in KINDS:
        assert f'name="{kind}"' in page


def test_saving_mutes_unchecked_kinds_and_they_still_reach_the_inbox(client, make_user):
    me = make_user(roles=[roles.RESIDENT])
    other = make_user(email="other@example.org", roles=[roles.RESIDENT])
    client.force_login(me)

    # case_update unchecked
    response = client.post(URL, {"case_evaluation": "on", "regulation_update": "on"})
    assert response.status_code == 302 and response.url == URL
    me.refresh_from_db()
    other.refresh_from_db()
    assert me.muted_email_kinds == ["case_update"]
    assert other.muted_email_kinds == [], "only my own settings"
    page = client.get(URL).content.decode()
    assert 'name="case_update"' in page and page.count("checked") == len(RESIDENT_KINDS) - 1

    notify(recipient=me, key="k1", subject="Update", body="…", kind="case_update")
    notify(recipient=me, key="k2", subject="Evaluate", body="…", kind="case_evaluation")
    assert me.notifications.count() == 2
    assert [m.subject for m in mail.outbox] == ["Evaluate"]

    client.post(URL, {"case_update": "on", "case_evaluation": "on", "regulation_update": "on"})
    me.refresh_from_db()
    assert me.muted_email_kinds == []


def test_a_residents_form_leaves_hidden_staff_kinds_alone(make_user, client):
    me = make_user(roles=[roles.RESIDENT])
    me.muted_email_kinds = ["digest"]  # e.g. set while they were staff
    me.save(update_fields=["muted_email_kinds"])
    client.force_login(me)
    offered = {kind: "on" for kind in RESIDENT_KINDS}
    client.post(URL, {**offered, "digest": "on"})
    me.refresh_from_db()
    assert me.muted_email_kinds == ["digest"], "a kind not offered cannot be changed"


def test_the_service_refuses_unknown_kinds(make_user):
    with pytest.raises(ValueError):
        services.notification_settings_update(user=make_user(), email_on={"spam": True})


def test_linked_from_the_inbox_and_the_account_nav(client, make_user):
    client.force_login(make_user())
    page = client.get(reverse("portal:inbox")).content.decode()
    assert page.count(f'href="{URL}"') == 2
