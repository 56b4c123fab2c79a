"""What every view of the store catalog API shares: the base view (the store of the URL resolved
within the domain's merchant and the role checked by apps.accounts.access.StoreAPIView) and the
error responses of the schema."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer

from ... import selectors
from ...models import ProductImage, Variant
from ...permissions import Action, ActionAccess
from ..serializers.products import COSTS_CONTEXT, ProductSerializer
from ..serializers.stock import StockSerializer

STORE_TAGS = ["catalog"]
MOVEMENTS_SHOWN = 20
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such object in this store"),
}
NOT_FOUND = {404: ERRORS[404]}
CONFLICT = {409: OpenApiResponse(ErrorSerializer, description="SKU, barcode or slug already used in this store")}
PRODUCT_PREFETCH = (
    "categories",
    Prefetch("variants", queryset=Variant.objects.select_related("inventory").prefetch_related("option_values")),
    Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
)


class CatalogAPIView(ActionAccess, StoreAPIView):
    """Each endpoint declares the action of every method (`actions`, apps.catalog.permissions), as
    the store pages do, so both take the permission from one table."""

    abstract = True
    module = "catalog"

    def product_context(self) -> dict:
        """What product output needs: the request, and whether this role may see cost prices."""
        return {"request": self.request, COSTS_CONTEXT: self.may(Action.COSTS)}

    def check_cost_write(self, values: dict) -> None:
        """A cost price is only written by a role that may read it."""
        if "cost_price" in values:
            message = _("Your role in this store does not allow changing cost prices.")
            self.require_action(Action.COSTS, message=message, field="cost_price")

    def product_out(self, product_id: int) -> dict:
        product = selectors.product_get(store=self.store, product_id=product_id)
        return ProductSerializer(product, context=self.product_context()).data

    def variant(self, variant_id: int) -> Variant:
        return selectors.variant_get(store=self.store, variant_id=variant_id)

    def stock_out(self, variant_id: int) -> dict:
        variant = self.variant(variant_id)
        movements = selectors.movement_list(store=self.store, variant_id=variant.pk, limit=MOVEMENTS_SHOWN)
        return StockSerializer(
            {
                "variant_id": variant.pk,
                "product_id": variant.product_id,
                "sku": variant.sku,
                "inventory": variant.inventory,
                "movements": movements,
            }
        ).data
