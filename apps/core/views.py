from django.conf import settings
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.views.generic import RedirectView
from django.views.static import serve


def page_not_found(request, exception=None):  # noqa: ARG001 (Django passes `exception` by name)
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def tenant_media(request, path: str):
    """Uploaded files from local storage (development, or a single machine without S3): only the
    files of the merchant whose domain this is. Production serves media from S3 or a CDN."""
    if not path.startswith(f"{connection.schema_name}/") or ".." in path.split("/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on their own where a page names no icon (a JSON
    answer, an image): the static icon every page links to."""

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")
