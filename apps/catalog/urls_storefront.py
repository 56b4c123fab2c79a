"""Filled in by the catalog pages."""

urlpatterns: list = []
