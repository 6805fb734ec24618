"""Settings shared by every environment. Everything that varies is read from the environment."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "alliance"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "alliance",
    "members",
    "projects",
    "cms",
    "api",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_countries",
    "formtools",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "api.middleware.CatalogConditionalMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and the API, compressed (docs/security.md, BREACH); after WhiteNoise, which serves
    # its own compressed copies of the static files.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alliance.middleware.SiteLocaleMiddleware",
    "api.middleware.ApiLanguageMiddleware",
    "alliance.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "alliance.middleware.ViewerTimeZoneMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.RequireTwoFactorForSecretariatMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A persistent connection is tested before each request reuses it (a restarted database).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that is gone or frozen holds a request for seconds, not until gunicorn kills the
# worker: PostgreSQL's connect timeout, a statement timeout for every query (a task that needs
# longer runs `SET statement_timeout` in its own transaction) and TCP keepalives that drop a
# connection whose peer went silent.
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
DATABASE_STATEMENT_TIMEOUT = env.int("DATABASE_STATEMENT_TIMEOUT", default=30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DATABASE_CONNECT_TIMEOUT,
            "options": f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}",
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 2,
            "tcp_user_timeout": DATABASE_STATEMENT_TIMEOUT * 1000,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is an optimisation, never a dependency: with Redis unreachable every read and write
# of the cache gives up within REDIS_SOCKET_TIMEOUT seconds and acts as a miss (django-redis's
# IGNORE_EXCEPTIONS, logged), so pages and the API answer from the database and rate limits
# count nothing (they fail open: reads, the API's throttles, sign-in and the public forms).
REDIS_URL = env("REDIS_URL", default="")
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "alliance.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                "IGNORE_EXCEPTIONS": True,
                "LOG_IGNORED_EXCEPTIONS": True,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Accounts: members.User logs in with an email address, through django-allauth.
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same whether or not the address has an account; the
# owner of a known address is told by email.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Global MOOC Alliance] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_ADAPTER = "alliance.accounts.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Global MOOC Alliance"
# Object permissions only for signed-in people: no guardian "anonymous user" row.
ANONYMOUS_USER_NAME = None
# The global group of the alliance secretariat; its members must have two-factor authentication on.
SECRETARIAT_GROUP = "Secretariat"

# Languages: the six official languages of the United Nations.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LANGUAGE_NAMES = {
    "ar": _("Arabic"),
    "zh-hans": _("Chinese"),
    "en": _("English"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
# Dates follow Django's locale formats, corrected in alliance/formats/ (docs/website.md).
FORMAT_MODULE_PATH = ["alliance.formats"]
USE_TZ = True
FORM_RENDERER = "alliance.forms.FormRenderer"
TIME_ZONE = "UTC"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Machine translation in the translation editor, off unless configured: DeepL with a key, or a
# self-hosted LibreTranslate (the operator's own address, so not through alliance/outbound.py).
# Its output is saved as machine translation, a draft until a person publishes the page.
if env("DEEPL_API_KEY", default=""):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": env("DEEPL_API_KEY")},
    }
elif env("LIBRETRANSLATE_URL", default=""):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": env("LIBRETRANSLATE_URL").rstrip("/"),
            "API_KEY": env("LIBRETRANSLATE_API_KEY", default=""),
        },
    }
else:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# "Translate this page" makes a draft: a translation goes live when the translator publishes it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = []
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Media on S3-compatible storage when a bucket is configured, otherwise on local disk.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    MEDIA_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Project documents and call-for-input attachments: private objects under their own prefix.
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "private", "default_acl": "private", "querystring_auth": True},
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    # Project documents and call-for-input attachments: outside MEDIA_ROOT, so nothing serves
    # them but the permission-checked views.
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")},
    }
STORAGES = {
    "default": MEDIA_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Global MOOC Alliance <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker configured, tasks run inline (in the caller's process) on commit.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged once it has run, and given back to the broker when its pool process dies
# (the out-of-memory killer): another worker runs it again, and every task is safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis gives a message taken by a worker that vanished to another one after this long (Celery's
# default is an hour). It must exceed the longest task (the imports' hard limit below) and the
# longest retry countdown, or a task still running or waiting would be delivered a second time.
CELERY_BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=15 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    # A broker that is down fails a publish at once (the outbox keeps the task) rather than
    # holding the request for seconds of reconnecting; workers reconnect on their own.
    "max_retries": 0,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# Time limits: the soft one raises SoftTimeLimitExceeded in the task, the hard one kills it.
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_TIME_LIMIT = 5 * 60
IMPORT_TASK_TIME_LIMIT = 12 * 60  # imports continue from their last committed row when run again
# Long tasks (course imports and feed syncs) have a queue and workers of their own, so that the
# digests and emails never wait behind them (`make worker` and `make worker-imports`).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "members.tasks.run_course_import": {"queue": "imports"},
    "members.tasks.sync_course_feed": {"queue": "imports"},
}
CELERY_TASK_ANNOTATIONS = {
    name: {"soft_time_limit": IMPORT_TASK_TIME_LIMIT - 60, "time_limit": IMPORT_TASK_TIME_LIMIT}
    for name in CELERY_TASK_ROUTES
}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    # The tasks whose broker was down when they were queued (alliance/outbox.py).
    "relay-outbox": {
        "task": "alliance.tasks.relay_outbox",
        "schedule": 60,
    },
    "clear-expired-sessions": {
        "task": "alliance.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60,
    },
    "sync-course-feeds": {
        "task": "members.tasks.sync_all_course_feeds",
        "schedule": 24 * 60 * 60,
    },
    "refresh-membership-statuses": {
        "task": "members.tasks.refresh_membership_statuses",
        "schedule": 24 * 60 * 60,
    },
    "send-dues-reminders": {
        "task": "members.tasks.send_dues_reminders",
        "schedule": 24 * 60 * 60,
    },
    # Every 5 minutes: the event reminders 24 hours and 1 hour before, once each.
    "send-event-reminders": {
        "task": "cms.tasks.send_event_reminders",
        "schedule": 5 * 60,
    },
    # Hourly: each run sends the digests of the last closed day / week not sent yet.
    "send-project-digests": {
        "task": "projects.tasks.send_digests",
        "schedule": 60 * 60,
    },
    # Every minute: failed webhook deliveries whose backoff is over.
    "retry-webhook-deliveries": {
        "task": "api.tasks.retry_webhook_deliveries",
        "schedule": 60,
    },
    "sweep-course-imports": {"task": "members.tasks.sweep_course_imports", "schedule": 5 * 60},
}

# Wagtail
WAGTAIL_SITE_NAME = "Global MOOC Alliance"
WAGTAILADMIN_BASE_URL = SITE_URL
# Anonymous people sign in once; signed-in people without access are told so (no redirect loop).
WAGTAILADMIN_LOGIN_URL = "admin_sign_in"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# No avatars from gravatar.com: editors' email hashes stay here (and the CSP stays "self").
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin would ask releases.wagtail.org
# Search: the database backend (SQLite FTS, PostgreSQL full-text search with its GIN index; the
# language-neutral "simple" configuration, for content in six languages), or OpenSearch /
# Elasticsearch for scale when SEARCH_URL is set (install the matching client package).
SEARCH_URL = env("SEARCH_URL", default="")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
    if not SEARCH_URL
    else {
        "BACKEND": env("SEARCH_BACKEND", default="wagtail.search.backends.opensearch2"),
        "URLS": [SEARCH_URL],
        "INDEX": env("SEARCH_INDEX", default="alliance"),
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 25_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.ImageForm"
# Renditions (alliance/images.py): AVIF and WebP first, JPEG for the browsers that take neither.
WAGTAILIMAGES_AVIF_QUALITY = 55
WAGTAILIMAGES_WEBP_QUALITY = 70
WAGTAILIMAGES_JPEG_QUALITY = 75
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Django REST framework
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.JSONRenderer"],
    # DRF's default parsers (JSON, form, multipart): wagtail-localize's editor saves each string
    # as a multipart PUT. The partner API's views that take a body accept JSON only (api.views).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.StrictContentNegotiation",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.AnonymousThrottle",
        "api.throttles.PartnerThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env("API_ANONYMOUS_RATE", default="60/minute"),
        "partner": env("API_PARTNER_RATE", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.problem_details",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Global MOOC Alliance API",
    "DESCRIPTION": (
        "Public catalogs of the alliance's member institutions, their courses and projects."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.public_api_only"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.language_parameters",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "InstitutionKindEnum": "members.models.InstitutionKind",
        "CourseLevelEnum": "members.models.CourseLevel",
        "FieldLevelEnum": "members.models.FieldOfEducation.Level",
        "ChangeKindEnum": ["institution", "course"],
    },
}

# /healthz/ready answers within this many seconds: a check still running then counts as down.
HEALTH_TIMEOUT = env.float("HEALTH_TIMEOUT", default=1.5)

# Members' feeds and partners' webhooks may only point at public internet addresses, except these
# "host:port" pairs (alliance.outbound; e.g. a partner's test server on a private network).
OUTBOUND_ALLOWED_HOSTS = env.list("OUTBOUND_ALLOWED_HOSTS", default=[])

# The API's catalog version (for ETags) is cached this long; every write through the models drops
# it at once, so only bulk writes that bypass the models' signals can be this late.
API_VERSION_CACHE_SECONDS = env.int("API_VERSION_CACHE_SECONDS", default=2)

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")

# How many proxies of our own are in front (alliance.clientip): 0 ignores X-Forwarded-For and
# X-Forwarded-Proto; N takes the client's address N from the right in X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

FORMS_URLFIELD_ASSUME_HTTPS = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): everything from this site only, no inline script. Styles
# in attributes are allowed (the directory's charts), <style> elements are not. CSP_MEDIA_ORIGINS
# adds the origin media files are served from when it is not this site (e.g. the S3 bucket's).
CSP_MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=[])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", *CSP_MEDIA_ORIGINS],
        "media-src": [SELF, *CSP_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # Paying dues: the form posts here, and the answer redirects to Stripe Checkout.
        "form-action": [SELF, "https://checkout.stripe.com"],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (/cms-admin/, alliance/urls.py) has inline scripts and styles of its own.
CSP_ADMIN = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}
# Permissions-Policy (django-permissions-policy): no page of the site uses these features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
    },
}
