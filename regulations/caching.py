"""The regulation pages (the section, each regulation and its sub-pages) are cached for anonymous
readers for a minute, and dropped when anything said about a regulation changes (services call
`regulation_pages.invalidate()` after commit) or any page is published. A minute bounds how
stale a countdown or an opening/closing can look; the services decide by the clock anyway."""

from portal.cache import PublicPageCache

regulation_pages = PublicPageCache("regulations", timeout=60, depends_on=["site"])
