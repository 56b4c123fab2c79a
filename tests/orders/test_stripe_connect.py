"""The Payments page: offline methods for managers, Stripe Connect for the owner, and what it
says without Stripe keys."""

from __future__ import annotations

from apps.core.roles import Role
from apps.orders import stripe_client
from apps.orders.models import CheckoutSettings, StripeAccount
from apps.tenancy.models import PaymentAccountRoute

PAGE = "/store/{code}/orders/settings/payments/"


def page(tenant) -> str:
    return PAGE.format(code=tenant.store.code)


def test_without_stripe_keys_the_page_says_cards_are_not_configured(tenant_a, settings):
    settings.STRIPE_SECRET_KEY = ""
    answer = tenant_a.client(tenant_a.owner()).get(page(tenant_a))
    assert answer.status_code == 200
    assert b"not configured on this platform" in answer.content
    assert b"Connect with Stripe" not in answer.content
    saved = tenant_a.client(tenant_a.owner()).post(
        page(tenant_a), {"pay_at_pickup_enabled": "on", "invoice_enabled": "on"}
    )
    assert saved.status_code == 302
    with tenant_a:
        config = CheckoutSettings.objects.get(store_id=tenant_a.store.id)
        assert (config.pay_at_pickup_enabled, config.invoice_enabled, config.bank_transfer_enabled) == (
            True,
            True,
            False,
        )


def test_bank_transfer_needs_a_valid_iban(tenant_a, settings):
    settings.STRIPE_SECRET_KEY = ""
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    bad = client.post(
        page(tenant_a), {"bank_transfer_enabled": "on", "account_holder": "Orion", "iban": "LU28 0019 4006 4475 0001"}
    )
    assert bad.status_code == 400 and b"valid IBAN" in bad.content
    missing = client.post(page(tenant_a), {"bank_transfer_enabled": "on", "account_holder": "Orion"})
    assert missing.status_code == 400
    good = client.post(
        page(tenant_a),
        {
            "bank_transfer_enabled": "on",
            "account_holder": "Orion",
            "iban": "lu28 0019 4006 4475 0000",
            "bic": "BCEELULL",
        },
    )
    assert good.status_code == 302
    with tenant_a:
        config = CheckoutSettings.objects.get(store_id=tenant_a.store.id)
        assert (config.iban, config.bic) == ("LU280019400644750000", "BCEELULL")


def test_only_the_owner_connects_and_viewers_change_nothing(tenant_a, stripe_stub):
    manager = tenant_a.client(tenant_a.member(Role.MANAGER))
    assert manager.get(page(tenant_a)).status_code == 200
    assert manager.post(page(tenant_a) + "stripe/connect/").status_code == 403
    viewer = tenant_a.client(tenant_a.member(Role.VIEWER))
    assert viewer.post(page(tenant_a), {"card_enabled": "on"}).status_code == 403
    assert not stripe_stub.calls("/v1/accounts")


def test_connect_onboarding_and_return(tenant_a, stripe_stub):
    owner = tenant_a.client(tenant_a.owner())
    assert b"Connect with Stripe" in owner.get(page(tenant_a)).content
    started = owner.post(page(tenant_a) + "stripe/connect/")
    assert started.status_code == 302 and started["Location"].startswith(stripe_stub.url + "/connect/onboard/")
    account_id = started["Location"].rsplit("/", 1)[1]
    link = stripe_stub.calls("/v1/account_links")[-1].params
    assert link["account"] == account_id and link["type"] == "account_onboarding"
    assert link["return_url"].endswith("/orders/settings/payments/stripe/return/")
    assert link["refresh_url"].endswith("/orders/settings/payments/stripe/refresh/")
    with tenant_a:
        stored = StripeAccount.objects.get(store_id=tenant_a.store.id)
    assert account_id not in stored.account_id_encrypted
    assert stripe_client.secret_decrypt(stored.account_id_encrypted) == account_id
    assert PaymentAccountRoute.objects.get(account_id_hash=stored.account_id_hash).merchant == tenant_a.merchant
    # connecting again makes a new link for the same account
    owner.post(page(tenant_a) + "stripe/connect/")
    assert len(stripe_stub.calls("/v1/accounts")) == 1
    refreshed = owner.get(page(tenant_a) + "stripe/refresh/")
    assert refreshed.status_code == 302 and account_id in refreshed["Location"]
    # back from Stripe before finishing: details still missing
    back = owner.get(page(tenant_a) + "stripe/return/", follow=True)
    assert b"still needs" in back.content and b"external_account" in back.content
    stripe_stub.account_enable(account_id)
    back = owner.get(page(tenant_a) + "stripe/return/", follow=True)
    assert b"accepts card payments" in back.content
    with tenant_a:
        assert StripeAccount.objects.get(store_id=tenant_a.store.id).charges_enabled


def test_a_stripe_error_is_a_message_not_a_500(tenant_a, stripe_stub):
    stripe_stub.fail_next = "Your platform cannot create accounts in this country."
    answer = tenant_a.client(tenant_a.owner()).post(page(tenant_a) + "stripe/connect/", follow=True)
    assert answer.status_code == 200 and b"cannot create accounts" in answer.content
