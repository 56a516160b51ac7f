"""`make load`: how many people at once does the portal serve on this machine, as production
runs it, and is anything lost on the way?

Starts the portal with bench/stack.py: gunicorn (2 processes), the django-q2 cluster (2 workers),
PostgreSQL on the machine's running server (127.0.0.1:5432, a database of its own: load_portal)
and a private Redis as cache and broker. With --sqlite, the embedded default instead: SQLite, one
gunicorn process with 8 threads, the in-process cache and the database as broker. Loads the demo
town with 100,000 cases (--keep reuses it), then drives locust (bench/locustfile.py: 70 %
anonymous readers, 15 % residents reporting with a photo, following and evaluating, 10 % staff
dispatching and accepting, 5 % Open311 clients), headless, for 60 s per user count, and prints per
kind of request: requests/s, p50, p95, p99 and the error rate.

After each run it checks that nothing was lost: every case that got a number (the report form's
redirect, the Open311 POST's service_request_id) exists with its photo (file and thumbnail), the
task queue drains with no failed task, and `rebuild_balances --check` is clean.

Targets (PASS/FAIL per run): no failed request (no 5xx, no refusal) and nothing lost; p95 under
300 ms for anonymous reading and under 800 ms for a report with a photo. Without --users, it
tries 5, 10, 20, 40… users until a target fails, then once between the last count that held
and the first that did not, and prints the largest count that held.

    .venv/bin/python bench/load.py [--sqlite] [--keep] [--users N] [--seconds 60]

Exit status 1 if no count holds (or the one --users count does not), or if any run lost a write,
left a task failed or a balance off its ledger. Not part of `make test`: figures depend on the
machine and on what else runs on it (the load average is printed before and after each run).
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import REPO, VENV_BIN, Portal, PrivateRedis  # noqa: E402

READ_P95_MS = 300
REPORT_P95_MS = 800
STEPS = (5, 10, 20, 40, 80, 160, 320)
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "load_portal"
RESIDENTS = 2000
GROUP_LABELS = {
    "read": "anonymous reading",
    "report": "report with a photo",
    "resident": "residents, other requests",
    "staff": "staff",
    "open311": "Open311",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="the embedded SQLite default")
    parser.add_argument("--cases", type=int, default=100_000, help="demo cases to load")
    parser.add_argument("--keep", action="store_true", help="reuse the loaded database")
    parser.add_argument("--users", type=int, help="one run with this many users (no search)")
    parser.add_argument("--seconds", type=int, default=60, help="length of each run")
    parser.add_argument("--photo", default="2048x1536", help="the reports' photo, WxH pixels")
    args = parser.parse_args()

    started = time.monotonic()
    kind = "sqlite" if args.sqlite else "postgres"
    root = REPO / "var" / "load" / kind
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    (root / "runs").mkdir(exist_ok=True)
    machine = describe_machine(args.sqlite)
    print(f"Machine: {machine}")

    if args.sqlite:
        database_url = f"sqlite:///{root / 'portal.sqlite3'}"
    else:
        postgres_database(recreate=not args.keep)
        database_url = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    redis = None if args.sqlite else PrivateRedis(root / "redis")
    env = {
        # As behind one proxy (nginx): each simulated person sends its own X-Forwarded-For, so
        # the per-address rate limits count people, not the load generator.
        "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }
    if args.sqlite:
        env["GUNICORN_CMD_ARGS"] = "--threads 8"  # docs/deployment.md's one-machine line
    runs = []
    try:
        if redis:
            redis.start()
        portal = Portal(
            root / "portal",
            database_url=database_url,
            redis_url=redis.url if redis else None,
            web_workers=1 if args.sqlite else 2,
            q_workers=2,
            env=env,
        )
        with portal:
            timed("Migrate and collect static files", portal.prepare)
            timed(
                f"The demo town with {args.cases:,} cases",
                lambda: data(portal, "prepare", "--cases", str(args.cases), *keep(args)),
            )
            timed("Start gunicorn and the django-q2 cluster", lambda: start(portal))
            state_file = root / "state.json"
            state = json.loads(state_file.read_text()) if state_file.exists() else {"people": 0}
            state["warm"] = False  # once per start of the web processes
            for users in search(args.users, runs):
                result = run(portal, root, users, args, state)
                state_file.write_text(json.dumps(state))
                runs.append(result)
    finally:
        if redis:
            redis.close()
    return summary(runs, args, machine, root, time.monotonic() - started)


def keep(args) -> list[str]:
    return ["--keep"] if args.keep else []


def timed(label: str, action) -> None:
    print(f"{label}…", flush=True)
    began = time.monotonic()
    action()
    print(f"  done in {time.monotonic() - began:.0f} s.", flush=True)


def start(portal: Portal) -> None:
    portal.start_web()
    portal.start_worker()
    portal.wait_ready()


def describe_machine(sqlite: bool) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) // 1024 // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    database = "SQLite" if sqlite else postgres_version()
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} GB; Python {platform.python_version()}; "
        f"{database}"
    )


def postgres_version() -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres") as conn:
        return "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0].split()[0]


def postgres_database(*, recreate: bool) -> None:
    """The load's own database on the machine's server: created if missing, emptied first
    unless the loaded one is kept."""
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [POSTGRES_DATABASE]
        ).fetchone()
        if exists and recreate:
            server.execute(f'DROP DATABASE "{POSTGRES_DATABASE}" WITH (FORCE)')
        if recreate or not exists:
            server.execute(f'CREATE DATABASE "{POSTGRES_DATABASE}"')


def data(portal: Portal, *args: str, capture: bool = False) -> str:
    """bench/load_data.py in the portal's environment (its settings, database and files)."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.load_data", *args],
        cwd=REPO,
        env=portal.env,
        capture_output=capture,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench/load_data.py {args[0]} failed:\n{result.stderr or ''}")
    return result.stdout or ""


def search(users: int | None, runs: list):
    """The user counts to run: the one asked for; or 5, 10, 20… until a target fails, then once
    half-way between the last count that held and the first that did not."""
    if users:
        yield users
        return
    for count in STEPS:
        yield count
        if not runs[-1]["passed"]:
            break
    held = [r["users"] for r in runs if r["passed"]]
    failed = [r["users"] for r in runs if not r["passed"]]
    if held and failed:
        middle = (max(held) + min(failed)) // 2
        if middle not in (max(held), min(failed)) and min(failed) - max(held) >= 4:
            yield middle


def warm_up(portal: Portal, fixtures: Path) -> None:
    """What a server that has been up a while has done: imported its views, filled its caches,
    made the news pages' image renditions. Each page a few times, two at once (both workers)."""
    from concurrent.futures import ThreadPoolExecutor

    made = json.loads(fixtures.read_text())
    resident = {"Cookie": f"{made['session_cookie']}={made['residents'][0]['session']}"}
    dispatcher = {"Cookie": f"{made['session_cookie']}={made['dispatchers'][0]}"}
    department = {"Cookie": f"{made['session_cookie']}={made['department_staff'][0]}"}
    pages = [
        ("/", {}),
        ("/cases/", {}),
        (f"/cases/{made['references'][0]}/", {}),
        ("/cases/map/points.json?status=open", {}),
        (f"/search/?q={quote(made['search'][0])}", {}),
        ("/open311/v2/requests.json", {}),
        ("/open311/v2/services.json", {}),
        ("/report/", resident),
        ("/my-reports/", resident),
        ("/admin/cases/queue/", dispatcher),
        ("/admin/cases/", department),
        *((url, {}) for url in made["news"]["sections"] + made["news"]["articles"]),
    ]
    calls = [
        (url, {**headers, "Accept-Language": language})
        for url, headers in pages
        for language in ("zh-CN", "en")
        for _twice in (1, 2)
    ]

    def get(call):
        url, headers = call
        request = urllib.request.Request(portal.base_url + url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
        except urllib.error.HTTPError as error:
            print(f"  warm-up: {url} answered {error.code}")

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(get, calls))


def run(portal: Portal, root: Path, users: int, args, state: dict) -> dict:
    print(f"\n== {users} users for {args.seconds} s ==", flush=True)
    fixtures = root / "fixtures.json"
    residents_per_run = max(1, round(users * 0.15))
    data(
        portal,
        "fixtures",
        str(fixtures),
        "--residents",
        str(RESIDENTS),
        "--evaluations",
        str(20 + 4 * residents_per_run),
    )
    if not state.get("warm"):
        timed(
            "Warm up (each page once per web process; not measured)",
            lambda: warm_up(portal, fixtures),
        )
        state["warm"] = True
    drained = json.loads(data(portal, "drain", "--timeout", "1200", capture=True))
    if not drained["drained"]:
        print(f"  The queue did not drain before the run ({drained['waiting']} waiting).")
    result_file = root / "runs" / f"{users}-users.json"
    log_file = root / "runs" / f"{users}-users.log"
    since = datetime.datetime.now(datetime.UTC).isoformat()
    load_before = os.getloadavg()[0]
    with log_file.open("w") as log:
        subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(REPO / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{args.seconds}s",
                "--stop-timeout",
                "20",
                "--host",
                portal.base_url,
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=REPO,
            env={
                **os.environ,
                "LOAD_FIXTURES": str(fixtures),
                "LOAD_RESULT": str(result_file),
                "LOAD_PEOPLE_FROM": str(state["people"]),
                "LOAD_PHOTO": args.photo,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    load_after = os.getloadavg()[0]
    if not result_file.exists():
        raise SystemExit(f"locust wrote no result; see {log_file}")
    result = json.loads(result_file.read_text())
    state["people"] += result["people"] + 1
    drained = json.loads(data(portal, "drain", "--timeout", "300", capture=True))
    (root / "runs" / f"{users}-users.created.json").write_text(json.dumps(result))
    checked = json.loads(
        data(
            portal,
            "check",
            str(root / "runs" / f"{users}-users.created.json"),
            "--since",
            since,
            capture=True,
        )
    )
    balances = portal.manage("rebuild_balances", "--check", check=False)
    result.update(
        users=users,
        load=(load_before, load_after),
        drained=drained,
        checked=checked,
        balances_clean=balances.returncode == 0,
    )
    result["targets"] = targets(result)
    result["passed"] = all(passed for _label, passed, _value in result["targets"])
    result["intact"] = integrity(result)
    report(result)
    result.pop("created")
    return result


def lost(checked: dict) -> int:
    return len(checked["missing"]) + len(checked["without_photo"]) + len(checked["files_missing"])


def integrity(result: dict) -> bool:
    """Nothing lost, no task failed or left queued, every balance on its ledger: at any load."""
    checked = result["checked"]
    return (
        lost(checked) == 0
        and checked["failed_tasks_count"] == 0
        and checked["queued_left"] == 0
        and result["drained"]["drained"]
        and result["balances_clean"]
    )


def targets(result: dict) -> list[tuple[str, bool, str]]:
    total, groups, checked = result["total"], result["groups"], result["checked"]
    five = result["statuses"].get("5xx", 0)
    read, reports = groups.get("read"), groups.get("report")
    return [
        (
            "0 failed requests (5xx or refusals)",
            total["failures"] == 0,
            f"{total['failures']} of {total['requests']:,} ({five} 5xx)",
        ),
        (
            "every numbered case exists, with its photo",
            lost(checked) == 0 and checked["cases"] > 0,
            f"{checked['cases']} cases, {lost(checked)} lost",
        ),
        (
            "tasks: queue drained, none failed",
            result["drained"]["drained"]
            and checked["failed_tasks_count"] == 0
            and checked["queued_left"] == 0,
            f"{checked['failed_tasks_count']} failed, "
            f"{result['drained']['waiting'] + checked['queued_left']} left",
        ),
        ("rebuild_balances --check clean", result["balances_clean"], ""),
        (
            f"anonymous reading p95 < {READ_P95_MS} ms",
            bool(read) and read["p95"] < READ_P95_MS,
            f"{read['p95']:.0f} ms" if read else "no requests",
        ),
        (
            f"report with a photo p95 < {REPORT_P95_MS} ms",
            bool(reports) and reports["p95"] < REPORT_P95_MS,
            f"{reports['p95']:.0f} ms ({reports['requests']} reports)" if reports else "none",
        ),
    ]


def report(result: dict) -> None:
    print(
        f"  {result['total']['requests']:,} requests in {result['seconds']:.0f} s; load average "
        f"{result['load'][0]:.1f} before, {result['load'][1]:.1f} after."
    )
    print(f"\n  {'request':<40} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>7}")
    rows = sorted(result["kinds"].items()) + [
        (f"[{GROUP_LABELS.get(name, name)}]", figures)
        for name, figures in sorted(result["groups"].items())
    ]
    rows.append(("[all]", result["total"]))
    for name, figures in rows:
        rate = figures["failures"] / figures["requests"] if figures["requests"] else 0
        print(
            f"  {name:<40} {figures['rps']:>7.1f} {figures['p50']:>6.0f} {figures['p95']:>6.0f} "
            f"{figures['p99']:>6.0f} {rate:>7.1%}"
        )
    for error in result["errors"][:10]:
        print(f"  error: {error['name']}: {error['error']} ×{error['count']}")
    checked = result["checked"]
    for label in ("missing", "without_photo", "files_missing", "failed_tasks"):
        if checked[label]:
            print(f"  {label.replace('_', ' ')}: {', '.join(checked[label][:5])}")
    print()
    for label, passed, value in result["targets"]:
        print(f"  {'PASS' if passed else 'FAIL'}  {label:<44} {value}")


def summary(runs: list, args, machine: str, root: Path, seconds: float) -> int:
    database = "SQLite, 1 web process × 8 threads" if args.sqlite else "PostgreSQL, 2 web processes"
    print(f"\n== Summary ({database}; {machine}) ==")
    print(f"  {'users':>5} {'req/s':>7} {'read p95':>9} {'report p95':>11} {'failed':>7}  result")
    for r in runs:
        read, reports = r["groups"].get("read", {}), r["groups"].get("report", {})
        print(
            f"  {r['users']:>5} {r['total']['rps']:>7.1f} {read.get('p95', 0):>9.0f} "
            f"{reports.get('p95', 0):>11.0f} {r['total']['failures']:>7}  "
            f"{'PASS' if r['passed'] else 'FAIL'}"
        )
    held = [r["users"] for r in runs if r["passed"]]
    broken = [r["users"] for r in runs if not r["intact"]]
    (root / "summary.json").write_text(
        json.dumps({"machine": machine, "database": database, "runs": runs}, indent=1)
    )
    if args.users:
        print(f"\n{'PASS' if held else 'FAIL'} at {args.users} users.")
    elif held:
        print(f"\nThe largest user count that held every target: {max(held)}.")
    else:
        print("\nNo user count held every target.")
    if broken:
        print(f"Writes lost, tasks failed or balances off at {broken} users: exit status 1.")
    print(f"make load took {seconds / 60:.1f} min.")
    return 0 if held and not broken else 1


if __name__ == "__main__":
    sys.exit(main())
