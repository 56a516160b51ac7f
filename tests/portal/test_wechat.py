"""WeChat sign-in (allauth's weixin provider): offered only when its keys are set; the OAuth
exchange with WeChat's servers is mocked at the HTTP layer."""

from unittest import mock
from urllib.parse import parse_qs, urlparse

from django.urls import reverse

import pytest
import requests

from portal import roles
from portal.models import User

pytestmark = pytest.mark.django_db

WECHAT = {
    "weixin": {
        "APPS": [{"client_id": "wx-test-app", "secret": "wx-test-secret"}],
        "SCOPE": ["snsapi_login"],
    }
}


def fake_wechat(method, url, params=None, data=None, **kwargs):
    """WeChat's token and profile endpoints, answering as the real ones do."""
    response = requests.Response()
    response.status_code = 200
    response.headers["Content-Type"] = "application/json"
    if url.startswith("https://api.weixin.qq.com/sns/oauth2/access_token"):
        assert (params or data)["code"] == "code-from-wechat"
        assert (params or data)["secret"] == "wx-test-secret"
        body = b'{"access_token": "token-1", "expires_in": 7200, "openid": "openid-1"}'
    elif url.startswith("https://api.weixin.qq.com/sns/userinfo"):
        assert params == {"access_token": "token-1", "openid": "openid-1"}
        body = '{"openid": "openid-1", "nickname": "王阿姨", "headimgurl": ""}'.encode()
    else:
        raise AssertionError(url)
    response._content = body
    return response


def test_without_keys_there_is_no_wechat_button(client):
    page = client.get(reverse("account_login")).content.decode()

    assert "Sign in with WeChat" not in page


def test_sign_in_with_wechat(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = WECHAT
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with WeChat" in page

    start = client.post(reverse("weixin_login"))
    assert start.status_code == 302
    authorize = urlparse(start.url)
    assert authorize.netloc == "open.weixin.qq.com"
    query = parse_qs(authorize.query)
    assert query["appid"] == ["wx-test-app"]
    with mock.patch("requests.Session.request", side_effect=fake_wechat):
        response = client.get(
            reverse("weixin_callback"), {"code": "code-from-wechat", "state": query["state"][0]}
        )

    assert response.status_code == 302
    user = User.objects.get()
    assert (user.display_name, user.email, user.phone) == ("王阿姨", None, None)
    assert list(user.groups.values_list("name", flat=True)) == [roles.RESIDENT]
    assert client.get(reverse("portal:profile")).status_code == 200
    # No number or address yet: reporting asks for a number first.
    assert client.get(reverse("participation:report")).url == reverse("account_change_phone")


def test_a_forged_callback_signs_no_one_in(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = WECHAT
    client.post(reverse("weixin_login"))

    with mock.patch("requests.Session.request", side_effect=fake_wechat):
        response = client.get(
            reverse("weixin_callback"), {"code": "code-from-wechat", "state": "forged"}
        )

    assert response.status_code in (200, 400, 401)
    assert not User.objects.exists()
