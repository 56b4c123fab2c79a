from apps.core.api.views import MerchantAPIView
from apps.tenancy.selectors import store_get

from ..permissions import check_store_permission, store_permissions


class StoreAPIView(MerchantAPIView):
    """Resolves `code` to a store of this merchant and checks `permission` (or the entry of
    `permissions` for the HTTP method) for the user's role there."""

    permission = "store.view"
    permissions: dict[str, str] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.store = store_get(merchant=request.merchant, code=kwargs.get("code", ""))
        permission = self.permissions.get(request.method, self.permission)
        self.role = check_store_permission(request, self.store, permission)

    def has_perm(self, permission: str) -> bool:
        """Whether the user's role here holds `permission` (for what a view shows, not who enters)."""
        return permission in store_permissions(self.request, self.store)
