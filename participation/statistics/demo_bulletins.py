"""The demo's research bulletins: the "Bulletins" section under the home page (in Chinese, with its
English version), last complete month's bulletin published in both languages, and the month
before's left as a draft awaiting the editors, as the monthly task leaves it. Runs after the other
demo data (cases and their roll-up, scorecards, hotspots, campaigns, problem lists), which the
bulletins are drafted from. Safe to run again: bulletins are found by month, never drafted twice;
months are counted back from today, so the demo looks the same whenever it is loaded."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.demo import publish_translation

from ..models import BulletinPage
from .bulletins import (
    bulletin_draft,
    bulletin_section,
    bulletin_text,
    last_complete_month,
    main_locale,
    previous_month,
)


def seed_bulletins(*, now=None) -> int:
    """Returns the number of bulletins (every language)."""
    now = now or timezone.now()
    section = bulletin_section(locale=main_locale())
    with translation.override("en"):
        publish_translation(
            section,
            "en",
            title=_("Bulletins"),
            introduction=_(
                "Each month's situation bulletin: the town's figures, hotspots, the departments' "
                "appraisal, campaigns and the leaders' overdue items."
            ),
        )

    published_month = last_complete_month(now)
    published = BulletinPage.objects.filter(month=published_month, locale=section.locale).first()
    if published is None:
        published = bulletin_draft(month=published_month, now=now)
    if not published.live:
        published.save_revision().publish()
    with translation.override("en"):
        text = bulletin_text(published.figures)
    publish_translation(
        published, "en", title=text["title"], summary=text["summary"], body=text["body"]
    )

    # One draft for the editors to review in the admin: the month before's.
    bulletin_draft(month=previous_month(published_month), now=now)
    return BulletinPage.objects.count()
