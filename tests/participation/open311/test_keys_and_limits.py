"""API keys and rate limits: a key is needed to create, is stored only as its hash, works until
revoked, records the cases it made; `manage.py create_api_key` issues one; each key has its own
limit a minute, requests without a key share one per address, and the limit resets each minute."""

import hashlib
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import CommandError, call_command

import pytest
import time_machine

from participation.models import ApiKey, Case, Open311Request
from participation.open311 import services as open311_services

from ..helpers import LAT, LNG
from .api import FORMATS, assert_error, json_body, url

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Five seconds into a minute, so a test's requests all fall in the same one.
NOON = datetime(2026, 3, 2, 12, 0, 5, tzinfo=SHANGHAI)
pytestmark = pytest.mark.django_db


def report(key: str, **extra) -> dict:
    return {
        "api_key": key,
        "service_code": "litter",
        "lat": str(LAT),
        "long": str(LNG),
        "description": "Bags of rubbish dumped by the canal.",
        **extra,
    }


# --- Keys -----------------------------------------------------------------------------------------


def test_a_key_is_stored_only_as_its_hash(api_key):
    key, raw = api_key

    assert raw.startswith("wz_") and len(raw) >= 40
    row = ApiKey.objects.filter(pk=key.pk).values().get()
    assert row["key_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert row["prefix"] == raw[:9]
    for column, value in row.items():
        assert raw not in str(value), column
    assert (row["name"], row["contact"], row["rate_limit"]) == (
        "City hotline system",
        "ops@example.org",
        60,
    )
    assert row["revoked_at"] is None and row["last_used_at"] is None


def test_each_key_is_different(db):
    raws = {open311_services.api_key_create(name=f"App {n}")[1] for n in range(5)}

    assert len(raws) == 5
    assert ApiKey.objects.count() == 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_revoked_key_stops_working_at_once(client, api_key, town, case_files, fmt):
    key, raw = api_key
    assert client.post(url("requests", fmt), report(raw)).status_code == 200

    assert open311_services.api_key_revoke(api_key=key) is True
    assert open311_services.api_key_revoke(api_key=key) is False

    response = client.post(url("requests", fmt), report(raw))
    assert_error(response, fmt, 403, "api_key")
    assert Case.objects.count() == 1
    # Reading with a revoked key is refused too, rather than silently anonymous.
    assert_error(client.get(url("services", fmt), {"api_key": raw}), fmt, 403)
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None


def test_every_case_records_the_key_that_made_it(client, town):
    first, first_raw = open311_services.api_key_create(name="Hotline")
    second, second_raw = open311_services.api_key_create(name="Mobile app")

    made = {}
    for key, raw in [(first, first_raw), (second, second_raw), (first, first_raw)]:
        answer = json_body(client.post(url("requests"), report(raw)))[0]
        made[answer["service_request_id"]] = key

    submissions = Open311Request.objects.select_related("case", "api_key")
    assert {s.case.reference: s.api_key for s in submissions} == made
    assert first.requests.count() == 2 and second.requests.count() == 1


def test_key_use_is_noted_at_most_once_a_minute(client, api_key, town):
    key, raw = api_key
    with time_machine.travel(NOON, tick=False) as clock:
        client.get(url("services"), {"api_key": raw})
        assert ApiKey.objects.get().last_used_at == NOON
        clock.shift(timedelta(seconds=30))
        client.get(url("services"), {"api_key": raw})
        assert ApiKey.objects.get().last_used_at == NOON
        clock.shift(timedelta(seconds=45))
        client.post(url("requests"), report(raw))
        assert ApiKey.objects.get().last_used_at == NOON + timedelta(seconds=75)


# --- The management command -----------------------------------------------------------------------


def test_create_api_key_prints_a_working_key_on_its_last_line(client, town):
    out = StringIO()

    call_command("create_api_key", "Tongxiang hotline", "--contact", "Mr Wu", stdout=out)

    raw = out.getvalue().strip().splitlines()[-1].strip()
    key = ApiKey.objects.get()
    assert (key.name, key.contact, key.rate_limit) == ("Tongxiang hotline", "Mr Wu", 60)
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    for column, value in ApiKey.objects.filter(pk=key.pk).values().get().items():
        assert raw not in str(value), column

    response = client.post(url("requests"), report(raw))

    assert response.status_code == 200
    assert Open311Request.objects.get().api_key == key


def test_create_api_key_sets_the_rate_limit(db):
    call_command("create_api_key", "Busy app", "--rate-limit", "5", stdout=StringIO())

    assert ApiKey.objects.get().rate_limit == 5


@pytest.mark.parametrize("args", [["   "], ["App", "--rate-limit", "0"]])
def test_create_api_key_refuses_bad_input(db, args):
    with pytest.raises(CommandError):
        call_command("create_api_key", *args, stdout=StringIO())

    assert not ApiKey.objects.exists()


# --- Rate limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_key_has_its_own_limit_a_minute(client, town, fmt):
    _, limited = open311_services.api_key_create(name="Small app", rate_limit=3)
    _, other = open311_services.api_key_create(name="Other app", rate_limit=3)

    with time_machine.travel(NOON, tick=False) as clock:
        statuses = [
            client.post(url("requests", fmt), report(limited)).status_code for _ in range(3)
        ]
        assert statuses == [200, 200, 200]

        refused = client.post(url("requests", fmt), report(limited))
        assert_error(refused, fmt, 429)
        assert refused["Retry-After"] == "60"
        assert Case.objects.count() == 3, "the refused request created nothing"
        # Reading with the same key counts against it too.
        assert_error(client.get(url("services", fmt), {"api_key": limited}), fmt, 429)

        # Another key, and reading without a key, are not affected.
        assert client.post(url("requests", fmt), report(other)).status_code == 200
        assert client.get(url("services", fmt)).status_code == 200

        clock.move_to(NOON + timedelta(seconds=50))
        assert_error(client.post(url("requests", fmt), report(limited)), fmt, 429)

        clock.move_to(NOON + timedelta(seconds=60))  # the next minute
        assert client.post(url("requests", fmt), report(limited)).status_code == 200

    assert Case.objects.count() == 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_without_a_key_are_limited_per_address(client, town, settings, raw_key, fmt):
    settings.PORTAL_OPEN311 = {**settings.PORTAL_OPEN311, "anonymous_rate_limit": 2}

    with time_machine.travel(NOON, tick=False) as clock:
        assert client.get(url("services", fmt)).status_code == 200
        assert client.get(url("requests", fmt)).status_code == 200

        refused = client.get(url("discovery", fmt))
        assert_error(refused, fmt, 429)
        assert refused["Retry-After"] == "60"
        assert_error(client.get(url("requests", fmt)), fmt, 429)

        # Another address, and a client with its own key, still get answers.
        assert client.get(url("services", fmt), REMOTE_ADDR="203.0.113.9").status_code == 200
        assert client.get(url("services", fmt), {"api_key": raw_key}).status_code == 200

        clock.move_to(NOON + timedelta(minutes=1))
        assert client.get(url("services", fmt)).status_code == 200


def test_guessing_keys_is_limited_per_address(client, town, settings):
    settings.PORTAL_OPEN311 = {**settings.PORTAL_OPEN311, "anonymous_rate_limit": 2}

    with time_machine.travel(NOON, tick=False):
        for guess in ("wz_guess1", "wz_guess2"):
            assert_error(client.post(url("requests", "json"), report(guess)), "json", 403)
        assert_error(client.post(url("requests", "json"), report("wz_guess3")), "json", 429)
        # From another address the same wrong key is still just wrong.
        refused = client.post(url("requests", "json"), report("wz_guess3"), REMOTE_ADDR="192.0.2.7")
        assert_error(refused, "json", 403)
    assert not Case.objects.exists()


def test_a_key_in_the_query_string_of_a_post_is_accepted_too(client, town, raw_key):
    data = report("")
    del data["api_key"]
    response = client.post(f"{url('requests', 'json')}?api_key={raw_key}", data)
    assert response.status_code == 200, response.content
    assert (
        Case.objects.get().open311.api_key.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    )
