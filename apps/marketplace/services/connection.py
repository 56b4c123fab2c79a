"""The store's Letzshop connection: its API key (tested before it is saved, stored encrypted,
never shown again: only its last four characters), what the sync does by itself, and how the
last sync went. Every change is audited, never with the key."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed
from apps.core.secrets import SecretUnreadable, secret_decrypt, secret_encrypt, secret_rotate

from ..errors import MarketplaceErrorCode
from ..letzshop import operations
from ..letzshop.client import LetzshopError
from ..models import LetzshopConnection

BOOLEAN_OPTIONS = ("auto_sync", "follow_feed_price", "follow_feed_availability", "scheduled_reimport")
OPTIONS = ("default_carrier", *BOOLEAN_OPTIONS, "gone_policy")
KEY_MAX_LENGTH = 500


def connection_get(*, store) -> LetzshopConnection:
    """The store's connection row, created (empty) on first use."""
    found = LetzshopConnection.objects.filter(store_id=store.id).first()
    if found is not None:
        return found
    connection, _created = LetzshopConnection.objects.get_or_create(store_id=store.id)
    return connection


def _failed(error: LetzshopError, field: str = "api_key") -> ValidationFailed:
    return ValidationFailed(error.message, code=error.code, fields={field: [error.message]})


def _key_clean(api_key: str) -> str:
    key = (api_key or "").strip()
    if not key:
        message = _("Enter the API key from your Letzshop account.")
        raise ValidationFailed(message, code=MarketplaceErrorCode.API_KEY_REQUIRED, fields={"api_key": [message]})
    if len(key) > KEY_MAX_LENGTH or any(ch.isspace() for ch in key):
        message = _("This does not look like a Letzshop API key: copy it again from your Letzshop account.")
        raise ValidationFailed(message, code=MarketplaceErrorCode.API_KEY_REQUIRED, fields={"api_key": [message]})
    return key


def connection_test(*, api_key: str) -> operations.Vendor:
    """Ask Letzshop who the key belongs to, without saving anything."""
    key = _key_clean(api_key)
    try:
        return operations.viewer(api_key=key)
    except LetzshopError as error:
        raise _failed(error) from error


def _options_clean(options: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise ValidationFailed(_("Unknown settings: %(names)s.") % {"names": ", ".join(unknown)})
    cleaned: dict[str, Any] = {}
    for name in BOOLEAN_OPTIONS:
        if name in options:
            if not isinstance(options[name], bool):
                message = _("Choose yes or no.")
                raise ValidationFailed(message, fields={name: [message]})
            cleaned[name] = options[name]
    if "default_carrier" in options:
        carrier = options["default_carrier"] or ""
        if carrier not in operations.CARRIERS and carrier != "":
            message = _("Choose one of Letzshop's carriers.")
            raise ValidationFailed(
                message, code=MarketplaceErrorCode.TRACKING_INVALID, fields={"default_carrier": [message]}
            )
        cleaned["default_carrier"] = carrier
    if "gone_policy" in options:
        if options["gone_policy"] not in LetzshopConnection.GonePolicy.values:
            message = _("Choose what happens to products gone from the feed.")
            raise ValidationFailed(message, fields={"gone_policy": [message]})
        cleaned["gone_policy"] = options["gone_policy"]
    return cleaned


def connection_save(*, store, actor, api_key: str | None = None, **options: Any) -> LetzshopConnection:
    """Change the connection: a new key (tested against Letzshop first; nothing is saved when the
    test fails) and/or options. `api_key=None` (or "") keeps the saved key."""
    cleaned = _options_clean(options)
    vendor = connection_test(api_key=api_key) if api_key else None
    with transaction.atomic():
        connection_get(store=store)
        connection = LetzshopConnection.objects.select_for_update().get(store_id=store.id)
        changed = {name: value for name, value in cleaned.items() if getattr(connection, name) != value}
        for name, value in changed.items():
            setattr(connection, name, value)
        if vendor is not None:
            key = api_key.strip()
            connection.api_key_encrypted = secret_encrypt(key)
            connection.api_key_hint = key[-4:]
            connection.api_key_saved_at = timezone.now()
            connection.last_sync_health, connection.last_sync_error = LetzshopConnection.Health.UNKNOWN, ""
        connection.save()
        if changed or vendor is not None:
            data: dict[str, Any] = {"changed": changed, "key_changed": vendor is not None}
            if vendor is not None:
                data.update(key_hint=connection.api_key_hint, vendor=vendor.name)
            audit_record(actor=actor, action="marketplace.connection_save", target=store.code, store=store, data=data)
    return connection


def connection_disconnect(*, store, actor) -> LetzshopConnection:
    """Forget the store's key (the options stay): the sync stops until a key is saved again."""
    with transaction.atomic():
        connection_get(store=store)
        connection = LetzshopConnection.objects.select_for_update().get(store_id=store.id)
        had_key = connection.has_key
        connection.api_key_encrypted, connection.api_key_hint, connection.api_key_saved_at = "", "", None
        connection.save(update_fields=["api_key_encrypted", "api_key_hint", "api_key_saved_at", "updated_at"])
        if had_key:
            audit_record(actor=actor, action="marketplace.connection_disconnect", target=store.code, store=store)
    return connection


def _not_connected() -> ValidationFailed:
    return ValidationFailed(
        _("This store is not connected to Letzshop: save its API key in the Letzshop settings first."),
        code=MarketplaceErrorCode.NOT_CONNECTED,
    )


def connection_api_key(*, store) -> str:
    """The store's key, decrypted (for the calls to Letzshop only; never shown)."""
    connection = LetzshopConnection.objects.filter(store_id=store.id).only("api_key_encrypted").first()
    if connection is None:
        raise _not_connected()
    return connection_key(connection=connection)


def connection_key(*, connection: LetzshopConnection) -> str:
    """The key of a connection already read, decrypted; ValidationFailed "letzshop_not_connected"
    when it has none or it cannot be read with the platform's keys."""
    if not connection.api_key_encrypted:
        raise _not_connected()
    try:
        return secret_decrypt(connection.api_key_encrypted)
    except SecretUnreadable as error:
        raise _not_connected() from error


def connection_sync_recorded(*, store, ok: bool, error: str = "") -> None:
    """How the last sync went: its time, health and (when it failed) the error in plain words."""
    connection_get(store=store)
    health = LetzshopConnection.Health.OK if ok else LetzshopConnection.Health.FAILING
    LetzshopConnection.objects.filter(store_id=store.id).update(
        last_sync_at=timezone.now(),
        last_sync_health=health,
        last_sync_error="" if ok else str(error)[:500],
        updated_at=timezone.now(),
    )


def connection_secrets_rotate() -> int:
    """Re-encrypt every key of this schema with the current FIELD_ENCRYPTION_KEY: how many."""
    count = 0
    with transaction.atomic():
        for connection in LetzshopConnection.objects.select_for_update().exclude(api_key_encrypted="").order_by("pk"):
            connection.api_key_encrypted = secret_rotate(connection.api_key_encrypted)
            connection.save(update_fields=["api_key_encrypted"])
            count += 1
    return count
