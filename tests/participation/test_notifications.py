"""Telling people: a receipt with the case number, an email per public step to each follower
(never to the person who acted), an evaluation request on resolution; each once, after commit,
in the recipient's language."""

import re

from django.core import mail
from django.utils import translation

import pytest

from participation import services, tasks
from participation.models import Case, CaseEvent
from portal import tasks as portal_tasks
from portal.models import Notification

from .helpers import photo

S = Case.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued(monkeypatch):
    """Every task enqueued, in order; the tasks still run (synchronously, in tests)."""
    calls = []
    original = portal_tasks.async_task

    def spy(task, *args, **options):
        calls.append((task.removeprefix("participation.tasks."), *args))
        return original(task, *args, **options)

    monkeypatch.setattr(portal_tasks, "async_task", spy)
    return calls


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_the_reporter_gets_one_receipt_with_the_case_number(
    submit, resident, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(photos=[photo()])
        assert enqueued == [], "nothing is enqueued before the transaction commits"

    assert re.fullmatch(r"WZ-\d{4}-\d{6}", case.reference)
    event = case.events.get()
    attachment = case.attachments.get()
    assert sorted(enqueued) == sorted(
        [
            ("case_event_notify", event.pk),
            ("case_event_points", event.pk),
            ("attachment_thumbnail", attachment.pk),
            ("case_receipt", case.pk),
        ]
    )
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["li.hua@example.org"]
    assert receipt.subject == f"We received your report {case.reference}"
    assert case.reference in receipt.body
    assert f"http://testserver/cases/{case.reference}/" in receipt.body
    assert Notification.objects.get(recipient=resident).subject == receipt.subject


def test_a_failed_report_enqueues_nothing_and_sends_nothing(
    submit, enqueued, monkeypatch, django_capture_on_commit_callbacks
):
    record = services.record

    def fail(*args, **kwargs):
        record(*args, **kwargs)
        raise RuntimeError("after the timeline entry was written")

    monkeypatch.setattr(services, "record", fail)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        submit()

    assert enqueued == []
    assert mail.outbox == []
    assert not Case.objects.exists()


def test_the_receipt_is_in_the_reporters_language(
    submit, resident, django_capture_on_commit_callbacks
):
    resident.language = "zh-hans"
    resident.save()

    with django_capture_on_commit_callbacks(execute=True):
        case = submit()

    assert mail.outbox[0].subject == f"我们已收到您的上报 {case.reference}"


def test_followers_get_one_email_per_step_and_the_actor_none(
    submit, resident, neighbour, dispatcher, town, enqueued, django_capture_on_commit_callbacks
):
    neighbour.language = "zh-hans"
    neighbour.save()
    with django_capture_on_commit_callbacks(execute=True):
        case = submit()
        services.case_support(case=case, user=neighbour)
        services.case_follow(case=case, user=dispatcher)  # the dispatcher follows it too
    mail.outbox.clear()
    enqueued.clear()

    # The request that dispatches runs in Chinese; each email follows its recipient instead.
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        services.case_dispatch(
            case=case,
            actor=dispatcher,
            department=town.department,
            public_message="Sent to the Construction Office.",
            internal_note="INTERNAL: the contractor is slow.",
        )

    event = case.events.last()
    assert enqueued == [("case_event_notify", event.pk), ("case_event_points", event.pk)]
    assert emails_to(dispatcher.email) == []
    [to_reporter] = emails_to(resident.email)
    [to_neighbour] = emails_to(neighbour.email)
    assert len(mail.outbox) == 2
    assert to_reporter.subject == f"Case {case.reference}: Dispatched"
    assert to_neighbour.subject == f"事件 {case.reference}：已派遣"
    for message in (to_reporter, to_neighbour):
        assert "Sent to the Construction Office." in message.body
        assert "INTERNAL" not in message.body

    # The worker may run a task twice: still one email each.
    tasks.case_event_notify(event.pk)
    tasks.case_event_notify(event.pk)
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(key__startswith=f"case-event:{event.pk}:").count() == 2


def test_an_unfollower_gets_no_more_emails(
    submit, neighbour, dispatcher, town, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit()
        services.case_follow(case=case, user=neighbour)
        services.case_unfollow(case=case, user=neighbour)
        services.case_dispatch(
            case=case, actor=dispatcher, department=town.department, public_message="Sent."
        )

    assert emails_to(neighbour.email) == []
    assert len(emails_to("li.hua@example.org")) == 2  # the receipt and the dispatch


def test_of_a_hidden_case_only_its_reporter_hears_the_steps(
    submit, neighbour, dispatcher, town, django_capture_on_commit_callbacks
):
    case = submit()
    services.case_follow(case=case, user=neighbour)
    Case.objects.filter(pk=case.pk).update(is_hidden=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.case_dispatch(
            case=case, actor=dispatcher, department=town.department, public_message="Sent."
        )

    assert emails_to(neighbour.email) == []
    [email] = emails_to("li.hua@example.org")
    assert email.subject == f"Case {case.reference}: Dispatched"
    assert "Sent." in email.body


def test_resolving_asks_the_reporter_to_evaluate_once(
    case_in, advance, resident, enqueued, django_capture_on_commit_callbacks
):
    case = case_in(S.IN_PROGRESS)

    with django_capture_on_commit_callbacks(execute=True):
        case = advance(case, "resolve")

    assert ("case_evaluation_request", case.pk, 1) in enqueued
    requests = [m for m in emails_to(resident.email) if m.subject.startswith("Is it fixed?")]
    assert [m.subject for m in requests] == [f"Is it fixed? Please evaluate {case.reference}"]
    assert f"http://testserver/cases/{case.reference}/evaluate/" in requests[0].body
    tasks.case_evaluation_request(case.pk, 1)
    assert len([m for m in mail.outbox if m.subject.startswith("Is it fixed?")]) == 1
    # The request replaces the usual update: the reporter gets one email about the resolution.
    assert len([m for m in emails_to(resident.email) if case.reference in m.subject]) == 1


def test_every_resolution_round_asks_again(
    case_in, advance, resident, django_capture_on_commit_callbacks
):
    case = case_in(S.RESOLVED)
    for _ in range(3):
        services.case_evaluate(case=case, user=resident, rating="unsatisfied")
        case = Case.objects.get(pk=case.pk)
        steps = ["dispatch"] if case.status == S.SUBMITTED else []
        with django_capture_on_commit_callbacks(execute=True):
            case = advance(case, *steps, "accept", "resolve")

    subjects = [m.subject for m in mail.outbox if m.subject.startswith("Is it fixed?")]
    assert len(subjects) == 3, "one request for each of the three later resolutions"
    assert case.evaluations.count() == 3


def test_no_evaluation_request_once_the_case_is_no_longer_resolved(case_in, resident):
    case = case_in(S.RESOLVED)
    services.case_evaluate(case=case, user=resident, rating="satisfied")

    tasks.case_evaluation_request(case.pk, 1)

    assert mail.outbox == []


def test_the_submit_step_itself_does_not_email_followers(submit):
    case = submit()
    event = case.events.get()

    tasks.case_event_notify(event.pk)

    assert event.action == CaseEvent.Action.SUBMIT
    assert mail.outbox == []
