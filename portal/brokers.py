"""The task queue on Redis, without losing a task when a worker dies (Q_CLUSTER["broker_class"]).

django-q2's own Redis broker pops a task off the list and forgets it: a worker killed while it
runs the task (the OOM killer, `kill -9`, a machine that stops), or a cluster killed with tasks
fetched but not yet run, loses them for good. Here taking a task also leases it, in one step,
until the cluster acknowledges it (after the task succeeded, or failed `max_attempts` times).
A lease that runs out — Q_CLUSTER["retry"] seconds after the task was taken — puts the task back
at the head of the queue, so another worker runs it: at least once, never lost. Tasks are
written to be safe to run twice (portal.tasks), which is what makes this safe.

As with django-q2's ORM broker, a failed task is tried again after `retry` seconds, up to
`max_attempts` times. `retry` must exceed `timeout` plus the time a task can wait in a cluster's
own queue (`queue_limit` tasks are fetched ahead), or a slow task runs a second time meanwhile.
"""

import time

from django_q.brokers.redis_broker import Redis
from django_q.conf import Conf

# Take the oldest task and lease it until ARGV[1], atomically: nothing dies between the two.
TAKE = """
local task = redis.call('LPOP', KEYS[1])
if task then
    redis.call('ZADD', KEYS[2], ARGV[1], task)
end
return task
"""
# Put tasks whose lease ended before ARGV[1] back at the head of the queue, oldest first.
RECLAIM = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 100)
for i = #expired, 1, -1 do
    redis.call('ZREM', KEYS[2], expired[i])
    redis.call('LPUSH', KEYS[1], expired[i])
end
return #expired
"""
# How often a cluster looks for ended leases while it fetches tasks.
RECLAIM_EVERY_SECONDS = 5


class ReliableRedis(Redis):
    def __init__(self, list_key: str | None = None):
        super().__init__(list_key=list_key)
        self._prepare()

    def __setstate__(self, state):
        super().__setstate__(state)
        self._prepare()

    def _prepare(self) -> None:
        self.lease_key = f"{self.list_key}:leased"
        self._take = self.connection.register_script(TAKE)
        self._reclaim = self.connection.register_script(RECLAIM)
        self._next_reclaim = 0.0

    def dequeue(self):
        now = time.time()
        if now >= self._next_reclaim:
            self.reclaim(now)
            self._next_reclaim = now + RECLAIM_EVERY_SECONDS
        task = self._take(keys=[self.list_key, self.lease_key], args=[now + Conf.RETRY])
        if task:
            return [(task, task)]
        # Nothing to do: wait as the ORM broker does, rather than asking Redis in a busy loop.
        time.sleep(Conf.POLL)
        return None

    def reclaim(self, now: float | None = None) -> int:
        """Put the tasks whose lease ended back in the queue; how many there were."""
        now = time.time() if now is None else now
        return self._reclaim(keys=[self.list_key, self.lease_key], args=[now])

    def acknowledge(self, task_id):
        self.connection.zrem(self.lease_key, task_id)

    def fail(self, task_id):
        # A task that cannot be read (a bad signature) will not get better: drop it.
        self.acknowledge(task_id)

    def delete(self, task_id):
        self.acknowledge(task_id)

    def lock_size(self) -> int:
        return self.connection.zcard(self.lease_key)

    def delete_queue(self):
        self.connection.delete(self.lease_key)
        return super().delete_queue()

    def purge_queue(self):
        self.connection.delete(self.lease_key)
        return super().purge_queue()
