"""The till (POS) through the store API: sell scanned products and take payment in one request,
and read a sale back for its receipt. Looking a code up before selling is the catalog's
`catalog/products/lookup/?code=`, which cashiers may use.

Every sale carries an Idempotency-Key header: a till that retries after a timeout gets the first
answer again (same status, same order) and nothing is sold twice (services.idempotent_call)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer

from .. import selectors, services
from ..permissions import Action, ActionAccess
from .pos_serializers import PosReceiptSerializer, PosSaleInput

TAGS = ["orders: till"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input, unknown code, not enough stock or payment"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such sale in this store"),
}
KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=True,
    description="Unique per sale (e.g. a UUID); resend the same key when retrying the same sale.",
)


class PosAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "orders"


class PosOrderCreateView(PosAPIView):
    actions = {"POST": Action.POS_SELL}

    @extend_schema(
        summary="Sell at the till",
        description=(
            "Creates the order (channel `pos`, handed over: the stock is sold at once) and records its "
            "payments in one transaction. Cash may exceed the total: the answer says the change due. "
            "A retry with the same `Idempotency-Key` answers the first result again (header "
            "`Idempotent-Replayed: true`); the same key with another body is refused with "
            "`idempotency_key_reused` (422), a retry while the first still runs with "
            "`idempotency_in_progress` (409)."
        ),
        parameters=[KEY],
        request=PosSaleInput,
        responses={
            201: PosReceiptSerializer,
            **ERRORS,
            409: OpenApiResponse(ErrorSerializer, description="The same key is still being processed"),
            422: OpenApiResponse(ErrorSerializer, description="The key was used for another request"),
        },
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        key = services.idempotency_key_clean(request.headers.get("Idempotency-Key"))
        data = PosSaleInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data

        def sell() -> tuple[int, dict]:
            sale = services.pos_sale_create(
                store=self.store,
                cashier=request.user,
                lines=[services.PosLine(code=line["code"], quantity=line["quantity"]) for line in values["lines"]],
                payments=[services.PosPayment(method=p["method"], amount=p["amount"]) for p in values["payments"]],
                email=values.get("email", ""),
            )
            order = selectors.pos_order_get(store=self.store, order_id=sale.order.pk)
            return 201, PosReceiptSerializer(order).data

        outcome = services.idempotent_call(
            scope=f"pos:{self.store.id}:{request.user.pk}", key=key, payload=request.data, run=sell
        )
        response = Response(outcome.body, status=outcome.status_code)
        if outcome.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class PosOrderDetailView(PosAPIView):
    actions = {"GET": Action.POS_SELL}

    @extend_schema(summary="A till sale, for its receipt", responses={200: PosReceiptSerializer, **ERRORS}, tags=TAGS)
    def get(self, _request, pk, **kwargs):
        return Response(PosReceiptSerializer(selectors.pos_order_get(store=self.store, order_id=pk)).data)
