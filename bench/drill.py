"""`make drill`: the portal through faults, on the stack production runs (bench/stack.py): gunicorn
with two processes, two django-q2 workers, a private PostgreSQL and a private Redis, all on this
machine in a folder of their own (var/drill/).

Each drill breaks one thing while the portal works, then checks what a resident or the town
would see: nothing lost, nothing done twice, no traceback, a clear message. One PASS/FAIL line
each, then `N passed, N failed`; exit status 1 if any failed.

- worker-kill: `kill -9` task workers while they send notices and award points; after the
  cluster restarts, every notice is recorded and sent once, every point entry written once.
- worker-stop: SIGTERM to the worker's whole process group (systemd's KillMode=control-group)
  while tasks run; the cluster is gone within 30 s, no task lost or run twice.
- web-kill: `kill -9` gunicorn workers during uploads of reports with photos; no case without
  its files, no file without its case (after the scheduled clean-up of case files).
- database-restart: PostgreSQL stopped and started while reports arrive; 503 pages meanwhile
  (never a 500), recovery on its own, every case whole.
- redis-down: public pages still serve, rate limits allow (fail open, logged), reports made
  meanwhile get their tasks once Redis is back.
- disk-full: the case-files folder on a 1 MB tmpfs that is full; a report with a photo gets a
  translated error and changes nothing.

The database, migrated and seeded (the demo's structure and users, a few residents), is kept
between runs in var/drill-cache/ under a key of the migrations and this seed: a run on a fresh
checkout migrates once (a minute or two), later runs start in seconds.

    .venv/bin/python bench/drill.py [--only NAME ...] [--keep]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import email
import email.header
import hashlib
import inspect
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import requests  # noqa: E402

from bench.stack import Portal, PrivatePostgres, PrivateRedis  # noqa: E402

RUN_DIR = REPO / "var" / "drill"
CACHE_DIR = REPO / "var" / "drill-cache"
PASSWORD = "drill-resident-2026"
RESIDENTS = 24  # each reports a few cases: the points rule's daily cap is 5 per person
ZH_RESIDENT = "drill-zh@drill.example"
# Reports each drill resident sends at most: under the limit of 10 an hour per resident.
REPORTS_EACH = 8


class DrillFailed(Exception):
    """A drill's finding, in plain words."""


def check(condition, message: str) -> None:
    if not condition:
        raise DrillFailed(message)


def wait_until(predicate, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise DrillFailed(f"{what} (waited {timeout:.0f} s)")
        time.sleep(interval)


# --- The data set, made once and kept (var/drill-cache/) -----------------------------------------


def seed_town() -> None:
    """The demo's users and structure (platforms, departments, categories, grids), and residents
    for the drills: verified addresses, some with a mobile number for text messages, one who
    reads Chinese. No demo cases: the drills make their own."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    from participation import demo as participation_demo
    from portal import demo as portal_demo
    from portal import roles
    from portal.models import User

    class _Quiet:
        def write(self, *args, **kwargs):
            pass

    portal_demo.seed(stdout=_Quiet())
    participation_demo.seed_structure()
    password = make_password(PASSWORD)
    resident = Group.objects.get(name=roles.RESIDENT)
    people = [(f"drill{n:02d}@drill.example", "en") for n in range(1, RESIDENTS + 1)]
    people.append((ZH_RESIDENT, "zh-hans"))
    for number, (address, language) in enumerate(people, start=1):
        user, _created = User.objects.update_or_create(
            email=address,
            defaults={
                "display_name": f"Drill resident {number}",
                "password": password,
                "is_active": True,
                "language": language,
                # Every third gets text messages too.
                "phone": f"+861390000{number:04d}" if number % 3 == 0 else None,
                "phone_verified": number % 3 == 0,
                "sms_notices": number % 3 == 0,
            },
        )
        user.groups.set([resident])
        EmailAddress.objects.update_or_create(
            user=user, email=address, defaults={"verified": True, "primary": True}
        )


def cache_key() -> str:
    digest = hashlib.sha256()
    for path in sorted(REPO.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    for name in ("requirements.txt", "portal/demo.py", "participation/demo.py"):
        digest.update((REPO / name).read_bytes())
    digest.update(inspect.getsource(seed_town).encode())
    return digest.hexdigest()[:16]


def setup_django(portal: Portal) -> None:
    """This process talks to the stack's database and Redis as the portal does (checks, cases
    made through the services), with the same settings and key."""
    os.environ.clear()
    os.environ.update(portal.env)
    import django

    django.setup()
    from django.conf import settings

    # What this process itself sends (re-running tasks to find lost ones) stays here.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def start_database(pg: PrivatePostgres, portal: Portal, log) -> None:
    """Start from the kept data set, or migrate and seed one and keep it."""
    key = cache_key()
    template = CACHE_DIR / key / "pgdata"
    if template.exists():
        pg.copy_from(template)
        pg.start()
        setup_django(portal)
        return
    log(f"preparing the data set (migrate and seed, kept in {template.parent.relative_to(REPO)})")
    pg.start()
    setup_django(portal)
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", "--noinput", verbosity=0)
    seed_town()
    connections.close_all()
    if CACHE_DIR.exists():
        shutil.rmtree(CACHE_DIR)  # older keys
    partial = CACHE_DIR / f"{key}.partial"
    pg.save_as(partial / "pgdata")
    partial.rename(CACHE_DIR / key)
    pg.start()


# --- What the drills use ---------------------------------------------------------------------


def db():
    """A fresh connection for this process (the server may have restarted since)."""
    from django.db import connections

    connections.close_all()


def town() -> dict:
    """Categories a report may use without extra answers, a point inside the town, users."""
    from participation.models import Category, Grid
    from participation.selectors import grid_for_point
    from participation.services import clean_attributes
    from portal.models import User

    db()
    categories = []
    for category in Category.objects.filter(is_active=True).order_by("pk"):
        try:
            clean_attributes(category, {}, require=True)
        except Exception:
            continue
        if category.public_by_default and category.default_department_id:
            categories.append(category)
    check(categories, "the seeded town has no category a resident can report without answers")
    point = None
    for grid in Grid.objects.order_by("pk"):
        coordinates = _flatten(grid.boundary)
        if not coordinates:
            continue
        longitude = sum(c[0] for c in coordinates) / len(coordinates)
        latitude = sum(c[1] for c in coordinates) / len(coordinates)
        if grid_for_point(latitude, longitude) is not None:
            point = (Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}"))
            break
    check(point, "no point inside a grid was found in the seeded town")
    residents = list(
        User.objects.filter(email__startswith="drill", email__endswith="@drill.example")
        .exclude(email=ZH_RESIDENT)
        .order_by("email")
    )
    return {
        "categories": categories,
        "point": point,
        "residents": residents,
        "dispatcher": User.objects.get(email="dispatcher@example.org"),
    }


def _flatten(geometry) -> list:
    found = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            if len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
                found.append(value)
            else:
                for item in value:
                    walk(item)

    walk(geometry)
    return found


def photo(size=(900, 700), seed=0) -> bytes:
    """A JPEG with enough detail not to shrink to nothing when the portal re-encodes it."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.effect_noise(size, 40 + rng.random() * 20).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def make_cases(places: dict, *, count: int, tag: str, first_resident: int = 0) -> list[int]:
    """`count` cases through the service (as the report form makes them), each reporter at
    most 3 (the daily cap on points is 5); their tasks go to the worker after commit."""
    from participation import services

    db()
    ids = []
    residents = places["residents"]
    latitude, longitude = places["point"]
    for n in range(count):
        reporter = residents[(first_resident + n // 3) % len(residents)]
        case, _created = services.case_submit(
            reporter=reporter,
            category=places["categories"][n % len(places["categories"])],
            urgency="routine",
            title=f"Drill {tag} {n}",
            description=f"Made by bench/drill.py ({tag}).",
            latitude=latitude,
            longitude=longitude,
            idempotency_key=uuid.uuid4(),
        )
        ids.append(case.pk)
    return ids


def dispatch_cases(places: dict, ids: list[int]) -> None:
    from participation import services
    from participation.models import Case

    db()
    for case in Case.objects.filter(pk__in=ids).select_related("category"):
        services.case_dispatch(
            case=case,
            actor=places["dispatcher"],
            department=case.category.default_department,
            public_message="Sent to the department (drill).",
        )


def expected_tasks(ids: list[int]) -> collections.Counter:
    """The task names the cases' steps enqueue (portal.tasks.enqueue_on_commit names them)."""
    from participation.models import CaseEvent

    db()
    names = collections.Counter(f"case_receipt:{pk}" for pk in ids)
    for event_id in CaseEvent.objects.filter(case_id__in=ids).values_list("pk", flat=True):
        names[f"case_event_notify:{event_id}"] += 1
        names[f"case_event_points:{event_id}"] += 1
    return names


def queue_length(redis_url: str) -> int:
    import redis
    from django_q.conf import Conf

    connection = redis.from_url(redis_url)
    try:
        return connection.llen(f"django_q:{Conf.CLUSTER_NAME}:q")
    finally:
        connection.close()


def leased_count(redis_url: str) -> int:
    """Tasks taken by a cluster and not yet acknowledged (portal.brokers.ReliableRedis)."""
    import redis
    from django_q.conf import Conf

    connection = redis.from_url(redis_url)
    try:
        return connection.zcard(f"django_q:{Conf.CLUSTER_NAME}:q:leased")
    finally:
        connection.close()


def task_runs(names) -> dict[str, tuple[int, int, bool]]:
    """For each task name: (rows, attempts, all succeeded) in django-q2's task table."""
    from django_q.models import Task

    db()
    runs = {}
    for name, success, attempts in Task.objects.filter(name__in=list(names)).values_list(
        "name", "success", "attempt_count"
    ):
        rows, total, ok = runs.get(name, (0, 0, True))
        runs[name] = (rows + 1, total + attempts, ok and success)
    return runs


def wait_for_tasks(names, redis_url: str, timeout: float) -> dict:
    def done():
        runs = task_runs(names)
        finished = all(name in runs for name in names)
        return (runs,) if finished and queue_length(redis_url) == 0 else None

    try:
        return wait_until(done, timeout, "tasks still unfinished", interval=1)[0]
    except DrillFailed:
        return task_runs(names)


def executions(portal: Portal, names) -> collections.Counter:
    """How many times a worker started each task, from the cluster's log ("… processing NAME
    'function'"): django-q2's task table keeps one row per task, however often it ran."""
    wanted = set(names)
    started = collections.Counter()
    log = portal.log_dir / "portal.log"
    for line in log.read_text(errors="replace").splitlines():
        found = EXECUTION.search(line)
        if found and found.group(1) in wanted:
            started[found.group(1)] += 1
    return started


EXECUTION = re.compile(r"processing (\S+) '")


def describe_tasks(names, runs) -> list[str]:
    problems = []
    lost = sorted(name for name in names if name not in runs)
    twice = sorted(name for name, (rows, attempts, _ok) in runs.items() if attempts > rows)
    failed = sorted(name for name, (_rows, _attempts, ok) in runs.items() if not ok)
    if lost:
        problems.append(f"{len(lost)} task(s) never ran (lost), e.g. {', '.join(lost[:3])}")
    if twice:
        problems.append(f"{len(twice)} task(s) ran more than once, e.g. {', '.join(twice[:3])}")
    if failed:
        problems.append(f"{len(failed)} task(s) failed, e.g. {', '.join(failed[:3])}")
    return problems


def read_mail(folder: Path) -> collections.Counter:
    """(to, subject) of every message the file email backend wrote."""
    sent = collections.Counter()
    if not folder.exists():
        return sent
    for path in folder.glob("*.log"):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            chunk = chunk.strip()
            if not chunk:
                continue
            message = email.message_from_string(chunk)
            subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
            sent[(message["To"], subject.replace("\n", "").replace("\r", ""))] += 1
    return sent


def read_sms(folder: Path) -> collections.Counter:
    sent = collections.Counter()
    if folder.exists():
        for path in folder.glob("*.json"):
            sent[json.loads(path.read_text())["key"]] += 1
    return sent


def notices_sent_once(portal: Portal, since) -> list[str]:
    """Every notice recorded since `since` was emailed (and texted) exactly once."""
    from portal.models import Notification, TextMessage

    db()
    problems = []
    expected = collections.Counter()
    unsent = 0
    for notification in Notification.objects.filter(created_at__gte=since).select_related(
        "recipient"
    ):
        recipient = notification.recipient
        if not recipient.email or notification.kind in (recipient.muted_email_kinds or []):
            continue
        if notification.emailed_at is None:
            unsent += 1
        expected[(recipient.email, notification.subject.replace("\n", ""))] += 1
    sent = read_mail(portal.var / "mail")
    missing = sum(max(count - sent[key], 0) for key, count in expected.items())
    extra = sum(max(sent[key] - count, 0) for key, count in expected.items())
    if unsent:
        problems.append(f"{unsent} notice(s) recorded but never emailed")
    if missing:
        problems.append(f"{missing} email(s) missing from the outbox")
    if extra:
        problems.append(f"{extra} email(s) sent twice")
    texts = read_sms(portal.var / "sms")
    messages = TextMessage.objects.filter(created_at__gte=since)
    stuck = messages.exclude(status=TextMessage.Status.SENT).count()
    if stuck:
        problems.append(f"{stuck} text message(s) not sent (stuck queued or sending)")
    doubled = [key for key in messages.values_list("key", flat=True) if texts[key] > 1]
    if doubled:
        problems.append(f"{len(doubled)} text message(s) sent twice")
    return problems


def rerun_finds_nothing(ids: list[int]) -> list[str]:
    """Run the cases' tasks once more here (they are idempotent): anything they still write was
    lost by the drill."""
    from django.db.models import Count

    from participation import tasks
    from participation.models import CaseEvent
    from portal.models import Notification, TextMessage
    from rewards.models import PointEntry

    db()

    def counts():
        return (
            Notification.objects.count(),
            TextMessage.objects.count(),
            PointEntry.objects.count(),
        )

    before = counts()
    for pk in ids:
        tasks.case_receipt(pk)
    for event_id in CaseEvent.objects.filter(case_id__in=ids).values_list("pk", flat=True):
        tasks.case_event_notify(event_id)
        tasks.case_event_points(event_id)
    after = counts()
    problems = []
    for label, old, new in zip(
        ("notice", "text message", "point entry"), before, after, strict=True
    ):
        if new != old:
            problems.append(f"{new - old} {label}(s) were missing (lost with the killed task)")
    doubled = PointEntry.objects.values("idempotency_key").annotate(n=Count("pk")).filter(n__gt=1)
    if doubled.exists():
        problems.append(f"{doubled.count()} point entries written twice")
    return problems


def balances_clean() -> list[str]:
    from rewards import services as rewards

    db()
    drift = rewards.balance_drift()
    return [f"{len(drift)} points balance(s) differ from the ledger"] if drift else []


def points_written(ids: list[int]) -> list[str]:
    """Every dispatched case earned its reporter the points once."""
    from rewards.models import PendingAward, PointEntry

    db()
    keys = [f"case:{pk}:dispatched" for pk in ids]
    have = collections.Counter(
        PointEntry.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    problems = []
    missing = [key for key in keys if not have[key]]
    if missing:
        problems.append(
            f"{len(missing)} dispatched case(s) without their points, e.g. {missing[0]}"
        )
    pending = PendingAward.objects.filter(idempotency_key__in=keys).count()
    if pending:
        problems.append(f"{pending} award(s) still shown as pending")
    return problems


# --- A resident in a browser (requests) -------------------------------------------------------


class Resident:
    """A signed-in resident: allauth's login form, then the report form, as a browser posts it.
    Each has an address of its own (X-Forwarded-For behind one trusted proxy), so the per-address
    limits count each like a household."""

    def __init__(self, portal: Portal, address: str, *, ip: str, language: str = "en"):
        self.portal = portal
        self.session = requests.Session()
        self.session.headers.update(
            {"X-Forwarded-For": ip, "Accept-Language": language, "User-Agent": "drill"}
        )
        self.address = address

    def url(self, path: str) -> str:
        return self.portal.base_url + path

    def csrf(self, path: str) -> str:
        self.session.get(self.url(path), timeout=30)
        return self.session.cookies.get("csrftoken", "")

    def login(self) -> None:
        token = self.csrf("/accounts/login/")
        response = self.session.post(
            self.url("/accounts/login/"),
            data={"login": self.address, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.url("/accounts/login/")},
            timeout=30,
            allow_redirects=False,
        )
        check(
            response.status_code == 302 and "sessionid" in self.session.cookies,
            f"{self.address} could not sign in (status {response.status_code})",
        )

    def report(self, places: dict, *, key: str, photos: list[bytes], as_json=True, n=0):
        """POST the report form; the response (or the exception a dropped connection raises)."""
        latitude, longitude = places["point"]
        data = {
            "category": places["categories"][n % len(places["categories"])].pk,
            "urgency": "routine",
            "title": f"Drill report {key[:8]}",
            "description": "A report with photos, made by bench/drill.py.",
            "latitude": str(latitude),
            "longitude": str(longitude),
            "idempotency_key": key,
            "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", ""),
        }
        files = [("photos", (f"photo{i}.jpg", body, "image/jpeg")) for i, body in enumerate(photos)]
        headers = {"Referer": self.url("/report/")}
        if as_json:
            headers["Accept"] = "application/json"
        return self.session.post(
            self.url("/report/"),
            data=data,
            files=files,
            headers=headers,
            timeout=60,
            allow_redirects=False,
        )


def residents(portal: Portal, places: dict, count: int, first: int) -> list[Resident]:
    people = []
    for n in range(count):
        user = places["residents"][(first + n) % len(places["residents"])]
        person = Resident(portal, user.email, ip=f"10.9.{first + n}.{n + 1}")
        person.login()
        people.append(person)
    return people


def cases_whole(keys: dict[str, int]) -> list[str]:
    """Each report key made one case, with its event, follow and every photo on disk; every
    file in the case-files folder belongs to an attachment."""
    from django.conf import settings

    from participation.models import Attachment, Case

    db()
    problems = []
    cases = {
        str(case.idempotency_key): case
        for case in Case.objects.filter(idempotency_key__in=list(keys)).prefetch_related(
            "attachments", "events"
        )
    }
    missing = [key for key in keys if key not in cases]
    if missing:
        problems.append(f"{len(missing)} report(s) never became a case after being sent again")
    for key, case in cases.items():
        files = [a for a in case.attachments.all() if a.kind == Attachment.Kind.PHOTO]
        if len(files) != keys[key]:
            problems.append(f"case {case.reference} has {len(files)} of its {keys[key]} photos")
        if not any(event.action == "submit" for event in case.events.all()):
            problems.append(f"case {case.reference} has no submit event")
        for attachment in files:
            if not attachment.file.storage.exists(attachment.file.name):
                problems.append(f"case {case.reference}: file {attachment.file.name} is missing")
    root = Path(settings.PORTAL_CASE_FILES_ROOT)
    referenced = set()
    for name, thumb in Attachment.objects.values_list("file", "thumbnail"):
        referenced.update(filter(None, (name, thumb)))
    on_disk = (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )
    orphans = sorted(on_disk - referenced)
    if orphans:
        problems.append(
            f"{len(orphans)} orphan file(s) in the case-files folder, e.g. {orphans[0]}"
        )
    return problems


# --- The drills ------------------------------------------------------------------------------


class Drills:
    def __init__(self, pg: PrivatePostgres, redis: PrivateRedis, portal: Portal, log):
        self.pg = pg
        self.redis = redis
        self.portal = portal
        self.log = log
        self.places = town()
        self.next_resident = 0

    def take_residents(self, count: int) -> int:
        first = self.next_resident
        self.next_resident += count
        return first

    def _now(self):
        from django.utils import timezone

        return timezone.now()

    # worker-kill ----------------------------------------------------------------------------

    def worker_kill(self) -> str:
        since = self._now()
        ids = make_cases(self.places, count=18, tag="worker-kill", first_resident=0)
        dispatch_cases(self.places, ids)
        names = expected_tasks(ids)
        killed, previous = 0, set()
        for _round in range(2):
            # A worker of the cluster now running (a dead one makes way for a new cluster).
            pids = wait_until(
                lambda: [pid for pid in self.portal.worker_pids() if pid not in previous],
                30,
                "the cluster did not come back after a worker was killed",
                interval=0.2,
            )
            time.sleep(0.7)
            with contextlib.suppress(ProcessLookupError):
                os.kill(random.choice(pids), signal.SIGKILL)
                killed += 1
            previous.update(pids)
        runs = wait_for_tasks(names, self.redis.url, timeout=60)
        problems = [p for p in describe_tasks(names, runs) if "more than once" not in p]
        problems += rerun_finds_nothing(ids)
        problems += notices_sent_once(self.portal, since)
        problems += points_written(ids)
        problems += balances_clean()
        # A worker killed while it waits for work (it holds the shared queue's lock then): the
        # tasks that come next must still run.
        pids = wait_until(
            lambda: [pid for pid in self.portal.worker_pids() if pid not in previous],
            30,
            "the cluster did not come back after a worker was killed",
            interval=0.2,
        )
        os.kill(pids[0], signal.SIGKILL)
        time.sleep(1)
        later = make_cases(self.places, count=2, tag="worker-kill-idle", first_resident=7)
        names_later = expected_tasks(later)
        runs = wait_for_tasks(names_later, self.redis.url, timeout=45)
        lost = [name for name in names_later if name not in runs]
        if lost:
            problems.append(
                f"after an idle worker was killed, {len(lost)} new task(s) never ran "
                "(the cluster is stuck)"
            )
        check(not problems, "; ".join(problems))
        return (
            f"{killed} busy workers and 1 idle one killed; {sum(names.values())} tasks each "
            "done, every notice sent once, every point entry written once"
        )

    # worker-stop ----------------------------------------------------------------------------

    def worker_stop(self) -> str:
        ids = make_cases(self.places, count=15, tag="worker-stop", first_resident=6)
        dispatch_cases(self.places, ids)
        names = expected_tasks(ids)
        wait_until(lambda: task_runs(names), 30, "the worker started none of the tasks", 0.2)
        started = time.monotonic()
        gone = self.portal.stop_worker(timeout=30)
        took = time.monotonic() - started
        self.portal.start_worker()
        runs = wait_for_tasks(names, self.redis.url, timeout=60)
        problems = describe_tasks(names, runs)
        started = executions(self.portal, names)
        twice = sorted(name for name in names if started[name] > 1)
        if twice:
            problems.append(f"{len(twice)} task(s) ran more than once, e.g. {', '.join(twice[:3])}")
        if not gone:
            problems.insert(
                0,
                "the cluster was still running 30 s after SIGTERM to its process group "
                "(killed with SIGKILL)",
            )
        check(not problems, "; ".join(problems))
        return f"cluster gone {took:.1f} s after SIGTERM; {sum(names.values())} tasks each ran once"

    # web-kill -------------------------------------------------------------------------------

    def web_kill(self) -> str:
        people = residents(self.portal, self.places, 3, self.take_residents(3) + 12)
        photos = [photo((900, 700), seed=n) for n in range(4)]
        keys: dict[str, int] = {}
        lock = threading.Lock()
        stop = threading.Event()
        dropped = 0

        def post(person: Resident, n: int):
            nonlocal dropped
            key = str(uuid.uuid4())
            chosen = photos[: 1 + n % 2]
            with lock:
                keys[key] = len(chosen)
            for _attempt in range(8):  # as the browser's offline queue sends it again
                try:
                    response = person.report(self.places, key=key, photos=chosen, n=n)
                except requests.RequestException:
                    with lock:
                        dropped += 1
                    time.sleep(1)
                    continue
                if response.status_code in (200, 201):
                    return
                if response.status_code in (502, 503):
                    time.sleep(1)
                    continue
                raise DrillFailed(f"a report was answered {response.status_code}")
            raise DrillFailed("a report was not accepted after 8 attempts")

        def resident_loop(person: Resident, offset: int):
            n = offset
            # Under the limit of 10 reports an hour per resident (ACCOUNT_RATE_LIMITS).
            for _report in range(REPORTS_EACH):
                if stop.is_set():
                    break
                post(person, n)
                n += 3

        killed = 0
        with concurrent.futures.ThreadPoolExecutor(len(people)) as pool:
            futures = [pool.submit(resident_loop, p, i) for i, p in enumerate(people)]
            try:
                for _round in range(3):
                    time.sleep(2.5)
                    pids = self.portal.web_worker_pids()
                    if pids:
                        os.kill(random.choice(pids), signal.SIGKILL)
                        killed += 1
                time.sleep(2)
            finally:
                stop.set()
            for future in futures:
                future.result()
        # The scheduled clean-up, run now rather than waiting for its schedule.
        cleaned = self.portal.manage("clean_case_files", "--older-than", "0").stdout
        orphans = re.search(r"(\d+) orphan case file", cleaned)
        problems = cases_whole(keys)
        check(not problems, "; ".join(problems))
        return (
            f"{killed} web workers killed during {len(keys)} reports "
            f"({dropped} dropped and sent again; {orphans.group(1) if orphans else '?'} orphan "
            "files removed by the clean-up)"
        )

    # database-restart -----------------------------------------------------------------------

    def database_restart(self) -> str:
        people = residents(self.portal, self.places, 2, self.take_residents(2) + 12)
        photos = [photo((640, 480), seed=10)]
        keys: dict[str, int] = {}
        statuses = collections.Counter()
        bad_pages = []
        lock = threading.Lock()
        stop = threading.Event()

        def resident_loop(person: Resident, offset: int):
            n = offset
            for _report in range(REPORTS_EACH):
                if stop.is_set():
                    break
                key = str(uuid.uuid4())
                with lock:
                    keys[key] = 1
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    try:
                        response = person.report(self.places, key=key, photos=photos, n=n)
                    except requests.RequestException:
                        time.sleep(0.5)
                        continue
                    with lock:
                        statuses[response.status_code] += 1
                    if response.status_code in (200, 201):
                        break
                    if response.status_code == 503:
                        if "briefly unavailable" not in response.text:
                            bad_pages.append("a 503 without the portal's 503 page")
                        time.sleep(0.5)
                        continue
                    with lock:
                        bad_pages.append(f"status {response.status_code}: {response.text[:200]}")
                    time.sleep(0.5)
                n += 2

        anonymous = requests.Session()

        def reader_loop():
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    # A page the page cache does not answer: it needs the database.
                    response = anonymous.get(
                        f"{self.portal.base_url}/cases/?page=1&drill={n}", timeout=30
                    )
                except requests.RequestException:
                    continue
                with lock:
                    statuses[("read", response.status_code)] += 1
                    if response.status_code >= 500 and response.status_code != 503:
                        bad_pages.append(f"reading: status {response.status_code}")
                time.sleep(0.2)

        with concurrent.futures.ThreadPoolExecutor(len(people) + 1) as pool:
            futures = [pool.submit(resident_loop, p, i) for i, p in enumerate(people)]
            futures.append(pool.submit(reader_loop))
            try:
                time.sleep(3)
                self.pg.stop("fast")
                down_at = time.monotonic()
                time.sleep(4)
                while time.monotonic() - down_at < 4:
                    time.sleep(0.2)
                self.pg.start()
                back_at = time.monotonic()
                # Recovery: a page that needs the database answers 200 again, on its own.
                recovered = wait_until(
                    lambda: (
                        requests.get(
                            f"{self.portal.base_url}/cases/?page=1&back={time.time()}", timeout=30
                        ).status_code
                        == 200
                    ),
                    60,
                    "pages did not recover after the database came back",
                )
                recovery = time.monotonic() - back_at if recovered else None
                time.sleep(3)
            finally:
                stop.set()
            for future in futures:
                future.result()
        problems = []
        if bad_pages:
            problems.append(f"{len(bad_pages)} bad answer(s), e.g. {bad_pages[0]}")
        down = statuses[503] + statuses[("read", 503)]
        if not down:
            problems.append("no request saw the 503 page while the database was down")
        problems += cases_whole(keys)
        # Tasks that failed while the database was down run again (their lease ends).
        from participation.models import Case

        db()
        ids = list(Case.objects.filter(idempotency_key__in=list(keys)).values_list("pk", flat=True))
        # django-q2's record of a task is written to the database too, so judge by what the
        # tasks did: once nothing is queued or leased, running them again adds nothing.
        try:
            wait_until(
                lambda: queue_length(self.redis.url) + leased_count(self.redis.url) == 0,
                60,
                "tasks still queued or unfinished",
                interval=1,
            )
        except DrillFailed as unfinished:
            problems.append(str(unfinished))
        problems += rerun_finds_nothing(ids)
        check(not problems, "; ".join(problems))
        return (
            f"{down} requests got the 503 page while it was down; recovered {recovery:.1f} s "
            f"after it was back; {len(keys)} reports whole, their tasks done"
        )

    # redis-down -----------------------------------------------------------------------------

    def redis_down(self) -> str:
        from portal.models import PendingTask

        person = residents(self.portal, self.places, 1, self.take_residents(1) + 12)[0]
        self.redis.stop()
        problems = []
        try:
            slow = []
            for path in ("/", "/cases/", "/cases/statistics/", "/cases/map/points.json"):
                started = time.monotonic()
                response = requests.get(f"{self.portal.base_url}{path}", timeout=30)
                took = time.monotonic() - started
                if response.status_code != 200:
                    problems.append(f"{path} answered {response.status_code} with Redis down")
                if took > 10:  # an unreachable cache must cost little, not a hung request
                    slow.append(f"{path} {took:.1f} s")
            if slow:
                problems.append(f"pages slow with Redis down: {', '.join(slow)}")
            keys = {}
            for n in range(2):
                key = str(uuid.uuid4())
                response = person.report(self.places, key=key, photos=[], n=n)
                if response.status_code not in (200, 201):
                    problems.append(
                        f"a report with Redis down was answered {response.status_code} "
                        "(rate limits should fail open)"
                    )
                keys[key] = 0
            # And cases the centre enters meanwhile (the services, as the admin calls them).
            entered = make_cases(self.places, count=2, tag="redis-down", first_resident=20)
            db()
            kept = PendingTask.objects.count()
            if not kept:
                problems.append("no task asked for while Redis was down was kept in the database")
            log = (self.portal.var / "log" / "portal.log").read_text(errors="replace")
            if "rate limits allow" not in log:
                problems.append("the log does not say that rate limits allow every request")
        finally:
            self.redis.start()
        from participation.models import Case

        db()
        ids = list(Case.objects.filter(idempotency_key__in=list(keys)).values_list("pk", flat=True))
        names = expected_tasks(ids + entered)
        started = time.monotonic()
        # The scheduler hands kept tasks over once a minute.
        runs = wait_for_tasks(names, self.redis.url, timeout=100)
        took = time.monotonic() - started
        problems += describe_tasks(names, runs)
        if PendingTask.objects.exists():
            problems.append(
                f"{PendingTask.objects.count()} task(s) still kept after Redis returned"
            )
        check(not problems, "; ".join(problems))
        return (
            f"pages served and reports taken with Redis down; the {kept} tasks kept meanwhile "
            f"ran once, {took:.0f} s after it was back"
        )

    # disk-full ------------------------------------------------------------------------------

    def disk_full(self) -> str:
        tiny = self.portal.root / "tiny-case-files"
        tiny.mkdir(exist_ok=True)
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(tiny)],
            capture_output=True,
            text=True,
        )
        check(
            mounted.returncode == 0,
            "could not mount a 1 MB tmpfs (needs root); tests/participation/test_case_files.py "
            f"emulates the full disk instead: {mounted.stderr.strip()}",
        )
        try:
            # Full but for a few kilobytes: no photo fits.
            filler = tiny / "filler"
            with contextlib.suppress(OSError), filler.open("wb") as out:
                out.write(b"\0" * (1024 * 1024))
            stat = os.statvfs(tiny)
            free_before = stat.f_bavail * stat.f_frsize
            # A web server of its own whose case files go to the full disk.
            with Portal(
                self.portal.root / "disk-full",
                database_url=self.pg.url,
                redis_url=self.redis.url,
                web_workers=1,
                env={
                    "PORTAL_CASE_FILES_ROOT": str(tiny / "cases"),
                    "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
                },
            ) as full:
                full.start_web()
                problems = self._full_disk_reports(full)
            stat = os.statvfs(tiny)
            if stat.f_bavail * stat.f_frsize < free_before:
                problems.append("the full disk has less room than before (a partial file stayed)")
            leftovers = [p for p in tiny.rglob("*") if p.is_file() and p != filler]
            if leftovers:
                problems.append(
                    f"{len(leftovers)} partial file(s) stayed, e.g. {leftovers[0].name}"
                )
        finally:
            subprocess.run(["umount", str(tiny)], capture_output=True)
        check(not problems, "; ".join(problems))
        return "a photo on a full disk: refused in English and in Chinese, nothing written"

    def _full_disk_reports(self, full: Portal) -> list[str]:
        from participation.models import Case

        problems = []
        expectations = [
            (self.places["residents"][-1].email, "en", "could not be stored"),
            (ZH_RESIDENT, "zh-hans", "无法保存"),
        ]
        for n, (address, language, words) in enumerate(expectations):
            person = Resident(full, address, ip=f"10.8.0.{n + 1}", language=language)
            person.login()
            key = str(uuid.uuid4())
            response = person.report(
                self.places, key=key, photos=[photo((900, 700), seed=n)], as_json=False
            )
            if response.status_code not in (400, 503, 507):
                problems.append(
                    f"{language}: a report on a full disk was answered {response.status_code}"
                )
            elif words not in response.text:
                problems.append(
                    f"{language}: the answer does not say the photo could not be stored "
                    f"(status {response.status_code})"
                )
            db()
            if Case.objects.filter(idempotency_key=key).exists():
                problems.append(f"{language}: a case was made although its photo was not stored")
        return problems


DRILLS = {
    "worker-kill": Drills.worker_kill,
    "worker-stop": Drills.worker_stop,
    "web-kill": Drills.web_kill,
    "redis-down": Drills.redis_down,
    "database-restart": Drills.database_restart,
    "disk-full": Drills.disk_full,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", choices=list(DRILLS), help="run only these drills")
    parser.add_argument("--keep", action="store_true", help="keep var/drill/ (logs) afterwards")
    args = parser.parse_args()
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:5.0f} s] {message}", file=sys.stderr, flush=True)

    if RUN_DIR.exists():
        subprocess.run(["umount", str(RUN_DIR / "portal" / "tiny-case-files")], capture_output=True)
        shutil.rmtree(RUN_DIR)
    RUN_DIR.mkdir(parents=True)
    results = []
    with contextlib.ExitStack() as stack:
        pg = stack.enter_context(PrivatePostgres(RUN_DIR / "pg"))
        redis = stack.enter_context(PrivateRedis(RUN_DIR / "redis"))
        portal = Portal(
            RUN_DIR / "portal",
            database_url=pg.url,
            redis_url=redis.url,
            web_workers=2,
            q_workers=2,
            # One proxy in front (as nginx): each drill resident has an address of its own.
            env={
                "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
                # A task a killed worker held runs again 20 s after it was taken (production:
                # Q_CLUSTER["retry"], 180 s); no drill task takes more than a second.
                "STACK_Q_RETRY": "20",
                "STACK_Q_TIMEOUT": "15",
            },
        )
        stack.enter_context(portal)
        redis.start()
        start_database(pg, portal, log)
        log("database ready; collecting static files")
        portal.prepare(migrate=False)
        portal.start_web()
        portal.start_worker()
        portal.wait_ready()
        log("stack ready")
        drills = Drills(pg, redis, portal, log)
        for name, drill in DRILLS.items():
            if args.only and name not in args.only:
                continue
            log(f"{name} …")
            began = time.monotonic()
            try:
                detail = drill(drills)
            except DrillFailed as failure:
                results.append(False)
                print(f"FAIL {name}: {failure}", flush=True)
            except Exception as error:
                results.append(False)
                traceback.print_exc(file=sys.stderr)
                print(f"FAIL {name}: the drill itself broke: {error!r}", flush=True)
            else:
                results.append(True)
                print(f"PASS {name}: {detail} ({time.monotonic() - began:.0f} s)", flush=True)
            _recover(pg, redis, portal, log)
    if not args.keep:
        shutil.rmtree(RUN_DIR, ignore_errors=True)
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


def _recover(pg, redis, portal, log) -> None:
    """Whatever a failed drill left stopped is started again for the next one."""
    try:
        if not pg.running:
            pg.start()
        redis.start() if not redis.running else None
        if not portal.web_master_pid():
            portal.start_web()
        if not portal.worker_master_pid():
            portal.start_worker()
    except Exception as error:  # the next drill will say what is wrong
        log(f"could not restore the stack: {error!r}")


if __name__ == "__main__":
    sys.exit(main())
