"""Cases: what residents report, where it is, who handles it, and everything that happened to it.

Rows here are written only by `participation.services`; the allowed moves between states live in
`participation.workflow`.
"""

import re
from datetime import datetime

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.ids import MAX_ID
from portal.models import BilingualName

from .structure import Category, Department, Grid

REFERENCE_PATTERN = re.compile(r"^WZ-(?P<year>\d{4})-(?P<number>\d{6,})$")
DESCRIPTION_MAX_LENGTH = 4000


@deconstructible(path="participation.models.cases.CaseFileStorage")
class CaseFileStorage:
    """Case photos and voice notes, in the storage `STORAGES["case_files"]` names: a private
    folder outside MEDIA_ROOT or a private bucket. They are served only through a view that
    checks the case is public (`participation.views.attachment`), never by URL.

    Looked up on every use, so a changed setting (a test, a restore) takes effect; a callable
    `storage=` would be called once, when the model loads. The migrations name this class, so
    they stay as they are."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(storages["case_files"], name)


case_files_storage = CaseFileStorage()


class Case(models.Model):
    """One reported problem, from the report to its evaluation."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        DISPATCHED = "dispatched", _("Dispatched")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        REOPENED = "reopened", _("Reopened")
        AWAITING_CHECK = "awaiting_check", _("Awaiting the centre's check")

    class Urgency(models.TextChoices):
        ROUTINE = "routine", pgettext_lazy("urgency", "Routine")
        EXPRESS = "express", pgettext_lazy("urgency", "Express")
        EMERGENCY = "emergency", pgettext_lazy("urgency", "Emergency")

    class Source(models.TextChoices):
        WEB = "web", _("Website")
        OPEN311 = "open311", _("Open311 app")
        HOTLINE = "hotline", _("Hotline call")
        PATROL = "patrol", _("Patrol finding")
        INSPECTION = "inspection", _("Leadership inspection")

    OPEN_STATUSES = (
        Status.SUBMITTED,
        Status.DISPATCHED,
        Status.IN_PROGRESS,
        Status.REOPENED,
        Status.AWAITING_CHECK,
    )

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_cases",
    )
    show_reporter_name = models.BooleanField(
        _("show my name"),
        default=False,
        help_text=_("Show the reporter's display name on the public case page."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.WEB
    )
    # Cases staff enter on behalf of someone: a hotline call, a patrol finding, an inspection.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact = models.CharField(
        _("contact (staff only)"),
        max_length=200,
        blank=True,
        help_text=_("The caller's name and phone number, for staff to call back. Never public."),
    )
    # Reported for someone (by a housekeeper, or a hotline call): the neighbour's mobile number
    # (E.164), given with their consent, for text messages about the case and its evaluation.
    # Never public; staff see it masked unless they call people back (portal.phones.for_staff).
    neighbour_phone = models.CharField(
        _("neighbour's mobile number (staff only)"),
        max_length=16,
        blank=True,
        help_text=_("The person this was reported for, who is told by text message."),
    )
    neighbour_consent_at = models.DateTimeField(
        _("neighbour agreed to text messages"), null=True, blank=True
    )
    requested_due_at = models.DateTimeField(
        _("time limit set by the inspector"),
        null=True,
        blank=True,
        help_text=_("For leadership-inspection problems: used instead of the category's limit."),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="cases"
    )
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    title = models.CharField(
        _("title"),
        max_length=120,
        validators=[MinLengthValidator(4)],
        help_text=_("A short summary, e.g. “Manhole cover missing outside No. 12”."),
    )
    description = models.TextField(
        _("what is wrong"),
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
        help_text=_("Describe the problem and exactly where it is."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    address = models.CharField(
        _("address or landmark"),
        max_length=200,
        blank=True,
        help_text=_("Optional: a street address or a landmark nearby."),
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    rectification_summary = models.TextField(_("rectification summary"), blank=True)
    hazard_appeared_at = models.DateTimeField(
        _("hazard appeared"),
        null=True,
        blank=True,
        help_text=_(
            "For an emergency: when the hazard appeared, as the department found on site. A "
            "report within an hour of it earns the reporter a timeliness bonus."
        ),
    )
    hazard_confirmed = models.BooleanField(
        _("hazard confirmed"),
        null=True,
        blank=True,
        help_text=_(
            "For an emergency: whether the department found the hazard real. Only a real "
            "hazard earns the reporter the emergency and timeliness bonuses."
        ),
    )
    flagged_at = models.DateTimeField(
        _("flagged as not fixed"),
        null=True,
        blank=True,
        help_text=_(
            "When a housekeeper of the grid reported the repair not done; the linkage centre "
            "reopens the case or clears the flag."
        ),
    )
    attributes = models.JSONField(
        _("answers to extra questions"),
        default=dict,
        blank=True,
        help_text=_("The category's extra questions, by code, with the reporter's answers."),
    )
    is_hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("Sensitive cases are kept off every public page, feed and file URL."),
    )
    hidden_reason = models.CharField(
        _("why hidden"),
        max_length=300,
        blank=True,
        help_text=_(
            "The linkage centre's reason, for staff. Empty for a case hidden because its "
            "category is private by default."
        ),
    )
    description_public = models.BooleanField(
        _("description published"),
        default=False,
        help_text=_(
            "The reporter's own words (the description) and voice note are shown to the public "
            "only once the linkage centre has read and published them."
        ),
    )
    # What the reporter wrote, kept for staff when the centre redacts the public text.
    original_title = models.CharField(
        _("title as reported"),
        max_length=120,
        blank=True,
        help_text=_("Staff only: the reporter's title before the linkage centre edited it."),
    )
    original_description = models.TextField(
        _("description as reported"),
        blank=True,
        help_text=_("Staff only: the reporter's description before the linkage centre edited it."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    supporters_count = models.PositiveIntegerField(_("affects me too"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # Optimistic concurrency: every change to the case adds one; a form sent with an older
    # version is refused ("this case changed, reload") instead of overwriting someone's work.
    version = models.PositiveIntegerField(_("version"), default=1)
    # Time limits (participation.sla): when the case was found overdue, how far it has been
    # escalated (0 none, 1 the department lead, 2 the linkage centre), when the reminder went out.
    overdue_at = models.DateTimeField(_("overdue since"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # One per report form: made with the page, or by the reporter's browser for a report kept
    # offline (static/js/report_drafts.js). The same report sent again (a double tap, a lost
    # answer, a report written offline and sent later) finds this case instead of making a
    # second one. Unique per reporter (see Meta.constraints).
    idempotency_key = models.UUIDField(
        _("idempotency key"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The reporter's browser's key for this report; a resend finds this case."),
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="case_one_per_reporter_key",
            ),
        ]
        indexes = [
            # The public list's sorts and main filters. Each index has the sort's "-id" tie-break,
            # so a page comes out in order without sorting every matching case, then `is_hidden`:
            # public pages filter on it (as SQL `NOT is_hidden`, which no index can seek on), and
            # with it in the index hidden cases are skipped and the paginator's COUNT answered
            # without reading the table. Measured with `make bench` (100,000 cases).
            models.Index(fields=["-submitted_at", "-id", "is_hidden"], name="case_public_new_idx"),
            models.Index(
                fields=["-updated_at", "-id", "is_hidden"], name="case_public_updated_idx"
            ),
            models.Index(
                fields=["-supporters_count", "-submitted_at", "-id", "is_hidden"],
                name="case_public_support_idx",
            ),
            models.Index(
                fields=["status", "-submitted_at", "-id", "is_hidden"], name="case_status_idx"
            ),
            # The SLA timer's scan and the inboxes' "overdue first / time left" order.
            models.Index(fields=["status", "due_at"], name="case_status_due_idx"),
            # A department's inbox sorts its open cases by due time, urgency, then age: all of
            # it in the index, so the sort reads no row of the table.
            models.Index(
                fields=["department", "status", "due_at", "urgency", "submitted_at"],
                name="case_department_inbox_idx",
            ),
            models.Index(
                fields=["grid", "status", "-submitted_at", "-id", "is_hidden"],
                name="case_grid_status_idx",
            ),
            models.Index(fields=["category", "status"], name="case_category_status_idx"),
            # Open311 `GET requests` by service_code within a date window, newest first.
            models.Index(
                fields=["category", "-submitted_at", "-id", "is_hidden"],
                name="case_category_new_idx",
            ),
            models.Index(fields=["department", "status"], name="case_department_status_idx"),
            models.Index(fields=["urgency", "-submitted_at"], name="case_urgency_idx"),
            models.Index(fields=["status", "resolved_at"], name="case_status_resolved_idx"),
            models.Index(fields=["latitude", "longitude"], name="case_location_idx"),
            # The centre's list of repairs housekeepers found not done (few rows at a time).
            models.Index(
                fields=["flagged_at"],
                name="case_flagged_idx",
                condition=models.Q(flagged_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    def get_absolute_url(self) -> str:
        """The case's public page (a hidden case's page is a 404 for the public)."""
        return reverse("participation:case_detail", args=[self.reference])

    @property
    def reference(self) -> str:
        """The public case number, e.g. WZ-2026-000123: the year reported and the row's id."""
        return self.reference_for(self.pk, self.submitted_at)

    @staticmethod
    def reference_for(pk: int, submitted_at) -> str:
        year = submitted_at.astimezone(timezone.get_default_timezone()).year
        return f"WZ-{year}-{pk:06d}"

    @staticmethod
    def pk_from_reference(reference: str) -> int | None:
        """The row id a reference names, or None (not a reference, or beyond any id)."""
        match = REFERENCE_PATTERN.match(reference or "")
        number = int(match["number"]) if match else None
        return number if number is not None and number <= MAX_ID else None

    @property
    def public_description(self) -> str:
        """The description as the public may read it: empty until the centre publishes it."""
        return self.description if self.description_public else ""

    @property
    def is_redacted(self) -> bool:
        return bool(self.original_title or self.original_description)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def met_deadline(self) -> bool | None:
        """True/False once resolved against a due time; None while there is nothing to judge."""
        if not self.due_at or not self.resolved_at:
            return None
        return self.resolved_at <= self.due_at

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.due_at and self.due_at < timezone.now())

    @cached_property
    def public_reporter(self) -> str:
        """How the reporter appears in public: their name only if they opted in."""
        if self.show_reporter_name and self.reporter and self.reporter.display_name:
            return self.reporter.display_name
        return _("a resident of grid %(number)s") % {"number": self.grid.number}


class CaseEvent(models.Model):
    """One line of a case's timeline. Append-only: never edited, never deleted."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Reported")
        DISPATCH = "dispatch", _("Dispatched")
        REJECT = "reject", _("Rejected")
        ACCEPT = "accept", _("Accepted")
        RETURN = "return", _("Returned to the centre")
        RESOLVE = "resolve", _("Resolved")
        EVALUATE = "evaluate", _("Evaluated")
        CONFIRM = "confirm", _("Confirmed on site")
        AUTO_CLOSE = "auto_close", _("Closed automatically")
        NOTE = "note", _("Progress note")
        REASSIGN = "reassign", _("Reassigned")
        MERGE = "merge", _("Merged into another case")
        DEADLINE = "deadline", _("Deadline changed")
        OVERDUE = "overdue", _("Overdue")
        ESCALATE = "escalate", _("Escalated")
        HIDE = "hide", _("Hidden from the public")
        PUBLISH = "publish", _("Published")
        REDACT = "redact", _("Report edited by the centre")
        PUBLISH_REPORT = "publish_report", _("Reporter's words published")
        HIDE_FILE = "hide_file", _("Photo or recording hidden")
        SHOW_FILE = "show_file", _("Photo or recording published")
        RECLASSIFY = "reclassify", _("Corrected by the centre")
        APPROVE = "approve", _("Repair approved by the centre")
        SEND_BACK = "send_back", _("Repair sent back by the centre")
        NOT_FIXED = "not_fixed", _("Reported not fixed")
        REOPEN = "reopen", _("Reopened by the centre")
        CLEAR_FLAG = "clear_flag", _("Not-fixed report cleared")
        UPDATE = "update", _("Update from a resident")
        HIDE_UPDATE = "hide_update", _("Update hidden")
        ASSIST_ADD = "assist_add", _("Assisting department added")
        ASSIST_DONE = "assist_done", _("Assisting department's part done")
        ASSIST_WAIVE = "assist_waive", _("Assisting department's part waived")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=Case.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Case.Status.choices)
    public_message = models.TextField(_("public message"), blank=True)
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Seen by staff only.")
    )
    # What the step changed, for the timeline to say in each reader's language (e.g. the old and
    # new category of a reclassification, the file hidden).
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="caseevent_timeline_idx"),
            # A few kinds of event read across all cases (the centre's checks for statistics).
            models.Index(fields=["action", "case"], name="caseevent_action_idx"),
        ]

    def __str__(self):
        return f"{self.case_id} · {self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Case events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case events are append-only.")

    @property
    def status_note(self) -> str:
        """The new status, when the timeline should say it (not when it repeats the action)."""
        if self.to_status == self.from_status:
            return ""
        label = self.get_to_status_display()
        return "" if str(label) == str(self.get_action_display()) else label

    @property
    def details_text(self) -> str:
        """What the step changed, in the reader's language (e.g. which file was hidden)."""
        details, parts = self.details or {}, []
        if details.get("published_report"):
            parts.append(_("The reporter's description and voice note were published."))
        if "attachment" in details:
            kind = dict(Attachment.Kind.choices).get(details.get("kind"), _("File"))
            parts.append(f"{kind} #{details['attachment']}")
        return " ".join(str(part) for part in parts)

    @property
    def public_text(self) -> str:
        """What the public reads for this step: the staff's message, or a standard sentence."""
        return self.public_text_for(self.action, self.to_status, self.public_message, self.details)

    # Actions whose public text says what changed (from `details`), not a standard sentence.
    DETAILED = ("reclassify", "assist_add", "assist_done")

    @classmethod
    def public_text_for(
        cls, action: str, to_status: str, public_message: str, details: dict | None = None
    ) -> str:
        """`public_text` from an event's values, for reads that fetch values, not instances."""
        if public_message:
            return public_message
        if action == cls.Action.RECLASSIFY:
            return correction_text(details or {})
        if action in (cls.Action.ASSIST_ADD, cls.Action.ASSIST_DONE) and details:
            department = BilingualName.localize(details["department"])
            if action == cls.Action.ASSIST_ADD:
                return _("The linkage centre asked %(department)s to help with this case.") % {
                    "department": department
                }
            return _("%(department)s has done its part.") % {"department": department}
        if action == cls.Action.EVALUATE:
            return {
                Case.Status.CLOSED: _("The resident confirmed the result; the case is closed."),
                Case.Status.REOPENED: _(
                    "The resident is not satisfied; the case is reopened for the department."
                ),
            }.get(
                to_status,
                _("The resident is still not satisfied; the linkage centre is taking it back."),
            )
        return {
            cls.Action.SUBMIT: _("A resident reported this problem."),
            cls.Action.ACCEPT: _("The department has started work on this case."),
            cls.Action.RETURN: _(
                "The case went back to the linkage centre to find the right department."
            ),
            cls.Action.AUTO_CLOSE: _("Closed: no evaluation was received within 7 days."),
            cls.Action.CONFIRM: _("A housekeeper of this grid checked the repair on site."),
            cls.Action.REDACT: _(
                "The linkage centre edited the public text of this report (for example to "
                "remove personal details)."
            ),
            cls.Action.APPROVE: _("The linkage centre checked the repair and approved it."),
            cls.Action.SEND_BACK: _(
                "The linkage centre checked the repair and sent it back to the department."
            ),
            cls.Action.NOT_FIXED: _(
                "A housekeeper of this grid reported that the repair is not done; the linkage "
                "centre is looking into it."
            ),
            cls.Action.REOPEN: _(
                "The linkage centre reopened the case: the repair is not done. The department "
                "has a new time limit."
            ),
        }.get(action, "")


def correction_text(details: dict) -> str:
    """What the centre corrected (category, urgency, place) and the new due time, in the
    reader's language, from a reclassification's details (see `services.case_reclassify`)."""
    changes = []
    if "category" in details:
        changes.append(
            _("category %(old)s → %(new)s")
            % {
                "old": BilingualName.localize(details["category"]["from"]),
                "new": BilingualName.localize(details["category"]["to"]),
            }
        )
    if "urgency" in details:
        labels = dict(Case.Urgency.choices)
        changes.append(
            _("urgency %(old)s → %(new)s")
            % {
                "old": labels.get(details["urgency"]["from"], ""),
                "new": labels.get(details["urgency"]["to"], ""),
            }
        )
    if "grid" in details:
        old, new = details["grid"]["from"], details["grid"]["to"]
        changes.append(
            _("place: grid %(old)s → grid %(new)s") % {"old": old, "new": new}
            if old != new
            else _("place moved within grid %(number)s") % {"number": new}
        )
    text = _("The linkage centre corrected this report: %(changes)s.") % {
        "changes": "; ".join(str(change) for change in changes)
    }
    if details.get("due_at"):
        due = timezone.localtime(datetime.fromisoformat(details["due_at"]))
        text += " " + _("It is now due %(due)s.") % {"due": due.strftime("%Y-%m-%d %H:%M")}
    return text


def attachment_path(instance, filename):
    return f"{timezone.now():%Y/%m}/{filename}"


class Attachment(models.Model):
    """A photo or voice note on a case: sent with the report, or as proof of the rectification."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        AUDIO = "audio", _("Voice note")
        VIDEO = "video", _("Video")

    class Stage(models.TextChoices):
        REPORT = "report", _("Report")
        RECTIFICATION = "rectification", _("Rectification")
        ON_SITE = "on_site", _("Check on site")
        UPDATE = "update", _("Public update")
        ASSIST = "assist", _("Assisting department's part")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    file = models.FileField(_("file"), storage=case_files_storage, upload_to=attachment_path)
    thumbnail = models.FileField(
        _("thumbnail"), storage=case_files_storage, upload_to=attachment_path, blank=True
    )
    content_type = models.CharField(_("content type"), max_length=40)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Shown on the public site (while its case is). A voice note waits for the linkage "
            "centre to publish it; the centre can hide any file."
        ),
    )
    hidden_reason = models.CharField(
        _("why hidden"),
        max_length=300,
        blank=True,
        help_text=_("The linkage centre's reason for taking the file off the public site."),
    )
    assist = models.ForeignKey(
        "CaseAssist",
        verbose_name=_("assisting department's part"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
        help_text=_("The assisting department's part this photo shows, if any."),
    )
    update = models.ForeignKey(
        "CaseUpdate",
        verbose_name=_("public update"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
        help_text=_("The resident's update this photo came with, if any."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case_id} · {self.get_kind_display()} · {self.get_stage_display()}"


class CaseAssist(models.Model):
    """Joint handling: a department that helps the lead department with a case (the planning
    office measuring an illegal extension that law enforcement takes down), with what it must
    do. It records its part when done; the lead resolves the case only once every part is done
    or the linkage centre has waived it."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")
        WAIVED = "waived", _("Waived by the centre")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="assists"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("assisting department"),
        on_delete=models.PROTECT,
        related_name="assists",
    )
    task = models.TextField(
        _("what it must do"),
        validators=[MaxLengthValidator(1000)],
        help_text=_("The assisting department's part, as the linkage centre asks it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(
        _("what was done"),
        blank=True,
        validators=[MaxLengthValidator(2000)],
        help_text=_("The assisting department's record of its part."),
    )
    waived_reason = models.CharField(_("why waived"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    done_at = models.DateTimeField(_("done or waived"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assisting department's part")
        verbose_name_plural = _("assisting departments' parts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], name="unique_case_assist")
        ]
        indexes = [
            # An assisting department's inbox: the cases it has a part in.
            models.Index(fields=["department", "status"], name="caseassist_department_idx")
        ]

    def __str__(self):
        return f"{self.case_id} · {self.department} · {self.get_status_display()}"


UPDATE_MAX_LENGTH = 2000


class CaseUpdate(models.Model):
    """What a reporter or a follower adds to a public case (“still blocked this morning”), with
    up to two photos: shown on the timeline, next to the event that records it, unless the
    linkage centre hides it. The text lives here, not in the event, so that hiding it hides it
    everywhere."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="updates"
    )
    event = models.OneToOneField(
        CaseEvent,
        verbose_name=_("timeline event"),
        on_delete=models.PROTECT,
        related_name="case_update",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(
        _("update"),
        validators=[MinLengthValidator(2), MaxLengthValidator(UPDATE_MAX_LENGTH)],
        help_text=_("What the resident saw, in their own words."),
    )
    is_hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden by the linkage centre; kept for staff.")
    )
    hidden_reason = models.CharField(_("why hidden"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("public update")
        verbose_name_plural = _("public updates")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case_id} · {self.created_at:%Y-%m-%d %H:%M}"


class CaseFollow(models.Model):
    """Someone who gets an email on every public update of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case follow")
        verbose_name_plural = _("case follows")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_case_follow")]

    def __str__(self):
        return f"{self.user_id} follows {self.case_id}"


class CaseSupport(models.Model):
    """“Affects me too”: one per person per case; `Case.supporters_count` counts them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("affects me too")
        verbose_name_plural = _("affects me too")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_case_support")]

    def __str__(self):
        return f"{self.user_id} is affected by {self.case_id}"


class Evaluation(models.Model):
    """The reporter's verdict on a resolution; one per round (a case may be reopened twice)."""

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="evaluations"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="unique_evaluation_round")
        ]

    def __str__(self):
        return f"{self.case_id} · {self.get_rating_display()}"


class ResponseTemplate(models.Model):
    """A ready-made public message for a category and state, kept by the linkage centre, that
    staff insert with one click (and may then edit)."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="response_templates",
        help_text=_("Leave blank to offer it for every category."),
    )
    action = models.CharField(
        _("used when"),
        max_length=20,
        choices=[
            (CaseEvent.Action.DISPATCH, _("Dispatching")),
            (CaseEvent.Action.REJECT, _("Rejecting")),
            (CaseEvent.Action.ACCEPT, _("Accepting")),
            (CaseEvent.Action.NOTE, _("Adding a progress note")),
            (CaseEvent.Action.RESOLVE, _("Resolving")),
        ],
    )
    title = models.CharField(_("title"), max_length=80, help_text=_("What staff see in the list."))
    text = models.TextField(_("public message"), validators=[MaxLengthValidator(2000)])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")
        ordering = ["action", "title"]
        indexes = [models.Index(fields=["action", "category"], name="responsetemplate_use_idx")]

    def __str__(self):
        return self.title


class EvaluationLink(models.Model):
    """A single-use link, sent by text message, with which the neighbour a case was reported for
    evaluates its resolution without an account. The link carries the row's id and an HMAC of
    it (`token`), so it can be neither guessed nor altered; it expires with the evaluation
    window and works once."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="evaluation_links"
    )
    round = models.PositiveSmallIntegerField(_("evaluation round"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation link")
        verbose_name_plural = _("evaluation links")
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="evaluation_link_one_per_round")
        ]

    def __str__(self):
        return f"{self.case_id}:{self.round}"

    @property
    def token(self) -> str:
        return f"{self.pk}-{self.signature(self.pk)}"

    @staticmethod
    def signature(pk) -> str:
        return salted_hmac("participation.EvaluationLink", str(pk)).hexdigest()[:20]

    @classmethod
    def from_token(cls, token: str):
        """The link a token names, or None if it is malformed or its signature is wrong."""
        pk, _sep, signature = (token or "").partition("-")
        if (
            not pk.isdigit()
            or len(pk) > 18
            or not constant_time_compare(signature, cls.signature(pk))
        ):
            return None
        return cls.objects.select_related("case").filter(pk=int(pk)).first()
