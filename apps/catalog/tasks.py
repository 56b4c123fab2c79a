"""Catalog background work, run in the merchant's schema. Tasks take ids and call services;
services queue them by name (apps.core.background) and never import this module. Work with
progress (bulk changes) runs on the jobs runner instead: see jobs.py."""

from __future__ import annotations

from celery import shared_task

from apps.core.background import for_each_merchant_schema

from . import services


@shared_task(ignore_result=True)
def renditions_run(lane: str) -> int:
    """One turn of the renditions of the schema it was queued from (services.renditions_run);
    queued once per merchant and lane, it queues itself again while images wait."""
    return services.renditions_run(lane=lane)


@shared_task(ignore_result=True)
def renditions_sweep() -> int:
    """Beat (public schema): in every merchant's schema, fail the images no run could finish and
    queue a run where images wait with none queued. Returns how many schemas got a run."""
    return sum(report.queued for _schema, report in for_each_merchant_schema(services.renditions_sweep))
