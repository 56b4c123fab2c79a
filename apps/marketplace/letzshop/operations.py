"""The GraphQL operations the platform sends to Letzshop, and the shapes it reads back. The local
sandbox (tools/letzshop_sandbox.py) answers exactly these, in the same shapes.

A shipment (what Letzshop asks a vendor to send; one order of channel "letzshop" here):

    {"id": "U2hpcG1lbnQ6MTAwMQ==", "number": "H0000001001", "state": "unconfirmed" | "confirmed" |
     "declined" | "shipped", "updatedAt": "2026-11-01T10:00:00Z",
     "order": {"id": "...", "number": "R0000001001", "email": "...", "locale": "fr",
               "completedAt": "2026-11-01T09:58:00Z", "total": "49.90",
               "shipAddress": ADDRESS, "billAddress": ADDRESS},
     "inventoryUnits": [{"id": "...", "state": "unconfirmed" | "confirmed" | "declined",
                         "price": "24.95",
                         "variant": {"id": "...", "sku": "...", "mpn": "...",
                                     "tradeId": {"number": "4006381333931", "parser": "gtin13"},
                                     "product": {"name": {"en": "...", "fr": "...", "de": "..."}}}}],
     "tracking": {"code": "...", "provider": "post_lu"} | null}

    ADDRESS = {"firstName", "lastName", "company", "streetName", "streetNumber", "city", "zipCode",
               "phone", "country": {"iso": "LU"}}

Shipments are paged Relay-style: `shipments(state:, first:, after:, updatedSince:)` returns
`{"nodes": [...], "pageInfo": {"hasNextPage": bool, "endCursor": str | null}}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .client import LetzshopError, LetzshopErrorCode, execute

VIEWER_QUERY = """
query Viewer {
  me { id email vendor { id name slug } }
}
"""

_ADDRESS = "firstName lastName company streetName streetNumber city zipCode phone country { iso }"

SHIPMENTS_QUERY = f"""
query Shipments($state: ShipmentStateEnum, $first: Int, $after: String, $updatedSince: ISO8601DateTime) {{
  shipments(state: $state, first: $first, after: $after, updatedSince: $updatedSince) {{
    nodes {{
      id number state updatedAt
      order {{
        id number email locale completedAt total
        shipAddress {{ {_ADDRESS} }}
        billAddress {{ {_ADDRESS} }}
      }}
      inventoryUnits {{
        id state price
        variant {{ id sku mpn tradeId {{ number parser }} product {{ name {{ en fr de }} }} }}
      }}
      tracking {{ code provider }}
    }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""

CONFIRM_UNITS_MUTATION = """
mutation ConfirmInventoryUnits($input: ConfirmInventoryUnitsInput!) {
  confirmInventoryUnits(input: $input) {
    inventoryUnits { id state }
    errors { id code message }
  }
}
"""

SET_TRACKING_MUTATION = """
mutation SetShipmentTracking($input: SetShipmentTrackingInput!) {
  setShipmentTracking(input: $input) {
    shipment { id tracking { code provider } }
    errors { code message }
  }
}
"""

# Letzshop's carriers ("provider" of a tracking), as its API names them
CARRIERS = {
    "post_lu": "POST Luxembourg",
    "dhl": "DHL",
    "dpd": "DPD",
    "gls": "GLS",
    "ups": "UPS",
    "fedex": "FedEx",
    "bpost": "bpost",
    "colissimo": "Colissimo",
    "other": "Other",
}


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    email: str


@dataclass(frozen=True)
class ShipmentPage:
    nodes: list[dict[str, Any]]
    end_cursor: str | None
    has_next: bool


def _bad_shape() -> LetzshopError:
    return LetzshopError(
        _("Letzshop's answer could not be read. Check that the API address is Letzshop's GraphQL API."),
        code=LetzshopErrorCode.BAD_RESPONSE,
    )


def viewer(*, api_key: str) -> Vendor:
    """Who the key belongs to: what the connection test shows."""
    me = execute(api_key=api_key, query=VIEWER_QUERY).get("me")
    if not isinstance(me, dict) or not isinstance(me.get("vendor"), dict):
        raise _bad_shape()
    return Vendor(
        id=str(me["vendor"].get("id", "")), name=str(me["vendor"].get("name", "")), email=str(me.get("email", ""))
    )


def shipments_page(
    *, api_key: str, state: str | None, after: str | None = None, first: int = 50, updated_since: str | None = None
) -> ShipmentPage:
    """One page of the vendor's shipments in `state` (None: every state), oldest first."""
    variables = {"state": state, "first": first, "after": after, "updatedSince": updated_since}
    connection = execute(api_key=api_key, query=SHIPMENTS_QUERY, variables=variables).get("shipments")
    if not isinstance(connection, dict) or not isinstance(connection.get("nodes"), list):
        raise _bad_shape()
    info = connection.get("pageInfo") if isinstance(connection.get("pageInfo"), dict) else {}
    return ShipmentPage(
        nodes=[node for node in connection["nodes"] if isinstance(node, dict)],
        end_cursor=info.get("endCursor"),
        has_next=bool(info.get("hasNextPage")),
    )


def units_confirm(*, api_key: str, decisions: dict[str, bool]) -> dict[str, str]:
    """Confirm (True) or decline (False) inventory units: unit id -> its new state. Units Letzshop
    refused come back in a LetzshopError naming them."""
    units = [{"inventoryUnitId": unit_id, "isAvailable": available} for unit_id, available in decisions.items()]
    result = execute(api_key=api_key, query=CONFIRM_UNITS_MUTATION, variables={"input": {"inventoryUnits": units}})
    payload = result.get("confirmInventoryUnits")
    if not isinstance(payload, dict):
        raise _bad_shape()
    errors = [e for e in payload.get("errors") or [] if isinstance(e, dict)]
    if errors:
        detail = "; ".join(f"{e.get('id', '')}: {e.get('message', '')}" for e in errors)[:300]
        raise LetzshopError(
            _("Letzshop refused some units: %(detail)s") % {"detail": detail}, code=LetzshopErrorCode.GRAPHQL
        )
    return {str(u.get("id")): str(u.get("state")) for u in payload.get("inventoryUnits") or [] if isinstance(u, dict)}


def tracking_set(*, api_key: str, shipment_id: str, code: str, carrier: str) -> None:
    """Give Letzshop the shipment's tracking number and carrier."""
    variables = {"input": {"shipmentId": shipment_id, "code": code, "provider": carrier}}
    payload = execute(api_key=api_key, query=SET_TRACKING_MUTATION, variables=variables).get("setShipmentTracking")
    if not isinstance(payload, dict):
        raise _bad_shape()
    errors = [e for e in payload.get("errors") or [] if isinstance(e, dict)]
    if errors:
        detail = "; ".join(str(e.get("message", "")) for e in errors)[:300]
        raise LetzshopError(
            _("Letzshop refused the tracking: %(detail)s") % {"detail": detail}, code=LetzshopErrorCode.GRAPHQL
        )
