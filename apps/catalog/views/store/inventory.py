"""Stock: the list with its low-stock view, one variant's stock and the ledger."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form

from ... import selectors, services
from ...forms import (
    InventoryFilterForm,
    InventorySettingsForm,
    StockAdjustForm,
    StockCountForm,
)
from ...permissions import Action
from .base import INVENTORY_PER_PAGE, CatalogPage


class InventoryListView(CatalogPage, TemplateView):
    actions = {"GET": Action.VIEW}
    template_name = "catalog/store/inventory.html"
    low_only = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = InventoryFilterForm(self.request.GET or None)
        q, low = form.values()
        low = low or self.low_only
        items = selectors.inventory_list(store=self.store, low_only=low, q=q)
        page = Paginator(items, INVENTORY_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            low_only=low,
            filtered=bool(q or low),
            page=page,
            items=page.object_list,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            adjust_form=StockAdjustForm(prefix="adjust", auto_id=False),
        )
        return context


class LowStockView(InventoryListView):
    low_only = True


class InventoryItemView(CatalogPage, TemplateView):
    """One variant's stock: adjust, count, settings and its ledger. Each form is offered to the
    roles that may do its action, and posts to a page that requires that action."""

    actions = {"GET": Action.VIEW}
    template_name = "catalog/store/inventory_item.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        variant = selectors.variant_get(store=self.store, variant_id=self.kwargs["variant_id"])
        item = variant.inventory
        forms = {  # only the forms of what this role may do
            "adjust_form": (Action.STOCK_ADJUST, lambda: StockAdjustForm(prefix="adjust")),
            "count_form": (
                Action.STOCK_COUNT,
                lambda: StockCountForm(prefix="count", initial={"quantity": item.quantity}),
            ),
            "settings_form": (
                Action.STOCK_SETTINGS,
                lambda: InventorySettingsForm(
                    prefix="settings",
                    initial={"bin_location": item.bin_location, "low_stock_threshold": item.low_stock_threshold},
                ),
            ),
        }
        context.update(
            {name: kwargs.get(name) or make() for name, (action, make) in forms.items() if self.may(action)},
            variant=variant,
            item=item,
            movements=selectors.movement_list(store=self.store, variant_id=variant.pk, limit=100),
        )
        return context


class InventoryWriteView(InventoryItemView):
    """POST one of the stock forms; invalid input comes back on the item page, next to its field."""

    abstract = True
    http_method_names = ["post"]
    form_class = None
    prefix = ""

    def post(self, request, variant_id, **kwargs):
        selectors.variant_get(store=self.store, variant_id=variant_id)  # 404 for another store's
        form = self.form_class(request.POST, prefix=self.prefix or None)
        if form.is_valid():
            try:
                message = self.act(form.cleaned_data, variant_id)
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, message)
                return self.back(self.url("inventory_item", variant_id=variant_id))
        context = self.get_context_data(**{f"{self.prefix}_form": form})
        return self.render_to_response(context, status=400)


class InventoryAdjustView(InventoryWriteView):
    actions = {"POST": Action.STOCK_ADJUST}
    form_class = StockAdjustForm
    prefix = "adjust"

    def act(self, data, variant_id):
        movement = services.stock_adjust(
            store=self.store,
            variant_id=variant_id,
            delta=data["delta"],
            reason=data["reason"],
            actor=self.request.user,
            note=data["note"],
        )
        return _("Stock changed by %(delta)+d: %(after)d on hand.") % {
            "delta": movement.delta,
            "after": movement.quantity_after,
        }


class InventoryCountView(InventoryWriteView):
    actions = {"POST": Action.STOCK_COUNT}
    form_class = StockCountForm
    prefix = "count"

    def act(self, data, variant_id):
        movement = services.stock_set(
            store=self.store,
            variant_id=variant_id,
            quantity=data["quantity"],
            actor=self.request.user,
            note=data["note"],
        )
        if movement is None:
            return _("The count matches the stock on hand: nothing changed.")
        return _("Stock counted: %(after)d on hand (%(delta)+d).") % {
            "delta": movement.delta,
            "after": movement.quantity_after,
        }


class InventorySettingsView(InventoryWriteView):
    actions = {"POST": Action.STOCK_SETTINGS}
    form_class = InventorySettingsForm
    prefix = "settings"

    def act(self, data, variant_id):
        services.inventory_settings_update(
            store=self.store,
            variant_id=variant_id,
            actor=self.request.user,
            bin_location=data["bin_location"],
            low_stock_threshold=data["low_stock_threshold"],
        )
        return _("Stock settings saved.")


class LedgerView(CatalogPage, TemplateView):
    actions = {"GET": Action.VIEW}
    template_name = "catalog/store/ledger.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["movements"] = selectors.movement_list(store=self.store, limit=200)
        return context
