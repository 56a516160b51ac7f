"""The one way the apps hand work to the task worker (django-q2).

Every task is enqueued after the transaction that asked for it commits, so the worker never sees
a row that was rolled back, and a failed write starts nothing. Tasks must be safe to run twice.

If the broker (Redis) is unreachable at that moment, the task is kept in the database
(`PendingTask`) and handed over again by the scheduler once the broker answers: the request that
asked for it still succeeds, and nothing is lost.
"""

import logging

from django.db import transaction

from django_q.tasks import async_task
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from . import request_log

logger = logging.getLogger(__name__)

# What Redis raises when it cannot be reached (redis-py wraps refused and dropped sockets).
BROKER_ERRORS = (RedisConnectionError, RedisTimeoutError)


def enqueue_on_commit(task: str, *args) -> None:
    """Run `task` ("app.tasks.function") with `args` in the worker once the current transaction
    commits (at once outside a transaction). The task's name says what and for which object,
    e.g. ``case_receipt:42``, for the worker's admin screens."""
    name = f"{task.rsplit('.', 1)[-1]}:{':'.join(map(str, args))}"
    transaction.on_commit(lambda: _hand_over(task, list(args), name))


def _hand_over(task: str, args: list, name: str) -> None:
    try:
        async_task(task, *args, task_name=name)
    except BROKER_ERRORS:
        from .models import PendingTask

        logger.warning("Broker unreachable; %s kept to enqueue again later", name)
        PendingTask.objects.create(
            func=task, args=args, name=name, request_id=request_log.current_request_id()
        )


def enqueue_pending(batch: int = 500) -> int:
    """Hand the tasks kept during a broker outage to the broker, oldest first (scheduled every
    minute). Returns how many were handed over; stops at the first that the broker refuses."""
    from .models import PendingTask

    handed = 0
    for pending in PendingTask.objects.all()[:batch]:
        with request_log.request_id_set(pending.request_id):
            try:
                async_task(pending.func, *pending.args, task_name=pending.name)
            except BROKER_ERRORS:
                logger.warning(
                    "Broker still unreachable; %s tasks wait", PendingTask.objects.count()
                )
                break
        pending.delete()
        handed += 1
    return handed
