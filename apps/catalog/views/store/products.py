"""The product list with its filters and bulk changes, deletion and the CSV export (the product form:
product_form.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError
from apps.core.exports import csv_response

from ... import selectors, services
from ...forms import (
    LANGS,
    BulkForm,
    ProductFilterForm,
    category_choices,
)
from ...permissions import Action
from .base import PRODUCTS_PER_PAGE, CatalogPage, rendition_urls


class ProductListView(CatalogPage, TemplateView):
    actions = {"GET": Action.VIEW}
    template_name = "catalog/store/product_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree = selectors.category_tree(store=self.store)
        form = ProductFilterForm(
            self.request.GET or None, categories=tree, brands=selectors.brand_list(store=self.store)
        )
        filters, sort = form.filters(), form.chosen_sort()
        products = selectors.product_list(store=self.store, filters=filters, sort=sort)
        page = Paginator(products, PRODUCTS_PER_PAGE).get_page(self.request.GET.get("page"))
        for product in page:
            primary = product.primary_images[0] if product.primary_images else None
            product.thumb = rendition_urls(primary, "thumbnail") if primary else None
        context.update(
            filter_form=form,
            filtered=bool(filters),
            sort=sort,
            page=page,
            products=page.object_list,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            bulk_form=BulkForm(None, can_delete=self.may(Action.PRODUCT_DELETE)),
            bulk_categories=category_choices(tree),
        )
        return context


class ProductDeleteView(CatalogPage, View):
    actions = {"POST": Action.PRODUCT_DELETE}
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        product = selectors.product_get(store=self.store, product_id=pk)
        title = str(product.title)
        services.product_delete(store=self.store, product=product, actor=request.user)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return self.redirect("products")


class ProductBulkView(CatalogPage, View):
    """Validate a bulk action, queue it as a job, show its progress."""

    actions = {"POST": Action.PRODUCT_BULK}
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        back = self.back(self.url("products"))
        if request.POST.get("action") == "delete":
            self.require_action(Action.PRODUCT_DELETE, message=_("Only owners and managers can delete products."))
        form = BulkForm(request.POST, can_delete=self.may(Action.PRODUCT_DELETE))
        if not form.is_valid():
            messages.error(request, form.first_error())
            return back
        action = form.cleaned_data["action"]
        if form.cleaned_data["scope"] == "all":
            tree = selectors.category_tree(store=self.store)
            filters = ProductFilterForm(request.POST, categories=tree, brands=selectors.brand_list(store=self.store))
            products = selectors.product_list(store=self.store, filters=filters.filters())
        else:
            products = selectors.product_list(store=self.store).filter(pk__in=form.product_ids())
        product_ids = sorted(set(products.order_by().values_list("pk", flat=True)))
        if not product_ids:
            messages.error(request, _("Select at least one product."))
            return back
        label = ngettext("%(action)s: %(count)d product", "%(action)s: %(count)d products", len(product_ids)) % {
            "action": dict(form.fields["action"].choices)[action].rstrip(" …"),
            "count": len(product_ids),
        }
        try:
            job = services.bulk_queue(
                store=self.store,
                actor=request.user,
                action=action,
                params=form.params(),
                product_ids=product_ids,
                label=label,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return back
        return self.redirect("job", job_id=job.pk)


class ProductExportView(CatalogPage, View):
    """The catalog as CSV, one row per variant, streamed; the list's filters apply. The cost price
    column is there only for roles that may see cost prices."""

    actions = {"GET": Action.VIEW}

    def get(self, request, **kwargs):
        tree = selectors.category_tree(store=self.store)
        form = ProductFilterForm(request.GET or None, categories=tree, brands=selectors.brand_list(store=self.store))
        products = selectors.product_list(
            store=self.store, filters=form.filters(), sort=form.chosen_sort()
        ).prefetch_related("categories", "variants__inventory")
        show_costs = self.may(Action.COSTS)
        header = [
            "sku",
            "product_sku",
            *(f"title_{code}" for code in LANGS),
            "brand",
            "status",
            "price",
            *(["cost_price"] if show_costs else []),
            "vat_rate",
            "stock",
            "barcode",
            "categories",
        ]

        def rows():
            for product in products.iterator(chunk_size=500):
                categories = " | ".join(str(c.name) for c in product.categories.all())
                for variant in product.variants.all():
                    item = getattr(variant, "inventory", None)
                    row = [
                        variant.sku,
                        product.sku,
                        *(getattr(product, f"title_{code}") or "" for code in LANGS),
                        product.brand,
                        product.status,
                        variant.price if variant.price is not None else product.price,
                        *([product.cost_price] if show_costs else []),
                        product.vat_rate,
                        item.quantity if item else 0,
                        variant.barcode,
                        categories,
                    ]
                    yield row

        filename = f"catalog-{self.store.code}-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(filename=filename, header=header, rows=rows())
