"""The category tree: add, rename, move, hide and delete."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError, NotFound
from apps.core.forms import add_error_to_form

from ... import selectors, services
from ...forms import TEXT_FIELDS, CategoryForm
from ...permissions import Action
from .base import CatalogPage

# Deeper levels are indented as much as this one (static/css/app.css: .tree-name[data-indent]).
INDENT_LEVELS = 6


class CategoryListView(CatalogPage, TemplateView):
    """The tree, and (POST) a new category."""

    actions = {"GET": Action.VIEW, "POST": Action.CATEGORY_CREATE}
    template_name = "catalog/store/categories.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree = kwargs.get("tree") or selectors.category_tree(store=self.store)
        siblings: dict[int | None, list[int]] = {}
        for category, _depth in tree:
            siblings.setdefault(category.parent_id, []).append(category.pk)
        rows = [
            {
                "category": category,
                "depth": depth,
                "indent": min(depth, INDENT_LEVELS),
                "first": siblings[category.parent_id][0] == category.pk,
                "last": siblings[category.parent_id][-1] == category.pk,
            }
            for category, depth in tree
        ]
        context.update(
            rows=rows,
            form=kwargs.get("form") or CategoryForm(store=self.store, tree=tree),
        )
        return context

    def post(self, request, **kwargs):
        tree = selectors.category_tree(store=self.store)
        form = CategoryForm(request.POST, store=self.store, tree=tree)
        if form.is_valid():
            try:
                category = services.category_create(
                    store=self.store,
                    actor=request.user,
                    name=form.names(),
                    parent_id=form.cleaned_data["parent"] or None,
                )
            except ApplicationError as error:
                add_error_to_form(form, error, field_map=TEXT_FIELDS)
            else:
                messages.success(request, _("Category “%(name)s” added.") % {"name": category.name})
                return self.redirect("categories")
        return self.render_to_response(self.get_context_data(form=form, tree=tree), status=400)


class CategoryEditView(CatalogPage, TemplateView):
    actions = {"GET": Action.CATEGORY_CHANGE, "POST": Action.CATEGORY_CHANGE}
    template_name = "catalog/store/category_form.html"

    def get_form(self, data=None):
        self.category = selectors.category_get(store=self.store, category_id=self.kwargs["pk"])
        tree = selectors.category_tree(store=self.store)
        return CategoryForm(data, store=self.store, tree=tree, category=self.category)

    def get(self, _request, **kwargs):
        form = self.get_form()
        return self.render_to_response(self.get_context_data(form=form, category=self.category))

    def post(self, request, pk, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                services.category_update(
                    store=self.store,
                    category=self.category,
                    actor=request.user,
                    name=form.names(),
                    description=form.descriptions(),
                    parent_id=form.cleaned_data["parent"] or None,
                    is_active=form.cleaned_data["is_active"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error, field_map=TEXT_FIELDS)
                self.category = selectors.category_get(store=self.store, category_id=pk)
            else:
                messages.success(request, _("Category saved."))
                return self.redirect("categories")
        return self.render_to_response(self.get_context_data(form=form, category=self.category), status=400)


class CategoryActionView(CatalogPage, View):
    """POST move up / down, hide / show, delete."""

    actions = {"POST": Action.CATEGORY_CHANGE}
    http_method_names = ["post"]

    def post(self, request, pk, action, **kwargs):
        if action == "delete":
            self.require_action(Action.CATEGORY_DELETE)
        category = selectors.category_get(store=self.store, category_id=pk)
        name = str(category.name)
        try:
            if action in ("up", "down"):
                services.category_move(store=self.store, category=category, actor=request.user, direction=action)
            elif action == "toggle":
                services.category_update(
                    store=self.store, category=category, actor=request.user, is_active=not category.is_active
                )
                if category.is_active:
                    messages.success(request, _("“%(name)s” is visible on the storefront.") % {"name": name})
                else:
                    messages.success(request, _("“%(name)s” is hidden from the storefront.") % {"name": name})
            elif action == "delete":
                services.category_delete(store=self.store, category=category, actor=request.user)
                messages.success(request, _("Category “%(name)s” deleted.") % {"name": name})
            else:
                raise NotFound(_("Unknown action."))
        except NotFound:
            raise
        except ApplicationError as error:
            messages.error(request, error.message)
        return self.redirect("categories", f"category-{pk}" if action != "delete" else "")
