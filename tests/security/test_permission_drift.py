"""Permission drift: the store pages and the store API let the same roles do the same catalog actions.

Every action of the catalog's table (apps.catalog.permissions) is tried, with every role, through
every store page and every API endpoint that does it, each try in a savepoint that is rolled back.
A try is allowed when it answers with success and did what it says (`done`), refused when it
answers 403 and changed nothing; anything else is a broken try and fails the test. What a role
may do on a page must be what it may do through the API, and both what the table says. The cases
must cover every action and every method of every catalog store page and endpoint, so a new page,
endpoint or action fails here until it is tried.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.views import View

from apps.accounts.access import StoreAPIView, StorePageView
from apps.catalog import services
from apps.catalog.api.views._base import CatalogAPIView
from apps.catalog.models import Category, InventoryItem, OptionType, Product, ProductImage, Variant
from apps.catalog.permissions import PERMISSIONS, Action, ActionAccess
from apps.catalog.views.store.base import CatalogPage
from apps.core.modules import registry
from apps.core.roles import Role
from apps.jobs.models import Job

from ..catalog.store_api import client_for, png
from ..catalog.store_pages import form_data, png_bytes, product_form_data

PAGE = "/store/ALPHA/catalog/"
API = "/api/v1/store/stores/ALPHA/catalog/"
JOBS_API = "/api/v1/store/stores/ALPHA/jobs/"
OK = {200, 201, 202, 204, 302}
ROLES = tuple(Role)


@dataclass
class Objects:
    product: Product
    variant: Variant  # the product's default variant
    extra: Variant  # a second variant, so that one can be deleted
    image: ProductImage
    image2: ProductImage
    category: Category
    option: OptionType
    job: Job
    form: dict  # the product form as the owner's browser posts it unchanged

    def ids(self) -> dict[str, int]:
        return {name: getattr(self, name).pk for name in ID_NAMES}


ID_NAMES = ("product", "variant", "extra", "image", "image2", "category", "option", "job")


@dataclass(frozen=True)
class Try:
    """One request that does an action: a page (form post) or the API (JSON unless `multipart`)."""

    method: str
    path: str  # formatted with PAGE, API, JOBS_API and the ids of Objects
    data: Callable[[Objects], dict] | None = None
    done: Callable[[Objects, Any], bool] | None = None  # what an allowed try did (with the response)
    also: tuple[Action, ...] = ()  # actions the request needs besides the one it is listed under
    multipart: bool = False
    # a field of a page form: a role that may not is not offered it, so the page answers but ignores it
    field: bool = False

    def url(self, ids: dict[str, int]) -> str:
        return self.path.format(PAGE=PAGE, API=API, JOBS_API=JOBS_API, **ids)


@dataclass(frozen=True)
class Case:
    page: tuple[Try, ...] = ()
    api: tuple[Try, ...] = ()
    offered: tuple[Try, ...] = field(default=())  # pages that offer the action only to roles that may


def _reloaded(obj):
    return type(obj).objects.filter(pk=obj.pk).first()


def _gone(attr: str) -> Callable[[Objects, Any], bool]:
    return lambda o, _r: _reloaded(getattr(o, attr)) is None


def _product_form(o: Objects, **overrides) -> dict:
    return {**o.form, **overrides}


class _UploadLater:
    """A file for a form field, made when the request is sent (an upload is read once)."""


def _fresh(value, ids):
    if isinstance(value, _UploadLater):
        return SimpleUploadedFile("c.png", png_bytes(), content_type="image/png")
    return value.format(**ids) if isinstance(value, str) else value


def _form_try(done: Callable[[Objects, Any], bool], *, multipart=False, **overrides) -> Try:
    """A change made through a field of the product form, by a role that may change the product."""
    return Try(
        "POST",
        "{PAGE}products/{product}/",
        data=lambda o: _product_form(o, **{key.format(**o.ids()): _fresh(v, o.ids()) for key, v in overrides.items()}),
        done=done,
        also=(Action.PRODUCT_CHANGE,),
        multipart=multipart,
        field=True,
    )


def _jobs_now(o: Objects) -> int:
    return Job.objects.exclude(pk=o.job.pk).count()


CASES: dict[Action, Case] = {
    Action.VIEW: Case(
        page=tuple(
            Try("GET", path)
            for path in (
                "{PAGE}",
                "{PAGE}products/{product}/",
                "{PAGE}products/export.csv",
                "{PAGE}categories/",
                "{PAGE}inventory/",
                "{PAGE}inventory/low/",
                "{PAGE}inventory/ledger/",
                "{PAGE}inventory/{variant}/",
                "{PAGE}jobs/{job}/",
                "{PAGE}jobs/{job}/progress/",
            )
        ),
        api=tuple(
            Try("GET", path)
            for path in (
                "{API}products/",
                "{API}products/lookup/?code=DRIFT",
                "{API}products/{product}/",
                "{API}products/{product}/variants/",
                "{API}products/{product}/images/",
                "{API}variants/{variant}/",
                "{API}variants/{variant}/stock/",
                "{API}categories/",
                "{API}categories/{category}/",
                "{API}option-types/",
                "{API}option-types/{option}/",
            )
        ),
    ),
    Action.COSTS: Case(
        page=(
            Try("GET", "{PAGE}products/{product}/", done=lambda o, r: "cost_price" in r.context["form"].fields),
            _form_try(lambda o, r: str(_reloaded(o.product).cost_price) == "7.00", cost_price="7.00"),
        ),
        api=(
            Try("GET", "{API}products/{product}/", done=lambda o, r: "cost_price" in r.json()),
            Try(
                "PATCH",
                "{API}products/{product}/",
                data=lambda o: {"cost_price": "7.00"},
                done=lambda o, r: str(_reloaded(o.product).cost_price) == "7.00",
                also=(Action.PRODUCT_CHANGE,),
            ),
        ),
    ),
    Action.PRODUCT_CREATE: Case(
        page=(
            Try("GET", "{PAGE}products/add/"),
            Try(
                "POST",
                "{PAGE}products/add/",
                data=lambda o: product_form_data(sku="DRIFT-NEW"),
                done=lambda o, r: Product.objects.filter(sku="DRIFT-NEW", status="active").exists(),
            ),
        ),
        api=(
            Try(
                "POST",
                "{API}products/",
                data=lambda o: {"sku": "DRIFT-NEW", "title": {"en": "New"}, "price": "1.00"},
                done=lambda o, r: Product.objects.filter(sku="DRIFT-NEW").exists(),
            ),
        ),
    ),
    Action.PRODUCT_CHANGE: Case(
        page=(
            Try(
                "POST",
                "{PAGE}products/{product}/",
                data=lambda o: _product_form(o, title_en="Changed"),
                done=lambda o, r: _reloaded(o.product).title_en == "Changed",
            ),
        ),
        api=(
            Try(
                "PATCH",
                "{API}products/{product}/",
                data=lambda o: {"title": {"en": "Changed"}},
                done=lambda o, r: _reloaded(o.product).title_en == "Changed",
            ),
        ),
    ),
    Action.PRODUCT_DELETE: Case(
        page=(
            Try("POST", "{PAGE}products/{product}/delete/", done=_gone("product")),
            Try(
                "POST",
                "{PAGE}products/bulk/",
                data=lambda o: {"action": "delete", "ids": [o.product.pk]},
                done=lambda o, r: _jobs_now(o) == 1,
                also=(Action.PRODUCT_BULK,),
            ),
        ),
        api=(
            Try("DELETE", "{API}products/{product}/", done=_gone("product")),
            Try(
                "POST",
                "{API}products/bulk/",
                data=lambda o: {"action": "delete", "product_ids": [o.product.pk]},
                done=lambda o, r: _jobs_now(o) == 1,
                also=(Action.PRODUCT_BULK,),
            ),
        ),
    ),
    Action.PRODUCT_BULK: Case(
        page=(
            Try(
                "POST",
                "{PAGE}products/bulk/",
                data=lambda o: {"action": "archive", "ids": [o.product.pk]},
                done=lambda o, r: _jobs_now(o) == 1,
            ),
            Try("POST", "{PAGE}jobs/{job}/", done=lambda o, r: _reloaded(o.job).status == "cancelled"),
        ),
        api=(
            Try(
                "POST",
                "{API}products/bulk/",
                data=lambda o: {"action": "archive", "product_ids": [o.product.pk]},
                done=lambda o, r: _jobs_now(o) == 1,
            ),
            Try("POST", "{JOBS_API}{job}/cancel/", done=lambda o, r: _reloaded(o.job).status == "cancelled"),
        ),
    ),
    Action.VARIANT_CREATE: Case(
        page=(
            Try("GET", "{PAGE}products/variant-row/?new-TOTAL_FORMS=1", done=lambda o, r: b"new-1-sku" in r.content),
            _form_try(
                lambda o, r: Variant.objects.filter(sku="DRIFT-3").exists(),
                **{"new-TOTAL_FORMS": "1", "new-0-sku": "DRIFT-3", "new-0-stock": "1"},
            ),
            Try(
                "POST",
                "{PAGE}products/add/",
                data=lambda o: product_form_data(sku="DRIFT-NEW", **{"new-TOTAL_FORMS": "2", "new-1-sku": "DRIFT-3"}),
                done=lambda o, r: Variant.objects.filter(sku="DRIFT-3").exists(),
                also=(Action.PRODUCT_CREATE,),
                field=True,
            ),
            Try("GET", "{PAGE}products/{product}/variants/add/"),
            Try(
                "POST",
                "{PAGE}products/{product}/variants/add/",
                data=lambda o: {"sku": "DRIFT-3", "price": "", "stock": "1"},
                done=lambda o, r: Variant.objects.filter(sku="DRIFT-3").exists(),
            ),
        ),
        api=(
            Try(
                "POST",
                "{API}products/{product}/variants/",
                data=lambda o: {"sku": "DRIFT-3", "stock": 1},
                done=lambda o, r: Variant.objects.filter(sku="DRIFT-3").exists(),
            ),
        ),
    ),
    Action.VARIANT_CHANGE: Case(
        page=(
            _form_try(lambda o, r: _reloaded(o.extra).sku == "DRIFT-2B", **{"variant-{extra}-sku": "DRIFT-2B"}),
            Try("GET", "{PAGE}products/{product}/variants/{extra}/"),
            Try(
                "POST",
                "{PAGE}products/{product}/variants/{extra}/",
                data=lambda o: {"sku": "DRIFT-2B", "barcode": "", "price": ""},
                done=lambda o, r: _reloaded(o.extra).sku == "DRIFT-2B",
            ),
        ),
        api=(
            Try(
                "PATCH",
                "{API}variants/{extra}/",
                data=lambda o: {"sku": "DRIFT-2B"},
                done=lambda o, r: _reloaded(o.extra).sku == "DRIFT-2B",
            ),
        ),
    ),
    Action.VARIANT_DELETE: Case(
        page=(
            Try("POST", "{PAGE}products/{product}/variants/{extra}/delete/", done=_gone("extra")),
            _form_try(_gone("extra"), **{"variant-{extra}-remove": "on"}),
        ),
        api=(Try("DELETE", "{API}variants/{extra}/", done=_gone("extra")),),
    ),
    Action.IMAGE_ADD: Case(
        page=(
            _form_try(
                lambda o, r: ProductImage.objects.filter(product=o.product).count() == 3,
                multipart=True,
                **{"images-uploads": _UploadLater()},
            ),
            Try(
                "POST",
                "{PAGE}products/{product}/images/",
                data=lambda o: {"images": [SimpleUploadedFile("c.png", png_bytes(), content_type="image/png")]},
                done=lambda o, r: ProductImage.objects.filter(product=o.product).count() == 3,
                multipart=True,
            ),
        ),
        api=(
            Try(
                "POST",
                "{API}products/{product}/images/",
                data=lambda o: {"image": png()},
                done=lambda o, r: ProductImage.objects.filter(product=o.product).count() == 3,
                multipart=True,
            ),
        ),
    ),
    Action.IMAGE_CHANGE: Case(
        page=(
            _form_try(lambda o, r: _reloaded(o.image).alt_text_en == "Drift", **{"image-{image}-alt_text_en": "Drift"}),
            _form_try(lambda o, r: _reloaded(o.image2).is_primary, **{"images-main": "{image2}"}),
            _form_try(
                lambda o, r: _reloaded(o.image).position > _reloaded(o.image2).position,
                **{"image-{image}-position": "3"},
            ),
            Try(
                "POST",
                "{PAGE}products/{product}/images/{image}/",
                data=lambda o: {"alt_text_en": "Drift"},
                done=lambda o, r: _reloaded(o.image).alt_text_en == "Drift",
            ),
            Try(
                "POST",
                "{PAGE}products/{product}/images/{image}/move/down/",
                done=lambda o, r: _reloaded(o.image).position > _reloaded(o.image2).position,
            ),
        ),
        api=(
            Try(
                "PATCH",
                "{API}products/{product}/images/{image}/",
                data=lambda o: {"alt_text": {"en": "Drift"}},
                done=lambda o, r: _reloaded(o.image).alt_text_en == "Drift",
            ),
            Try(
                "POST",
                "{API}products/{product}/images/order/",
                data=lambda o: {"order": [o.image2.pk, o.image.pk]},
                done=lambda o, r: _reloaded(o.image).position > _reloaded(o.image2).position,
            ),
        ),
    ),
    Action.IMAGE_DELETE: Case(
        page=(
            Try("POST", "{PAGE}products/{product}/images/{image}/delete/", done=_gone("image")),
            _form_try(_gone("image"), **{"image-{image}-remove": "on"}),
        ),
        api=(Try("DELETE", "{API}products/{product}/images/{image}/", done=_gone("image")),),
    ),
    Action.CATEGORY_CREATE: Case(
        page=(
            Try(
                "POST",
                "{PAGE}categories/add/",
                data=lambda o: {"name_en": "Drifted", "parent": ""},
                done=lambda o, r: Category.objects.filter(name_en="Drifted").exists(),
            ),
        ),
        api=(
            Try(
                "POST",
                "{API}categories/",
                data=lambda o: {"name": {"en": "Drifted"}},
                done=lambda o, r: Category.objects.filter(name_en="Drifted").exists(),
            ),
        ),
    ),
    Action.CATEGORY_CHANGE: Case(
        page=(
            Try("GET", "{PAGE}categories/{category}/"),
            Try(
                "POST",
                "{PAGE}categories/{category}/",
                data=lambda o: {"name_en": "Renamed", "parent": "", "is_active": "on"},
                done=lambda o, r: _reloaded(o.category).name_en == "Renamed",
            ),
            Try("POST", "{PAGE}categories/{category}/toggle/", done=lambda o, r: not _reloaded(o.category).is_active),
        ),
        api=(
            Try(
                "PATCH",
                "{API}categories/{category}/",
                data=lambda o: {"name": {"en": "Renamed"}},
                done=lambda o, r: _reloaded(o.category).name_en == "Renamed",
            ),
        ),
    ),
    Action.CATEGORY_DELETE: Case(
        page=(Try("POST", "{PAGE}categories/{category}/delete/", done=_gone("category")),),
        api=(Try("DELETE", "{API}categories/{category}/", done=_gone("category")),),
    ),
    # options have no page of their own: the variant forms name them (VARIANT_CREATE / _CHANGE)
    Action.OPTION_CREATE: Case(
        api=(
            Try(
                "POST",
                "{API}option-types/",
                data=lambda o: {"name": {"en": "Colour"}, "values": [{"value": {"en": "Red"}}]},
                done=lambda o, r: OptionType.objects.filter(name_en="Colour").exists(),
            ),
        ),
    ),
    Action.OPTION_CHANGE: Case(
        api=(
            Try(
                "PATCH",
                "{API}option-types/{option}/",
                data=lambda o: {"name": {"en": "Measure"}},
                done=lambda o, r: _reloaded(o.option).name_en == "Measure",
            ),
        ),
    ),
    Action.OPTION_DELETE: Case(api=(Try("DELETE", "{API}option-types/{option}/", done=_gone("option")),)),
    Action.STOCK_ADJUST: Case(
        page=(
            Try(
                "POST",
                "{PAGE}inventory/{variant}/adjust/",
                data=lambda o: {"adjust-delta": "2", "adjust-reason": "received"},
                done=lambda o, r: InventoryItem.objects.get(variant=o.variant).quantity == 7,
            ),
        ),
        api=(
            Try(
                "POST",
                "{API}variants/{variant}/stock/",
                data=lambda o: {"delta": 2, "reason": "received"},
                done=lambda o, r: InventoryItem.objects.get(variant=o.variant).quantity == 7,
            ),
        ),
        offered=(Try("GET", "{PAGE}inventory/{variant}/", done=lambda o, r: "adjust_form" in r.context),),
    ),
    Action.STOCK_COUNT: Case(
        page=(
            Try(
                "POST",
                "{PAGE}inventory/{variant}/count/",
                data=lambda o: {"count-quantity": "9"},
                done=lambda o, r: InventoryItem.objects.get(variant=o.variant).quantity == 9,
            ),
        ),
        api=(
            Try(
                "PUT",
                "{API}variants/{variant}/stock/",
                data=lambda o: {"quantity": 9},
                done=lambda o, r: InventoryItem.objects.get(variant=o.variant).quantity == 9,
            ),
        ),
        offered=(Try("GET", "{PAGE}inventory/{variant}/", done=lambda o, r: "count_form" in r.context),),
    ),
    Action.STOCK_SETTINGS: Case(
        page=(
            Try(
                "POST",
                "{PAGE}inventory/{variant}/settings/",
                data=lambda o: {"settings-bin_location": "Z-9", "settings-low_stock_threshold": "1"},
                done=lambda o, r: InventoryItem.objects.get(variant=o.variant).bin_location == "Z-9",
            ),
        ),
        api=(
            Try(
                "PATCH",
                "{API}variants/{variant}/stock/",
                data=lambda o: {"bin_location": "Z-9", "low_stock_threshold": 1},
                done=lambda o, r: InventoryItem.objects.get(variant=o.variant).bin_location == "Z-9",
            ),
        ),
        offered=(
            Try(
                "GET",
                "{PAGE}inventory/{variant}/",
                done=lambda o, r: "settings_form" in r.context and b"settings-bin_location" in r.content,
            ),
        ),
    ),
}


# --- Running a try ----------------------------------------------------------------------------------


def _objects(tenant) -> Objects:
    owner = tenant.owner()
    with tenant:
        store = tenant.store
        product = services.product_create(
            store=store,
            actor=owner,
            data={"sku": "DRIFT", "title": {"en": "Drift"}, "price": "10.00", "status": "active"},
            stock=5,
        )
        extra = services.variant_create(store=store, product=product, actor=owner, sku="DRIFT-2")
        images = [
            services.image_add(
                store=store,
                product=product,
                actor=owner,
                upload=SimpleUploadedFile(f"{n}.png", png_bytes(color=(n, 0, 0)), content_type="image/png"),
            )
            for n in (1, 2)
        ]
        category = services.category_create(store=store, actor=owner, name={"en": "Drift"})
        option = services.option_type_create(store=store, actor=owner, name={"en": "Size"}, values=[{"en": "XL"}])
        job = services.bulk_queue(
            store=store, actor=owner, action="feature", params={}, product_ids=[product.pk], label="Feature"
        )
        objects = Objects(
            product=product,
            variant=product.variants.get(sku="DRIFT"),
            extra=extra,
            image=images[0],
            image2=images[1],
            category=category,
            option=option,
            job=job,
            form={},
        )
    objects.form = form_data(tenant.client(owner).get(f"{PAGE}products/{product.pk}/"))
    return objects


def _send(client, attempt: Try, objects: Objects, api: bool):
    data = attempt.data(objects) if attempt.data else {}
    url, method = attempt.url(objects.ids()), attempt.method.lower()
    if attempt.method == "GET":
        return client.get(url)
    if api and not attempt.multipart:
        return client.generic(attempt.method, url, data=json.dumps(data), content_type="application/json")
    return getattr(client, method)(url, data)


def _outcome(tenant, client, attempt: Try, objects: Objects, api: bool) -> tuple[bool | None, str]:
    """(allowed, what happened); None: the try is broken (neither done nor refused with nothing changed).
    A page that answers but does not offer the action (a GET without the form, a form that ignores a
    field it does not offer the role: `done` false) refuses it."""
    ids = objects.ids()
    reading = attempt.method == "GET" or attempt.field  # answers either way; `done` tells
    with transaction.atomic():
        response = _send(client, attempt, objects, api)
        status = response.status_code
        with tenant:
            if status in OK:
                done = attempt.done(objects, response) if attempt.done else True
            else:  # refused: a write must have changed nothing
                done = bool(attempt.done and attempt.method != "GET" and attempt.done(objects, None))
        transaction.set_rollback(True)
    note = f"{attempt.method} {attempt.url(ids)} -> {status}"
    if status in OK and (done or reading):
        return done, note
    if status == 403 and not done:
        return False, note
    return None, note + (" (changed something)" if status == 403 else " (did not do it)" if status in OK else "")


def _expected(role: Role, action: Action, attempt: Try) -> bool:
    held = registry.role_permissions(role)
    return all(PERMISSIONS[a] in held for a in (action, *attempt.also))


@pytest.mark.parametrize("action", list(Action), ids=str)
def test_pages_and_api_allow_each_action_to_the_same_roles(tenant_a, action):
    case = CASES[action]
    objects = _objects(tenant_a)
    broken, drift = [], []
    for role in ROLES:
        user = tenant_a.owner() if role == Role.OWNER else tenant_a.member(role)
        page, api = tenant_a.client(user), client_for(tenant_a, user=user)
        seen: dict[str, set[bool]] = {"page": set(), "API": set()}
        for surface, client, attempts in (
            ("page", page, case.page + case.offered),
            ("API", api, case.api),
        ):
            for attempt in attempts:
                allowed, note = _outcome(tenant_a, client, attempt, objects, surface == "API")
                if allowed is None:
                    broken.append(f"{role}: {note}")
                    continue
                if not attempt.also:
                    seen[surface].add(allowed)
                if allowed != _expected(role, action, attempt):
                    drift.append(f"{role} {'may' if allowed else 'may not'} on the {surface}: {note}")
        if seen["page"] and seen["API"] and seen["page"] != seen["API"]:
            drift.append(f"{role}: the pages allow {sorted(seen['page'])}, the API {sorted(seen['API'])}")
    assert not broken, f"{action}: tries that neither succeeded nor were refused: {broken}"
    assert not drift, f"{action} needs {PERMISSIONS[action]}, but: {drift}"


# --- The cases cover the catalog ---------------------------------------------------------------------


def _catalog_routes() -> list[tuple[str, type]]:
    """(path pattern, view class) of every catalog store page and store API endpoint."""
    found = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                view = getattr(entry.callback, "view_class", None) or getattr(entry.callback, "cls", None)
                if view is not None and issubclass(view, StorePageView | StoreAPIView) and view.module == "catalog":
                    found.append((prefix + str(entry.pattern), view))

    walk(get_resolver(settings.ROOT_URLCONF).url_patterns)  # the URLconf of a store's domain
    return found


def test_every_action_is_tried_and_every_catalog_view_takes_its_permissions_from_the_table():
    # every action of the table has a case, with a page or an endpoint
    assert set(CASES) == set(Action)
    assert all(case.page or case.api for case in CASES.values())
    # every catalog store page and endpoint declares actions, and every method of each is tried
    routes = _catalog_routes()
    assert routes
    untabled = sorted({view.__qualname__ for _path, view in routes if not issubclass(view, ActionAccess)})
    assert not untabled, f"catalog views not declaring `actions`: {untabled}"
    declared = {(view, method) for _path, view in routes for method in view.actions}
    dummy = {name: 1 for name in Objects.__dataclass_fields__}
    tried = set()
    for case in CASES.values():
        for attempt in case.page + case.api + case.offered:
            match = resolve(attempt.url(dummy).split("?")[0], urlconf=settings.ROOT_URLCONF)
            view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
            tried.add((view, attempt.method))
    missing = sorted(f"{view.__qualname__} {method}" for view, method in declared - tried if view.module == "catalog")
    assert not missing, f"store pages / endpoints no case tries: {missing}"


def test_a_catalog_view_cannot_repeat_a_permission_or_leave_a_method_out():
    with pytest.raises(ImproperlyConfigured, match="declares `actions`"):

        class Repeats(CatalogPage, View):
            permission = "catalog.stock"

    with pytest.raises(ImproperlyConfigured, match="every method it answers"):

        class LeavesOut(CatalogAPIView):
            actions = {"GET": Action.VIEW}

            def get(self, request, **kwargs): ...

            def patch(self, request, **kwargs): ...
