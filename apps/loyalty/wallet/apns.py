"""Apple's push service for passes: an empty JSON payload to each registered device's push token,
topic = the pass type id, over HTTP/2 with the pass type certificate as the client certificate.
The device then asks the web service which passes changed and fetches them again."""

from __future__ import annotations

import logging
import ssl

import httpx
from django.conf import settings

from apps.loyalty.models import PassDevice

from .config import WalletError

logger = logging.getLogger(__name__)


def _ssl_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.load_cert_chain(
        settings.LOYALTY_APPLE_CERT,
        settings.LOYALTY_APPLE_KEY,
        password=settings.LOYALTY_APPLE_KEY_PASSWORD or None,
    )
    return context


def devices_push(devices: list[PassDevice]) -> int:
    """Push to every device; forget the ones Apple says are gone (410). Returns how many pushes
    Apple accepted; raises WalletError after trying them all when one failed otherwise."""
    if not devices:
        return 0
    accepted, failures = 0, []
    with httpx.Client(http2=True, verify=_ssl_context(), timeout=settings.LOYALTY_WALLET_TIMEOUT) as client:
        for device in devices:
            try:
                response = client.post(
                    f"{settings.LOYALTY_APNS_URL}/3/device/{device.push_token}",
                    content=b"{}",
                    headers={"apns-topic": settings.LOYALTY_APPLE_PASS_TYPE_ID, "content-type": "application/json"},
                )
            except httpx.HTTPError as exc:
                failures.append(f"{device.device_library_id}: {exc}")
                continue
            if response.status_code == 200:
                accepted += 1
            elif response.status_code == 410:
                logger.info("APNs: device %s unregistered, forgetting it", device.device_library_id)
                device.delete()
            else:
                failures.append(f"{device.device_library_id}: {response.status_code} {response.text[:200]}")
    if failures:
        raise WalletError("APNs refused pushes: " + "; ".join(failures))
    return accepted
