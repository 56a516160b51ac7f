"""Opinions in the Wagtail admin, for moderators: the list (new and flagged first to look at),
one opinion with its flags and its author's contact, and the two decisions: approve or hide
with a reason (the author is told). Decisions go through regulations.services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.models import IndexView, InspectView

import django_filters

from . import services
from .models import Opinion

MODERATE_PERMISSION = "regulations.change_opinion"


def with_open_flags(queryset):
    return queryset.annotate(open_flags=Count("flags", filter=Q(flags__resolved_at=None)))


class OpinionFilterSet(WagtailFilterSet):
    flagged = django_filters.BooleanFilter(label=gettext_lazy("Flagged"), method="filter_flagged")

    class Meta:
        model = Opinion
        fields = ["status", "stance", "regulation"]

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(open_flags__gt=0) if value else queryset.filter(open_flags=0)


class OpinionIndexView(IndexView):
    def get_base_queryset(self):
        return with_open_flags(super().get_base_queryset().select_related("regulation"))


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the author is told)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OpinionInspectView(InspectView):
    template_name = "regulations/admin/opinion_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            with_open_flags(Opinion.objects.select_related("regulation", "author", "version")),
            pk=self.pk,
        )

    def get_page_subtitle(self):
        return self.object.receipt

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opinion = self.object
        context.update(
            opinion=opinion,
            article=opinion.version.article(opinion.article_id) if opinion.article_id else None,
            flags=opinion.flags.select_related("user").order_by("-created_at"),
            replies=opinion.replies.select_related("author"),
            can_moderate=self.request.user.has_perm(MODERATE_PERMISSION)
            and opinion.status in (Opinion.Status.PENDING, Opinion.Status.PUBLISHED),
            form=ModerationForm(),
            moderate_url=reverse(
                self.index_url_name.replace(":index", ":moderate"), args=[opinion.pk]
            ),
        )
        return context


@require_POST
def moderate(request, pk, *, url_namespace):
    """Approve (publish, clear flags) or hide with a reason."""
    if not request.user.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied
    opinion = get_object_or_404(Opinion, pk=pk)
    inspect_url = reverse(f"{url_namespace}:inspect", args=[pk])
    form = ModerationForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("decision") == "hide":
            services.opinion_hide(
                moderator=request.user, opinion=opinion, reason=form.cleaned_data.get("reason", "")
            )
            messages.success(request, _("The opinion is hidden and its author told why."))
        else:
            services.opinion_approve(moderator=request.user, opinion=opinion)
            messages.success(request, _("The opinion is published."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(inspect_url)
