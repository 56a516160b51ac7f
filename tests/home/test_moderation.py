"""Editors write; moderators publish. An editor's page goes live only after a moderator approves
it in Wagtail's "Moderators approval" workflow, which applies to every page."""

import datetime

import pytest

from education.models import NewsIndexPage, NewsPage
from home.models import HomePage
from portal import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_user):
    home = HomePage.objects.get()
    section = NewsIndexPage(title="News", slug="news")
    home.add_child(instance=section)
    section.save_revision().publish()
    page = NewsPage(
        title="Road works",
        slug="road-works",
        introduction="Night works.",
        date=datetime.date.today(),
    )
    section.add_child(instance=page)
    page.save_revision()
    page.live = False
    page.save(update_fields=["live"])
    return page


def test_editors_cannot_publish_but_moderators_can(make_user, draft):
    editor = make_user(email="editor@example.org", roles=[roles.EDITOR])
    moderator = make_user(email="moderator@example.org", roles=[roles.MODERATOR])
    assert draft.permissions_for_user(editor).can_edit()
    assert not draft.permissions_for_user(editor).can_publish()
    assert draft.permissions_for_user(moderator).can_publish()


def test_an_editors_page_goes_live_when_a_moderator_approves(make_user, draft):
    editor = make_user(email="editor@example.org", roles=[roles.EDITOR])
    moderator = make_user(email="moderator@example.org", roles=[roles.MODERATOR])
    workflow = draft.get_workflow()
    assert workflow is not None and workflow.active

    state = workflow.start(draft, editor)
    task_state = state.current_task_state
    task = task_state.task.specific
    # The editor is offered nothing to do on their own submission; the moderator may approve.
    assert task.get_actions(draft, editor) == []
    assert "approve" in [action for action, _label, _comment in task.get_actions(draft, moderator)]
    draft.refresh_from_db()
    assert not draft.live

    task.on_action(task_state, moderator, "approve")

    draft.refresh_from_db()
    assert draft.live
    state.refresh_from_db()
    assert state.status == state.STATUS_APPROVED


def test_a_rejected_page_stays_unpublished(make_user, draft):
    editor = make_user(email="editor@example.org", roles=[roles.EDITOR])
    moderator = make_user(email="moderator@example.org", roles=[roles.MODERATOR])
    state = draft.get_workflow().start(draft, editor)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject")
    draft.refresh_from_db()
    assert not draft.live
    state.refresh_from_db()
    assert state.status == state.STATUS_NEEDS_CHANGES
