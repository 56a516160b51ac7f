"""`manage.py qcluster` is the portal's: the cluster's processes leave SIGTERM to their master,
so SIGTERM to the whole process group (systemd's default KillMode) stops the cluster as Ctrl-C
does, instead of killing workers mid-task and leaving the master asleep; and a worker that dies
makes way for a new cluster rather than leave the shared task queue locked. The worker-stop and
worker-kill drills of `make drill` do both to a real cluster."""

import signal
from multiprocessing import Event
from types import SimpleNamespace

from django.core.management import get_commands

import pytest
from django_q import cluster

from portal.management.commands.qcluster import RESTART_STATUS, Command, Sentinel


@pytest.fixture
def sigterm_restored():
    before = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, before)


def test_manage_py_qcluster_is_the_portals():
    assert get_commands()["qcluster"] == "portal"


def test_the_sentinel_and_what_it_starts_ignore_sigterm(sigterm_restored):
    Sentinel(Event(), Event(), "cluster-id", broker=SimpleNamespace(list_key="q"), start=False)

    assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN


class FakeSentinelProcess:
    def __init__(self, exitcode):
        self.exitcode = exitcode

    def join(self):
        pass


def fake_clusters(monkeypatch, exitcodes):
    """Clusters whose sentinel exits with each of `exitcodes` in turn (None: stopped by a
    signal, as Cluster.stop leaves it); records the Sentinel class each started."""
    started = []

    class FakeCluster:
        def start(self):
            started.append(cluster.Sentinel)
            code = exitcodes[len(started) - 1]
            self.sentinel = FakeSentinelProcess(code)
            self.stop_event = None if code is None else object()

    monkeypatch.setattr(cluster, "Sentinel", cluster.Sentinel)
    monkeypatch.setattr(cluster, "Cluster", FakeCluster)
    return started


def test_the_command_starts_the_portals_sentinel_and_ends_when_stopped(monkeypatch):
    started = fake_clusters(monkeypatch, [None])

    Command().handle(run_once=False, cluster_name=None)

    assert started == [Sentinel]


def test_a_cluster_that_gave_up_is_followed_by_a_new_one(monkeypatch):
    started = fake_clusters(monkeypatch, [RESTART_STATUS, RESTART_STATUS, None])

    Command().handle(run_once=False, cluster_name=None)

    assert len(started) == 3


def test_a_cluster_that_crashed_otherwise_ends_the_command(monkeypatch):
    """Its supervisor (systemd's Restart=) decides, as with django-q2's command."""
    started = fake_clusters(monkeypatch, [1, None])

    Command().handle(run_once=False, cluster_name=None)

    assert len(started) == 1


def fake_process(timer, alive, calls, name="worker"):
    return SimpleNamespace(
        name=name,
        timer=SimpleNamespace(value=timer),
        is_alive=lambda: alive,
        kill=lambda: calls.append(f"kill {name}"),
    )


@pytest.fixture
def sentinel(monkeypatch):
    """A sentinel without processes of its own; django-q2's reincarnate only records a call."""
    calls = []
    monkeypatch.setattr(
        cluster.Sentinel, "reincarnate", lambda self, process: calls.append("new worker")
    )

    def exit_(status):
        calls.append(f"exit {status}")
        raise SystemExit(status)

    monkeypatch.setattr("portal.management.commands.qcluster.os._exit", exit_)
    sentinel = Sentinel.__new__(Sentinel)
    sentinel.calls = calls
    return sentinel


def test_a_worker_past_its_timeout_is_killed_since_it_ignores_sigterm(sentinel):
    worker = fake_process(0, True, sentinel.calls)
    sentinel.pool = [worker]
    sentinel.monitor = sentinel.pusher = None

    sentinel.reincarnate(worker)

    assert sentinel.calls == ["kill worker", "new worker"]


def test_a_recycled_worker_is_replaced_as_usual(sentinel):
    worker = fake_process(-2, False, sentinel.calls)
    sentinel.pool = [worker]

    sentinel.reincarnate(worker)

    assert sentinel.calls == ["new worker"]


@pytest.mark.parametrize("timer", [-1, 5], ids=["idle", "busy"])
def test_a_worker_that_died_makes_the_sentinel_give_up_its_processes(sentinel, timer):
    dead = fake_process(timer, False, sentinel.calls, "dead")
    other = fake_process(-1, True, sentinel.calls, "other")
    sentinel.pool = [dead, other]
    sentinel.monitor = fake_process(-1, True, sentinel.calls, "monitor")
    sentinel.pusher = fake_process(-1, True, sentinel.calls, "pusher")

    with pytest.raises(SystemExit):
        sentinel.reincarnate(dead)

    assert sentinel.calls == [
        "kill other",
        "kill monitor",
        "kill pusher",
        f"exit {RESTART_STATUS}",
    ]
