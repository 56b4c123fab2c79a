"""demo_load's loyalty programmes: one per demo merchant, PINs for the demo staff, cards with
months of history whose balances equal their ledgers, idempotent."""

from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps.demo.loyalty_pins import STAFF_PINS
from apps.loyalty import services
from apps.loyalty.models import Card, LedgerDay, Program, StaffPin, Transaction
from apps.loyalty.platform.models import ProgramDirectory
from apps.tenancy.models import Merchant, Store


def test_demo_loyalty_programmes_pins_and_history(db):
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    kinds = {}
    for merchant in Merchant.objects.filter(name__in=["WizaCorp Ltd.", "Fashion Group S.A.", "BookWorld Publishing"]):
        with tenant_context(merchant):
            kinds[merchant.name] = Program.objects.get().kind
            cards = Card.objects.all()
            assert cards.count() >= 25
            for card in cards:
                sums = card.transactions.aggregate(s=Sum("stamps_delta"), p=Sum("points_delta"))
                assert (card.stamps_balance, card.points_balance) == (sums["s"] or 0, sums["p"] or 0)
            oldest = Transaction.objects.order_by("created_at").first().created_at
            assert (timezone.now() - oldest).days >= 30
            stores = set(Transaction.objects.values_list("store_id", flat=True))
            assert len(stores) == Store.objects.filter(merchant=merchant).count()  # history across stores
            day_sum = LedgerDay.objects.aggregate(p=Sum("points"), s=Sum("stamps"))
            ledger_sum = Transaction.objects.aggregate(p=Sum("points_delta"), s=Sum("stamps_delta"))
            assert (day_sum["p"], day_sum["s"]) == (ledger_sum["p"], ledger_sum["s"])
    assert kinds == {"WizaCorp Ltd.": "stamps", "Fashion Group S.A.": "points", "BookWorld Publishing": "hybrid"}
    assert ProgramDirectory.objects.get(merchant__name="WizaCorp Ltd.").members >= 25
    orion = Store.objects.select_related("merchant").get(code="ORION")
    with tenant_context(orion.merchant):
        assert StaffPin.objects.filter(store_id=orion.id).count() == len(STAFF_PINS["ORION"])
        rules = services.rules_get()
        alice = StaffPin.objects.get(store_id=orion.id, name="Alice Manager")
        assert services.pin_verify(store=orion, rules=rules, pin_id=alice.pk, pin="1234") == alice
