"""Reads for accounts. Everything is scoped to a store or to the current merchant schema."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound

from .models import Invitation, StoreMembership, User


def user_get_by_id(*, user_id: int) -> User | None:
    """An account of the current merchant schema (a schema holds one merchant's users only)."""
    return User.objects.filter(pk=user_id).first()


def membership_get(*, user: User, store) -> StoreMembership | None:
    if not user.is_authenticated:
        return None
    return StoreMembership.objects.filter(user=user, store_id=store.id).first()


def membership_list(*, store) -> QuerySet[StoreMembership]:
    return StoreMembership.objects.filter(store_id=store.id).select_related("user").order_by("user__email")


def membership_get_in_store(*, store, membership_id: int) -> StoreMembership:
    membership = membership_list(store=store).filter(pk=membership_id).first()
    if membership is None:
        raise NotFound(_("No such team member in this store."))
    return membership


def user_memberships(*, user: User, merchant) -> list[StoreMembership]:
    """The stores of this merchant the user may use, with roles (store objects attached)."""
    memberships = list(StoreMembership.objects.filter(user=user).order_by("store_id"))
    stores = {s.id: s for s in merchant.stores.filter(is_active=True)}
    result = []
    for membership in memberships:
        if membership.store_id in stores:
            membership.store = stores[membership.store_id]
            result.append(membership)
    return result


def invitation_list_pending(*, store) -> QuerySet[Invitation]:
    return Invitation.objects.filter(store_id=store.id, status=Invitation.Status.PENDING).order_by("-created_at")


def customer_list(*, limit: int = 100) -> QuerySet[User]:
    """Accounts of the current merchant that hold no store role."""
    return User.objects.filter(memberships__isnull=True).order_by("-date_joined")[:limit]
