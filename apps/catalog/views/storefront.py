"""The catalog on a store's own domain: home, category, product and search pages, the sitemap and
robots.txt.

Listing pages (home, category, search) cache their catalog fragment: the part that holds nothing
of the visitor (no CSRF token, no account links, no messages), under a key made of the store, its
catalog version, the language and the full query string. Every change to the catalog bumps the
version (cache.py), so a cached listing never outlives the data it shows; the layout around the
fragment is rendered for each request.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from apps.accounts.access import StorefrontPageView
from apps.core.errors import NotFound
from apps.core.numbers import NotANumber, parse_decimal

from .. import seo
from ..cache import catalog_version
from ..models import Category, Product, ProductImage
from ..pricing import CENT, MAX_PRICE
from ..selectors import (
    category_tree,
    storefront_home,
    storefront_listing,
    storefront_product,
)
from ..sitemap import sitemap_xml
from ..templatetags.catalog_storefront import money

PAGE_SIZE = 24
LISTING_PARAMS = ("q", "category", "brand", "min_price", "max_price", "in_stock", "sort")
LISTING_TIMEOUT = 60 * 60  # the catalog version invalidates; the timeout only frees memory
SEARCH_TIMEOUT = 10 * 60  # search texts are endless: keep them briefly
SITEMAP_TIMEOUT = 60 * 60
PROCESSING_TIMEOUT = 30


def _price(value: str) -> str | None:
    """A price filter as a visitor types it ("12", "12.50", "12,50"), else None (ignored)."""
    try:
        amount = parse_decimal(value, comma=True)
    except NotANumber:
        return None
    if amount < 0 or amount > MAX_PRICE:
        return None
    return str(amount.quantize(CENT))


def listing_params(request) -> dict[str, str]:
    """The filters of a listing from the query string, made harmless: no NUL characters (which
    PostgreSQL refuses), bounded lengths, prices that are numbers PostgreSQL can hold. Whatever
    remains odd the selector ignores."""
    params: dict[str, str] = {}
    for key in LISTING_PARAMS:
        value = request.GET.get(key, "").replace("\x00", "").strip()[:200]
        if value:
            params[key] = value
    for key in ("min_price", "max_price"):
        if key in params:
            amount = _price(params[key])
            if amount is None:
                del params[key]
            else:
                params[key] = amount
    return params


def _query(request) -> Any:
    """The query string for links inside a listing (pagination, facets), without NUL characters."""
    query = request.GET.copy()
    for key in list(query):
        query.setlist(key, [v.replace("\x00", "") for v in query.getlist(key)])
    return query


# The templates of the cached fragments: their text is part of the cache key, so a deploy that
# changes them does not serve fragments rendered by the old ones.
FRAGMENT_TEMPLATES = (
    "catalog/storefront/_home.html",
    "catalog/storefront/_category.html",
    "catalog/storefront/_search.html",
    "catalog/storefront/_results.html",
    "catalog/storefront/includes/category_chips.html",
    "catalog/storefront/includes/facets.html",
    "catalog/storefront/includes/pagination.html",
    "catalog/storefront/includes/price.html",
    "catalog/storefront/includes/product_card.html",
    "catalog/storefront/includes/product_grid.html",
)


def _digest_templates() -> str:
    digest = hashlib.sha256()
    for name in FRAGMENT_TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()[:12]


_templates_digest_once = functools.cache(_digest_templates)


def templates_digest() -> str:
    """Once per process; in development on every request, as templates change under runserver."""
    return _digest_templates() if settings.DEBUG else _templates_digest_once()


def cached_fragment(request, *, kind: str, timeout: int, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The catalog part of a listing page, from the cache or built by `build` (which returns
    {"html": ..., and what the page's <head> needs}). Exceptions (a 404) are never cached."""
    store = request.store
    address = f"{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()[:40]
    version = f"{catalog_version(store.id)}.{templates_digest()}"
    key = f"catalog:storefront:{kind}:{store.id}:{version}:{get_language()}:{digest}"
    data = cache.get(key)
    request.listing_cache = "miss" if data is None else "hit"  # for listing_cache_header()
    if data is None:
        data = build()
        data["html"] = str(data["html"])
        # Renditions are made after an upload without a catalog change: while an image still
        # shows its original, keep the fragment only briefly.
        cache.set(key, data, PROCESSING_TIMEOUT if data.pop("images_pending", False) else timeout)
    return {**data, "html": mark_safe(data["html"])}  # noqa: S308 - our own rendering


def listing_cache_header(request, response: HttpResponse) -> HttpResponse:
    """With settings.LISTING_CACHE_HEADER (benchmarks), X-Listing-Cache says whether the listing
    came from the cache."""
    if settings.LISTING_CACHE_HEADER and hasattr(request, "listing_cache"):
        response["X-Listing-Cache"] = request.listing_cache
    return response


def _images_pending(products) -> bool:
    return any(image.status == ProductImage.Status.PROCESSING for p in products for image in p.primary_images)


def _paginate(request, products) -> Any:
    """A page of products: garbage shows the first page, a page past the end the last one."""
    return Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))


def _page_range(page) -> list:
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


def _listing_fragment(request, template: str, listing, **extra) -> dict[str, Any]:
    """A listing's page of products rendered with its facets and pagination, as cached_fragment
    keeps it: {"html", "page", "images_pending"}."""
    page = _paginate(request, listing.products)
    html = render_to_string(
        template,
        {
            "store": request.store,
            "listing": listing,
            "page": page,
            "page_range": _page_range(page),
            "query": _query(request),
            "path": request.path,
            **extra,
        },
    )
    return {"html": html, "page": page.number, "images_pending": _images_pending(page.object_list)}


def _seo(*, title: str, description: str, canonical: str, og_type: str = "website", **extra) -> dict:
    return {"title": title, "description": description, "canonical": canonical, "og_type": og_type, **extra}


class CatalogStorefrontPage(StorefrontPageView):
    """A storefront page of the catalog: not found while the merchant has the catalog off, unless
    it says `gated = False` (and then asks self.module_enabled)."""

    abstract = True
    module = "catalog"


class HomeView(CatalogStorefrontPage, View):
    """The storefront's home (storefront:home): featured and new products and the categories; only
    the store's welcome while the catalog is off."""

    template_name = "storefront/home.html"
    gated = False

    def get(self, request):
        store = self.store
        context: dict[str, Any] = {
            "seo": _seo(
                title=store.name,
                description=seo.meta_description(store.tagline, _("Welcome to %(store)s.") % {"store": store.name}),
                canonical=seo.canonical_url(request, "/"),
            )
        }
        if self.module_enabled:
            context["catalog"] = cached_fragment(
                request, kind="home", timeout=LISTING_TIMEOUT, build=lambda: self.build(store)
            )
        return listing_cache_header(request, render(request, self.template_name, context))

    @staticmethod
    def build(store) -> dict[str, Any]:
        home = storefront_home(store=store)
        categories = [c for c, depth in category_tree(store=store, active_only=True) if depth == 0]
        featured_ids = {p.pk for p in home["featured"]}
        newest = [p for p in home["newest"] if p.pk not in featured_ids] if len(home["featured"]) else home["newest"]
        html = render_to_string(
            "catalog/storefront/_home.html",
            {"store": store, "featured": home["featured"], "newest": newest, "categories": categories},
        )
        return {
            "html": html,
            "empty": not home["newest"],
            "images_pending": _images_pending([*home["featured"], *home["newest"]]),
        }


class CategoryView(CatalogStorefrontPage, View):
    """Products of a category and of every category below it, with facets."""

    template_name = "catalog/storefront/category.html"

    def get(self, request, slug: str):
        store = self.store
        params = listing_params(request)

        def build() -> dict[str, Any]:
            tree = category_tree(store=store, active_only=True)
            category = next((c for c, _depth in tree if c.slug == slug), None)
            if category is None:  # unknown, hidden, or below a hidden category
                raise NotFound(_("No such category."))
            listing = storefront_listing(store=store, params=params, category=category, tree=tree)
            data = _listing_fragment(
                request,
                "catalog/storefront/_category.html",
                listing,
                category=category,
                ancestors=_ancestors(tree, category),
                children=[c for c, _depth in tree if c.parent_id == category.pk],
            )
            return {
                **data,
                "title": category.name,
                "description": seo.meta_description(
                    category.description,
                    _("%(category)s at %(store)s.") % {"category": category.name, "store": store.name},
                ),
            }

        data = cached_fragment(request, kind="category", timeout=LISTING_TIMEOUT, build=build)
        page_param = {"page": data["page"]} if data["page"] > 1 else {}
        context = {
            "catalog": data,
            "seo": _seo(
                title=data["title"],
                description=data["description"],
                canonical=seo.canonical_url(request, request.path, page_param),
            ),
        }
        return listing_cache_header(request, render(request, self.template_name, context))


class SearchView(CatalogStorefrontPage, View):
    """Search and browse every product, with facets. Search result pages are not indexed."""

    template_name = "catalog/storefront/search.html"

    def get(self, request):
        store = self.store
        params = listing_params(request)

        def build() -> dict[str, Any]:
            listing = storefront_listing(store=store, params=params)
            data = _listing_fragment(request, "catalog/storefront/_search.html", listing)
            return {**data, "q": listing.filters.get("q", "")}

        data = cached_fragment(request, kind="search", timeout=SEARCH_TIMEOUT, build=build)
        title = _("Search results for “%(q)s”") % {"q": data["q"]} if data["q"] else _("All products")
        canonical = {"q": data["q"], "page": data["page"] if data["page"] > 1 else None}
        context = {
            "catalog": data,
            "seo": _seo(
                title=title,
                description=_("Products of %(store)s.") % {"store": store.name},
                canonical=seo.canonical_url(request, request.path, canonical),
                noindex=True,
            ),
        }
        return listing_cache_header(request, render(request, self.template_name, context))


def _ancestors(tree: list[tuple[Category, int]], category: Category) -> list[Category]:
    by_id = {c.pk: c for c, _depth in tree}
    chain, node = [], by_id.get(category.parent_id)
    while node is not None and node not in chain:
        chain.insert(0, node)
        node = by_id.get(node.parent_id)
    return chain


class ProductView(CatalogStorefrontPage, View):
    template_name = "catalog/storefront/product.html"

    def get(self, request, slug: str):
        store = self.store
        product = storefront_product(store=store, slug=slug)
        variants = list(product.variants.all())
        images = list(product.images.all())
        images.sort(key=lambda i: (not i.is_primary, i.position, i.pk))
        chosen = _chosen_variant(variants, request.GET.get("variant"))
        tree = category_tree(store=store, active_only=True)
        visible = {c.pk for c, _depth in tree}
        category = next((c for c in product.categories.all() if c.pk in visible), None)
        path = request.path
        canonical = seo.canonical_url(request, path)
        image_urls = [seo.og_image(request, image) for image in images]
        rows = _variant_rows(product, variants)
        context = {
            "product": product,
            "variant_rows": rows,
            "variant_data": {row["id"]: row for row in rows},
            "chosen": chosen,
            "chosen_row": next((row for row in rows if chosen and row["id"] == str(chosen.pk)), {}),
            "picker_label": _picker_label(variants),
            "images": images,
            "category": category,
            "ancestors": _ancestors(tree, category) if category else [],
            "seo": _seo(
                title=product.seo_title or product.title,
                description=seo.meta_description(product.seo_description, product.description, product.title),
                canonical=canonical,
                og_type="product",
                og_image=image_urls[0] if image_urls else "",
                price=chosen.effective_price if chosen else product.price,
                currency=product.currency,
            ),
            "jsonld": seo.product_jsonld(product=product, url=canonical, images=image_urls),
        }
        return render(request, self.template_name, context)


def _chosen_variant(variants, wanted):
    """The variant named in ?variant=, else the first one in stock, else the first one."""
    by_id = {str(v.pk): v for v in variants}
    if wanted and str(wanted) in by_id:
        return by_id[str(wanted)]
    return next((v for v in variants if seo.variant_available(v)), variants[0] if variants else None)


def variant_label(variant) -> str:
    values = [str(v.value) for v in variant.option_values.all()]
    return " / ".join(values) if values else variant.sku


def _variant_rows(product: Product, variants) -> list[dict[str, Any]]:
    """What the variant picker shows for each variant (the page, and Alpine.js as JSON)."""
    rows = []
    for variant in variants:
        price = variant.effective_price
        compare = product.compare_at_price
        rows.append(
            {
                "id": str(variant.pk),
                "label": variant_label(variant),
                "sku": variant.sku,
                "price": money(price, product.currency),
                "compare": money(compare, product.currency) if compare and compare > price else "",
                "available": seo.variant_available(variant),
            }
        )
    return rows


def _picker_label(variants) -> str:
    """ "Size / Colour" from the options of the variants, else a generic label."""
    names: list[str] = []
    for variant in variants:
        for value in variant.option_values.all():
            if str(value.option_type.name) not in names:
                names.append(str(value.option_type.name))
    return " / ".join(names) if names else _("Choose a variant")


class SitemapView(CatalogStorefrontPage, View):
    """/sitemap.xml and its pages /sitemap-<n>.xml: one file while the whole catalog fits, else an
    index of pages (sitemap.py). Each answer is cached per catalog version and address. With the
    catalog off it lists the store's other pages."""

    gated = False

    def get(self, request, page: str | None = None):
        store = self.store
        number = int(page) if page else None
        base = seo.canonical_url(request, "")
        enabled = self.module_enabled
        address = hashlib.sha256(base.encode()).hexdigest()[:32]
        key = f"catalog:sitemap:{store.id}:{catalog_version(store.id)}:{address}:{int(enabled)}:{number or 0}"
        body = cache.get(key)
        if body is None:
            body = sitemap_xml(store=store, base=base, page=number, catalog=enabled)
            if body is None:
                raise Http404
            cache.set(key, body, SITEMAP_TIMEOUT)
        return HttpResponse(body, content_type="application/xml; charset=utf-8")


class RobotsView(CatalogStorefrontPage, View):
    """/robots.txt: keep crawlers out of the back office, the API and the account pages."""

    gated = False

    def get(self, request):
        body = render_to_string(
            "catalog/storefront/robots.txt", {"sitemap": seo.canonical_url(request, "/sitemap.xml")}
        )
        return HttpResponse(body, content_type="text/plain; charset=utf-8")
