"""`manage.py secrets_rotate`: re-encrypt every secret stored in the merchants' schemas (the
stores' Letzshop API keys, their Stripe account ids) with the current FIELD_ENCRYPTION_KEY.

Rotating the platform's key: put the new key in FIELD_ENCRYPTION_KEY and the old one in
FIELD_ENCRYPTION_OLD_KEYS, deploy, run this command, then drop the old key."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_tenants.utils import get_public_schema_name, get_tenant_model, tenant_context

from apps.core.secrets import SecretUnreadable
from apps.orders.services import stripe_connect

from ...services import connection


class Command(BaseCommand):
    help = "Re-encrypt the stored Letzshop keys and Stripe account ids with the current FIELD_ENCRYPTION_KEY."

    def handle(self, *args, **options):
        merchants = get_tenant_model().objects.exclude(schema_name=get_public_schema_name()).order_by("pk")
        keys = accounts = schemas = 0
        for merchant in merchants:
            with tenant_context(merchant), transaction.atomic():
                try:
                    keys += connection.connection_secrets_rotate()
                    accounts += stripe_connect.stripe_secrets_rotate()
                except SecretUnreadable as error:
                    raise CommandError(
                        f"Schema {merchant.schema_name}: a secret cannot be decrypted with FIELD_ENCRYPTION_KEY or "
                        "FIELD_ENCRYPTION_OLD_KEYS; nothing of it was changed (the schemas before it are done)."
                    ) from error
            schemas += 1
        self.stdout.write(
            f"Re-encrypted {keys} Letzshop key(s) and {accounts} Stripe account id(s) in {schemas} merchant schema(s)."
        )
