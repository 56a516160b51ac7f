"""Honours are data: each is earned by so many awards under one earning rule and named in the
reader's language. Staff add one in the admin and people earn it without a code change. (A
month's top housekeeper of a grid comes from the leaderboard: see test_pages.py.)"""

import datetime
from importlib import import_module

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from portal import roles
from rewards import selectors, services
from rewards.models import Honour, Rule

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC)
FIRST_HONOURS = [
    ("case_dispatched", 1, "首次上报", "First report"),
    ("case_dispatched", 10, "十次有效上报", "Ten reports that were followed up"),
    ("opinion_adopted", 1, "意见被采纳", "An opinion adopted"),
]


def earn(user, rule, times):
    """`times` awards under `rule`, one a day (under every rule's daily cap)."""
    for day in range(times):
        services.award(
            user=user,
            rule=rule,
            idempotency_key=f"{rule}:{user.pk}:{day}",
            now=NOW - datetime.timedelta(days=day),
        )


def badges(user, language="en") -> list[str]:
    with translation.override(language):
        return selectors.badges(user)


def test_the_honours_earned_before_honours_were_data_are_made_by_a_migration():
    rows = Honour.objects.values_list("rule__code", "times", "name", "name_en")
    assert list(rows) == FIRST_HONOURS


def test_the_honours_migration_goes_back_and_forth():
    migration = import_module("rewards.migrations.0010_first_honours")
    migration.remove(apps, None)
    assert not Honour.objects.exists()
    migration.create(apps, None)
    migration.create(apps, None)  # again: nothing doubled
    assert list(Honour.objects.values_list("rule__code", "times", "name", "name_en")) == (
        FIRST_HONOURS
    )


def test_an_honour_is_earned_by_so_many_awards_under_its_rule(make_user):
    me = make_user(email="me@example.org")
    assert badges(me) == []
    earn(me, "case_dispatched", 9)
    assert badges(me) == ["First report"]
    earn(me, "case_dispatched", 10)
    earn(me, "evaluation_given", 3)  # no honour for evaluations
    assert badges(me) == ["First report", "Ten reports that were followed up"]
    earn(me, "opinion_adopted", 1)
    assert badges(me) == ["First report", "Ten reports that were followed up", "An opinion adopted"]


def test_honours_are_named_in_the_readers_language(client, make_user):
    me = make_user(email="me@example.org")
    earn(me, "case_dispatched", 1)
    earn(me, "opinion_adopted", 1)
    assert badges(me, "zh-hans") == ["首次上报", "意见被采纳"]
    client.force_login(me)
    page = client.get(reverse("rewards:my_points"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert '<li class="badge badge--ok">首次上报</li>' in page.content.decode()


def test_an_honour_added_by_staff_is_earned_without_code_changes(client, make_user, mfa_client):
    desk = mfa_client(make_user(email="admin@example.org", roles=[roles.ADMINISTRATOR]))
    response = desk.post(
        reverse("rewards_honours:add"),
        {
            "name": "热心评价",
            "name_en": "Five evaluations given",
            "rule": Rule.objects.get(code="evaluation_given").pk,
            "times": 5,
            "sort_order": 40,
        },
    )
    assert response.status_code == 302
    assert "Five evaluations given" in desk.get(reverse("rewards_honours:index")).content.decode()

    me, neighbour = make_user(email="me@example.org"), make_user(email="neighbour@example.org")
    earn(me, "evaluation_given", 5)
    earn(neighbour, "evaluation_given", 4)
    assert badges(me) == ["Five evaluations given"] and badges(neighbour) == []
    client.force_login(me)
    page = client.get(reverse("rewards:my_points")).content.decode()
    assert '<li class="badge badge--ok">Five evaluations given</li>' in page


def test_the_same_honour_twice_is_refused_in_the_admin(make_user, mfa_client):
    desk = mfa_client(make_user(email="admin@example.org", roles=[roles.ADMINISTRATOR]))
    response = desk.post(
        reverse("rewards_honours:add"),
        {
            "name": "首次上报",
            "name_en": "First report again",
            "rule": Rule.objects.get(code="case_dispatched").pk,
            "times": 1,
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Honour.objects.filter(rule__code="case_dispatched", times=1).count() == 1


def test_dispatchers_do_not_keep_the_honours(make_user, mfa_client):
    desk = mfa_client(make_user(email="centre@example.org", roles=[roles.DISPATCHER]))
    assert desk.get(reverse("rewards_honours:index")).status_code == 302  # sent to the dashboard


def test_a_persons_honours_take_one_query_however_many_there_are(make_user):
    me = make_user(email="me@example.org")
    earn(me, "case_dispatched", 3)
    for number, rule in enumerate(Rule.objects.all(), start=2):
        Honour.objects.create(rule=rule, times=number, name=f"荣誉{number}", name_en=f"H{number}")
    with CaptureQueriesContext(connection) as queries:
        earned = badges(me)
    assert len(queries) == 1
    assert sorted(earned) == ["First report", "H2"]
