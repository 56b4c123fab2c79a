"""The terminal page, included by apps/loyalty/urls_store.py (namespace store:loyalty)."""

from django.urls import path

from .terminal import TerminalView

urlpatterns = [
    path("terminal", TerminalView.as_view(), name="terminal"),
]
