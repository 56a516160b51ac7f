"""Every response carries a Content-Security-Policy; only the admin's allows inline code."""

import pytest

from portal import roles


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_forbid_inline_code(client, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_the_admin_policy_is_widened_only_for_its_editor(client, make_user, totp_for):
    user = make_user(email="editor@example.org", roles=[roles.EDITOR])
    totp_for(user)
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_staff_see_a_way_to_the_admin_on_their_account_pages(client, make_user, totp_for):
    user = make_user(email="editor@example.org", roles=[roles.EDITOR])
    totp_for(user)
    client.force_login(user)

    page = client.get("/accounts/2fa/").content.decode()

    assert 'href="/admin/">Staff workbench</a>' in page


def _policies(response):
    return [value for name, value in response.items() if name.lower().startswith("content-sec")]


@pytest.mark.django_db
def test_the_policy_is_sent_once_and_as_the_settings_say(client):
    from csp.utils import build_policy

    first, again = client.get("/accounts/login/"), client.get("/accounts/login/")

    assert _policies(first) == [build_policy()]
    assert _policies(again) == _policies(first)
    assert "Content-Security-Policy-Report-Only" not in first


@pytest.mark.django_db
def test_a_changed_policy_is_sent_at_once(client, settings):
    client.get("/accounts/login/")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}

    assert _policies(client.get("/accounts/login/")) == ["default-src 'none'"]
