"""`make bench`: how much memory one web worker holds, and how many modules it loads.

A fresh process does what a gunicorn worker does: `django.setup()`, loads the URLconf, then
serves the pages the load test reads, in both languages (the home page, the case list and a case
page, the map's data, statistics, news, search, the Open311 list and a staff inbox), a few times
each. After each step it prints the modules loaded and the resident memory (RSS).

Targets, printed as PASS/FAIL (exit status 1 if one fails): none of the libraries only some
requests need (PyAV, openpyxl, shapely and numpy, qrcode) is loaded at start-up, and the RSS
after the requests is under 120 MB. For scale: wagtail/bakerydemo's worker, on the same Django and
Wagtail, loads 1,174 modules (74 MB) at start-up and holds 93 MB after load.

Uses the bench's database (bench/settings.py), filled by bench/cases.py: run that first.

    .venv/bin/python bench/memory.py [--rounds 5]
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

RSS_TARGET_MB = 120
LAZY = ("av", "openpyxl", "shapely", "numpy", "qrcode")
DEPARTMENT_STAFF = "bench-department@example.org"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS in /proc/self/status: this bench needs Linux")


def loaded(names) -> list[str]:
    return [name for name in names if name in sys.modules]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="requests per page and language")
    args = parser.parse_args()
    steps = [("Python", len(sys.modules), rss_mb())]

    import django

    django.setup()
    steps.append(("django.setup()", len(sys.modules), rss_mb()))

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing every view module, as the first request does
    steps.append(("+ URLconf", len(sys.modules), rss_mb()))
    at_start = loaded(LAZY)

    statuses = serve(args.rounds)
    steps.append((f"+ {sum(statuses.values())} requests", len(sys.modules), rss_mb()))

    print(f"\n{'after':<22} {'modules':>8} {'RSS MB':>8}")
    for label, modules, rss in steps:
        print(f"{label:<22} {modules:>8,} {rss:>8.1f}")
    unexpected = {status: n for status, n in statuses.items() if status != 200}
    if unexpected:
        print(f"Answers other than 200: {unexpected}")
    print(f"Loaded by the requests: {', '.join(loaded(LAZY)) or 'none'} (of {', '.join(LAZY)}).")

    rss = steps[-1][2]
    checks = [
        (
            "none of " + ", ".join(LAZY) + " at start-up",
            not at_start,
            ", ".join(at_start) or "none loaded",
        ),
        (f"RSS after the requests < {RSS_TARGET_MB} MB", rss < RSS_TARGET_MB, f"{rss:.1f} MB"),
    ]
    print()
    for label, passed, value in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label:<52} {value}")
    return 0 if all(passed for _label, passed, _value in checks) else 1


def serve(rounds: int) -> dict[int, int]:
    """The load test's reads, `rounds` times each in each language; answers counted by status."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from participation.models import Case

    case = Case.objects.filter(is_hidden=False).order_by("-pk").first()
    if case is None:
        raise SystemExit("The bench database has no cases: run bench/cases.py first.")
    anonymous = [
        "/",
        "/cases/",
        "/cases/?status=closed",
        f"/cases/{case.reference}/",
        "/cases/map/points.json",
        "/cases/statistics/",
        "/news/",
        "/search/?query=井盖",
        "/open311/v2/requests.json",
    ]
    clients = {"anonymous": Client(), "staff": Client()}
    staff = get_user_model().objects.filter(email=DEPARTMENT_STAFF).first()
    if staff is not None:
        clients["staff"].force_login(staff)
    statuses: dict[int, int] = {}
    for _round in range(rounds):
        for language, _name in settings.LANGUAGES:
            headers = {"HTTP_ACCEPT_LANGUAGE": language}
            answers = [clients["anonymous"].get(url, **headers) for url in anonymous]
            if staff is not None:
                answers.append(clients["staff"].get("/admin/cases/", **headers))
            for response in answers:
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    return statuses


if __name__ == "__main__":
    sys.exit(main())
