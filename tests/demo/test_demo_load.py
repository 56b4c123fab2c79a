"""demo_load: the demo merchants, stores, teams and domains, idempotent."""

from django.core.management import call_command
from django.test import Client

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
