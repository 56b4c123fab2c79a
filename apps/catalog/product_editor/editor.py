"""ProductEditor: the product page's forms for one request, their checks across forms, and the save
in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form

from .. import limits, services
from ..forms import TEXT_FIELDS
from ..models import Product, Variant
from ..permissions import Action
from .forms import (
    ImageRow,
    ImageRowForm,
    ImagesForm,
    OptionNamesForm,
    ProductPageForm,
    VariantRow,
    VariantRowForm,
    new_variant_formset,
    option_names_of,
)


def _own_price(value):
    """A variant's own price as the services take it: None (the product's price) when left empty."""
    return None if value in (None, "") else value


def _join(caption: str | None, label) -> str:
    return f"{caption} – {label}" if caption else str(label)


class _Refused(Exception):
    """A service refused; its message is on the form it concerns."""


class ProductEditor:
    """The forms of the product page for one request (see the module docstring)."""

    def __init__(
        self,
        *,
        store,
        may: Callable[[Action], bool],
        categories,
        product: Product | None = None,
        data=None,
        files=None,
    ):
        self.store, self.may, self.product = store, may, product
        creating = product is None
        editable = may(Action.PRODUCT_CREATE if creating else Action.PRODUCT_CHANGE)
        self.read_only = not editable
        self.form = ProductPageForm(
            data,
            store=store,
            categories=categories,
            product=product,
            read_only=self.read_only,
            show_costs=may(Action.COSTS),
        )
        self.variants = list(product.variants.all()) if product else []
        self.options = OptionNamesForm(
            data, prefix="options", names=option_names_of(self.variants), read_only=not editable
        )
        self._variant_forms(data, creating)
        self._image_forms(data, files, editable)
        self.calls = 0  # services called by save(): none when nothing changed

    def _variant_forms(self, data, creating: bool) -> None:
        labels = self.options.labels()
        can_change = self.may(Action.VARIANT_CHANGE) and not self.read_only
        can_remove = self.may(Action.VARIANT_DELETE) and not self.read_only and len(self.variants) > 1
        self.rows = [
            VariantRow(
                variant,
                VariantRowForm(
                    data,
                    prefix=f"variant-{variant.pk}",
                    variant=variant,
                    labels=labels,
                    can_remove=can_remove,
                    read_only=not can_change,
                ),
            )
            for variant in self.variants
        ]
        # new rows: a new product's default variant, and more where the role may add variants
        self.may_add = self.may(Action.VARIANT_CREATE) and not self.read_only
        room = limits.MAX_VARIANTS_PER_PRODUCT - len(self.variants)
        if (creating and not self.read_only) or (self.may_add and room > 0):
            formset = new_variant_formset(rows=1 if creating else 0, creating=creating, room=room)
            self.new_rows = formset(data, prefix="new", form_kwargs={"labels": labels})
        else:
            self.new_rows = None

    def _image_forms(self, data, files, editable: bool) -> None:
        images = list(self.product.images.all()) if self.product else []
        can_change = editable and self.may(Action.IMAGE_CHANGE)
        self.images = ImagesForm(
            data,
            files,
            prefix="images",
            images=images,
            can_change=can_change,
            can_add=editable and self.may(Action.IMAGE_ADD),
        )
        can_remove = editable and self.may(Action.IMAGE_DELETE)
        radios = list(self.images["main"]) if images else []
        self.image_rows = [
            ImageRow(
                image=image,
                form=ImageRowForm(
                    data,
                    prefix=f"image-{image.pk}",
                    auto_id=f"img{image.pk}_%s",
                    store=self.store,
                    image=image,
                    number=number,
                    can_change=can_change,
                    can_remove=can_remove,
                ),
                radio=radios[number - 1],
            )
            for number, image in enumerate(images, start=1)
        ]

    @property
    def options_named(self) -> bool:
        return any(self.options.names())

    # --- validation

    def all_forms(self) -> list[forms.Form]:
        new = list(self.new_rows) if self.new_rows is not None else []
        rows = [row.form for row in self.image_rows + self.rows]
        return [self.form, self.options, self.images, *rows, *new]

    def is_valid(self) -> bool:
        valid = all([form.is_valid() for form in self.all_forms()])  # a list: every form shows its errors
        if self.new_rows is not None:
            valid = self.new_rows.is_valid() and valid
        return self._options_named() and valid

    def _options_named(self) -> bool:
        """A value in a column needs the column's option name."""
        names = self.options.names()
        for i, name in enumerate(names, start=1):
            if not name and any(row.values()[i - 1] for row in self._live_rows()):
                self.options.add_error(f"name_{i}", _("Name this option: variants below have values for it."))
        return not self.options.errors

    def _new_rows(self) -> list[VariantRowForm]:
        """The new rows to save: a new product's default variant, and those filled in (when the role
        may add variants)."""
        return [row for row in self.new_rows or [] if row.default or (self.may_add and row.has_changed())]

    def _live_rows(self) -> list[VariantRowForm]:
        return [row.form for row in self.rows if not row.form.removed()] + self._new_rows()

    def _rows_to_link(self) -> list[VariantRowForm]:
        """The rows whose options are (re)set: all when an option was renamed, else new rows and those
        whose values changed."""
        live = self._live_rows()
        if self.options.has_changed():
            return live
        return [row for row in live if row.values_changed() or row in self._new_rows()]

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(id of the field, where, message) of every error, for the list of links at the form's top."""
        found = []
        captions = self._captions()
        for form in self.all_forms():
            if not form.is_bound:
                continue
            for name, messages in form.errors.items():
                field = form[name] if name in form.fields else next(iter(form), None)
                anchor = "form-buttons" if name == "intent" else field.id_for_label if field else ""
                label = captions.get(form, "") if name not in form.fields else _join(captions.get(form), field.label)
                found.append((anchor, label, messages[0]))
        if self.new_rows is not None and self.new_rows.is_bound:
            found += [("new-variant-rows", _("Variants"), message) for message in self.new_rows.non_form_errors()]
        return found

    def _captions(self) -> dict[forms.Form, str]:
        """What each of the smaller forms is about, before a field's label in the error list."""
        captions = {self.options: _("Options"), self.images: _("Images")}
        captions.update({row.form: _("Image %(number)d") % {"number": n} for n, row in enumerate(self.image_rows, 1)})
        captions.update({row.form: _("Variant %(sku)s") % {"sku": row.variant.sku} for row in self.rows})
        for n, row in enumerate(self.new_rows or [], start=1):
            captions[row] = _("Main variant") if row.default else _("New variant %(number)d") % {"number": n}
        return captions

    # --- saving

    def save(self, *, actor) -> Product | None:
        """Save everything in one transaction (after is_valid()); None when a service refused, its
        message then on the form it concerns and nothing saved."""
        try:
            with transaction.atomic():
                product = self._save_product(actor)
                self._save_variants(product, actor)
                self._save_images(product, actor)
        except _Refused:
            return None
        return product

    def _call(self, form: forms.Form, service: Callable[..., Any], **kwargs) -> Any:
        self.calls += 1
        try:
            return service(store=self.store, **kwargs)
        except ApplicationError as error:
            add_error_to_form(form, error, field_map=TEXT_FIELDS)
            raise _Refused from None
        except IntegrityError:  # an option value spelt like another one of its option
            form.add_error(None, _("This option value clashes with an existing one. Please check the spelling."))
            raise _Refused from None

    def _save_product(self, actor) -> Product:
        form, product = self.form, self.product
        status = form.status(product)
        if product is None:
            data, category_ids = form.service_data(changed_only=False)
            data["status"] = status
            default = next((row.cleaned_data for row in self._new_rows() if row.default), {})
            return self._call(
                form,
                services.product_create,
                actor=actor,
                data=data,
                category_ids=category_ids,
                stock=default.get("stock") or 0,
            )
        data, category_ids = form.service_data(changed_only=True)
        if status:
            data["status"] = status
        if data or category_ids is not None:
            self._call(
                form, services.product_update, product=product, actor=actor, data=data, category_ids=category_ids
            )
        return product

    def _save_variants(self, product: Product, actor) -> None:
        linked = self._rows_to_link()
        value_ids = self._option_value_ids(linked, actor)
        for row in self.rows:
            if not row.form.removed():
                self._update_variant(row.form, row.variant, value_ids if row.form in linked else None, actor)
        for row in self._new_rows():
            if row.default:
                self._update_variant(row, product.variants.get(), value_ids, actor)
                continue
            self._call(
                row,
                services.variant_create,
                product=product,
                actor=actor,
                sku=row.cleaned_data["sku"],
                barcode=row.cleaned_data.get("barcode", ""),
                price=_own_price(row.cleaned_data.get("price")),
                option_value_ids=self._ids_of(row, value_ids),
                stock=row.cleaned_data.get("stock") or 0,
            )
        for row in self.rows:  # last, so that a product never runs out of variants on the way
            if row.form.removed():
                self._call(row.form, services.variant_delete, variant=row.variant, actor=actor)

    def _update_variant(self, row: VariantRowForm, variant: Variant, value_ids, actor) -> None:
        """Save what changed of a variant; its options too when `value_ids` are given."""
        data = {name: row.cleaned_data.get(name) for name in ("sku", "barcode", "price") if name in row.changed_data}
        if row.default and not (data.get("sku") or "").strip():
            data.pop("sku", None)  # the default variant keeps the product's SKU
        if "price" in data:
            data["price"] = _own_price(data["price"])
        if value_ids is not None:
            ids = self._ids_of(row, value_ids)
            if sorted(ids) != sorted(value.pk for value in variant.option_values.all()):
                data["option_value_ids"] = ids
        if data:
            self._call(row, services.variant_update, variant=variant, actor=actor, data=data)

    def _option_value_ids(self, rows: list[VariantRowForm], actor) -> dict[tuple[int, str], int]:
        """{(column, value in lower case): option value id} of every value `rows` name, made where
        missing: one call per option."""
        found = {}
        for i, name in enumerate(self.options.names(), start=1):
            values = list(dict.fromkeys(row.values()[i - 1] for row in rows if row.values()[i - 1]))
            if not (name and values):
                continue
            _type, made = self._call(
                self.options, services.option_values_get_or_create, name=name, values=values, actor=actor
            )
            found.update({(i, text.lower()): value.pk for text, value in zip(values, made, strict=True)})
        return found

    @staticmethod
    def _ids_of(row: VariantRowForm, value_ids: dict[tuple[int, str], int]) -> list[int]:
        return [value_ids[(i, v.lower())] for i, v in enumerate(row.values(), start=1) if (i, v.lower()) in value_ids]

    def _save_images(self, product: Product, actor) -> None:
        rows = self.image_rows
        for row in rows:
            if row.form.cleaned_data.get("remove"):
                self._call(row.form, services.image_delete, product=product, image_id=row.image.pk, actor=actor)
        kept = [row for row in rows if not row.form.cleaned_data.get("remove")]
        order = [row.image.pk for row in sorted(kept, key=lambda r: (r.form.cleaned_data["position"], rows.index(r)))]
        if order != [row.image.pk for row in kept]:
            self._call(self.images, services.image_reorder, product=product, ordered_ids=order, actor=actor)
        main = self.images.cleaned_data.get("main")
        if main in order and "main" in self.images.changed_data:
            self._call(self.images, services.image_update, product=product, image_id=main, actor=actor, primary=True)
        for row in kept:
            if row.form.alt_changed():
                self._call(
                    row.form,
                    services.image_update,
                    product=product,
                    image_id=row.image.pk,
                    actor=actor,
                    alt_text=row.form.alt_texts(),
                )
        for normalised in self.images.normalised:
            self._call(self.images, services.image_add, product=product, actor=actor, upload=normalised)
