"""Settings for the helpdesk: one module, embedded defaults, the environment overrides.

Every variable is listed with its default in `.env.example`.
"""

import os
import re
from datetime import timedelta

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    BASE_DIR,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_str,
    load_env_file,
)
from config.secrets import data_dir, key

# Importing this module writes nothing: DATA_DIR and the generated keys are
# made by the entry points (config/secrets.py: prepare_data_dir).
load_env_file()
DATA_DIR = data_dir()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = key("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
# The app's public address, for what has no request to take one from (links
# in e-mails); responses to the browser use the address it asked. By default
# where `make run` serves: http://HOST:PORT.
_HOST = env_str("HOST", "127.0.0.1")
_SERVED_AT = f"http://{f'[{_HOST}]' if ':' in _HOST else _HOST}:{env_int('PORT', 8000, minimum=1)}"
SITE_URL = (env_str("SITE_URL") or _SERVED_AT).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "csp",
    "axes",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "helpdesk.core",
    "helpdesk.accounts",
    "helpdesk.tickets",
    "helpdesk.notifications",
    "helpdesk.realtime",
    "helpdesk.sla",
    "helpdesk.csat",
    "helpdesk.assignment",
    "helpdesk.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "helpdesk.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Messages in the language the client asks for (the SPA sends Accept-Language).
    "django.middleware.locale.LocaleMiddleware",
    # Django's, but a write to a path missing its slash is redirected with 308.
    "helpdesk.core.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out (username, IP) before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in DATA_DIR unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        # Each process keeps one connection per HTTP thread (HTTP_THREADS),
        # reused across requests (helpdesk/core/threads.py) and checked first.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# Requests one process runs in Django at a time, each on a long-lived thread
# (helpdesk/core/asgi.py). More threads share the same GIL: 2 measured best
# (docs/benchmarks.md).
HTTP_THREADS = env_int("HTTP_THREADS", 2, minimum=1)
# Lists count exactly up to this many rows; past it PostgreSQL gives the
# planner's estimate (helpdesk/core/pagination.py). SQLite always counts.
EXACT_COUNT_LIMIT = env_int("EXACT_COUNT_LIMIT", 1000, minimum=1)
# PostgreSQL: up to this many when the planner expects no more (a fairly rare
# search term), so such a list's page is read by id, not by walking the date
# index past thousands of non-matches (docs/benchmarks.md).
EXACT_COUNT_EXPECTED_LIMIT = env_int("EXACT_COUNT_EXPECTED_LIMIT", 10_000, minimum=1)
# PostgreSQL: threads per process that run a report's grouped reads side by
# side, in the request's snapshot (helpdesk/core/snapshot.py); 0 runs them in
# turn on the request's own connection. Each keeps a connection open.
SNAPSHOT_READ_THREADS = env_int("SNAPSHOT_READ_THREADS", 2, minimum=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, and the
    # timeout makes a second writer wait for it instead of failing with
    # "database is locked"; WAL lets readers proceed meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The SPA's languages. Django's own messages come with its catalogues; ours
# are in helpdesk/locale (`make messages` updates them, `make` compiles them).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "helpdesk" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: Django admin's assets and the built front end (frontend/dist),
# served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.is_dir() else []
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Attachments are private: there is no MEDIA_URL route, only signed downloads.
        "OPTIONS": {"location": str(DATA_DIR / "media")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
_VITE_HASHED_ASSET = re.compile(r"/assets/.+-[A-Za-z0-9_-]{8,}\.\w+$")


def WHITENOISE_IMMUTABLE_FILE_TEST(path: str, url: str) -> bool:
    # Vite puts a content hash in every asset name, so they can be cached forever.
    return bool(_VITE_HASHED_ASSET.search(url))


# Attachments
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
ATTACHMENT_URL_MAX_AGE = env_int("ATTACHMENT_URL_MAX_AGE", 15 * 60, minimum=1)
# Images above this many pixels are refused (decompression bombs).
ATTACHMENT_MAX_PIXELS = env_int("ATTACHMENT_MAX_PIXELS", 40_000_000, minimum=1)
# What one user may store in total; 0 means no limit.
ATTACHMENT_QUOTA_BYTES = env_int("ATTACHMENT_QUOTA_BYTES", 200 * 1024 * 1024, minimum=0)
# Bodies beyond this are refused with 413 before they are read: the largest
# attachment plus room for the other fields, so an attachment slightly over
# its limit still gets a 400 that names the field.
REQUEST_MAX_BYTES = ATTACHMENT_MAX_BYTES + 5 * 1024 * 1024

# API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "helpdesk.accounts.authentication.AccessTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["helpdesk.core.renderers.JSONRenderer"],
    # JSON; the ticket views, which take files, add multipart and urlencoded
    # forms (where DRF reads an empty value as null, or absent when optional).
    "DEFAULT_PARSER_CLASSES": ["helpdesk.core.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "helpdesk.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "helpdesk.core.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": None,
    # Proxies in front of the app, so the client's address is read from the
    # right X-Forwarded-For entry (0: the connecting address is the client).
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    # Generous enough for a room of members behind one NAT address and a
    # staff member working fast; see .env.example.
    "DEFAULT_THROTTLE_RATES": {
        "register": env_rate("THROTTLE_REGISTER", "60/hour"),
        "password_reset": env_rate("THROTTLE_PASSWORD_RESET", "20/hour"),
        "tickets": env_rate("THROTTLE_TICKETS", "30/minute"),
        "comments": env_rate("THROTTLE_COMMENTS", "60/minute"),
        "ratings": env_rate("THROTTLE_RATINGS", "30/minute"),
    },
}

# Logins: at most LOGIN_FAILURE_LIMIT failures per (username, IP) within
# LOGIN_LOCKOUT_MINUTES, then 429 (even for the right password) until the
# window has passed; and at most LOGIN_ADDRESS_FAILURE_LIMIT per IP across
# usernames (password spraying), in the same window (helpdesk/accounts/lockout.py).
# Counted in the cache, so Redis shares them between processes.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_USE_ATTEMPT_EXPIRATION = True  # a rolling window, not "15 minutes of silence"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "helpdesk.core.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "helpdesk.accounts.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"

SPECTACULAR_SETTINGS = {
    # Swagger UI served from our own static files: works offline and under the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TITLE": "Helpdesk API",
    "DESCRIPTION": "Tickets, their history and attachments; JWT authentication.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "helpdesk.core.schema.postprocess",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "helpdesk.tickets.models.TicketStatus",
        "TicketCategoryEnum": "helpdesk.tickets.models.TicketCategory",
        # Named, so the activity entries' {from, to} reuse it (one name per choice set).
        "PriorityEnum": "helpdesk.tickets.models.TicketPriority",
        # Both targets of the `sla` block share one set of states.
        "SlaStateEnum": "helpdesk.sla.clock.SlaState",
    },
}

REFRESH_TOKEN_LIFETIME = timedelta(minutes=env_int("JWT_REFRESH_MINUTES", 1440, minimum=1))
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15, minimum=1)),
    "REFRESH_TOKEN_LIFETIME": REFRESH_TOKEN_LIFETIME,
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    # A key of its own, so rotating it logs everyone out without touching
    # sessions, password-reset links or signed attachment URLs.
    "SIGNING_KEY": key("JWT_SIGNING_KEY"),
    "AUDIENCE": env_str("JWT_AUDIENCE", "helpdesk-api"),
    "ISSUER": env_str("JWT_ISSUER", "helpdesk"),
    "AUTH_HEADER_TYPES": ("Bearer",),
    # Access tokens carry a hash of the password: a password change or reset
    # makes every earlier access token useless at once, not after 15 minutes.
    "CHECK_REVOKE_TOKEN": True,
}

# The refresh token's HttpOnly, SameSite=Strict cookie, sent only to /api/auth/.
REFRESH_COOKIE_NAME = "helpdesk_refresh"
REFRESH_COOKIE_PATH = "/api/auth/"
REFRESH_COOKIE_SECURE = env_bool("REFRESH_COOKIE_SECURE", not DEBUG)

# CORS stays closed: the SPA is served from the API's origin.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = True

# HTTPS: on by default in production, off for `make run` on loopback.
HTTPS = env_bool("HTTPS", False)
if env_str("SECURE_PROXY_SSL_HEADER"):
    name, _, value = env_str("SECURE_PROXY_SSL_HEADER").partition(",")
    if not value:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must look like 'HTTP_X_FORWARDED_PROTO,https'."
        )
    SECURE_PROXY_SSL_HEADER = (name.strip(), value.strip())
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy for every response (attachments set a stricter one
# of their own). Scripts only from this origin; Tawk.to's only when configured.
TAWK_PROPERTY_ID = env_str("TAWK_PROPERTY_ID")
TAWK_WIDGET_ID = env_str("TAWK_WIDGET_ID")
_TAWK = ["https://*.tawk.to", "https://cdn.jsdelivr.net"] if TAWK_PROPERTY_ID else []
_TAWK_SOCKETS = ["wss://*.tawk.to"] if TAWK_PROPERTY_ID else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *_TAWK],
        # Inline style attributes (progress bars, Swagger UI); never inline scripts.
        "style-src": ["'self'", "'unsafe-inline'", *_TAWK],
        "img-src": ["'self'", "data:", "blob:", *_TAWK],
        "font-src": ["'self'", "data:", *_TAWK],
        "connect-src": ["'self'", *_TAWK, *_TAWK_SOCKETS],
        "frame-src": ["'self'", *_TAWK],
        "media-src": ["'self'", *_TAWK],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "helpdesk@localhost")
# Who hears of new tickets: these addresses, or every active staff user if empty.
NOTIFY_NEW_TICKET_EMAILS = env_list("NOTIFY_NEW_TICKET_EMAILS", [])
# Failed deliveries are retried after 30 s, 60 s, 120 s, ... at most 30 min apart.
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 30, minimum=0)
EMAIL_RETRY_MAX_SECONDS = env_int("EMAIL_RETRY_MAX_SECONDS", 1800, minimum=0)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 60, minimum=1)

# Real-time updates: one process needs nothing; several share events through
# Redis. The cache holds rate-limit and login-lockout counters, so it must be
# shared by every process: Redis when configured, else a database table
# (created by `manage.py createcachetable`, which `make run` calls).
REDIS_URL = env_str("REDIS_URL")
CHANNEL_LAYERS = {
    "default": (
        {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
        if REDIS_URL
        else {"BACKEND": "helpdesk.realtime.layers.InMemoryChannelLayer"}
    )
}
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}
    )
}
WS_AUTH_TIMEOUT_SECONDS = env_int("WS_AUTH_TIMEOUT_SECONDS", 10, minimum=1)

# Background work (e-mail delivery) runs in `manage.py db_worker`, queued in
# the database in the same transaction as the change that caused it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# --- Operations (SPEC 5 and 5b): attachment storage, probes, logs, metrics ---
# Kept in one block; helpdesk/ops holds the code behind it.
from helpdesk.ops.logs import logging_config  # noqa: E402

INSTALLED_APPS += ["helpdesk.ops"]
# First: every response gets its X-Request-ID, and the probes and /metrics are
# answered before the host check and the HTTPS redirect (helpdesk/ops/middleware.py).
MIDDLEWARE = [
    "helpdesk.ops.middleware.RequestContextMiddleware",
    "helpdesk.ops.middleware.OperationsEndpointsMiddleware",
    *MIDDLEWARE,
]

# Where new attachments go; each attachment remembers its own backend, and
# `manage.py move_attachments --to ...` moves them (README, "Attachments").
ATTACHMENT_STORAGE = env_choice("ATTACHMENT_STORAGE", "local", ("local", "s3", "cloudinary"))
if env_str("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["s3"] = {
        "BACKEND": "helpdesk.ops.storage_s3.S3AttachmentStorage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Empty: boto3's own chain (instance role, ~/.aws, ...).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
            "querystring_expire": ATTACHMENT_URL_MAX_AGE,
        },
    }
if env_str("CLOUDINARY_URL"):
    STORAGES["cloudinary"] = {
        "BACKEND": "helpdesk.ops.storage_cloudinary.CloudinaryStorage",
        "OPTIONS": {
            "cloudinary_url": env_str("CLOUDINARY_URL"),
            "delivery_type": env_choice(
                "CLOUDINARY_DELIVERY_TYPE", "private", ("private", "authenticated")
            ),
            "url_max_age": ATTACHMENT_URL_MAX_AGE,
        },
    }
if ATTACHMENT_STORAGE != "local" and ATTACHMENT_STORAGE not in STORAGES:
    raise ImproperlyConfigured(
        f"ATTACHMENT_STORAGE={ATTACHMENT_STORAGE} needs "
        + ("AWS_STORAGE_BUCKET_NAME." if ATTACHMENT_STORAGE == "s3" else "CLOUDINARY_URL.")
    )

# Prometheus text at /metrics, only for these addresses or networks.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
# prometheus-client reads this when it is imported; every process of one
# deployment must share it, and it should be emptied when they all restart.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(DATA_DIR / "metrics"))

LOG_FORMAT = env_choice("LOG_FORMAT", "plain", ("plain", "json"))
LOGGING = logging_config(log_format=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO"))
