"""Discount codes: the list with each code's state and uses, create, edit (with the orders that
used it), pause and resume."""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.catalog import selectors as catalog_selectors
from apps.core.errors import ApplicationError
from apps.core.forms import PlainNumberField, add_error_to_form

from ... import selectors
from ...models import DiscountCode
from ...permissions import Action
from ...selectors.discount_codes import STATES
from ...services import discount_codes
from .base import OrdersPage

AMOUNT_ERROR = gettext_lazy("Enter an amount of 0 or more with at most two decimals.")
COUNT_ERROR = gettext_lazy("Enter a whole number of 1 or more, or leave it empty for no limit.")
FIELD_MAP = {"category_ids": "categories", "product_ids": "products", "starts_at": "starts_on", "ends_at": "ends_on"}
_SKUS = re.compile(r"[\s,;]+")


def _amount(label, help_text=""):
    return PlainNumberField(
        label=label,
        required=False,
        decimal_places=2,
        min_value=0,
        max_value=discount_codes.MAX_AMOUNT,
        help_text=help_text,
        error_messages={code: AMOUNT_ERROR for code in ("invalid", "min_value", "max_value", "max_decimal_places")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _limit(label, help_text):
    return PlainNumberField(
        label=label,
        required=False,
        min_value=1,
        max_value=discount_codes.MAX_USES,
        help_text=help_text,
        error_messages={code: COUNT_ERROR for code in ("invalid", "invalid_integer", "min_value", "max_value")},
    )


class DiscountCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"), max_length=40, help_text=gettext_lazy("What customers type, e.g. SUMMER10.")
    )
    kind = forms.ChoiceField(label=gettext_lazy("Gives"), choices=DiscountCode.Kind.choices)
    value = _amount(gettext_lazy("Percentage or amount (EUR)"), gettext_lazy("Not needed for free shipping."))
    applies_to = forms.ChoiceField(label=gettext_lazy("Applies to"), choices=DiscountCode.AppliesTo.choices)
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    products = forms.CharField(
        label=gettext_lazy("Products (SKUs)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=gettext_lazy("SKUs or barcodes of the products, separated by commas or spaces."),
    )
    min_order_value = _amount(gettext_lazy("Minimum order value (EUR)"))
    starts_on = forms.DateField(
        label=gettext_lazy("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Ends after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The last day the code works."),
    )
    max_uses = _limit(gettext_lazy("Total uses"), gettext_lazy("Empty: no limit."))
    max_uses_per_customer = _limit(gettext_lazy("Uses per customer"), gettext_lazy("Empty: no limit."))

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store
        tree = catalog_selectors.category_tree(store=store)
        self.fields["categories"].choices = [(str(c.pk), "\u2003" * depth + str(c.name)) for c, depth in tree]
        self.fields["code"].widget.attrs.update(autocomplete="off", spellcheck="false", autocapitalize="characters")

    def clean_products(self) -> list[int]:
        codes = [code for code in _SKUS.split(self.cleaned_data["products"]) if code][:200]
        found = catalog_selectors.variants_for_sale_by_code(store=self.store, codes=codes)
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(_("No product has the SKU %(codes)s.") % {"codes": ", ".join(unknown[:5])})
        return sorted({variant.product_id for variant in found.values()})

    def values(self, zone) -> dict:
        data = self.cleaned_data
        ends = data["ends_on"]
        return {
            "code": data["code"],
            "kind": data["kind"],
            "value": data["value"],
            "applies_to": data["applies_to"],
            "category_ids": [int(pk) for pk in data["categories"]],
            "product_ids": data["products"],
            "min_order_value": data["min_order_value"],
            "starts_at": _midnight(data["starts_on"], zone),
            "ends_at": _midnight(ends + timedelta(days=1), zone) if ends else None,
            "max_uses": data["max_uses"],
            "max_uses_per_customer": data["max_uses_per_customer"],
        }

    @staticmethod
    def initial_of(code: DiscountCode, zone) -> dict:
        return {
            "code": code.code,
            "kind": code.kind,
            "value": code.value if code.kind != DiscountCode.Kind.FREE_SHIPPING else None,
            "applies_to": code.applies_to,
            "categories": [str(category.pk) for category in code.categories.all()],
            "products": " ".join(product.sku for product in code.products.all()),
            "min_order_value": code.min_order_value,
            "starts_on": code.starts_at.astimezone(zone).date() if code.starts_at else None,
            "ends_on": (code.ends_at.astimezone(zone) - timedelta(microseconds=1)).date() if code.ends_at else None,
            "max_uses": code.max_uses,
            "max_uses_per_customer": code.max_uses_per_customer,
        }


def _midnight(day: date | None, zone) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=zone) if day else None


class DiscountsPage(OrdersPage):
    abstract = True

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.store.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("Europe/Luxembourg")


class DiscountListView(DiscountsPage, TemplateView):
    actions = {"GET": Action.DISCOUNT_VIEW}
    template_name = "orders/store/discounts/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        codes = list(selectors.discount_code_list(store=self.store))
        for code in codes:
            code.state = selectors.discount_code_state(code, now=now)
            code.state_label = STATES[code.state]
        context["codes"] = codes
        return context


class DiscountFormView(DiscountsPage, TemplateView):
    """Create (no `pk`) or edit a code; editing also lists its uses."""

    actions = {"GET": Action.DISCOUNT_CHANGE, "POST": Action.DISCOUNT_CHANGE}
    template_name = "orders/store/discounts/form.html"

    def prepare(self, request):
        self.discount = None
        if "pk" in self.kwargs:
            self.discount = selectors.discount_code_get(store=self.store, code_id=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            initial = {"kind": DiscountCode.Kind.PERCENTAGE, "applies_to": DiscountCode.AppliesTo.ORDER}
            if self.discount is not None:
                initial = DiscountCodeForm.initial_of(self.discount, self.zone)
            context["form"] = DiscountCodeForm(initial=initial, store=self.store)
        context["discount"] = self.discount
        if self.discount is not None:
            self.discount.state = selectors.discount_code_state(self.discount, now=timezone.now())
            context["state_label"] = STATES[self.discount.state]
            redemptions = selectors.discount_redemption_list(store=self.store, code=self.discount)
            for use in redemptions:
                use.order_url = self.order_url(use.order)
            context["redemptions"] = redemptions
        return context

    def post(self, request, **kwargs):
        form = DiscountCodeForm(request.POST, store=self.store)
        if form.is_valid():
            try:
                if self.discount is None:
                    self.discount = discount_codes.discount_code_create(
                        store=self.store, actor=request.user, data=form.values(self.zone)
                    )
                else:
                    discount_codes.discount_code_update(
                        store=self.store, actor=request.user, discount=self.discount, data=form.values(self.zone)
                    )
            except ApplicationError as error:
                add_error_to_form(form, error, field_map=FIELD_MAP)
            else:
                messages.success(request, _("Discount code %(code)s saved.") % {"code": form.cleaned_data["code"]})
                return self.redirect("discounts")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DiscountPauseView(DiscountsPage, View):
    """POST: pause an active code, or resume a paused one."""

    actions = {"POST": Action.DISCOUNT_CHANGE}
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        discount = selectors.discount_code_get(store=self.store, code_id=pk)
        if discount.is_active:
            discount_codes.discount_code_pause(store=self.store, actor=request.user, discount=discount)
            messages.success(request, _("%(code)s is paused: customers cannot use it.") % {"code": discount.code})
        else:
            discount_codes.discount_code_resume(store=self.store, actor=request.user, discount=discount)
            messages.success(request, _("%(code)s can be used again.") % {"code": discount.code})
        return self.redirect("discounts")
