"""What every benchmark shares: the throw-away bench database, its environment, statistics and
the results files.

The benchmarks never touch the development data. They run against a database of their own
(``bench_platform`` by default) on the same PostgreSQL server as ``DATABASE_URL``, and a Redis
database number of their own (15 by default) on the server of ``REDIS_URL``. This module imports
nothing from Django: ``prepare_environment()`` must point Django at the bench database before
settings are loaded.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
SETTINGS = "config.settings.dev"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:55432/platform"
DEFAULT_REDIS_URL = "redis://127.0.0.1:56379/0"


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- The bench database and environment --------------------------------------------------------


@dataclass(frozen=True)
class BenchTarget:
    """Where the benchmarks write, derived from the development URLs."""

    source_database_url: str
    database_url: str
    database_name: str
    source_redis_url: str
    redis_url: str

    @property
    def admin_database_url(self) -> str:
        """The maintenance database used to create and drop the bench database."""
        return _with_path(self.database_url, "/postgres")


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def bench_target() -> BenchTarget:
    source_db = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    source_redis = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    name = os.environ.get("BENCH_DATABASE_NAME", "bench_platform")
    redis_db = os.environ.get("BENCH_REDIS_DB", "15")
    if name == urlsplit(source_db).path.lstrip("/"):
        raise SystemExit(f"BENCH_DATABASE_NAME={name} is the development database; choose another name")
    if f"/{redis_db}" == (urlsplit(source_redis).path or "/0"):
        raise SystemExit(f"BENCH_REDIS_DB={redis_db} is the development Redis database; choose another number")
    return BenchTarget(
        source_database_url=source_db,
        database_url=_with_path(source_db, f"/{name}"),
        database_name=name,
        source_redis_url=source_redis,
        redis_url=_with_path(source_redis, f"/{redis_db}"),
    )


def bench_env(target: BenchTarget, **overrides: str) -> dict[str, str]:
    """The environment of every process that benchmarks the platform: bench database, bench
    Redis database, development settings, DEBUG off."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=target.database_url,
        REDIS_URL=target.redis_url,
        CELERY_BROKER_URL=target.redis_url,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DEBUG="false",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def prepare_environment(target: BenchTarget) -> None:
    """Point this process (and the subprocesses it starts) at the bench database."""
    os.environ.update(bench_env(target))


def _admin_connection(target: BenchTarget):
    import psycopg

    return psycopg.connect(target.admin_database_url, autocommit=True)


def database_create(target: BenchTarget, *, fresh: bool) -> None:
    from psycopg import sql

    name = sql.Identifier(target.database_name)
    with _admin_connection(target) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.database_name]).fetchone()
        if not exists:
            log(f"creating database {target.database_name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def database_drop(target: BenchTarget) -> None:
    from psycopg import sql

    with _admin_connection(target) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.database_name)))
    log(f"dropped database {target.database_name}")


def redis_flush(target: BenchTarget) -> None:
    """Empty the bench Redis database (cached routes of an earlier bench database)."""
    import redis

    client = redis.Redis.from_url(target.redis_url)
    try:
        client.flushdb()
    finally:
        client.close()


def manage(*args: str, env: dict[str, str], capture: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=capture,
        text=True,
        check=False,
    )


def timed_manage(*args: str, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = manage(*args, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise RuntimeError(f"manage.py {' '.join(args)} failed with exit code {result.returncode}")
    return elapsed, result


def django_setup() -> None:
    """Load Django against the bench database (prepare_environment() first)."""
    import django
    from django.conf import settings

    django.setup()
    name = settings.DATABASES["default"]["NAME"]
    expected = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    if name != expected:
        raise SystemExit(f"Django is configured for database {name!r}, not the bench database {expected!r}")


def django_close() -> None:
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()


# --- Statistics --------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": statistics.median(values),
        "mean": statistics.fmean(values),
        "p95": percentile(values, 95),
        "min": min(values),
        "max": max(values),
    }


def free_port() -> int:
    """A free loopback port (never the development server's 8000)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port != 8000:
            return port


# --- Figures and results -----------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the table: a measured value, its unit, and the target it is held to."""

    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None  # None: no target
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "ok": self.ok,
            "note": self.note,
        }


@dataclass
class Result:
    name: str
    figures: list[Figure] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def add(self, *args, **kwargs) -> Figure:
        figure = Figure(*args, **kwargs)
        self.figures.append(figure)
        return figure

    @property
    def missed(self) -> list[Figure]:
        return [f for f in self.figures if f.ok is False]


def environment_info() -> dict:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": commit + ("-dirty" if dirty else ""),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }


def write_result(result: Result, env_info: dict) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{result.name}.json"
    payload = {
        "benchmark": result.name,
        "environment": env_info,
        "figures": [f.as_dict() for f in result.figures],
        "details": result.details,
    }
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path


def _format_value(figure: Figure) -> str:
    if figure.unit == "ms":
        return f"{figure.value:,.1f} ms"
    if figure.unit == "s":
        return f"{figure.value:,.2f} s"
    if figure.unit == "%":
        return f"{figure.value:.1f} %"
    if figure.unit == "req/s":
        return f"{figure.value:,.0f} req/s"
    return f"{figure.value:,.3g} {figure.unit}".strip()


def print_table(results: list[Result]) -> None:
    rows = [("benchmark", "figure", "value", "target", "status")]
    for result in results:
        for figure in result.figures:
            status = {True: "ok", False: "MISSED", None: ""}[figure.ok]
            rows.append((result.name, figure.name, _format_value(figure), figure.target, status))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    aligns = ["<", "<", ">", "<", "<"]
    lines = []
    for index, row in enumerate(rows):
        cells = [f"{cell:{align}{width}}" for cell, align, width in zip(row, aligns, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    print()
    print("\n".join(lines))
    notes = [(r.name, f) for r in results for f in r.figures if f.note]
    if notes:
        print()
        for name, figure in notes:
            print(f"  {name} / {figure.name}: {figure.note}")
    print(flush=True)
