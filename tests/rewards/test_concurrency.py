"""Fifty redemptions at once of a 10-point reward, by one person with 50 points, against a stock
of 3: exactly three succeed, and neither the balance nor the stock ever goes below zero; the
ledger still sums to the balance. Real threads, each with its own database connection, on
whichever database the suite runs on (SQLite and PostgreSQL in CI)."""

import os
import threading

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

import pytest

from rewards import services
from rewards.models import Balance, PointEntry, Redemption, Reward

# A real transaction (threads see each other's commits); serialized_rollback, as for every
# transactional test here, so the migrations' data is there again for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REQUESTS = 50


def test_fifty_redemptions_at_once_never_overspend(make_user):
    person = make_user(email="housekeeper@example.org")
    staff = make_user(email="admin@example.org")
    services.adjust(staff=staff, user=person, points=50, reason="Starting points.")
    reward = Reward.objects.create(
        name="10元话费", name_en="Phone credit", kind="phone_credit", cost=10, stock=3
    )
    start = threading.Barrier(REQUESTS)
    results: list[str] = []
    lock = threading.Lock()

    def request(number: int) -> None:
        start.wait()
        outcome = "error"
        try:
            # A client whose request hits a busy database sends it again with the same key.
            for _attempt in range(10_000):
                try:
                    _redemption, created = services.redeem(
                        user=person, reward=reward, request_key=f"request-{number}"
                    )
                    outcome = "created" if created else "repeated"
                    break
                except ValidationError as refused:
                    outcome = refused.messages[0]
                    break
                except OperationalError:  # "database is locked" on SQLite: try again
                    os.sched_yield()
        finally:
            connection.close()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=request, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == REQUESTS
    assert results.count("created") == 3, results
    assert results.count("This reward is out of stock.") == REQUESTS - 3
    assert Redemption.objects.count() == 3
    assert Reward.objects.get(pk=reward.pk).stock == 0
    assert Balance.objects.get(user=person).points == 20
    assert services.balance_drift() == []
    assert sum(PointEntry.objects.filter(user=person).values_list("points", flat=True)) == 20
