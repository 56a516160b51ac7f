"""Every opinion on a regulation, for editors, as CSV or XLSX: the article, stance, text,
proposed wording, replies, the answer and the dates. A commenter's name only where they chose to
be named; never an email address."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.spreadsheets import as_text, csv_response, xlsx_response

from .models import Opinion, OpinionReply

HEADER = [
    "receipt",
    "version",
    "article",
    "article_heading",
    "stance",
    "status",
    "opinion",
    "proposed_wording",
    "name",
    "agreements",
    "replies",
    "outcome",
    "reasons",
    "given_at",
    "withdrawn_at",
]


def _time(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def opinion_rows(regulation):
    yield HEADER
    replies = OpinionReply.objects.filter(status=OpinionReply.Status.PUBLISHED)
    opinions = (
        Opinion.objects.filter(regulation=regulation)
        .select_related("author", "version", "answer")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .annotate(agreements_count=Count("agreements", distinct=True))
        .order_by("created_at", "pk")
    )
    for opinion in opinions:
        article = opinion.version.article(opinion.article_id) if opinion.article_id else None
        answer = getattr(opinion, "answer", None)
        yield [
            opinion.receipt,
            opinion.version.number,
            article["number"] if article else "",
            as_text(article["heading"]) if article else _("The whole draft"),
            opinion.stance,
            opinion.status,
            as_text(opinion.text),
            as_text(opinion.proposed_wording),
            as_text(opinion.author.public_name) if opinion.show_name else "",
            opinion.agreements_count,
            as_text("\n".join(reply.text for reply in opinion.replies.all())),
            answer.outcome if answer else "",
            as_text(answer.reason) if answer else "",
            _time(opinion.created_at),
            _time(opinion.withdrawn_at),
        ]


def opinions_response(regulation, fmt: str):
    stamp = timezone.localdate().isoformat()
    name = f"opinions-{regulation.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        return csv_response(opinion_rows(regulation), name)
    if fmt == "xlsx":
        return xlsx_response(opinion_rows(regulation), name, sheet=_("Opinions"))
    raise Http404
