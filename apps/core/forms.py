"""Helpers for pages that call services: put an ApplicationError's messages on the form."""

from django import forms

from .errors import ApplicationError


def add_error_to_form(form: forms.Form, error: ApplicationError, *, field_map: dict | None = None) -> None:
    field_map = field_map or {}
    placed = False
    for name, messages in error.fields.items():
        target = field_map.get(name, name)
        if target in form.fields:
            for message in messages:
                form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)
