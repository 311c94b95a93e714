"""Settings for the Cambodia elections site.

Everything that differs between a laptop and production comes from the environment:

- DJANGO_DEBUG: "1"/"true" turns debug on (off by default).
- DJANGO_SECRET_KEY: required whenever debug is off; the site refuses to start without it.
  With debug on and no key, a local key is kept in `.dev-secret-key` (git-ignored).
- DJANGO_ALLOWED_HOSTS: comma-separated host names; required when debug is off.
- REDIS_URL: a shared cache for every app server (default: a per-process memory cache).
- DJANGO_HTTPS: "1" when served over HTTPS: HSTS, secure cookies, redirect to https.
- DATABASE_URL: any dj-database-url URL (default: a SQLite file beside manage.py).
- SITE_NAME: the publisher's name shown on pages and in citations.
- SITE_CONTACT: where readers send corrections (an e-mail address or a URL); optional.
- DJANGO_ADMIN_PATH: where the admin lives (default "admin/").
- DJANGO_LOGIN_FAILURE_LIMIT: failed admin logins before a lockout (default 5).
- CHANGE_LOG_SHOWS_USERNAMES: "1" names editors in the public change log ("an editor"
  by default).
- PUBLIC_SHARED_MAX_AGE / PUBLIC_MAX_AGE: how long shared caches / browsers keep a page.
- HTTP_ACCELERATOR_URLS: comma-separated accelerators (Varnish) to purge on every change.
- DJANGO_TRUSTED_PROXY_HEADER / DJANGO_TRUSTED_PROXY_COUNT: where the client's address is,
  behind a load balancer (for the login lockout).
- REDIS_TIMEOUT_SECONDS / REDIS_RETRY_SECONDS: when Redis counts as down, and for how long.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def development_secret_key(path: Path) -> str:
    """The key in `path`, written there (readable by its owner only) on first use."""
    if path.exists():
        return path.read_text().strip()
    key = get_random_secret_key()
    path.touch(mode=0o600)
    path.write_text(key + "\n")
    return key


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "Set DJANGO_DEBUG=1 for local development."
        )
    # Local development only: one key kept in a git-ignored file, so that restarting the
    # development server keeps editors signed in. Production never reads this file.
    SECRET_KEY = development_secret_key(
        Path(os.environ.get("DJANGO_DEV_SECRET_KEY_FILE", BASE_DIR / ".dev-secret-key"))
    )

if not DEBUG and "DJANGO_ALLOWED_HOSTS" not in os.environ:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off (comma-separated host names)."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

SITE_NAME = os.environ.get("SITE_NAME", "Cambodia Elections Record")
SITE_CONTACT = os.environ.get("SITE_CONTACT", "")

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: it adds each translated field's
    # per-language columns (name_en, name_km) before the admin and history read the models.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    "electionsite",
    "results",
    "observers",
]

MIDDLEWARE = [
    # First: a cached public page is answered (or a 304 given) before any other work. Pages
    # are stored with the headers the middleware below adds (security, CSP).
    "electionsite.cache.PublicPageCacheMiddleware",
    # Cache-Control and surrogate keys for shared caches (Varnish, a CDN); inside the page
    # cache, so that its stored pages carry them.
    "electionsite.http_cache.SharedCacheHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language comes from its address alone: /km/... is Khmer, every other page
    # English, whatever the browser asks for (so a shared cache needs no Vary on language).
    "electionsite.i18n.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside MessageMiddleware: a save that could not reach Redis says so to the editor.
    "electionsite.cache.UnannouncedChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "results.permalinks.SlugRedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username, or an address, out of the admin login for an hour after 5 failures.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind a load balancer: the header it sets with the client's address (X-Forwarded-For)
# and how many proxies append to it, so that each client is locked out on its own.
TRUSTED_PROXY_HEADER = os.environ.get("DJANGO_TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1"))
AXES_CLIENT_IP_CALLABLE = "electionsite.client_address.client_address"

# The public change log says "an editor" unless the publisher chooses to name editors.
CHANGE_LOG_SHOWS_USERNAMES = env_flag("CHANGE_LOG_SHOWS_USERNAMES")

# The admin's address, e.g. "editors-7f3a/": not guessable from the outside.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

ROOT_URLCONF = "electionsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "electionsite.context_processors.site",
            ],
            # Number and date filters with Khmer digits on Khmer pages, and `unlocalize` for
            # the numbers a machine reads (attributes, addresses), in every template.
            "builtins": ["django.templatetags.l10n", "electionsite.templatetags.khmer_digits"],
        },
    },
]

WSGI_APPLICATION = "electionsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before reuse: after a database restart, the first
        # request of each worker would otherwise fail on the connection it kept.
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# English at the addresses the site has always had; Khmer under /km/ (see electionsite/urls.py).
LANGUAGES = [("en", "English"), ("km", "ខ្មែរ")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Khmer digits, month names and separators as Cambodian publications write them (Django's own
# km formats leave numbers ungrouped); see electionsite/formats/km/formats.py.
FORMAT_MODULE_PATH = ["electionsite.formats"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
# Translated model fields (results/translation.py, observers/translation.py): English is the
# language every record is written in first; an empty Khmer text falls back to it, and the
# templates mark the fallback (results/templatetags/translated.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "km")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # whitenoise's hashed, compressed files; the site's stylesheets minified (staticfiles.py).
    "staticfiles": {"BACKEND": "electionsite.staticfiles.MinifiedManifestStaticFilesStorage"},
}


# One shared cache for all app servers when REDIS_URL is set; public pages live there.
# A cache that does not answer within REDIS_TIMEOUT_SECONDS counts as down: pages are then
# served uncached, and Redis is tried again after REDIS_RETRY_SECONDS (electionsite.cache).
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5"))
REDIS_RETRY_SECONDS = float(os.environ.get("REDIS_RETRY_SECONDS", "5"))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "electionsite.redis_cache.SharedClientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "elections"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# 0 turns the page cache off (used to measure uncached pages).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "3600"))
# Each app process also keeps the most recent pages in memory (checked against the data
# version on every request, so never stale); this bounds that copy.
PUBLIC_PAGE_MEMORY_BYTES = int(os.environ.get("PUBLIC_PAGE_MEMORY_BYTES", str(16 * 2**20)))

# Shared caches in front of the app (Varnish, a CDN) keep public pages this long, and
# browsers this long; a change purges the shared copies at once (electionsite.purge), so
# the shared lifetime only bounds staleness when a purge is lost.
PUBLIC_SHARED_MAX_AGE = int(os.environ.get("PUBLIC_SHARED_MAX_AGE", "300"))
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "60"))
# Base URLs of the accelerators to purge when a record changes, e.g. Varnish's listening
# address "http://127.0.0.1:6081/" (comma-separated; none by default).
HTTP_ACCELERATORS = env_list("HTTP_ACCELERATOR_URLS", "")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Scripts only from this site (no inline scripts); styles allow inline attributes, which
# carry the party colours of the swatches.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        # The Khmer font is served from this site (static/fonts/), never a font service.
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if env_flag("DJANGO_HTTPS"):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
