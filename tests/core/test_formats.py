"""Dates and numbers follow the store's language as written in Luxembourg: day before month, a
24-hour clock, 1.234,50 in French, German and Luxembourgish (config/formats)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from apps.catalog.models import StockMovement

from ..catalog.factories import product

WHEN = dt.datetime(2026, 11, 30, 14, 30)


def render(language: str, source: str, **context) -> str:
    with translation.override(language):
        return Template("{% load l10n %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "short_date", "date", "short_datetime", "number"),
    [
        ("en", "30/11/2026", "30 Nov 2026", "30/11/2026 14:30", "1,234.50"),
        ("fr", "30/11/2026", "30 novembre 2026", "30/11/2026 14:30", "1.234,50"),
        ("de", "30.11.2026", "30. November 2026", "30.11.2026 14:30", "1.234,50"),
        ("lb", "30.11.2026", "30. November 2026", "30.11.2026 14:30", "1.234,50"),
    ],
)
def test_dates_and_numbers_follow_the_language_with_luxembourg_conventions(
    language, short_date, date, short_datetime, number
):
    assert render(language, '{{ d|date:"SHORT_DATE_FORMAT" }}', d=WHEN) == short_date
    assert render(language, "{{ d|date }}", d=WHEN) == date
    assert render(language, '{{ d|date:"SHORT_DATETIME_FORMAT" }}', d=WHEN) == short_datetime
    assert render(language, '{{ n|floatformat:"2g" }}', n=Decimal("1234.5")) == number


def test_english_is_not_us_english():
    assert render("en", "{{ d }}", d=WHEN) == "30 Nov 2026, 14:30"
    assert "Nov. 30" not in render("en", "{{ d|date }} {{ d }}", d=WHEN)
    assert "p.m." not in render("en", "{{ d|time }}", d=WHEN)


def test_the_ledger_shows_dates_the_luxembourg_way(tenant_a):
    with tenant_a:
        product(tenant_a.store, sku="LEDGER-1", stock=5)  # its opening stock is a movement
        created = StockMovement.objects.latest("created_at").created_at
    page = tenant_a.client(tenant_a.owner()).get("/store/ALPHA/catalog/inventory/ledger/").content.decode()
    local = timezone.localtime(created, zoneinfo.ZoneInfo(tenant_a.store.time_zone))
    assert local.strftime("%d/%m/%Y %H:%M") in page  # the store speaks English
    assert local.strftime("%m/%d/%Y") not in page or local.day == local.month
