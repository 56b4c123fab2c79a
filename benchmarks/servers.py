"""The servers a benchmark drives: gunicorn on a free loopback port with the bench environment,
its workers' CPU time from /proc, and a plain GET to check what it answers.

Every server runs with ``LISTING_CACHE_HEADER=true``: listing pages then say in ``X-Listing-Cache``
whether their catalog fragment came from the cache, which the load generator counts (load.py).
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .common import RESULTS_DIR, ROOT, bench_env, free_port, log


@dataclass
class Server:
    label: str
    settings: str
    description: str
    port: int = 0
    process: subprocess.Popen | None = None
    log_path: Path | None = None


def _proc_cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def workers_cpu_seconds(master_pid: int) -> float | None:
    """CPU time of a gunicorn master's workers so far (Linux /proc), None where unavailable."""
    total = 0.0
    try:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == master_pid:
                    total += _proc_cpu_seconds(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    except OSError:
        return None
    return total


def start_server(server: Server, target, workers: int, log_prefix: str = "routing") -> None:
    server.port = free_port()
    RESULTS_DIR.mkdir(exist_ok=True)
    server.log_path = RESULTS_DIR / f"{log_prefix}-{server.label}.log"
    env = bench_env(target, DJANGO_SETTINGS_MODULE=server.settings, LISTING_CACHE_HEADER="true")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{server.port}",
        "--log-level",
        "warning",
        "--chdir",
        str(ROOT),
        "config.wsgi:application",
    ]
    with open(server.log_path, "w") as logfile:
        server.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=logfile, stderr=subprocess.STDOUT)
    log(f"{log_prefix}: {server.label} server ({server.settings}) on 127.0.0.1:{server.port}, pid {server.process.pid}")


def stop_server(server: Server) -> None:
    process = server.process
    if process is None or process.poll() is not None:
        return
    process.terminate()  # gunicorn's master stops its workers on SIGTERM
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def fetch(port: int, host: str, path: str = "/") -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_ready(server: Server, host: str, seconds: float = 60) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"the {server.label} server exited; see {server.log_path}")
        try:
            return fetch(server.port, host)
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the {server.label} server did not answer; see {server.log_path}") from None
            time.sleep(0.2)
