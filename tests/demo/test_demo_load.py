"""demo_load: the demo merchants, stores, teams and domains, idempotent."""

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from apps.onboarding.models import OnboardingEvent, OnboardingProgress
from apps.onboarding.selectors import onboarding_funnel, progress_stuck
from apps.tenancy.models import Domain, Merchant, Store


def test_demo_data_loads_twice_without_duplicates(db):
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Merchant.objects.count(), Store.objects.count(), Domain.objects.count())
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Merchant.objects.count(), Store.objects.count(), Domain.objects.count()) == counts
    wizacorp = Store.objects.filter(merchant__name="WizaCorp Ltd.").values_list("code", flat=True)
    assert sorted(wizacorp) == ["ORION", "WIZAGADGETS", "WIZAHOME"]
    assert Domain.objects.get(domain="orion.shop").status == "active"
    orion = Client(HTTP_HOST="orion.testserver.local")
    response = orion.post("/store/ORION/login/", {"login": "alice.manager@wizacorp.com", "password": "demo1234"})
    assert response.status_code == 302
    assert orion.get("/store/ORION/team/").status_code == 200
    # same merchant, same session table: signed in, but no role in WIZAHOME
    assert orion.get("/store/WIZAHOME/", HTTP_HOST="wizahome.testserver.local").status_code == 403


def test_demo_wizards_two_finished_one_halfway(db):
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    orion, fashion, books = (
        OnboardingProgress.objects.get(store__code=c) for c in ("ORION", "FASHIONHUB", "BOOKSTORE")
    )
    assert orion.status == fashion.status == "completed" and orion.completed_at < timezone.now()
    done = dict(orion.steps.filter(status="completed").values_list("step", "seconds"))
    assert done == {"merchant_profile": 262, "letzshop_api": 148, "product_import": 391, "order_sync": 173}
    assert set(fashion.steps.filter(status="not_applicable").values_list("step", flat=True)) == {
        "letzshop_api",
        "product_import",
        "order_sync",
    }
    assert books.status == "in_progress" and books.current_step == "letzshop_api"
    assert OnboardingProgress.objects.count() == 3 and OnboardingEvent.objects.filter(kind="error").count() == 2
    funnel = {row.key: row for row in onboarding_funnel()}
    assert (funnel["merchant_profile"].started, funnel["merchant_profile"].completed) == (3, 3)
    assert (funnel["letzshop_api"].started, funnel["letzshop_api"].completed) == (2, 1)
    assert funnel["product_import"].median_seconds == 391
    assert [p.store.code for p in progress_stuck()] == ["BOOKSTORE"]
    # Bob sees the wizard at its Letzshop step; the finished stores' pages are open
    bob = Client(HTTP_HOST="bookstore.testserver.local")
    bob.post("/store/BOOKSTORE/login/", {"login": "bob.owner@bookworld.com", "password": "demo1234"})
    response = bob.get("/store/BOOKSTORE/")
    assert response.status_code == 302 and "/onboarding/" in response["Location"]
    assert Merchant.objects.get(name="BookWorld Publishing").vat_number == "LU31415926"
