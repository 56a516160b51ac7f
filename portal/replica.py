"""Public pages read from a streaming replica, when there is one (DATABASE_REPLICA_URL).

Only what an anonymous reader asks for by GET goes to the replica: the case list and pages, the
map, news, search, the Open311 API's lists. Anything signed in, any write, and everything a write
reads first stay on the primary, so a resident who just reported sees their report at once
(the replica may be a moment behind). docs/deployment.md, "Several machines", has the layout.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_public_read: ContextVar[bool] = ContextVar("public_read", default=False)
PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/accounts/", "/account/", "/points/")


def is_public_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(PRIVATE_PREFIXES)
    )


class PublicReadsMiddleware:
    """Marks an anonymous GET as a public read for the router below."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set(is_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class ReplicaRouter:
    """Reads of a public request go to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _public_read.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
