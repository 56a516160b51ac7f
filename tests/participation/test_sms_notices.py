"""Short notices by text message to residents with a verified number: received, sent to a
department, resolved (with the evaluation link) and reopened; each kind can be turned off."""

import pytest

from participation import services
from portal import services as portal_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_resident(make_phone_user):
    return make_phone_user("+8613812345678", display_name="Wang", language="zh-hans")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def texts(sms_outbox):
    return [m["text"] for m in sms_outbox() if m["to"] == "+8613812345678"]


def test_the_four_notices_arrive_each_once_and_short(
    phone_resident, submit, advance, run, sms_outbox, client, dispatcher
):
    case = run(submit, reporter=phone_resident)
    case = run(advance, case, "dispatch")
    case = run(advance, case, "accept", "resolve")
    case = run(
        services.case_reopen,
        case=case,
        actor=dispatcher,
        reason="The housekeeper found the hole still open.",
        public_message="The repair is not done: the department will come back.",
    )

    received, dispatched, resolved, reopened = texts(sms_outbox)
    assert case.reference in received and f"/c/{case.reference}" in received
    assert "建设管理办" in dispatched  # the department, in the reader's language
    assert f"/c/{case.reference}/e" in resolved
    assert case.reference in reopened
    for text in (received, dispatched, resolved, reopened):
        assert len(text) <= 70, text  # one text message
    # The short links lead on to the case and its evaluation.
    assert client.get(f"/c/{case.reference}").url == case.get_absolute_url()
    assert client.get(f"/c/{case.reference}/e").url.endswith(f"/cases/{case.reference}/evaluate/")


def test_kinds_turned_off_are_not_texted(phone_resident, submit, advance, run, sms_outbox):
    portal_services.notification_settings_update(
        user=phone_resident, email_on={}, sms_on={"case_receipt": False, "case_update": False}
    )

    case = run(submit, reporter=phone_resident)
    run(advance, case, "dispatch", "accept", "resolve")

    [only] = texts(sms_outbox)
    assert f"/c/{case.reference}/e" in only


def test_no_texts_for_someone_who_turned_them_off(phone_resident, submit, run, sms_outbox):
    portal_services.notification_settings_update(
        user=phone_resident, email_on={}, sms_notices=False
    )

    run(submit, reporter=phone_resident)

    assert texts(sms_outbox) == []
    assert phone_resident.notifications.count() == 1  # still in the on-site inbox


def test_no_texts_to_an_unverified_number(make_phone_user, submit, run, sms_outbox):
    user = make_phone_user("+8613812345678", verified=False)

    run(submit, reporter=user)

    assert texts(sms_outbox) == []


def test_email_residents_get_no_texts_unless_they_ask(resident, submit, run, sms_outbox):
    resident.phone, resident.phone_verified = "+8613812345678", True
    resident.save()

    run(submit, reporter=resident)
    assert texts(sms_outbox) == []

    portal_services.notification_settings_update(user=resident, email_on={}, sms_notices=True)
    run(submit, reporter=resident, title="Another cover missing")
    assert len(texts(sms_outbox)) == 1


def test_the_settings_page_offers_text_messages_to_verified_numbers(client, phone_resident):
    client.force_login(phone_resident)

    page = client.get("/account/notifications/settings/").content.decode()
    assert "sms:case_receipt" in page
    response = client.post(
        "/account/notifications/settings/",
        {"sms_notices": "on", "sms:case_update": "on", "sms:case_evaluation": "on"},
    )

    assert response.status_code == 302
    phone_resident.refresh_from_db()
    assert phone_resident.muted_sms_kinds == ["case_receipt"]
    assert phone_resident.sms_notices
