"""`make run` (tools/devstack.py): a worker per lane, the embedded Redis keeping its data, and the
site started before the demo catalogue is loaded."""

from __future__ import annotations

from django.conf import settings

from tools import devstack


def _queues(command: list[str]) -> list[str]:
    return command[command.index("-Q") + 1].split(",")


def test_interactive_work_has_a_worker_of_its_own():
    workers = {p.name: p for p in devstack.platform_processes("8000") if "worker" in p.command}
    assert _queues(workers["interactive worker"].command) == ["interactive"]
    # the bulk worker takes backfill (demo pictures) last, and yields the CPU to the others
    assert _queues(workers["bulk worker"].command) == ["bulk", "backfill"]
    assert workers["bulk worker"].nice > 0 == workers["interactive worker"].nice
    consumed = {queue for worker in workers.values() for queue in _queues(worker.command)}
    assert consumed == {queue.name for queue in settings.CELERY_TASK_QUEUES}


def test_web_worker_and_beat_all_start():
    names = [p.name for p in devstack.platform_processes("8000")]
    assert names == ["web", "interactive worker", "bulk worker", "beat"]


def test_redis_keeps_its_data_in_an_append_only_file(tmp_path, monkeypatch):
    monkeypatch.setattr(devstack, "VAR", tmp_path)
    command = devstack.EmbeddedRedis().command()
    options = dict(zip(command[1::2], command[2::2], strict=True))
    assert options["--appendonly"] == "yes" and options["--appendfsync"] == "everysec"
    assert options["--dir"] == str(tmp_path / "redis") and options["--save"] == "60 1"


def test_the_site_starts_before_the_demo_catalogue_loads(monkeypatch, tmp_path):
    steps: list[str] = []
    monkeypatch.setattr(devstack, "VAR", tmp_path)  # the wallet stand-in's certificates go there
    monkeypatch.setattr(devstack, "start_services", lambda: [])
    monkeypatch.setattr(devstack, "stop_services", lambda started: steps.append("stop services"))
    monkeypatch.setattr(devstack, "manage", lambda *args, env: steps.append(" ".join(args)))
    monkeypatch.setattr(devstack, "spawn", lambda process, env: steps.append(f"start {process.name}") or process.name)
    monkeypatch.setattr(devstack, "wait_for_port", lambda port, seconds, what: steps.append("site answers"))
    monkeypatch.setattr(devstack, "watch", lambda children, background: steps.append(f"watch {background}") or 0)
    monkeypatch.setattr(devstack, "stop_children", lambda children: steps.append("stop children"))

    assert devstack.run() == 0

    assert steps == [
        "migrate_schemas --noinput",
        "demo_load",
        "start Stripe stand-in",  # card payments work offline
        "start Letzshop sandbox",  # the Letzshop connection, feeds and order sync work offline
        "start wallet stand-in",  # Apple Wallet passes are signed and their updates pushed offline
        "start web",
        "start interactive worker",
        "start bulk worker",
        "start beat",
        "site answers",
        "start demo catalogue",  # in the background, once the site answers
        "watch demo catalogue",
        "stop children",
        "stop services",
    ]
