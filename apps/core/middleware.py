"""Turn application errors raised while rendering a page into a page that explains them."""

from django.shortcuts import render

from .errors import ApplicationError, ModuleDisabled


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path_info.startswith("/api/"):
            return None  # the API renders its own errors
        if isinstance(exception, ApplicationError):
            template = "core/module_disabled.html" if isinstance(exception, ModuleDisabled) else "core/error.html"
            return render(request, template, {"error": exception}, status=exception.status_code)
        return None
