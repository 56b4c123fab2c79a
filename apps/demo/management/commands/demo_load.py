"""Load the demo merchants, stores, teams, customers and domains, and the setup wizards of the
merchants' first stores (apps/demo/onboarding.py: ORION and FASHIONHUB finished, BOOKSTORE halfway).
Safe to run again: what exists is left as it is, what is missing is added."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps.accounts.models import User
from apps.accounts.services import membership_set, user_create
from apps.core.roles import Role
from apps.demo.loyalty import demo_loyalty_load
from apps.demo.onboarding import demo_wizard_load
from apps.loyalty.services.directory import directory_refresh
from apps.onboarding.services import merchant_signup
from apps.tenancy.models import Domain, Store
from apps.tenancy.services import store_ensure_subdomain

PASSWORD = "demo1234"

MERCHANTS = [
    {
        "company": "WizaCorp Ltd.",
        "owner": ("john.owner@wizacorp.com", "John Owner"),
        "stores": [
            ("ORION", "Orion", "Everyday tech, fairly priced", "en"),
            ("WIZAGADGETS", "WizaGadgets", "Gadgets for curious minds", "en"),
            ("WIZAHOME", "WizaHome", "Home goods for every room", "fr"),
        ],
        "team": [
            ("alice.manager@wizacorp.com", "Alice Manager", Role.MANAGER, ["ORION", "WIZAGADGETS"]),
            ("charlie.staff@wizacorp.com", "Charlie Staff", Role.EDITOR, ["WIZAHOME"]),
        ],
        "customers": [
            ("marie.schmit@example.lu", "Marie Schmit"),
            ("paul.weber@example.lu", "Paul Weber"),
            ("lea.muller@example.lu", "Léa Muller"),
        ],
        "domains": [("orion.shop", "ORION")],
    },
    {
        "company": "Fashion Group S.A.",
        "owner": ("jane.owner@fashiongroup.com", "Jane Owner"),
        "stores": [
            ("FASHIONHUB", "Fashion Hub", "Luxembourg's wardrobe", "fr"),
            ("FASHIONOUTLET", "Fashion Outlet", "Last season, best prices", "fr"),
        ],
        "team": [
            ("diana.stylist@fashiongroup.com", "Diana Stylist", Role.EDITOR, ["FASHIONHUB", "FASHIONOUTLET"]),
            ("eric.sales@fashiongroup.com", "Eric Sales", Role.CASHIER, ["FASHIONOUTLET"]),
        ],
        "customers": [
            ("sophie.klein@example.lu", "Sophie Klein"),
            ("marc.hoffmann@example.lu", "Marc Hoffmann"),
            ("anna.reuter@example.lu", "Anna Reuter"),
        ],
        "domains": [("fashionhub.store", "FASHIONHUB")],
    },
    {
        "company": "BookWorld Publishing",
        "owner": ("bob.owner@bookworld.com", "Bob Owner"),
        "stores": [
            ("BOOKSTORE", "BookWorld Store", "Books in four languages", "de"),
            ("BOOKDIGITAL", "BookWorld Digital", "E-books and audiobooks", "en"),
        ],
        "team": [
            ("fiona.editor@bookworld.com", "Fiona Editor", Role.EDITOR, ["BOOKSTORE", "BOOKDIGITAL"]),
        ],
        "customers": [("tom.wagner@example.lu", "Tom Wagner"), ("julie.becker@example.lu", "Julie Becker")],
        "domains": [],
    },
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent)."

    def handle(self, *args, **options):
        self._platform_admin()
        for spec in MERCHANTS:
            self._merchant(spec)
            self._wizard(spec)
            self._loyalty(spec)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))

    def _platform_admin(self) -> None:
        if not User.objects.filter(email="admin@example.com").exists():
            User.objects.create_superuser(email="admin@example.com", password=PASSWORD, full_name="Platform Admin")
            self.stdout.write("  platform admin admin@example.com")

    def _wizard(self, spec: dict) -> None:
        """The setup wizard of the merchant's first store, as a demo merchant left it."""
        store = Store.objects.select_related("merchant").get(code=spec["stores"][0][0])
        with tenant_context(store.merchant):
            owner = User.objects.get(email=spec["owner"][0])
            if demo_wizard_load(store=store, actor=owner):
                status = store.onboarding.get_status_display().lower()
                self.stdout.write(f"  {store.code}: setup wizard {status}")

    def _loyalty(self, spec: dict) -> None:
        """The merchant's loyalty programme, staff PINs and cards with their history."""
        store = Store.objects.select_related("merchant").get(code=spec["stores"][0][0])
        with tenant_context(store.merchant):
            line = demo_loyalty_load(first_store=store, customers=[email for email, _name in spec["customers"]])
        directory_refresh(merchant=store.merchant)  # the platform admin's figures, without waiting for beat
        if line:
            self.stdout.write(f"  {line}")

    def _merchant(self, spec: dict) -> None:
        first_code, first_name, first_tagline, first_lang = spec["stores"][0]
        store = Store.objects.filter(code=first_code).select_related("merchant").first()
        owner_email, owner_name = spec["owner"]
        if store is None:
            merchant, store, _owner, _token = merchant_signup(
                company=spec["company"],
                store_name=first_name,
                store_code=first_code,
                owner_name=owner_name,
                email=owner_email,
                password=PASSWORD,
                language=first_lang,
                send_welcome=False,
                email_confirmed=True,
                onboarded=True,
            )
            self.stdout.write(f"  merchant {merchant.name}")
        merchant = store.merchant
        with transaction.atomic():
            stores = {}
            for code, name, tagline, lang in spec["stores"]:
                s, created = Store.objects.get_or_create(
                    code=code,
                    defaults={
                        "merchant": merchant,
                        "name": name,
                        "language": lang,
                        "contact_email": f"hello@{code.lower()}.lu",
                    },
                )
                if created or not s.tagline:
                    s.tagline = tagline
                    s.save(update_fields=["tagline", "updated_at"])
                store_ensure_subdomain(store=s)
                stores[code] = s
            for host, code in spec["domains"]:
                Domain.objects.update_or_create(
                    domain=host,
                    defaults={
                        "tenant": merchant,
                        "store": stores[code],
                        "kind": Domain.Kind.CUSTOM,
                        "status": Domain.Status.ACTIVE,
                        "verified_at": timezone.now(),
                        "is_primary": False,
                    },
                )
            with tenant_context(merchant):
                owner = User.objects.get(email=owner_email)
                for s in stores.values():
                    membership_set(user=owner, store=s, role=Role.OWNER)
                for email, name, role, codes in spec["team"]:
                    user = User.objects.filter(email=email).first() or user_create(
                        email=email, password=PASSWORD, full_name=name, verified=True
                    )
                    for code in codes:
                        membership_set(user=user, store=stores[code], role=role)
                for email, name in spec["customers"]:
                    if not User.objects.filter(email=email).exists():
                        user_create(email=email, password=PASSWORD, full_name=name, verified=True)
