"""`make bench`, second part: 200 redemption requests at once over HTTP against PostgreSQL.

Starts gunicorn (4 processes × 8 threads) on a PostgreSQL database of its own (created afresh:
BENCH_REWARDS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/portal_bench_rewards),
with 40 people holding 50 points each (session cookies made here) and a 10-point reward with a
stock of 60. Every person sends 5 requests at once (their points allow all 5; the stock allows
only 60 of the 200), through the real redeem form (CSRF and all). Targets: exactly as many
redemptions as the stock allows, no balance or stock below zero, every balance equal to its
ledger. Prints the requests per second and PASS/FAIL; exits 1 if a target is missed.

    .venv/bin/python bench/redemptions.py
"""

import concurrent.futures
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_REWARDS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_rewards"
)
os.environ["BENCH_DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from allauth.account.models import EmailAddress  # noqa: E402

from rewards import services  # noqa: E402
from rewards.models import Balance, Redemption, Reward  # noqa: E402

PEOPLE, EACH, POINTS, COST, STOCK = 40, 5, 50, 10, 60
PORT = int(os.environ.get("BENCH_PORT", "8765"))


def fresh_database() -> None:
    import psycopg

    params = settings.DATABASES["default"]
    name = params["NAME"]
    connection.close()
    admin = psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    call_command("migrate", verbosity=0)


def people() -> list[tuple[str, str]]:
    """(session key, CSRF secret) for each person, who holds POINTS points."""
    User = get_user_model()
    staff = User.objects.create_user(email="bench-staff@example.org", password="x")
    cookies = []
    for number in range(PEOPLE):
        person = User.objects.create_user(email=f"bench-{number}@example.org", password="x")
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
        services.adjust(staff=staff, user=person, points=POINTS, reason="Bench.")
        client = Client()
        client.force_login(person)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append((session, secrets.token_hex(16)))
    return cookies


def start_server() -> subprocess.Popen:
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(f"Port {PORT} is taken: stop what runs there or set BENCH_PORT.")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi",
            "--workers=4",
            "--threads=8",
            f"--bind=127.0.0.1:{PORT}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    for _attempt in range(200):
        try:
            urllib.request.urlopen(request("/points/rules/"), timeout=10)
            return server
        except OSError:  # not listening yet, or still loading
            time.sleep(0.1)  # the server is starting
    server.terminate()
    raise SystemExit("gunicorn did not start")


def request(path: str, data: bytes | None = None, cookie: str = "") -> urllib.request.Request:
    headers = {"Host": "testserver", "Cookie": cookie}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = "http://testserver/points/rewards/"
    return urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=data, headers=headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def redeem(reward_id: int, session: str, csrf: str, number: int) -> int:
    opener = urllib.request.build_opener(NoRedirect)
    body = f"csrfmiddlewaretoken={csrf}&token=bench-{number}".encode()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
    try:
        return opener.open(request(f"/points/rewards/{reward_id}/redeem/", body, cookie)).status
    except urllib.error.HTTPError as answer:
        return answer.code


def main() -> int:
    print(f"Fresh PostgreSQL database {settings.DATABASES['default']['NAME']} …")
    fresh_database()
    cookies = people()
    reward = Reward.objects.create(
        name="10元话费", name_en="Phone credit", kind="phone_credit", cost=COST, stock=STOCK
    )
    connection.close()
    server = start_server()
    try:
        jobs = [
            (session, csrf, person * EACH + n)
            for person, (session, csrf) in enumerate(cookies)
            for n in range(EACH)
        ]
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            codes = list(pool.map(lambda job: redeem(reward.pk, *job), jobs))
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    made = Redemption.objects.count()
    stock = Reward.objects.get(pk=reward.pk).stock
    lowest = min(Balance.objects.values_list("points", flat=True))
    drift = services.balance_drift()
    print(
        f"{len(jobs)} requests in {elapsed:.2f} s ({len(jobs) / elapsed:.0f} requests/s); "
        f"answers {sorted(set(codes))}; redemptions {made}, stock left {stock}, "
        f"lowest balance {lowest}."
    )
    checks = [
        ("redemptions = what the stock allows", made == min(STOCK, PEOPLE * EACH)),
        ("stock and balances never below zero", stock >= 0 and lowest >= 0),
        ("every balance equals its ledger", drift == []),
        ("every request answered (redirect)", set(codes) == {302}),
    ]
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _label, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
