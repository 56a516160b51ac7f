"""One JSON line per request, with a request id that the tasks it enqueues carry."""

import json
import logging

from django.test import Client

import pytest

from portal import request_log, tasks
from portal.request_log import JsonFormatter

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.addFilter(request_log.RequestIdFilter())
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def log_lines():
    handler = Lines()
    loggers = [logging.getLogger("portal.requests"), logging.getLogger("tests.task")]
    saved = [(each, each.level) for each in loggers]
    for each in loggers:
        each.addHandler(handler)
        each.setLevel(logging.INFO)
    yield handler.lines
    for each, level in saved:
        each.removeHandler(handler)
        each.setLevel(level)


def test_a_request_writes_one_line_with_its_id_user_status_and_duration(
    client, log_lines, make_user
):
    user = make_user(email="resident@example.org")
    client.force_login(user)

    response = client.get("/account/profile/?tab=secret-search")

    (line,) = log_lines
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) >= 8
    assert line["method"] == "GET"
    assert line["path"] == "/account/profile/", "no query string in the log"
    assert line["status"] == 200
    assert line["user_id"] == user.pk
    assert isinstance(line["duration_ms"], float)
    assert "resident@example.org" not in json.dumps(line), "never an email address"


def test_an_anonymous_request_has_no_user_and_health_checks_write_nothing(log_lines):
    browser = Client()
    browser.get("/healthz")
    browser.get("/no-such-page/")

    (line,) = log_lines
    assert line["status"] == 404
    assert line["user_id"] is None


def test_the_proxy_request_id_is_kept_when_well_formed(log_lines):
    kept = Client(HTTP_X_REQUEST_ID="edge-0123456789abcdef").get("/healthz")
    replaced = Client(HTTP_X_REQUEST_ID="bad id\nforged").get("/healthz")

    assert kept["X-Request-ID"] == "edge-0123456789abcdef"
    assert replaced["X-Request-ID"] != "bad id\nforged"
    assert "\n" not in replaced["X-Request-ID"]


def log_from_task():
    logging.getLogger("tests.task").info("task ran")


def test_a_task_enqueued_by_a_request_logs_with_the_request_id(
    log_lines, django_capture_on_commit_callbacks, monkeypatch
):
    import django_q.tasks

    original = django_q.tasks._sync

    def in_a_worker(pack):
        # As in the worker process: nothing of the request's context, only the task's package.
        with request_log.request_id_set(""):
            return original(pack)

    monkeypatch.setattr(django_q.tasks, "_sync", in_a_worker)
    with (
        request_log.request_id_set("req-task-0001"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.enqueue_on_commit("tests.portal.test_request_log.log_from_task")

    (line,) = [each for each in log_lines if each["message"] == "task ran"]
    assert line["request_id"] == "req-task-0001"
