"""/healthz and /readyz, as a load balancer sees them; the 503 page while the database is down."""

import socket

from django.db import OperationalError, connections
from django.test import Client

import pytest
import redis

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port nothing listens on (taken from the OS, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def balancer():
    """A load balancer: asks by address, over plain HTTP, with no cookies."""
    return Client(HTTP_HOST="10.0.0.7", raise_request_exception=False)


def test_healthz_answers_without_touching_the_database(balancer, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = balancer.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_is_ok_when_every_part_answers(balancer):
    response = balancer.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failing": []}
    assert response["Cache-Control"] == "no-store"


def test_readyz_names_the_database_when_it_cannot_be_reached(balancer, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused: db.internal:5432")

    monkeypatch.setattr(connections["default"], "cursor", refuse)

    response = balancer.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["database"]}
    assert b"db.internal" not in response.content, "no host names for anonymous callers"


def test_readyz_names_the_cache_when_redis_is_down(balancer, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }

    response = balancer.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_readyz_names_the_broker_when_it_cannot_be_reached(balancer, monkeypatch):
    import django_q.brokers
    from django_q.brokers.redis_broker import Redis

    broker = Redis()
    broker.connection = redis.from_url(f"redis://127.0.0.1:{closed_port()}/0")
    monkeypatch.setattr(django_q.brokers, "get_broker", lambda *args: broker)

    response = balancer.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


def test_a_page_gets_the_translated_503_while_the_database_is_down(monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connections["default"], "cursor", down)
    browser = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="zh-hans")

    response = browser.get("/cases/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "暂时无法使用" in page
    assert "Traceback" not in page and "server closed" not in page


def test_other_errors_stay_500(monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(connection, "cursor", broken)
    response = Client(raise_request_exception=False).get("/cases/")

    assert response.status_code == 500


def test_readyz_names_the_storage_when_the_bucket_cannot_be_reached(balancer, settings):
    from botocore.config import Config

    settings.STORAGES = {
        **settings.STORAGES,
        "case_files": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "endpoint_url": f"http://127.0.0.1:{closed_port()}",
                "bucket_name": "case-files",
                "access_key": "key",
                "secret_key": "secret",
                "region_name": "us-east-1",
                "client_config": Config(connect_timeout=1, retries={"max_attempts": 1}),
            },
        },
    }

    response = balancer.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]
