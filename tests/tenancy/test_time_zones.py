"""The store settings offer the current time zones only (about 420, grouped by region, Luxembourg
first) instead of every name the database knows (about 600, retired aliases included), and still
accept a store's own old zone."""

from __future__ import annotations

import zoneinfo

from apps.tenancy.forms import StoreSettingsForm
from apps.tenancy.timezones import canonical_time_zones, time_zone_choices

SETTINGS = {
    "name": "Alpha",
    "tagline": "",
    "contact_email": "hi@alpha.lu",
    "contact_phone": "+352 123",
    "address": "1 Rue X",
    "language": "en",
}


def offered(choices) -> list[str]:
    names = []
    for value, label in choices:
        names.extend(name for name, _label in label) if isinstance(label, list) else names.append(value)
    return names


def test_only_current_zones_are_offered_luxembourg_first():
    names = offered(time_zone_choices())
    assert names[0] == "Europe/Luxembourg" and names[1] == "UTC"
    assert len(names) == len(set(names)) == len(canonical_time_zones())
    assert 400 < len(names) < 450 < len(zoneinfo.available_timezones())
    for retired in ("US/Pacific-New", "US/Pacific", "Etc/GMT+5", "Europe/Kiev", "Cuba", "GB", "EST5EDT"):
        assert retired not in names, retired
    for current in ("Europe/Berlin", "Europe/Kyiv", "America/Argentina/Buenos_Aires", "Asia/Tokyo"):
        assert current in names, current
    assert all(zone in zoneinfo.available_timezones() for zone in names)


def test_zones_are_grouped_by_region():
    groups = {label: [name for name, _ in zones] for label, zones in time_zone_choices() if isinstance(zones, list)}
    assert list(groups)[0] == "Europe"
    assert "Europe/Paris" in groups["Europe"] and "Asia/Tokyo" in groups["Asia"]
    assert dict(time_zone_choices()[2][1])["Europe/Paris"] == "Paris"
    assert dict(groups and time_zone_choices()[4][1])["America/Argentina/Buenos_Aires"] == "Argentina/Buenos Aires"


def test_settings_form_offers_current_zones_and_keeps_a_stores_old_one(tenant_a):
    store = tenant_a.store
    form = StoreSettingsForm(instance=store)
    assert "US/Pacific" not in offered(form.fields["time_zone"].choices)
    assert not StoreSettingsForm({**SETTINGS, "time_zone": "US/Pacific"}, instance=store).is_valid()

    store.time_zone = "US/Pacific"  # chosen when the old list offered it
    form = StoreSettingsForm({**SETTINGS, "time_zone": "US/Pacific"}, instance=store)
    assert offered(form.fields["time_zone"].choices)[0] == "US/Pacific"
    assert form.is_valid(), form.errors


def test_settings_page_keeps_a_stored_old_zone_and_refuses_other_retired_ones(tenant_a):
    with tenant_a:
        type(tenant_a.store).objects.filter(pk=tenant_a.store.pk).update(time_zone="Europe/Kiev")
    client = tenant_a.client(tenant_a.owner())
    page = client.get("/store/ALPHA/settings/").content.decode()
    assert page.count("<option") < 450 and '<optgroup label="Europe">' in page
    assert '<option value="Europe/Kiev" selected>' in page
    kept = client.post("/store/ALPHA/settings/", {**SETTINGS, "time_zone": "Europe/Kiev"})
    assert kept.status_code == 302
    refused = client.post("/store/ALPHA/settings/", {**SETTINGS, "time_zone": "US/Pacific-New"})
    assert refused.status_code == 200 and "time_zone" in refused.context["form"].errors
    moved = client.post("/store/ALPHA/settings/", {**SETTINGS, "time_zone": "Europe/Kyiv"})
    assert moved.status_code == 302
    tenant_a.store.refresh_from_db()
    assert tenant_a.store.time_zone == "Europe/Kyiv"
