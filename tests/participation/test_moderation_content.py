"""Moderation of what the public reads of a case: the reporter's own words and voice note (public
only once the linkage centre publishes them), the centre's edits of the public text (the original
kept for staff), single photos and recordings taken off the public site, and a rejected report's
files. Each is checked on every public output."""

import csv
import io
import json
import re

from django.core.exceptions import ValidationError
from django.test import Client

import pytest

from participation import services
from participation.models import Attachment, Case, CaseEvent
from participation.workflow import TransitionError

from .helpers import photo, recording

S = Case.Status
pytestmark = pytest.mark.django_db
WORDS = "The cover outside No. 12 is gone; Mr Zhang at 138 0000 0000 saw it first."


def client_of(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def public_outputs(client) -> dict[str, str]:
    """Every public output that shows a case's text, as the text a reader gets."""
    export = b"".join(client.get("/cases/export.csv").streaming_content).decode("utf-8-sig")
    return {
        "list": client.get("/cases/").content.decode(),
        "feed": client.get("/cases/feed/").content.decode(),
        "category feed": client.get("/cases/feed/category/manhole-cover/").content.decode(),
        "export": export,
        "open311": client.get("/open311/v2/requests.json").content.decode(),
        "open311 extensions": client.get(
            "/open311/v2/requests.json", {"extensions": "true"}
        ).content.decode(),
    }


def page(case, user=None) -> str:
    response = client_of(user).get(case.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def file_status(attachment, user=None) -> int:
    return client_of(user).get(f"/cases/files/{attachment.pk}/").status_code


@pytest.fixture
def reported(submit):
    """A report with a photo and a voice note, as a resident sends it."""
    return submit(description=WORDS, photos=[photo()], voice=recording())


# --- The reporter's own words ----------------------------------------------------------------


def test_a_reports_words_and_voice_note_wait_for_the_centre(reported, resident, dispatcher):
    voice = reported.attachments.get(kind=Attachment.Kind.AUDIO)
    snap = reported.attachments.get(kind=Attachment.Kind.PHOTO)

    for name, text in public_outputs(client_of()).items():
        assert "Mr Zhang" not in text, name
    assert reported.title in public_outputs(client_of())["list"]
    public = page(reported)
    assert "Mr Zhang" not in public
    assert "will be shown here once the linkage centre has read it" in public
    assert f"/cases/files/{voice.pk}/" not in public
    assert f"/cases/files/{snap.pk}/" in public, "photos are public from the start"
    assert file_status(voice) == 404
    assert file_status(snap) == 200
    assert (
        client_of().get("/search/", {"q": "Zhang"}).content.decode().count(reported.reference) == 0
    )

    mine = page(reported, resident)
    assert "Mr Zhang" in mine and f"/cases/files/{voice.pk}/" in mine
    assert "Not public yet" in mine
    assert file_status(voice, resident) == 200
    assert file_status(voice, dispatcher) == 200


def test_dispatching_with_the_box_ticked_publishes_the_words_and_voice_note(
    reported, dispatcher, town
):
    voice = reported.attachments.get(kind=Attachment.Kind.AUDIO)

    services.case_dispatch(
        case=reported,
        actor=dispatcher,
        department=town.department,
        public_message="Sent on.",
        publish_report=True,
    )

    outputs = public_outputs(client_of())
    for name in ("feed", "export", "open311"):
        assert "Mr Zhang" in outputs[name], name
    [request] = json.loads(outputs["open311"])
    assert request["description"] == WORDS
    assert "Mr Zhang" in page(reported)
    assert file_status(voice) == 200
    assert reported.reference in client_of().get("/search/", {"q": "Zhang"}).content.decode()
    dispatch = reported.events.get(action=CaseEvent.Action.DISPATCH)
    assert dispatch.details == {"published_report": True}


def test_dispatching_without_the_box_leaves_them_for_later(
    reported, dispatcher, town, django_capture_on_commit_callbacks
):
    services.case_dispatch(
        case=reported, actor=dispatcher, department=town.department, public_message="Sent on."
    )
    assert "Mr Zhang" not in page(reported)

    with django_capture_on_commit_callbacks(execute=True):  # the cached page is dropped
        services.case_publish_report(case=reported, actor=dispatcher, internal_note="Read it.")

    assert "Mr Zhang" in page(reported)
    with pytest.raises(TransitionError) as error:
        services.case_publish_report(case=reported, actor=dispatcher)
    assert error.value.message == "The reporter's words and voice note are already published."


# --- Editing the public text -----------------------------------------------------------------


def test_the_centre_edits_the_public_text_and_staff_keep_the_original(
    case_in, dispatcher, mfa_client, resident, django_capture_on_commit_callbacks
):
    case = case_in(S.DISPATCHED, description=WORDS)
    assert "Mr Zhang" in page(case)

    with django_capture_on_commit_callbacks(execute=True):  # the cached page is dropped
        services.case_redact(
            case=case,
            actor=dispatcher,
            title="Manhole cover missing",
            description="The cover outside No. 12 is gone.",
            reason="It named a neighbour and his phone number.",
        )

    case.refresh_from_db()
    assert (case.original_title, case.original_description) == ("Manhole cover missing", WORDS)
    for name, text in public_outputs(client_of()).items():
        assert "Mr Zhang" not in text and "138 0000" not in text, name
    public = page(case)
    assert "The cover outside No. 12 is gone." in public
    assert "The linkage centre edited the public text of this report" in public
    assert "It named a neighbour" not in public, "the reason is for staff"
    assert client_of().get("/search/", {"q": "Zhang"}).content.decode().count(case.reference) == 0
    assert "Mr Zhang" not in page(case, resident)
    inspect = mfa_client(dispatcher).get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    assert "As reported (staff only)" in inspect and "Mr Zhang" in inspect
    assert "It named a neighbour and his phone number." in inspect

    # A second edit changes the public text again; what the reporter wrote stays.
    services.case_redact(
        case=case, actor=dispatcher, title="Cover missing", description="Gone.", reason="Shorter."
    )
    case.refresh_from_db()
    assert (case.title, case.original_title, case.original_description) == (
        "Cover missing",
        "Manhole cover missing",
        WORDS,
    )
    assert case.events.filter(action=CaseEvent.Action.REDACT).count() == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"reason": " "}, {"reason": ["Give the reason for editing the report."]}),
        ({"title": "Hi"}, {"title": ["Ensure this value has at least 4 characters (it has 2)."]}),
        ({"description": ""}, {"description": ["This field cannot be blank."]}),
        (
            {"title": "Manhole cover missing", "description": WORDS},
            {"description": ["Change the title or the description, or cancel."]},
        ),
    ],
    ids=["no-reason", "short-title", "empty-description", "unchanged"],
)
def test_a_bad_edit_is_refused_and_changes_nothing(case_in, dispatcher, changes, message):
    case = case_in(S.DISPATCHED, description=WORDS)
    before = (case.title, case.description, case.version, case.events.count())
    data = {"title": "A new title", "description": "A new text.", "reason": "Names."} | changes

    with pytest.raises(ValidationError) as error:
        services.case_redact(case=case, actor=dispatcher, **data)

    assert error.value.message_dict == message
    case.refresh_from_db()
    assert (case.title, case.description, case.version, case.events.count()) == before
    assert not case.is_redacted


# --- One photo or recording ------------------------------------------------------------------


def test_the_centre_hides_one_photo_and_publishes_it_again(
    case_in, dispatcher, resident, neighbour
):
    case = case_in(S.DISPATCHED, photos=[photo("a.jpg"), photo("b.jpg")])
    hidden, kept = case.attachments.order_by("pk")

    services.case_hide_file(case=case, actor=dispatcher, attachment=hidden, reason="A face.")

    hidden.refresh_from_db()
    assert (hidden.is_public, hidden.hidden_reason) == (False, "A face.")
    public = page(case)
    assert f"/cases/files/{hidden.pk}/" not in public
    assert f"/cases/files/{kept.pk}/" in public
    assert file_status(hidden) == 404 and file_status(hidden, neighbour) == 404
    assert file_status(hidden, resident) == 200 and file_status(hidden, dispatcher) == 200
    [request] = json.loads(
        client_of().get("/open311/v2/requests.json", {"extensions": "true"}).content
    )
    assert [m["url"].rsplit("/", 2)[-2] for m in request["media_urls"]] == [str(kept.pk)]
    assert request["media_url"].endswith(f"/cases/files/{kept.pk}/")
    event = case.events.get(action=CaseEvent.Action.HIDE_FILE)
    assert (event.internal_note, event.details) == (
        "A face.",
        {"attachment": hidden.pk, "kind": "photo"},
    )
    assert event not in [e for e in case.events.all() if e.public_text]

    services.case_show_file(case=case, actor=dispatcher, attachment=hidden)
    assert file_status(hidden) == 200


def test_hiding_a_file_needs_a_reason_and_one_of_the_cases_own_public_files(case_in, dispatcher):
    case = case_in(S.DISPATCHED, photos=[photo()])
    other = case_in(S.DISPATCHED, photos=[photo()])
    mine, theirs = case.attachments.get(), other.attachments.get()
    version = case.version

    with pytest.raises(ValidationError) as error:
        services.case_hide_file(case=case, actor=dispatcher, attachment=mine, reason="")
    assert error.value.message_dict == {"reason": ["Give the reason for hiding the file."]}
    with pytest.raises(ValidationError) as error:
        services.case_hide_file(case=case, actor=dispatcher, attachment=theirs, reason="Face.")
    assert error.value.message_dict == {"attachment": ["Choose one of this case's files."]}
    with pytest.raises(TransitionError) as error:
        services.case_show_file(case=case, actor=dispatcher, attachment=mine)
    assert error.value.message == "Every photo and recording of this case is already public."

    case.refresh_from_db()
    assert case.version == version
    assert Attachment.objects.filter(is_public=False).count() == 0


def test_the_centre_hides_a_photo_from_the_admin_and_a_department_cannot(
    case_in, mfa_client, dispatcher, staff, other_staff
):
    case = case_in(S.IN_PROGRESS, photos=[photo()])
    snap = case.attachments.get()
    url = f"/admin/cases/{case.pk}/hide_file/"
    centre = mfa_client(dispatcher)

    inspect = centre.get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    assert f"{url}?file={snap.pk}" in inspect
    form = centre.get(f"{url}?file={snap.pk}")
    assert form.status_code == 200
    assert re.search(rf'value="{snap.pk}"[^>]* checked', form.content.decode())
    department = mfa_client(staff)
    assert url not in department.get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    assert mfa_client(other_staff).get(url).status_code == 404

    refused = department.post(url, {"version": case.version, "attachment": snap.pk})
    assert refused.status_code == 302
    empty = centre.post(url, {"version": case.version, "attachment": snap.pk, "reason": ""})
    assert empty.status_code == 400
    assert "Give the reason for hiding the file." in empty.content.decode()
    huge = centre.post(url, {"version": case.version, "attachment": "9" * 30, "reason": "Face"})
    assert huge.status_code == 400
    assert Attachment.objects.get().is_public

    done = centre.post(url, {"version": case.version, "attachment": snap.pk, "reason": "A face."})
    assert done.status_code == 302
    assert not Attachment.objects.get().is_public
    inspect = centre.get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    assert "A face." in inspect and f"/admin/cases/{case.pk}/show_file/?file={snap.pk}" in inspect


# --- A rejected report -----------------------------------------------------------------------


def test_a_rejected_case_stays_listed_with_the_reason_but_without_its_files(
    submit, dispatcher, resident
):
    case = submit(photos=[photo()], voice=recording())
    services.case_publish_report(case=case, actor=dispatcher)
    files = list(case.attachments.all())
    assert all(file_status(item) == 200 for item in files)

    services.case_reject(
        case=case, actor=dispatcher, reason="Duplicate.", public_message="Already reported."
    )

    assert case.reference in client_of().get("/cases/").content.decode()
    public = page(case)
    assert "Already reported." in public
    for item in files:
        assert f"/cases/files/{item.pk}/" not in public
        assert file_status(item) == 404
        assert file_status(item, resident) == 200
    [request] = json.loads(
        client_of().get("/open311/v2/requests.json", {"extensions": "true"}).content
    )
    assert request["media_url"] is None and request["media_urls"] == []
    export = b"".join(client_of().get("/cases/export.csv").streaming_content).decode("utf-8-sig")
    [row] = csv.DictReader(io.StringIO(export))
    assert row["status"] == "rejected"
