"""The time zones a store can choose: the current zones of the IANA database, one list per region,
Luxembourg's first. `zoneinfo.available_timezones()` also holds some 180 retired names and aliases
(US/Pacific-New, Etc/GMT+5, Europe/Kiev, Cuba ...); the database's own zone.tab (from the `tzdata`
package) lists each country's zones under their current names, which is what a merchant picks
from."""

from __future__ import annotations

from functools import cache
from importlib import resources

from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Europe/Luxembourg"

REGIONS = {
    "Europe": _("Europe"),
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}


@cache
def canonical_time_zones() -> frozenset[str]:
    """The current zone names of zone.tab (about 420), plus UTC."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    names = {line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")}
    return frozenset({*names, "UTC"})


def _label(name: str) -> str:
    """The name within its region: "America/Argentina/Buenos_Aires" -> "Argentina/Buenos Aires"."""
    return name.split("/", 1)[-1].replace("_", " ")


def time_zone_choices(current: str = "") -> list:
    """Grouped choices for a form: Europe/Luxembourg and UTC, then each region's zones. A store's
    `current` zone that is no longer offered (an old alias) stays at the top, so that saving the
    settings keeps it until the merchant picks another."""
    zones = canonical_time_zones()
    first = [DEFAULT_TIME_ZONE, "UTC"]
    if current and current not in zones:
        first.insert(0, current)
    choices: list = [(name, name) for name in first]
    for prefix, region in REGIONS.items():
        names = sorted((name for name in zones - set(first) if name.split("/", 1)[0] == prefix), key=_label)
        choices.append((region, [(name, _label(name)) for name in names]))
    return choices
