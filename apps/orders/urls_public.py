"""Filled in as the pages and endpoints are built."""

urlpatterns: list = []
