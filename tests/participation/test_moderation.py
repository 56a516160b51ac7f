"""Moderation and privacy: cases of private categories, hiding and publishing by the linkage
centre, and what every public output shows of each."""

import csv
import io
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import Client

import pytest

from participation import services
from participation.models import Case, CaseEvent
from participation.workflow import TransitionError

S = Case.Status
pytestmark = pytest.mark.django_db
# A pin that is not on the 100 m rounding grid: the public sees 30.745, 120.496.
EXACT = {"latitude": Decimal("30.745437"), "longitude": Decimal("120.495561")}


@pytest.fixture
def private_category(town):
    town.category.public_by_default = False
    town.category.save()
    return town.category


def client_of(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def public_outputs(client) -> dict[str, str]:
    """Every public output that lists cases, as the text a reader gets."""
    export = b"".join(client.get("/cases/export.csv").streaming_content).decode("utf-8-sig")
    return {
        "list": client.get("/cases/").content.decode(),
        "map": client.get("/cases/map/points.json").content.decode(),
        "feed": client.get("/cases/feed/").content.decode(),
        "grid feed": client.get("/cases/feed/grid/7/").content.decode(),
        "export": export,
        "open311": client.get("/open311/v2/requests.json").content.decode(),
        "search": client.get("/search/", {"q": "Manhole"}).content.decode(),
    }


def nearby(client, town):
    response = client.get(
        "/report/nearby/",
        {"category": town.category.pk, "latitude": "30.745437", "longitude": "120.495561"},
    )
    return [case["reference"] for case in response.json()["cases"]]


def test_a_private_categorys_case_is_seen_only_by_its_reporter_and_staff(
    private_category, submit, resident, neighbour, dispatcher, staff, town
):
    case = submit(**EXACT)

    assert Case.objects.get(pk=case.pk).is_hidden
    for name, text in public_outputs(client_of()).items():
        assert case.reference not in text, name
    assert nearby(client_of(neighbour), town) == []
    page = case.get_absolute_url()
    assert client_of().get(page).status_code == 404
    assert client_of(neighbour).get(page).status_code == 404
    assert client_of(staff).get(page).status_code == 404, "not yet with their department"

    mine = client_of(resident).get(page)
    assert mine.status_code == 200
    text = mine.content.decode()
    assert "Only you and the linkage centre can see this case" in text
    assert 'data-lat="30.745437"' in text, "the reporter sees the exact place"
    assert "/follow/" not in text, "nothing to follow or support off the public site"
    assert client_of(dispatcher).get(page).status_code == 200


def test_once_published_a_private_categorys_pin_is_rounded_to_about_100_m(
    private_category, submit, resident, dispatcher
):
    case = submit(**EXACT)
    services.case_publish(case=case, actor=dispatcher)

    outputs = public_outputs(client_of())
    for name in ("list", "map", "feed", "export", "open311"):
        assert case.reference in outputs[name], name
    [point] = json.loads(outputs["map"])["features"]
    assert point["geometry"]["coordinates"] == [120.496, 30.745]
    [request] = json.loads(outputs["open311"])
    assert (request["lat"], request["long"]) == (30.745, 120.496)
    [row] = csv.DictReader(io.StringIO(outputs["export"]))
    assert (row["latitude"], row["longitude"]) == ("30.7450", "120.4960")
    public_page = client_of().get(case.get_absolute_url()).content.decode()
    assert 'data-lat="30.745" data-lng="120.496"' in public_page
    assert "30.745437" not in public_page and "120.495561" not in public_page
    own_page = client_of(resident).get(case.get_absolute_url()).content.decode()
    assert 'data-lat="30.745437" data-lng="120.495561"' in own_page


def test_a_public_categorys_pin_is_exact(submit):
    case = submit(**EXACT)

    [point] = json.loads(client_of().get("/cases/map/points.json").content)["features"]
    assert point["geometry"]["coordinates"] == [120.495561, 30.745437]
    assert 'data-lat="30.745437"' in client_of().get(case.get_absolute_url()).content.decode()


def test_the_centre_hides_a_case_with_a_reason_and_publishes_it_again(
    case_in, resident, neighbour, dispatcher, django_capture_on_commit_callbacks
):
    case = case_in(S.IN_PROGRESS)
    services.case_follow(case=case, user=neighbour)
    assert case.reference in client_of().get("/cases/").content.decode()  # cached now

    with django_capture_on_commit_callbacks(execute=True):
        services.case_hide(case=case, actor=dispatcher, reason="It names a neighbour.")

    case.refresh_from_db()
    assert (case.is_hidden, case.hidden_reason) == (True, "It names a neighbour.")
    for name, text in public_outputs(client_of()).items():
        assert case.reference not in text, name
    assert client_of(neighbour).get(case.get_absolute_url()).status_code == 404
    mine = client_of(resident).get(case.get_absolute_url()).content.decode()
    assert "Only you and the linkage centre can see this case" in mine
    assert "It names a neighbour." not in mine, "the reason is for staff"
    hide = case.events.get(action=CaseEvent.Action.HIDE)
    assert (hide.actor, hide.internal_note, hide.public_message) == (
        dispatcher,
        "It names a neighbour.",
        "",
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.case_publish(case=case, actor=dispatcher, internal_note="Names removed.")

    case.refresh_from_db()
    assert (case.is_hidden, case.hidden_reason) == (False, "")
    assert case.reference in client_of().get("/cases/").content.decode()
    page = client_of().get(case.get_absolute_url()).content.decode()
    assert "Hidden from the public" not in page and "Published" not in page
    assert case.events.filter(action=CaseEvent.Action.PUBLISH).count() == 1


def test_hiding_without_a_reason_is_refused_and_changes_nothing(case_in, dispatcher):
    case = case_in(S.DISPATCHED)
    version = case.version

    with pytest.raises(ValidationError) as error:
        services.case_hide(case=case, actor=dispatcher, reason="   ")

    assert error.value.message_dict == {"reason": ["Give the reason for hiding the case."]}
    case.refresh_from_db()
    assert (case.is_hidden, case.version, case.events.count()) == (False, version, 2)


def test_hiding_a_hidden_case_or_publishing_a_public_one_is_refused(case_in, dispatcher):
    case = case_in(S.SUBMITTED)

    with pytest.raises(TransitionError) as error:
        services.case_publish(case=case, actor=dispatcher)
    assert error.value.code == "wrong_state"

    services.case_hide(case=case, actor=dispatcher, reason="Private matter.")
    with pytest.raises(TransitionError) as error:
        services.case_hide(case=case, actor=dispatcher, reason="Again.")
    assert error.value.code == "wrong_state"
    assert Case.objects.get(pk=case.pk).hidden_reason == "Private matter."


def test_the_centre_hides_a_case_from_the_admin_and_a_department_cannot(
    case_in, mfa_client, dispatcher, staff
):
    case = case_in(S.IN_PROGRESS)
    url = f"/admin/cases/{case.pk}/hide/"
    centre, department = mfa_client(dispatcher), mfa_client(staff)

    assert url in centre.get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    assert url not in department.get(f"/admin/cases/inspect/{case.pk}/").content.decode()

    empty = centre.post(url, {"version": case.version, "reason": ""})
    assert empty.status_code == 400
    assert "Give the reason for hiding the case." in empty.content.decode()

    refused = department.post(url, {"version": case.version, "reason": "Mine."})
    assert refused.status_code == 302
    assert not Case.objects.get(pk=case.pk).is_hidden

    done = centre.post(url, {"version": case.version, "reason": "A face."})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.is_hidden
    inspect = centre.get(f"/admin/cases/inspect/{case.pk}/").content.decode()
    assert "Hidden from the public: A face." in inspect
    assert f"/admin/cases/{case.pk}/publish/" in inspect
