"""The base of every store back-office page: signed in, a member of this store, holding the
page's permission in a module the merchant has enabled. Fails closed."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from apps.core.modules import registry

from .permissions import check_store_permission, store_permissions, store_role


class StorePageMixin:
    permission = "store.view"

    def dispatch(self, request, *args, **kwargs):
        self.store = request.store
        if self.store is None:  # tenant URLconf always has a store; be explicit anyway
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("store:login", kwargs={"code": self.store.code}))
        self.role = check_store_permission(request, self.store, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def has_perm(self, permission: str) -> bool:
        return permission in store_permissions(self.request, self.store)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enabled = self.store.merchant.enabled_modules
        role = store_role(self.request, self.store)
        context.update(
            store=self.store,
            role=role,
            store_perms=store_permissions(self.request, self.store),
            store_nav=[
                {
                    "label": entry.label,
                    "icon": entry.icon,
                    "url": reverse(entry.url_name, kwargs={"code": self.store.code}),
                    "active": self.request.resolver_match.view_name == entry.url_name,
                }
                for _module, entry in registry.navigation(role, enabled)
            ],
        )
        return context
