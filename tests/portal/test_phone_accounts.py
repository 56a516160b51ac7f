"""Signing up, in and changing the number with a mobile number and a code by text message."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from portal import roles
from portal.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST as the browser does, running what is queued after the commit (the text message)."""

    def post(url, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return post


def last_code(sms_outbox, to="+8613812345678") -> str:
    codes = [m for m in sms_outbox() if m["to"] == to and m["template"] == "code"]
    assert codes, f"no code was texted to {to}"
    return codes[-1]["params"]["code"]


def test_signup_with_a_mobile_number_and_no_password(client, send, sms_outbox):
    response = send(reverse("account_signup"), {"phone": "138 1234 5678", "display_name": "Wang"})

    assert response.status_code == 302
    assert response.url == reverse("account_verify_phone")
    user = User.objects.get(phone="+8613812345678")
    assert (user.email, user.phone_verified, user.has_usable_password()) == (None, False, False)
    assert list(user.groups.values_list("name", flat=True)) == [roles.RESIDENT]
    [message] = sms_outbox()
    assert message["to"] == "+8613812345678"
    assert len(message["params"]["code"]) == 6 and message["params"]["code"].isdigit()
    assert message["params"]["code"] in message["text"]
    assert mail.outbox == []

    response = send(reverse("account_verify_phone"), {"code": last_code(sms_outbox)})

    assert response.status_code == 302
    assert response.url == reverse("portal:welcome")
    user.refresh_from_db()
    assert user.phone_verified and user.sms_notices
    page = client.get(reverse("portal:welcome")).content.decode()
    assert "Report a problem" in page
    # A verified number is enough to report.
    assert client.get(reverse("participation:report")).status_code == 200


def test_a_wrong_code_is_refused_and_verifies_nothing(client, send, sms_outbox):
    send(reverse("account_signup"), {"phone": "13812345678"})
    code = last_code(sms_outbox)
    wrong = "".join("1" if c != "1" else "2" for c in code)  # same length, every digit off

    response = send(reverse("account_verify_phone"), {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not User.objects.get(phone="+8613812345678").phone_verified
    assert client.get(reverse("portal:profile")).status_code == 302


def test_an_expired_code_is_refused(client, send, sms_outbox):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send(reverse("account_signup"), {"phone": "13812345678"})
        code = last_code(sms_outbox)
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        response = send(reverse("account_verify_phone"), {"code": code}, follow=True)

    assert not User.objects.get(phone="+8613812345678").phone_verified
    assert client.get(reverse("portal:profile")).status_code == 302
    assert response.status_code == 200


@pytest.mark.parametrize(
    "number, error",
    [
        ("call me", "Enter a valid mobile number."),
        ("0573 8873 1234", "This is not a mobile number"),  # a landline in Tongxiang
        ("+1 202 555 0143", "We cannot send text messages to numbers of that country or region."),
        ("138123", "Enter a valid mobile number."),
    ],
)
def test_a_bad_number_is_refused_and_changes_nothing(send, sms_outbox, number, error):
    response = send(reverse("account_signup"), {"phone": number})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not User.objects.exists()
    assert sms_outbox() == []


def test_neither_number_nor_address_is_refused(send):
    response = send(reverse("account_signup"), {"display_name": "Nobody"})

    assert "Give a mobile number or an email address." in response.content.decode()
    assert not User.objects.exists()


def test_the_refusals_are_translated(send):
    response = send(
        reverse("account_signup"), {"phone": "0573 8873 1234"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert "手机号" in response.content.decode()


def test_sign_in_with_a_code_by_text_message(client, send, sms_outbox, make_phone_user):
    user = make_phone_user("+8613812345678")

    response = send(reverse("account_request_login_code"), {"phone": "138-1234-5678"})

    assert response.status_code == 302
    response = send(reverse("account_confirm_login_code"), {"code": last_code(sms_outbox)})
    assert response.status_code == 302
    assert client.get(reverse("portal:profile")).context["user"] == user


def test_code_requests_are_rate_limited_per_number(client, send, sms_outbox, make_phone_user):
    make_phone_user("+8613812345678")
    send(reverse("account_request_login_code"), {"phone": "13812345678"})
    client.post(reverse("account_logout"))
    client.cookies.clear()

    response = send(reverse("account_request_login_code"), {"phone": "13812345678"})

    assert response.status_code in (200, 429)
    assert "Too many" in response.content.decode()
    assert len(sms_outbox()) == 1


def test_sign_in_with_the_number_and_a_password(client, make_phone_user):
    user = make_phone_user("+8613812345678", password="correct-horse-battery")

    response = client.post(
        reverse("account_login"), {"login": "138 1234 5678", "password": "correct-horse-battery"}
    )

    assert response.status_code == 302
    assert client.get(reverse("portal:profile")).context["user"] == user


def test_changing_the_number_needs_a_code_sent_to_the_new_one(
    client, send, sms_outbox, make_phone_user
):
    make_phone_user("+8613812345678")
    send(reverse("account_request_login_code"), {"phone": "13812345678"})
    send(reverse("account_confirm_login_code"), {"code": last_code(sms_outbox)})

    response = send(reverse("account_change_phone"), {"phone": "139 8765 4321"})

    assert response.status_code == 302
    user = User.objects.get()
    assert user.phone == "+8613812345678"  # unchanged until the new number is confirmed
    response = send(
        reverse("account_verify_phone"), {"code": last_code(sms_outbox, to="+8613987654321")}
    )
    user.refresh_from_db()
    assert (user.phone, user.phone_verified) == ("+8613987654321", True)


def test_a_number_taken_by_another_account_is_not_moved(client, send, sms_outbox, make_phone_user):
    make_phone_user("+8613987654321")
    me = make_phone_user("+8613812345678")
    send(reverse("account_request_login_code"), {"phone": "13812345678"})
    send(reverse("account_confirm_login_code"), {"code": last_code(sms_outbox)})

    send(reverse("account_change_phone"), {"phone": "13987654321"})
    response = send(
        reverse("account_verify_phone"), {"code": last_code(sms_outbox, to="+8613987654321")}
    )

    assert "already registered with this phone number" in response.content.decode()
    me.refresh_from_db()
    assert me.phone == "+8613812345678"
    assert User.objects.filter(phone="+8613987654321").count() == 1


def test_an_unverified_number_cannot_report(client, make_phone_user):
    user = make_phone_user("+8613812345678", verified=False)
    client.force_login(user)

    response = client.get(reverse("participation:report"))

    assert response.status_code == 302
    assert response.url == reverse("account_change_phone")


def test_the_number_is_on_no_public_page_and_masked_for_department_staff(make_phone_user):
    from portal.phones import for_staff, mask

    user = make_phone_user("+8613812345678")

    assert mask(user.phone) == "138****5678"
    assert user.account_label == "138****5678"
    assert str(user) == "138****5678"
    assert for_staff(user.phone, user) == "138****5678"
