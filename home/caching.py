"""The home page is cached whole for anonymous readers like every published page (see
portal.cache.site_pages); it also shows cases and their figures, so it is dropped when a case
changes, and when anything said about a regulation changes (drafts open for comment show their
opinion counts)."""

from participation.caching import case_pages
from portal.cache import PublicPageCache, site_pages
from regulations.caching import regulation_pages

home_page = PublicPageCache(
    "home", timeout=300, depends_on=[site_pages, case_pages, regulation_pages]
)
