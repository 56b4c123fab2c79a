"""Password guessing: one limiter for every way in (store and shop sign-in pages, Django admin, the
API's token endpoint), per address and per account, that slows an attacker down without letting
anyone keep a customer out by typing wrong passwords on purpose (apps.accounts.login_limits)."""

from __future__ import annotations

import itertools

import pytest
from django.conf import settings
from django.test import Client, override_settings

from apps.core import ratelimit

from ..conftest import DOMAIN, PASSWORD

LIMITS = settings.LOGIN_LIMITS
REFUSED = "Too many failed login attempts"
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


def new_address() -> str:
    return next(_addresses)


@pytest.fixture
def clock(monkeypatch):
    """The limiter's time, moved by the test."""

    class Clock:
        now = 1_900_000_000.0

        def advance(self, seconds: float) -> None:
            self.now += seconds

    moved = Clock()
    monkeypatch.setattr(ratelimit, "clock", lambda: moved.now)
    return moved


def store_login(tenant, email, password, client=None, address="203.0.113.1"):
    client = client or tenant.client()
    return client.post("/store/ALPHA/login/", {"login": email, "password": password}, REMOTE_ADDR=address)


def shop_login(tenant, email, password, client=None, address="203.0.113.1"):
    client = client or tenant.client()
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address)


def api_token(tenant, email, password, client=None, address="203.0.113.1", **extra):
    client = client or tenant.client()
    body = {"email": email, "password": password}
    return client.post("/api/v1/auth/token/", body, content_type="application/json", REMOTE_ADDR=address, **extra)


def refused(response) -> bool:
    if response.status_code == 429:
        return True
    return response.status_code == 200 and REFUSED in response.content.decode()


def test_django_admin_login_is_limited(platform_admin, clock):
    client = Client(HTTP_HOST=DOMAIN)
    form = {"username": platform_admin.email, "password": "wrong"}
    answers = [client.post("/admin/login/?next=/admin/", form) for _ in range(LIMITS["ACCOUNT_ADDRESS_FAILURES"] + 1)]
    assert not any(refused(answer) for answer in answers[:-1])
    assert refused(answers[-1])
    page = answers[-1].content.decode()
    assert "Try again in about 1 minute." in page
    # the right password is not even compared while the address is refused for the account
    right = client.post("/admin/login/?next=/admin/", {"username": platform_admin.email, "password": PASSWORD})
    assert refused(right)
    clock.advance(LIMITS["BLOCK"] + 1)
    right = client.post("/admin/login/?next=/admin/", {"username": platform_admin.email, "password": PASSWORD})
    assert right.status_code == 302 and right["Location"] == "/admin/"


def test_one_address_guessing_many_accounts_is_refused_for_a_growing_while(tenant_a, clock):
    address = new_address()
    for number in range(LIMITS["ADDRESS_FAILURES"]):
        assert not refused(shop_login(tenant_a, f"guess-{number}@example.lu", "wrong", address=address))
    assert refused(shop_login(tenant_a, "guess-x@example.lu", "wrong", address=address))
    # other addresses are not affected
    assert shop_login(tenant_a, tenant_a.customer().email, PASSWORD, address=new_address()).status_code == 302
    clock.advance(LIMITS["BLOCK"] + 1)
    for number in range(LIMITS["ADDRESS_FAILURES"]):
        assert not refused(api_token(tenant_a, f"again-{number}@example.lu", "wrong", address=address))
    assert refused(api_token(tenant_a, "again-x@example.lu", "wrong", address=address))
    # the second refusal lasts twice as long as the first
    clock.advance(LIMITS["BLOCK"] + 1)
    assert refused(api_token(tenant_a, "again-y@example.lu", "wrong", address=address))
    clock.advance(LIMITS["BLOCK"])
    assert not refused(api_token(tenant_a, "again-z@example.lu", "wrong", address=address))


@pytest.mark.parametrize("rotate", ["REMOTE_ADDR", "HTTP_X_FORWARDED_FOR"])
def test_rotating_addresses_cannot_exceed_the_per_account_limit(tenant_a, rotate, clock):
    owner = tenant_a.owner()
    with override_settings(TRUSTED_PROXY_COUNT=1 if rotate == "HTTP_X_FORWARDED_FOR" else 0):
        answers = []
        for _ in range(LIMITS["ACCOUNT_FAILURES"] + 3):
            address = new_address()
            if rotate == "REMOTE_ADDR":
                answers.append(api_token(tenant_a, owner.email, "wrong", address=address))
            else:
                answers.append(api_token(tenant_a, owner.email, "wrong", HTTP_X_FORWARDED_FOR=address))
        assert [a.status_code for a in answers] == [400] * LIMITS["ACCOUNT_FAILURES"] + [429] * 3
        # from yet another address, even the right password is refused to a client the account
        # does not know
        assert api_token(tenant_a, owner.email, PASSWORD, address=new_address()).status_code == 429
        assert refused(store_login(tenant_a, owner.email, PASSWORD, address=new_address()))


def test_the_api_answers_429_in_its_error_format_with_retry_after(tenant_a, clock):
    for _ in range(LIMITS["ACCOUNT_ADDRESS_FAILURES"]):
        assert api_token(tenant_a, "someone@example.lu", "wrong").status_code == 400
    response = api_token(tenant_a, "someone@example.lu", "wrong")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled" and body["fields"] == {}
    assert body["message"] == "Too many failed login attempts. Try again in about 1 minute."
    assert 0 < int(response["Retry-After"]) <= LIMITS["BLOCK"]


def test_page_and_api_failures_count_together(tenant_a, clock):
    customer = tenant_a.customer()
    attempts = [store_login, shop_login, api_token, store_login, shop_login][: LIMITS["ACCOUNT_ADDRESS_FAILURES"]]
    assert len(attempts) == LIMITS["ACCOUNT_ADDRESS_FAILURES"]
    for attempt in attempts:
        assert not refused(attempt(tenant_a, customer.email, "wrong"))
    assert api_token(tenant_a, customer.email, PASSWORD).status_code == 429
    assert refused(shop_login(tenant_a, customer.email, PASSWORD))
    page = store_login(tenant_a, customer.email, PASSWORD)
    assert refused(page) and "Try again in about 1 minute." in page.content.decode()


def test_the_owner_with_a_device_cookie_signs_in_while_the_account_is_under_attack(tenant_a, clock):
    owner = tenant_a.owner()
    laptop = tenant_a.client()
    assert store_login(tenant_a, owner.email, PASSWORD, client=laptop, address="192.0.2.10").status_code == 302
    assert settings.LOGIN_LIMITS["DEVICE_COOKIE_NAME"] in laptop.cookies
    laptop.post("/accounts/logout/")

    for _ in range(LIMITS["ACCOUNT_FAILURES"] * 2):
        api_token(tenant_a, owner.email, "wrong", address=new_address())
    assert api_token(tenant_a, owner.email, PASSWORD, address=new_address()).status_code == 429

    # the owner's browser is known to the account: a typo, then the right password, on every way in
    assert not refused(store_login(tenant_a, owner.email, "typo", client=laptop, address="192.0.2.10"))
    assert store_login(tenant_a, owner.email, PASSWORD, client=laptop, address="192.0.2.10").status_code == 302
    laptop.post("/accounts/logout/")
    assert shop_login(tenant_a, owner.email, PASSWORD, client=laptop, address="192.0.2.99").status_code == 302
    assert api_token(tenant_a, owner.email, PASSWORD, client=laptop, address="192.0.2.99").status_code == 201


def test_a_device_cookie_is_for_its_account_and_cannot_be_forged(tenant_a, clock):
    owner, customer = tenant_a.owner(), tenant_a.customer()
    browser = tenant_a.client()
    assert shop_login(tenant_a, customer.email, PASSWORD, client=browser).status_code == 302
    browser.post("/accounts/logout/")
    for _ in range(LIMITS["ACCOUNT_FAILURES"]):
        api_token(tenant_a, owner.email, "wrong", address=new_address())
    # known to the customer's account, not to the owner's
    assert refused(store_login(tenant_a, owner.email, PASSWORD, client=browser))
    forged = tenant_a.client()
    forged.cookies[LIMITS["DEVICE_COOKIE_NAME"]] = browser.cookies[LIMITS["DEVICE_COOKIE_NAME"]].value[:-2] + "xx"
    assert refused(store_login(tenant_a, owner.email, PASSWORD, client=forged))


def test_a_stolen_device_cookie_does_not_give_unlimited_guesses(tenant_a, clock):
    owner = tenant_a.owner()
    browser = tenant_a.client()
    assert store_login(tenant_a, owner.email, PASSWORD, client=browser).status_code == 302
    browser.post("/accounts/logout/")
    for _ in range(LIMITS["DEVICE_FAILURES"]):
        api_token(tenant_a, owner.email, "wrong", client=browser, address=new_address())
    for _ in range(LIMITS["ACCOUNT_FAILURES"]):
        api_token(tenant_a, owner.email, "wrong", client=browser, address=new_address())
    assert api_token(tenant_a, owner.email, PASSWORD, client=browser, address=new_address()).status_code == 429


def test_a_customer_is_kept_out_no_longer_than_the_design_says(tenant_a, clock):
    customer = tenant_a.customer()
    # someone else types wrong passwords for the customer, from many addresses, and keeps on
    for _ in range(LIMITS["ACCOUNT_FAILURES"] * 3):
        shop_login(tenant_a, customer.email, "wrong", address=new_address())
    home = "192.0.2.50"
    # on a browser that never signed in, the customer waits: the page says for how long
    page = shop_login(tenant_a, customer.email, PASSWORD, address=home)
    minutes = LIMITS["ACCOUNT_BLOCK"] // 60
    assert refused(page) and f"Try again in about {minutes} minutes." in page.content.decode()
    clock.advance(LIMITS["ACCOUNT_BLOCK"] - 60)
    assert refused(shop_login(tenant_a, customer.email, PASSWORD, address=home))
    clock.advance(61)
    assert shop_login(tenant_a, customer.email, PASSWORD, address=home).status_code == 302


def test_wrong_passwords_from_one_address_do_not_keep_the_customer_out_elsewhere(tenant_a, clock):
    customer = tenant_a.customer()
    for _ in range(LIMITS["ACCOUNT_ADDRESS_FAILURES"] + 5):
        shop_login(tenant_a, customer.email, "wrong", address="203.0.113.66")
    assert shop_login(tenant_a, customer.email, PASSWORD, address="192.0.2.50").status_code == 302


def test_the_owners_own_typos_are_forgiven_by_a_successful_sign_in(tenant_a, clock):
    owner = tenant_a.owner()
    browser = tenant_a.client()
    for _round in range(3):
        for _ in range(LIMITS["ACCOUNT_ADDRESS_FAILURES"] - 1):
            assert not refused(store_login(tenant_a, owner.email, "typo", client=browser))
        assert store_login(tenant_a, owner.email, PASSWORD, client=browser).status_code == 302
        browser.post("/accounts/logout/")


def test_an_account_of_one_merchant_is_not_another_merchants(tenant_a, tenant_b, clock):
    """The same e-mail at two merchants is two accounts: wrong passwords at one are not counted at
    the other."""
    email = "same@example.lu"
    tenant_a.customer(email)
    tenant_b.customer(email)
    for _ in range(LIMITS["ACCOUNT_FAILURES"]):
        api_token(tenant_a, email, "wrong", address=new_address())
    assert api_token(tenant_a, email, PASSWORD, address=new_address()).status_code == 429
    assert api_token(tenant_b, email, PASSWORD, address=new_address()).status_code == 201


def test_unknown_and_known_accounts_are_answered_alike(tenant_a, clock):
    known, unknown = tenant_a.owner().email, "nobody@alpha.test"
    for email in (known, unknown):
        answers = [api_token(tenant_a, email, "wrong").status_code for _ in range(LIMITS["ACCOUNT_ADDRESS_FAILURES"])]
        assert answers == [400] * LIMITS["ACCOUNT_ADDRESS_FAILURES"]
        assert api_token(tenant_a, email, "wrong").status_code == 429


def test_the_current_password_of_a_password_change_is_limited_too(tenant_a, clock):
    customer = tenant_a.customer()
    browser = tenant_a.client(customer)
    form = {"oldpassword": "wrong", "password1": "Another-Horse-43", "password2": "Another-Horse-43"}
    for _ in range(LIMITS["ACCOUNT_ADDRESS_FAILURES"]):
        page = browser.post("/accounts/password/change/", form, REMOTE_ADDR="203.0.113.1")
        assert page.status_code == 200 and not refused(page)
    assert refused(browser.post("/accounts/password/change/", form, REMOTE_ADDR="203.0.113.1"))
    # and those failures count with the sign-in's
    assert api_token(tenant_a, customer.email, PASSWORD).status_code == 429
    right = {**form, "oldpassword": PASSWORD}
    assert refused(browser.post("/accounts/password/change/", right, REMOTE_ADDR="203.0.113.1"))
