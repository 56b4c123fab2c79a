"""Routing benchmark, the cost of routing alone: the development settings (full middleware stack,
tenant lookup through the route cache in Redis) with the store URLconf replaced by the plain
view of benchmarks/urls_plain.py. The tenant middleware sets request.urlconf from ROOT_URLCONF."""

from config.settings.dev import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls_plain"
