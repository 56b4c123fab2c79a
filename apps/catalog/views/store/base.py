"""What every catalog store page shares: its access declaration and a few helpers.

Each page declares the action of every method it answers (`actions`, apps.catalog.permissions),
the API's endpoints the same, so both take the permission from one table; the access base
(apps.accounts.access) does the checking, so hiding a button is never the only thing that stops a
viewer. Templates ask `can.<action>` what to offer.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from django.urls import reverse

from apps.accounts.access import StorePageView
from apps.core.redirects import redirect_target

from ...permissions import ActionAccess, allowed_actions

PRODUCTS_PER_PAGE = 25
INVENTORY_PER_PAGE = 50


class CatalogPage(ActionAccess, StorePageView):
    abstract = True
    module = "catalog"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can"] = allowed_actions(self.perms)
        return context

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"store:catalog:{name}", kwargs={"code": self.store.code, **kwargs})

    def redirect(self, name: str, fragment: str = "", **kwargs) -> HttpResponseRedirect:
        return HttpResponseRedirect(self.url(name, **kwargs) + (f"#{fragment}" if fragment else ""))

    def back(self, default: str) -> HttpResponseRedirect:
        """Back to `next` when it is a page of this site, else to `default`."""
        return HttpResponseRedirect(redirect_target(self.request, default=default))


def rendition_urls(image, size: str) -> dict[str, str]:
    entry = (image.renditions or {}).get(size) or {}
    fallback = image.original.url if image.original else ""
    return {
        "webp": default_storage.url(entry["webp"]) if entry.get("webp") else "",
        "jpeg": default_storage.url(entry["jpeg"]) if entry.get("jpeg") else fallback,
    }
