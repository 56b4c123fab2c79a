"""What the marketplace does when lower apps announce news (signals): one section per area."""

# --- connection and units: tracking of a fulfilled Letzshop order goes to Letzshop ---------------

import logging  # noqa: E402

from django.dispatch import receiver  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from apps.core.errors import ApplicationError  # noqa: E402
from apps.orders import selectors as orders_selectors  # noqa: E402
from apps.orders import services as orders_services  # noqa: E402
from apps.orders.signals import order_fulfilled  # noqa: E402
from apps.tenancy.selectors import dangerously_store_get_by_id  # noqa: E402

from .services import units as units_services  # noqa: E402

logger = logging.getLogger(__name__)


@receiver(order_fulfilled, dispatch_uid="marketplace.tracking_on_fulfilment")
def tracking_on_fulfilment(order_id, store_id, fulfilment_id=None, **kwargs) -> None:
    """A Letzshop order shipped with a tracking number: tell Letzshop. A failure is written on the
    order's timeline for the merchant, never raised (the fulfilment stands)."""
    store = dangerously_store_get_by_id(store_id=store_id)
    order = orders_selectors.order_get(store=store, order_id=order_id)
    if order.channel != "letzshop":
        return
    fulfilment = next((f for f in order.fulfilments.all() if f.pk == fulfilment_id), None)
    if fulfilment is None or not fulfilment.tracking_number:
        return
    try:
        carrier = units_services.tracking_carrier_for(store=store, carrier=fulfilment.carrier)
        units_services.shipment_tracking_set(
            store=store, order=order, carrier=carrier, code=fulfilment.tracking_number, actor=None
        )
    except ApplicationError as error:
        message = _("The tracking number could not be sent to Letzshop: %(reason)s") % {"reason": error.message}
        orders_services.order_event_add(order=order, kind="marketplace", actor=None, message=message)
    except Exception:  # never break the fulfilment that announced it
        logger.exception("Sending the tracking of order %s to Letzshop failed", order_id)
        message = _("The tracking number could not be sent to Letzshop. Set it again from the order's page.")
        orders_services.order_event_add(order=order, kind="marketplace", actor=None, message=message)


from .cache import staging_changed  # noqa: E402
from .services.follow import feed_follow  # noqa: E402
from .signals import feed_imported  # noqa: E402

# --- curation: published products follow the feed -------------------------------------------------


@receiver(feed_imported, dispatch_uid="marketplace.follow_feed")
def follow_feed_on_import(sender, *, store, feed_import, **kwargs) -> None:  # noqa: ARG001 - the signal's shape
    """After an import: the published products follow the feed's price and availability, and
    those gone from it are archived, as the store chose."""
    staging_changed(store.id)  # the import rewrote the staging rows: the list's cached figures go
    feed_follow(store=store, feed_import=feed_import)
