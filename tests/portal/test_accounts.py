"""Signing up, verifying, logging in and out, resetting a password, and what goes wrong."""

import re

from django.core import mail
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from portal import roles
from portal.models import User

PASSWORD = "correct-horse-battery"


def signup(client, email="new@example.org", password=PASSWORD, **extra):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password, **extra},
    )


def login(client, email, password=PASSWORD, next_url=None):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def confirmation_url(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


@pytest.mark.django_db
def test_signup_then_verify_then_login(client):
    response = signup(client, email="Mei@Example.org", display_name="Mei")

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="mei@example.org")
    assert user.display_name == "Mei"
    assert list(user.groups.values_list("name", flat=True)) == [roles.RESIDENT]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mei@example.org"]

    # Not verified yet: the profile is out of reach.
    assert client.get(reverse("portal:profile")).status_code == 302

    url = confirmation_url(mail.outbox[0])
    assert client.get(url).status_code == 200  # a page with a button, not a GET side effect
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.get(reverse("portal:profile"))
    assert response.status_code == 200
    assert "mei@example.org" in response.content.decode()

    client.post(reverse("account_logout"))
    assert client.get(reverse("portal:profile")).status_code == 302
    response = login(client, "mei@example.org")
    assert response.status_code == 302
    assert client.get(reverse("portal:profile")).status_code == 200


@pytest.mark.django_db
def test_unverified_user_cannot_log_in(client, make_user):
    make_user(email="late@example.org", verified=False)

    response = login(client, "late@example.org")

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("portal:profile")).status_code == 302
    assert len(mail.outbox) == 1, "a fresh verification email is sent"


@pytest.mark.django_db
def test_duplicate_email_signup_creates_nothing_and_tells_the_owner(client, make_user):
    make_user(email="taken@example.org")

    response = signup(client, email="TAKEN@example.org", display_name="Intruder")

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "If this address already has an account" in page
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert User.objects.get(email="taken@example.org").display_name == ""
    assert "already exists" in mail.outbox[0].body


@pytest.mark.django_db
def test_signup_with_weak_password_shows_errors_and_creates_nothing(client):
    response = signup(client, email="weak@example.org", password="12345")

    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    assert not User.objects.filter(email="weak@example.org").exists()


@pytest.mark.django_db
def test_wrong_password_gets_a_clear_message(client, make_user):
    make_user(email="li@example.org")

    response = login(client, "li@example.org", password="wrong-password")

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", [None, "/admin/", "/django-admin/"])
def test_failed_logins_are_rate_limited_on_every_login_path(client, make_user, next_url):
    """The public login, and the login both admins send people to, share one limit."""
    make_user(email="li@example.org")
    for _attempt in range(5):
        login(client, "li@example.org", password="wrong-password", next_url=next_url)

    response = login(client, "li@example.org", next_url=next_url)  # even the right password

    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert client.get(reverse("portal:profile")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("admin_login", ["/admin/login/", "/django-admin/login/"])
def test_admin_login_pages_send_people_to_the_one_login(client, admin_login):
    response = client.get(admin_login + "?next=/admin/pages/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_password_reset_flow_and_expired_link(client, make_user):
    make_user(email="li@example.org")

    client.post(reverse("account_reset_password"), {"email": "li@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": "a-brand-new-secret", "password2": "a-brand-new-secret"}
    )
    assert response.status_code == 302
    assert login(client, "li@example.org", password="a-brand-new-secret").status_code == 302

    # The same link again, or a made-up one, is refused clearly.
    client.post(reverse("account_logout"))
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    assert "The password reset link was invalid" in response.content.decode()


@pytest.mark.django_db
def test_logged_out_session_cookie_no_longer_works(client, make_user):
    make_user(email="li@example.org")
    login(client, "li@example.org")
    old_cookie = client.cookies["sessionid"].value

    client.post(reverse("account_logout"))
    client.cookies["sessionid"] = old_cookie

    assert client.get(reverse("portal:profile")).status_code == 302


@pytest.mark.django_db
def test_deactivated_users_session_no_longer_works(client, make_user):
    user = make_user(email="li@example.org")
    login(client, "li@example.org")
    assert client.get(reverse("portal:profile")).status_code == 200

    user.is_active = False
    user.save()

    assert client.get(reverse("portal:profile")).status_code == 302
    response = login(client, "li@example.org")  # and cannot log back in
    assert response.url == reverse("account_inactive")
    assert client.get(reverse("portal:profile")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "accept_language, prefix", [("en", "[Wuzhen Housekeeper] "), ("zh-CN,zh", "[乌镇管家] ")]
)
def test_emails_are_written_in_the_readers_language(client, accept_language, prefix):
    client.post(
        reverse("account_signup"),
        {"email": "mei@example.org", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )

    assert mail.outbox[0].subject.startswith(prefix)


@pytest.mark.django_db
def test_login_errors_are_translated_for_chinese_readers(client, make_user):
    make_user(email="li@example.org")
    chinese = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
    url = reverse("account_login")
    bad = {"login": "li@example.org", "password": "wrong-password"}

    first = client.post(url, bad, **chinese).content.decode()
    for _attempt in range(5):
        last = client.post(url, bad, **chinese).content.decode()

    assert "您提供的电子邮件地址和/或密码不正确。" in first
    assert "登录失败次数过多，请稍后重试。" in last


@pytest.mark.django_db
def test_a_failed_signup_leaves_no_half_written_account(client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("role table unavailable")

    monkeypatch.setattr("portal.services.resident_register", broken)
    client.raise_request_exception = False

    response = signup(client, email="half@example.org")

    assert response.status_code == 500
    assert not User.objects.filter(email="half@example.org").exists()
