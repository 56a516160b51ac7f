"""Department appraisal in the Wagtail admin, under a "Department appraisal" menu:

- *Weights and targets*: the scheme in force, the change log (every row, newest first) and, for
  administrators, the form that records a change (a new row applying from next month, through
  `appraisal.appraisal_scheme_change`);
- *Department trend*: a department's last 12 months (score, rank and measures). Department
  leads see their own department only; dispatchers, administrators and town leaders any.

Registered by importing this module from `participation/wagtail_hooks.py`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from portal import roles
from portal.forms import add_service_errors

from ..models import AppraisalScheme, Department, DepartmentMembership
from .appraisal import (
    CHANGE_PERMISSION,
    MEASURE_LIST,
    SCHEME_FIELDS,
    VIEW_PERMISSION,
    appraisal_scheme_change,
    current_month,
    department_trend,
    measure_lines,
    scheme_for,
    scheme_lines,
    schemes_log,
)

SCHEME_VIEW_PERMISSION = "participation.view_appraisalscheme"
# Roles that may look at any department's trend (a department lead sees only their own).
ANY_DEPARTMENT_ROLES = (roles.DISPATCHER, roles.ADMINISTRATOR, roles.TOWN_LEADER)


# --- Weights and targets ------------------------------------------------------------------------


class SchemeForm(forms.ModelForm):
    """The weights and targets an administrator proposes; the service decides (weights must
    add up to 100) and writes a new row applying from next month."""

    class Meta:
        model = AppraisalScheme
        fields = [*SCHEME_FIELDS, "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        for name in SCHEME_FIELDS:
            self.fields[name].widget.attrs.setdefault("inputmode", "numeric")
        for measure in MEASURE_LIST:
            self.fields[measure.weight_field].help_text = _(
                "Points out of 100. The six weights must add up to 100."
            )


def scheme(request):
    """The weights and targets now, their change log, and the change form for administrators."""
    if not request.user.has_perm(SCHEME_VIEW_PERMISSION):
        raise PermissionDenied
    may_change = request.user.has_perm(CHANGE_PERMISSION)
    in_force = scheme_for(current_month())
    form, status = None, 200
    if may_change:
        initial = {name: getattr(in_force, name) for name in SCHEME_FIELDS} if in_force else {}
        # A change already waiting for next month is the starting point of another.
        latest = AppraisalScheme.objects.order_by("-pk").first()
        if latest and latest.effective_from > current_month():
            initial = {name: getattr(latest, name) for name in SCHEME_FIELDS}
        form = SchemeForm(request.POST or None, initial=initial)
        if request.method == "POST":
            if form.is_valid():
                data = dict(form.cleaned_data)
                try:
                    change = appraisal_scheme_change(
                        actor=request.user, reason=data.pop("reason"), **data
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("The new weights and targets apply from %(month)s.")
                        % {"month": f"{change.effective_from:%Y-%m}"},
                    )
                    return redirect("appraisal_scheme")
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    log = schemes_log()
    return TemplateResponse(
        request,
        "participation/statistics/appraisal_scheme.html",
        {
            "form": form,
            "in_force": in_force,
            "in_force_lines": scheme_lines(in_force) if in_force else [],
            "log": [{"scheme": row, "lines": scheme_lines(row)} for row in log],
            "measures": MEASURE_LIST,
            "this_month": current_month(),
            "header_title": _("Appraisal weights and targets"),
            "page_title": _("Appraisal weights and targets"),
            "header_icon": "cogs",
        },
        status=status,
    )


# --- A department's trend -----------------------------------------------------------------------


def trend_departments(user):
    """The departments whose trend `user` may see: any for the centre, administrators and town
    leaders; a lead's own departments; none for anyone else."""
    if not user.has_perm(VIEW_PERMISSION):
        return Department.objects.none()
    if user.is_superuser or user.groups.filter(name__in=ANY_DEPARTMENT_ROLES).exists():
        return Department.objects.all()
    return Department.objects.filter(
        memberships__user=user, memberships__role=DepartmentMembership.Role.LEAD
    )


def trend(request):
    """A department's last 12 months of scorecards: a lead's own, or the one chosen."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    allowed = trend_departments(request.user).order_by("code")
    asked = request.GET.get("department")
    if asked:
        if not asked.isdigit():
            raise Http404
        department = allowed.filter(pk=int(asked)).first()
        if department is None:
            raise Http404  # another department's figures: not for this person
    else:
        department = allowed.first()
    months = department_trend(department) if department else []
    rows = []
    for entry in months:
        card = entry["card"]
        rows.append(
            {
                "month": entry["month"],
                "card": card,
                "lines": measure_lines(card) if card else [],
                "width": card.score if card and card.score is not None else 0,
            }
        )
    choices = list(allowed) if allowed.count() > 1 else []
    return TemplateResponse(
        request,
        "participation/statistics/appraisal_trend.html",
        {
            "department": department,
            "choices": choices,
            "rows": rows,
            "measures": MEASURE_LIST,
            "header_title": _("Department trend"),
            "page_title": _("Department trend"),
            "header_icon": "history",
        },
    )


# --- Menu and URLs ------------------------------------------------------------------------------


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def register_appraisal_urls():
    return [
        path("appraisal/weights/", scheme, name="appraisal_scheme"),
        path("appraisal/trend/", trend, name="appraisal_trend"),
    ]


@hooks.register("register_admin_menu_item")
def register_appraisal_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                gettext_lazy("Department trend"),
                reverse_lazy("appraisal_trend"),
                icon_name="history",
                order=100,
                permission=VIEW_PERMISSION,
            ),
            PermissionMenuItem(
                gettext_lazy("Weights and targets"),
                reverse_lazy("appraisal_scheme"),
                icon_name="cogs",
                order=200,
                permission=SCHEME_VIEW_PERMISSION,
            ),
            PermissionMenuItem(
                gettext_lazy("Public appraisal page"),
                reverse_lazy("participation:appraisal"),
                icon_name="link-external",
                order=300,
                permission=VIEW_PERMISSION,
            ),
        ]
    )
    return SubmenuMenuItem(gettext_lazy("Department appraisal"), menu, icon_name="order", order=220)
