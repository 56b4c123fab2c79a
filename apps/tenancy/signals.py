"""Cached host routes must follow changes to merchants, stores and domains."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Domain, Merchant, Store
from .routing import forget_hosts, forget_merchant


@receiver([post_save, post_delete], sender=Domain, dispatch_uid="tenancy.domain_routes")
def domain_changed(instance: Domain, **kwargs) -> None:
    merchant_id = instance.tenant_id
    forget_hosts([instance.domain])
    forget_merchant(merchant_id)  # the canonical address of its stores may change
    transaction.on_commit(lambda: (forget_hosts([instance.domain]), forget_merchant(merchant_id)))


@receiver([post_save, post_delete], sender=Store, dispatch_uid="tenancy.store_routes")
def store_changed(instance: Store, **kwargs) -> None:
    merchant_id = instance.merchant_id
    forget_merchant(merchant_id)
    transaction.on_commit(lambda: forget_merchant(merchant_id))


@receiver(post_save, sender=Merchant, dispatch_uid="tenancy.merchant_routes")
def merchant_changed(instance: Merchant, created: bool, **kwargs) -> None:
    if not created:
        forget_merchant(instance.pk)
        transaction.on_commit(lambda: forget_merchant(instance.pk))
