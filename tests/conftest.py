from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and one-time codes live in the cache; no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Requests switch the thread's language; code called directly in a test starts in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def make_user(db):
    """Create a user with a verified (or unverified) email and the given roles."""
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    from portal.models import User

    def make(
        email="resident@example.org", password="correct-horse-battery", verified=True, roles=()
    ):
        user = User.objects.create_user(email=email, password=password)
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


@pytest.fixture
def totp_for():
    """Give a user TOTP; returns a function that produces the current code."""
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    def activate(user):
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return lambda: format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))

    return activate
