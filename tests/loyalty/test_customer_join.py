"""Journey 4: a customer joins on the store's public page, sees the card once, and gets the
welcome e-mail from the store in its language. The refusals: no programme, programme off, the
platform's policy, an e-mail already enrolled, bad input, too many joins from one address."""

from __future__ import annotations

import pytest
from django.core import mail

from apps.loyalty.models import Card, Program, Transaction
from apps.loyalty.platform.models import MerchantLoyaltyPolicy
from apps.orders import services as order_services
from apps.orders.models import Customer

from .factories import card_make, program_make

JOIN = "/loyalty/join/"
SUCCESS = "/loyalty/join/success/"


def form(**fields):
    return {"first_name": "Lea", "last_name": "Muller", "email": "lea@example.lu", "terms_accepted": "on", **fields}


@pytest.fixture
def program(tenant_a):
    with tenant_a:
        return program_make(Program.Kind.HYBRID, welcome_bonus_points=50, name="Alpha Club")


@pytest.mark.parametrize(("language", "hello"), [("fr", "Bonjour Lea,"), ("de", "Hallo Lea,")])
def test_journey_4_join_success_page_and_welcome_email_in_the_stores_language(
    tenant_a, program, django_capture_on_commit_callbacks, language, hello
):
    tenant_a.store.language = language
    tenant_a.store.save(update_fields=["language"])
    client = tenant_a.client()
    page = client.get(f"{JOIN}?ref=ABCD2345")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alpha Club" in html and 'value="ABCD2345"' in html and "--loyalty-bg:#1f3a5f" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN, form(marketing_consent="on"))
    assert response.status_code == 302
    with tenant_a:
        card = Card.objects.select_related("customer").get(customer__email="lea@example.lu")
        assert card.points_balance == 50 and card.customer.marketing_consent
        assert card.transactions.get().kind == Transaction.Kind.WELCOME
        assert card.enrolled_store_id == tenant_a.store.id
    assert response["Location"] == f"{SUCCESS}?card={card.number}"
    success = client.get(response["Location"])
    assert success.status_code == 200
    body = success.content.decode()
    assert card.display_number in body and "<svg" in body and 'class="loyalty-qr"' in body
    [welcome] = mail.outbox
    assert welcome.to == ["lea@example.lu"]
    assert welcome.subject.startswith(f"{tenant_a.store.name}: ")
    assert tenant_a.store.name in welcome.from_email
    assert welcome.extra_headers["Content-Language"] == language
    assert hello in welcome.body and card.display_number in welcome.body


def test_success_page_shows_only_the_card_enrolled_in_this_session(tenant_a, program):
    with tenant_a:
        other = card_make(tenant_a.store, "other@example.lu")
    client = tenant_a.client()
    # guessing a number: back to the join page
    assert client.get(f"{SUCCESS}?card={other.number}")["Location"] == JOIN
    response = client.post(JOIN, form())
    with tenant_a:
        mine = Card.objects.get(customer__email="lea@example.lu")
    assert client.get(f"{SUCCESS}?card={mine.number}").status_code == 200
    # the same browser asking for another card's number, or none
    assert client.get(f"{SUCCESS}?card={other.number}").status_code == 302
    assert client.get(SUCCESS).status_code == 302
    # another browser cannot see the new card
    assert tenant_a.client().get(response["Location"])["Location"] == JOIN


def test_an_email_with_a_card_gets_a_form_error(tenant_a, program):
    with tenant_a:
        card_make(tenant_a.store, "lea@example.lu")
    response = tenant_a.client().post(JOIN, form(email="LEA@example.lu"))
    assert response.status_code == 400
    assert "already enrolled" in response.content.decode()
    with tenant_a:
        assert Card.objects.count() == 1


def test_no_programme_programme_off_and_platform_policy_refuse_clearly(tenant_a):
    client = tenant_a.client()
    assert client.get(JOIN).status_code == 404
    with tenant_a:
        program_make(is_active=False)
    response = client.get(JOIN)
    assert response.status_code == 403 and "switched off" in response.content.decode()
    assert client.post(JOIN, form()).status_code == 403
    with tenant_a:
        Program.objects.update(is_active=True)
    MerchantLoyaltyPolicy.objects.create(merchant=tenant_a.merchant, self_enrolment=False)
    response = client.get(JOIN)
    assert response.status_code == 403 and "at the counter" in response.content.decode()
    assert client.post(JOIN, form()).status_code == 403
    with tenant_a:
        assert not Card.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "not-an-email"},
        {"terms_accepted": ""},
        {"first_name": "x" * 5000},
        {"email": "a" * 300 + "@example.lu"},
        {"referral_code": "R" * 1000},
        {"first_name": ""},
    ],
)
def test_bad_input_is_a_form_error_never_a_500(tenant_a, program, fields):
    response = tenant_a.client().post(JOIN, form(**fields))
    assert response.status_code == 400
    assert 'class="errors"' in response.content.decode()
    with tenant_a:
        assert not Card.objects.exists()


def test_an_unknown_referral_code_is_ignored_and_a_known_one_recorded(tenant_a, tenant_b):
    with tenant_a:
        program_make(referrals_enabled=True)
        friend_of = card_make(tenant_a.store, "referrer@example.lu")
    client = tenant_a.client()
    assert client.post(JOIN, form(referral_code=friend_of.referral_code.lower())).status_code == 302
    assert client.post(JOIN, form(email="x@example.lu", referral_code="NOPE2345")).status_code == 302
    with tenant_a:
        assert Card.objects.get(customer__email="lea@example.lu").referred_by_id == friend_of.pk
        assert Card.objects.get(customer__email="x@example.lu").referred_by_id is None


def test_joining_is_limited_per_address(tenant_a, program):
    client = tenant_a.client()
    for i in range(10):
        assert client.post(JOIN, form(email=f"c{i}@example.lu")).status_code == 302
    response = client.post(JOIN, form(email="eleven@example.lu"))
    assert response.status_code == 400 and "Too many cards" in response.content.decode()


def test_a_signed_in_visitor_gets_the_card_on_their_account(tenant_a, program):
    user = tenant_a.customer("anna@example.lu")
    client = tenant_a.client(user)
    page = client.get(JOIN)
    assert 'value="anna@example.lu"' in page.content.decode()
    assert client.post(JOIN, form(email="anna@example.lu")).status_code == 302
    with tenant_a:
        card = Card.objects.select_related("customer").get()
        assert card.customer.user_id == user.pk
    assert "You already have a card" in client.get(JOIN).content.decode()


def test_an_existing_guest_customer_is_linked_not_duplicated(tenant_a, program):
    with tenant_a:
        guest = order_services.customer_for_checkout(store=tenant_a.store, email="guest@example.lu")
    assert tenant_a.client().post(JOIN, form(email="Guest@Example.lu")).status_code == 302
    with tenant_a:
        assert Customer.objects.filter(email__iexact="guest@example.lu").count() == 1
        assert Card.objects.get().customer_id == guest.pk


def test_another_merchants_domain_knows_nothing_of_the_card(tenant_a, tenant_b, program):
    client = tenant_a.client()
    client.post(JOIN, form())
    with tenant_a:
        card = Card.objects.get()
    # tenant B has no programme: its join page says so, and never shows A's card
    other = tenant_b.client()
    assert other.get(JOIN).status_code == 404
    assert other.get(f"{SUCCESS}?card={card.number}").status_code in (302, 404)


def test_a_post_without_a_programme_is_refused_not_a_500(tenant_a):
    client = tenant_a.client()
    assert client.post(JOIN, {"email": "bad"}).status_code == 404
    assert client.post(JOIN, form()).status_code == 404
