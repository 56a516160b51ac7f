"""The linkage centre's and departments' back-office actions: progress notes, reassignment, new
deadlines, merging duplicates, response templates, and refusing stale forms."""

import html
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from participation import selectors, services
from participation.models import Case, CaseEvent, CaseFollow, ResponseTemplate
from participation.workflow import TransitionError

S = Case.Status
pytestmark = pytest.mark.django_db


def test_a_stale_form_is_refused_and_changes_nothing(case_in, staff, dispatcher, town):
    case = case_in(S.DISPATCHED)
    seen = case.version
    # Someone else acts first.
    services.case_note(case=case, actor=dispatcher, internal_note="Called the resident.")

    with pytest.raises(TransitionError) as error:
        services.case_accept(case=case, actor=staff, expected_version=seen)

    assert error.value.code == "stale"
    assert "Reload the page" in error.value.message
    assert Case.objects.get(pk=case.pk).status == S.DISPATCHED


def test_every_change_adds_one_to_the_version(case_in, staff):
    case = case_in(S.DISPATCHED)

    accepted = services.case_accept(case=case, actor=staff, expected_version=case.version)

    assert accepted.version == case.version + 1


def test_two_staff_submitting_the_same_admin_form_the_second_is_told_to_reload(
    mfa_client, staff, case_in
):
    case = case_in(S.DISPATCHED)
    client = mfa_client(staff)
    url = f"/admin/cases/{case.pk}/accept/"
    form = {"version": case.version, "public_message": "On our way.", "internal_note": ""}

    first = client.post(url, form)
    second = client.post(url, form, follow=True)

    assert first.status_code == 302
    assert "Someone else changed this case" in html.unescape(second.content.decode())
    assert case.events.filter(action=CaseEvent.Action.ACCEPT).count() == 1


def test_a_note_needs_some_text_and_an_internal_note_stays_internal(case_in, staff, client):
    case = case_in(S.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.case_note(case=case, actor=staff)

    services.case_note(case=case, actor=staff, internal_note="Contractor booked: SECRET-42")
    services.case_note(case=case, actor=staff, public_message="Work starts on Monday.")

    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Work starts on Monday." in page
    assert "SECRET-42" not in page
    assert len([e for e in selectors.public_timeline(case) if e.action == "note"]) == 1


def test_reassigning_moves_the_case_and_restarts_its_time_limit(case_in, dispatcher, town):
    case = case_in(S.IN_PROGRESS)

    with pytest.raises(ValidationError):
        services.case_reassign(
            case=case, actor=dispatcher, department=town.department, public_message="Same."
        )
    town.other_department.is_active = False
    town.other_department.save()
    with pytest.raises(ValidationError):
        services.case_reassign(
            case=case, actor=dispatcher, department=town.other_department, public_message="x"
        )
    town.other_department.is_active = True
    town.other_department.save()
    moved = services.case_reassign(
        case=case, actor=dispatcher, department=town.other_department, public_message="Moved."
    )

    assert (moved.status, moved.department) == (S.DISPATCHED, town.other_department)
    assert moved.due_at > timezone.now() + timedelta(hours=70)


def test_a_deadline_in_the_past_is_refused(case_in, dispatcher):
    case = case_in(S.DISPATCHED)

    with pytest.raises(ValidationError) as error:
        services.case_set_deadline(
            case=case, actor=dispatcher, due_at=timezone.now() - timedelta(hours=1), reason="x"
        )

    assert "future" in str(error.value)
    assert Case.objects.get(pk=case.pk).due_at == case.due_at


def test_merging_moves_followers_and_affected_people_once(
    case_in, submit, dispatcher, neighbour, make_user
):
    original = case_in(S.DISPATCHED)
    duplicate = submit(reporter=neighbour, title="Same manhole, reported again")
    both = make_user(email="both@example.org")
    services.case_support(case=original, user=both)
    services.case_support(case=duplicate, user=both)
    only_dup = make_user(email="dup@example.org")
    services.case_support(case=duplicate, user=only_dup)

    services.case_merge(case=duplicate, actor=dispatcher, into=original, reason="Same place.")

    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (S.REJECTED, original)
    assert original.supporters_count == 3  # both, only_dup and the duplicate's reporter
    followers = set(CaseFollow.objects.filter(case=original).values_list("user__email", flat=True))
    assert {"both@example.org", "dup@example.org", neighbour.email} <= followers
    assert original.reference in duplicate.events.last().public_message


def test_a_case_cannot_be_merged_into_itself_or_into_a_closed_case(case_in, dispatcher):
    case = case_in(S.SUBMITTED)
    closed = case_in(S.CLOSED)

    for into in (case, closed):
        with pytest.raises(ValidationError):
            services.case_merge(case=case, actor=dispatcher, into=into)

    assert Case.objects.get(pk=case.pk).status == S.SUBMITTED


def test_response_templates_are_offered_for_the_category_and_action(
    mfa_client, dispatcher, submit, town
):
    case = submit()
    ResponseTemplate.objects.create(
        category=town.category, action="dispatch", title="Manholes", text="Sent to roads team."
    )
    ResponseTemplate.objects.create(action="dispatch", title="General", text="Sent on.")
    ResponseTemplate.objects.create(action="reject", title="Not for dispatch", text="No.")
    ResponseTemplate.objects.create(
        category=town.other_category, action="dispatch", title="Litter only", text="Bins."
    )
    client = mfa_client(dispatcher)

    page = html.unescape(client.get(f"/admin/cases/{case.pk}/dispatch/").content.decode())

    assert "Sent to roads team." in page and "Sent on." in page
    assert "Not for dispatch" not in page and "Litter only" not in page
    assert page.index("Manholes") < page.index("General")


def test_the_merge_form_refuses_an_unknown_reference(mfa_client, dispatcher, submit):
    case = submit()
    client = mfa_client(dispatcher)

    response = client.post(
        f"/admin/cases/{case.pk}/merge/", {"version": case.version, "into": "WZ-1999-999999"}
    )

    assert response.status_code == 400
    assert "There is no case WZ-1999-999999." in html.unescape(response.content.decode())
    assert Case.objects.get(pk=case.pk).status == S.SUBMITTED


def _titles_in_order(page, titles):
    return sorted(titles, key=page.index)


def test_the_centre_queue_puts_emergencies_then_the_oldest_first(mfa_client, dispatcher, submit):
    old = submit(title="Old routine: cracked kerb")
    submit(title="New routine: faded sign")
    urgent = submit(title="Emergency: open manhole", urgency=Case.Urgency.EMERGENCY)
    client = mfa_client(dispatcher)

    page = html.unescape(client.get("/admin/cases/queue/").content.decode())

    titles = [urgent.title, old.title, "New routine: faded sign"]
    assert _titles_in_order(page, titles) == titles


def test_the_inbox_finds_a_case_by_reference_and_filters_overdue(
    mfa_client, dispatcher, case_in, submit
):
    late = case_in(S.DISPATCHED, title="Late: broken bench")
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=2))
    submit(title="On time: loose tile")
    client = mfa_client(dispatcher)

    found = html.unescape(client.get(f"/admin/cases/?q={late.reference}").content.decode())
    overdue = html.unescape(client.get("/admin/cases/?overdue=true").content.decode())

    assert "Late: broken bench" in found and "On time: loose tile" not in found
    assert "Late: broken bench" in overdue and "On time: loose tile" not in overdue
    assert "overdue by 2" in overdue


def test_the_department_inbox_shows_time_left_soonest_first(mfa_client, staff, case_in):
    later = case_in(S.DISPATCHED, title="Due later: graffiti")
    sooner = case_in(S.DISPATCHED, title="Due sooner: fallen branch")
    Case.objects.filter(pk=sooner.pk).update(due_at=timezone.now() + timedelta(hours=3))
    Case.objects.filter(pk=later.pk).update(due_at=timezone.now() + timedelta(days=2))
    client = mfa_client(staff)

    page = html.unescape(client.get("/admin/cases/").content.decode())

    assert page.index(sooner.title) < page.index(later.title)
    assert "left" in page


def test_the_department_inbox_in_at_most_12_queries(
    mfa_client, staff, case_in, django_assert_max_num_queries
):
    """A department's inbox, two pages of it, once the first request has cached what every
    request shares (the structure its filters list): at most 12 queries, however many cases a
    page shows. Catches a query per row or per cell, roles looked up again, the list counted in a
    query of its own."""
    for n in range(27):
        case_in(S.IN_PROGRESS if n % 3 else S.DISPATCHED, title=f"Open case {n:02}")
    case_in(S.CLOSED, title="Done: pothole filled")
    client = mfa_client(staff)
    assert client.get("/admin/cases/").status_code == 200

    for page, rows in (("1", 25), ("2", 2)):
        with django_assert_max_num_queries(12):
            response = client.get("/admin/cases/", {"p": page})

        shown = html.unescape(response.content.decode())
        # The inbox's next page is still the inbox: open cases only.
        assert shown.count("Open case ") == rows and "Done: pothole filled" not in shown
        assert f"Page {page} of 2" in shown


def test_the_centre_dispatches_several_cases_at_once_each_to_its_default(
    mfa_client, dispatcher, submit, town
):
    manhole = submit(title="Manhole one")
    litter = submit(title="Litter two", category=town.other_category)
    untouched = submit(title="Not selected")
    client = mfa_client(dispatcher)

    response = client.post(
        "/admin/cases/queue/",
        {"cases": [manhole.pk, litter.pk], "action": "dispatch", "public_message": "Sent on."},
    )

    assert response.status_code == 302
    manhole.refresh_from_db()
    litter.refresh_from_db()
    assert (manhole.status, manhole.department) == (S.DISPATCHED, town.department)
    assert (litter.status, litter.department) == (S.DISPATCHED, town.other_department)
    assert Case.objects.get(pk=untouched.pk).status == S.SUBMITTED


@pytest.mark.parametrize("bad", ["99999999999999999999", "9223372036854775808", "-1", "x", "1.5"])
def test_a_queue_post_with_an_impossible_case_id_is_refused_and_changes_nothing(
    mfa_client, dispatcher, submit, bad
):
    case = submit()

    response = mfa_client(dispatcher).post(
        "/admin/cases/queue/",
        {"cases": [case.pk, bad], "action": "reject", "public_message": "No.", "reason": "No."},
    )

    assert response.status_code == 400
    assert f"Select a valid choice. {bad} is not one of the available choices." in html.unescape(
        response.content.decode()
    )
    assert Case.objects.get(pk=case.pk).status == S.SUBMITTED


def test_bulk_reject_needs_a_reason_and_only_dispatchers_see_the_queue(
    mfa_client, dispatcher, staff, submit
):
    case = submit()
    client = mfa_client(dispatcher)

    refused = client.post(
        "/admin/cases/queue/", {"cases": [case.pk], "action": "reject", "public_message": "No."}
    )
    done = client.post(
        "/admin/cases/queue/",
        {
            "cases": [case.pk],
            "action": "reject",
            "public_message": "No.",
            "reason": "Private land.",
        },
    )

    assert refused.status_code == 400
    assert "Give the reason" in html.unescape(refused.content.decode())
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).status == S.REJECTED
    assert mfa_client(staff).get("/admin/cases/queue/").status_code == 404


def test_the_centre_enters_a_hotline_call_by_grid_with_a_private_contact(
    mfa_client, dispatcher, town, client
):
    admin = mfa_client(dispatcher)

    response = admin.post(
        "/admin/cases/enter/",
        {
            "source": "hotline",
            "contact": "Mr Wang 138 0000 1111",
            "category": town.category.pk,
            "urgency": "routine",
            "title": "Caller: streetlight out",
            "description": "The light by the school gate has been out for a week.",
            "grid": town.grid.pk,
        },
    )

    case = Case.objects.get(title="Caller: streetlight out")
    assert response.status_code == 302
    assert (case.source, case.grid, case.reporter, case.entered_by) == (
        "hotline",
        town.grid,
        None,
        dispatcher,
    )
    assert "138 0000 1111" not in client.get(f"/cases/{case.reference}/").content.decode()


def test_an_inspection_problem_keeps_the_inspectors_time_limit(dispatcher, town):
    limit = timezone.now() + timedelta(days=10)
    with pytest.raises(ValidationError):
        services.case_enter(
            staff=dispatcher,
            source="inspection",
            category=town.category,
            urgency="routine",
            title="Inspection: illegal shed",
            description="Found on the leadership inspection.",
            latitude=town_point(town)[0],
            longitude=town_point(town)[1],
        )

    case = services.case_enter(
        staff=dispatcher,
        source="inspection",
        requested_due_at=limit,
        category=town.category,
        urgency="routine",
        title="Inspection: illegal shed",
        description="Found on the leadership inspection.",
        latitude=town_point(town)[0],
        longitude=town_point(town)[1],
    )
    dispatched = services.case_dispatch(
        case=case, actor=dispatcher, department=town.department, public_message="On it."
    )

    assert dispatched.due_at == limit


def test_residents_and_department_staff_cannot_enter_cases(staff, resident, town):
    for person in (staff, resident):
        with pytest.raises(TransitionError):
            services.case_enter(
                staff=person,
                source="hotline",
                category=town.category,
                urgency="routine",
                title="Not allowed",
                description="x" * 10,
                latitude=town_point(town)[0],
                longitude=town_point(town)[1],
            )
    assert not Case.objects.filter(title="Not allowed").exists()


def town_point(town):
    return selectors.grid_centre(town.grid)


def test_the_centre_queue_holds_only_cases_waiting_for_the_centre(
    mfa_client, dispatcher, case_in, submit
):
    case_in(S.CLOSED, title="Finished emergency", urgency=Case.Urgency.EMERGENCY)
    case_in(S.DISPATCHED, title="With a department")
    submit(title="Waiting routine case")
    client = mfa_client(dispatcher)

    queue = html.unescape(client.get("/admin/cases/queue/").content.decode())
    everything = html.unescape(client.get("/admin/cases/").content.decode())

    assert "Waiting routine case" in queue
    assert "Finished emergency" not in queue and "With a department" not in queue
    # The list of all cases: newest first.
    assert everything.index("Waiting routine case") < everything.index("Finished emergency")


def test_the_department_inbox_holds_open_cases_and_filters_reach_the_rest(
    mfa_client, staff, case_in
):
    case_in(S.IN_PROGRESS, title="Open: blocked drain")
    case_in(S.CLOSED, title="Done: pothole filled")
    client = mfa_client(staff)

    inbox = html.unescape(client.get("/admin/cases/").content.decode())
    closed = html.unescape(client.get("/admin/cases/?status=closed").content.decode())

    assert "Open: blocked drain" in inbox and "Done: pothole filled" not in inbox
    assert "Done: pothole filled" in closed


def test_the_department_resolves_with_a_video_that_the_public_can_play(
    mfa_client, staff, case_in, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal.test_uploads import clip

    case = case_in(S.IN_PROGRESS)
    video = SimpleUploadedFile("after.mp4", clip(metadata={"location": "+30.74+120.49/"}))

    response = mfa_client(staff).post(
        f"/admin/cases/{case.pk}/resolve/",
        {"version": case.version, "summary": "Cover replaced.", "video": video},
    )

    assert response.status_code == 302
    stored = case.attachments.get(kind="video")
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert f"/cases/files/{stored.pk}/" in page and "<video" in page
    served = client.get(f"/cases/files/{stored.pk}/")
    assert served["Content-Type"] == "video/mp4"
    assert b"+30.74" not in b"".join(served.streaming_content)


def test_a_file_that_is_not_a_video_is_refused_on_resolve(mfa_client, staff, case_in, case_files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = case_in(S.IN_PROGRESS)

    response = mfa_client(staff).post(
        f"/admin/cases/{case.pk}/resolve/",
        {
            "version": case.version,
            "summary": "Cover replaced.",
            "video": SimpleUploadedFile("after.mp4", b"MZ" + b"\x00" * 100),
        },
    )

    assert response.status_code == 400
    assert "not a video we accept" in html.unescape(response.content.decode())
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS
    assert not [p for p in case_files.rglob("*") if p.is_file()]


def test_accepting_needs_a_public_message_and_offers_the_usual_one(mfa_client, staff, case_in):
    case = case_in(S.DISPATCHED)
    client = mfa_client(staff)

    form = html.unescape(client.get(f"/admin/cases/{case.pk}/accept/").content.decode())
    refused = client.post(
        f"/admin/cases/{case.pk}/accept/", {"version": case.version, "public_message": " "}
    )

    assert "The department has started work on this case." in form
    assert refused.status_code == 400
    assert Case.objects.get(pk=case.pk).status == S.DISPATCHED
