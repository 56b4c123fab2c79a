"""The curation pages: the staging products with search, filters, facets and bulk actions, one
staging product with its customisation, publish / unpublish, and the category mappings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from apps.accounts.access import StorePageView
from apps.catalog import selectors as catalog_selectors
from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form
from apps.core.redirects import redirect_target
from apps.jobs.pages import JobPage

from ... import selectors, services
from ...forms_staging import BULK_ACTIONS, LANGUAGES, ROUNDING_CHOICES, CustomisationForm
from ...jobs_publish import publish_queue
from ...models import StagingProduct
from ...permissions import Action, ActionAccess, allowed_actions

PER_PAGE = 50
IMMEDIATE_UP_TO = 20  # more staging products are published by a job


def thumbnail_url(product) -> str:
    """A thumbnail served from our storage (the import makes them), else none: the feed's own image
    URLs are on other hosts, which the Content-Security-Policy (img-src) does not allow."""
    thumbnail = getattr(product, "thumbnail", None)
    if not thumbnail:
        return ""
    return getattr(thumbnail, "url", thumbnail) if not isinstance(thumbnail, str) else thumbnail


class StagingPage(ActionAccess, StorePageView):
    abstract = True
    module = "marketplace"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can"] = allowed_actions(self.perms)
        return context

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"store:marketplace:{name}", kwargs={"code": self.store.code, **kwargs})

    def back(self, default: str) -> HttpResponseRedirect:
        return HttpResponseRedirect(redirect_target(self.request, default=default))

    def categories(self) -> list[tuple[int, str]]:
        return [(c.pk, "— " * depth + str(c.name)) for c, depth in catalog_selectors.category_tree(store=self.store)]


class StagingListView(StagingPage, TemplateView):
    actions = {"GET": Action.VIEW}
    template_name = "marketplace/store/staging/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = selectors.staging_filters_parse(self.request.GET)
        sort = self.request.GET.get("sort") or "feed_id"
        products = selectors.staging_list(store=self.store, filters=filters, sort=sort)
        page = selectors.StagingPaginator(products, PER_PAGE, store=self.store, filters=filters).get_page(
            self.request.GET.get("page")
        )
        for product in page:
            product.thumb = thumbnail_url(product)
            product.title = product.titles.get(self.store.language) or next(iter(product.titles.values()), "")
        context.update(
            filters=filters,
            filter_params=filters.as_params(),
            sort=sort,
            sorts=list(selectors.STAGING_SORTS),
            page=page,
            products=page.object_list,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            facets=selectors.staging_facets(store=self.store, filters=filters),
            availabilities=StagingProduct.Availability.choices,
            states=StagingProduct.State.choices,
            bulk_actions=BULK_ACTIONS,
            roundings=ROUNDING_CHOICES,
            store_categories=self.categories() if page.paginator.count else [],
            counts=selectors.staging_counts(store=self.store) if not page.paginator.count else None,
        )
        return context


class StagingBulkView(StagingPage, View):
    """A bulk action on the ticked staging products or on all the filters match (`scope=all`)."""

    actions = {"POST": Action.CURATE}
    http_method_names = ["post"]

    def target_ids(self) -> list[int]:
        post = self.request.POST
        if post.get("scope") == "all":
            filters = selectors.staging_filters_parse(post)
        else:
            filters = selectors.StagingFilters(ids=selectors.staging_ids_parse(post.getlist("ids")))
        return list(selectors.staging_matching_ids(store=self.store, filters=filters))

    def post(self, request, **kwargs):
        back = self.back(self.url("staging"))
        action = request.POST.get("action")
        ids = self.target_ids()
        if action not in dict(BULK_ACTIONS) or not ids:
            messages.error(request, _("Select at least one product and an action."))
            return back
        try:
            done = getattr(self, f"do_{action}")(ids)
        except ApplicationError as error:
            messages.error(request, error.message)
            return back
        return done or back

    def do_publish(self, ids):
        if len(ids) > IMMEDIATE_UP_TO:
            job = publish_queue(store=self.store, actor=self.request.user, staging_ids=ids)
            return HttpResponseRedirect(self.url("staging_job", job_id=job.pk))
        result = services.staging_publish(store=self.store, actor=self.request.user, staging_ids=ids)
        count = len(result.published)
        messages.success(
            self.request, ngettext("%(n)d product published.", "%(n)d products published.", count) % {"n": count}
        )
        for problem in list(dict.fromkeys(result.problems.values()))[:5]:
            messages.error(self.request, problem)
        return None

    def do_unpublish(self, ids):
        rows = selectors.staging_list(
            store=self.store, filters=selectors.StagingFilters(ids=tuple(ids), published="yes")
        )
        count = 0
        for row in rows[:500]:
            if row.product_id is not None:  # unlinked meanwhile with another of its product
                services.staging_unpublish(store=self.store, actor=self.request.user, staging_id=row.pk)
                count += 1
        messages.success(
            self.request, ngettext("%(n)d product unpublished.", "%(n)d products unpublished.", count) % {"n": count}
        )

    def _select(self, ids, selected):
        count = services.staging_select(store=self.store, actor=self.request.user, ids=ids, selected=selected)
        messages.success(
            self.request, ngettext("%(n)d product changed.", "%(n)d products changed.", count) % {"n": count}
        )

    def do_select(self, ids):
        self._select(ids, True)

    def do_deselect(self, ids):
        self._select(ids, False)

    def do_price_rule(self, ids):
        post = self.request.POST
        rule = {
            "kind": post.get("rule_kind"),
            "value": post.get("rule_value", "").replace(",", "."),
            "rounding": post.get("rule_rounding", ""),
        }
        count = services.staging_bulk_customise(store=self.store, actor=self.request.user, ids=ids, price_rule=rule)
        messages.success(
            self.request,
            ngettext("Price rule set on %(n)d product.", "Price rule set on %(n)d products.", count) % {"n": count},
        )

    def do_categories(self, ids):
        categories = self.request.POST.getlist("category_ids")
        count = services.staging_bulk_customise(
            store=self.store, actor=self.request.user, ids=ids, category_ids=categories
        )
        messages.success(
            self.request,
            ngettext("Categories set on %(n)d product.", "Categories set on %(n)d products.", count) % {"n": count},
        )


class StagingDetailView(StagingPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.CURATE}
    template_name = "marketplace/store/staging/detail.html"

    def form(self, product, data=None):
        return CustomisationForm(
            data,
            initial=CustomisationForm.initial_of(product.customisation),
            categories=self.categories(),
            image_urls=[url for url in [product.image_link, *product.additional_image_links] if url],
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        product = selectors.staging_get(store=self.store, staging_id=self.kwargs["pk"])
        form = form or self.form(product)
        context.update(
            product=product,
            form=form,
            languages=[(code, name, form[f"title_{code}"], form[f"description_{code}"]) for code, name in LANGUAGES],
            feed_texts=[
                (name, product.titles.get(code, ""), product.descriptions.get(code, "")) for code, name in LANGUAGES
            ],
            price=services.staging_price(product),
            images=services.staging_image_urls(product),
            thumb=thumbnail_url(product),
        )
        return context

    def post(self, request, pk, **kwargs):
        product = selectors.staging_get(store=self.store, staging_id=pk)
        form = self.form(product, request.POST)
        if form.is_valid():
            try:
                services.staging_customise(
                    store=self.store, actor=request.user, staging_id=product.pk, changes=form.changes()
                )
            except ApplicationError as error:
                add_error_to_form(form, error, field_map=CustomisationForm.FIELD_MAP)
            else:
                messages.success(request, _("Changes saved."))
                return HttpResponseRedirect(self.url("staging_product", pk=product.pk))
        return self.render_to_response(self.get_context_data(form=form))


class StagingPublishView(StagingPage, View):
    actions = {"POST": Action.PUBLISH}
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        product = selectors.staging_get(store=self.store, staging_id=pk)
        try:
            if request.POST.get("unpublish"):
                services.staging_unpublish(store=self.store, actor=request.user, staging_id=product.pk)
                messages.success(request, _("Unpublished: the product is archived in the catalog."))
            else:
                services.staging_publish_one(store=self.store, actor=request.user, staging_id=product.pk)
                messages.success(request, _("Published."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(self.url("staging_product", pk=product.pk))


class CategoryMappingView(StagingPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.CURATE}
    template_name = "marketplace/store/staging/categories.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mapped = {m.feed_category: m.category_id for m in selectors.category_mapping_list(store=self.store)}
        context.update(
            rows=[(name, count, mapped.get(name)) for name, count in selectors.feed_category_list(store=self.store)],
            store_categories=self.categories(),
        )
        return context

    def post(self, request, **kwargs):
        category = request.POST.get("category_id") or ""
        try:
            services.category_mapping_set(
                store=self.store,
                actor=request.user,
                feed_category=request.POST.get("feed_category", ""),
                category_id=int(category) if category.isascii() and category.isdigit() and len(category) < 18 else None,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Mapping saved."))
        return HttpResponseRedirect(self.url("staging_categories"))


class StagingJobView(JobPage, StagingPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.PUBLISH}
    template_name = "marketplace/store/staging/job.html"
    page_name, progress_name = "staging_job", "staging_job_progress"

    def shows(self, job) -> bool:
        return job.kind == "marketplace.publish"

    def job_links(self, job) -> dict:
        return {
            "done_url": self.url("staging"),
            "done_label": _("Back to the feed products"),
            "cancel_url": self.url("staging_job", job_id=job.pk) if self.may(Action.PUBLISH) else "",
        }
