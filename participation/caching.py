"""The public case pages (list, map points, case pages, feeds) are cached for anonymous readers and
dropped whenever a case changes (services call `case_pages.invalidate()` after commit)."""

from portal.cache import PublicPageCache

case_pages = PublicPageCache("cases", timeout=300)
