"""Background work: Celery's lanes, routes, time limits and beat schedule, and the settings of the
jobs runner and the image renditions. Part of the base settings (base.py imports it); the broker's
address stays in base.py, next to Redis's."""

from celery.schedules import crontab as _crontab
from environ import Env as _Env
from kombu import Queue as _Queue

# underscored: base.py imports every other name of this module
_env = _Env()

CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged once it has run, not when a worker takes it: if the worker dies, the
# broker hands it out again (after the visibility timeout below). So every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = _env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Three lanes (apps.core.modules.JobQueue), each with its own worker processes (tools/devstack.py
# starts one worker for interactive and one for bulk + backfill; production runs the same split):
# - interactive: e-mails, small jobs, beat's sweeps: always has a free slot;
# - bulk: imports, big bulk edits, image renditions: taken in turns (bounded batches that queue
#   themselves again behind the others, at most JOBS_BULK_PER_MERCHANT jobs of a merchant at once);
# - backfill: work nobody waits for (demo pictures): taken only while bulk is empty.
CELERY_TASK_QUEUES = (_Queue("interactive"), _Queue("bulk"), _Queue("backfill"))
CELERY_TASK_DEFAULT_QUEUE = "interactive"
# Every task is routed here by name (a test fails for a task that is not); a job's task goes to the
# queue its kind declares.
CELERY_TASK_ROUTES = {
    "apps.accounts.tasks.invitation_send": {"queue": "interactive"},
    "apps.onboarding.tasks.welcome_send": {"queue": "interactive"},
    "apps.onboarding.tasks.signup_confirmation_send": {"queue": "interactive"},
    "apps.onboarding.tasks.signups_purge_unconfirmed": {"queue": "bulk"},
    "apps.accounts.tasks.signin_links_send": {"queue": "interactive"},
    "apps.accounts.tasks.login_links_purge": {"queue": "bulk"},
    "apps.tenancy.tasks.domains_reverify": {"queue": "interactive"},
    "apps.jobs.tasks.jobs_sweep": {"queue": "interactive"},
    "apps.jobs.tasks.job_run": {"queue": "bulk"},
    "apps.catalog.tasks.renditions_run": {"queue": "bulk"},
    "apps.catalog.tasks.renditions_sweep": {"queue": "interactive"},
    "apps.orders.tasks.stripe_event_process": {"queue": "interactive"},
    "apps.orders.tasks.card_orders_expire": {"queue": "interactive"},
    "apps.orders.tasks.invoice_issue_run": {"queue": "interactive"},
    "apps.orders.tasks.credit_note_issue_run": {"queue": "interactive"},
    "apps.orders.tasks.order_email_run": {"queue": "interactive"},
    # marketplace: order sync
    "apps.marketplace.tasks.letzshop_orders_sync_all": {"queue": "interactive"},
    "apps.marketplace.tasks.letzshop_orders_sync": {"queue": "interactive"},
    "apps.marketplace.tasks.feeds_reimport_all": {"queue": "interactive"},
    "apps.marketplace.tasks.feed_thumbnails_run": {"queue": "bulk"},
    "apps.marketplace.tasks_publish.publish_images_fetch": {"queue": "bulk"},
    # loyalty
    "apps.loyalty.tasks.card_pass_refresh": {"queue": "interactive"},
    "apps.loyalty.tasks.program_directory_refresh": {"queue": "interactive"},
    "apps.loyalty.tasks.program_directory_refresh_all": {"queue": "interactive"},
    "apps.loyalty.tasks.card_welcome_email": {"queue": "interactive"},
    "apps.loyalty.tasks.online_order_paid": {"queue": "interactive"},
    "apps.loyalty.tasks.online_order_taken_back": {"queue": "interactive"},
    "apps.loyalty.tasks.tiers_recalculate_all": {"queue": "bulk"},
    "apps.loyalty.tasks.points_expire_all": {"queue": "bulk"},
}
# No task runs longer than this (seconds; the process running it is then replaced): jobs and
# renditions work in turns of seconds (JOBS_TURN_SECONDS, RENDITIONS_TURN_SECONDS), e-mails in
# less. A run that hangs (a dead SMTP server) is stopped instead of holding a slot forever.
CELERY_TASK_TIME_LIMIT = _env.int("CELERY_TASK_TIME_LIMIT", default=300)
# Longest countdown a task is sent with: retries back off up to this (Celery's retry_backoff_max and
# JOBS_RETRY_BACKOFF_MAX).
CELERY_RETRY_BACKOFF_MAX = 600
# Redis gives an unacknowledged task to another worker after this long, so it must outlast the
# longest countdown (a task waiting for its countdown is unacknowledged too) plus the longest run,
# or a task would run twice; a task whose worker was killed waits this long before it runs again
# (the jobs' and renditions' sweeps take theirs back sooner). Lowest-priority lane last: a worker
# consuming bulk and backfill takes from backfill only while bulk is empty.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_RETRY_BACKOFF_MAX + CELERY_TASK_TIME_LIMIT + 300
    ),
    "queue_order_strategy": "priority",
}
CELERY_BEAT_SCHEDULE = {
    "domains-reverify": {
        "task": "apps.tenancy.tasks.domains_reverify",
        "schedule": 15 * 60,
    },
    "signups-purge-unconfirmed": {
        "task": "apps.onboarding.tasks.signups_purge_unconfirmed",
        "schedule": 60 * 60,
    },
    "jobs-sweep": {
        "task": "apps.jobs.tasks.jobs_sweep",
        "schedule": 60,
    },
    "renditions-sweep": {
        "task": "apps.catalog.tasks.renditions_sweep",
        "schedule": 60,
    },
    "login-links-purge": {
        "task": "apps.accounts.tasks.login_links_purge",
        "schedule": 24 * 60 * 60,
    },
    "card-orders-expire": {
        "task": "apps.orders.tasks.card_orders_expire",
        "schedule": 60,
    },
    # marketplace: order sync, every LETZSHOP_SYNC_INTERVAL seconds (the same variable as in marketplace.py)
    "letzshop-orders-sync": {
        "task": "apps.marketplace.tasks.letzshop_orders_sync_all",
        "schedule": _env.int("LETZSHOP_SYNC_INTERVAL", default=300),
    },
    "marketplace-feeds-reimport": {
        "task": "apps.marketplace.tasks.feeds_reimport_all",
        "schedule": _crontab(hour=2, minute=30),
    },
    # loyalty: the platform's programme directory, hourly (figures) and nightly after the day's close
    "loyalty-directory-refresh-hourly": {
        "task": "apps.loyalty.tasks.program_directory_refresh_all",
        "schedule": _crontab(minute=17),
    },
    "loyalty-directory-refresh-nightly": {
        "task": "apps.loyalty.tasks.program_directory_refresh_all",
        "schedule": _crontab(hour=0, minute=45),
    },
    # loyalty: tiers, then points expiry and its warnings, nightly
    "loyalty-tiers-recalculate": {
        "task": "apps.loyalty.tasks.tiers_recalculate_all",
        "schedule": _crontab(hour=3, minute=10),
    },
    "loyalty-points-expire": {
        "task": "apps.loyalty.tasks.points_expire_all",
        "schedule": _crontab(hour=3, minute=40),
    },
}

# The jobs runner (apps.jobs): runs per job, including retries and runs taken over from a dead
# worker; the retry backoff (seconds, doubled per run, capped); how long a running job may stay
# silent before the sweep takes it for dead (longer than a task may run, so a live run is never
# taken for dead); how long a queued job may go without reaching the broker, or wait there, before
# the sweep sends it again.
JOBS_MAX_ATTEMPTS = _env.int("JOBS_MAX_ATTEMPTS", default=5)
JOBS_RETRY_BACKOFF = _env.int("JOBS_RETRY_BACKOFF", default=10)
JOBS_RETRY_BACKOFF_MAX = _env.int("JOBS_RETRY_BACKOFF_MAX", default=CELERY_RETRY_BACKOFF_MAX)
JOBS_HEARTBEAT_TIMEOUT = _env.int("JOBS_HEARTBEAT_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60)
JOBS_SEND_GRACE = _env.int("JOBS_SEND_GRACE", default=60)
JOBS_QUEUED_TIMEOUT = _env.int("JOBS_QUEUED_TIMEOUT", default=3600)
# Fairness: a run hands its job back to the end of the queue after this many seconds (at its next
# item), and a merchant has at most this many bulk jobs running at once; another one of theirs
# waits JOBS_DEFER_SECONDS and asks again, so the slots go to other merchants meanwhile.
JOBS_TURN_SECONDS = _env.int("JOBS_TURN_SECONDS", default=20)
JOBS_BULK_PER_MERCHANT = _env.int("JOBS_BULK_PER_MERCHANT", default=1)
JOBS_DEFER_SECONDS = _env.int("JOBS_DEFER_SECONDS", default=5)

# Image renditions (apps.catalog): made in turns of at most this many seconds per merchant; an
# image whose run died is taken again after RENDITIONS_LEASE seconds, and failed after
# RENDITIONS_MAX_ATTEMPTS runs.
RENDITIONS_TURN_SECONDS = _env.int("RENDITIONS_TURN_SECONDS", default=10)
RENDITIONS_LEASE = _env.int("RENDITIONS_LEASE", default=CELERY_TASK_TIME_LIMIT + 60)
RENDITIONS_MAX_ATTEMPTS = _env.int("RENDITIONS_MAX_ATTEMPTS", default=3)
