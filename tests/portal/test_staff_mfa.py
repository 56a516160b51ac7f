"""Staff reach the admin only with two-factor authentication; residents never reach it."""

from django.urls import reverse

import pytest
import time_machine

from portal import roles

PASSWORD = "correct-horse-battery"
FROZEN = "2026-11-25 09:00:10 +0800"


def login(client, email, next_url="/admin/"):
    return client.post(
        f"{reverse('account_login')}?next={next_url}", {"login": email, "password": PASSWORD}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.STAFF_ROLES)
@pytest.mark.parametrize("admin_url", ["/admin/", "/django-admin/"])
def test_staff_without_mfa_are_sent_to_set_it_up(client, make_user, role, admin_url):
    make_user(email="staff@example.org", roles=[role])
    login(client, "staff@example.org")

    response = client.get(admin_url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    assert f"next={admin_url.replace('/', '%2F')}" in response.url
    page = client.get(response.url, follow=True).content.decode()
    assert "Staff accounts must use two-factor authentication" in page


@pytest.mark.django_db
def test_staff_with_totp_log_in_with_a_code_and_reach_the_admin(client, make_user, totp_for):
    with time_machine.travel(FROZEN, tick=False):
        user = make_user(email="dispatcher@example.org", roles=[roles.DISPATCHER])
        current_code = totp_for(user)

        response = login(client, "dispatcher@example.org")
        assert response.url == reverse("mfa_authenticate")
        assert client.get("/admin/").status_code == 302, "password alone is not enough"

        response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert response.status_code == 200
        assert "Incorrect code." in response.content.decode()

        response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_staff_can_log_in_with_a_recovery_code(client, make_user, totp_for):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = make_user(email="editor@example.org", roles=[roles.EDITOR])
    totp_for(user)
    recovery_code = RecoveryCodes.activate(user).get_unused_codes()[0]

    login(client, "editor@example.org")
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_code})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("resident_roles", [[roles.RESIDENT], [roles.RESIDENT, roles.HOUSEKEEPER]])
def test_residents_never_get_into_the_admin(client, make_user, resident_roles):
    make_user(email="li@example.org", roles=resident_roles)
    login(client, "li@example.org")

    response = client.get("/admin/")

    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/admin/")


@pytest.mark.django_db
def test_profile_tells_staff_that_mfa_is_required(client, make_user):
    make_user(email="lead@example.org", roles=[roles.DEPARTMENT_LEAD])
    login(client, "lead@example.org", next_url="/account/profile/")

    page = client.get(reverse("portal:profile")).content.decode()

    assert "Required before you can use the admin." in page
