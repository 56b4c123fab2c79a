"""The steps of the marketplace demo, each through the marketplace's services and skipped when an
earlier run did it already. Imports and the order history run as jobs on the worker (eagerly in
tests): the loader waits for each with a time limit, reporting progress as it goes."""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from apps.accounts.models import User
from apps.core.roles import Role
from apps.jobs.models import Job
from apps.marketplace.models import FeedImport, LetzshopConnection, LetzshopShipment, StagingProduct
from apps.marketplace.services.connection import connection_get, connection_save
from apps.marketplace.services.feeds import feed_import_start, feed_sources_save
from apps.marketplace.services.order_sync import history_running, order_history_start
from apps.marketplace.services.publish import staging_publish
from apps.orders.models import Order
from tools.letzshop_sandbox import DEMO_API_KEY

LANGUAGES = ("fr", "de", "en")
POLL_SECONDS = 1.0
REPORT_SECONDS = 10.0
FINISHED = (Job.Status.DONE, Job.Status.FAILED, Job.Status.CANCELLED)


class DemoStopped(Exception):
    """A step of the demo could not finish (the message says which and why)."""


def _pause(seconds: float) -> None:
    time.sleep(seconds)


def sandbox_url(option: str = "") -> str:
    """The sandbox's base URL: the option, else LETZSHOP_SANDBOX_URL, else LETZSHOP_API_URL
    without its /graphql when it points at this machine ("" when none of them does)."""
    url = option or os.environ.get("LETZSHOP_SANDBOX_URL", "")
    if not url:
        api = getattr(settings, "LETZSHOP_API_URL", "")
        if urlsplit(api).hostname in ("127.0.0.1", "localhost") and api.endswith("/graphql"):
            url = api.removesuffix("/graphql")
    return url.rstrip("/")


def sandbox_answers(url: str) -> bool:
    """Whether a Letzshop sandbox answers at `url` (its feed is served)."""
    try:
        with urllib.request.urlopen(f"{url}/feeds/en.tsv?edition=1", timeout=5) as response:  # noqa: S310
            return response.status == 200
    except (OSError, ValueError, urllib.error.URLError):
        return False


def feed_urls(sandbox: str, *, edition: int | None) -> dict[str, str]:
    suffix = f"?edition={edition}" if edition else ""
    return {language: f"{sandbox}/feeds/{language}.tsv{suffix}" for language in LANGUAGES}


@dataclass
class MarketplaceDemo:
    """The demo of one store (call inside its merchant's schema)."""

    store: object
    sandbox: str
    say: Callable[[str], None]
    timeout: float = 600.0

    @property
    def actor(self) -> User:
        return User.objects.filter(memberships__role=Role.OWNER, memberships__store_id=self.store.id).first()

    def run(self) -> None:
        self.connect()
        self.imports(edition=1)
        self.publish()
        self.imports(edition=None)
        self.orders()

    # --- the steps ------------------------------------------------------------------------------

    def connect(self) -> None:
        if connection_get(store=self.store).has_key:
            return
        connection_save(store=self.store, actor=self.actor, api_key=DEMO_API_KEY)
        self.say(f"{self.store.code}: connected to the Letzshop sandbox with the key {DEMO_API_KEY}")

    def imports(self, *, edition: int | None) -> None:
        """Point the feed sources at `edition` (None: the current one) and import each language
        that has no finished import of that address yet."""
        urls = feed_urls(self.sandbox, edition=edition)
        done = set(
            FeedImport.objects.filter(
                store_id=self.store.id, url__in=urls.values(), status=FeedImport.Status.DONE
            ).values_list("url", flat=True)
        )
        todo = [language for language, url in urls.items() if url not in done]
        if not todo:
            return
        feed_sources_save(store=self.store, urls=urls, actor=self.actor)
        for language in todo:
            feed_import = feed_import_start(store=self.store, language=language, actor=self.actor)
            self._wait_import(feed_import.pk, f"import of {urls[language]}")

    def publish(self) -> None:
        """Publish about two thirds of the item groups (every group but each third one)."""
        rows = StagingProduct.objects.filter(store_id=self.store.id)
        if rows.filter(product_id__isnull=False).exists():
            return
        groups: dict[str, list[int]] = {}
        for pk, group, feed_id in rows.order_by("feed_id").values_list("pk", "item_group_id", "feed_id"):
            groups.setdefault(group or feed_id, []).append(pk)
        chosen = [pk for index, ids in enumerate(groups.values()) if index % 3 != 2 for pk in ids]
        result = staging_publish(store=self.store, actor=self.actor, staging_ids=chosen)
        self.say(
            f"{self.store.code}: published {len(result.published)} of {rows.count()} staging products "
            f"({len(result.product_ids)} products)"
        )
        for pk, problem in list(result.problems.items())[:3]:
            self.say(f"{self.store.code}: staging product {pk} not published: {problem}")

    def orders(self) -> None:
        connection = LetzshopConnection.objects.get(store_id=self.store.id)
        if connection.historical_import_done_at:
            return
        job = history_running(store=self.store) or order_history_start(store=self.store, actor=self.actor)
        self._wait_job(job.pk, "historical order sync")

    # --- waiting for the worker -----------------------------------------------------------------

    def _wait(self, what: str, check: Callable[[], tuple[bool, str]]) -> None:
        started = reported = time.monotonic()
        while True:
            finished, state = check()
            if finished:
                return
            now = time.monotonic()
            if now - started > self.timeout:
                raise DemoStopped(
                    f"{what} did not finish within {self.timeout:.0f} s ({state}); is the worker running?"
                )
            if now - reported >= REPORT_SECONDS:
                self.say(f"{self.store.code}: waiting for the {what}: {state}")
                reported = now
            _pause(POLL_SECONDS)

    def _wait_import(self, import_id: int, what: str) -> None:
        def check() -> tuple[bool, str]:
            row = FeedImport.objects.get(pk=import_id)
            if row.status == FeedImport.Status.FAILED:
                raise DemoStopped(f"the {what} failed: {row.error}")
            return row.status == FeedImport.Status.DONE, f"{row.status}, {row.rows_read} rows read"

        self._wait(what, check)
        row = FeedImport.objects.get(pk=import_id)
        self.say(
            f"{self.store.code}: {what}: {row.rows_imported} rows, {row.new_count} new, "
            f"{row.changed_count} changed, {row.gone_count} gone"
        )

    def _wait_job(self, job_id: int, what: str) -> None:
        def check() -> tuple[bool, str]:
            job = Job.objects.get(pk=job_id)
            if job.status in (Job.Status.FAILED, Job.Status.CANCELLED):
                raise DemoStopped(f"the {what} failed: {job.error}")
            return job.status == Job.Status.DONE, f"{job.status}, {job.percent} %"

        self._wait(what, check)
        self.say(f"{self.store.code}: {what} done")

    def summary(self) -> str:
        staging = StagingProduct.objects.filter(store_id=self.store.id)
        orders = Order.objects.filter(store_id=self.store.id, channel="letzshop")
        unmatched = orders.filter(lines__needs_match=True).distinct().count()
        return (
            f"{self.store.code}: {staging.count()} staging products "
            f"({staging.filter(product_id__isnull=False).count()} published, "
            f"{staging.filter(state=StagingProduct.State.CHANGED).count()} changed, "
            f"{staging.filter(state=StagingProduct.State.NEW).count()} new, "
            f"{staging.filter(state=StagingProduct.State.GONE).count()} gone), "
            f"{LetzshopShipment.objects.filter(store_id=self.store.id).count()} Letzshop shipments, "
            f"{orders.count()} Letzshop orders ({unmatched} with unmatched lines)"
        )
