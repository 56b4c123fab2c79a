"""Categories: a tree per store, ordered among siblings."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed

from .. import limits
from ..cache import catalog_changed
from ..errors import CatalogErrorCode
from ..models import Category
from ..texts import LANGS, Texts, text_field, texts_clean, texts_of, texts_set
from ..types import Actor, StoreRef
from ._common import invalid, store_lock


def _category_slug(store: StoreRef, name: str, *, exclude: int | None = None) -> str:
    base = (slugify(name) or "category")[:130]
    taken = set(
        Category.objects.filter(store_id=store.id, slug__startswith=base)
        .exclude(pk=exclude)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_parent(store: StoreRef, category: Category | None, parent_id: int | str | None) -> Category | None:
    if parent_id in (None, ""):
        return None
    parent = Category.objects.filter(store_id=store.id, pk=parent_id).first()
    if parent is None:
        raise invalid("parent", _("Unknown category."))
    if category is not None:
        node, seen = parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == category.pk:
                raise invalid(
                    "parent", _("A category cannot be placed inside itself."), CatalogErrorCode.CATEGORY_CYCLE
                )
            seen.add(node.pk)
            node = node.parent
    return parent


NAME_LENGTH = Category._meta.get_field("name").max_length
CATEGORY_PARENT_KEEP = "keep"  # category_update's parent_id when the parent stays


def _names(store: StoreRef, name: Texts, *, current: Texts | None = None) -> Texts:
    """The category's names after the change: `name` over `current`; some language needs one."""
    merged = {**(current or {}), **texts_clean(name, field="name", max_length=NAME_LENGTH)}
    if not any(merged.values()):
        raise invalid(text_field("name", store.language), _("Enter a name."))
    return merged


def _check_room(store: StoreRef) -> None:
    if Category.objects.filter(store_id=store.id).count() >= limits.MAX_CATEGORIES_PER_STORE:
        raise ValidationFailed(
            ngettext(
                "A store can have at most %(max)d category.",
                "A store can have at most %(max)d categories.",
                limits.MAX_CATEGORIES_PER_STORE,
            )
            % {"max": limits.MAX_CATEGORIES_PER_STORE},
            code=CatalogErrorCode.TOO_MANY_CATEGORIES,
        )


@transaction.atomic
def category_create(
    *,
    store: StoreRef,
    actor: Actor | None,
    name: Texts,
    description: Texts | None = None,
    parent_id: int | None = None,
) -> Category:
    """A category (its name in some language) at the end of its parent's children."""
    names = _names(store, name, current=dict.fromkeys(LANGS, ""))
    descriptions = texts_clean(description, field="description")
    parent = _check_parent(store, None, parent_id)
    store_lock(store, "categories")
    _check_room(store)
    default_name = names.get(store.language) or next(v for v in names.values() if v)
    position = Category.objects.filter(store_id=store.id, parent=parent).count()
    category = Category(store_id=store.id, parent=parent, position=position, slug=_category_slug(store, default_name))
    texts_set(category, "name", names)
    texts_set(category, "description", descriptions)
    category.save()
    audit_record(
        actor=actor,
        action="catalog.category_create",
        target=category.slug,
        store=store,
        data={"parent": category.parent_id},
    )
    catalog_changed(store.id)
    return category


@transaction.atomic
def category_update(
    *,
    store: StoreRef,
    category: Category,
    actor: Actor | None,
    name: Texts | None = None,
    description: Texts | None = None,
    parent_id: int | None | str = CATEGORY_PARENT_KEEP,
    is_active: bool | None = None,
    position: int | None = None,
) -> Category:
    """Change a category: the languages given of its name and description (the others stay), its
    parent (None: the top level), its visibility. A new parent puts it last among its new
    siblings unless `position` (0-based, among the siblings after the move) says where."""
    if name is not None:
        texts_set(category, "name", _names(store, name, current=texts_of(category, "name")))
    if description is not None:
        texts_set(category, "description", texts_clean(description, field="description"))
    old_parent_id = category.parent_id
    if parent_id != CATEGORY_PARENT_KEEP:
        category.parent = _check_parent(store, category, parent_id)
    if is_active is not None:
        category.is_active = bool(is_active)
    _save_where_it_belongs(store, category, old_parent_id=old_parent_id)
    if position is not None:
        category_place(store=store, category=category, actor=actor, position=position)
    given = {"name": name, "description": description, "is_active": is_active, "position": position}
    fields = [field for field, value in given.items() if value is not None]
    audit_record(
        actor=actor,
        action="catalog.category_update",
        target=category.slug,
        store=store,
        data={"fields": sorted([*fields, *(["parent"] if parent_id != CATEGORY_PARENT_KEEP else [])])},
    )
    catalog_changed(store.id)
    return category


_KEEP_ON_SAVE = {"id", "store", "position", "created_at"}


def _save_where_it_belongs(store: StoreRef, category: Category, *, old_parent_id: int | None) -> None:
    """Save a category. Moved to another parent, it goes last among its new siblings and the old
    ones close ranks; otherwise its position is category_place's to write, from locked rows."""
    if category.parent_id == old_parent_id:
        category.save(update_fields=[f.name for f in Category._meta.concrete_fields if f.name not in _KEEP_ON_SAVE])
        return
    _lock_siblings(store, [old_parent_id, category.parent_id])
    category.position = Category.objects.filter(store_id=store.id, parent_id=category.parent_id).count()
    category.save()
    _renumber(_siblings(store, old_parent_id))


def _lock_siblings(store: StoreRef, parent_ids: list[int | None]) -> None:
    """Lock the children of these parents (None: the top level), in primary-key order, so that two
    moves between the same parents cannot deadlock."""
    ids = {pk for pk in parent_ids if pk is not None}
    condition = Q(parent_id__in=ids)
    if None in parent_ids:
        condition |= Q(parent__isnull=True)
    list(Category.objects.select_for_update().filter(condition, store_id=store.id).order_by("pk").values_list("pk"))


def _siblings(store: StoreRef, parent_id: int | None) -> list[Category]:
    return list(Category.objects.filter(store_id=store.id, parent_id=parent_id).order_by("position", "id"))


def _renumber(siblings: list[Category]) -> None:
    """Number siblings 0, 1, 2 ... in the order given, writing only the rows that change."""
    for index, sibling in enumerate(siblings):
        if sibling.position != index:
            Category.objects.filter(pk=sibling.pk).update(position=index)
            sibling.position = index


@transaction.atomic
def category_place(*, store: StoreRef, category: Category, actor: Actor | None, position: int) -> Category:
    """Put a category at `position` (0-based) among its siblings and renumber them in their new
    order. A position past the end puts it last."""
    if position < 0:
        raise invalid("position", _("Enter a position of 0 or more."))
    _lock_siblings(store, [category.parent_id])
    rows = _siblings(store, category.parent_id)
    locked = next((c for c in rows if c.pk == category.pk), category)
    siblings = [c for c in rows if c.pk != category.pk]
    siblings.insert(min(position, len(siblings)), locked)
    _renumber(siblings)
    category.position = locked.position
    audit_record(
        actor=actor,
        action="catalog.category_place",
        target=category.slug,
        store=store,
        data={"position": category.position},
    )
    catalog_changed(store.id)
    return category


@transaction.atomic
def category_move(*, store: StoreRef, category: Category, actor: Actor | None, direction: str) -> None:
    """Move a category one place up or down among its siblings."""
    _lock_siblings(store, [category.parent_id])
    order = [c.pk for c in _siblings(store, category.parent_id)]
    index = order.index(category.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(order):
        category_place(store=store, category=category, actor=actor, position=target)


@transaction.atomic
def category_delete(*, store: StoreRef, category: Category, actor: Actor | None) -> None:
    """Children move up to the deleted category's parent; products keep their other categories."""
    Category.objects.filter(store_id=store.id, parent=category).update(parent=category.parent)
    slug = category.slug
    category.delete()
    audit_record(actor=actor, action="catalog.category_delete", target=slug, store=store)
    catalog_changed(store.id)
