"""The mixed load of `make load` (bench/load.py runs it; it is not meant to be run alone).

Four kinds of users, in these shares of the user count:

- 70 % anonymous readers: home, the case list with filters, case pages, the map's data, news,
  search;
- 15 % signed-in residents: report with a photo, follow a case, evaluate a resolved case of
  theirs, look at their reports;
- 10 % staff: dispatchers working the centre's queue (dispatch), department staff working their
  inbox (accept);
- 5 % Open311 clients: GET the list, one request, the services; POST a request (half with a
  photo).

Every user waits 1–3 s between requests and comes from an address of its own (X-Forwarded-For,
read as behind one proxy: ALLAUTH_TRUSTED_PROXY_COUNT=1), so the per-address rate limits see many
people, as behind nginx. Residents and staff bring sessions made server-side by
bench/load_data.py (the sign-in is not measured). A resident who has reported a few times hands
over to a new account and address, so the per-person limits (10 reports an hour) are not what
the run measures.

Environment: LOAD_FIXTURES (bench/load_data.py's JSON), LOAD_RESULT (where the statistics and
the case numbers received are written at the end), LOAD_PEOPLE_FROM (the first simulated
person's number: bench/load.py moves it on from run to run, so no address or account is used
again within the hour the limits count), LOAD_PHOTO (the photo's size, e.g. 2048x1536).
"""

import io
import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.stats import StatsEntry
from PIL import Image

FIXTURES = json.loads(Path(os.environ["LOAD_FIXTURES"]).read_text())
RESULT = Path(os.environ["LOAD_RESULT"])
PEOPLE_FROM = int(os.environ.get("LOAD_PEOPLE_FROM", "0"))
REPORTS_PER_ACCOUNT = 4

# Kinds of request, by group: the targets are set on "read" and "report with photo".
READ = "read"
GROUPS = {
    READ: "anonymous reading",
    "resident": "residents (other than the report)",
    "report": "report with a photo",
    "staff": "staff",
    "open311": "Open311",
}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPORT_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
INSPECT = re.compile(r"/admin/cases/inspect/(\d+)/")
REFERENCE = re.compile(r"/cases/(WZ-\d{4}-\d+)/")

_people = itertools.count(PEOPLE_FROM)  # each simulated person: an address (and an account)
_evaluations = iter(
    [
        (resident["session"], reference)
        for resident in FIXTURES["residents"]
        for reference in resident["evaluate"]
    ]
)
_staff = itertools.count()
created: list[tuple[str, bool]] = []  # (case number, sent with a photo)
statuses: dict[str, int] = {}


def _photo(size: str) -> bytes:
    """A phone-like JPEG: coarse shapes and fine grain, so it compresses like a photo."""
    width, height = (int(n) for n in size.lower().split("x"))
    coarse = Image.effect_noise((width // 4, height // 4), 60).resize((width, height))
    base = Image.merge(
        "RGB",
        [
            coarse,
            coarse.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
            coarse.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        ],
    )
    grain = Image.effect_noise((width, height), 12)
    image = Image.blend(base, Image.merge("RGB", [grain, grain, grain]), 0.3)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


PHOTO = _photo(os.environ.get("LOAD_PHOTO", "2048x1536"))


def _address(n: int) -> str:
    """Person `n`'s client address (10.0.0.1 onwards)."""
    n += 1
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def _match(pattern: re.Pattern, text: str) -> str | None:
    found = pattern.search(text)
    return found.group(1) if found else None


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        self.person = next(_people)
        self.client.headers["X-Forwarded-For"] = _address(self.person)
        self.client.headers["Accept-Language"] = random.choice(
            ["zh-CN,zh;q=0.9", "zh-CN,zh;q=0.9", "zh-CN,zh;q=0.9", "en-GB,en;q=0.8"]
        )

    def get(self, url: str, name: str, *, expect=(200,), **kwargs):
        """GET, failed (in locust's figures) unless the status is one of `expect`."""
        return self._call("GET", url, name, expect, kwargs)

    def post(self, url: str, name: str, *, expect=(302,), **kwargs):
        return self._call("POST", url, name, expect, kwargs)

    def _call(self, method, url, name, expect, kwargs):
        kwargs.setdefault("allow_redirects", False)
        with self.client.request(method, url, name=name, catch_response=True, **kwargs) as r:
            statuses[f"{r.status_code // 100}xx"] = statuses.get(f"{r.status_code // 100}xx", 0) + 1
            if r.status_code in expect:
                r.success()
            else:
                r.failure(f"HTTP {r.status_code} (expected {'/'.join(map(str, expect))})")
            return r

    def signed_in(self, session: str) -> None:
        """This session's cookie, in place of any other (one cookie, as the server sets it)."""
        name, domain = FIXTURES["session_cookie"], urlsplit(self.host).hostname
        for cookie in [c for c in self.client.cookies if c.name == name]:
            self.client.cookies.clear(cookie.domain, cookie.path, cookie.name)
        self.client.cookies.set(name, session, domain=domain, path="/")
        self.session = session


class Reader(Person):
    """Reads what the public reads; the page cache serves most of it."""

    weight = 70

    @task(3)
    def home(self):
        self.get("/", "read: home")

    @task(4)
    def case_list(self):
        query = {"status": random.choice(["", "open", "closed", *FIXTURES["statuses"]])}
        if random.random() < 0.7:
            query["grid"] = random.choice(FIXTURES["grids"])
        if random.random() < 0.3:
            query["category"] = random.choice(FIXTURES["categories"])[0]
        if random.random() < 0.25:
            query["page"] = random.randint(2, 5)
        self.get("/cases/", "read: case list, filtered", params=query)

    @task(5)
    def case_page(self):
        self.get(f"/cases/{random.choice(FIXTURES['references'])}/", "read: case page")

    @task(2)
    def map_data(self):
        query = {"status": "open"}
        if random.random() < 0.5:
            query["grid"] = random.choice(FIXTURES["grids"])
        self.get("/cases/map/points.json", "read: map data", params=query)

    @task(1)
    def news_section(self):
        self.get(random.choice(FIXTURES["news"]["sections"]), "read: news section")

    @task(2)
    def news_article(self):
        self.get(random.choice(FIXTURES["news"]["articles"]), "read: news article")

    @task(1)
    def search(self):
        self.get("/search/", "read: search", params={"q": random.choice(FIXTURES["search"])})


class Resident(Person):
    """Signed in: reports with a photo, follows cases, evaluates a repair, reads their reports."""

    weight = 15

    def on_start(self):
        self.new_person()

    def new_person(self):
        """The next account and address (per-person limits are not what the run measures)."""
        super().on_start()
        self.client.cookies.clear()
        residents = FIXTURES["residents"]
        self.signed_in(residents[self.person % len(residents)]["session"])
        self.reports = 0

    def form_token(self, response) -> str | None:
        return _match(CSRF, response.text) if response.status_code == 200 else None

    @task(3)
    def report(self):
        form = self.get("/report/", "resident: report form")
        token, key = self.form_token(form), _match(REPORT_KEY, form.text)
        if not token or not key:
            return
        category_id, _code = random.choice(FIXTURES["categories"])
        latitude, longitude = random.choice(FIXTURES["points"])
        response = self.post(
            "/report/",
            "resident: report with a photo",
            data={
                "csrfmiddlewaretoken": token,
                "idempotency_key": key,
                "category": category_id,
                "urgency": "routine",
                "title": "井盖破损 / broken manhole cover",
                "description": "The manhole cover outside No. 12 is cracked and rocks underfoot.",
                "latitude": latitude,
                "longitude": longitude,
                "address": "No. 12",
            },
            files={"photos": ("photo.jpg", PHOTO, "image/jpeg")},
            headers={"Referer": f"{self.host}/report/"},
        )
        reference = _match(REFERENCE, response.headers.get("Location", ""))
        if response.status_code == 302 and reference:
            created.append((reference, True))
            self.get(f"/cases/{reference}/", "resident: own case page")
        self.reports += 1
        if self.reports >= REPORTS_PER_ACCOUNT:
            self.new_person()

    @task(2)
    def follow(self):
        reference = random.choice(FIXTURES["open_references"])
        page = self.get(f"/cases/{reference}/", "resident: case page (signed in)")
        token = self.form_token(page)
        if token:
            self.post(
                f"/cases/{reference}/follow/",
                "resident: follow",
                data={"csrfmiddlewaretoken": token, "follow": "1"},
                headers={"Referer": f"{self.host}/cases/{reference}/"},
            )

    @task(1)
    def evaluate(self):
        """As the reporter of a resolved case (each is evaluated once, by its own reporter)."""
        try:
            session, reference = next(_evaluations)
        except StopIteration:
            return
        own = self.session
        self.signed_in(session)
        try:
            url = f"/cases/{reference}/evaluate/"
            token = self.form_token(self.get(url, "resident: evaluation form"))
            if token:
                self.post(
                    url,
                    "resident: evaluate",
                    data={
                        "csrfmiddlewaretoken": token,
                        "rating": random.choice(["satisfied", "basically_satisfied"]),
                        "comment": "Fixed quickly, thank you.",
                    },
                    headers={"Referer": f"{self.host}{url}"},
                )
        finally:
            self.signed_in(own)

    @task(2)
    def my_reports(self):
        self.get("/my-reports/", "resident: my reports")


class Staff(Person):
    """Every other staff user is a dispatcher (the centre's queue) or department staff (the
    department's inbox)."""

    weight = 10

    def on_start(self):
        super().on_start()
        n = next(_staff)
        self.dispatcher = n % 2 == 0 or not FIXTURES["department_staff"]
        sessions = FIXTURES["dispatchers"] if self.dispatcher else FIXTURES["department_staff"]
        self.signed_in(sessions[n // 2 % len(sessions)])

    @task
    def work(self):
        if self.dispatcher:
            self.dispatch()
        else:
            self.accept()

    def dispatch(self):
        queue = self.get("/admin/cases/queue/", "staff: centre queue")
        cases = INSPECT.findall(queue.text) if queue.status_code == 200 else []
        if not cases:
            return
        pk = random.choice(cases[:20])
        self.get(f"/admin/cases/inspect/{pk}/", "staff: case (inspect)")
        self.transition(pk, "dispatch", {"public_message": "Sent to the department."})

    def accept(self):
        inbox = self.get("/admin/cases/", "staff: department inbox")
        self.get(
            "/admin/cases/", "staff: department inbox, filtered", params={"status": "dispatched"}
        )
        cases = INSPECT.findall(inbox.text) if inbox.status_code == 200 else []
        if not cases:
            return
        pk = random.choice(cases)
        self.get(f"/admin/cases/inspect/{pk}/", "staff: case (inspect)")
        self.transition(pk, "accept", {"public_message": "We are on it."})

    def transition(self, pk: str, action: str, fields: dict):
        """The action's form, then its POST; a refusal (the case moved on meanwhile, or is not in
        the right state) is a redirect with a message, as for a person."""
        url = f"/admin/cases/{pk}/{action}/"
        form = self.get(url, f"staff: {action} form", expect=(200, 302))
        if form.status_code != 200:
            return
        token, version = _match(CSRF, form.text), _match(VERSION, form.text)
        department = re.search(r'<option value="(\d+)" selected', form.text)
        data = {"csrfmiddlewaretoken": token, "version": version, **fields}
        if department:
            data["department"] = department.group(1)
        self.post(url, f"staff: {action}", data=data, headers={"Referer": f"{self.host}{url}"})


class Open311Client(Person):
    """An app on the GeoReport v2 API, with its key."""

    weight = 5

    @task(3)
    def request_list(self):
        self.get("/open311/v2/requests.json", "open311: GET requests")

    @task(2)
    def request_list_filtered(self):
        _pk, code = random.choice(FIXTURES["categories"])
        self.get(
            "/open311/v2/requests.json",
            "open311: GET requests, filtered",
            params={"service_code": code, "status": "open"},
        )

    @task(2)
    def request_detail(self):
        reference = random.choice(FIXTURES["references"])
        self.get(f"/open311/v2/requests/{reference}.json", "open311: GET one request")

    @task(1)
    def services(self):
        self.get("/open311/v2/services.json", "open311: GET services")

    @task(2)
    def create(self):
        _pk, code = random.choice(FIXTURES["categories"])
        latitude, longitude = random.choice(FIXTURES["points"])
        with_photo = random.random() < 0.5
        response = self.post(
            "/open311/v2/requests.json",
            "open311: POST request" + (" with a photo" if with_photo else ""),
            expect=(200, 201),
            data={
                "api_key": FIXTURES["api_key"],
                "service_code": code,
                "lat": latitude,
                "long": longitude,
                "description": "A street light has been out for three nights.",
                "email": "app-user@example.org",
            },
            files={"media": ("photo.jpg", PHOTO, "image/jpeg")} if with_photo else None,
        )
        if response.status_code in (200, 201):
            try:
                created.append((response.json()[0]["service_request_id"], with_photo))
            except (ValueError, KeyError, IndexError):
                response.failure("no service_request_id in the answer")


def _figures(entry: StatsEntry, seconds: float) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.num_requests / seconds if seconds else 0,
        "p50": entry.get_response_time_percentile(0.5),
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "max": entry.max_response_time,
    }


started = time.time()


@events.test_start.add_listener
def _started(environment, **kwargs):
    global started
    started = time.time()


@events.quitting.add_listener
def _write_result(environment, **kwargs):
    """Locust's own figures per kind of request, merged per group, and the case numbers."""
    stats = environment.stats
    seconds = max(1.0, (stats.total.last_request_timestamp or time.time()) - started)
    kinds, groups = {}, {}
    for (name, _method), entry in sorted(stats.entries.items()):
        kinds[name] = _figures(entry, seconds)
        group = name.split(":")[0]
        if name == "resident: report with a photo":
            group = "report"
        elif group == "resident":
            group = "resident"
        merged = groups.setdefault(
            group, StatsEntry(stats, group, "", use_response_times_cache=False)
        )
        merged.extend(entry)
    RESULT.write_text(
        json.dumps(
            {
                "seconds": seconds,
                "kinds": kinds,
                "groups": {name: _figures(entry, seconds) for name, entry in groups.items()},
                "total": _figures(stats.total, seconds),
                "errors": [
                    {"name": e.name, "error": str(e.error), "count": e.occurrences}
                    for e in stats.errors.values()
                ],
                "statuses": statuses,
                "created": created,
                "people": next(_people) - PEOPLE_FROM,
            }
        )
    )
