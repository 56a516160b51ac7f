"""Leadership problem lists: a town leader's inspection, recorded as a list of items with the
leader's time limit. Each item is a case (source "leadership inspection") handled like any other;
the list follows their progress and can be published, its items grouped under it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Case


class ProblemList(models.Model):
    title = models.CharField(
        _("title"), max_length=200, help_text=_("What the inspection was, e.g. “Old town walk”.")
    )
    inspected_on = models.DateField(_("inspection date"))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="problem_lists",
        help_text=_("The town leader who handed the list down."),
    )
    description = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published lists and their items appear on the public site."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The leader's summary when every item is resolved: sent once.
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem list")
        verbose_name_plural = _("problem lists")
        ordering = ["-inspected_on", "-pk"]
        indexes = [
            models.Index(fields=["is_published", "-inspected_on"], name="problemlist_public_idx"),
            models.Index(fields=["leader", "-inspected_on"], name="problemlist_leader_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.inspected_on:%Y-%m-%d})"


class ProblemListItem(models.Model):
    problem_list = models.ForeignKey(
        ProblemList, verbose_name=_("problem list"), on_delete=models.CASCADE, related_name="items"
    )
    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="problem_list_item",
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    # The leader is told once when the item goes past its time limit.
    overdue_notified_at = models.DateTimeField(_("overdue notice sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem list item")
        verbose_name_plural = _("problem list items")
        ordering = ["problem_list", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem_list", "position"], name="unique_problem_list_position"
            ),
        ]

    def __str__(self):
        return f"{self.problem_list} #{self.position}"
