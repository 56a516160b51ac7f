"""Draft regulations as Wagtail pages: a section that lists them by stage, and one page per
regulation whose text is a StreamField of chapters and articles. The page also answers the
regulation's sub-addresses (an article and its opinions, the opinion form, one's own opinions,
actions on an opinion), each a named route (`reverse_subpage`, `{% routablepageurl %}`); their
views are in regulations/views.py, which this module does not import (views import models)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import RICH_TEXT_FEATURES
from portal.cache import CachedPageMixin
from portal.text import cjk_ngrams
from portal.translations import TITLE_PANELS, TranslatedPageMixin

from ..blocks import RegulationTextBlock
from ..caching import regulation_pages


class Stage(models.TextChoices):
    CONSULTATION = "consultation", _("Open for comment")
    REVIEW = "review", _("Under review")
    TRIAL = "trial", _("Trial")
    IN_FORCE = "in_force", _("In force")
    ARCHIVED = "archived", _("Archived")


class Moderation(models.TextChoices):
    POST = "post", _("Shown at once, moderated afterwards")
    PRE = "pre", _("Shown after a moderator approves")


class CachedRegulationPageMixin(CachedPageMixin):
    @property
    def page_cache(self):
        return regulation_pages


class RegulationRoutesMixin(RoutablePageMixin):
    """Named sub-addresses whose views live in `views_module`. The views import these models,
    so a route names its view by dotted path instead of importing it: no import loop."""

    views_module = "regulations.views"

    def serve_view(self, view: str, request, *args, **kwargs):
        """Answer a route with the view function `view` of `views_module`, given this page."""
        return import_string(f"{self.views_module}.{view}")(request, self, *args, **kwargs)

    def subpage_url(self, name: str, *args) -> str:
        """The address of the route `name` (with its arguments) under this page's address; the
        Python twin of ``{% routablepageurl page name *args %}``."""
        base = self.url
        return (base if base.endswith("/") else base + "/") + self.reverse_subpage(name, args=args)


class RegulationIndexPage(
    CachedRegulationPageMixin, RegulationRoutesMixin, TranslatedPageMixin, Page
):
    """“Have your say”: every regulation, filtered by stage."""

    introduction = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("A sentence under the title explaining how residents take part."),
    )

    content_panels = [*TITLE_PANELS, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["regulations.RegulationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("regulations section")

    @path("", name="listing")
    def listing(self, request):
        return self.serve_view("regulation_index", request)


class RegulationPage(CachedRegulationPageMixin, RegulationRoutesMixin, TranslatedPageMixin, Page):
    """One local regulation through its life: draft for comment, review, trial, in force."""

    Stage = Stage
    Moderation = Moderation

    issuing_body = models.CharField(
        _("issued by"),
        max_length=120,
        help_text=_("The body that drafts and adopts it, e.g. “Wuzhen Town People's Government”."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences on what the regulation is for; shown in lists."),
    )
    background = RichTextField(
        _("drafting notes"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Why it is needed and what it changes, in plain words."),
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.CONSULTATION,
        db_index=True,
        help_text=_("Publishing a new stage (or changed text) records a new version."),
    )
    comment_opens_at = models.DateTimeField(
        _("comments open"),
        null=True,
        blank=True,
        help_text=_("China Standard Time. Needed while the regulation is open for comment."),
    )
    comment_closes_at = models.DateTimeField(
        _("comments close"),
        null=True,
        blank=True,
        help_text=_("China Standard Time. Opinions are refused from this moment on."),
    )
    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=Moderation.choices,
        default=Moderation.POST,
        help_text=_("Whether opinions appear at once or only after a moderator approves them."),
    )
    expert_reviews_public = models.BooleanField(
        _("publish expert reviews"),
        default=True,
        help_text=_("Show invited experts' reviews to everyone; otherwise only editors see them."),
    )
    effective_date = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("For a trial or final version: the day it takes effect."),
    )
    text = StreamField(
        RegulationTextBlock(),
        verbose_name=_("text"),
        help_text=_(
            "Chapters and articles. Articles are numbered in order; editing an article keeps "
            "the opinions given on it."
        ),
    )

    content_panels = [
        *TITLE_PANELS,
        FieldPanel("issuing_body"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("stage"),
                FieldRowPanel([FieldPanel("comment_opens_at"), FieldPanel("comment_closes_at")]),
                FieldPanel("moderation"),
                FieldPanel("expert_reviews_public"),
                FieldPanel("effective_date"),
            ],
            heading=_("Stage and comment period"),
        ),
        FieldPanel("background"),
        FieldPanel("text"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("search_text"),
        index.SearchField("search_ngrams"),
        index.FilterField("stage"),
    ]
    parent_page_types = ["regulations.RegulationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")

    def clean(self):
        super().clean()
        if self.stage == Stage.CONSULTATION:
            if not self.comment_opens_at or not self.comment_closes_at:
                raise ValidationError(
                    _("A regulation open for comment needs the times comments open and close.")
                )
            if self.comment_closes_at <= self.comment_opens_at:
                raise ValidationError(
                    {"comment_closes_at": _("Comments must close after they open.")}
                )

    # --- The text ---------------------------------------------------------------------------

    def articles(self) -> list[dict]:
        """The articles in order: id (stable), number (1, 2, …), heading, text, chapter."""
        articles, chapter = [], ""
        for block in self.text:
            if block.block_type == "chapter":
                chapter = block.value["title"]
            elif block.block_type == "article":
                articles.append(
                    {
                        "id": block.id,
                        "number": len(articles) + 1,
                        "heading": block.value["heading"],
                        "text": block.value["text"],
                        "chapter": chapter,
                    }
                )
        return articles

    def article(self, article_id: str) -> dict | None:
        """The article with this id in the text as it is now, or None."""
        return next((a for a in self.articles() if a["id"] == article_id), None)

    def search_text(self) -> str:
        return " ".join(f"{a['heading']} {a['text']}" for a in self.articles())

    def search_ngrams(self) -> str:
        return cjk_ngrams(" ".join([self.title, self.summary, self.search_text()]))

    # --- The comment period -----------------------------------------------------------------

    def is_open_for_comment(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.stage == Stage.CONSULTATION
            and self.comment_opens_at is not None
            and self.comment_closes_at is not None
            and self.comment_opens_at <= now < self.comment_closes_at
        )

    def comment_not_yet_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.stage == Stage.CONSULTATION
            and self.comment_opens_at is not None
            and now < self.comment_opens_at
        )

    def takes_expert_reviews(self) -> bool:
        """Invited experts review a draft while it is open for comment or under review."""
        return self.stage in (Stage.CONSULTATION, Stage.REVIEW)

    # --- Sub-addresses ----------------------------------------------------------------------

    @path("", name="text")
    def text_view(self, request):
        return self.serve_view("regulation_detail", request)

    @re_path(r"^articles/(?P<article_id>[0-9a-f-]{36})/$", name="article")
    def article_view(self, request, article_id):
        return self.serve_view("article_detail", request, article_id)

    @path("opinion/", name="opinion")
    def opinion_form_view(self, request):
        return self.serve_view("opinion_give", request)

    @path("mine/", name="mine")
    def mine_view(self, request):
        return self.serve_view("my_opinions", request)

    @path("response/", name="response")
    def response_view(self, request):
        return self.serve_view("response_detail", request)

    @path("compare/", name="compare")
    def compare_view(self, request):
        return self.serve_view("versions_compare", request)

    @path("follow/", name="follow")
    def follow_view(self, request):
        return self.serve_view("follow_toggle", request)

    @path("review/", name="review")
    def review_view(self, request):
        return self.serve_view("expert_review_give", request)

    @re_path(
        r"^opinions/(?P<receipt>[A-Z0-9-]{1,30})/(?P<action>withdraw|agree|flag|reply)/$",
        name="opinion_action",
    )
    def opinion_action_view(self, request, receipt, action):
        return self.serve_view("opinion_action", request, receipt, action)
