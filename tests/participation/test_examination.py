"""The linkage centre's examination of repairs: where a category (or a department) has the
centre check repairs, a department's Resolve waits for the centre, which compares the before and
after photos and approves the repair or sends it back (the clock runs on). Housekeepers of the
grid can report a repair not done, which flags the case to the centre. The clock is frozen."""

import datetime

from django.core import mail
from django.core.exceptions import ValidationError

import pytest
import time_machine

from participation import services
from participation.models import Attachment, Case, CaseEvent, GridMembership
from participation.statistics.rollup import period_statistics, statistics_rollup
from participation.workflow import TransitionError
from portal.models import Notification

from .helpers import photo

S = Case.Status
pytestmark = pytest.mark.django_db
CHINA = datetime.timezone(datetime.timedelta(hours=8))
MORNING = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=CHINA)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def checked(town):
    """Manhole covers: the centre checks their repairs."""
    town.category.centre_checks_repairs = True
    town.category.save()
    return town.category


@pytest.fixture
def housekeeper(make_user, town):
    user = make_user(email="hk@example.org")
    GridMembership.objects.create(grid=town.grid, user=user, role="housekeeper")
    return user


def resolve(case, staff, **extra):
    return services.case_resolve(
        case=case,
        actor=staff,
        summary="A new cover was fitted.",
        photos=[photo("after.jpg", colour=(30, 200, 30))],
        **extra,
    )


def told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_a_checked_repair_waits_for_the_centre_and_is_approved(
    clock, checked, submit, advance, staff, dispatcher, resident, django_capture_on_commit_callbacks
):
    case = advance(submit(photos=[photo("before.jpg")]), "dispatch", "accept")
    clock.shift(5 * HOUR)

    with django_capture_on_commit_callbacks(execute=True):
        resolve(case, staff)

    case.refresh_from_db()
    assert (case.status, case.resolved_at) == (S.AWAITING_CHECK, None)
    assert case.is_open
    assert f"Repair to check: {case.reference}" in told(dispatcher)
    assert not any("evaluate" in s.lower() for s in told(resident)), "not yet"

    clock.shift(2 * HOUR)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_approve(case=case, actor=dispatcher)

    case.refresh_from_db()
    assert (case.status, case.resolved_at) == (S.RESOLVED, MORNING + 7 * HOUR)
    assert f"Is it fixed? Please evaluate {case.reference}" in told(resident)
    actions = list(case.events.values_list("action", "to_status"))
    assert actions[-2:] == [("resolve", S.AWAITING_CHECK), ("approve", S.RESOLVED)]


def test_the_centre_sends_a_repair_back_and_the_clock_runs_on(
    clock, checked, case_in, staff, dispatcher, django_capture_on_commit_callbacks
):
    case = case_in(S.IN_PROGRESS)
    due = case.due_at
    resolve(case, staff)
    clock.shift(3 * HOUR)

    with django_capture_on_commit_callbacks(execute=True):
        services.case_send_back(
            case=case, actor=dispatcher, reason="The photo shows the old cracked cover."
        )

    case.refresh_from_db()
    assert (case.status, case.due_at, case.resolved_at) == (S.IN_PROGRESS, due, None)
    assert f"The centre sent back the repair of {case.reference}" in told(staff)
    [message] = [m for m in mail.outbox if staff.email in m.to]
    assert "The photo shows the old cracked cover." in message.body

    # The department resolves again, and this time the centre approves.
    resolve(Case.objects.get(pk=case.pk), staff)
    services.case_approve(case=Case.objects.get(pk=case.pk), actor=dispatcher)
    assert Case.objects.get(pk=case.pk).status == S.RESOLVED


def test_sending_back_needs_a_reason_and_only_a_case_awaiting_a_check_can_be_decided(
    checked, case_in, staff, dispatcher
):
    waiting = case_in(S.AWAITING_CHECK)
    with pytest.raises(ValidationError) as error:
        services.case_send_back(case=waiting, actor=dispatcher, reason="  ")
    assert error.value.message_dict == {"reason": ["Say what is wrong with the repair."]}
    assert Case.objects.get(pk=waiting.pk).status == S.AWAITING_CHECK

    in_progress = case_in(S.IN_PROGRESS)
    with pytest.raises(TransitionError) as refused:
        services.case_approve(case=in_progress, actor=dispatcher)
    assert refused.value.code == "wrong_state"
    assert Case.objects.get(pk=in_progress.pk).version == in_progress.version

    with pytest.raises(TransitionError) as refused:
        services.case_approve(case=waiting, actor=staff)
    assert refused.value.code == "forbidden", "a department does not approve its own repair"


def test_a_department_setting_overrides_the_category(checked, town, case_in, staff):
    town.department.centre_checks_repairs = False
    town.department.save()
    case = resolve(case_in(S.IN_PROGRESS), staff)
    assert case.status == S.RESOLVED

    town.category.centre_checks_repairs = False
    town.category.save()
    town.department.centre_checks_repairs = True
    town.department.save()
    case = resolve(case_in(S.IN_PROGRESS), staff)
    assert case.status == S.AWAITING_CHECK


def test_the_centre_sees_before_and_after_side_by_side_and_decides_in_the_admin(
    checked, submit, advance, staff, dispatcher, mfa_client
):
    case = advance(submit(photos=[photo("before.jpg")]), "dispatch", "accept")
    resolve(case, staff)
    before, after = Case.objects.get(pk=case.pk).attachments.order_by("pk")
    centre = mfa_client(dispatcher)

    queue = centre.get("/admin/cases/queue/").content.decode()
    assert f"/admin/cases/{case.pk}/approve/" in queue
    form = centre.get(f"/admin/cases/{case.pk}/approve/").content.decode()
    compare = form.split('class="case-compare"')[1].split("What the department did")[0]
    assert compare.index(f"/cases/files/{before.pk}/") < compare.index(f"/cases/files/{after.pk}/")
    assert "Before: the report" in compare and "After: the department&#x27;s repair" in compare

    empty = centre.post(f"/admin/cases/{case.pk}/send_back/", {"version": 4, "reason": ""})
    assert empty.status_code == 400
    assert "Say what is wrong with the repair." in empty.content.decode()
    stale = centre.post(f"/admin/cases/{case.pk}/approve/", {"version": 1})
    assert stale.status_code == 302
    assert Case.objects.get(pk=case.pk).status == S.AWAITING_CHECK

    done = centre.post(f"/admin/cases/{case.pk}/approve/", {"version": 4})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).status == S.RESOLVED


def test_the_first_time_pass_rate_counts_each_repairs_first_check(
    calendar_moment, checked, case_in, staff, dispatcher
):
    passed = case_in(S.AWAITING_CHECK)
    services.case_approve(case=passed, actor=dispatcher)
    again = case_in(S.AWAITING_CHECK)
    services.case_send_back(case=again, actor=dispatcher, reason="Not finished.")
    resolve(Case.objects.get(pk=again.pk), staff)
    services.case_approve(case=Case.objects.get(pk=again.pk), actor=dispatcher)
    case_in(S.AWAITING_CHECK)  # not decided yet

    month = calendar_moment.date().replace(day=1)  # the town's month
    statistics_rollup(months=[month])
    period = period_statistics(month, month)

    assert (period.total.checked, period.total.passed_first_check) == (2, 1)
    [department] = [row for row in period.departments if row.subject == checked.default_department]
    assert department.figures.first_pass_rate == 50.0


# --- A housekeeper finds the repair not done -----------------------------------------------------


def test_a_housekeeper_reports_a_repair_not_done_and_the_centre_reopens_it(
    clock, case_in, housekeeper, dispatcher, staff, client, django_capture_on_commit_callbacks
):
    case = case_in(S.RESOLVED)
    client.force_login(housekeeper)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f"/cases/{case.reference}/not-fixed/" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/cases/{case.reference}/not-fixed/",
            {"note": "The cover is still missing.", "photos": [photo("site.jpg")]},
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.flagged_at) == (S.RESOLVED, MORNING)
    snap = case.attachments.get(stage=Attachment.Stage.ON_SITE)
    assert not snap.is_public, "the photo is for the centre"
    assert f"A housekeeper says {case.reference} is not fixed" in told(dispatcher)
    event = case.events.get(action=CaseEvent.Action.NOT_FIXED)
    assert event.internal_note == "The cover is still missing."
    assert (
        "reported that the repair is not done"
        in client.get(case.get_absolute_url()).content.decode()
    )

    again = client.post(
        f"/cases/{case.reference}/not-fixed/", {"note": "Again.", "photos": [photo()]}
    )
    assert again.status_code == 302
    assert case.events.filter(action=CaseEvent.Action.NOT_FIXED).count() == 1

    clock.shift(HOUR)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_reopen(case=case, actor=dispatcher, reason="The housekeeper's photo.")
    case.refresh_from_db()
    assert (case.status, case.flagged_at, case.resolved_at) == (S.REOPENED, None, None)
    assert case.reopen_count == 1
    assert case.due_at == MORNING + HOUR + datetime.timedelta(hours=72)
    assert f"The centre reopened {case.reference}: the repair is not done" in told(staff)


def test_the_centre_clears_a_not_fixed_report_it_finds_wrong(case_in, housekeeper, dispatcher):
    case = case_in(S.CLOSED)
    services.case_not_fixed(case=case, user=housekeeper, note="Loose.", photos=[photo()])

    with pytest.raises(ValidationError):
        services.case_clear_flag(case=case, actor=dispatcher, reason="")
    services.case_clear_flag(case=case, actor=dispatcher, reason="Checked: it is fixed.")

    case.refresh_from_db()
    assert (case.status, case.flagged_at) == (S.CLOSED, None)
    with pytest.raises(TransitionError) as refused:
        services.case_clear_flag(case=case, actor=dispatcher, reason="Again.")
    assert refused.value.message == "No one has reported this repair not done."


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"note": "", "photos": [photo()]}, "note", "Say what is still wrong."),
        ({"note": "Still gone."}, "photos", "Attach a photo of what you found."),
        (
            {"note": "Still gone.", "photos": [photo(data=b"<html><img src=x></html>")]},
            "photos",
            None,
        ),
    ],
    ids=["no-note", "no-photo", "html-photo"],
)
def test_a_not_fixed_report_needs_a_note_and_a_real_photo(
    data, field, message, case_in, housekeeper, client, case_files
):
    case = case_in(S.RESOLVED)
    client.force_login(housekeeper)

    response = client.post(f"/cases/{case.reference}/not-fixed/", data)

    assert response.status_code == 400
    if message:
        assert message in response.content.decode()
    case.refresh_from_db()
    assert case.flagged_at is None
    assert not case.attachments.exists()
    assert not [p for p in case_files.rglob("*") if p.is_file()]


def test_only_the_grids_housekeepers_find_the_not_fixed_page(case_in, neighbour, staff, client):
    case = case_in(S.RESOLVED)
    for user in (neighbour, staff):
        client.force_login(user)
        assert client.get(f"/cases/{case.reference}/not-fixed/").status_code == 404
