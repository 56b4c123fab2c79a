"""Forms of the catalog's store pages. They only shape input: amounts, SKUs, stock and everything
else the catalog cares about is checked by its services, whose errors the views put back on the
form (apps.core.forms.add_error_to_form), so a rule lives in one place."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.forms import PlainNumberField
from apps.core.numbers import MAX_ID

from .models import Product, StockMovement
from .pricing import MAX_PRICE, VatRate
from .texts import Texts, text_field

LANGS = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)
TRANSLATED = {
    # field: (label, max length, textarea rows or 0)
    "title": (_("Title"), 200, 0),
    "description": (_("Description"), None, 6),
    "seo_title": (_("SEO title"), 70, 0),
    "seo_description": (_("SEO description"), 160, 2),
}
# Services name one language of a text "title.fr" (texts.py); these forms have a field per
# language, "title_fr". add_error_to_form(form, error, field_map=TEXT_FIELDS) puts an error there.
TEXT_FIELDS = {
    text_field(field, code): f"{field}_{code}" for field in (*TRANSLATED, "name", "alt_text") for code in LANGS
}
PRICE_WIDGET = {"inputmode": "decimal", "autocomplete": "off", "placeholder": "0.00"}
MANUAL_REASONS = [
    (value, label)
    for value, label in StockMovement.Reason.choices
    if value not in (StockMovement.Reason.COUNT, StockMovement.Reason.RESERVED, StockMovement.Reason.RELEASED)
]
SORT_LABELS = {
    "newest": _("Newest first"),
    "updated": _("Recently changed"),
    "title": _("Title A–Z"),
    "sku": _("SKU"),
    "price_asc": _("Price, low to high"),
    "price_desc": _("Price, high to low"),
    "stock_asc": _("Stock, lowest first"),
}


def languages_for(store) -> list[tuple[str, str]]:
    """(code, name) of every language, the store's own language first."""
    first = store.language if store.language in LANGS else LANGS[0]
    return [(first, LANGUAGE_NAMES[first])] + [(c, LANGUAGE_NAMES[c]) for c in LANGS if c != first]


def category_choices(tree) -> list[tuple[str, str]]:
    """Choices from selectors.category_tree, indented by depth."""
    return [(str(category.pk), "\u2003" * depth + str(category.name)) for category, depth in tree]


PRICE_ERROR = _("Enter an amount of 0 or more with at most two decimals.")


def _price(label, required=False, help_text=""):
    """An amount as the price columns hold it; the services check it again (their rules, their
    messages), so the form's message is theirs."""
    return PlainNumberField(
        label=label,
        required=required,
        help_text=help_text,
        decimal_places=2,
        min_value=0,
        max_value=MAX_PRICE,
        error_messages={code: PRICE_ERROR for code in ("invalid", "min_value", "max_value", "max_decimal_places")},
        widget=forms.TextInput(attrs=PRICE_WIDGET),
    )


def _count(label, *, min_value=0, max_value=1_000_000, **kwargs):
    """A quantity or count of units: a whole number in plain digits."""
    return PlainNumberField(label=label, min_value=min_value, max_value=max_value, **kwargs)


def _disable(form: forms.Form) -> None:
    for field in form.fields.values():
        field.disabled = True


# --- Products -------------------------------------------------------------------------------------


class ProductFilterForm(forms.Form):
    """The list's search and filters. Read leniently: unknown values are dropped, never refused."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    brand = forms.ChoiceField(label=_("Brand"), required=False)
    stock = forms.ChoiceField(
        label=_("Stock"),
        required=False,
        choices=[("", _("Any stock")), ("low", _("Low stock")), ("out", _("Out of stock"))],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, data, *, categories, brands):
        super().__init__(data)
        self.fields["status"].choices = [("", _("Any status")), *Product.Status.choices]
        self.fields["category"].choices = [("", _("Any category")), *category_choices(categories)]
        self.fields["brand"].choices = [("", _("Any brand")), *((b, b) for b in brands)]
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Title, SKU, barcode or brand"))

    def filters(self) -> dict[str, str]:
        """The valid filters; invalid ones count as not given."""
        self.is_valid()
        clean = getattr(self, "cleaned_data", {})
        return {name: clean[name] for name in ("q", "status", "category", "brand", "stock") if clean.get(name)}

    def chosen_sort(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("sort") or "newest"


class ProductForm(forms.Form):
    sku = forms.CharField(
        label=_("SKU"), max_length=64, widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"})
    )
    gtin = forms.CharField(
        label=_("GTIN / EAN"),
        max_length=14,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    brand = forms.CharField(label=_("Brand"), max_length=120, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Product.Status.choices, initial=Product.Status.DRAFT)
    price = _price(_("Price incl. VAT"), required=True)
    compare_at_price = _price(_("Compare-at price"), help_text=_("The former price, shown struck through."))
    cost_price = _price(_("Cost price"), help_text=_("Not shown to customers or cashiers."))
    vat_rate = forms.ChoiceField(label=_("VAT rate"), initial=str(VatRate.STANDARD))
    weight_grams = _count(_("Weight (g)"), required=False, max_value=10_000_000)
    is_featured = forms.BooleanField(label=_("Featured on the storefront"), required=False)
    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to make one from the title."),
    )
    categories = forms.MultipleChoiceField(label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple)
    stock = _count(_("Stock on hand"), required=False, initial=0)

    MAIN = ("sku", "gtin", "brand", "status", "price", "compare_at_price", "cost_price", "vat_rate", "weight_grams")

    def __init__(
        self, *args, store, categories, product: Product | None = None, read_only=False, show_costs=False, **kwargs
    ):
        if product is not None:
            kwargs.setdefault("initial", self.initial_from(product))
        super().__init__(*args, **kwargs)
        self.store, self.product = store, product
        if not show_costs:
            del self.fields["cost_price"]  # roles without catalog.costs neither see nor send it
        self.languages = languages_for(store)
        self.fields["vat_rate"].choices = [(str(value), label) for value, label in VatRate.choices]
        self.fields["categories"].choices = category_choices(categories)
        if product is not None:
            del self.fields["stock"]  # stock changes go through the inventory page and its ledger
        for code, _name in self.languages:
            for field, (label, max_length, rows) in TRANSLATED.items():
                widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
                widget.attrs["lang"] = code
                self.fields[f"{field}_{code}"] = forms.CharField(
                    label=label, max_length=max_length, required=False, widget=widget
                )
            self.fields[f"title_{code}"].help_text = (
                _("Required in at least one language.") if code == self.languages[0][0] else ""
            )
            self.fields[f"seo_title_{code}"].help_text = _("Up to 70 characters. Empty: the title.")
        if read_only:
            _disable(self)

    @staticmethod
    def initial_from(product: Product) -> dict:
        initial = {
            "sku": product.sku,
            "gtin": product.gtin,
            "brand": product.brand,
            "status": product.status,
            "price": str(product.price),
            "compare_at_price": "" if product.compare_at_price is None else str(product.compare_at_price),
            "cost_price": "" if product.cost_price is None else str(product.cost_price),
            "vat_rate": str(product.vat_rate),
            "weight_grams": product.weight_grams,
            "is_featured": product.is_featured,
            "slug": product.slug,
            "categories": [str(c.pk) for c in product.categories.all()],
        }
        for code in LANGS:
            for field in TRANSLATED:
                initial[f"{field}_{code}"] = getattr(product, f"{field}_{code}", "") or ""
        return initial

    def language_fields(self):
        """[(code, name, [bound fields], has errors)] for the language tabs."""
        result = []
        for code, name in self.languages:
            fields = [self[f"{field}_{code}"] for field in TRANSLATED]
            result.append((code, name, fields, any(f.errors for f in fields)))
        return result

    def main_fields(self):
        return [self[name] for name in self.MAIN if name in self.fields]

    def service_data(self, *, changed_only: bool) -> tuple[dict, list[int] | None]:
        """The service's `data` and `category_ids` (None: leave the categories alone). Texts come
        as the services take them: {"title": {"fr": ...}}."""
        names = [n for n in self.cleaned_data if n not in ("categories", "stock")]
        if changed_only:
            names = [n for n in names if n in self.changed_data]
        columns = {f"{field}_{code}": (field, code) for field in TRANSLATED for code in LANGS}
        data: dict = {}
        for name in names:
            if name in columns:
                field, code = columns[name]
                data.setdefault(field, {})[code] = self.cleaned_data[name]
            else:
                data[name] = self.cleaned_data[name]
        for name in ("gtin", "brand"):
            if name in data:
                data[name] = data[name].strip()
        if not changed_only and not data.get("slug"):
            data.pop("slug", None)
        categories = None
        if not changed_only or "categories" in self.changed_data:
            categories = [int(pk) for pk in self.cleaned_data["categories"]]
        return data, categories


BULK_ACTION_CHOICES = [
    ("", _("Choose an action …")),
    ("activate", _("Activate")),
    ("draft", _("Set to draft")),
    ("archive", _("Archive")),
    ("feature", _("Feature")),
    ("unfeature", _("Stop featuring")),
    ("set_category", _("Add to category …")),
    ("price_percent", _("Change price by % …")),
    ("delete", _("Delete")),
]


PERCENT_ERROR = _("Enter a change between -99.99 % and +1000 %, not 0.")
CATEGORY_ERROR = _("Choose a category.")
# the parameters each action takes; those of other actions are ignored, whatever they hold
BULK_PARAMETERS = {"set_category": ("category_id",), "price_percent": ("percent",)}


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Bulk action"),
        choices=BULK_ACTION_CHOICES,
        error_messages={"required": _("Choose a bulk action."), "invalid_choice": _("Choose a bulk action.")},
    )
    scope = forms.ChoiceField(required=False, choices=[("selected", "selected"), ("all", "all")])
    category_id = PlainNumberField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={code: CATEGORY_ERROR for code in ("invalid", "min_value", "max_value")},
    )
    percent = PlainNumberField(
        required=False,
        decimal_places=2,
        error_messages={code: PERCENT_ERROR for code in ("invalid", "max_decimal_places")},
    )

    def __init__(self, data, *, can_delete: bool):
        super().__init__(data)
        choices = [c for c in BULK_ACTION_CHOICES if can_delete or c[0] != "delete"]
        self.fields["action"].choices = choices

    def clean(self):
        cleaned = super().clean()
        taken = BULK_PARAMETERS.get(cleaned.get("action") or "", ())
        for name in ("category_id", "percent"):
            if name not in taken:
                self.errors.pop(name, None)
                cleaned.pop(name, None)
        return cleaned

    def first_error(self) -> str:
        """The message to show when the form is refused (the action's, else a parameter's)."""
        for name in ("action", "category_id", "percent", "scope"):
            if name in self.errors:
                return self.errors[name][0]
        return _("Choose a bulk action.")

    def product_ids(self) -> list[int]:
        """The ticked ids as integers, those that are not ids left out (the view keeps only
        those of this store's products)."""
        field = PlainNumberField(min_value=1, max_value=MAX_ID)
        ids = set()
        for value in self.data.getlist("ids"):
            try:
                ids.add(field.clean(value))
            except forms.ValidationError:
                continue
        return sorted(ids)

    def params(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("category_id", "percent")}


# --- Variants -------------------------------------------------------------------------------------

OPTION_ROWS = 3


class VariantForm(forms.Form):
    sku = forms.CharField(
        label=_("SKU"), max_length=64, widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"})
    )
    barcode = forms.CharField(
        label=_("Barcode"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    price = _price(_("Price incl. VAT"), help_text=_("Empty: the product's price."))
    stock = _count(_("Stock on hand"), required=False, initial=0)

    def __init__(self, *args, variant=None, read_only=False, **kwargs):
        if variant is not None:
            initial = {
                "sku": variant.sku,
                "barcode": variant.barcode,
                "price": "" if variant.price is None else str(variant.price),
            }
            for i, value in enumerate(variant.option_values.all()[:OPTION_ROWS]):
                initial[f"option_{i}_name"] = str(value.option_type.name)
                initial[f"option_{i}_value"] = str(value.value)
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if variant is not None:
            del self.fields["stock"]
        for i in range(OPTION_ROWS):
            self.fields[f"option_{i}_name"] = forms.CharField(
                label=_("Option"),
                max_length=60,
                required=False,
                widget=forms.TextInput(attrs={"placeholder": _("Size")}),
            )
            self.fields[f"option_{i}_value"] = forms.CharField(
                label=_("Value"), max_length=60, required=False, widget=forms.TextInput(attrs={"placeholder": _("XL")})
            )
        if read_only:
            _disable(self)

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for i in range(OPTION_ROWS):
            name = (cleaned.get(f"option_{i}_name") or "").strip()
            value = (cleaned.get(f"option_{i}_value") or "").strip()
            if bool(name) != bool(value):
                self.add_error(f"option_{i}_value" if name else f"option_{i}_name", _("Fill in both or neither."))
            if name and name.lower() in seen:
                self.add_error(f"option_{i}_name", _("Each option only once."))
            seen.add(name.lower())
        return cleaned

    def option_rows(self):
        return [(self[f"option_{i}_name"], self[f"option_{i}_value"]) for i in range(OPTION_ROWS)]

    def options(self) -> list[tuple[str, str]]:
        pairs = []
        for i in range(OPTION_ROWS):
            name = self.cleaned_data.get(f"option_{i}_name", "").strip()
            value = self.cleaned_data.get(f"option_{i}_value", "").strip()
            if name and value:
                pairs.append((name, value))
        return pairs


# --- Images ---------------------------------------------------------------------------------------


class ImageAltForm(forms.Form):
    def __init__(self, *args, store, image=None, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in languages_for(store):
            self.fields[f"alt_text_{code}"] = forms.CharField(
                label=_("Alt text (%(language)s)") % {"language": name},
                max_length=200,
                required=False,
                initial=getattr(image, f"alt_text_{code}", "") if image is not None else "",
                widget=forms.TextInput(attrs={"lang": code}),
            )

    def alt_texts(self) -> Texts:
        return {name.removeprefix("alt_text_"): value for name, value in self.cleaned_data.items()}


# --- Categories -----------------------------------------------------------------------------------


class CategoryForm(forms.Form):
    parent = forms.ChoiceField(label=_("Parent category"), required=False)
    is_active = forms.BooleanField(label=_("Visible on the storefront"), required=False, initial=True)

    def __init__(self, *args, store, tree, category=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages_for(store)
        for code, name in self.languages:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": name},
                max_length=120,
                required=False,
                widget=forms.TextInput(attrs={"lang": code}),
            )
        for code, name in self.languages:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
            )
        excluded = set()
        if category is not None:
            # itself and everything below it cannot become its parent
            excluded = {category.pk}
            for node, _depth in tree:
                if node.parent_id in excluded:
                    excluded.add(node.pk)
            self.initial.update(
                {
                    "parent": str(category.parent_id or ""),
                    "is_active": category.is_active,
                    **{f"name_{c}": getattr(category, f"name_{c}", "") or "" for c in LANGS},
                    **{f"description_{c}": getattr(category, f"description_{c}", "") or "" for c in LANGS},
                }
            )
        else:
            del self.fields["is_active"]
            for code in LANGS:
                del self.fields[f"description_{code}"]
        self.fields["parent"].choices = [
            ("", _("— None (top level) —")),
            *category_choices([(c, d) for c, d in tree if c.pk not in excluded]),
        ]
        self.fields["parent"].widget.attrs["class"] = "parent"

    def names(self) -> Texts:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code in LANGS}

    def descriptions(self) -> Texts:
        return {code: self.cleaned_data.get(f"description_{code}", "") for code in LANGS}

    def name_fields(self):
        return [self[f"name_{code}"] for code, _name in self.languages]

    def description_fields(self):
        return [self[f"description_{code}"] for code, _name in self.languages if f"description_{code}" in self.fields]


# --- Inventory ------------------------------------------------------------------------------------


class StockAdjustForm(forms.Form):
    delta = _count(
        pgettext_lazy("stock quantity", "Change"),
        min_value=None,
        max_value=None,
        help_text=_("Positive to add stock, negative to remove it."),
        widget=forms.NumberInput(attrs={"step": 1}),
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=MANUAL_REASONS, initial=StockMovement.Reason.RECEIVED)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class StockCountForm(forms.Form):
    quantity = _count(
        _("Counted on hand"), min_value=None, max_value=None, widget=forms.NumberInput(attrs={"step": 1, "min": 0})
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class InventorySettingsForm(forms.Form):
    bin_location = forms.CharField(label=_("Bin location"), max_length=40, required=False)
    low_stock_threshold = _count(
        _("Low-stock threshold"),
        min_value=None,
        max_value=None,
        help_text=_("Flag as low when this many or fewer are available."),
        widget=forms.NumberInput(attrs={"step": 1, "min": 0}),
    )


class InventoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    low = forms.BooleanField(label=_("Only low stock"), required=False)

    def __init__(self, data):
        super().__init__(data)
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("SKU, barcode or title"))

    def values(self) -> tuple[str, bool]:
        self.is_valid()
        clean = getattr(self, "cleaned_data", {})
        return clean.get("q", ""), bool(clean.get("low"))
