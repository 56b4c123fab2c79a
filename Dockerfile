# syntax=docker/dockerfile:1
#
# Production image of the platform: one image for web (gunicorn, the default command), the Celery
# worker and beat, and one-off management commands (migrate_schemas, demo_load, ...).
#
#   docker build -t platform .
#   docker run --env-file .env -p 8000:8000 platform
#
# The process refuses to start without SECRET_KEY, DATABASE_URL, REDIS_URL, PLATFORM_DOMAIN,
# EMAIL_URL and FIELD_ENCRYPTION_KEY (config/settings/production.py). docker-compose.yml runs the whole stack.

ARG PYTHON_IMAGE=python:3.11-slim

# --- builder: every dependency as a wheel ---------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# A compiler for any dependency that ships no wheel for this platform; it stays in this stage.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build
COPY requirements/ requirements/
RUN pip wheel --wheel-dir /wheels -r requirements/production.txt

# --- runtime --------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    WEB_CONCURRENCY=3

# gunicorn keeps its control socket (for gunicornc) under the user's home: give it one.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

# Install from the builder's wheels only, pinned by the same requirements file.
COPY requirements/ /tmp/requirements/
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    python -m venv "$VIRTUAL_ENV" \
    && pip install --no-index --find-links=/wheels -r /tmp/requirements/production.txt \
    && rm -rf /tmp/requirements

WORKDIR /app
COPY . .

# Static files are collected into the image (var/staticfiles, served by WhiteNoise). Production
# settings insist on these variables; the values below exist only for this step: nothing is
# connected to, and none of them is kept in the image.
RUN SECRET_KEY=build-time-only-not-a-secret-0123456789abcdefghijklmnop \
    DATABASE_URL=postgres://build@127.0.0.1:5432/build \
    REDIS_URL=redis://127.0.0.1:6379/0 \
    PLATFORM_DOMAIN=build.invalid \
    EMAIL_URL=consolemail:// \
    FIELD_ENCRYPTION_KEY=YnVpbGQtdGltZS1vbmx5LW5vdC1hLXNlY3JldC0wMDA= \
    python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q apps config \
    && mkdir -p var/media \
    && chown app:app var/media

# The code is root-owned and read-only for the app user; uploads go to var/media (a volume),
# unless AWS_STORAGE_BUCKET_NAME sends them to S3. Numeric, so runAsNonRoot-style checks can verify it.
USER 10001:10001

EXPOSE 8000

# The platform's home page, asked for the way the load balancer forwards it: the platform host
# and HTTPS already terminated (otherwise SECURE_SSL_REDIRECT answers with a redirect). Proves
# gunicorn, Django and the Redis routing cache answer. docker-compose.yml replaces it for the worker
# and switches it off for beat and migrate.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; r.urlopen(r.Request('http://127.0.0.1:8000/', headers={'Host': os.environ.get('PLATFORM_DOMAIN', 'localhost'), 'X-Forwarded-Proto': 'https'}), timeout=4)"]

# WEB_CONCURRENCY sets the number of gunicorn worker processes (default 3).
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers \"${WEB_CONCURRENCY:-3}\" --worker-tmp-dir /dev/shm --access-logfile -"]
