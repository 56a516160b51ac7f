import pytest
from django.core import mail
from participation.models import Case
from ..helpers import LAT, LNG, photo
from .api import url

pytestmark = pytest.mark.django_db


def test_scratch(client, town, questions, raw_key, case_in, django_capture_on_commit_callbacks):
    print(client.get(url("services")).content.decode())
    print(client.get(url("services", "xml")).content.decode())
    print(client.get(url("service_definition", "xml", "manhole-cover")).content.decode())
    print(client.get(url("discovery", "xml")).content.decode())
    case = case_in(Case.Status.RESOLVED, photos=[photo()])
    print(client.get(url("requests"), {"extensions": "true"}).content.decode())
    print(client.get(url("requests", "xml")).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url("requests"), {"api_key": raw_key, "service_code": "litter", "address_string": "Minhe Village", "description": "<b>x</b> hi there", "email": "a@example.org"})
    print(r.status_code, r.content.decode())
    print([(m.to, m.subject) for m in mail.outbox])
    r = client.get(url("requests"), {"page": "²"})
    print(r.status_code, r.content[:200])
