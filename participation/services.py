"""Every write to cases. Keyword-only functions, each one transaction; side effects (emails, the
on-site inbox, thumbnails) are django-q2 tasks enqueued after commit and safe to run twice.

A case's state (status, times, clock, version, timeline) changes only through
`transitions.transition`; each service here adds its own checks and fields inside it."""

import contextlib
import logging
import uuid
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import phones
from portal.tasks import enqueue_on_commit
from portal.text import without_control_characters
from portal.uploads import CleanFile, UploadRejected, audio_clean, image_clean, video_clean

from . import selectors, workflow
from .caching import case_pages
from .campaigns import services as campaigns
from .models import (
    Attachment,
    Case,
    CaseAssist,
    CaseEvent,
    CaseFollow,
    CaseSupport,
    CaseUpdate,
    CategoryAttribute,
    Department,
    DepartmentMembership,
    Evaluation,
    EvaluationLink,
    Open311Request,
)
from .open311 import w3c
from .transitions import lock, record, transition

logger = logging.getLogger(__name__)

MAX_PHOTOS = 4
MAX_ANSWER_LENGTH = {"string": 200, "text": 2000}
Status = Case.Status


# --- Answers to a category's extra questions ----------------------------------------------------


def clean_attributes(category, answers: dict, *, require: bool = True) -> dict:
    """Check answers (code → text, or a list of keys for "choose any") against the category's
    extra questions; the clean answers, or a ValidationError naming each bad one as
    ``attribute[code]``. Without `require`, a required question may go unanswered."""
    Datatype = CategoryAttribute.Datatype
    questions = {q.code: q for q in category.attributes.all() if q.variable}
    errors, clean = {}, {}
    for code in answers:
        if code not in questions:
            errors[f"attribute[{code}]"] = _("This service has no question “%(code)s”.") % {
                "code": code
            }
    for code, question in questions.items():
        value = answers.get(code)
        values = [v.strip() for v in (value if isinstance(value, list | tuple) else [value or ""])]
        values = [v for v in values if v]
        field = f"attribute[{code}]"
        if not values:
            if question.required and require:
                errors[field] = _("Answer the question “%(question)s”.") % {
                    "question": question.localized_description
                }
            continue
        keys = [key for key, _name in question.choices()]
        if question.datatype != Datatype.MULTIVALUELIST and len(values) > 1:
            errors[field] = _("Give one answer.")
        elif question.datatype in CategoryAttribute.LIST_TYPES:
            unknown = [v for v in values if v not in keys]
            if unknown:
                errors[field] = _("“%(value)s” is not one of the choices: %(choices)s.") % {
                    "value": unknown[0],
                    "choices": ", ".join(keys),
                }
            elif question.datatype == Datatype.MULTIVALUELIST:
                clean[code] = list(dict.fromkeys(values))
            else:
                clean[code] = values[0]
        elif question.datatype == Datatype.NUMBER:
            try:
                number = float(values[0])
            except ValueError:
                number = None
            if number is None or number != number or number in (float("inf"), float("-inf")):
                errors[field] = _("Give a number, e.g. 12 or 3.5.")
            else:
                clean[code] = values[0]
        elif question.datatype == Datatype.DATETIME:
            moment = w3c.parse(values[0])
            if moment is None:
                errors[field] = _("Give a date and time such as 2026-11-25T09:30:00+08:00.")
            else:
                clean[code] = w3c.as_text(moment)
        else:
            limit = MAX_ANSWER_LENGTH[question.datatype]
            if len(values[0]) > limit:
                errors[field] = _("Keep the answer under %(limit)s characters.") % {"limit": limit}
            else:
                clean[code] = values[0]
    if errors:
        raise ValidationError(errors)
    return clean


# --- Files ---------------------------------------------------------------------------------------


def clean_photos(files, *, limit: int = MAX_PHOTOS) -> list[CleanFile]:
    """Check and rebuild up to `limit` photos; raises ValidationError on the first bad one."""
    files = [f for f in files if f]
    if len(files) > limit:
        raise ValidationError({"photos": _("Attach at most %(count)s photos.") % {"count": limit}})
    try:
        return [image_clean(f) for f in files]
    except UploadRejected as error:
        raise ValidationError({"photos": error.messages}) from error


def _clean_one(file, cleaner, field: str) -> CleanFile | None:
    """Rebuild one optional upload; a refusal becomes the form field's error."""
    if not file:
        return None
    try:
        return cleaner(file)
    except UploadRejected as error:
        raise ValidationError({field: error.messages}) from error


def clean_video(file) -> CleanFile | None:
    return _clean_one(file, video_clean, "video")


def clean_voice(file) -> CleanFile | None:
    return _clean_one(file, audio_clean, "voice")


class _Files:
    """Attachments written inside a transaction; their files are removed if it rolls back."""

    def __init__(self):
        self.saved: list[Attachment] = []

    def add(self, *, case, clean: CleanFile, kind, stage, user, public=True, **owner) -> Attachment:
        attachment = Attachment(
            case=case,
            kind=kind,
            stage=stage,
            content_type=clean.content_type,
            width=clean.width,
            height=clean.height,
            duration_seconds=clean.duration_seconds,
            # A voice note is the reporter's own words: public once the centre publishes it.
            is_public=public and kind != Attachment.Kind.AUDIO,
            uploaded_by=user,
            **owner,  # the update or the assisting department's part it belongs to, if any
        )
        try:
            attachment.file.save(clean.content.name, clean.content, save=False)
        except Exception as error:
            # A write that failed half-way (a full disk) may leave part of the file: its name is
            # new (a UUID), so it is no one else's to keep.
            partial = attachment.file.field.generate_filename(attachment, clean.content.name)
            with contextlib.suppress(Exception):
                attachment.file.storage.delete(partial)
            logger.exception("A case file could not be stored")
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "Your files could not be stored just now, so nothing was sent. "
                        "Please try again in a few minutes."
                    )
                },
                code="storage",
            ) from error
        self.saved.append(attachment)
        attachment.save()
        return attachment

    def add_all(
        self, *, case, stage, user, photos=(), audio=None, video=None, public=True, **owner
    ) -> None:
        """Attach rebuilt uploads to the case (`public`: shown on the public site, or only to
        the reporter and staff until the centre publishes them); photos get thumbnails made
        after commit."""
        for clean in photos:
            photo = self.add(
                case=case,
                clean=clean,
                kind=Attachment.Kind.PHOTO,
                stage=stage,
                user=user,
                public=public,
                **owner,
            )
            enqueue_on_commit("participation.tasks.attachment_thumbnail", photo.pk)
        for kind, clean in ((Attachment.Kind.AUDIO, audio), (Attachment.Kind.VIDEO, video)):
            if clean:
                self.add(case=case, clean=clean, kind=kind, stage=stage, user=user, public=public)

    def discard(self):
        for attachment in self.saved:
            attachment.file.delete(save=False)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.discard()
        return False


# --- Helpers -------------------------------------------------------------------------------------


def _restart_clock(case: Case, due_at) -> None:
    """A new time limit: the SLA timer forgets earlier reminders, overdue marks and escalation."""
    case.due_at = due_at
    case.overdue_at = None
    case.escalation_level = 0
    case.reminded_at = None


def _require(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


# --- Reporting -----------------------------------------------------------------------------------


def case_submit(
    *,
    reporter,
    category,
    urgency: str,
    title: str,
    description: str,
    latitude,
    longitude,
    address: str = "",
    show_reporter_name: bool = False,
    photos=(),
    voice=None,
    source: str = Case.Source.WEB,
    entered_by=None,
    contact: str = "",
    requested_due_at=None,
    attributes: dict | None = None,
    open311: dict | None = None,
    idempotency_key: uuid.UUID | str | None = None,
    neighbour_phone: str = "",
    neighbour_consent: bool = False,
    require_answers: bool = True,
) -> tuple[Case, bool]:
    """A resident reports a problem (or staff enter it for someone: see `case_enter`; a client
    application posts it through Open311, with what it sent in `open311`). Answers and files are
    checked, and files rebuilt, before anything is written. Returns (case, created).

    A housekeeper (or the hotline) may report for a neighbour: with the neighbour's mobile
    number and their consent, the neighbour is texted the case number, and on resolution a link
    to evaluate it; the case stays the housekeeper's for points.

    With an `idempotency_key` (a UUID, one per report form, also made by the reporter's browser
    for a report kept offline), the same key from the same reporter returns the case it made the
    first time, as it is, with created False, and writes nothing: a double tap, a resend, or a
    report written offline and sent again, is one case.

    `require_answers=False`: the category's required questions may go unanswered (a leader's
    problem list: the questions are put to residents)."""
    idempotency_key = report_key(idempotency_key)
    earlier = selectors.case_by_idempotency_key(reporter, idempotency_key)
    if earlier is not None:
        return earlier, False
    if category is None or not category.is_active:
        raise ValidationError({"category": _("Choose what kind of problem this is.")})
    neighbour_phone = _neighbour_phone(reporter, source, neighbour_phone, neighbour_consent)
    answers = clean_attributes(category, attributes or {}, require=require_answers)
    grid = selectors.grid_for_point(latitude, longitude)
    if grid is None:
        raise ValidationError(
            {"location": _("This place is outside the town. Put the pin where the problem is.")}
        )
    clean_photo_files = clean_photos(photos)
    clean_voice_file = clean_voice(voice)

    now = timezone.now()
    # Files outside the transaction: a commit that fails removes them too.
    with _Files() as files, transaction.atomic():
        # Checked again where it counts: the same report may have arrived meanwhile.
        earlier = selectors.case_by_idempotency_key(reporter, idempotency_key)
        if earlier is not None:
            return earlier, False
        case = Case(
            reporter=reporter,
            idempotency_key=idempotency_key if reporter is not None else None,
            show_reporter_name=show_reporter_name,
            source=source,
            category=category,
            urgency=urgency,
            title=without_control_characters(title).strip(),
            description=without_control_characters(description).strip(),
            latitude=latitude,
            longitude=longitude,
            address=without_control_characters(address).strip(),
            grid=grid,
            status=Status.SUBMITTED,
            submitted_at=now,
            updated_at=now,
            entered_by=entered_by,
            contact=contact.strip(),
            neighbour_phone=neighbour_phone,
            neighbour_consent_at=now if neighbour_phone else None,
            requested_due_at=requested_due_at,
            attributes=answers,
            # A private category's case is seen by its reporter and staff until published.
            is_hidden=not category.public_by_default,
        )
        # The key's uniqueness is the database's to decide, below, also for a race.
        case.full_clean(exclude=["idempotency_key"])
        try:
            with transaction.atomic():  # a savepoint: losing the race leaves the rest usable
                case.save()
        except IntegrityError:
            # The same report, sent twice at once, was saved by the other request first.
            earlier = selectors.case_by_idempotency_key(reporter, idempotency_key)
            if earlier is None:
                raise
            return earlier, False
        if open311 is not None:
            submission = Open311Request(case=case, **open311)
            submission.full_clean(exclude=["case"])
            submission.save()
        files.add_all(
            case=case,
            stage=Attachment.Stage.REPORT,
            user=reporter,
            photos=clean_photo_files,
            audio=clean_voice_file,
        )
        if reporter is not None:
            CaseFollow.objects.create(case=case, user=reporter)
        campaigns.campaign_join_new_case(case)  # a running campaign's area and categories
        record(
            case,
            actor=reporter or entered_by,
            action=CaseEvent.Action.SUBMIT,
            from_status="",
            now=now,
        )
        enqueue_on_commit("participation.tasks.case_receipt", case.pk)
    return case, True


def _neighbour_phone(reporter, source: str, phone: str, consent: bool) -> str:
    """The neighbour's number in E.164, checked: given with consent, by a housekeeper on the
    website or by the centre for a caller."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if source == Case.Source.WEB and not selectors.may_report_for_neighbour(reporter):
        raise ValidationError(
            {"neighbour_phone": _("Only grid housekeepers can report for a neighbour.")}
        )
    try:
        phone = phones.normalize(phone)
    except ValidationError as error:
        raise ValidationError({"neighbour_phone": error.messages}) from None
    if not consent:
        raise ValidationError(
            {
                "neighbour_consent": _(
                    "Tick that the person agreed to get text messages about this case, or "
                    "leave their number out."
                )
            }
        )
    return phone


def report_key(value) -> uuid.UUID | None:
    """A report's idempotency key as a UUID (None if none was given); a malformed key is
    refused, never ignored: ignoring it could make a second case from a resend."""
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ValidationError(
            {
                "idempotency_key": _(
                    "This report's key is not valid. Reload the page and send the report again."
                )
            },
            code="invalid_report_key",
        ) from None


def case_support(*, case: Case, user) -> bool:
    """“Affects me too”: counted once per person; they also follow the case. True if new."""
    if not case.is_open or case.is_hidden:
        raise ValidationError(_("Only open cases can be supported."))
    if case.reporter_id is not None and case.reporter_id == user.pk:
        return False  # the reporter is affected already; "also affected" counts other people
    try:
        with transaction.atomic():
            CaseSupport.objects.create(case=case, user=user)
            Case.objects.filter(pk=case.pk).update(supporters_count=F("supporters_count") + 1)
            transaction.on_commit(case_pages.invalidate)
            CaseFollow.objects.get_or_create(case=case, user=user)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def case_follow(*, case: Case, user) -> None:
    CaseFollow.objects.get_or_create(case=case, user=user)


@transaction.atomic
def case_unfollow(*, case: Case, user) -> None:
    CaseFollow.objects.filter(case=case, user=user).delete()


# --- The linkage centre and departments ----------------------------------------------------------


def due_time(case: Case, *, start=None):
    """When a dispatched case must be resolved: the inspector's time limit if one was set,
    otherwise its category's time limit for its urgency."""
    if case.requested_due_at and case.requested_due_at > (start or timezone.now()):
        return case.requested_due_at
    hours = {
        Case.Urgency.ROUTINE: case.category.sla_routine_hours,
        Case.Urgency.EXPRESS: case.category.sla_express_hours,
        Case.Urgency.EMERGENCY: case.category.sla_emergency_hours,
    }[case.urgency]
    return (start or timezone.now()) + timedelta(hours=hours)


def case_dispatch(
    *,
    case: Case,
    actor,
    department: Department,
    public_message: str,
    internal_note: str = "",
    publish_report: bool = False,
    expected_version: int | None = None,
) -> Case:
    """Send a case to a department with its time limit; with `publish_report`, the centre has
    read the reporter's description and voice note and puts them on the public site too."""
    with transition("dispatch", case, actor, expected_version=expected_version) as step:
        if department is None or not department.is_active:
            raise ValidationError({"department": _("Choose an active department.")})
        message = _require(public_message, "public_message", _("Write a message for the public."))
        step.case.department = department
        step.case.due_at = due_time(step.case, start=step.now)
        if publish_report and workflow.has_unpublished_report(step.case):
            _publish_report(step.case)
            step.details["published_report"] = True
        step.say(public=message, internal=internal_note)
    return step.case


def case_reject(
    *,
    case: Case,
    actor,
    reason: str,
    public_message: str,
    duplicate_of: Case | None = None,
    expected_version: int | None = None,
) -> Case:
    with transition("reject", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Give the reason for rejecting the case."))
        message = _require(public_message, "public_message", _("Write a message for the public."))
        if duplicate_of is not None and duplicate_of.pk == case.pk:
            raise ValidationError({"duplicate_of": _("A case cannot duplicate itself.")})
        step.case.duplicate_of = duplicate_of
        step.say(public=message, internal=reason)
    return step.case


def case_accept(
    *,
    case: Case,
    actor,
    public_message: str = "",
    internal_note: str = "",
    expected_version: int | None = None,
) -> Case:
    with transition("accept", case, actor, expected_version=expected_version) as step:
        step.say(public=public_message, internal=internal_note)
    return step.case


def case_return(*, case: Case, actor, reason: str, expected_version: int | None = None) -> Case:
    """Department staff send a case back to the centre ("not ours")."""
    with transition("return", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Say why the case is not for your department."))
        # Whose return it was (the case leaves its department): the monthly appraisal counts it.
        step.details["department_id"] = step.case.department_id
        step.say(internal=reason)
    return step.case


def case_resolve(
    *,
    case: Case,
    actor,
    summary: str,
    photos=(),
    no_photo_reason: str = "",
    video=None,
    hazard_real: bool | None = None,
    hazard_appeared_at=None,
    expected_version: int | None = None,
) -> Case:
    """The department fixed it: a summary and after-photos and/or a short video (or the reason
    there are none); for an emergency, whether the hazard was real and, if they could tell,
    when it appeared. Where the centre checks repairs, the case then awaits its check;
    otherwise it is resolved and the reporter is asked to evaluate it."""
    summary = _require(summary, "summary", _("Describe what was done."))
    clean = clean_photos(photos)
    clean_clip = clean_video(video)
    if not clean and not clean_clip and not no_photo_reason.strip():
        raise ValidationError(
            {"photos": _("Attach at least one photo of the result, or say why there is none.")}
        )
    with (
        _Files() as files,
        transition("resolve", case, actor, expected_version=expected_version) as step,
    ):
        case = step.case
        _check_hazard(case, hazard_real, hazard_appeared_at)
        case.hazard_confirmed = hazard_real
        case.hazard_appeared_at = hazard_appeared_at
        case.rectification_summary = summary
        files.add_all(
            case=case,
            stage=Attachment.Stage.RECTIFICATION,
            user=actor,
            photos=clean,
            video=clean_clip,
        )
        step.say(public=summary, internal=no_photo_reason if not (clean or clean_clip) else "")
        step.to = workflow.resolve_target(case)
        if step.to == Status.RESOLVED:
            _ask_for_evaluation(step)
    return step.case


def _ask_for_evaluation(step) -> None:
    # Rounds count evaluations, not reopenings: a case the centre took back is evaluated again.
    step.follow_up(
        "participation.tasks.case_evaluation_request",
        step.case.pk,
        step.case.evaluations.count() + 1,
    )


def _check_hazard(case: Case, real: bool | None, appeared_at) -> None:
    """An emergency's resolution says whether the hazard was real (only then may it say when it
    appeared); any other case says neither."""
    if case.urgency != Case.Urgency.EMERGENCY:
        if real is not None:
            raise ValidationError(
                {"hazard_real": _("Only an emergency is confirmed or found not to be one.")}
            )
        if appeared_at is not None:
            raise ValidationError(
                {"hazard_appeared_at": _("Only an emergency has a time the hazard appeared.")}
            )
        return
    if real is None:
        raise ValidationError({"hazard_real": _("Say whether you found the hazard real on site.")})
    if appeared_at is not None:
        if not real:
            raise ValidationError(
                {"hazard_appeared_at": _("A hazard that was not real has no time it appeared.")}
            )
        _check_hazard_time(case, appeared_at)


def _check_hazard_time(case: Case, appeared_at) -> None:
    if appeared_at > case.submitted_at:
        raise ValidationError(
            {
                "hazard_appeared_at": _(
                    "The hazard cannot have appeared after it was reported (%(reported)s)."
                )
                % {"reported": timezone.localtime(case.submitted_at).strftime("%Y-%m-%d %H:%M")}
            }
        )


# --- On site and the resident's verdict ----------------------------------------------------------


def case_confirm_on_site(
    *, case: Case, user, comment: str = "", expected_version: int | None = None
) -> CaseEvent:
    """A housekeeper of the case's grid went and saw that the repair was really done: once per
    resolution, by someone who did not do the repair."""
    with transition("confirm", case, user, expected_version=expected_version) as step:
        if selectors.confirmed_on_site(step.case):
            raise workflow.TransitionError(
                _("A housekeeper has already confirmed this repair on site."), code="confirmed"
            )
        step.say(public=without_control_characters(comment))
    return step.event


def case_not_fixed(
    *,
    case: Case,
    user,
    note: str,
    photos=(),
    expected_version: int | None = None,
) -> Case:
    """A housekeeper of the grid went there and found the repair not done: with a photo and a
    note, the case is flagged to the linkage centre, which reopens it or clears the flag. The
    photo is for staff (the centre may publish it)."""
    note = _require(note, "note", _("Say what is still wrong."))
    clean = clean_photos(photos)
    if not clean:
        raise ValidationError({"photos": _("Attach a photo of what you found.")})
    with (
        _Files() as files,
        transition("not_fixed", case, user, expected_version=expected_version) as step,
    ):
        step.case.flagged_at = step.now
        files.add_all(
            case=step.case, stage=Attachment.Stage.ON_SITE, user=user, photos=clean, public=False
        )
        step.say(internal=without_control_characters(note))
    return step.case


def case_evaluate(
    *, case: Case, user, rating: str, comment: str = "", expected_version: int | None = None
) -> Evaluation:
    """Satisfied closes the case; unsatisfied reopens it for the department with a new time
    limit, or after the last reopening sends it back to the centre (see
    `workflow.evaluation_target`)."""
    with transition("evaluate", case, user, expected_version=expected_version) as step:
        evaluation = _evaluate(step, user, rating, comment)
    return evaluation


def case_evaluate_by_link(*, token: str, rating: str, comment: str = "") -> Evaluation:
    """The neighbour a case was reported for evaluates it with the link texted to them, without
    an account. A link works once, for its round, until it expires."""
    link = EvaluationLink.from_token(token)
    if link is None:
        raise ValidationError(
            _("This evaluation link is not valid. Check that you opened all of it."),
            code="invalid_link",
        )
    check_evaluation_link(link)
    with transition("evaluate", link.case_id, None) as step:
        link = EvaluationLink.objects.select_for_update().get(pk=link.pk)
        link.case = step.case
        check_evaluation_link(link, step.now)
        evaluation = _evaluate(step, None, rating, comment)
        link.used_at = step.now
        link.save(update_fields=["used_at"])
    return evaluation


def check_evaluation_link(link: EvaluationLink, now=None) -> None:
    """Refuse a link used already (or overtaken by a later round), or expired."""
    now = now or timezone.now()
    case = link.case
    current = case.status == Status.RESOLVED and link.round == case.evaluations.count() + 1
    if link.used_at is not None or not current:
        raise ValidationError(
            _("This link has already been used, or the case has moved on."), code="used_link"
        )
    if link.expires_at <= now:
        raise ValidationError(
            _("This link has expired: the time to evaluate the case is over."),
            code="expired_link",
        )


def _evaluate(step, user, rating: str, comment: str) -> Evaluation:
    """The reporter's verdict on the locked case, inside its "evaluate" step."""
    case = step.case
    if rating not in Evaluation.Rating.values:
        raise ValidationError({"rating": _("Choose how satisfied you are.")})
    evaluation = Evaluation(
        case=case,
        round=case.evaluations.count() + 1,
        evaluator=user,
        rating=rating,
        comment=comment.strip(),
        created_at=step.now,
    )
    # A neighbour's evaluation (with the texted link) has no account to name.
    evaluation.full_clean(exclude=["evaluator"] if user is None else None)
    evaluation.save()
    step.to = workflow.evaluation_target(case, rating == Evaluation.Rating.UNSATISFIED)
    if step.to == Status.REOPENED:
        # A new round for the department, with a fresh time limit and a clean overdue record.
        case.reopen_count += 1
        _restart_clock(case, due_time(case, start=step.now))
    step.say(internal=evaluation.comment)
    return evaluation


# --- The centre's examination of repairs --------------------------------------------------------


def case_approve(
    *,
    case: Case,
    actor,
    public_message: str = "",
    internal_note: str = "",
    expected_version: int | None = None,
) -> Case:
    """The centre compared the before and after photos and accepts the repair: the case is
    resolved and the reporter is asked to evaluate it."""
    with transition("approve", case, actor, expected_version=expected_version) as step:
        step.say(public=public_message, internal=internal_note)
        _ask_for_evaluation(step)
    return step.case


def case_send_back(
    *,
    case: Case,
    actor,
    reason: str,
    public_message: str = "",
    expected_version: int | None = None,
) -> Case:
    """The centre does not accept the repair: back in progress with the department, which is
    told why; its time limit is not reset (the clock runs on)."""
    with transition("send_back", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Say what is wrong with the repair."))
        step.say(public=public_message, internal=reason)
    return step.case


def case_reopen(
    *,
    case: Case,
    actor,
    reason: str,
    public_message: str = "",
    expected_version: int | None = None,
) -> Case:
    """The centre finds a resolved or closed repair not done (a housekeeper's report, a call):
    the department has it again with a new time limit, and the reopening counts against it."""
    with transition("reopen", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Say why the case is reopened."))
        step.case.reopen_count += 1
        _restart_clock(step.case, due_time(step.case, start=step.now))
        step.say(public=public_message, internal=reason)
    return step.case


def case_clear_flag(*, case: Case, actor, reason: str, expected_version: int | None = None) -> Case:
    """The centre looked into a housekeeper's “not fixed” and finds the repair in order."""
    with transition("clear_flag", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Say what the centre found."))
        step.case.flagged_at = None
        step.say(internal=reason)
    return step.case


# --- Triage: correcting what the reporter chose ----------------------------------------------


def case_reclassify(
    *,
    case: Case,
    actor,
    reason: str,
    category=None,
    urgency: str = "",
    latitude=None,
    longitude=None,
    grid=None,
    expected_version: int | None = None,
) -> Case:
    """The centre corrects the category, urgency or place the reporter chose, with a reason.
    A case with a time limit gets the one the new category and urgency give, counted from its
    dispatch; the timeline says what changed and the new due time, and the reporter is told.
    Moving into a private category takes the case off the public site. Points follow the
    urgency (see `points`)."""
    with transition("reclassify", case, actor, expected_version=expected_version) as step:
        case = step.case
        reason = _require(reason, "reason", _("Give the reason for the correction."))
        details = {}
        if category is not None and category.pk != case.category_id:
            if not category.is_active:
                raise ValidationError({"category": _("Choose an active category.")})
            details["category"] = {"from": case.category.names, "to": category.names}
            case.category = category
            if not category.public_by_default:
                case.is_hidden = True
        if urgency and urgency != case.urgency:
            if urgency not in Case.Urgency.values:
                raise ValidationError({"urgency": _("Choose how urgent it is.")})
            details["urgency"] = {"from": case.urgency, "to": urgency}
            case.urgency = urgency
        if latitude is not None and longitude is not None:
            found = selectors.grid_for_point(latitude, longitude)
            if found is None:
                raise ValidationError(
                    {"location": _("This place is outside the town. Put the pin where it is.")}
                )
            grid = found
        elif grid is not None:
            latitude, longitude = selectors.grid_centre(grid)
        if latitude is not None and (
            Decimal(str(latitude)) != case.latitude or Decimal(str(longitude)) != case.longitude
        ):
            details["grid"] = {"from": case.grid.number, "to": grid.number}
            case.latitude, case.longitude, case.grid = latitude, longitude, grid
        if not details:
            raise ValidationError(
                {NON_FIELD_ERRORS: _("Change the category, the urgency or the place.")}
            )
        if case.due_at is not None and case.status != Status.RESOLVED and case.dispatched_at:
            due_at = due_time(case, start=case.dispatched_at)
            if due_at != case.due_at:
                _restart_clock(case, due_at)
                details["due_at"] = due_at.isoformat()
        case.full_clean(
            exclude=[
                f.name
                for f in Case._meta.fields
                if f.name not in ("category", "urgency", "latitude", "longitude", "grid")
            ]
        )
        step.details.update(details)
        step.say(internal=reason)
        if "category" in details or "grid" in details:
            campaigns.campaign_case_moved(case)
    return step.case


# --- Joint handling ------------------------------------------------------------------------------


def case_assist_add(
    *, case: Case, actor, department, task: str, expected_version: int | None = None
) -> CaseAssist:
    """The centre asks another department to help the lead department, saying what it must
    do; the assisting department sees the case in its inbox and is told."""
    with transition("assist_add", case, actor, expected_version=expected_version) as step:
        task = _require(task, "task", _("Say what the assisting department must do."))
        if department is None or not department.is_active:
            raise ValidationError({"department": _("Choose an active department.")})
        if department.pk == step.case.department_id:
            raise ValidationError(
                {"department": _("This is the lead department: choose another one.")}
            )
        if step.case.assists.filter(department=department).exists():
            raise ValidationError({"department": _("This department already has a part.")})
        assist = CaseAssist(
            case=step.case,
            department=department,
            task=without_control_characters(task),
            created_at=step.now,
        )
        assist.full_clean()
        assist.save()
        step.details.update(assist=assist.pk, department=department.names)
        step.say(internal=assist.task)
    return assist


def case_assist_record(
    *,
    case: Case,
    actor,
    note: str,
    photos=(),
    expected_version: int | None = None,
) -> CaseAssist:
    """An assisting department records its part as done, with a note and photos (staff only;
    the public timeline says the part is done)."""
    note = _require(note, "note", _("Say what your department did."))
    clean = clean_photos(photos)
    with (
        _Files() as files,
        transition("assist_record", case, actor, expected_version=expected_version) as step,
    ):
        assist = (
            step.case.assists.select_for_update()
            .filter(
                status=CaseAssist.Status.OPEN,
                department__in=DepartmentMembership.objects.filter(user=actor).values("department"),
            )
            .select_related("department")
            .first()
        )
        assist.status, assist.note = CaseAssist.Status.DONE, without_control_characters(note)
        assist.done_at, assist.done_by = step.now, actor
        assist.full_clean()
        assist.save()
        files.add_all(
            case=step.case,
            stage=Attachment.Stage.ASSIST,
            user=actor,
            photos=clean,
            public=False,
            assist=assist,
        )
        step.details.update(assist=assist.pk, department=assist.department.names)
        step.say(internal=assist.note)
    return assist


def case_assist_waive(
    *, case: Case, actor, assist, reason: str, expected_version: int | None = None
) -> CaseAssist:
    """The centre waives an assisting department's part (no longer needed), with a reason."""
    with transition("assist_waive", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Give the reason for waiving the part."))
        if (
            assist is None
            or assist.case_id != step.case.pk
            or assist.status != CaseAssist.Status.OPEN
        ):
            raise ValidationError({"assist": _("Choose a part that is still to do.")})
        assist.status, assist.waived_reason = CaseAssist.Status.WAIVED, reason[:300]
        assist.done_at, assist.done_by = step.now, actor
        assist.save(update_fields=["status", "waived_reason", "done_at", "done_by"])
        step.details.update(assist=assist.pk, department=assist.department.names)
        step.say(internal=reason)
    return assist


# --- Public updates from residents ----------------------------------------------------------------

UPDATE_PHOTOS = 2


def case_update_post(
    *,
    case: Case,
    user,
    text: str,
    photos=(),
    still_not_fixed: bool = False,
    expected_version: int | None = None,
) -> CaseUpdate:
    """The reporter or a follower adds a public update: text and up to two photos, checked and
    rebuilt like a report's; followers are told. A resolved case's reporter can say it is still
    not fixed, with a photo: that is an unsatisfied evaluation (it reopens the case, within the
    limit of reopenings) and the update goes with it."""
    text = without_control_characters(text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what you saw.")})
    clean = clean_photos(photos, limit=UPDATE_PHOTOS)
    if still_not_fixed and not clean:
        raise ValidationError({"photos": _("Add a photo that shows it is still not fixed.")})
    action = "evaluate" if still_not_fixed else "update"
    with (
        _Files() as files,
        transition(action, case, user, expected_version=expected_version) as step,
    ):
        if still_not_fixed:
            workflow.check("update", step.case, user)  # an update too: only on a public case
            _evaluate(step, user, Evaluation.Rating.UNSATISFIED, text)
        update = CaseUpdate(case=step.case, author=user, text=text, created_at=step.now)

        def attach(event):
            update.event = event
            update.full_clean()
            update.save()
            files.add_all(
                case=step.case,
                stage=Attachment.Stage.UPDATE,
                user=user,
                photos=clean,
                update=update,
            )

        step.then(attach)
    return update


def case_hide_update(
    *, case: Case, actor, update, reason: str, expected_version: int | None = None
) -> CaseUpdate:
    """The centre hides a resident's update (and its photos) from the public; staff keep it."""
    with transition("hide_update", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Give the reason for hiding the update."))
        if update is None or update.case_id != step.case.pk or update.is_hidden:
            raise ValidationError({"update": _("Choose one of this case's public updates.")})
        update.is_hidden, update.hidden_reason = True, reason[:300]
        update.save(update_fields=["is_hidden", "hidden_reason"])
        update.photos.update(is_public=False, hidden_reason=reason[:300])
        step.details["update"] = update.pk
        step.say(internal=reason)
    return update


def cases_auto_close(*, now=None) -> int:
    """Close resolved cases the reporter has not evaluated within AUTO_CLOSE_DAYS. Idempotent."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=workflow.AUTO_CLOSE_DAYS)
    closed = 0
    ids = Case.objects.filter(status=Status.RESOLVED, resolved_at__lte=cutoff).values_list(
        "pk", flat=True
    )
    for pk in list(ids):
        try:
            with transition("auto_close", pk, None, now=now) as step:
                if step.case.resolved_at > cutoff:
                    step.cancel()  # resolved again meanwhile
        except workflow.TransitionError:
            continue  # evaluated meanwhile
        closed += not step.cancelled
    return closed


# --- The back office: notes, reassignment, deadlines, duplicates ---------------------------------


def case_note(
    *,
    case: Case,
    actor,
    public_message: str = "",
    internal_note: str = "",
    expected_version: int | None = None,
) -> CaseEvent:
    """A progress note from the department or the centre: public, internal, or both."""
    with transition("note", case, actor, expected_version=expected_version) as step:
        if not (public_message or "").strip() and not (internal_note or "").strip():
            raise ValidationError(
                {"public_message": _("Write a public message, an internal note, or both.")}
            )
        step.say(public=public_message, internal=internal_note)
    return step.event


def case_reassign(
    *,
    case: Case,
    actor,
    department: Department,
    public_message: str,
    internal_note: str = "",
    expected_version: int | None = None,
) -> Case:
    """The centre moves a case to another department; its time limit starts again."""
    with transition("reassign", case, actor, expected_version=expected_version) as step:
        if department is None or not department.is_active:
            raise ValidationError({"department": _("Choose an active department.")})
        if department.pk == step.case.department_id:
            raise ValidationError({"department": _("The case is already with this department.")})
        message = _require(public_message, "public_message", _("Write a message for the public."))
        step.case.department = department
        _restart_clock(step.case, due_time(step.case, start=step.now))
        step.say(public=message, internal=internal_note)
    return step.case


def case_set_deadline(
    *, case: Case, actor, due_at, reason: str, expected_version: int | None = None
) -> Case:
    """The centre sets a different deadline (e.g. the work needs a contractor), with a reason."""
    with transition("deadline", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Give the reason for the new deadline."))
        if due_at is None or due_at <= step.now:
            raise ValidationError({"due_at": _("The new deadline must be in the future.")})
        _restart_clock(step.case, due_at)
        step.say(internal=reason)
    return step.case


@transaction.atomic
def case_merge(
    *, case: Case, actor, into: Case, reason: str = "", expected_version: int | None = None
) -> Case:
    """A duplicate is closed into the case it repeats: its followers and “affects me too” move
    over (each person once), and its reporter is told where to follow it."""
    with transition("merge", case, actor, expected_version=expected_version) as step:
        duplicate = step.case
        if into is None or into.pk == duplicate.pk:
            raise ValidationError({"into": _("Choose another case to merge into.")})
        target = lock(into)
        if not target.is_open or target.duplicate_of_id:
            raise ValidationError({"into": _("A case can only be merged into an open case.")})
        duplicate.duplicate_of = target
        step.say(
            public=_("This is the same problem as %(reference)s; follow it there.")
            % {"reference": target.reference},
            internal=reason,
        )
    with transition("absorb", target, actor, now=step.now) as absorbing:
        target = absorbing.case
        # Everyone who followed or was affected by the duplicate now follows the original; the
        # duplicate's reporter counts as affected by it.
        people = set(duplicate.follows.values_list("user_id", flat=True))
        affected = set(duplicate.supports.values_list("user_id", flat=True))
        if duplicate.reporter_id:
            people.add(duplicate.reporter_id)
            affected.add(duplicate.reporter_id)
        affected.discard(target.reporter_id)
        followed = set(target.follows.values_list("user_id", flat=True))
        CaseFollow.objects.bulk_create(
            [CaseFollow(case=target, user_id=pk) for pk in people - followed]
        )
        supported = set(target.supports.values_list("user_id", flat=True))
        CaseSupport.objects.bulk_create(
            [CaseSupport(case=target, user_id=pk) for pk in affected - supported]
        )
        target.supporters_count = target.supports.count()
        absorbing.say(
            internal=_("%(reference)s was merged into this case.")
            % {"reference": duplicate.reference}
        )
    return duplicate


# --- Moderation ----------------------------------------------------------------------------------


def case_hide(*, case: Case, actor, reason: str, expected_version: int | None = None) -> Case:
    """The centre takes a case off the public site (list, map, page, feeds, API, files); its
    reporter and staff still see it. The reason is for staff."""
    with transition("hide", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Give the reason for hiding the case."))
        step.case.is_hidden = True
        step.case.hidden_reason = reason[:300]
        step.say(internal=reason)
    return step.case


def case_publish(
    *, case: Case, actor, internal_note: str = "", expected_version: int | None = None
) -> Case:
    """The centre puts a hidden case (or one of a private-by-default category) on the public
    site; a private category's pin is still shown rounded (see `Case.public_point`)."""
    with transition("publish", case, actor, expected_version=expected_version) as step:
        step.case.is_hidden = False
        step.case.hidden_reason = ""
        step.say(internal=internal_note)
    return step.case


def _publish_report(case: Case) -> None:
    """The description and the voice notes the centre has not hidden go public."""
    case.description_public = True
    case.attachments.filter(kind=Attachment.Kind.AUDIO, is_public=False, hidden_reason="").update(
        is_public=True
    )


def case_publish_report(
    *, case: Case, actor, internal_note: str = "", expected_version: int | None = None
) -> Case:
    """The centre has read the reporter's own words (description, voice note) and publishes
    them; until then the public sees the title, category, place and photos only."""
    with transition("publish_report", case, actor, expected_version=expected_version) as step:
        _publish_report(step.case)
        step.say(internal=internal_note)
    return step.case


def case_redact(
    *,
    case: Case,
    actor,
    title: str,
    description: str,
    reason: str,
    expected_version: int | None = None,
) -> Case:
    """The centre edits the public title and description (a name, a phone number, an insult);
    what the reporter wrote is kept for staff, and the timeline says the text was edited."""
    with transition("redact", case, actor, expected_version=expected_version) as step:
        case = step.case
        reason = _require(reason, "reason", _("Give the reason for editing the report."))
        title = without_control_characters(title or "").strip()
        description = without_control_characters(description or "").strip()
        if title == case.title and description == case.description:
            raise ValidationError(
                {"description": _("Change the title or the description, or cancel.")}
            )
        if not case.is_redacted:
            # The first edit keeps the reporter's words; later edits change only the public text.
            case.original_title, case.original_description = case.title, case.description
        case.title, case.description = title, description
        case.full_clean(
            exclude=[f.name for f in Case._meta.fields if f.name not in ("title", "description")]
        )
        step.say(internal=reason)
    return step.case


def _case_file(case: Case, attachment) -> Attachment:
    """The file, if it is this case's: another case's file id is refused as unknown."""
    if attachment is None or getattr(attachment, "case_id", None) != case.pk:
        raise ValidationError({"attachment": _("Choose one of this case's files.")})
    return Attachment.objects.select_for_update().get(pk=attachment.pk)


def case_hide_file(
    *, case: Case, actor, attachment, reason: str, expected_version: int | None = None
) -> Case:
    """The centre takes one photo or recording off the public site (it shows a face, a number
    plate, a home); the reporter and staff still see it."""
    with transition("hide_file", case, actor, expected_version=expected_version) as step:
        reason = _require(reason, "reason", _("Give the reason for hiding the file."))
        item = _case_file(step.case, attachment)
        if not item.is_public:
            raise ValidationError({"attachment": _("This file is not public.")})
        item.is_public, item.hidden_reason = False, reason[:300]
        item.save(update_fields=["is_public", "hidden_reason"])
        step.details.update(attachment=item.pk, kind=item.kind)
        step.say(internal=reason)
    return step.case


def case_show_file(
    *, case: Case, actor, attachment, internal_note: str = "", expected_version: int | None = None
) -> Case:
    """The centre puts one photo or recording (a voice note, or a file it hid) on the public
    site, while the case itself is public."""
    with transition("show_file", case, actor, expected_version=expected_version) as step:
        item = _case_file(step.case, attachment)
        if item.is_public:
            raise ValidationError({"attachment": _("This file is already public.")})
        item.is_public, item.hidden_reason = True, ""
        item.save(update_fields=["is_public", "hidden_reason"])
        step.details.update(attachment=item.pk, kind=item.kind)
        step.say(internal=internal_note)
    return step.case


def cases_bulk(*, action: str, cases, actor, **data) -> tuple[list[Case], list[tuple[Case, str]]]:
    """Dispatch or reject several cases at once. Each case is its own transaction, so one refusal
    (someone else acted on it meanwhile) leaves the others done; returns (done, refused)."""
    done, refused = [], []
    for case in cases:
        try:
            if action == "dispatch":
                department = data.get("department") or case.category.default_department
                done.append(
                    case_dispatch(
                        case=case,
                        actor=actor,
                        department=department,
                        public_message=data.get("public_message", ""),
                        publish_report=data.get("publish_report", False),
                    )
                )
            elif action == "reject":
                done.append(
                    case_reject(
                        case=case,
                        actor=actor,
                        reason=data.get("reason", ""),
                        public_message=data.get("public_message", ""),
                    )
                )
            else:
                raise ValueError(f"No bulk action {action!r}")
        except workflow.TransitionError as error:
            refused.append((case, error.message))
        except ValidationError as error:
            refused.append((case, " ".join(error.messages)))
    return done, refused


STAFF_SOURCES = (Case.Source.HOTLINE, Case.Source.PATROL, Case.Source.INSPECTION)


def case_enter(
    *, staff, source: str, contact: str = "", requested_due_at=None, grid=None, **report
) -> Case:
    """The linkage centre enters a case for someone: a hotline call, a patrol finding, or a
    problem from a leadership inspection with the inspector's time limit. Without coordinates
    (a caller who can only name their grid) the middle of `grid` is used."""
    if not workflow.is_dispatcher(staff, None):
        raise workflow.TransitionError(
            _("You are not allowed to do this to this case."), code="forbidden"
        )
    if source not in STAFF_SOURCES:
        raise ValidationError({"source": _("Choose where the case came from.")})
    if source == Case.Source.INSPECTION:
        if requested_due_at is None or requested_due_at <= timezone.now():
            raise ValidationError(
                {"requested_due_at": _("Give the inspector's time limit, in the future.")}
            )
    else:
        requested_due_at = None
    if report.get("latitude") is None or report.get("longitude") is None:
        if grid is None:
            raise ValidationError(_("Give the coordinates or choose the grid."))
        report["latitude"], report["longitude"] = selectors.grid_centre(grid)
    # No reporter, so no report key: every entry is a new case.
    case, _created = case_submit(
        reporter=None,
        source=source,
        entered_by=staff,
        contact=contact,
        requested_due_at=requested_due_at,
        **report,
    )
    return case
