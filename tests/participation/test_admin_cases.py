"""Cases in the Wagtail admin: staff (logged in with MFA) move cases only through workflow
actions; the model's add/edit/delete screens are closed to everyone."""

import html

from django.contrib.messages import get_messages

import pytest

from participation.models import Attachment, Case

from .helpers import files_in, photo

S = Case.Status
pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def messages_of(response):
    """The messages queued for the next page, less the one left over from logging in."""
    return [
        str(m).strip()
        for m in get_messages(response.wsgi_request)
        if not str(m).startswith("Successfully signed in")
    ]


def transition_url(case, action):
    return f"/admin/cases/{case.pk}/{action}/"


def inspect_url(case):
    return f"/admin/cases/inspect/{case.pk}/"


def test_staff_without_mfa_cannot_reach_the_cases(client, dispatcher, submit):
    case = submit()
    client.force_login(dispatcher)

    for url in ("/admin/cases/", inspect_url(case), transition_url(case, "dispatch")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/mfa/" in response.url or "totp" in response.url


def test_residents_cannot_reach_the_cases(client, resident, submit):
    case = submit()
    client.force_login(resident)

    response = client.post(
        transition_url(case, "dispatch"), {"department": case.category.default_department_id}
    )

    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/admin/")
    assert Case.objects.get(pk=case.pk).status == S.SUBMITTED


def test_the_dispatcher_sees_the_list_and_the_case_with_its_actions(mfa_client, dispatcher, submit):
    case = submit(title="Manhole cover missing outside No. 12")
    client = mfa_client(dispatcher)

    listing = client.get("/admin/cases/")
    inspect = client.get(inspect_url(case))

    assert listing.status_code == 200
    assert "Manhole cover missing outside No. 12" in text(listing)
    assert inspect.status_code == 200
    page = text(inspect)
    assert case.reference in page
    assert "li.hua@example.org" in page, "staff see who reported"
    assert f'href="/admin/cases/{case.pk}/dispatch/"' in page
    assert f'href="/admin/cases/{case.pk}/reject/"' in page
    assert f'href="/admin/cases/{case.pk}/accept/"' not in page


@pytest.mark.parametrize("category", ["category", "other_category"])
def test_the_dispatch_form_preselects_the_categorys_default_department(
    mfa_client, dispatcher, submit, town, category
):
    category = getattr(town, category)
    case = submit(category=category)
    client = mfa_client(dispatcher)

    form = client.get(transition_url(case, "dispatch"))

    assert form.status_code == 200
    department = category.default_department
    assert form.context["form"]["department"].value() == department.pk
    assert f'<option value="{department.pk}" selected>' in text(form)
    assert text(form).count(" selected>") == 1


def test_the_dispatcher_dispatches_to_the_preselected_department(
    mfa_client, dispatcher, submit, town
):
    case = submit()
    client = mfa_client(dispatcher)

    form = client.get(transition_url(case, "dispatch"))
    assert form.status_code == 200
    assert form.context["form"]["department"].value() == town.department.pk
    assert f'<option value="{town.department.pk}" selected>' in text(form)

    response = client.post(
        transition_url(case, "dispatch"),
        {
            "department": town.department.pk,
            "public_message": "Sent to the Construction Office.",
            "internal_note": "Urgent: school nearby.",
        },
    )

    assert response.status_code == 302
    assert response.url == inspect_url(case)
    assert f"{case.reference}: Dispatch done." in messages_of(response)
    case.refresh_from_db()
    assert case.status == S.DISPATCHED
    assert case.department == town.department
    event = case.events.last()
    assert (event.actor, event.public_message, event.internal_note) == (
        dispatcher,
        "Sent to the Construction Office.",
        "Urgent: school nearby.",
    )
    inspect = text(client.get(inspect_url(case)))
    assert "Urgent: school nearby." in inspect, "staff see internal notes"


def test_a_dispatch_without_a_public_message_shows_the_form_again(mfa_client, dispatcher, submit):
    case = submit()
    client = mfa_client(dispatcher)

    response = client.post(
        transition_url(case, "dispatch"), {"department": case.category.default_department_id}
    )

    assert response.status_code == 400
    assert "This field is required." in text(response)
    assert Case.objects.get(pk=case.pk).status == S.SUBMITTED


def test_the_department_accepts_and_resolves_with_an_after_photo(
    mfa_client, staff, case_in, case_files, django_capture_on_commit_callbacks
):
    case = case_in(S.DISPATCHED)
    client = mfa_client(staff)

    inspect = text(client.get(inspect_url(case)))
    assert f'href="/admin/cases/{case.pk}/accept/"' in inspect
    assert f'href="/admin/cases/{case.pk}/dispatch/"' not in inspect

    response = client.post(transition_url(case, "accept"), {"public_message": "On our way."})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS

    assert client.get(transition_url(case, "resolve")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            transition_url(case, "resolve"),
            {"summary": "A new cover was fitted.", "photos": [photo("after.jpg")]},
        )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.RESOLVED
    assert case.rectification_summary == "A new cover was fitted."
    after = case.attachments.get(stage=Attachment.Stage.RECTIFICATION)
    assert (after.kind, after.uploaded_by) == ("photo", staff)
    assert after.thumbnail
    assert len(files_in(case_files)) == 2  # the photo and its thumbnail


def test_resolving_without_photo_or_reason_is_refused_with_a_message(
    mfa_client, staff, case_in, case_files
):
    case = case_in(S.IN_PROGRESS)
    client = mfa_client(staff)

    response = client.post(transition_url(case, "resolve"), {"summary": "Done."})
    bad_photo = client.post(
        transition_url(case, "resolve"),
        {"summary": "Done.", "photos": [photo("x.jpg", data=b"MZ" + b"\0" * 100)]},
    )

    assert response.status_code == 400
    assert "Attach at least one photo of the result, or say why there is none." in text(response)
    assert bad_photo.status_code == 400
    assert "This file is not a photo we accept." in text(bad_photo)
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS
    assert files_in(case_files) == []


def test_for_an_emergency_the_department_says_when_the_hazard_appeared(
    mfa_client, staff, case_in, case_files
):
    routine = case_in(S.IN_PROGRESS)
    emergency = case_in(S.IN_PROGRESS, urgency=Case.Urgency.EMERGENCY)
    client = mfa_client(staff)
    assert "When did the hazard appear?" not in text(client.get(transition_url(routine, "resolve")))
    assert "When did the hazard appear?" in text(client.get(transition_url(emergency, "resolve")))

    after_the_report = client.post(
        transition_url(emergency, "resolve"),
        {
            "summary": "Filled.",
            "no_photo_reason": "Night.",
            "hazard_real": "yes",
            "hazard_appeared_at": "2099-01-01T08:00",
        },
    )
    assert after_the_report.status_code == 400
    assert "The hazard cannot have appeared after it was reported" in text(after_the_report)
    assert Case.objects.get(pk=emergency.pk).status == S.IN_PROGRESS

    response = client.post(
        transition_url(emergency, "resolve"),
        {
            "summary": "Filled.",
            "no_photo_reason": "Night.",
            "hazard_real": "yes",
            "hazard_appeared_at": "2020-01-01T08:00",
        },
    )
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert (emergency.hazard_appeared_at.year, emergency.hazard_confirmed) == (2020, True)


def test_an_emergencys_resolve_form_asks_whether_the_hazard_was_real(mfa_client, staff, case_in):
    emergency = case_in(S.IN_PROGRESS, urgency=Case.Urgency.EMERGENCY)
    client = mfa_client(staff)
    assert "Was the hazard real?" in text(client.get(transition_url(emergency, "resolve")))

    unanswered = client.post(
        transition_url(emergency, "resolve"), {"summary": "Filled.", "no_photo_reason": "Night."}
    )
    assert unanswered.status_code == 400
    assert "Say whether you found the hazard real on site." in text(unanswered)
    assert Case.objects.get(pk=emergency.pk).status == S.IN_PROGRESS

    answered = client.post(
        transition_url(emergency, "resolve"),
        {"summary": "Only a puddle.", "no_photo_reason": "Night.", "hazard_real": "no"},
    )
    assert answered.status_code == 302
    emergency.refresh_from_db()
    assert (emergency.status, emergency.hazard_confirmed) == (S.RESOLVED, False)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_dispatcher_cannot_do_the_departments_work(mfa_client, dispatcher, case_in, method):
    case = case_in(S.DISPATCHED)
    client = mfa_client(dispatcher)

    response = getattr(client, method)(transition_url(case, "accept"), {"public_message": "x"})

    assert response.status_code == 302
    assert response.url == inspect_url(case)
    assert messages_of(response) == ["You are not allowed to do this to this case."]
    assert Case.objects.get(pk=case.pk).status == S.DISPATCHED
    assert case.events.count() == 2


def test_staff_of_another_department_do_not_see_the_case_at_all(mfa_client, other_staff, case_in):
    case = case_in(S.DISPATCHED)
    client = mfa_client(other_staff)

    accept = client.post(
        transition_url(case, "accept"), {"public_message": "", "internal_note": ""}
    )
    inspect = client.get(inspect_url(case))
    listing = client.get("/admin/cases/")

    assert (accept.status_code, inspect.status_code) == (404, 404)
    assert case.title not in text(listing)
    assert Case.objects.get(pk=case.pk).status == S.DISPATCHED


def test_department_staff_see_their_own_departments_cases(mfa_client, staff, case_in):
    mine = case_in(S.DISPATCHED, title="Ours: broken drain cover")
    waiting = case_in(S.SUBMITTED, title="Not dispatched yet: loose paving")
    client = mfa_client(staff)

    listing = text(client.get("/admin/cases/"))

    assert mine.title in listing and waiting.title not in listing
    assert client.get(inspect_url(mine)).status_code == 200
    assert client.get(inspect_url(waiting)).status_code == 404


def test_an_action_in_the_wrong_state_is_refused_with_a_message(mfa_client, dispatcher, case_in):
    case = case_in(S.DISPATCHED)
    client = mfa_client(dispatcher)

    response = client.post(
        transition_url(case, "dispatch"),
        {"department": case.department_id, "public_message": "Again."},
    )

    assert response.url == inspect_url(case)
    assert messages_of(response) == [
        "This case is dispatched, so this cannot be done now. Reload the page."
    ]
    assert case.events.count() == 2


def test_unknown_actions_and_cases_are_not_found(mfa_client, dispatcher, submit):
    case = submit()
    client = mfa_client(dispatcher)

    assert client.get(transition_url(case, "evaluate")).status_code == 404
    assert client.get(transition_url(case, "auto_close")).status_code == 404
    assert client.get("/admin/cases/999999/dispatch/").status_code == 404


@pytest.fixture
def superuser(make_user):
    user = make_user(email="root@example.org")
    user.is_superuser = True
    user.is_staff = True
    user.save()
    return user


@pytest.mark.parametrize("who", ["dispatcher", "staff", "superuser"])
def test_cases_cannot_be_added_edited_or_deleted_in_the_admin(mfa_client, submit, request, who):
    case = submit()
    client = mfa_client(request.getfixturevalue(who))

    for url in (
        "/admin/cases/new/",
        f"/admin/cases/edit/{case.pk}/",
        f"/admin/cases/delete/{case.pk}/",
    ):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"title": "Changed", "status": "closed"})
            assert (response.status_code, response.url) == (302, "/admin/"), (url, method)
            assert "Sorry, you do not have permission to access this area." in messages_of(response)

    case.refresh_from_db()
    assert (case.status, case.title) == (S.SUBMITTED, "Manhole cover missing")
    listing = text(client.get("/admin/cases/"))
    assert "/admin/cases/new/" not in listing
    assert f"/admin/cases/edit/{case.pk}/" not in listing
