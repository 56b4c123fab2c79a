"""What accounts hears: every failed password check (django.contrib.auth, whichever way in),
every password reset through the shop's e-mail link (allauth), and its own changes of memberships
and accounts, which the platform's staff directory follows (tenancy.StaffDirectoryEntry)."""

from __future__ import annotations

from allauth.account.signals import password_reset
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name, get_tenant_base_schema

from apps.tenancy import services as tenancy_services

from . import login_limits
from .models import StoreMembership, User


@receiver(user_login_failed, dispatch_uid="accounts.login_failed_count")
def login_failed_count(credentials: dict, request=None, **kwargs) -> None:
    login = credentials.get("username") or credentials.get("email")
    if request is not None and login:
        login_limits.failed(request, str(login))


@receiver(password_reset, dispatch_uid="accounts.password_reset_remember")
def password_reset_remember(request, user, **kwargs) -> None:
    """Whoever set a new password through the e-mailed link holds the account's mailbox: this
    browser is known to the account from now on, so the per-account limit of an attack on it does
    not keep them out."""
    login_limits.remember(request, user.email)


def _merchant_schema() -> str | None:
    """The merchant schema this connection works in; None in the public schema (platform staff,
    who sign in at /admin/) and the template schema new merchants are cloned from."""
    schema = connection.schema_name
    return None if schema in (get_public_schema_name(), get_tenant_base_schema()) else schema


@receiver(post_save, sender=StoreMembership, dispatch_uid="accounts.directory_membership_saved")
def directory_membership_saved(instance: StoreMembership, **kwargs) -> None:
    schema = _merchant_schema()
    if schema:
        tenancy_services.staff_directory_set(
            schema_name=schema, store_id=instance.store_id, user_id=instance.user_id, email=instance.user.email
        )


@receiver(post_delete, sender=StoreMembership, dispatch_uid="accounts.directory_membership_deleted")
def directory_membership_deleted(instance: StoreMembership, **kwargs) -> None:
    schema = _merchant_schema()
    if schema:
        tenancy_services.staff_directory_remove(
            schema_name=schema, store_id=instance.store_id, user_id=instance.user_id
        )


@receiver(post_save, sender=User, dispatch_uid="accounts.directory_user_saved")
def directory_user_saved(instance: User, created: bool, update_fields=None, **kwargs) -> None:
    """An account's e-mail address may have changed (a new account has no membership yet)."""
    schema = _merchant_schema()
    if schema and not created and (update_fields is None or "email" in update_fields):
        tenancy_services.staff_directory_rename(schema_name=schema, user_id=instance.pk, email=instance.email)
