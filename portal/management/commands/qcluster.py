"""`manage.py qcluster`: django-q2's command, made to survive two faults of its processes.

1. SIGTERM to every process at once, as systemd (KillMode=control-group) and `kill -TERM -PGID`
   send it. django-q2's master stops its cluster on SIGTERM or SIGINT: it tells the sentinel,
   which stops fetching, lets the workers finish the tasks they hold and exits. The sentinel and
   workers ignore SIGINT (so Ctrl-C in a terminal stops the cluster cleanly) but die at once on
   SIGTERM: a group-wide SIGTERM killed the workers mid-task, and the sentinel while it slept in
   `stop_event.wait()`; the master's `stop_event.set()` then waited for that dead sleeper to wake
   (a multiprocessing Condition counts its sleepers), for ever. Here the sentinel, and so every
   process it starts, ignores SIGTERM too: only the master acts on it.

2. A worker killed (`kill -9`, the OOM killer). The workers share one in-memory task queue; an
   idle worker waits for the next task holding the queue's lock, and one killed then takes the
   lock with it: no worker gets a task again, and the cluster cannot stop. django-q2 only starts
   a new worker. Here the sentinel kills its other processes and exits, and this command starts
   a new cluster; the tasks the old one held are handed out again when their lease ends
   (portal/brokers.py).
"""

import os
import signal

from django.conf import settings

from django_q import cluster
from django_q.conf import logger
from django_q.management.commands import qcluster

# Worker timer values (django_q.worker): 0 after a timeout, -2 when recycled; otherwise a death
# is unexpected.
TIMED_OUT, RECYCLED = 0, -2
# The sentinel's exit status when it gave up its processes for a new cluster.
RESTART_STATUS = 75


class Sentinel(cluster.Sentinel):
    def __init__(self, stop_event, start_event, cluster_id, broker=None, timeout=None, start=True):
        super().__init__(stop_event, start_event, cluster_id, broker, timeout, start=False)
        # django-q2's Sentinel has just set SIGTERM to SIG_DFL; the workers, monitor and pusher
        # it forks inherit this instead.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if start:
            self.start()

    def reincarnate(self, process):
        if process in self.pool:
            if process.timer.value == TIMED_OUT and process.is_alive():
                process.kill()  # django-q2 sends SIGTERM, which the worker ignores
            elif process.timer.value != RECYCLED and not process.is_alive():
                self.restart_cluster(process)
        super().reincarnate(process)

    def restart_cluster(self, dead) -> None:
        logger.critical(
            "Worker %s died unexpectedly; starting a new cluster (the task queue it shared may be "
            "locked). Tasks this cluster held run again when their lease ends.",
            dead.name,
        )
        for process in [*self.pool, self.monitor, self.pusher]:
            if process is not None and process.is_alive():
                process.kill()
        os._exit(RESTART_STATUS)


class Command(qcluster.Command):
    def handle(self, *args, **options):
        if options.get("run_once", False):
            cluster.Sentinel = Sentinel
            return super().handle(*args, **options)
        settings.SECRET_KEY  # noqa: B018 - as django-q2's command: no cluster without a key
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]
        cluster.Sentinel = Sentinel
        while True:
            q = cluster.Cluster()
            q.start()
            q.sentinel.join()
            # Stopped by a signal (Cluster.stop clears its events), or the sentinel gave up.
            if q.stop_event is None or q.sentinel.exitcode != RESTART_STATUS:
                return
            logger.warning("Starting a new cluster after the last one gave up")
