"""The governance structure cases are routed through: the linkage centre's four platforms, the
departments under them, the villages and communities divided into grids, who serves where, and
the problem categories with their time limits."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from modelcluster.models import ClusterableModel

from portal.models import BilingualName

from ..geometry import polygon_errors


class Platform(BilingualName):
    """One of the linkage centre's four platforms (the "4" in "1 + 4 + X")."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("A short, stable identifier.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What kinds of problems this platform covers.")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("sort order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["sort_order", "code"]


class Department(BilingualName):
    """A functional department (the "X") that handles the cases dispatched to it."""

    platform = models.ForeignKey(
        Platform,
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="departments",
        help_text=_("The platform this department works under."),
    )
    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("A short, stable identifier.")
    )
    email = models.EmailField(
        _("email"), blank=True, help_text=_("The department's shared mailbox for case alerts.")
    )
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, help_text=_("The department's public phone number.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive departments receive no new cases.")
    )
    centre_checks_repairs = models.BooleanField(
        _("the centre checks this department's repairs"),
        null=True,
        blank=True,
        help_text=_(
            "Leave unset to follow each category's setting; yes or no overrides it for every "
            "case of this department."
        ),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["platform__sort_order", "code"]


class Community(BilingualName):
    """A village or urban community; its area is divided into grids."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("Village")
        COMMUNITY = "community", _("Community")

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("A short, stable identifier.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("Rural village or urban community."),
    )

    class Meta:
        verbose_name = _("village or community")
        verbose_name_plural = _("villages and communities")
        ordering = ["code"]


class Grid(models.Model):
    """The smallest unit of grassroots governance, with its boundary on the map."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="grids",
        help_text=_("The village or community this grid belongs to."),
    )
    number = models.PositiveIntegerField(
        _("grid number"),
        unique=True,
        help_text=_("The town-wide grid number, as residents know it (e.g. 42)."),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Optional local name of the grid.")
    )
    boundary = models.JSONField(
        _("boundary"),
        help_text=_(
            "A GeoJSON Polygon in WGS84: "
            '{"type": "Polygon", "coordinates": [[[lng, lat], ...]]}, first point repeated last.'
        ),
    )

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["number"]

    def __str__(self):
        label = _("Grid %(number)s") % {"number": self.number}
        return f"{label} · {self.name}" if self.name else str(label)

    def clean(self):
        super().clean()
        errors = polygon_errors(self.boundary)
        if errors:
            raise ValidationError({"boundary": errors})


class GridMembership(models.Model):
    """A resident serving a grid as a housekeeper or as its grid leader."""

    class Role(models.TextChoices):
        HOUSEKEEPER = "housekeeper", _("Housekeeper")
        GRID_LEADER = "grid_leader", _("Grid leader")

    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("The grid served."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="grid_memberships",
        help_text=_("The resident serving this grid."),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, help_text=_("What they do in the grid.")
    )
    since = models.DateField(
        _("since"), auto_now_add=True, help_text=_("When they started serving the grid.")
    )

    class Meta:
        verbose_name = _("grid membership")
        verbose_name_plural = _("grid memberships")
        ordering = ["grid__number", "role"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "user"], name="unique_grid_membership"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.grid}"


class DepartmentMembership(models.Model):
    """Staff of a department see and handle that department's cases; leads receive escalations."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Department staff")
        LEAD = "lead", _("Department lead")

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("The department they work in."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="department_memberships",
        help_text=_("The staff member."),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, help_text=_("Staff or lead.")
    )

    class Meta:
        verbose_name = _("department membership")
        verbose_name_plural = _("department memberships")
        ordering = ["department__code", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "user"], name="unique_department_membership"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.department}"


class Category(ClusterableModel, BilingualName):
    """A kind of problem residents report, routed to a default department within a time limit.
    Clusterable so its extra questions (`CategoryAttribute`) are edited on the same admin page."""

    # Not tracked in Wagtail's "usage" index: nothing in the CMS links to a category.
    wagtail_reference_index_ignore = True

    platform = models.ForeignKey(
        Platform,
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="categories",
        help_text=_("Residents see categories grouped by platform."),
    )
    default_department = models.ForeignKey(
        Department,
        verbose_name=_("default department"),
        on_delete=models.PROTECT,
        related_name="default_categories",
        help_text=_("Preselected when the linkage centre dispatches a case of this category."),
    )
    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("A short, stable identifier.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Examples of problems in this category, shown to residents."),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=200,
        blank=True,
        help_text=_("Extra words residents might search for, separated by commas."),
    )
    sla_routine_hours = models.PositiveIntegerField(
        _("time limit, routine (hours)"),
        help_text=_("Hours from dispatch to resolution for a routine report."),
    )
    sla_express_hours = models.PositiveIntegerField(
        _("time limit, express (hours)"),
        help_text=_("Hours from dispatch to resolution for an express report."),
    )
    sla_emergency_hours = models.PositiveIntegerField(
        _("time limit, emergency (hours)"),
        help_text=_("Hours from dispatch to resolution for an emergency."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive categories cannot be chosen for reports.")
    )
    public_by_default = models.BooleanField(
        _("public by default"),
        default=True,
        help_text=_(
            "Untick for neighbour disputes, hardship requests, security tips and the like: their "
            "cases are seen only by the reporter and staff until the linkage centre publishes "
            "them, and then with the place rounded to about 100 m."
        ),
    )
    centre_checks_repairs = models.BooleanField(
        _("the centre checks repairs"),
        default=False,
        help_text=_(
            "When ticked, a department's “Resolve” puts the case into “awaiting the centre's "
            "check”: the linkage centre compares the before and after photos and approves the "
            "repair or sends it back. A department can override this."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("sort order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["platform__sort_order", "sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sla_emergency_hours__gt=0)
                & Q(sla_emergency_hours__lte=F("sla_express_hours"))
                & Q(sla_express_hours__lte=F("sla_routine_hours")),
                name="category_sla_ordered",
                violation_error_message=_(
                    "Time limits must be positive, with emergency ≤ express ≤ routine."
                ),
            ),
        ]
