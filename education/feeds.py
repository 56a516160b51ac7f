"""An Atom feed per section (`<section>/feed/`): its 30 newest articles."""

from django.contrib.syndication.views import Feed
from django.utils import timezone

from portal.feeds import PlainTextAtomFeed

FEED_SIZE = 30


class SectionFeed(Feed):
    feed_type = PlainTextAtomFeed

    def __init__(self, section):
        super().__init__()
        self.section = section

    def title(self):
        return self.section.title

    def link(self):
        return self.section.url

    def subtitle(self):
        return self.section.introduction

    def items(self):
        from .selectors import section_articles

        return section_articles(self.section)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.introduction

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at or timezone.now()

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at or timezone.now()
