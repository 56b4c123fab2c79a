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
from django.utils.http import url_has_allowed_host_and_scheme

from apps.accounts.access import StorePageView

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
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            target = default
        return HttpResponseRedirect(target)


def rendition_urls(image, size: str) -> dict[str, str]:
    entry = (image.renditions or {}).get(size) or {}
    fallback = image.original.url if image.original else ""
    return {
        "webp": default_storage.url(entry["webp"]) if entry.get("webp") else "",
        "jpeg": default_storage.url(entry["jpeg"]) if entry.get("jpeg") else fallback,
    }
