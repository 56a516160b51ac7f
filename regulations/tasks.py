"""Background work for regulations (django-q2): thin, enqueued after commit, and safe to run
twice — every notification is keyed by what it is about."""

from django.utils.translation import gettext as _

from django_q.tasks import async_task

from portal.notifications import in_language_of, notify


def enqueue(name: str, *args) -> None:
    async_task(f"regulations.tasks.{name}", *args, task_name=f"{name}:{':'.join(map(str, args))}")


def _opinion(opinion_id: int):
    from .models import Opinion

    return Opinion.objects.select_related("author", "regulation").filter(pk=opinion_id).first()


def opinion_receipt(opinion_id: int) -> None:
    """Tell the author their opinion's receipt number."""
    opinion = _opinion(opinion_id)
    if opinion is None:
        return
    with in_language_of(opinion.author):
        notify(
            recipient=opinion.author,
            key=f"opinion-receipt:{opinion.pk}",
            subject=_("We received your opinion %(receipt)s") % {"receipt": opinion.receipt},
            body=_(
                "Thank you for your opinion on “%(title)s”. Its number is %(receipt)s. When the "
                "comment period ends, the government will publish what it did with each opinion."
            )
            % {"title": opinion.regulation.title, "receipt": opinion.receipt},
            url=opinion.regulation.url + "mine/",
            kind="regulation_update",
        )


def opinion_hidden(opinion_id: int) -> None:
    """Tell the author that a moderator hid their opinion, and why."""
    opinion = _opinion(opinion_id)
    if opinion is None or not opinion.hidden_reason:
        return
    with in_language_of(opinion.author):
        notify(
            recipient=opinion.author,
            key=f"opinion-hidden:{opinion.pk}",
            subject=_("Your opinion %(receipt)s was hidden") % {"receipt": opinion.receipt},
            body=_(
                "A moderator hid your opinion on “%(title)s” because: %(reason)s. While the "
                "comment period is open you can give your opinion again, within the rules."
            )
            % {
                "title": opinion.regulation.title,
                "receipt": opinion.receipt,
                "reason": opinion.hidden_reason,
            },
            url=opinion.regulation.url + "mine/",
            kind="regulation_update",
        )
