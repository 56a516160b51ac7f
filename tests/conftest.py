import datetime
import zoneinfo

from django.core.cache import cache

import pytest
import time_machine

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
# The moments a test that touches the calendar runs at: the last day of a month, 29 February,
# a minute before the new year in China (still the old year there, already 15:59 UTC), and the
# moment the suite runs (taken once per process; tests name it "today").
CALENDAR_MOMENTS = {
    "last-day-of-a-month": datetime.datetime(2027, 4, 30, 16, 0, tzinfo=CHINA),
    "29-february": datetime.datetime(2028, 2, 29, 10, 30, tzinfo=CHINA),
    "new-years-eve-23-59": datetime.datetime(2026, 12, 31, 23, 59, tzinfo=CHINA),
    "today": datetime.datetime.now(CHINA).replace(microsecond=0),
}


@pytest.fixture(params=list(CALENDAR_MOMENTS.values()), ids=list(CALENDAR_MOMENTS))
def calendar_moment(request):
    """The test runs once at each of CALENDAR_MOMENTS, with the clock frozen there."""
    with time_machine.travel(request.param, tick=False):
        yield request.param


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and one-time codes live in the cache; no test sees another's. Nor what a
    request of another test looked up once for itself (portal.request_memo)."""
    from portal.request_memo import forget_all

    cache.clear()
    forget_all()
    yield
    cache.clear()
    forget_all()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Requests switch the thread's language; code called directly in a test starts in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def sms_outbox(settings):
    """The text messages sent during the test (the file backend, portal.sms), oldest first:
    dicts of to, template, params, text, key. Call it to read them."""
    import shutil

    from portal.sms.backends.file import read_all

    shutil.rmtree(settings.SMS_FILE_PATH, ignore_errors=True)
    yield read_all
    shutil.rmtree(settings.SMS_FILE_PATH, ignore_errors=True)


@pytest.fixture
def make_phone_user(db):
    """A resident who signed up with a verified mobile number and no email address."""
    from django.contrib.auth.models import Group

    from portal import roles
    from portal.models import User

    def make(phone="+8613812341234", *, verified=True, password=None, **fields):
        user = User(phone=phone, phone_verified=verified, sms_notices=True, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.set(Group.objects.filter(name=roles.RESIDENT))
        return user

    return make


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


@pytest.fixture
def mfa_client(totp_for):
    """A client logged in to the site as `user` with password and TOTP code, as staff do."""
    import time

    from django.test import Client
    from django.urls import reverse

    import time_machine

    def login(user, password="correct-horse-battery"):
        client = Client()
        # Frozen while logging in, so the code cannot expire between making and sending it.
        with time_machine.travel(time.time(), tick=False):
            code = totp_for(user)
            response = client.post(
                reverse("account_login"), {"login": user.email, "password": password}
            )
            assert response.url == reverse("mfa_authenticate")
            response = client.post(reverse("mfa_authenticate"), {"code": code()})
            assert response.status_code == 302, "the TOTP code was not accepted"
        return client

    return login


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Leave the database as the migrations made it, whichever test runs next on this worker.

    A transactional test (a live-server test, or any in a real transaction) commits what it
    writes, so pytest-django cleans up after it by emptying every table. Tests that run after it
    in the same process expect the migrations' data (home page, roles, locales, ...), and with
    xdist and a shuffled order (pytest-randomly) any test may come next. So after every
    transactional test, once its fixtures (and the flush) are torn down, the data is reloaded
    from the copy Django serialized when it created the test database. The one mechanism, for
    every order: see docs/decisions.md, "Transactional tests".
    """
    try:
        return (yield)
    finally:
        # After the last test the test database is already gone (session teardown): skip.
        if nextitem is not None and _is_transactional(item):
            _reload_migration_data(item.config)


def _is_transactional(item) -> bool:
    """pytest-django's own test: a real transaction is asked for by the `django_db` marker
    (`transaction=True` or `reset_sequences=True`) or by the `transactional_db` / `live_server`
    fixtures."""
    from pytest_django.plugin import validate_django_db

    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    transaction, reset_sequences, *_rest = validate_django_db(marker)
    return bool(transaction or reset_sequences)


def _reload_migration_data(config) -> None:
    from django.db import connections

    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        for alias in connections:
            connection = connections[alias]
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The test order (pytest-randomly shuffles it every run): how to run the same order again."""
    seed = getattr(config.option, "randomly_seed", None)
    if config.pluginmanager.has_plugin("randomly") and isinstance(seed, int):
        terminalreporter.write_line(
            f"Tests ran in a shuffled order: run it again with -p randomly --randomly-seed={seed}"
        )
