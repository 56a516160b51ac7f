"""Alibaba Cloud SMS (Dysmsapi ``SendSms``), signed as its RPC API requires (signature version
1.0, HMAC-SHA1), over plain HTTPS with requests.

Configure with the SMS_ALIYUN_* variables (docs/deployment.md): the access key, the approved
signature name, and one approved template per kind of message (a code template with ``${code}``,
a notice template with ``${text}``).
"""

import base64
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from django.conf import settings

import requests

from portal.phones import national
from portal.sms import SmsError

# Provider codes that say the message itself will never go: do not try it again.
PERMANENT = {
    "isv.MOBILE_NUMBER_ILLEGAL",
    "isv.MOBILE_COUNT_OVER_LIMIT",
    "isv.TEMPLATE_MISSING_PARAMETERS",
    "isv.INVALID_PARAMETERS",
    "isv.SMS_TEMPLATE_ILLEGAL",
    "isv.SMS_SIGNATURE_ILLEGAL",
    "isv.BLACK_KEY_CONTROL_LIMIT",
    "isv.PARAM_LENGTH_LIMIT",
    "isv.AMOUNT_NOT_ENOUGH",
    "InvalidAccessKeyId.NotFound",
    "SignatureDoesNotMatch",
}


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the provider's signature wants it (space %20, * %2A, ~ kept)."""
    return quote(str(value), safe="~")


def signature(params: dict, secret: str, method: str = "POST") -> str:
    canonical = "&".join(
        f"{percent_encode(key)}={percent_encode(params[key])}" for key in sorted(params)
    )
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class SmsBackend:
    def __init__(self, config=None):
        self.config = config or settings.SMS_ALIYUN

    def params_for(self, message) -> dict:
        config = self.config
        template = config["templates"].get(message.template)
        if not (config["access_key_id"] and config["access_key_secret"] and template):
            raise SmsError("Alibaba Cloud SMS is not configured (SMS_ALIYUN_*).", retry=False)
        # Mainland numbers go without +86; others with their country code, without the +.
        to = national(message.to) if message.to.startswith("+86") else message.to.lstrip("+")
        return {
            "AccessKeyId": config["access_key_id"],
            "Action": "SendSms",
            "Format": "JSON",
            "OutId": message.key[:64],
            "PhoneNumbers": to,
            "RegionId": config["region_id"],
            "SignName": config["sign_name"],
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": template,
            "TemplateParam": json.dumps(message.params, ensure_ascii=False),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }

    def send(self, message) -> str:
        config = self.config
        last_error = "no attempt"
        for attempt in range(max(1, config["attempts"])):
            if attempt:
                time.sleep(config["backoff_seconds"] * attempt)
            # A new nonce and timestamp each time: the provider refuses a replayed nonce.
            params = self.params_for(message)
            params["Signature"] = signature(params, config["access_key_secret"])
            try:
                response = requests.post(config["endpoint"], data=params, timeout=config["timeout"])
            except requests.RequestException as error:
                last_error = f"{type(error).__name__}"
                continue
            if response.status_code >= 500:
                last_error = f"HTTP {response.status_code}"
                continue
            try:
                answer = response.json()
            except ValueError:
                raise SmsError(f"HTTP {response.status_code}: not JSON") from None
            code = answer.get("Code", "")
            if code == "OK":
                return answer.get("BizId", "")
            if code in PERMANENT or response.status_code in (400, 403, 404):
                raise SmsError(f"{code}: {answer.get('Message', '')}", retry=False)
            last_error = f"{code}: {answer.get('Message', '')}"
            if code != "isp.SYSTEM_ERROR":
                break  # e.g. a rate limit: the worker's later retry is the right wait
        raise SmsError(last_error, retry=True)
