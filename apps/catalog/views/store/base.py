"""What every catalog store page shares: its access declaration and a few helpers.

Reading needs catalog.view; any other method needs the view's `write_permission` (catalog.edit
unless the view says otherwise), so hiding a button is never the only thing that stops a viewer.
The access base (apps.accounts.access) does the checking.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from django.urls import reverse

from apps.accounts.access import StorePageView
from apps.core.redirects import redirect_target

PRODUCTS_PER_PAGE = 25
INVENTORY_PER_PAGE = 50


class CatalogPage(StorePageView):
    abstract = True
    module = "catalog"
    permission = "catalog.view"
    write_permission = "catalog.edit"

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
