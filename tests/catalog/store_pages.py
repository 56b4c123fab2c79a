"""The catalog's store pages in tests: where they are, data made through the services, form
data and what the pages say."""

from __future__ import annotations

import io

from django import forms
from PIL import Image

from apps.catalog import services
from apps.catalog.models import Category, Product
from apps.catalog.product_editor import intents_for

BASE = "/store/ALPHA/catalog/"


def make_product(tenant, sku: str, *, title: str = "", price: str = "10.00", stock: int = 5, **data) -> Product:
    with tenant:
        return services.product_create(
            store=tenant.store,
            actor=None,
            data={"sku": sku, "title": {"en": title or f"Product {sku}"}, "price": price, "status": "active", **data},
            stock=stock,
        )


def make_category(tenant, name: str, parent: Category | None = None) -> Category:
    with tenant:
        return services.category_create(
            store=tenant.store, actor=None, name={"en": name}, parent_id=parent.pk if parent else None
        )


def product_form_data(**overrides) -> dict:
    """The new-product form filled in, published with its main variant's opening stock of 3."""
    data = {
        "sku": "NEW-1",
        "gtin": "",
        "brand": "Bernard-Massard",
        "price": "12.50",
        "compare_at_price": "",
        "cost_price": "",
        "vat_rate": "17.00",
        "weight_grams": "",
        "slug": "",
        "title_en": "Crémant Brut",
        "title_fr": "Crémant brut",
        "description_en": "Fine bubbles.",
        "intent": "publish",
        **rows_management(1),
        "new-0-stock": "3",
    }
    data.update(overrides)
    return data


def rows_management(rows: int) -> dict:
    """The management form of the product form's new-variant rows."""
    return {
        "new-TOTAL_FORMS": str(rows),
        "new-INITIAL_FORMS": "0",
        "new-MIN_NUM_FORMS": "0",
        "new-MAX_NUM_FORMS": "100",
    }


def form_data(page, **overrides) -> dict:
    """What a browser posts when the product form shown by `page` is sent as it is (with the first
    button), changed by `overrides`."""
    editor = page.context["editor"]
    data = {}
    for form in editor.all_forms():
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            if field.disabled or isinstance(field, forms.FileField):
                continue
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(field, forms.MultipleChoiceField):
                data[bound.html_name] = [str(v) for v in value or []]
            else:
                data[bound.html_name] = "" if value is None else str(value)
    if editor.new_rows is not None:
        management = editor.new_rows.management_form
        data.update({management[name].html_name: str(management[name].value()) for name in management.fields})
    data["intent"] = intents_for(editor.product)[0]
    data.update(overrides)
    return data


def png_bytes(size=(20, 10), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
