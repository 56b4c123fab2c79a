import logging

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.translation import check_for_language
from django.views.generic import RedirectView
from django.views.static import serve

from .redirects import redirect_target

logger = logging.getLogger(__name__)

# What a server error answers when even its page cannot be rendered (a broken template or
# static files manifest): no template, no translation, no query.
PLAIN_SERVER_ERROR = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server error</title></head>'
    "<body><h1>Something went wrong</h1><p>Please try again in a moment.</p></body></html>"
)


def page_not_found(request, exception=None):  # noqa: ARG001 (Django passes `exception` by name)
    return render(request, "404.html", status=404)


def server_error(request):
    """The store's page layout without anything that needs the database (see 500.html); plain
    text if even that fails, since Django renders nothing when this view raises."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The server error page could not be rendered")
        return HttpResponseServerError(PLAIN_SERVER_ERROR)


def tenant_media(request, path: str):
    """Uploaded files from local storage (development, or a single machine without S3): only the
    files of the merchant whose domain this is. Production serves media from S3 or a CDN."""
    if not path.startswith(f"{connection.schema_name}/") or ".." in path.split("/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def language_set(request):
    """Django's set_language (the language switcher posts here): remember the chosen language in
    the language cookie and go back to the page named by `next`, else to the page the browser came
    from, on this host only (apps.core.redirects), else home. A GET changes nothing."""
    next_url = redirect_target(request, default="/", referer=True)
    response = HttpResponseRedirect(next_url)
    language = request.POST.get("language") if request.method == "POST" else None
    if language and check_for_language(language):
        response = HttpResponseRedirect(translate_url(next_url, language))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on their own where a page names no icon (a JSON
    answer, an image): the static icon every page links to."""

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")
