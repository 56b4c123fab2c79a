"""URLconf of the routing benchmark's plain view: one response, no template, no query."""

from django.http import HttpResponse
from django.urls import path


def plain(request):
    # Names the store the tenant middleware picked, if one ran: proof of what was measured.
    store = getattr(request, "store", None)
    return HttpResponse(f"ok {store.code if store else '-'}\n", content_type="text/plain")


urlpatterns = [path("", plain)]
