"""Variants of a product, with their options (size, colour ...)."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError, NotFound
from apps.core.forms import add_error_to_form

from ... import selectors, services
from ...forms import VariantForm
from ...permissions import Action
from .base import CatalogPage


def _option_value_ids(store, actor, pairs: list[tuple[str, str]]) -> list[int]:
    """Ids of the values named on the form ("Size", "XL"), made where missing."""
    ids = []
    for name, value in pairs:
        _option_type, values = services.option_values_get_or_create(store=store, name=name, values=[value], actor=actor)
        ids.append(values[0].pk)
    return ids


class VariantFormView(CatalogPage, TemplateView):
    """The form of one variant: VariantAddView adds one, VariantEditView (`variant_id` in the
    address) changes one."""

    abstract = True
    template_name = "catalog/store/variant_form.html"

    def setup_objects(self):
        self.product = selectors.product_get(store=self.store, product_id=self.kwargs["pk"])
        self.variant = None
        if "variant_id" in self.kwargs:
            self.variant = next((v for v in self.product.variants.all() if v.pk == self.kwargs["variant_id"]), None)
            if self.variant is None:
                raise NotFound(_("No such variant of this product."))

    def render_form(self, form, status=200):
        return self.render_to_response(
            self.get_context_data(form=form, product=self.product, variant=self.variant), status=status
        )

    def get(self, _request, **kwargs):
        self.setup_objects()
        return self.render_form(VariantForm(variant=self.variant))

    def post(self, request, **kwargs):
        self.setup_objects()
        form = VariantForm(request.POST, variant=self.variant)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    option_value_ids = _option_value_ids(self.store, request.user, form.options())
                    if self.variant is None:
                        services.variant_create(
                            store=self.store,
                            product=self.product,
                            actor=request.user,
                            sku=data["sku"],
                            barcode=data["barcode"],
                            price=data["price"] or None,
                            option_value_ids=option_value_ids,
                            stock=data.get("stock") or 0,
                        )
                    else:
                        services.variant_update(
                            store=self.store,
                            variant=self.variant,
                            actor=request.user,
                            data={
                                "sku": data["sku"],
                                "barcode": data["barcode"],
                                "price": data["price"] or None,
                                "option_value_ids": option_value_ids,
                            },
                        )
            except ApplicationError as error:
                add_error_to_form(form, error)
            except IntegrityError:
                form.add_error(None, _("This option value clashes with an existing one. Please check the spelling."))
            else:
                messages.success(request, _("Variant saved."))
                return self.redirect("product_edit", "variants", pk=self.product.pk)
        return self.render_form(form, status=400)


class VariantAddView(VariantFormView):
    actions = {"GET": Action.VARIANT_CREATE, "POST": Action.VARIANT_CREATE}


class VariantEditView(VariantFormView):
    actions = {"GET": Action.VARIANT_CHANGE, "POST": Action.VARIANT_CHANGE}


class VariantDeleteView(CatalogPage, View):
    actions = {"POST": Action.VARIANT_DELETE}
    http_method_names = ["post"]

    def post(self, request, pk, variant_id, **kwargs):
        product = selectors.product_get(store=self.store, product_id=pk)
        variant = next((v for v in product.variants.all() if v.pk == variant_id), None)
        if variant is None:
            raise NotFound(_("No such variant of this product."))
        try:
            services.variant_delete(store=self.store, variant=variant, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Variant %(sku)s deleted.") % {"sku": variant.sku})
        return self.redirect("product_edit", "variants", pk=product.pk)
