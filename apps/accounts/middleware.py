"""Writes the device cookie a successful sign-in earned (apps.accounts.login_limits) on whatever
the view answers: a page, Django admin's redirect or the API's token."""

from __future__ import annotations

from . import login_limits


class DeviceCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login_limits.write_device_cookie(request, response)
        return response
