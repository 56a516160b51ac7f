"""Every write about draft regulations: versions, opinions, replies, “I agree”, flags and
moderation. Each function is one transaction and enforces the rules itself: the comment period,
the version's articles, who may act, and once-only submission. Refusals are ValidationErrors with
translated messages; nothing is written when one is raised."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import roles
from portal.selectors import user_has_verified_contact
from portal.tasks import enqueue_on_commit

from .caching import regulation_pages
from .models import (
    ArticleSummary,
    ExpertReview,
    Opinion,
    OpinionAgreement,
    OpinionAnswer,
    OpinionFlag,
    OpinionReply,
    RegulationFollow,
    RegulationPage,
    RegulationResponse,
    RegulationVersion,
    StageChange,
)
from .models.opinions import MAX_REPLY, MAX_TEXT
from .models.pages import Stage
from .models.responses import MAX_ANSWER

# Stages whose text is a version of its own; a review or archiving keeps the version.
VERSIONED_STAGES = {Stage.CONSULTATION, Stage.TRIAL, Stage.IN_FORCE}


# --- Versions ------------------------------------------------------------------------------------


def version_record(*, regulation: RegulationPage, now=None) -> RegulationVersion | None:
    """Record the published regulation as a new version when its articles changed, or when it
    entered the trial or in-force stage; otherwise nothing. Called on every publish."""
    with transaction.atomic():
        latest = regulation.versions.order_by("-number").first()
        articles = regulation.articles()
        if latest is not None:
            same_text = latest.articles == articles
            same_stage = (
                latest.stage == regulation.stage or regulation.stage not in VERSIONED_STAGES
            )
            if same_text and same_stage:
                return None
        return RegulationVersion.objects.create(
            regulation=regulation,
            number=latest.number + 1 if latest else 1,
            stage=regulation.stage,
            title=regulation.title,
            articles=articles,
            published_at=now or timezone.now(),
        )


def current_version(regulation: RegulationPage) -> RegulationVersion | None:
    return regulation.versions.order_by("-number").first()


# --- Opinions ------------------------------------------------------------------------------------


def _require_verified(user) -> None:
    if not user_has_verified_contact(user):
        raise ValidationError(
            _("Confirm your mobile number or email address before taking part."),
            code="unverified",
        )


def _require_open(regulation: RegulationPage, now) -> None:
    if not regulation.is_open_for_comment(now):
        raise ValidationError(
            _("The comment period for this draft is closed; opinions are no longer accepted."),
            code="closed",
        )


def _clean_text(value: str, *, field: str, limit: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: ValidationError(_("This cannot be empty."), code="required")})
    if len(value) > limit:
        message = _("At most %(limit)d characters, please.") % {"limit": limit}
        raise ValidationError({field: ValidationError(message, code="max_length")})
    return value


def _unknown_article() -> ValidationError:
    message = _("That article is not in the current version of the draft.")
    return ValidationError({"article_id": ValidationError(message, code="unknown_article")})


def _drop_cached_pages() -> None:
    transaction.on_commit(regulation_pages.invalidate)


def opinion_give(
    *,
    author,
    regulation: RegulationPage,
    stance: str,
    text: str,
    token: str,
    article_id: str = "",
    proposed_wording: str = "",
    show_name: bool = False,
    now=None,
) -> tuple[Opinion, bool]:
    """A resident's opinion on the draft (`article_id` empty) or one of its articles. The same
    `token` (one per form) gives back the opinion it already made: (opinion, created)."""
    now = now or timezone.now()
    token = (token or "")[:64]
    if token:
        earlier = Opinion.objects.filter(author=author, submission_token=token).first()
        if earlier is not None:
            return earlier, False
    else:
        token = uuid.uuid4().hex  # no form token: nothing to recognise a resend by
    _require_verified(author)
    _require_open(regulation, now)
    version = current_version(regulation)
    if version is None or (article_id and version.article(article_id) is None):
        raise _unknown_article()
    if stance not in Opinion.Stance.values:
        raise ValidationError({"stance": _("Choose support, oppose or suggest a change.")})
    text = _clean_text(text, field="text", limit=MAX_TEXT, required=True)
    proposed_wording = _clean_text(
        proposed_wording, field="proposed_wording", limit=MAX_TEXT, required=False
    )
    status = (
        Opinion.Status.PENDING
        if regulation.moderation == RegulationPage.Moderation.PRE
        else Opinion.Status.PUBLISHED
    )
    try:
        with transaction.atomic():
            opinion = Opinion.objects.create(
                regulation=regulation,
                version=version,
                article_id=article_id,
                author=author,
                stance=stance,
                text=text,
                proposed_wording=proposed_wording,
                show_name=show_name,
                status=status,
                receipt=f"pending-{token}"[:30],
                submission_token=token,
            )
            # The year as in China, like case numbers.
            opinion.receipt = f"OP-{timezone.localtime(now):%Y}-{opinion.pk:06d}"
            opinion.save(update_fields=["receipt"])
            _drop_cached_pages()
            enqueue_on_commit("regulations.tasks.opinion_receipt", opinion.pk)
    except IntegrityError:
        # The same form arrived twice at once: the other request made it.
        return Opinion.objects.get(author=author, submission_token=token), False
    return opinion, True


def opinion_withdraw(*, author, opinion: Opinion, now=None) -> Opinion:
    """The author takes their opinion back while the period is open."""
    if opinion.author_id != author.pk:
        raise Opinion.DoesNotExist
    with transaction.atomic():
        _require_open(opinion.regulation, now or timezone.now())
        changed = Opinion.objects.filter(
            pk=opinion.pk, status__in=[Opinion.Status.PENDING, Opinion.Status.PUBLISHED]
        ).update(status=Opinion.Status.WITHDRAWN, withdrawn_at=now or timezone.now())
        if not changed:
            raise ValidationError(_("This opinion cannot be withdrawn any more."), code="status")
        _drop_cached_pages()
    opinion.refresh_from_db()
    return opinion


def _require_public(opinion: Opinion) -> None:
    if opinion.status != Opinion.Status.PUBLISHED:
        raise ValidationError(
            _("This opinion is not published, so it cannot be replied to or marked."),
            code="not_published",
        )


def opinion_agree(*, user, opinion: Opinion) -> bool:
    """Mark “I agree”; True if the mark is new. One's own opinion cannot be marked."""
    _require_verified(user)
    _require_public(opinion)
    if opinion.author_id == user.pk:
        raise ValidationError(_("You cannot agree with your own opinion."), code="own")
    try:
        with transaction.atomic():
            OpinionAgreement.objects.create(opinion=opinion, user=user)
            _drop_cached_pages()
    except IntegrityError:
        return False
    return True


def opinion_flag(*, user, opinion: Opinion, reason: str) -> OpinionFlag:
    """Report an opinion to the moderators, once per person."""
    _require_verified(user)
    if reason not in OpinionFlag.Reason.values:
        raise ValidationError({"reason": _("Choose what is wrong with it.")})
    try:
        with transaction.atomic():
            return OpinionFlag.objects.create(opinion=opinion, user=user, reason=reason)
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this opinion; a moderator will look at it."),
            code="already_flagged",
        ) from None


def reply_give(
    *, author, opinion: Opinion, text: str, token: str, show_name: bool = False, now=None
) -> tuple[OpinionReply, bool]:
    """A reply to a published opinion while the period is open (one level: replies to replies
    do not exist). The same `token` gives back the reply it made: (reply, created)."""
    token = (token or "")[:64]
    if token:
        earlier = OpinionReply.objects.filter(author=author, submission_token=token).first()
        if earlier is not None:
            return earlier, False
    else:
        token = uuid.uuid4().hex
    _require_verified(author)
    _require_open(opinion.regulation, now or timezone.now())
    _require_public(opinion)
    text = _clean_text(text, field="text", limit=MAX_REPLY, required=True)
    try:
        with transaction.atomic():
            reply = OpinionReply.objects.create(
                opinion=opinion,
                author=author,
                text=text,
                show_name=show_name,
                submission_token=token,
            )
            _drop_cached_pages()
    except IntegrityError:
        return OpinionReply.objects.get(author=author, submission_token=token), False
    return reply, True


# --- Moderation ----------------------------------------------------------------------------------


def opinion_approve(*, moderator, opinion: Opinion, now=None) -> Opinion:
    """Publish a waiting opinion, or clear the flags of a published one."""
    now = now or timezone.now()
    with transaction.atomic():
        if opinion.status not in (Opinion.Status.PENDING, Opinion.Status.PUBLISHED):
            raise ValidationError(_("Only a waiting or published opinion can be approved."))
        Opinion.objects.filter(pk=opinion.pk).update(
            status=Opinion.Status.PUBLISHED, moderated_at=now, moderated_by=moderator
        )
        opinion.flags.filter(resolved_at=None).update(resolved_at=now)
        _drop_cached_pages()
    opinion.refresh_from_db()
    return opinion


def opinion_hide(*, moderator, opinion: Opinion, reason: str, now=None) -> Opinion:
    """Hide an opinion that breaks the rules; its author is told why."""
    now = now or timezone.now()
    reason = _clean_text(reason, field="reason", limit=300, required=True)
    with transaction.atomic():
        if opinion.status not in (Opinion.Status.PENDING, Opinion.Status.PUBLISHED):
            raise ValidationError(_("Only a waiting or published opinion can be hidden."))
        Opinion.objects.filter(pk=opinion.pk).update(
            status=Opinion.Status.HIDDEN,
            hidden_reason=reason,
            moderated_at=now,
            moderated_by=moderator,
        )
        opinion.flags.filter(resolved_at=None).update(resolved_at=now)
        _drop_cached_pages()
        enqueue_on_commit("regulations.tasks.opinion_hidden", opinion.pk)
    opinion.refresh_from_db()
    return opinion


# --- Following -----------------------------------------------------------------------------------


def follow(*, user, regulation: RegulationPage) -> bool:
    """Follow a regulation's stages; True if newly following."""
    _require_verified(user)
    try:
        with transaction.atomic():
            RegulationFollow.objects.create(user=user, regulation=regulation)
    except IntegrityError:
        return False
    return True


def unfollow(*, user, regulation: RegulationPage) -> bool:
    with transaction.atomic():
        deleted, _rows = RegulationFollow.objects.filter(user=user, regulation=regulation).delete()
    return bool(deleted)


def stage_published(*, regulation: RegulationPage, now=None) -> StageChange | None:
    """After a publish: if the stage differs from the last one published, record the change and
    tell the followers (after commit)."""
    with transaction.atomic():
        last = regulation.stage_changes.order_by("-changed_at", "-pk").first()
        if last is not None and last.stage == regulation.stage:
            return None
        change = StageChange.objects.create(
            regulation=regulation, stage=regulation.stage, changed_at=now or timezone.now()
        )
        enqueue_on_commit("regulations.tasks.stage_changed", change.pk)
    return change


# --- Expert reviews ------------------------------------------------------------------------------


def expert_review_give(
    *, expert, regulation: RegulationPage, text: str, article_id: str = ""
) -> ExpertReview:
    """An invited expert's review, while the draft is open for comment or under review."""
    if not expert.groups.filter(name=roles.EXPERT).exists():
        raise PermissionDenied
    if not regulation.takes_expert_reviews():
        raise ValidationError(
            _("Reviews are taken while a draft is open for comment or under review."),
            code="stage",
        )
    version = current_version(regulation)
    if version is None or (article_id and version.article(article_id) is None):
        raise _unknown_article()
    text = _clean_text(text, field="text", limit=MAX_TEXT, required=True)
    with transaction.atomic():
        review = ExpertReview.objects.create(
            regulation=regulation, version=version, article_id=article_id, expert=expert, text=text
        )
        _drop_cached_pages()
    return review


# --- The response --------------------------------------------------------------------------------


def _require_editor(editor, regulation: RegulationPage) -> None:
    if not regulation.permissions_for_user(editor).can_edit():
        raise PermissionDenied


def _require_closed(regulation: RegulationPage, now) -> None:
    closed = regulation.stage != Stage.CONSULTATION or (
        regulation.comment_closes_at is not None and now >= regulation.comment_closes_at
    )
    if not closed:
        raise ValidationError(
            _("The response can be written once the comment period has closed."), code="open"
        )


def _require_unpublished(regulation: RegulationPage) -> None:
    if RegulationResponse.objects.filter(regulation=regulation).exists():
        raise ValidationError(_("The response is already published."), code="published")


def response_save(
    *,
    editor,
    regulation: RegulationPage,
    answers: dict[int, tuple[str, str]],
    summaries: dict[str, str],
    now=None,
) -> None:
    """Save the editor's work on the response: answers to opinions ({opinion id: (outcome,
    reasons)}; an empty outcome leaves the opinion unanswered) and article summaries ({article
    id: text}). All or nothing."""
    _require_editor(editor, regulation)
    _require_closed(regulation, now or timezone.now())
    _require_unpublished(regulation)
    opinions = {
        opinion.pk: opinion
        for opinion in Opinion.objects.filter(
            regulation=regulation, status=Opinion.Status.PUBLISHED, pk__in=list(answers)
        )
    }
    errors = {}
    cleaned = {}
    for opinion_id, (outcome, reason) in answers.items():
        if not outcome:
            continue
        opinion = opinions.get(opinion_id)
        if opinion is None or outcome not in OpinionAnswer.Outcome.values:
            errors[f"outcome-{opinion_id}"] = _("Choose adopted, partly adopted or not adopted.")
            continue
        reason = (reason or "").strip()
        if outcome != OpinionAnswer.Outcome.ADOPTED and not reason:
            errors[f"reason-{opinion_id}"] = _("Give the reasons when an opinion is not adopted.")
        elif len(reason) > MAX_ANSWER:
            errors[f"reason-{opinion_id}"] = _("At most %(limit)d characters, please.") % {
                "limit": MAX_ANSWER
            }
        cleaned[opinion] = (outcome, reason)
    for article_id, summary in summaries.items():
        if len((summary or "").strip()) > MAX_ANSWER:
            errors[f"summary-{article_id}"] = _("At most %(limit)d characters, please.") % {
                "limit": MAX_ANSWER
            }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for opinion, (outcome, reason) in cleaned.items():
            OpinionAnswer.objects.update_or_create(
                opinion=opinion,
                defaults={"outcome": outcome, "reason": reason, "answered_by": editor},
            )
        for article_id, summary in summaries.items():
            summary = (summary or "").strip()
            if summary:
                ArticleSummary.objects.update_or_create(
                    regulation=regulation, article_id=article_id, defaults={"summary": summary}
                )
            else:
                ArticleSummary.objects.filter(regulation=regulation, article_id=article_id).delete()


def response_publish(
    *, editor, regulation: RegulationPage, summary: str, now=None
) -> RegulationResponse:
    """Publish the response: every published opinion must have its answer. Each commenter is
    then told the answer to their opinion, and adopted opinions earn points."""
    now = now or timezone.now()
    _require_editor(editor, regulation)
    _require_closed(regulation, now)
    summary = _clean_text(summary, field="summary", limit=5000, required=True)
    with transaction.atomic():
        _require_unpublished(regulation)
        unanswered = Opinion.objects.filter(
            regulation=regulation, status=Opinion.Status.PUBLISHED, answer__isnull=True
        ).count()
        if unanswered:
            raise ValidationError(
                ngettext(
                    "%(count)d opinion has no answer yet.",
                    "%(count)d opinions have no answer yet.",
                    unanswered,
                )
                % {"count": unanswered},
                code="unanswered",
            )
        response = RegulationResponse.objects.create(
            regulation=regulation, summary=summary, published_at=now, published_by=editor
        )
        _drop_cached_pages()
        enqueue_on_commit("regulations.tasks.response_published", regulation.pk)
    return response
