"""Hotspots with a frozen clock: a grid × category whose last 30 days reach the threshold times
its monthly average over the six months before (and the minimum number of cases) is a hotspot;
the roll-up is idempotent; the centre changes the threshold; the centre sees them on the admin
home and on the hotspots page with its map."""

import datetime
import json
import re
import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest
import time_machine

from participation.campaigns import services as campaign_services
from participation.models import Case, Hotspot, HotspotRule
from participation.statistics.hotspots import hotspots_rollup
from portal import roles

from .helpers import LAT, LNG, page_text

pytestmark = pytest.mark.django_db

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2027, 3, 15, 10, 0, tzinfo=CHINA)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def add_cases(count, *, grid, category, days_ago, status=Case.Status.SUBMITTED):
    """`count` cases of `category` in `grid`, reported `days_ago` days before NOW (a list: one
    day each, cycled)."""
    days = days_ago if isinstance(days_ago, list | tuple) else [days_ago]
    Case.objects.bulk_create(
        [
            Case(
                category=category,
                grid=grid,
                urgency=Case.Urgency.ROUTINE,
                title=f"Case {n}",
                description="…",
                latitude=LAT,
                longitude=LNG,
                status=status,
                submitted_at=NOW - days[n % len(days)] * DAY,
                updated_at=NOW,
            )
            for n in range(count)
        ]
    )


@pytest.fixture
def history(clock, town):
    """Grid 7 · manhole covers: 1 a month for six months, then 6 in the last 30 days (6× the
    usual). Grid 7 · litter: 3 a month, then 5 (1.67×). Grid 8 · manhole covers: none before,
    4 now (below the minimum of 5). Grid 8 · litter: none before, 5 now (new). Cases older than
    seven months, and rejected ones, count for nothing."""
    before = [40 + 30 * n for n in range(6)]  # one in each of the six months before
    add_cases(6, grid=town.grid, category=town.category, days_ago=before)
    add_cases(6, grid=town.grid, category=town.category, days_ago=[1, 3, 5, 8, 13, 29])
    add_cases(18, grid=town.grid, category=town.other_category, days_ago=before)
    add_cases(5, grid=town.grid, category=town.other_category, days_ago=[2, 4, 6])
    add_cases(4, grid=town.other_grid, category=town.category, days_ago=[2, 9])
    add_cases(5, grid=town.other_grid, category=town.other_category, days_ago=[1, 20])
    # Too old to count as usual, and rejected: neither changes anything above.
    add_cases(30, grid=town.grid, category=town.category, days_ago=[215, 250, 300])
    add_cases(
        9,
        grid=town.other_grid,
        category=town.category,
        days_ago=[1, 2],
        status=Case.Status.REJECTED,
    )
    return town


def pairs():
    return {
        (spot.grid.number, spot.category.code): (
            spot.recent_cases,
            spot.monthly_average,
            spot.ratio,
        )
        for spot in Hotspot.objects.select_related("grid", "category")
    }


def test_a_pair_far_above_its_usual_is_a_hotspot_below_or_too_few_are_not(history):
    assert hotspots_rollup() == 2
    assert pairs() == {
        (7, "manhole-cover"): (6, 1.0, 6.0),
        (8, "litter"): (5, 0.0, 5.0),  # new: nothing before, at the minimum
    }


def test_the_window_moves_with_the_clock(history, clock):
    """Forty days on, grid 7's burst is in the usual, not the last 30 days: no hotspot left."""
    clock.move_to(NOW + 40 * DAY)
    assert hotspots_rollup() == 0
    assert pairs() == {}


def test_the_edges_count_exactly(clock, town):
    """Exactly the threshold (6 against 3 a month, × 2) is a hotspot; a case exactly 30 days old
    is recent; one second older is not."""
    add_cases(18, grid=town.grid, category=town.category, days_ago=[40, 70, 100, 130, 160, 190])
    add_cases(5, grid=town.grid, category=town.category, days_ago=[1])
    add_cases(1, grid=town.grid, category=town.category, days_ago=[30])
    assert pairs() == {} and hotspots_rollup() == 1
    assert pairs() == {(7, "manhole-cover"): (6, 3.0, 2.0)}
    Case.objects.filter(submitted_at=NOW - 30 * DAY).update(
        submitted_at=NOW - 30 * DAY - datetime.timedelta(seconds=1)
    )
    assert hotspots_rollup() == 0


def test_running_it_again_writes_the_same_rows(history):
    hotspots_rollup()
    first = pairs()
    hotspots_rollup()
    hotspots_rollup()
    assert pairs() == first
    assert Hotspot.objects.count() == 2


def test_a_pair_that_calms_down_leaves_the_list(history):
    hotspots_rollup()
    Case.objects.filter(grid=history.other_grid, category=history.other_category).delete()
    hotspots_rollup()
    assert set(pairs()) == {(7, "manhole-cover")}


def test_the_centre_lowers_the_threshold_and_the_hotspots_follow(
    history, make_user, django_capture_on_commit_callbacks
):
    dispatcher = make_user(email="centre@example.org", roles=[roles.DISPATCHER])
    hotspots_rollup()
    with django_capture_on_commit_callbacks(execute=True):
        rule = campaign_services.hotspot_threshold_set(
            actor=dispatcher, ratio=Decimal("1.5"), minimum_cases=5
        )
    assert rule.changed_by == dispatcher
    # The roll-up ran after commit: grid 7's litter (5 against 3 a month) is now one.
    assert set(pairs()) == {(7, "manhole-cover"), (7, "litter"), (8, "litter")}
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.hotspot_threshold_set(
            actor=dispatcher, ratio=Decimal("1.5"), minimum_cases=6
        )
    assert set(pairs()) == {(7, "manhole-cover")}
    assert HotspotRule.objects.count() == 3  # the default and both changes: the history is kept


@pytest.mark.parametrize(
    ("ratio", "minimum", "field"),
    [(Decimal("0.5"), 5, "ratio"), (Decimal("2"), 0, "minimum_cases"), (None, 5, "ratio")],
)
def test_a_bad_threshold_is_refused_and_nothing_changes(make_user, ratio, minimum, field):
    dispatcher = make_user(email="centre@example.org", roles=[roles.DISPATCHER])
    before = HotspotRule.objects.count()
    with pytest.raises(ValidationError) as refused:
        campaign_services.hotspot_threshold_set(
            actor=dispatcher, ratio=ratio, minimum_cases=minimum
        )
    assert field in refused.value.message_dict
    assert HotspotRule.objects.count() == before


def test_only_the_centre_sets_the_threshold(make_user):
    staff = make_user(email="staff@example.org", roles=[roles.DEPARTMENT_STAFF])
    with pytest.raises(ValidationError, match="Only the linkage centre"):
        campaign_services.hotspot_threshold_set(actor=staff, ratio=Decimal("3"), minimum_cases=5)


# --- What the centre sees -----------------------------------------------------------------------


def test_the_admin_home_lists_the_hotspots_with_a_link_to_launch_a_campaign(
    history, dispatcher, mfa_client
):
    hotspots_rollup()
    spot = Hotspot.objects.get(grid=history.grid)
    page = page_text(mfa_client(dispatcher).get("/admin/"))
    table = page[page.index('data-table="campaign-hotspots"') :]
    table = table[: table.index("</table>")]
    assert "Grid 7" in table and "Missing manhole cover" in table
    assert "6 / 1.0" in table
    assert f"/admin/campaigns/new/?hotspot={spot.pk}" in table


def test_the_hotspots_page_has_the_map_data_the_table_and_the_threshold(
    history, dispatcher, mfa_client
):
    hotspots_rollup()
    page = page_text(mfa_client(dispatcher).get("/admin/hotspots/"))
    assert 'id="hotspot-map"' in page and "js/hotspot_map.js" in page
    features = json.loads(
        re.search(r'id="hotspot-features"[^>]*>(.*?)</script>', page, re.S).group(1)
    )
    assert {f["properties"]["label"] for f in features["features"]} == {
        "Grid 7 · Missing manhole cover",
        "Grid 8 · Litter",
    }
    assert features["features"][0]["geometry"]["type"] == "Polygon"
    assert "Launch a campaign" in page and "Change the threshold" in page
    assert "new" in page  # grid 8's litter had nothing before
    assert 'style="' not in page.split('id="hotspot-map"')[1].split("</table>")[0]


def test_departments_see_the_hotspots_but_launch_nothing(history, staff, mfa_client):
    hotspots_rollup()
    client = mfa_client(staff)
    page = page_text(client.get("/admin/hotspots/"))
    assert "<td>Grid 8 · Minhe Village</td>" in page and "<td>Litter</td>" in page
    assert "Launch a campaign" not in page and "Change the threshold" not in page
    assert client.get("/admin/hotspots/threshold/").status_code == 302


def test_the_threshold_screen_refuses_a_ratio_below_one(dispatcher, mfa_client):
    client = mfa_client(dispatcher)
    assert client.get("/admin/hotspots/threshold/").status_code == 200
    before = HotspotRule.objects.count()
    response = client.post("/admin/hotspots/threshold/", {"ratio": "0.8", "minimum_cases": "5"})
    assert response.status_code == 400
    assert "1 or more" in page_text(response)
    assert HotspotRule.objects.count() == before
    response = client.post("/admin/hotspots/threshold/", {"ratio": "3", "minimum_cases": "4"})
    assert response.status_code == 302
    latest = HotspotRule.objects.order_by("-pk").first()
    assert (latest.ratio, latest.minimum_cases, latest.changed_by) == (3, 4, dispatcher)
