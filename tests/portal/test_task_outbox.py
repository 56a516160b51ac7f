"""A task asked for while the broker (Redis) is unreachable is kept, then handed over later."""

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from portal import tasks
from portal.models import PendingTask

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
RAN = []


def remember(*args):
    RAN.append(args)


@pytest.fixture(autouse=True)
def _forget():
    RAN.clear()


def test_the_write_succeeds_and_the_task_waits_while_the_broker_is_down(monkeypatch):
    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks, "async_task", down)
    tasks.enqueue_on_commit("tests.portal.test_task_outbox.remember", 7, "x")

    (pending,) = PendingTask.objects.all()
    assert (pending.func, pending.args, pending.name) == (
        "tests.portal.test_task_outbox.remember",
        [7, "x"],
        "remember:7:x",
    )
    assert RAN == []

    # Still down: nothing is lost and nothing runs.
    assert tasks.enqueue_pending() == 0
    assert PendingTask.objects.count() == 1

    # Back: handed over once, and run (tasks run inline in the test settings).
    monkeypatch.undo()
    assert tasks.enqueue_pending() == 1
    assert RAN == [(7, "x")]
    assert not PendingTask.objects.exists()
    assert tasks.enqueue_pending() == 0
    assert RAN == [(7, "x")], "a task handed over is not handed over again"
