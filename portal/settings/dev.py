"""Local development: `make run`. Debug on, emails printed to the console, a throwaway key."""

import os

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)  # noqa: F405
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)
PORTAL_ALLOW_DEMO_DATA = True
# runserver prints a line per request already; LOG_REQUESTS_LEVEL=INFO adds the JSON lines.
LOGGING["loggers"]["portal.requests"]["level"] = os.environ.get(  # noqa: F405
    "LOG_REQUESTS_LEVEL", "WARNING"
)
