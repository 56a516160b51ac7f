"""Settings shared by every environment. `dev`, `test` and `production` override.

Everything that differs between machines is read from the environment; `.env.example` lists it all.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
import xstatic.pkg.leaflet
from csp.constants import NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Ours first, so our templates override allauth's and Wagtail's.
    "portal",
    "home",
    "participation",
    "education",
    "rewards",
    "regulations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.weixin",
    "django_q",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: every request gets an id and one log line; health checks are answered before the
    # host check and the HTTPS redirect (a load balancer asks by address, over plain HTTP).
    "portal.request_log.RequestLogMiddleware",
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.StaffMFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: cached public pages are answered here, before URL resolution (portal/cache.py).
    "portal.cache.CachedPageMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------------
# SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production and at scale).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Not kept between requests: a new connection reads the schema afresh (about 2 ms for its
    # ~520 tables and indexes), but a kept one would hold a page cache per thread and go on
    # reading a database file that a restore replaced (docs/decisions.md, 8).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the busy
        # timeout instead of failing with "database is locked" half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # the busy timeout, in seconds
        # Per connection, only what Django does not set. WAL stays in the file: set once per
        # process (portal/db.py). Foreign keys: Django turns them on.
        "init_command": "PRAGMA synchronous=NORMAL;",
    }

# A streaming replica of the primary (PostgreSQL), for anonymous readers' pages (portal/replica.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("portal.health.HealthCheckMiddleware") + 1,
        "portal.replica.PublicReadsMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---------------------------------------------------------------------------------------
# A real cache is needed: allauth's rate limits and one-time TOTP codes live in it.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open: while Redis is down pages are rendered afresh (portal/cache_backends.py).
            "BACKEND": "portal.cache_backends.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            # An unreachable Redis must cost a request milliseconds, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }

# --- Background work (django-q2) -----------------------------------------------------------------
Q_CLUSTER = {
    "name": "portal",
    "workers": int(os.environ.get("Q_WORKERS", "1")),
    "timeout": 120,
    # retry must exceed timeout, or a slow task is handed to a second worker while still running.
    "retry": 180,
    "max_attempts": 5,
    "queue_limit": 50,
    "bulk": 10,
    "catch_up": False,
    "label": _("Background tasks"),
}
if REDIS_URL:
    # Refused at once, or given up after a second, when Redis is unreachable: the request that
    # enqueues then keeps the task in the database instead (portal/tasks.py).
    Q_CLUSTER["redis"] = REDIS_URL + ("&" if "?" in REDIS_URL else "?") + "socket_connect_timeout=1"
    # Tasks leased until acknowledged, so a killed worker's task runs again (portal/brokers.py).
    Q_CLUSTER["broker_class"] = "portal.brokers.ReliableRedis"
else:
    Q_CLUSTER["orm"] = "default"

# --- Accounts ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:profile"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# A resident signs up with a mobile number (a code by SMS, no password needed) or an email address
# (with a password); portal.forms.SignupForm asks for at least one. Either logs in, with a
# password or a one-time code sent to it.
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
# "email*" for allauth's checks; portal.account_forms.ResidentSignupForm makes it optional.
ACCOUNT_SIGNUP_FIELDS = ["phone", "email*", "password1", "password2"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupForm"
ACCOUNT_FORMS = {"signup": "portal.account_forms.ResidentSignupForm"}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 10 * 60
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = 3
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
# Six digits, as people expect a code by text message to look (and phones offer to fill in).
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_FORMAT = ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT
ACCOUNT_UNIQUE_EMAIL = True
# For accounts with an email address (portal.adapters.VerifiedEmailStage skips those without).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# One address per account; changing it needs the new address verified first.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Every login path (public login, Wagtail admin, Django admin) is allauth's login, so these apply
# to all of them. Failed logins are limited per IP and per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    # Codes by SMS cost money and reach a person's phone: few per number and per address.
    "verify_phone": "1/30s/key,5/h/key,10/h/ip",
    "request_login_code": "20/h/ip,1/30s/key,5/h/key",
    "change_phone": "3/h/user",
    # Residents' reports and uploads (participation): a person, and an address shared by many.
    "case_report": "10/h/user,30/h/ip",
    "case_support": "60/h/user",
    "case_evaluate": "20/h/user",
    # The neighbour's evaluation link: no account, so per address (guessing is pointless anyway).
    "case_evaluate_link": "20/h/ip",
    "case_confirm": "30/h/user",
    "case_update": "20/h/user,60/h/ip",
    # Opinions on draft regulations, replies, "I agree" and flags (regulations).
    "regulation_opinion": "20/h/user,60/h/ip",
    "regulation_reaction": "120/h/user",
    # Redeeming points for rewards (rewards).
    "rewards_redeem": "20/h/user",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")
# Behind N reverse proxies, the client's address is the Nth from the right in X-Forwarded-For;
# rate limits per address (logins, reports, the Open311 API) need it.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))

# WeChat sign-in (allauth's weixin provider), offered only when the keys are set. A WeChat
# account signs up without an address or number; it adds a number before it reports.
SOCIALACCOUNT_ADAPTER = "portal.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {}
if os.environ.get("WECHAT_APP_ID") and os.environ.get("WECHAT_APP_SECRET"):
    SOCIALACCOUNT_PROVIDERS["weixin"] = {
        "APPS": [
            {
                "client_id": os.environ["WECHAT_APP_ID"],
                "secret": os.environ["WECHAT_APP_SECRET"],
            }
        ],
        # A QR code to scan (a website application), or, inside WeChat, an official account's
        # own page (…/connect/oauth2/authorize, which wants the snsapi_userinfo scope).
        "AUTHORIZE_URL": os.environ.get(
            "WECHAT_AUTHORIZE_URL", "https://open.weixin.qq.com/connect/qrconnect"
        ),
    }
    SOCIALACCOUNT_PROVIDERS["weixin"]["SCOPE"] = [
        "snsapi_userinfo"
        if "oauth2/authorize" in SOCIALACCOUNT_PROVIDERS["weixin"]["AUTHORIZE_URL"]
        else "snsapi_login"
    ]

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Wuzhen Housekeeper"
MFA_RECOVERY_CODE_COUNT = 10

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Mobile numbers and text messages -----------------------------------------------------------
# Numbers typed without a country code are read as this region's; numbers elsewhere are refused.
PORTAL_PHONE_DEFAULT_REGION = os.environ.get("PHONE_DEFAULT_REGION", "CN")
PORTAL_PHONE_REGIONS = env_list("PHONE_REGIONS", "CN")
# Like EMAIL_BACKEND (portal.sms): console (prints), file (tests) or aliyun (Alibaba Cloud SMS).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "portal.sms.backends.console.SmsBackend")
SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", VAR_DIR / "sms"))
# Alibaba Cloud SMS (portal.sms.backends.aliyun): keys from the environment, never committed.
SMS_ALIYUN = {
    "endpoint": os.environ.get("SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/"),
    "access_key_id": os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", ""),
    "access_key_secret": os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", ""),
    "sign_name": os.environ.get("SMS_ALIYUN_SIGN_NAME", ""),
    "region_id": os.environ.get("SMS_ALIYUN_REGION_ID", "cn-hangzhou"),
    # The approved template for each kind of message: "code" (${code}), "notice" (${text}).
    "templates": {
        "code": os.environ.get("SMS_ALIYUN_TEMPLATE_CODE", ""),
        "notice": os.environ.get("SMS_ALIYUN_TEMPLATE_NOTICE", ""),
    },
    "timeout": float(os.environ.get("SMS_ALIYUN_TIMEOUT", "10")),
    # Attempts at one send within a task run (the task worker retries the task on top).
    "attempts": int(os.environ.get("SMS_ALIYUN_ATTEMPTS", "3")),
    "backoff_seconds": float(os.environ.get("SMS_ALIYUN_BACKOFF_SECONDS", "1")),
}
# The links in text messages: short, so a notice fits in one 70-character message. Defaults to
# WAGTAILADMIN_BASE_URL (the site's address).
PORTAL_SHORT_LINK_BASE = os.environ.get("SHORT_LINK_BASE", "")

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wuzhen Housekeeper <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Pages can be written in both languages: each language has its own page tree, a translation is
# a copy made with the admin's "Translate" action, and readers get the translation in their
# language when it exists (see home.models.HomePage.route and docs/decisions.md). The town writes
# in Chinese: the site's root page is in the zh-hans tree, English versions are translations.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static and media ----------------------------------------------------------------------------
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Leaflet from its package, served as /static/leaflet/leaflet.js and leaflet.css.
    ("leaflet", xstatic.pkg.leaflet.BASE_DIR),
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Case photos, voice notes and their thumbnails: private wherever they are.
    "case_files": {"BACKEND": "portal.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Origins pages load editors' media from, besides the portal itself (for the CSP below).
MEDIA_ORIGINS: list[str] = []


def s3_storage(bucket: str, prefix: str, **options) -> dict:
    """A bucket of the S3-compatible service at S3_ENDPOINT_URL (django-storages). Objects get
    no ACL of their own (the bucket's policy decides) and never overwrite one another."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            # path (MinIO and most self-hosted services) or virtual (Alibaba Cloud OSS); empty: auto
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
            "bucket_name": bucket,
            "location": prefix.strip("/"),
            "default_acl": None,
            "file_overwrite": False,
            # A file read back is spooled to disk beyond this size, not held in memory.
            "max_memory_size": 2 * 1024 * 1024,
            # An unreachable service fails a request (and /readyz) in seconds, not minutes.
            # (A client_config replaces django-storages' own, so the addressing style goes here.)
            "client_config": Config(
                s3={"addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None},
                connect_timeout=2,
                read_timeout=20,
                retries={"mode": "standard", "max_attempts": 3},
            ),
            **options,
        },
    }


_media_on_s3 = os.environ.get("MEDIA_STORAGE", "local") == "s3"
_case_files_on_s3 = os.environ.get("CASE_FILES_STORAGE", "local") == "s3"
for _variable in ("MEDIA_STORAGE", "CASE_FILES_STORAGE"):
    if os.environ.get(_variable, "local") not in ("local", "s3"):
        raise ImproperlyConfigured(f"{_variable} must be local or s3.")
if _media_on_s3:
    # Public: pages link to these files, so their URLs are plain (the bucket's policy lets
    # anyone read this bucket or prefix), through S3_MEDIA_CUSTOM_DOMAIN if there is one.
    _media_domain = os.environ.get("S3_MEDIA_CUSTOM_DOMAIN", "")
    STORAGES["default"] = s3_storage(
        os.environ.get("S3_MEDIA_BUCKET", ""),
        os.environ.get("S3_MEDIA_PREFIX", ""),
        custom_domain=_media_domain or None,
        querystring_auth=False,
    )
    _endpoint = os.environ.get("S3_ENDPOINT_URL", "").rstrip("/")
    if _media_domain:
        MEDIA_ORIGINS = ["https://" + _media_domain.split("/")[0]]
    elif _endpoint:  # path-style and virtual-host-style addresses of the bucket
        MEDIA_ORIGINS = [_endpoint, _endpoint.replace("://", "://*.", 1)]
    else:
        MEDIA_ORIGINS = ["https://*.amazonaws.com"]
if _case_files_on_s3:
    # Private: streamed by the portal after its access check (docs/decisions.md); any URL
    # made for them is signed and lasts a minute. No custom domain: that would drop the signature.
    STORAGES["case_files"] = s3_storage(
        os.environ.get("S3_CASE_FILES_BUCKET", ""),
        os.environ.get("S3_CASE_FILES_PREFIX", ""),
        querystring_auth=True,
        querystring_expire=60,
    )
for _alias, _variable in (("default", "S3_MEDIA_BUCKET"), ("case_files", "S3_CASE_FILES_BUCKET")):
    if "OPTIONS" in STORAGES[_alias] and not STORAGES[_alias]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured(f"{_variable} must name a bucket when its storage is s3.")
if _media_on_s3 and _case_files_on_s3:
    _media, _case = STORAGES["default"]["OPTIONS"], STORAGES["case_files"]["OPTIONS"]
    _prefixes = sorted(f"{options['location']}/".lstrip("/") for options in (_media, _case))
    # The media bucket (or prefix) is public: case files must be outside it.
    if _media["bucket_name"] == _case["bucket_name"] and _prefixes[1].startswith(_prefixes[0]):
        raise ImproperlyConfigured(
            "Case files must not share the public media bucket: give them their own bucket, or "
            "separate prefixes (S3_MEDIA_PREFIX, S3_CASE_FILES_PREFIX)."
        )
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security headers ----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The public site runs no inline script or style; the Wagtail admin gets a wider policy in
# portal.middleware.ContentSecurityPolicyMiddleware because its editor needs inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "media-src": [SELF, "blob:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # Videos editors embed in pages (the embed block), from these players only.
        "frame-src": [
            SELF,
            *os.environ.get(
                "EMBED_FRAME_ORIGINS",
                "https://www.youtube-nocookie.com https://www.youtube.com "
                "https://player.bilibili.com https://v.qq.com https://player.youku.com",
            ).split(),
        ],
    },
}

# --- Wagtail -------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Wuzhen Housekeeper"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
# Passwords are reset through allauth (rate-limited, one flow for everyone).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# No Gravatar: it would tell a third party which staff use the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Logging -------------------------------------------------------------------------------------
# One JSON line per request (portal.request_log) and, with LOG_FORMAT=json (production's default),
# every other record too; each carries the id of the request or task it belongs to.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.request_log.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "portal.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        },
        "requests": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "portal.requests": {
            "handlers": ["requests"],
            "level": os.environ.get("LOG_REQUESTS_LEVEL", "INFO"),
            "propagate": False,
        },
        "django_q": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        # Wagtail runs its search-index and reference-index updates as tasks; one line each.
        "django_tasks": {"level": "WARNING"},
    },
}


# Case photos and voice notes: outside MEDIA_ROOT, served only through a view that checks access.
PORTAL_CASE_FILES_ROOT = Path(os.environ.get("PORTAL_CASE_FILES_ROOT", VAR_DIR / "case-files"))

# --- Maps ----------------------------------------------------------------------------------------
# Any XYZ tile server. OpenStreetMap by default; in mainland China use a local provider, e.g.
# Tianditu: "https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=KEY",
# subdomains "01234567".
# Every page works without tiles: pins, forms and lists do not depend on them.
PORTAL_MAP = {
    "tiles": os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    "subdomains": os.environ.get("MAP_TILE_SUBDOMAINS", "abc"),
    "attribution": os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors"),
    # The town's centre and a zoom that shows it whole.
    "center": [30.74, 120.49],
    "zoom": 14,
}

# Only dev and test may load the demo town (`manage.py seed_demo`); production never does.
PORTAL_ALLOW_DEMO_DATA = False

# The Open311 GeoReport v2 API (participation.open311): what discovery says, and the rate for
# requests made without a key (keys have their own, set per key in the admin).
PORTAL_OPEN311 = {
    "jurisdiction_id": os.environ.get("OPEN311_JURISDICTION_ID", "wuzhen"),
    # Where developers ask for a key: an email address (the pages around it are translated).
    "contact": os.environ.get("OPEN311_CONTACT", "open311@wuzhen.example.org"),
    "endpoint_type": os.environ.get("OPEN311_ENDPOINT_TYPE", "production"),
    "anonymous_rate_limit": int(os.environ.get("OPEN311_ANONYMOUS_RATE_LIMIT", "120")),
}

# Limits for residents' uploads (portal.uploads). Photos larger than the edge are scaled down.
PORTAL_UPLOAD_LIMITS = {
    "image_bytes": 15 * 1024 * 1024,
    "image_pixels": 50_000_000,
    "image_longest_edge": 4096,
    "audio_bytes": 10 * 1024 * 1024,
    "audio_seconds": 120,
    "video_bytes": 50 * 1024 * 1024,
    "video_seconds": 60,
}

# Map tiles are the one outside origin public pages load from.
_tile_origin = "/".join(PORTAL_MAP["tiles"].split("/")[:3]).replace("{s}", "*")
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_tile_origin)
