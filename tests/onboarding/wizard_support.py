"""The setup wizard in tests: a gated store and the data of a valid merchant profile."""

from __future__ import annotations

import pytest

from apps.onboarding.wizard import progress_create

API = "/api/v1/store/onboarding"

PROFILE = {
    "company": "Alpha S.A.",
    "vat_number": "LU 1234 5678",
    "street": "12, rue du Marché",
    "postcode": "1234",
    "city": "Luxembourg",
    "country": "LU",
    "contact_email": "hello@alpha.test",
    "contact_phone": "+352 621 123 456",
    "sells_on_letzshop": "yes",
}


@pytest.fixture
def gated(tenant_a):
    """tenant_a whose first store has just signed up: its wizard is not started."""
    progress_create(store=tenant_a.store)
    return tenant_a
