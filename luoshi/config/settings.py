"""All settings, driven by environment variables.

Development needs none: SQLite under var/, DEBUG on. Production sets LUOSHI_ENV=production
plus SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; nothing else differs.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent  # the luoshi package
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("LUOSHI_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("LUOSHI_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-luoshi-not-for-production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "luoshi.core",
    "luoshi.org",
    "luoshi.accounts",
    "luoshi.plans",
    "luoshi.supervision",
    "luoshi.indicators",
    "luoshi.assessment",
    "luoshi.enterprises",
    "luoshi.subsidies",
    "luoshi.contracts",
    "luoshi.patents",
    "luoshi.platforms",
    "luoshi.organisations",
    "luoshi.instruments",
    "luoshi.vouchers",
    "luoshi.experts",
    "luoshi.finance",
    "luoshi.talent",
    "luoshi.projects",
    "luoshi.public",
    "luoshi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "luoshi.accounts.middleware.FirstPasswordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "luoshi.core.middleware.RequestContextMiddleware",
    "luoshi.core.middleware.RefuseNulMiddleware",
    "luoshi.core.middleware.ErrorPagesMiddleware",
    # axes must come last: it answers a locked-out sign-in itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "luoshi.config.urls"
WSGI_APPLICATION = "luoshi.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "luoshi.core.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'luoshi.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a report is being written; IMMEDIATE avoids
    # "database is locked" upgrades from read to write transactions.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;",
        "transaction_mode": "IMMEDIATE",
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # A new PostgreSQL connection per request costs several times the request itself:
    # keep a pool per process (psycopg_pool through Django's backend).
    _db["OPTIONS"] = {"pool": {"min_size": 1, "max_size": int(os.environ.get("DB_POOL_SIZE", "4"))}}
elif _db["ENGINE"] == "django.db.backends.mysql":
    import pymysql

    pymysql.version_info = (2, 2, 7, "final", 0)
    pymysql.install_as_MySQLdb()
    _db["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "300"))
    _db["CONN_HEALTH_CHECKS"] = True
    _db["OPTIONS"] = {"charset": "utf8mb4"}
    # MariaDB lacks partial unique indexes; the services enforce those rules there.
    SILENCED_SYSTEM_CHECKS = ["models.W036"]
if os.environ.get("LUOSHI_TEST_DB"):
    # Lets several test runs share one server without colliding on the test database's name.
    _db["TEST"] = {"NAME": os.environ["LUOSHI_TEST_DB"]}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: AXES_FAILURE_LIMIT failed sign-ins for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# A flash message is shown only on the page its request redirected to (luoshi.core.messages):
# one person's parallel requests (20 sign-offs of one report) showed the winner's message on
# the losers' pages.
MESSAGE_STORAGE = "luoshi.core.messages.RequestMessageStorage"

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = []
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(
    os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles" if PRODUCTION else VAR_DIR / "static")
)
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production whitenoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Source maps are copied for the manifest storage but rarely fetched: compressing them with
# brotli doubled collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
LUOSHI_MAX_UPLOAD_BYTES = int(os.environ.get("LUOSHI_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Background tasks (Django's task framework through the django-tasks backport). "database"
# queues them for `luoshi db_worker`; "immediate" runs them inline in the request, through the
# same code (development and tests). Exports and imports of more rows than
# LUOSHI_TASKS_INLINE_ROWS run as tasks; their files live under var/tasks/ and expire.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
LUOSHI_TASKS_BACKEND = os.environ.get(
    "LUOSHI_TASKS_BACKEND", "database" if PRODUCTION else "immediate"
)
if LUOSHI_TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("LUOSHI_TASKS_BACKEND must be one of: " + ", ".join(_TASK_BACKENDS))
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[LUOSHI_TASKS_BACKEND]}}
LUOSHI_TASKS_INLINE_ROWS = int(os.environ.get("LUOSHI_TASKS_INLINE_ROWS", "2000"))
LUOSHI_TASKS_RESULT_HOURS = float(os.environ.get("LUOSHI_TASKS_RESULT_HOURS", "24"))
LUOSHI_TASKS_DIR = VAR_DIR / "tasks"
LUOSHI_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("LUOSHI_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)

# Indicators: parks lie inside counties, so by default their figures are not added again into
# the city's sums; a target is on track at >= 95% of the expected value, at risk from 85%.
LUOSHI_INDICATORS_COUNT_PARKS_IN_CITY = env_bool("LUOSHI_INDICATORS_COUNT_PARKS_IN_CITY", False)
LUOSHI_INDICATORS_ON_TRACK_SHARE = float(os.environ.get("LUOSHI_INDICATORS_ON_TRACK_SHARE", "0.95"))
LUOSHI_INDICATORS_AT_RISK_SHARE = float(os.environ.get("LUOSHI_INDICATORS_AT_RISK_SHARE", "0.85"))

# A plan's public page (政务公开) is served from the cache for at most this long; the office's
# own changes to it (settings, published documents) show at once.
LUOSHI_PUBLIC_CACHE_SECONDS = int(os.environ.get("LUOSHI_PUBLIC_CACHE_SECONDS", "300"))
# A qualitative target whose text matches this becomes a milestone with steps and evidence.
LUOSHI_INDICATORS_MILESTONE_PATTERN = os.environ.get(
    "LUOSHI_INDICATORS_MILESTONE_PATTERN", r"(创建|获批|升级为?|批复)国家"
)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "luoshi@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: secure cookies and HSTS whenever production is switched on.
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "luoshi.core.views.csrf_failure"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Behind the reverse proxy (nginx) that terminates TLS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy on every response (django-csp): scripts, fonts and images only from
# luoshi's own static files (front-end libraries are served locally, never from a CDN), no
# inline script (pages declare behaviour with data attributes, core/static/core/luoshi.js).
# Inline styles stay allowed: Bootstrap markup, htmx's indicator style and ECharts use them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "ERROR"}},
}

# The role each home page belongs to: the first URL name that resolves wins.
LUOSHI_ROLE_HOME = {
    "admin": ["accounts:admin_home"],
    "coordinator": ["supervision:overview", "plans:list", "core:role_home"],
    "leader": ["indicators:dashboard", "plans:list", "core:role_home"],
    "approver": ["supervision:todo", "plans:list", "core:role_home"],
    "reporter": ["supervision:todo", "plans:list", "core:role_home"],
    "org_admin": ["organisations:mine", "core:role_home"],
    "org_member": ["organisations:mine", "core:role_home"],
}

# Open sharing of large instruments (task 7): the original value from which an instrument is
# "large" and enters the catalogue (50万元; some provinces use 30万元), the number of such
# instruments from which an owner is evaluated yearly, and the yearly hours benchmark.
LUOSHI_LARGE_INSTRUMENT_MIN_YUAN = int(os.environ.get("LUOSHI_LARGE_INSTRUMENT_MIN_YUAN", "500000"))
LUOSHI_INSTRUMENT_EVALUATION_MIN_COUNT = int(
    os.environ.get("LUOSHI_INSTRUMENT_EVALUATION_MIN_COUNT", "5")
)
LUOSHI_INSTRUMENT_HOURS_BENCHMARK = (1200, 1400)

# The unit that coordinates a newly imported plan when the importer doesn't choose one.
LUOSHI_PLAN_COORDINATING_UNIT = os.environ.get("LUOSHI_PLAN_COORDINATING_UNIT", "市科技局")
LUOSHI_DEMO_PASSWORD = os.environ.get("LUOSHI_DEMO_PASSWORD", "luoshi-demo-2025")
LUOSHI_SITE_NAME = _("luoshi plan implementation platform")

# The units whose coordinators run each programme (unit codes of the directory): technology
# finance and S&T projects at 市科技局, the talent card at 市委人才办 (task 23's lead).
LUOSHI_PROGRAMME_OFFICES = {
    "finance": env_list("LUOSHI_FINANCE_OFFICES", "kjj"),
    "projects": env_list("LUOSHI_PROJECTS_OFFICES", "kjj"),
    "talent": env_list("LUOSHI_TALENT_OFFICES", "rcb"),
}
