"""The home page is cached whole for anonymous readers like every published page (see
portal.cache.site_pages); it also shows cases and their figures, so it is dropped when a case
changes, and when anything said about a regulation changes (drafts open for comment show their
opinion counts)."""

from portal.cache import PublicPageCache

# By the groups' names (portal.cache.site_pages, participation.caching.case_pages,
# regulations.caching.regulation_pages): home takes nothing else of the feature apps.
home_page = PublicPageCache("home", timeout=300, depends_on=["site", "cases", "regulations"])
