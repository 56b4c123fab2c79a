"""The Letzshop connection: the key tested before it is saved, stored encrypted, never readable
again but for its last four characters; options; disconnect; health; key rotation."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from apps.core.errors import ValidationFailed
from apps.core.models import AuditEvent
from apps.marketplace.letzshop.client import LetzshopErrorCode
from apps.marketplace.models import LetzshopConnection
from apps.marketplace.services import connection as connection_services
from apps.orders.models import StripeAccount
from tools.letzshop_sandbox import DEMO_API_KEY


def test_a_saved_key_is_encrypted_and_only_its_hint_is_kept(tenant_a, letzshop):
    with tenant_a:
        connection = connection_services.connection_save(
            store=tenant_a.store, actor=tenant_a.owner(), api_key=f"  {DEMO_API_KEY} ", default_carrier="dhl"
        )
        row = LetzshopConnection.objects.get(pk=connection.pk)
        assert DEMO_API_KEY not in row.api_key_encrypted
        assert row.api_key_hint == DEMO_API_KEY[-4:]
        assert row.api_key_saved_at is not None
        assert row.default_carrier == "dhl"
        assert connection_services.connection_api_key(store=tenant_a.store) == DEMO_API_KEY
        audits = list(AuditEvent.objects.filter(action="marketplace.connection_save"))
        assert len(audits) == 1
        assert DEMO_API_KEY not in str(audits[0].data)
    assert len(letzshop.calls("me")) == 1


def test_testing_a_key_saves_nothing(tenant_a, letzshop):
    with tenant_a:
        vendor = connection_services.connection_test(api_key=DEMO_API_KEY)
        assert vendor.name == "Sandbox Vendor"
        assert not connection_services.connection_get(store=tenant_a.store).has_key
        with pytest.raises(ValidationFailed) as missing:
            connection_services.connection_api_key(store=tenant_a.store)
        assert missing.value.code == "letzshop_not_connected"


def test_a_wrong_or_revoked_key_is_refused_and_not_saved(tenant_a, letzshop):
    with tenant_a:
        with pytest.raises(ValidationFailed) as wrong:
            connection_services.connection_save(store=tenant_a.store, actor=tenant_a.owner(), api_key="nope-key")
        assert wrong.value.code == LetzshopErrorCode.AUTH
        assert "api_key" in wrong.value.fields
        assert not connection_services.connection_get(store=tenant_a.store).has_key
        letzshop.revoke(DEMO_API_KEY)
        with pytest.raises(ValidationFailed) as revoked:
            connection_services.connection_test(api_key=DEMO_API_KEY)
        assert "revoked" in revoked.value.message
        with pytest.raises(ValidationFailed) as empty:
            connection_services.connection_test(api_key="   ")
        assert empty.value.code == "api_key_required"


def test_rate_limits_are_retried_then_fail_clearly(tenant_a, letzshop, settings):
    settings.LETZSHOP_RETRIES = 2
    letzshop.fail_next(429, times=2)
    assert connection_services.connection_test(api_key=DEMO_API_KEY).name == "Sandbox Vendor"
    letzshop.fail_next(429, times=3)
    with pytest.raises(ValidationFailed) as limited:
        connection_services.connection_test(api_key=DEMO_API_KEY)
    assert limited.value.code == LetzshopErrorCode.RATE_LIMITED
    assert "retry later" in limited.value.message


def test_options_are_checked_and_kept_without_a_new_key(tenant_a, letzshop):
    with tenant_a:
        owner = tenant_a.owner()
        connection_services.connection_save(store=tenant_a.store, actor=owner, api_key=DEMO_API_KEY)
        connection = connection_services.connection_save(
            store=tenant_a.store, actor=owner, auto_sync=False, gone_policy="archive", follow_feed_price=False
        )
        assert (connection.auto_sync, connection.gone_policy, connection.follow_feed_price) == (False, "archive", False)
        assert connection.has_key
        for bad in ({"default_carrier": "pigeon"}, {"gone_policy": "burn"}, {"auto_sync": "yes"}, {"colour": 1}):
            with pytest.raises(ValidationFailed):
                connection_services.connection_save(store=tenant_a.store, actor=owner, **bad)
    assert len(letzshop.calls("me")) == 1  # options alone never call Letzshop


def test_disconnect_removes_the_key(tenant_a, letzshop):
    with tenant_a:
        owner = tenant_a.owner()
        connection_services.connection_save(store=tenant_a.store, actor=owner, api_key=DEMO_API_KEY)
        connection = connection_services.connection_disconnect(store=tenant_a.store, actor=owner)
        assert (connection.has_key, connection.api_key_hint) == (False, "")
        assert AuditEvent.objects.filter(action="marketplace.connection_disconnect").count() == 1


def test_sync_health_is_recorded(tenant_a):
    with tenant_a:
        connection_services.connection_sync_recorded(store=tenant_a.store, ok=False, error="Letzshop is down")
        connection = connection_services.connection_get(store=tenant_a.store)
        assert (connection.last_sync_health, connection.last_sync_error) == ("failing", "Letzshop is down")
        connection_services.connection_sync_recorded(store=tenant_a.store, ok=True)
        connection.refresh_from_db()
        assert (connection.last_sync_health, connection.last_sync_error) == ("ok", "")
        assert connection.last_sync_at is not None


def test_each_store_sees_only_its_connection(tenant_a, tenant_b, letzshop):
    with tenant_a:
        connection_services.connection_save(store=tenant_a.store, actor=tenant_a.owner(), api_key=DEMO_API_KEY)
    with tenant_b:
        assert not connection_services.connection_get(store=tenant_b.store).has_key
    with tenant_a:
        other = tenant_a.stores["ALPHA2"]
        assert not connection_services.connection_get(store=other).has_key


def test_secrets_rotate_re_encrypts_with_the_new_key(tenant_a, tenant_b, letzshop, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_OLD_KEYS = old, []
    connect_a = {"store": tenant_a.store, "actor": tenant_a.owner(), "api_key": DEMO_API_KEY}
    with tenant_a:
        connection_services.connection_save(**connect_a)
        StripeAccount.objects.create(
            store_id=tenant_a.store.id,
            account_id_encrypted=Fernet(old.encode()).encrypt(b"acct_123").decode(),
            account_id_hash="h",
        )
    with tenant_b:
        connection_services.connection_save(store=tenant_b.store, actor=tenant_b.owner(), api_key=DEMO_API_KEY)
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_OLD_KEYS = new, [old]
    out = io.StringIO()
    call_command("secrets_rotate", stdout=out)
    assert "2 Letzshop key(s) and 1 Stripe account id(s)" in out.getvalue()
    settings.FIELD_ENCRYPTION_OLD_KEYS = []  # the old key is gone: everything still reads
    with tenant_a:
        assert connection_services.connection_api_key(store=tenant_a.store) == DEMO_API_KEY
        token = StripeAccount.objects.get(store_id=tenant_a.store.id).account_id_encrypted
        assert Fernet(new.encode()).decrypt(token.encode()) == b"acct_123"
    with tenant_b:
        assert connection_services.connection_api_key(store=tenant_b.store) == DEMO_API_KEY
