"""Background work for regulations (django-q2): thin, enqueued after commit, and safe to run
twice — every notification is keyed by what it is about."""

from django.utils.translation import gettext as _

from portal.notifications import in_language_of, notify


def _opinion(opinion_id: int):
    from .models import Opinion

    return Opinion.objects.select_related("author", "regulation").filter(pk=opinion_id).first()


def _tell_author(opinion, key: str, text) -> None:
    """Notify the opinion's author once per `key`; `text()` gives (subject, body), made in the
    author's language."""
    with in_language_of(opinion.author):
        subject, body = text()
        notify(
            recipient=opinion.author,
            key=key,
            subject=subject,
            body=body,
            url=opinion.regulation.subpage_url("mine"),
            kind="regulation_update",
        )


def opinion_receipt(opinion_id: int) -> None:
    """Tell the author their opinion's receipt number."""
    opinion = _opinion(opinion_id)
    if opinion is None:
        return
    values = {"title": opinion.regulation.title, "receipt": opinion.receipt}
    _tell_author(
        opinion,
        f"opinion-receipt:{opinion.pk}",
        lambda: (
            _("We received your opinion %(receipt)s") % values,
            _(
                "Thank you for your opinion on “%(title)s”. Its number is %(receipt)s. When the "
                "comment period ends, the government will publish what it did with each opinion."
            )
            % values,
        ),
    )


def opinion_hidden(opinion_id: int) -> None:
    """Tell the author that a moderator hid their opinion, and why."""
    opinion = _opinion(opinion_id)
    if opinion is None or not opinion.hidden_reason:
        return
    values = {
        "title": opinion.regulation.title,
        "receipt": opinion.receipt,
        "reason": opinion.hidden_reason,
    }
    _tell_author(
        opinion,
        f"opinion-hidden:{opinion.pk}",
        lambda: (
            _("Your opinion %(receipt)s was hidden") % values,
            _(
                "A moderator hid your opinion on “%(title)s” because: %(reason)s. While the "
                "comment period is open you can give your opinion again, within the rules."
            )
            % values,
        ),
    )


def response_published(regulation_id: int) -> None:
    """Tell every commenter the answer to their opinion; adopted opinions earn points."""
    from .models import Opinion, OpinionAnswer
    from .points import award_for_adopted_opinion

    opinions = Opinion.objects.filter(
        regulation_id=regulation_id, status=Opinion.Status.PUBLISHED, answer__isnull=False
    ).select_related("author", "regulation", "answer")
    for opinion in opinions:
        answer = opinion.answer
        _tell_author(
            opinion,
            f"opinion-answer:{opinion.pk}",
            lambda opinion=opinion, answer=answer: (
                _("The answer to your opinion %(receipt)s") % {"receipt": opinion.receipt},
                _(
                    "The government has published its response to the comments on “%(title)s”. "
                    "Your opinion %(receipt)s: %(outcome)s. %(reason)s"
                )
                % {
                    "title": opinion.regulation.title,
                    "receipt": opinion.receipt,
                    "outcome": answer.get_outcome_display(),
                    "reason": answer.reason,
                },
            ),
        )
        if answer.outcome in (OpinionAnswer.Outcome.ADOPTED, OpinionAnswer.Outcome.PARTLY):
            award_for_adopted_opinion(opinion)


def stage_changed(change_id: int) -> None:
    """Tell the regulation's followers about a stage change (once per person and change)."""
    from .models import RegulationFollow, StageChange

    change = StageChange.objects.select_related("regulation").filter(pk=change_id).first()
    if change is None:
        return
    regulation = change.regulation
    follows = RegulationFollow.objects.filter(regulation=regulation).select_related("user")
    for follow in follows:
        with in_language_of(follow.user):
            notify(
                recipient=follow.user,
                key=f"regulation-stage:{change.pk}:{follow.user_id}",
                subject=_("“%(title)s” is now: %(stage)s")
                % {"title": regulation.title, "stage": change.get_stage_display()},
                body=_(
                    "A regulation you follow has moved to a new stage: %(stage)s. See what "
                    "changed on its page."
                )
                % {"stage": change.get_stage_display()},
                url=regulation.url,
                kind="regulation_update",
            )
