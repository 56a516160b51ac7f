"""The one way the apps hand work to the task worker (django-q2).

Every task is enqueued after the transaction that asked for it commits, so the worker never sees
a row that was rolled back, and a failed write starts nothing. Tasks must be safe to run twice.
"""

from django.db import transaction

from django_q.tasks import async_task


def enqueue_on_commit(task: str, *args) -> None:
    """Run `task` ("app.tasks.function") with `args` in the worker once the current transaction
    commits (at once outside a transaction). The task's name says what and for which object,
    e.g. ``case_receipt:42``, for the worker's admin screens."""
    name = f"{task.rsplit('.', 1)[-1]}:{':'.join(map(str, args))}"
    transaction.on_commit(lambda: async_task(task, *args, task_name=name))
