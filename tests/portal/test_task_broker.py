"""The task queue on Redis (portal.brokers.ReliableRedis) against a real redis-server of the
test's own: a task a dead worker held is handed out again once its lease ends; an acknowledged
one never is. The worker-kill drill of `make drill` shows the same with real processes."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django_q.conf import Conf

from portal.brokers import ReliableRedis


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    assert server, "redis-server is needed for these tests (apt-get install redis-server)"
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path_factory.mktemp("redis"),
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait()


@pytest.fixture
def broker(redis_url, monkeypatch):
    monkeypatch.setattr(Conf, "REDIS", redis_url)
    monkeypatch.setattr(Conf, "DJANGO_REDIS", None)
    monkeypatch.setattr(Conf, "POLL", 0)
    broker = ReliableRedis(list_key="test-broker")
    broker.delete_queue()
    yield broker
    broker.delete_queue()


def take(broker):
    tasks = broker.dequeue()
    return tasks[0] if tasks else None


def test_a_task_is_handed_out_once_while_its_lease_runs(broker):
    broker.enqueue("task-1")

    ack_id, task = take(broker)

    assert task == b"task-1"
    assert take(broker) is None
    assert broker.lock_size() == 1
    assert broker.reclaim(time.time() + Conf.RETRY - 1) == 0


def test_a_task_whose_worker_died_is_handed_out_again_when_its_lease_ends(broker):
    broker.enqueue("task-1")
    broker.enqueue("task-2")
    take(broker)  # taken by a worker that is then killed: never acknowledged

    assert broker.reclaim(time.time() + Conf.RETRY + 1) == 1

    # Back at the head of the queue, before the tasks that waited behind it.
    assert take(broker)[1] == b"task-1"
    assert take(broker)[1] == b"task-2"


def test_an_acknowledged_task_is_never_handed_out_again(broker):
    broker.enqueue("task-1")
    ack_id, _task = take(broker)

    broker.acknowledge(ack_id)

    assert broker.lock_size() == 0
    assert broker.reclaim(time.time() + Conf.RETRY + 1) == 0
    assert take(broker) is None


def test_a_task_that_cannot_be_read_is_dropped(broker):
    broker.enqueue("not-signed")
    ack_id, _task = take(broker)

    broker.fail(ack_id)

    assert broker.reclaim(time.time() + Conf.RETRY + 1) == 0
    assert broker.queue_size() == 0


def test_the_queue_survives_being_passed_to_another_process(broker):
    """The cluster hands its broker to the processes it starts (pickled where it cannot fork)."""
    import pickle

    copy = pickle.loads(pickle.dumps(broker))
    broker.enqueue("task-1")

    ack_id, task = take(copy)
    copy.acknowledge(ack_id)

    assert task == b"task-1"
    assert broker.lock_size() == 0
