"""The product form: one page to create or change a product with its texts, price, categories,
images and variants, saved as a draft or published with the buttons at its bottom
(apps.catalog.product_editor does the forms and the saving)."""

from __future__ import annotations

from django.contrib import messages
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ... import limits, selectors
from ...permissions import Action
from ...product_editor import OptionNamesForm, ProductEditor, VariantRowForm, intents_for
from .base import CatalogPage, rendition_urls

SAVED = {
    "draft": gettext_lazy("Draft saved. Customers do not see it until you publish it."),
    "publish": gettext_lazy("Product published: customers can find it in the shop."),
    "unpublish": gettext_lazy("Product unpublished: it is a draft again."),
    "save": gettext_lazy("Product saved."),
}
BUTTONS = {
    "draft": gettext_lazy("Save draft"),
    "publish": gettext_lazy("Publish"),
    "unpublish": gettext_lazy("Unpublish"),
    "save": gettext_lazy("Save"),
}


def _one_more_row(data: QueryDict) -> QueryDict:
    """The posted form with one more new-variant row (the form's "Add variant" without scripts)."""
    data = data.copy()
    try:
        rows = int(data.get("new-TOTAL_FORMS", "0"))
    except ValueError:
        rows = 0
    data["new-TOTAL_FORMS"] = str(min(max(rows, 0) + 1, limits.MAX_VARIANTS_PER_PRODUCT))
    return data


class ProductFormView(CatalogPage, TemplateView):
    abstract = True
    template_name = "catalog/store/product_form.html"

    def product(self):
        return None

    def editor(self, product, data=None, files=None) -> ProductEditor:
        return ProductEditor(
            store=self.store,
            may=self.may,
            categories=selectors.category_tree(store=self.store),
            product=product,
            data=data,
            files=files,
        )

    def render_editor(self, editor: ProductEditor, *, status=200, files_lost=False, product=None):
        """The page; `product`: the product as stored, when the editor's copy may carry refused changes."""
        for row in editor.image_rows:
            row.image.thumb = rendition_urls(row.image, "small")
        product = product or editor.product
        context = self.get_context_data(
            editor=editor,
            form=editor.form,
            product=product,
            read_only=editor.read_only,
            buttons=[(intent, BUTTONS[intent]) for intent in intents_for(product)],
            files_lost=files_lost,
            options_named=editor.options_named,
            max_images=limits.MAX_IMAGES_PER_PRODUCT,
            max_variants=limits.MAX_VARIANTS_PER_PRODUCT,
            can_delete=product is not None and self.may(Action.PRODUCT_DELETE),
        )
        return self.render_to_response(context, status=status)

    def get(self, _request, **kwargs):
        return self.render_editor(self.editor(self.product()))

    def post(self, request, **kwargs):
        product = self.product()
        files_lost = bool(request.FILES)  # browsers do not send chosen files again after an error
        if "add_variant" in request.POST:
            editor = self.editor(product, _one_more_row(request.POST))
            return self.render_editor(editor, files_lost=files_lost)
        editor = self.editor(product, request.POST, request.FILES)
        if editor.is_valid():
            saved = editor.save(actor=request.user)
            if saved is not None:
                intent = editor.form.cleaned_data["intent"]
                if product is not None and not editor.calls:
                    messages.info(request, _("Nothing changed."))
                else:
                    messages.success(request, SAVED[intent])
                return self.redirect("product_edit", pk=saved.pk)
            product = self.product()  # as stored: a service may have changed the copy before refusing
        return self.render_editor(editor, status=400, files_lost=files_lost, product=product)


class ProductAddView(ProductFormView):
    actions = {"GET": Action.PRODUCT_CREATE, "POST": Action.PRODUCT_CREATE}


class ProductEditView(ProductFormView):
    actions = {"GET": Action.VIEW, "POST": Action.PRODUCT_CHANGE}

    def product(self):
        return selectors.product_get(store=self.store, product_id=self.kwargs["pk"])


class VariantRowView(CatalogPage, TemplateView):
    """One more new-variant row for the product form ("Add variant"), with the form's row count."""

    actions = {"GET": Action.VARIANT_CREATE}
    template_name = "catalog/store/_variant_new_row.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        try:
            index = max(int(params.get("new-TOTAL_FORMS", "0")), 0)
        except ValueError:
            index = 0
        options = OptionNamesForm(params, prefix="options", names=[])
        row = None
        if index < limits.MAX_VARIANTS_PER_PRODUCT:
            row = VariantRowForm(prefix=f"new-{index}", labels=options.labels())
            row.fields["sku"].widget.attrs["autofocus"] = True  # htmx focuses it once the row is in
        context.update(
            row=row,
            options_named=any(options.names()),
            index=index,
            total=index + 1,
            max_variants=limits.MAX_VARIANTS_PER_PRODUCT,
        )
        return context
