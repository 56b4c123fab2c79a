from apps.core.api.views import MerchantAPIView
from apps.tenancy.selectors import store_get

from ..permissions import check_store_permission


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
