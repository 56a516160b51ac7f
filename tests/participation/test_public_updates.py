"""Public updates on a case: the reporter and anyone signed in who follows the case add text and
up to two photos ("still blocked this morning"), through the same upload checks and rate limits
as a report; followers are told; the linkage centre can hide an update; a resolved case's
reporter can say it is still not fixed, with a photo, which reopens the case."""

from django.core import mail
from django.test import Client

import pytest

from participation import services
from participation.models import Attachment, Case, CaseEvent, CaseUpdate, Evaluation

from .helpers import photo, png_header_only

S = Case.Status
pytestmark = pytest.mark.django_db


def client_of(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post_update(client, case, **data):
    return client.post(f"/cases/{case.reference}/update/", {"text": "", **data})


def page(case, user=None) -> str:
    response = client_of(user).get(case.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_reporter_adds_an_update_with_photos_and_followers_are_told(
    case_in, resident, neighbour, dispatcher, django_capture_on_commit_callbacks
):
    case = case_in(S.IN_PROGRESS)
    services.case_follow(case=case, user=neighbour)
    assert "Add an update" in page(case, resident)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_update(
            client_of(resident),
            case,
            text="Still blocked this morning. <b>Really</b>.",
            photos=[photo("a.jpg"), photo("b.jpg")],
        )

    assert response.status_code == 302
    update = CaseUpdate.objects.get()
    assert (update.author, update.text, update.event.action) == (
        resident,
        "Still blocked this morning. <b>Really</b>.",
        CaseEvent.Action.UPDATE,
    )
    snaps = list(update.photos.all())
    assert [a.stage for a in snaps] == [Attachment.Stage.UPDATE] * 2
    public = page(case)
    assert "Still blocked this morning. &lt;b&gt;Really&lt;/b&gt;." in public
    for snap in snaps:
        assert f"/cases/files/{snap.pk}/" in public
    [told] = [m for m in mail.outbox if neighbour.email in m.to]
    assert f"Case {case.reference}: a new update" in told.subject
    assert "Still blocked this morning." in told.body
    assert not [m for m in mail.outbox if resident.email in m.to], "not the author"
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS


def test_a_follower_adds_an_update_and_someone_who_does_not_follow_cannot(
    case_in, neighbour, make_user
):
    case = case_in(S.DISPATCHED)
    stranger = make_user(email="stranger@example.org")
    assert "Follow this case to add updates" in page(case, stranger)
    assert "Add an update" not in page(case, stranger)

    refused = post_update(client_of(stranger), case, text="Me too.")
    assert refused.status_code == 302
    assert not CaseUpdate.objects.exists()

    services.case_follow(case=case, user=neighbour)
    assert post_update(client_of(neighbour), case, text="Me too.").status_code == 302
    assert CaseUpdate.objects.get().author == neighbour

    anonymous = post_update(client_of(), case, text="Hello.")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert CaseUpdate.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "  "}, "Write what you saw."),
        (
            {"text": "Three.", "photos": [photo("1.jpg"), photo("2.jpg"), photo("3.jpg")]},
            "Attach at most 2 photos.",
        ),
        (
            {
                "text": "A bomb.",
                "photos": [photo("bomb.png", data=png_header_only(20_000, 20_000))],
            },
            None,
        ),
        ({"text": "HTML.", "photos": [photo("x.jpg", data=b"<html><img src=x></html>")]}, None),
    ],
    ids=["empty", "three-photos", "bomb", "html"],
)
def test_a_bad_update_is_refused_and_leaves_nothing_behind(
    data, message, case_in, resident, case_files
):
    case = case_in(S.IN_PROGRESS)
    version = case.version

    response = post_update(client_of(resident), case, **data)

    assert response.status_code == 400
    if message:
        assert message in response.content.decode()
    assert not CaseUpdate.objects.exists()
    assert not Attachment.objects.exists()
    assert not [p for p in case_files.rglob("*") if p.is_file()]
    assert Case.objects.get(pk=case.pk).version == version


def test_a_hidden_case_takes_no_public_update(case_in, resident, dispatcher):
    case = case_in(S.IN_PROGRESS)
    services.case_hide(case=case, actor=dispatcher, reason="A private matter.")

    response = client_of(resident).post(
        f"/cases/{case.reference}/update/", {"text": "Still here."}, follow=True
    )

    assert "This case is not on the public site, so it takes no public updates." in (
        response.content.decode()
    )
    assert not CaseUpdate.objects.exists()


def test_still_not_fixed_on_a_hidden_case_is_refused_too(case_in, resident, dispatcher):
    case = case_in(S.RESOLVED)
    services.case_hide(case=case, actor=dispatcher, reason="A private matter.")

    response = post_update(
        client_of(resident), case, text="Still broken.", still_not_fixed="on", photos=[photo()]
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.evaluations.count()) == (S.RESOLVED, 0)
    assert not CaseUpdate.objects.exists() and not Attachment.objects.exists()


def test_the_centre_hides_an_update_and_its_photos(
    case_in, resident, dispatcher, mfa_client, django_capture_on_commit_callbacks
):
    case = case_in(S.IN_PROGRESS)
    post_update(client_of(resident), case, text="My neighbour Wang did it.", photos=[photo()])
    update = CaseUpdate.objects.get()
    snap = update.photos.get()
    centre = mfa_client(dispatcher)
    inspect = centre.get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    url = f"/admin/cases/{case.pk}/hide_update/"
    assert f"{url}?update={update.pk}" in inspect

    empty = centre.post(url, {"version": case.version + 1, "update": update.pk, "reason": ""})
    assert empty.status_code == 400
    assert "Give the reason for hiding the update." in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = centre.post(
            url, {"version": case.version + 1, "update": update.pk, "reason": "Names a person."}
        )
    assert done.status_code == 302

    public = page(case)
    assert "My neighbour Wang" not in public
    assert "The linkage centre removed this update." in public
    assert client_of().get(f"/cases/files/{snap.pk}/").status_code == 404
    assert client_of(resident).get(f"/cases/files/{snap.pk}/").status_code == 200
    assert "My neighbour Wang" in page(case, resident)
    assert CaseEvent.objects.filter(action=CaseEvent.Action.HIDE_UPDATE).count() == 1


def test_the_reporter_says_a_resolved_case_is_still_not_fixed_and_it_reopens(
    case_in, resident, staff, django_capture_on_commit_callbacks
):
    case = case_in(S.RESOLVED)
    form = page(case, resident)
    assert "It is still not fixed: reopen the case" in form

    no_photo = post_update(client_of(resident), case, text="The cover rocks.", still_not_fixed="on")
    assert no_photo.status_code == 400
    assert "Add a photo that shows it is still not fixed." in no_photo.content.decode()
    assert Case.objects.get(pk=case.pk).status == S.RESOLVED

    with django_capture_on_commit_callbacks(execute=True):
        response = post_update(
            client_of(resident),
            case,
            text="The cover rocks when you step on it.",
            still_not_fixed="on",
            photos=[photo()],
        )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.reopen_count) == (S.REOPENED, 1)
    evaluation = Evaluation.objects.get()
    assert (evaluation.rating, evaluation.comment) == (
        "unsatisfied",
        "The cover rocks when you step on it.",
    )
    update = CaseUpdate.objects.get()
    assert update.event.action == CaseEvent.Action.EVALUATE
    assert "The cover rocks when you step on it." in page(case)
    assert any(case.reference in m.subject for m in mail.outbox if staff.email in m.to)


def test_only_the_reporter_of_a_resolved_case_is_offered_still_not_fixed(case_in, neighbour):
    case = case_in(S.RESOLVED)
    services.case_follow(case=case, user=neighbour)

    assert "It is still not fixed" not in page(case, neighbour)
    post_update(
        client_of(neighbour), case, text="Still broken.", still_not_fixed="on", photos=[photo()]
    )

    assert Case.objects.get(pk=case.pk).status == S.RESOLVED, "a follower's update reopens nothing"
    assert CaseUpdate.objects.get().event.action == CaseEvent.Action.UPDATE
