"""`make cluster-check`: the several-machine layout of deploy/README.md, brought up on this one.

- a private PostgreSQL primary and a streaming replica of it (pg_basebackup), never the machine's
  shared server;
- a private Redis (cache, rate limits, task broker) and moto's S3 server (media and case files in
  two buckets);
- two web "nodes" (gunicorn on two ports, each with its own files folder, a task worker each),
  reading anonymous pages from the replica (DATABASE_REPLICA_URL);
- nginx (the Debian package) in front of both, as deploy/nginx/portal.conf (without TLS).

Then it proves, printing PASS/FAIL each and `N passed, N failed` last:
- a report made through node 1 is seen from node 2, with its photo (shared storage);
- an anonymous reader of node 2 is served from the replica;
- a rate limit is shared between the nodes (the Open311 API's, per address, set low here);
- a page cache entry is emptied on both nodes by a change made through one;
- a short load through nginx (bench/load.py's mix) has no failed request and loses nothing.

    .venv/bin/python bench/cluster_check.py [--seconds 20] [--users 6] [--keep-files]
"""

import argparse
import contextlib
import json
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import (  # noqa: E402
    REPO,
    Portal,
    PrivatePostgres,
    PrivateRedis,
    _pg_bin,
    _wait_for,
    free_port,
)

OPEN311_LIMIT = 10
# The primary's data folder after migrate + seed_demo, kept between runs under a key of the
# migrations and the demo (the demo's files are not kept: the checks make their own).
CACHE_DIR = REPO / "var" / "cluster-cache"
MEDIA_BUCKET = "cluster-media"
CASE_FILES_BUCKET = "cluster-case-files"
REFERENCE = re.compile(r"/cases/(WZ-\d{4}-\d{6,})/")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPORT_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
FILE_LINK = re.compile(r"/cases/files/(\d+)/")


def cache_key() -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(REPO.glob("*/migrations/*.py")) + sorted(REPO.glob("*/demo*.py")):
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class PrivateReplica(PrivatePostgres):
    """A hot standby of `primary`, copied with pg_basebackup and following it by streaming."""

    def __init__(self, root: Path, primary: PrivatePostgres):
        super().__init__(root)
        self.primary = primary

    def _initdb(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if self._account:
            import os

            self._open_way()
            for path in (self.root, self.socket_dir):
                os.chown(path, self._account.pw_uid, self._account.pw_gid)
        self._run(
            _pg_bin("pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.primary.port),
            "-U",
            "postgres",
            "-D",
            str(self.pgdata),
            "-R",  # standby.signal and the primary's address: it starts as a replica
            "-X",
            "stream",
            "--no-sync",
        )
        with (self.pgdata / "postgresql.conf").open("a") as conf:
            # Every statement in its log: the check below reads which queries the replica ran.
            conf.write(
                f"\nunix_socket_directories = '{self.socket_dir}'\nhot_standby = on\n"
                "log_statement = 'all'\n"
            )

    def _create_database(self) -> None:
        """Read-only: the database comes from the primary."""

    def lag_bytes(self) -> int:
        import psycopg

        with psycopg.connect(self.primary.admin_url) as conn:
            row = conn.execute(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication"
            ).fetchone()
        return int(row[0]) if row and row[0] is not None else -1


class MotoS3(contextlib.AbstractContextManager):
    """moto's S3 server on a free port, with the two buckets."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process = None

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        log = (self.root / "moto.log").open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_for(self._up, 60, "moto's S3 server answering")
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="cluster",
            aws_secret_access_key="cluster-secret",
        )
        for bucket in (MEDIA_BUCKET, CASE_FILES_BUCKET):
            client.create_bucket(Bucket=bucket)
        self.client = client

    def _up(self) -> bool:
        try:
            urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1).close()
            return True
        except OSError:
            return False

    def count(self, bucket: str) -> int:
        return self.client.list_objects_v2(Bucket=bucket).get("KeyCount", 0)

    def __exit__(self, *exc) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)


class Nginx(contextlib.AbstractContextManager):
    """nginx in front of the web nodes, as deploy/nginx/portal.conf but on plain HTTP."""

    def __init__(self, root: Path, upstream_ports: list[int]):
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.upstream_ports = upstream_ports
        self._process = None

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        servers = "\n".join(f"        server 127.0.0.1:{port};" for port in self.upstream_ports)
        temp = self.root / "temp"
        temp.mkdir(parents=True, exist_ok=True)
        conf = self.root / "nginx.conf"
        conf.write_text(
            f"""user root;
worker_processes 1;
daemon off;
pid {self.root / "nginx.pid"};
error_log {self.root / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    access_log {self.root / "access.log"};
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    upstream portal_web {{
        least_conn;
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{self.port};
        client_max_body_size 80m;
        location / {{
            proxy_pass http://portal_web;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
"""
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._process = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(self.root)],
            stdout=(self.root / "nginx.out").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_for(lambda: _status(f"{self.url}/healthz") == 200, 30, "nginx answering")

    def __exit__(self, *exc) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Browser:
    """A person's browser on one node: cookies, CSRF, no redirects followed."""

    def __init__(self, base_url: str, session: str | None = None):
        import requests

        self.base_url = base_url
        self.http = requests.Session()
        self.http.headers["Accept-Language"] = "en"
        if session:
            self.http.cookies.set("sessionid", session)

    def get(self, path: str):
        return self.http.get(self.base_url + path, allow_redirects=False, timeout=30)

    def post(self, path: str, data: dict, files=None):
        return self.http.post(
            self.base_url + path,
            data=data,
            files=files,
            allow_redirects=False,
            timeout=60,
            headers={"Referer": self.base_url + path},
        )

    def on(self, base_url: str) -> "Browser":
        """The same person (same cookies) on another node."""
        other = Browser(base_url)
        other.http.cookies.update(self.http.cookies)
        return other


SHELL_FIXTURES = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from participation.models import Category
from participation.selectors import public_cases
from portal.models import User

def session(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

reporter = User.objects.get(email="resident@example.org")
supporter = User.objects.get(email="housekeeper@example.org")
category = (
    Category.objects.filter(is_active=True, public_by_default=True)
    .exclude(attributes__required=True)
    .order_by("pk")
    .first()
)
case = (
    public_cases(status="in_progress")
    .exclude(reporter__in=[reporter, supporter])
    .exclude(supports__user=supporter)
    .first()
)
from shapely.geometry import shape
from participation.models import Grid
inside = shape(Grid.objects.order_by("pk").first().boundary).representative_point()
print(json.dumps({
    "point": [f"{inside.y:.6f}", f"{inside.x:.6f}"],
    "reporter": session(reporter),
    "supporter": session(supporter),
    "category": category.pk,
    "public_case": case.reference,
}))
"""


def photo() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (640, 480), (180, 90, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def check_report_seen_from_other_node(node1, node2, moto, fixtures) -> tuple[bool, str]:
    resident = Browser(node1.base_url, fixtures["reporter"])
    form = resident.get("/report/")
    token, key = CSRF.search(form.text), REPORT_KEY.search(form.text)
    if form.status_code != 200 or not token or not key:
        return False, f"the report form on node 1 answered {form.status_code}"
    before = moto.count(CASE_FILES_BUCKET)
    response = resident.post(
        "/report/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "idempotency_key": key.group(1),
            "category": fixtures["category"],
            "urgency": "routine",
            "title": "Cluster check: broken manhole cover",
            "description": "Reported through node 1, to be seen from node 2.",
            "latitude": fixtures["point"][0],
            "longitude": fixtures["point"][1],
            "address": "No. 1 Cluster Road",
        },
        files={"photos": ("photo.jpg", photo(), "image/jpeg")},
    )
    found = REFERENCE.search(response.headers.get("Location", ""))
    if response.status_code != 302 or not found:
        errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', response.text)
        return False, f"the report through node 1 answered {response.status_code} {errors[:3]}"
    reference = found.group(1)
    page = resident.on(node2.base_url).get(f"/cases/{reference}/")
    if page.status_code != 200:
        return False, f"node 2 answered {page.status_code} for {reference}"
    files = FILE_LINK.findall(page.text)
    if not files:
        return False, f"node 2 shows {reference} without its photo"
    served = resident.on(node2.base_url).get(f"/cases/files/{files[0]}/")
    if served.status_code != 200 or not served.content:
        return False, f"node 2 could not serve the photo ({served.status_code})"
    stored = moto.count(CASE_FILES_BUCKET) - before
    return (
        True,
        f"{reference} reported on node 1, seen with its photo on node 2 "
        f"({stored} new objects in the case-files bucket)",
    )


def check_replica_serves_readers(node1, node2, replica, fixtures) -> tuple[bool, str]:
    """The replica logs every statement it runs: an anonymous reader's case page must appear
    there, a signed-in reader's must not."""
    reference = fixtures["public_case"]

    def replica_ran(action) -> bool:
        """Whether the replica ran a query of the case table during `action` (nothing else
        reads from it meanwhile: the workers and health checks use the primary)."""
        start = replica.log.stat().st_size
        action()
        with replica.log.open("rb") as log:
            log.seek(start)
            return b'FROM "participation_case"' in log.read()

    fresh = f"/cases/{reference}/?fresh={secrets.token_hex(4)}"
    anonymous = replica_ran(lambda: Browser(node2.base_url).get(fresh))
    signed_in = replica_ran(lambda: Browser(node1.base_url, fixtures["reporter"]).get(fresh))
    if not anonymous:
        return False, "an anonymous reader's case page was not read from the replica"
    if signed_in:
        return False, "a signed-in reader's case page was read from the replica"
    return True, "anonymous readers' pages read from the replica, signed-in ones from the primary"


def check_rate_limit_shared(node1, node2) -> tuple[bool, str]:
    for _attempt in range(2):  # a minute boundary may fall in the middle: once more
        clients = [Browser(node1.base_url), Browser(node2.base_url)]
        first_refused = None
        for n in range(1, 2 * OPEN311_LIMIT + 3):
            response = clients[n % 2].get("/open311/v2/services.json")
            if response.status_code == 429:
                first_refused = n
                break
        if first_refused == OPEN311_LIMIT + 1:
            return True, (
                f"{OPEN311_LIMIT} requests allowed across both nodes, the next refused "
                f"(on node {2 - first_refused % 2})"
            )
        time.sleep(61 - time.time() % 60)  # the next minute's window
    return False, f"first refusal at request {first_refused}, not {OPEN311_LIMIT + 1}"


SUPPORTERS = re.compile(r"Also affected</dt><dd>(\d+)")


def check_page_cache_emptied_on_both(node1, node2, replica, fixtures) -> tuple[bool, str]:
    reference = fixtures["public_case"]
    readers = [Browser(node1.base_url), Browser(node2.base_url)]
    before = [reader.get(f"/cases/{reference}/") for reader in readers]
    counts = [int(m.group(1)) if (m := SUPPORTERS.search(page.text)) else 0 for page in before]
    if len(set(counts)) != 1:
        return False, f"the nodes disagreed before the change: {counts}"
    supporter = Browser(node1.base_url, fixtures["supporter"])
    page = supporter.get(f"/cases/{reference}/")
    token = CSRF.search(page.text)
    response = supporter.post(
        f"/cases/{reference}/support/", data={"csrfmiddlewaretoken": token.group(1)}
    )
    if response.status_code not in (302, 303):
        return False, f"supporting through node 1 answered {response.status_code}"
    _wait_for(lambda: replica.lag_bytes() == 0, 10, "the replica catching up")
    after = [reader.get(f"/cases/{reference}/") for reader in readers]
    now = [int(m.group(1)) if (m := SUPPORTERS.search(page.text)) else 0 for page in after]
    expected = counts[0] + 1
    if now != [expected, expected]:
        return False, f"after a support through node 1 the nodes show {now}, not {expected}"
    return True, f"both nodes' cached case page went from {counts[0]} to {expected} supporters"


def short_load(nginx_url: str, node: Portal, root: Path, seconds: int, users: int):
    """bench/load.py's mix, through nginx."""
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "load.py"),
            "--through",
            nginx_url,
            "--stack-root",
            str(node.root),
            "--users",
            str(users),
            "--seconds",
            str(seconds),
        ],
        capture_output=True,
        text=True,
        env=node.env,
    )
    (root / "load.out").write_text(result.stdout + result.stderr)
    return result.returncode == 0, result.stdout.strip().splitlines()[-1:] or ["no output"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--keep-files", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    (REPO / "var").mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="cluster-", dir=REPO / "var"))
    results: list[tuple[str, bool, str]] = []

    def record(name, outcome):
        ok, detail = outcome
        results.append((name, ok, detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)

    with contextlib.ExitStack() as stack:
        primary = stack.enter_context(PrivatePostgres(root / "primary"))
        template = CACHE_DIR / cache_key() / "pgdata"
        seeded = template.exists()
        if seeded:
            primary.copy_from(template)
        primary.start()
        replica = stack.enter_context(PrivateReplica(root / "replica", primary))
        replica.start()
        redis = stack.enter_context(PrivateRedis(root / "redis"))
        redis.start()
        moto = stack.enter_context(MotoS3(root / "moto"))
        moto.start()
        shared = {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_REPLICA_URL": replica.url,
            "MEDIA_STORAGE": "s3",
            "CASE_FILES_STORAGE": "s3",
            "S3_ENDPOINT_URL": moto.url,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "cluster",
            "S3_SECRET_ACCESS_KEY": "cluster-secret",
            "S3_ADDRESSING_STYLE": "path",
            "S3_MEDIA_BUCKET": MEDIA_BUCKET,
            "S3_CASE_FILES_BUCKET": CASE_FILES_BUCKET,
            "OPEN311_ANONYMOUS_RATE_LIMIT": str(OPEN311_LIMIT),
        }
        nodes = [
            stack.enter_context(
                Portal(
                    root / name,
                    database_url=primary.url,
                    redis_url=redis.url,
                    web_workers=1,
                    q_workers=1,
                    env=shared,
                )
            )
            for name in ("node1", "node2")
        ]
        node1, node2 = nodes
        if seeded:
            node1.prepare(migrate=False)
        else:
            print("Preparing the database on the primary (migrate, the demo town)…", flush=True)
            node1.prepare()
            node1.manage("seed_demo")
            shutil.rmtree(CACHE_DIR, ignore_errors=True)  # older keys
            primary.save_as(template)
            primary.start()
        fixtures = json.loads(
            node1.manage("shell", "-c", SHELL_FIXTURES).stdout.strip().splitlines()[-1]
        )
        for node in nodes:
            node.start_web()
            node.start_worker()
        nginx = stack.enter_context(Nginx(root / "nginx", [node.port for node in nodes]))
        nginx.start()
        for node in nodes:
            node.wait_ready()
        print(
            f"Up in {time.monotonic() - started:.0f} s: nginx {nginx.url} → "
            f"{node1.base_url}, {node2.base_url}",
            flush=True,
        )

        record(
            "a report made through node 1 is seen from node 2",
            check_report_seen_from_other_node(node1, node2, moto, fixtures),
        )
        record(
            "anonymous readers are served from the replica",
            check_replica_serves_readers(node1, node2, replica, fixtures),
        )
        record("a rate limit is shared between the nodes", check_rate_limit_shared(node1, node2))
        record(
            "a page cache entry is emptied on both nodes",
            check_page_cache_emptied_on_both(node1, node2, replica, fixtures),
        )
        ok, lines = short_load(nginx.url, node1, root, args.seconds, args.users)
        record(f"a {args.seconds} s load through nginx", (ok, " ".join(lines)))

    if not args.keep_files:
        shutil.rmtree(root, ignore_errors=True)
    passed = sum(1 for _, ok, _ in results if ok)
    print(f"\nCluster check in {time.monotonic() - started:.0f} s.")
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
