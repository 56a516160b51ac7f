"""Joint handling: the linkage centre asks other departments to help the lead department, each
with what it must do; they see the case in their inbox and record their part; the lead resolves
only once every part is done or waived; each department's statistics count its own part."""

from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

import pytest

from participation import services
from participation.models import (
    Attachment,
    Case,
    CaseAssist,
    CaseEvent,
    Department,
    DepartmentMembership,
)
from participation.statistics.rollup import period_statistics, statistics_rollup
from participation.workflow import TransitionError
from portal import roles
from portal.models import Notification

from .helpers import photo

S = Case.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def planning(town, make_user):
    """A third department, for parts asked of two departments, and someone working there."""
    department = Department.objects.create(
        platform=town.platform, code="planning", name="规划所", name_en="Planning Office"
    )
    user = make_user(email="planner@example.org", roles=[roles.DEPARTMENT_STAFF])
    DepartmentMembership.objects.create(department=department, user=user, role="staff")
    return department, user


def told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_an_assisting_department_does_its_part_before_the_lead_resolves(
    case_in,
    dispatcher,
    staff,
    other_staff,
    town,
    mfa_client,
    django_capture_on_commit_callbacks,
):
    case = case_in(S.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        part = services.case_assist_add(
            case=case,
            actor=dispatcher,
            department=town.other_department,
            task="Clear the rubble around the manhole first.",
        )
    assert f"Your department is asked to help with {case.reference}" in told(other_staff)

    sweeper = mfa_client(other_staff)
    inbox = sweeper.get("/admin/cases/").content.decode()
    assert case.title in inbox
    inspect = sweeper.get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    assert "Clear the rubble around the manhole first." in inspect
    assert f"/admin/cases/{case.pk}/assist_record/" in inspect
    assert f"/admin/cases/{case.pk}/resolve/" not in inspect

    with pytest.raises(TransitionError) as refused:
        services.case_resolve(case=case, actor=staff, summary="Done.", no_photo_reason="Dark.")
    assert refused.value.message.startswith("The assisting departments' parts are not all done")
    with pytest.raises(TransitionError) as refused:
        services.case_resolve(
            case=case, actor=other_staff, summary="Done.", no_photo_reason="Dark."
        )
    assert refused.value.code == "forbidden", "an assisting department does not resolve"

    with django_capture_on_commit_callbacks(execute=True):
        response = sweeper.post(
            f"/admin/cases/{case.pk}/assist_record/",
            {"version": Case.objects.get(pk=case.pk).version, "note": "Rubble cleared."},
        )
    assert response.status_code == 302
    part.refresh_from_db()
    assert (part.status, part.note, part.done_by) == ("done", "Rubble cleared.", other_staff)
    assert f"An assisting department has done its part of {case.reference}" in told(staff)
    public = Client().get(case.get_absolute_url()).content.decode()
    assert "The linkage centre asked Sanitation Station to help with this case." in public
    assert "Sanitation Station has done its part." in public
    assert "Rubble cleared." not in public, "the record is for staff"

    services.case_resolve(
        case=Case.objects.get(pk=case.pk), actor=staff, summary="Cover fitted.", no_photo_reason="-"
    )
    assert Case.objects.get(pk=case.pk).status == S.RESOLVED


def test_the_centre_waives_a_part_no_longer_needed(case_in, dispatcher, staff, town):
    case = case_in(S.IN_PROGRESS)
    part = services.case_assist_add(
        case=case, actor=dispatcher, department=town.other_department, task="Sweep."
    )

    with pytest.raises(ValidationError) as error:
        services.case_assist_waive(case=case, actor=dispatcher, assist=part, reason=" ")
    assert error.value.message_dict == {"reason": ["Give the reason for waiving the part."]}
    services.case_assist_waive(case=case, actor=dispatcher, assist=part, reason="Swept already.")

    part.refresh_from_db()
    assert (part.status, part.waived_reason) == ("waived", "Swept already.")
    services.case_resolve(case=case, actor=staff, summary="Fixed.", no_photo_reason="-")
    assert Case.objects.get(pk=case.pk).status == S.RESOLVED
    event = case.events.get(action=CaseEvent.Action.ASSIST_WAIVE)
    assert event.public_text == "", "a waiver is the centre's own business"


def test_the_assisting_department_records_its_part_with_photos_for_staff(
    case_in, dispatcher, other_staff, town
):
    case = case_in(S.DISPATCHED)
    services.case_assist_add(
        case=case, actor=dispatcher, department=town.other_department, task="Sweep."
    )

    part = services.case_assist_record(
        case=case, actor=other_staff, note="Swept.", photos=[photo("swept.jpg")]
    )

    snap = part.photos.get()
    assert (snap.stage, snap.is_public) == (Attachment.Stage.ASSIST, False)
    assert Client().get(f"/cases/files/{snap.pk}/").status_code == 404
    with pytest.raises(TransitionError):
        services.case_assist_record(case=case, actor=other_staff, note="Again.")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"task": ""}, {"task": ["Say what the assisting department must do."]}),
        (
            {"department": "lead"},
            {"department": ["This is the lead department: choose another one."]},
        ),
        ({"department": "inactive"}, {"department": ["Choose an active department."]}),
        ({"department": "twice"}, {"department": ["This department already has a part."]}),
    ],
    ids=["no-task", "the-lead", "inactive", "twice"],
)
def test_a_bad_request_for_help_is_refused_and_changes_nothing(
    data, message, case_in, dispatcher, town
):
    case = case_in(S.IN_PROGRESS)
    department = {
        "lead": town.department,
        "inactive": town.other_department,
        "twice": town.other_department,
    }.get(data.get("department"), town.other_department)
    if data.get("department") == "inactive":
        Department.objects.filter(pk=department.pk).update(is_active=False)
        department.refresh_from_db()
    if data.get("department") == "twice":
        services.case_assist_add(case=case, actor=dispatcher, department=department, task="Sweep.")
        case.refresh_from_db()
    before = (CaseAssist.objects.count(), case.version)

    with pytest.raises(ValidationError) as error:
        services.case_assist_add(
            case=case, actor=dispatcher, department=department, task=data.get("task", "Sweep.")
        )

    assert error.value.message_dict == message
    case.refresh_from_db()
    assert (CaseAssist.objects.count(), case.version) == before


def test_staff_of_an_uninvolved_department_cannot_open_a_joint_case(
    case_in, dispatcher, town, planning, mfa_client
):
    case = case_in(S.IN_PROGRESS)
    services.case_assist_add(
        case=case, actor=dispatcher, department=town.other_department, task="Sweep."
    )
    _department, planner = planning
    client = mfa_client(planner)

    assert client.get(f"/admin/cases/inspect/{case.pk}/").status_code == 404
    assert client.get(f"/admin/cases/{case.pk}/assist_record/").status_code == 404


def test_each_department_counts_its_own_part(
    calendar_moment, case_in, dispatcher, other_staff, town, planning
):
    department, _planner = planning
    case = case_in(S.IN_PROGRESS)
    services.case_assist_add(
        case=case, actor=dispatcher, department=town.other_department, task="A"
    )
    services.case_assist_add(case=case, actor=dispatcher, department=department, task="B")
    services.case_assist_record(case=case, actor=other_staff, note="Done.")

    month = timezone.localdate(case.submitted_at).replace(day=1)  # the town's calendar
    statistics_rollup(months=[month])
    period = period_statistics(month, month)

    rows = {row.subject: row.figures for row in period.departments}
    assert (
        rows[town.other_department].assist_parts,
        rows[town.other_department].assist_parts_done,
    ) == (1, 1)
    assert (rows[department].assist_parts, rows[department].assist_parts_done) == (1, 0)
    assert rows[town.department].assist_parts == 0, "the lead's own figures hold its own cases"
    assert rows[town.department].received == 1
    assert rows[town.other_department].received == 0
    page = (
        Client().get(f"/cases/statistics/?start={month:%Y-%m}&end={month:%Y-%m}").content.decode()
    )
    assert "Assisting parts done" in page and "1 / 1" in page and "0 / 1" in page
