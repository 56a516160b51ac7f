"""Text messages: the backends (console, file, Alibaba Cloud against a local fake of its API),
sending once per key from the task worker, and retries."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl

import pytest

from portal import sms
from portal.models import TextMessage
from portal.sms.backends import aliyun, console

pytestmark = pytest.mark.django_db

SECRET = "test-secret-not-real"


class FakeAliyun:
    """Alibaba Cloud's SendSms endpoint on a free local port: checks each request's signature
    with the shared secret, records it, and fails the first `failures` requests with HTTP 503."""

    def __init__(self, failures=0, answer=None):
        self.requests = []
        self.failures = failures
        self.answer = answer or {"Code": "OK", "Message": "OK", "BizId": "biz-1", "RequestId": "r"}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                params = dict(parse_qsl(self.rfile.read(length).decode()))
                given = params.pop("Signature", "")
                fake.requests.append({**params, "valid": given == aliyun.signature(params, SECRET)})
                if fake.failures:
                    fake.failures -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                if given != aliyun.signature(params, SECRET):
                    body, status = {"Code": "SignatureDoesNotMatch", "Message": "bad"}, 400
                else:
                    body, status = fake.answer, 200
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def aliyun_settings(settings):
    def configure(url, secret=SECRET):
        settings.SMS_BACKEND = "portal.sms.backends.aliyun.SmsBackend"
        settings.SMS_ALIYUN = {
            **settings.SMS_ALIYUN,
            "endpoint": url,
            "access_key_id": "test-key-id",
            "access_key_secret": secret,
            "sign_name": "乌镇管家",
            "templates": {"code": "SMS_0001", "notice": "SMS_0002"},
            "attempts": 3,
            "backoff_seconds": 0,
        }

    return configure


def queue_code(django_capture_on_commit_callbacks, to="+8613812345678", code="123456"):
    with django_capture_on_commit_callbacks(execute=True):
        return sms.queue(to=to, template=sms.CODE, params={"code": code}, text=f"code {code}")


def test_the_file_backend_keeps_each_message(sms_outbox, django_capture_on_commit_callbacks):
    queue_code(django_capture_on_commit_callbacks)

    [message] = sms_outbox()
    assert (message["to"], message["template"], message["params"]) == (
        "+8613812345678",
        "code",
        {"code": "123456"},
    )


def test_the_console_backend_prints_the_text_with_the_number_masked():
    stream = io.StringIO()
    message = TextMessage(to="+8613812345678", template="code", text="Your code is 123456")

    console.SmsBackend(stream=stream).send(message)

    printed = stream.getvalue()
    assert "Your code is 123456" in printed
    assert "138****5678" in printed
    assert "13812345678" not in printed


def test_one_key_is_sent_once(sms_outbox, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            sms.queue(to="+8613812345678", template=sms.NOTICE, text="Hello", key="event:1")
    # The task run again (a worker's retry after a lost acknowledgement) sends nothing more.
    assert sms.send_queued(TextMessage.objects.get().pk) is False

    assert len(sms_outbox()) == 1
    assert TextMessage.objects.get().status == TextMessage.Status.SENT


def test_a_sent_code_is_not_kept(django_capture_on_commit_callbacks):
    queue_code(django_capture_on_commit_callbacks)

    message = TextMessage.objects.get()
    assert (message.status, message.text, message.params) == ("sent", "", {})


def test_the_provider_gets_a_signed_request(aliyun_settings, django_capture_on_commit_callbacks):
    with FakeAliyun() as fake:
        aliyun_settings(fake.url)
        queue_code(django_capture_on_commit_callbacks)

    [request] = fake.requests
    assert request["valid"]
    assert request["Action"] == "SendSms"
    assert request["PhoneNumbers"] == "13812345678"
    assert request["SignName"] == "乌镇管家"
    assert request["TemplateCode"] == "SMS_0001"
    assert json.loads(request["TemplateParam"]) == {"code": "123456"}
    message = TextMessage.objects.get()
    assert (message.status, message.provider_id) == ("sent", "biz-1")


def test_values_are_encoded_as_the_providers_signature_rules_say():
    # RFC 3986: letters, digits and -_.~ as they are; everything else %XY of its UTF-8 bytes,
    # a space as %20 (not +), * as %2A.
    assert aliyun.percent_encode("a-b_c.d~e") == "a-b_c.d~e"
    assert aliyun.percent_encode("a b*c+") == "a%20b%2Ac%2B"
    assert aliyun.percent_encode("乌") == "%E4%B9%8C"
    assert aliyun.percent_encode('{"code":"1"}') == "%7B%22code%22%3A%221%22%7D"


def test_the_signature_covers_every_parameter():
    params = {"Action": "SendSms", "PhoneNumbers": "13812345678", "TemplateParam": "{}"}
    signed = aliyun.signature(params, SECRET)

    assert signed != aliyun.signature({**params, "PhoneNumbers": "13900000000"}, SECRET)
    assert signed != aliyun.signature(params, "another-secret")
    assert signed == aliyun.signature(dict(reversed(params.items())), SECRET)  # order-free


def test_a_failing_provider_is_retried(aliyun_settings, django_capture_on_commit_callbacks):
    with FakeAliyun(failures=2) as fake:
        aliyun_settings(fake.url)
        queue_code(django_capture_on_commit_callbacks)

    assert len(fake.requests) == 3
    # Each attempt is signed afresh, with its own nonce (the provider refuses a replayed one).
    assert len({request["SignatureNonce"] for request in fake.requests}) == 3
    assert TextMessage.objects.get().status == "sent"


def test_a_provider_down_leaves_the_message_for_the_workers_retry(
    aliyun_settings, django_capture_on_commit_callbacks
):
    with FakeAliyun(failures=10) as fake:
        aliyun_settings(fake.url)
        with pytest.raises(sms.SmsError):
            queue_code(django_capture_on_commit_callbacks)
        message = TextMessage.objects.get()
        assert (message.status, message.attempts) == ("queued", 1)
        fake.failures = 0

        assert sms.send_queued(message.pk) is True

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)


def test_a_refused_message_is_not_retried(aliyun_settings, django_capture_on_commit_callbacks):
    with FakeAliyun() as fake:
        aliyun_settings(fake.url, secret="a-wrong-secret")
        queue_code(django_capture_on_commit_callbacks)

    assert len(fake.requests) == 1
    message = TextMessage.objects.get()
    assert message.status == "failed"
    assert "SignatureDoesNotMatch" in message.error
    assert "13812345678" not in message.error
