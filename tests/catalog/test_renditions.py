"""Image renditions in the background: one run per merchant in the queue, merchants taking turns,
demo pictures in the lowest lane, and nothing left "processing" when a worker dies.

The broker is played by a list: sent runs are recorded instead of run, and `drain` hands them out
in order, as Redis does a queue. A worker dying is an exception nothing in the process handles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery import current_app
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.catalog import services
from apps.catalog import tasks as catalog_tasks
from apps.catalog.models import ProductImage
from apps.catalog.services import renditions as renditions_module
from apps.catalog.services.renditions import RENDITIONS_TASK
from apps.core.modules import JobQueue

from .factories import image_upload, product


class WorkerDied(BaseException):
    """kill -9: nothing in the process gets to handle it."""


@pytest.fixture
def broker(monkeypatch):
    """The renditions runs sent, in order: (schema, lane, queue); none runs by itself."""
    messages: list[tuple[str, str, str]] = []
    task = current_app.tasks[RENDITIONS_TASK]

    def record(args=None, kwargs=None, **options):
        messages.append((options["headers"]["_schema_name"], args[0], options["queue"]))

    monkeypatch.setattr(task, "apply_async", record)
    return messages


@pytest.fixture
def made(monkeypatch):
    """(schema, image id) of every image whose renditions were made, in order."""
    log: list[tuple[str, int]] = []
    original = renditions_module.renditions_make

    def recording(*, image):
        log.append((connection.schema_name, image.pk))
        return original(image=image)

    monkeypatch.setattr(renditions_module, "renditions_make", recording)
    return log


def committed():
    """What a transaction does once it commits (tests run inside one that never does)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def drain(broker: list) -> None:
    while broker:
        schema, lane, _queue = broker.pop(0)
        with schema_context(schema), committed():
            catalog_tasks.renditions_run(lane)


def upload(tenant, count: int = 1, **kwargs) -> list[ProductImage]:
    with tenant, committed():
        item = product(tenant.store)
        return [
            services.image_add(store=tenant.store, product=item, actor=None, upload=image_upload(), **kwargs)
            for _ in range(count)
        ]


def statuses(tenant, images) -> list[str]:
    with tenant:
        return [ProductImage.objects.get(pk=image.pk).status for image in images]


def sweep() -> int:
    with committed():
        return catalog_tasks.renditions_sweep()


def test_a_merchant_holds_one_place_in_the_queue_however_many_images(tenant_a, broker):
    upload(tenant_a, 3)
    upload(tenant_a, 2)
    assert broker == [(tenant_a.merchant.schema_name, "bulk", "bulk")]


def test_merchants_take_turns_newest_image_first(tenant_a, tenant_b, settings, broker, made):
    # given turns of one image, and merchant A's four images queued before merchant B's one
    settings.RENDITIONS_TURN_SECONDS = 0
    a_images = upload(tenant_a, 4)
    b_images = upload(tenant_b, 1)

    drain(broker)

    # then B's picture was made after A's first turn, not after all of A's
    a, b = tenant_a.merchant.schema_name, tenant_b.merchant.schema_name
    assert made == [(a, a_images[3].pk), (b, b_images[0].pk), *[(a, image.pk) for image in reversed(a_images[:3])]]
    assert statuses(tenant_a, a_images) + statuses(tenant_b, b_images) == ["ready"] * 5


def test_demo_pictures_wait_in_the_backfill_lane(tenant_a, broker):
    upload(tenant_a, 2, renditions_lane=JobQueue.BACKFILL)
    upload(tenant_a, 1)  # a merchant's own upload meanwhile does not wait behind them
    schema = tenant_a.merchant.schema_name
    assert broker == [(schema, "backfill", "backfill"), (schema, "bulk", "bulk")]


def test_a_worker_dying_mid_run_leaves_nothing_processing(tenant_a, settings, broker, made, monkeypatch):
    # given three images waiting, and a worker that dies while it makes the second one's renditions
    images = upload(tenant_a, 3)
    recording = renditions_module.renditions_make

    def dies_on_the_second(*, image):
        if len(made) == 1:
            made.append(("died", image.pk))
            raise WorkerDied
        return recording(image=image)

    monkeypatch.setattr(renditions_module, "renditions_make", dies_on_the_second)
    with pytest.raises(WorkerDied):
        drain(broker)
    monkeypatch.setattr(renditions_module, "renditions_make", recording)
    assert statuses(tenant_a, images) == ["processing", "processing", "ready"]

    # when beat's sweep runs: a run is queued for the image nobody took, and it is made
    assert sweep() == 1
    drain(broker)
    assert statuses(tenant_a, images) == ["ready", "processing", "ready"]

    # the image the dead run held is taken again once its lease has passed
    assert sweep() == 0
    settings.RENDITIONS_LEASE = 0
    assert sweep() == 1
    drain(broker)
    assert statuses(tenant_a, images) == ["ready", "ready", "ready"]

    # each image was made once, the one the dying worker held once more
    schema = tenant_a.merchant.schema_name
    assert made == [
        (schema, images[2].pk),
        ("died", images[1].pk),
        (schema, images[0].pk),
        (schema, images[1].pk),
    ]
    with tenant_a:
        assert ProductImage.objects.get(pk=images[1].pk).render_attempts == 2


def test_an_image_no_run_can_finish_is_failed_not_retried_forever(tenant_a, settings, broker, made):
    images = upload(tenant_a, 1)
    broker.clear()
    with tenant_a:
        ProductImage.objects.filter(pk=images[0].pk).update(
            render_attempts=settings.RENDITIONS_MAX_ATTEMPTS, render_claimed_at=timezone.now() - timedelta(hours=1)
        )
    cache.clear()  # its run's message is gone too
    assert sweep() == 0
    assert statuses(tenant_a, images) == ["failed"]
    assert broker == [] and made == []


def test_a_lost_message_is_sent_again_by_the_sweep(tenant_a, broker):
    upload(tenant_a, 1)
    # while the run waits in the queue, the sweep adds none
    assert sweep() == 0
    # when the message was lost (the broker restarted empty; its mark is gone with it)
    broker.clear()
    cache.clear()
    assert sweep() == 1
    assert broker == [(tenant_a.merchant.schema_name, "bulk", "bulk")]
