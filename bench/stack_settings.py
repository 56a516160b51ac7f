"""Settings for bench/stack.py (`make load`, `make drill`, `make cluster-check`): production's,
plus only what a plain-HTTP run on the loopback address needs. Production settings themselves are
never weakened; everything here is set by bench/stack.py's environment or below.

- cookies without `Secure` and `__Host-` names, no HTTPS redirect or HSTS (there is no TLS here);
- ALLOWED_HOSTS 127.0.0.1 and localhost; the demo town may be seeded (`manage.py seed_demo`);
- mail and text messages are written to files under PORTAL_VAR_DIR (mail/, sms/) so a drill can
  count what was sent; logs go to files under PORTAL_VAR_DIR/log as JSON lines;
- passwords hashed with a fast hasher: signing in is not what these runs measure;
- STACK_RATE_LIMITS=off switches allauth's and the portal's rate limits off (a load test from
  one address); by default they are production's.
"""

import os

from portal.settings.production import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_PROXY_SSL_HEADER = None
SESSION_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_SECURE = False
CSRF_COOKIE_NAME = "csrftoken"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_NAME = "django_language"
MFA_TRUST_COOKIE_NAME = "mfa_trusted"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
PORTAL_ALLOW_DEMO_DATA = True

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"  # noqa: F405
SMS_BACKEND = "portal.sms.backends.file.SmsBackend"
SMS_FILE_PATH = VAR_DIR / "sms"  # noqa: F405
SMS_ALIYUN = {**SMS_ALIYUN, "backoff_seconds": 0}  # noqa: F405

if os.environ.get("STACK_RATE_LIMITS", "production") == "off":
    ACCOUNT_RATE_LIMITS = False
    PORTAL_OPEN311 = {**PORTAL_OPEN311, "anonymous_rate_limit": 10**9}  # noqa: F405

# Every log line to a file per process kind (web, worker, manage.py), as JSON.
LOG_DIR = VAR_DIR / "log"  # noqa: F405
LOG_DIR.mkdir(parents=True, exist_ok=True)
for _name in ("console", "requests"):
    LOGGING["handlers"][_name] = {  # noqa: F405
        "class": "logging.FileHandler",
        "filename": str(LOG_DIR / ("requests.log" if _name == "requests" else "portal.log")),
        "formatter": "json",
        "filters": ["request_id"],
    }

# Tasks leased until acknowledged, so none is lost with a killed worker (portal/brokers.py).
if REDIS_URL:  # noqa: F405
    Q_CLUSTER.setdefault("broker_class", "portal.brokers.ReliableRedis")  # noqa: F405
# The drills shorten the lease and the task timeout (their tasks take milliseconds), so a task
# a killed worker held runs again within seconds rather than production's three minutes.
if os.environ.get("STACK_Q_RETRY"):
    Q_CLUSTER = {  # noqa: F405
        **Q_CLUSTER,  # noqa: F405
        "retry": int(os.environ["STACK_Q_RETRY"]),
        "timeout": int(os.environ["STACK_Q_TIMEOUT"]),
    }
