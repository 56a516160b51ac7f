"""Triage by the linkage centre: correcting the category, urgency or place a reporter chose. The
due time follows, the timeline says what changed, the reporter is told in their language, and
the dispatch form suggests the new category's department."""

import datetime
from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError

import pytest
import time_machine

from participation import services
from participation.models import Case, CaseEvent
from participation.workflow import TransitionError

from .helpers import GRID8_LAT, GRID8_LNG, OUTSIDE_LAT, OUTSIDE_LNG

S = Case.Status
pytestmark = pytest.mark.django_db
# A fixed moment, so due times can be written out (China time).
NOON = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def test_correcting_category_and_urgency_recomputes_the_due_time_from_the_dispatch(
    clock, case_in, dispatcher, town, django_capture_on_commit_callbacks
):
    case = case_in(S.IN_PROGRESS)  # manhole cover, routine: due 72 h after dispatch
    assert case.due_at == NOON + datetime.timedelta(hours=72)
    clock.shift(datetime.timedelta(hours=5))

    with django_capture_on_commit_callbacks(execute=True):
        services.case_reclassify(
            case=case,
            actor=dispatcher,
            category=town.other_category,
            urgency=Case.Urgency.EXPRESS,
            reason="It is litter, and it blocks the school gate.",
        )

    case.refresh_from_db()
    assert (case.category, case.urgency, case.status) == (
        town.other_category,
        Case.Urgency.EXPRESS,
        S.IN_PROGRESS,
    )
    # Litter, express: 12 h from the dispatch at noon, not from now.
    assert case.due_at == NOON + datetime.timedelta(hours=12)
    event = case.events.get(action=CaseEvent.Action.RECLASSIFY)
    assert event.internal_note == "It is litter, and it blocks the school gate."
    assert event.public_text == (
        "The linkage centre corrected this report: category Missing manhole cover → Litter; "
        "urgency Routine → Express. It is now due 2026-06-02 00:00."
    )
    page = services_page(case)
    assert "category Missing manhole cover → Litter" in page
    assert "blocks the school gate" not in page, "the reason is for staff"


def services_page(case):
    from django.test import Client

    response = Client().get(case.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_reporter_is_told_in_their_own_language(
    case_in, dispatcher, town, resident, django_capture_on_commit_callbacks
):
    resident.language = "zh-hans"
    resident.save(update_fields=["language"])
    case = case_in(S.DISPATCHED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.case_reclassify(
            case=case, actor=dispatcher, category=town.other_category, reason="Litter."
        )

    [message] = [m for m in mail.outbox if resident.email in m.to]
    assert "联动中心更正了此报告：类别 井盖缺失破损 → 垃圾" in message.body


def test_moving_the_pin_moves_the_case_to_the_grid_it_is_in(case_in, dispatcher, town):
    case = case_in(S.SUBMITTED)

    services.case_reclassify(
        case=case, actor=dispatcher, latitude=GRID8_LAT, longitude=GRID8_LNG, reason="Wrong pin."
    )

    case.refresh_from_db()
    assert (case.grid, case.latitude, case.longitude) == (town.other_grid, GRID8_LAT, GRID8_LNG)
    assert case.events.last().details["grid"] == {"from": 7, "to": 8}
    assert case.due_at is None, "not dispatched: no time limit yet"


def test_choosing_only_a_grid_puts_the_pin_in_its_middle(case_in, dispatcher, town):
    case = case_in(S.DISPATCHED)

    services.case_reclassify(case=case, actor=dispatcher, grid=town.other_grid, reason="Caller.")

    case.refresh_from_db()
    assert case.grid == town.other_grid
    assert (case.latitude, case.longitude) == (Decimal("30.745000"), Decimal("120.505000"))


def test_moving_into_a_private_category_takes_the_case_off_the_public_site(
    case_in, dispatcher, town
):
    town.other_category.public_by_default = False
    town.other_category.save()
    case = case_in(S.DISPATCHED)

    services.case_reclassify(
        case=case, actor=dispatcher, category=town.other_category, reason="A private matter."
    )

    assert Case.objects.get(pk=case.pk).is_hidden


@pytest.mark.parametrize("status", [S.CLOSED, S.REJECTED])
def test_a_closed_or_rejected_case_cannot_be_corrected(status, case_in, dispatcher, town):
    case = case_in(status)
    version = case.version

    with pytest.raises(TransitionError) as error:
        services.case_reclassify(
            case=case, actor=dispatcher, category=town.other_category, reason="Litter."
        )

    assert error.value.code == "wrong_state"
    case.refresh_from_db()
    assert (case.category, case.version) == (town.category, version)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"reason": ""}, {"reason": ["Give the reason for the correction."]}),
        ({"category": "inactive"}, {"category": ["Choose an active category."]}),
        ({"category": None}, {"__all__": ["Change the category, the urgency or the place."]}),
        (
            {"category": None, "latitude": OUTSIDE_LAT, "longitude": OUTSIDE_LNG},
            {"location": ["This place is outside the town. Put the pin where it is."]},
        ),
        ({"category": None, "urgency": "whenever"}, {"urgency": ["Choose how urgent it is."]}),
    ],
    ids=["no-reason", "inactive-category", "nothing-changed", "outside-the-town", "bad-urgency"],
)
def test_a_bad_correction_is_refused_and_changes_nothing(
    changes, message, case_in, dispatcher, town
):
    case = case_in(S.DISPATCHED)
    before = (case.category_id, case.urgency, case.grid_id, case.due_at, case.version)
    if changes.get("category") == "inactive":
        town.other_category.is_active = False
        town.other_category.save()
        changes = {"category": town.other_category}
    data = {"category": town.other_category, "reason": "Litter."} | changes

    with pytest.raises(ValidationError) as error:
        services.case_reclassify(case=case, actor=dispatcher, **data)

    assert error.value.message_dict == message
    case.refresh_from_db()
    assert (case.category_id, case.urgency, case.grid_id, case.due_at, case.version) == before
    assert not case.events.filter(action=CaseEvent.Action.RECLASSIFY).exists()


def test_the_centre_corrects_a_case_in_the_admin_and_is_shown_the_usual_department(
    case_in, mfa_client, dispatcher, staff, town
):
    case = case_in(S.DISPATCHED)
    url = f"/admin/cases/{case.pk}/reclassify/"
    centre = mfa_client(dispatcher)

    form = centre.get(url).content.decode()
    assert f'<option value="{town.category.pk}" selected>' in form
    assert 'value="30.745000"' in form
    assert (
        mfa_client(staff).get(f"/admin/cases/inspect/{case.pk}/").content.decode().count(url) == 0
    )

    fields = {"version": case.version, "urgency": "routine", "reason": ""}
    bad = centre.post(url, fields | {"category": town.other_category.pk})
    assert bad.status_code == 400
    assert "Give the reason for the correction." in bad.content.decode()

    done = centre.post(
        url,
        {
            "version": case.version,
            "category": town.other_category.pk,
            "urgency": "routine",
            "latitude": "30.745000",
            "longitude": "120.495000",
            "reason": "It is litter.",
        },
    )
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).category == town.other_category
    inspect = centre.get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    assert "Its category usually goes to Sanitation Station" in inspect

    # Only the grid: the pin goes to its middle, though the form still holds the old pin.
    case.refresh_from_db()
    centre.post(
        url,
        {
            "version": case.version,
            "category": town.other_category.pk,
            "urgency": "routine",
            "latitude": "30.745000",
            "longitude": "120.495000",
            "grid": town.other_grid.pk,
            "reason": "The caller is in grid 8.",
        },
    )
    assert Case.objects.get(pk=case.pk).grid == town.other_grid


def test_a_returned_cases_dispatch_form_suggests_the_new_categorys_department(
    case_in, mfa_client, dispatcher, town
):
    case = case_in(S.SUBMITTED)
    services.case_reclassify(
        case=case, actor=dispatcher, category=town.other_category, reason="Litter."
    )

    form = mfa_client(dispatcher).get(f"/admin/cases/{case.pk}/dispatch/").content.decode()

    assert f'<option value="{town.other_department.pk}" selected>' in form
