import logging

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponseServerError
from django.shortcuts import render
from django.views.static import serve

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
