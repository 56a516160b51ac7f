import pytest
from participation.models import Case
from .api import url

pytestmark = pytest.mark.django_db


def test_end(client, town, submit):
    for params in ({"end_date": "0001-01-01T00:00:00+08:00"}, {"start_date": "0001-01-01"}, {"end_date": "9999-12-31"}, {"start_date": "2026-02-30"}, {"start_date": "2026-01-01T10:00:00+25:00"}):
        try:
            r = client.get(url("requests"), params)
            print(params, r.status_code, r.content)
        except Exception as e:
            print(params, "EXC", repr(e))


def test_addr(client, town, raw_key):
    for extra in ({"address_id": "²"}, {"address_id": "99"}, {"address_string": "grid 99"}, {"address_string": "7号网格"}, {"lat": "NaN", "long": "120"}, {"lat": "30.745", "long": "sNaN"}):
        data = {"api_key": raw_key, "service_code": "litter", "description": "Rubbish everywhere", **extra}
        try:
            r = client.post(url("requests"), data)
            print(extra, r.status_code, r.content.decode())
        except Exception as e:
            print(extra, "EXC", repr(e))
