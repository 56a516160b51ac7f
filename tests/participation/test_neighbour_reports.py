"""A housekeeper (or the hotline) reports for a neighbour: the neighbour is texted the case
number and, on resolution, a signed single-use link to evaluate it without an account."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from participation import services
from participation.models import Case, EvaluationLink, GridMembership
from portal import roles

from .conftest import LAT, LNG

pytestmark = pytest.mark.django_db

NEIGHBOUR = "+8613912345678"


@pytest.fixture
def housekeeper(make_user, town):
    user = make_user(email="zhou@example.org", roles=[roles.RESIDENT])
    GridMembership.objects.create(grid=town.grid, user=user, role="housekeeper")
    return user


@pytest.fixture
def for_neighbour(submit, housekeeper, django_capture_on_commit_callbacks):
    def report(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return submit(
                reporter=housekeeper,
                neighbour_phone="139 1234 5678",
                neighbour_consent=True,
                **overrides,
            )

    return report


@pytest.fixture
def resolve(advance, django_capture_on_commit_callbacks):
    def resolve(case):
        with django_capture_on_commit_callbacks(execute=True):
            return advance(case, "dispatch", "accept", "resolve")

    return resolve


def texts_to(sms_outbox, number=NEIGHBOUR):
    return [message for message in sms_outbox() if message["to"] == number]


def evaluation_path(sms_outbox) -> str:
    text = texts_to(sms_outbox)[-1]["text"]
    return re.search(r"(/e/[0-9]+-[0-9a-f]+)", text).group(1)


def test_the_neighbour_is_texted_the_case_number(for_neighbour, sms_outbox, housekeeper):
    case = for_neighbour()

    assert (case.reporter, case.neighbour_phone) == (housekeeper, NEIGHBOUR)
    assert case.neighbour_consent_at is not None
    [receipt] = texts_to(sms_outbox)
    assert case.reference in receipt["text"]
    assert f"/c/{case.reference}" in receipt["text"]
    assert len(receipt["text"]) <= 70  # one text message, in Chinese


def test_the_neighbour_evaluates_with_the_texted_link(
    client, for_neighbour, resolve, sms_outbox, housekeeper
):
    case = resolve(for_neighbour())
    path = evaluation_path(sms_outbox)
    # The housekeeper is not asked: it is the neighbour's report to evaluate.
    assert not services.selectors.may(housekeeper, "evaluate", case)

    page = client.get(path)
    assert page.status_code == 200
    assert case.title in page.content.decode()
    response = client.post(path, {"rating": "satisfied", "comment": "Fixed, thanks."})

    assert response.status_code == 200
    assert "Thank you for your evaluation" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    evaluation = case.evaluations.get()
    assert (evaluation.evaluator, evaluation.rating) == (None, "satisfied")


def test_the_link_works_once(client, for_neighbour, resolve, sms_outbox):
    case = resolve(for_neighbour())
    path = evaluation_path(sms_outbox)
    client.post(path, {"rating": "satisfied"})

    response = client.post(path, {"rating": "unsatisfied", "comment": "Changed my mind"})

    assert response.status_code == 409
    assert "already been used" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.evaluations.count() == 1


def test_a_tampered_link_is_refused(client, for_neighbour, resolve, sms_outbox):
    case = resolve(for_neighbour())
    path = evaluation_path(sms_outbox)
    link_id, signature = path.rsplit("/", 1)[1].split("-")
    other = f"/e/{int(link_id) + 1}-{signature}"
    forged = f"/e/{link_id}-{'0' * len(signature)}"

    for bad in (other, forged, f"/e/{link_id}", "/e/x-y"):
        response = client.post(bad, {"rating": "satisfied"})
        assert response.status_code == 404, bad
        assert "not valid" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED


def test_an_expired_link_is_refused(client, for_neighbour, resolve, sms_outbox):
    case = resolve(for_neighbour())
    path = evaluation_path(sms_outbox)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=8), tick=False):
        response = client.post(path, {"rating": "unsatisfied", "comment": "Too late"})

    assert response.status_code == 409
    assert "expired" in response.content.decode()
    assert Case.objects.get(pk=case.pk).evaluations.count() == 0


def test_an_unsatisfied_neighbour_reopens_the_case_and_gets_a_new_link_next_time(
    client, for_neighbour, resolve, advance, sms_outbox, django_capture_on_commit_callbacks
):
    case = resolve(for_neighbour())
    first = evaluation_path(sms_outbox)
    client.post(first, {"rating": "unsatisfied", "comment": "Still broken"})
    assert Case.objects.get(pk=case.pk).status == Case.Status.REOPENED

    with django_capture_on_commit_callbacks(execute=True):
        case = advance(Case.objects.get(pk=case.pk), "accept", "resolve")
    second = evaluation_path(sms_outbox)

    assert second != first
    assert client.post(first, {"rating": "satisfied"}).status_code == 409
    assert client.post(second, {"rating": "satisfied"}).status_code == 200
    assert EvaluationLink.objects.filter(case=case).count() == 2


def test_reporting_for_a_neighbour_needs_their_consent(submit, housekeeper, sms_outbox):
    with pytest.raises(services.ValidationError) as error:
        submit(reporter=housekeeper, neighbour_phone="13912345678", neighbour_consent=False)

    assert "neighbour_consent" in error.value.message_dict
    assert not Case.objects.exists()
    assert sms_outbox() == []


def test_only_housekeepers_report_for_a_neighbour(submit, resident):
    with pytest.raises(services.ValidationError) as error:
        submit(reporter=resident, neighbour_phone="13912345678", neighbour_consent=True)

    assert "neighbour_phone" in error.value.message_dict
    assert not Case.objects.exists()


def test_the_report_form_offers_it_to_housekeepers_only(client, housekeeper, resident):
    client.force_login(resident)
    assert "neighbour_phone" not in client.get(reverse("participation:report")).content.decode()
    client.force_login(housekeeper)
    assert "neighbour_phone" in client.get(reverse("participation:report")).content.decode()


def test_a_housekeeper_reports_for_a_neighbour_on_the_website(
    client, housekeeper, town, sms_outbox, django_capture_on_commit_callbacks
):
    client.force_login(housekeeper)
    data = {
        "category": town.category.pk,
        "urgency": "routine",
        "title": "Cover missing by the bridge",
        "description": "Reported for Grandma Wu, who has no smartphone.",
        "latitude": LAT,
        "longitude": LNG,
        "neighbour_phone": "139 1234 5678",
    }

    refused = client.post(reverse("participation:report"), data)
    assert refused.status_code == 400
    assert "agreed to get text messages" in refused.content.decode()
    assert not Case.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("participation:report"), {**data, "neighbour_consent": "on"})

    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.reporter, case.neighbour_phone) == (housekeeper, NEIGHBOUR)
    assert len(texts_to(sms_outbox)) == 1


def test_the_neighbours_number_is_never_public(client, for_neighbour):
    case = for_neighbour()

    for url in (
        case.get_absolute_url(),
        reverse("participation:case_list"),
        reverse("participation:case_feed"),
        reverse("participation:case_export"),
        "/open311/v2/requests.json",
    ):
        response = client.get(url)
        chunks = response.streaming_content if response.streaming else [response.content]
        body = b"".join(chunks).decode()
        assert "13912345678" not in body and "1391234" not in body, url
