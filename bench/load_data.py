"""The portal's side of `make load` (bench/load.py): run inside the portal's environment
(bench/stack.Portal.env), as the web processes and the worker are.

    python -m bench.load_data prepare --cases 100000 [--keep]   # the demo town and its cases
    python -m bench.load_data fixtures OUT.json --residents 2000 --evaluations 300
    python -m bench.load_data drain --timeout 180                # the task queue, emptied
    python -m bench.load_data check RUN.json OUT.json            # nothing lost

`fixtures` makes the load's accounts (residents, dispatchers, department staff with TOTP on) and
signs each in server-side: the session cookies go to locust, as the sign-in itself is not what the
load measures. It also writes what locust picks from: case numbers, places inside the grids,
categories, news pages, an Open311 key, and resolved cases waiting for their reporter's
evaluation (made through the services when too few are left)."""

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402

from participation import demo  # noqa: E402
from participation import services as case_services  # noqa: E402
from participation.models import (  # noqa: E402
    Attachment,
    Case,
    Category,
    Department,
    DepartmentMembership,
    Grid,
)
from participation.open311 import services as open311_services  # noqa: E402
from participation.selectors import case_by_reference  # noqa: E402
from portal import roles  # noqa: E402
from portal.demo import DEMO_TOTP_SECRET  # noqa: E402
from portal.models import User  # noqa: E402

DOMAIN = "load.example"
DISPATCHERS = 4
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
SEARCH_TERMS = [
    "井盖",
    "路灯",
    "垃圾",
    "积水",
    "停车",
    "噪音",
    "乌镇",
    "通知",
    "street light",
    "water",
]


def prepare(count: int, *, keep: bool) -> None:
    """Migrate, then the demo town (`seed_demo`: its pages, people, 2,000 cases with their points)
    and `count` more cases as the demo makes them (participation.demo's generator, as `make
    bench` loads them), unless a kept database has them already."""
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if keep and Case.objects.count() >= count:
        print(f"  Reusing the database: {Case.objects.count():,} cases.")
        _sla_catch_up()
        return
    if demo.demo_cases_exist():
        raise SystemExit(
            f"The kept database has {Case.objects.count():,} cases, fewer than {count:,}: "
            "run without --keep to load it afresh."
        )
    migrated = time.perf_counter()
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    town = time.perf_counter()
    _more_cases(count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a long-running database has them
    _sla_catch_up()
    print(
        f"  Migrated in {migrated - started:.0f} s; demo town in {town - migrated:.0f} s; "
        f"{count:,} more cases in {time.perf_counter() - town:.0f} s "
        f"({Case.objects.count():,} in all)."
    )


def _more_cases(count: int, batch: int = 2000) -> None:
    """`count` cases over the last 12 months, reported by the demo residents (without points:
    the ledger stays the demo's), then the statistics roll-up of every month afresh."""
    from participation.statistics.rollup import statistics_rollup

    residents = demo.demo_residents()
    staff = dict(
        User.objects.filter(
            email__in=[demo.DISPATCHER_EMAIL, *demo.STAFF_EMAILS.values()]
        ).values_list("email", "pk")
    )
    now = timezone.now()
    generator = demo._Generator(
        rng=random.Random(demo.RANDOM_SEED + 1),
        now=now,
        residents=[user.pk for user in residents],
        dispatcher=staff.get(demo.DISPATCHER_EMAIL),
        staff={code: staff.get(email) for code, email in demo.STAFF_EMAILS.items()},
    )
    plans = generator.schedule(count)
    for first in range(0, len(plans), batch):
        with transaction.atomic():
            demo._write([generator.story(*plan) for plan in plans[first : first + batch]])
    oldest = Case.objects.order_by("submitted_at").values_list("submitted_at", flat=True)[0]
    months, month = [], timezone.localdate(oldest).replace(day=1)
    while month <= timezone.localdate(now):
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    statistics_rollup(months=months)


def _sla_catch_up() -> None:
    """The seeded cases' deadlines as a running town's SLA check (every 15 minutes) would have
    kept them: reminded, marked overdue, escalated; through the check itself, without the task's
    time limit. The notifications and points it enqueues belong to the seeded past (a town would
    have sent them over the year): they are dropped before the worker starts, or thousands of
    them would run during the first measurements."""
    from django_q.brokers import get_broker
    from django_q.models import OrmQ

    from participation import sla
    from portal.models import PendingTask

    started = time.perf_counter()
    result = sla.cases_sla_check()
    broker = get_broker()
    dropped = broker.queue_size() + PendingTask.objects.count()
    broker.purge_queue()
    OrmQ.objects.all().delete()
    PendingTask.objects.all().delete()
    print(
        f"  SLA check brought up to date in {time.perf_counter() - started:.0f} s: {result}; "
        f"{dropped:,} tasks of the seeded past dropped."
    )


def _session(user) -> str:
    """A signed-in session for `user`, as django.contrib.auth.login writes it."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _accounts(emails_and_names: list[tuple[str, str]], role: str, **fields) -> list[User]:
    """Accounts with a verified email and one role, made in bulk when missing."""
    emails = [email for email, _name in emails_and_names]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(email=email, display_name=name, password=unusable, is_active=True, **fields)
            for email, name in emails_and_names
            if email not in existing
        ],
        batch_size=500,
    )
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    group = Group.objects.get(name=role)
    through = User.groups.through
    have = set(
        through.objects.filter(group=group, user__in=users).values_list("user_id", flat=True)
    )
    through.objects.bulk_create(
        [through(user_id=user.pk, group_id=group.pk) for user in users if user.pk not in have]
    )
    verified = set(EmailAddress.objects.filter(user__in=users).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
            if user.pk not in verified
        ],
        batch_size=500,
    )
    return users


def _with_totp(users: list[User]) -> None:
    """Staff must use two-factor authentication (the admin refuses them otherwise)."""
    for user in users:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)


def _points(grids: list[Grid], per_grid: int, rng: random.Random) -> list[list[str]]:
    """Places strictly inside the grids, where a report may be put."""
    from shapely.geometry import Point, shape

    points = []
    for grid in grids:
        area = shape(grid.boundary)
        west, south, east, north = area.bounds
        made = 0
        while made < per_grid:
            lng, lat = rng.uniform(west, east), rng.uniform(south, north)
            if area.contains(Point(lng, lat)):
                points.append([f"{lat:.6f}", f"{lng:.6f}"])
                made += 1
    return points


def _reportable_categories() -> list[Category]:
    """Public categories that ask no required question: the load's reports need no answers."""
    return list(
        Category.objects.filter(is_active=True, public_by_default=True)
        .exclude(attributes__required=True)
        .select_related("default_department")
        .order_by("pk")
    )


def _to_evaluate(residents: list[User], wanted: int, staff_by_department: dict) -> list:
    """Resolved cases reported by the load's residents, waiting for their evaluation: made
    through the services (report, dispatch, accept, resolve) until `wanted` are waiting."""
    waiting = list(
        Case.objects.filter(reporter__in=residents, status=Case.Status.RESOLVED).values_list(
            "reporter_id", "pk", "submitted_at"
        )
    )
    missing = wanted - len(waiting)
    if missing > 0:
        started = time.perf_counter()
        rng = random.Random(len(waiting))
        dispatcher = User.objects.get(email=f"dispatcher-1@{DOMAIN}")
        categories = [
            c for c in _reportable_categories() if c.default_department_id in staff_by_department
        ]
        grids = list(Grid.objects.order_by("number"))
        places = _points(grids, 1, rng)
        for n in range(missing):
            category = categories[n % len(categories)]
            staff = staff_by_department[category.default_department_id]
            latitude, longitude = places[n % len(places)]
            case, _created = case_services.case_submit(
                reporter=residents[n % len(residents)],
                category=category,
                urgency=Case.Urgency.ROUTINE,
                title="路灯不亮",
                description="The street light at the corner has been out for three nights.",
                latitude=latitude,
                longitude=longitude,
            )
            case = case_services.case_dispatch(
                case=case,
                actor=dispatcher,
                department=category.default_department,
                public_message="Sent to the department.",
            )
            case = case_services.case_accept(case=case, actor=staff)
            case_services.case_resolve(
                case=case,
                actor=staff,
                summary="Replaced the lamp.",
                no_photo_reason="Night repair, no light for a photo.",
            )
        print(
            f"  {missing} resolved cases made for the residents to evaluate in "
            f"{time.perf_counter() - started:.0f} s."
        )
        waiting = list(
            Case.objects.filter(reporter__in=residents, status=Case.Status.RESOLVED).values_list(
                "reporter_id", "pk", "submitted_at"
            )
        )
    return waiting


def fixtures(out: Path, *, residents_count: int, evaluations: int) -> None:
    """What locust's users need, written to `out` as JSON (see the module's docstring)."""
    started = time.perf_counter()
    rng = random.Random(2026)
    grids = list(Grid.objects.order_by("number"))
    residents = _accounts(
        [(f"resident-{n:04d}@{DOMAIN}", f"Load resident {n}") for n in range(residents_count)],
        roles.RESIDENT,
    )
    for n, user in enumerate(residents):  # a home grid each, spread over the town
        if user.home_grid_id is None:
            user.home_grid = grids[n % len(grids)]
    User.objects.bulk_update(residents, ["home_grid"], batch_size=500)
    dispatchers = _accounts(
        [(f"dispatcher-{n}@{DOMAIN}", f"Load dispatcher {n}") for n in range(1, DISPATCHERS + 1)],
        roles.DISPATCHER,
    )
    departments = list(Department.objects.filter(is_active=True).order_by("pk"))
    department_staff = _accounts(
        [(f"staff-{d.code}@{DOMAIN}", f"Load staff {d.code}") for d in departments],
        roles.DEPARTMENT_STAFF,
    )
    staff_by_department = {}
    for department, user in zip(departments, department_staff, strict=True):
        DepartmentMembership.objects.get_or_create(
            user=user, department=department, defaults={"role": DepartmentMembership.Role.STAFF}
        )
        staff_by_department[department.pk] = user
    _with_totp(dispatchers + department_staff)

    with transaction.atomic():
        to_evaluate = _to_evaluate(residents, evaluations, staff_by_department)
    sessions = {user.pk: _session(user) for user in residents}
    evaluators = {}
    for reporter_id, pk, submitted_at in to_evaluate:
        evaluators.setdefault(reporter_id, []).append(Case.reference_for(pk, submitted_at))

    public = Case.objects.filter(is_hidden=False)
    last_pk = public.aggregate(last=Max("pk"))["last"]
    sample = rng.sample(range(1, last_pk + 1), min(20_000, last_pk))
    references = [
        Case.reference_for(pk, submitted_at)
        for pk, submitted_at in public.filter(pk__in=sample).values_list("pk", "submitted_at")[
            :4000
        ]
    ]
    open_references = [
        Case.reference_for(pk, submitted_at)
        for pk, submitted_at in public.filter(
            pk__in=sample, status__in=[Case.Status.SUBMITTED, Case.Status.IN_PROGRESS]
        ).values_list("pk", "submitted_at")[:1000]
    ]
    categories = _reportable_categories()
    news = _news_urls()
    _api_key, raw_key = open311_services.api_key_create(name="Load test", rate_limit=10**6)
    data = {
        "made_at": timezone.now().isoformat(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        # Residents without a case to evaluate first, those with cases after: each user takes the
        # next account, so the first ones report and follow, and evaluators are found by key.
        "residents": [
            {"session": sessions[user.pk], "evaluate": evaluators.get(user.pk, [])}
            for user in residents
        ],
        "dispatchers": [_session(user) for user in dispatchers],
        "department_staff": [
            _session(user)
            for department, user in zip(departments, department_staff, strict=True)
            if Case.objects.filter(department=department).exists()
        ],
        "references": references,
        "open_references": open_references,
        "grids": [grid.number for grid in grids],
        "statuses": [value for value, _label in Case.Status.choices],
        "categories": [[c.pk, c.code] for c in categories],
        "points": _points(grids, 5, rng),
        "news": news,
        "search": SEARCH_TERMS,
        "api_key": raw_key,
    }
    out.write_text(json.dumps(data))
    print(
        f"  Load fixtures: {len(residents):,} residents ({len(to_evaluate)} resolved cases to "
        f"evaluate), {len(dispatchers)} dispatchers, {len(data['department_staff'])} department "
        f"staff, {len(references):,} case numbers, {len(news['articles'])} news articles; "
        f"{time.perf_counter() - started:.0f} s."
    )


def _news_urls() -> dict:
    from education.models import NewsIndexPage, NewsPage

    sections = [page.url for page in NewsIndexPage.objects.live().public() if page.url]
    articles = [
        page.url for page in NewsPage.objects.live().public().order_by("-pk")[:300] if page.url
    ]
    return {"sections": sections, "articles": articles}


def _queue_size() -> int:
    """Tasks waiting in the broker, plus those kept in the database for a broker that was down."""
    from django_q.brokers import get_broker

    from portal.models import PendingTask

    return get_broker().queue_size() + PendingTask.objects.count()


def drain(timeout: float) -> dict:
    """Wait until the worker has done every task: nothing waits in the broker and no task has
    finished for a few seconds (django-q2 gives no count of the tasks it holds in flight)."""
    from django_q.models import Task

    deadline = time.monotonic() + timeout
    quiet_since, last = None, None
    while time.monotonic() < deadline:
        waiting = _queue_size()
        latest = Task.objects.aggregate(latest=Max("stopped"))["latest"]
        if waiting == 0 and latest == last:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 5:
                return {"drained": True, "waiting": 0}
        else:
            quiet_since = None
        last = latest
        time.sleep(1)
        connection.close()
    return {"drained": False, "waiting": _queue_size()}


def check(run: dict, since: str) -> dict:
    """What the run wrote, read back: every case that got a number exists, and has its photo
    (file and thumbnail in the case-files storage) when one was sent; no task failed; every
    points balance matches its ledger."""
    from django_q.models import Failure

    from rewards.services import balance_drift

    cases = Case.objects.all()
    missing, without_photo, file_missing = [], [], []
    for reference, with_photo in run["created"]:
        case = case_by_reference(cases, reference)
        if case is None:
            missing.append(reference)
            continue
        if not with_photo:
            continue
        photos = list(case.attachments.filter(kind=Attachment.Kind.PHOTO))
        if not photos:
            without_photo.append(reference)
        for photo in photos:
            for field in (photo.file, photo.thumbnail):
                if not field or not field.storage.exists(field.name) or not field.size:
                    file_missing.append(f"{reference}: {field.name or 'no thumbnail'}")
    from django_q.models import OrmQ

    failures = Failure.objects.filter(stopped__gte=since)
    return {
        "queued_left": OrmQ.objects.count(),
        "cases": len(run["created"]),
        "missing": missing,
        "without_photo": without_photo,
        "files_missing": file_missing,
        "failed_tasks": [f"{f.func}: {str(f.result)[:200]}" for f in failures[:20]],
        "failed_tasks_count": failures.count(),
        "balance_drift": len(balance_drift()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    prepare_parser = commands.add_parser("prepare")
    prepare_parser.add_argument("--cases", type=int, default=100_000)
    prepare_parser.add_argument("--keep", action="store_true")
    fixtures_parser = commands.add_parser("fixtures")
    fixtures_parser.add_argument("out", type=Path)
    fixtures_parser.add_argument("--residents", type=int, default=2000)
    fixtures_parser.add_argument("--evaluations", type=int, default=300)
    drain_parser = commands.add_parser("drain")
    drain_parser.add_argument("--timeout", type=float, default=180)
    check_parser = commands.add_parser("check")
    check_parser.add_argument("run", type=Path, help="the run's record (created cases)")
    check_parser.add_argument("--since", required=True, help="the run's start (ISO time)")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.cases, keep=args.keep)
    elif args.command == "fixtures":
        fixtures(args.out, residents_count=args.residents, evaluations=args.evaluations)
    elif args.command == "drain":
        print(json.dumps(drain(args.timeout)))
    else:
        print(json.dumps(check(json.loads(args.run.read_text()), args.since)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
