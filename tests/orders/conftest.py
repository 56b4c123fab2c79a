"""Fixtures of the orders tests; each area keeps its own in a module of its own."""

from .stripe_fake import _stripe_server, stripe_stub  # noqa: F401 - fixtures
