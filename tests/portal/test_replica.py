"""With a replica configured, only anonymous readers' GETs read from it."""

from django.test import RequestFactory

import pytest

from participation.models import Case
from portal.replica import PublicReadsMiddleware, ReplicaRouter


@pytest.fixture
def route():
    """What the router says for a read of a case during `request`."""
    router = ReplicaRouter()

    def during(request):
        seen = []
        PublicReadsMiddleware(lambda request: seen.append(router.db_for_read(Case)))(request)
        return seen[0] or "default"

    return during


def test_an_anonymous_reader_reads_from_the_replica(route):
    assert route(RequestFactory().get("/cases/")) == "replica"
    assert route(RequestFactory().get("/open311/v2/requests.json")) == "replica"


def test_writes_signed_in_readers_and_staff_read_from_the_primary(route, settings):
    factory = RequestFactory()
    signed_in = factory.get("/cases/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"

    assert route(factory.post("/report/")) == "default"
    assert route(signed_in) == "default"
    assert route(factory.get("/admin/cases/")) == "default"
    assert route(factory.get("/account/profile/")) == "default"


def test_writes_and_migrations_always_go_to_the_primary():
    router = ReplicaRouter()

    assert router.db_for_write(Case) == "default"
    assert router.allow_migrate("replica", "participation") is False
    assert router.allow_migrate("default", "participation") is True
