"""Writes for accounts: team membership, invitations, API tokens, one-time sign-in links and the
platform's sign-in for merchants."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tenants.utils import tenant_context

from apps.core import ratelimit
from apps.core.audit import audit_record
from apps.core.background import task_send_on_commit
from apps.core.errors import Conflict, NotFound, PermissionDenied, Throttled, ValidationFailed
from apps.core.roles import Role
from apps.tenancy import selectors as tenancy_selectors
from apps.tenancy.routing import store_base_url

from . import login_limits
from .errors import AccountsErrorCode
from .models import ApiToken, Invitation, LoginHandoff, StoreMembership, User, hash_secret
from .permissions import check_can_grant

INVITATION_DAYS = 7
HANDOFF_SECONDS = 300
HANDOFF_SALT = "accounts.handoff"
SIGNIN_LINK_SECONDS = 15 * 60
SIGNIN_LINK_SALT = "accounts.signin-link"
INVITATION_TASK = "apps.accounts.tasks.invitation_send"
SIGNIN_LINKS_TASK = "apps.accounts.tasks.signin_links_send"


def _valid_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationFailed(
            _("Unknown role."), code=AccountsErrorCode.UNKNOWN_ROLE, fields={"role": [_("Unknown role.")]}
        ) from None


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except DjangoValidationError:
        raise ValidationFailed(
            _("Enter a valid e-mail address."), fields={"email": [_("Enter a valid e-mail address.")]}
        ) from None
    return email


def password_validate(*, password: str, email: str = "", full_name: str = "") -> None:
    """Check a new password against the password rules (length, common passwords, likeness to the
    account's e-mail address and name) before any account exists."""
    try:
        validate_password(password or "", user=User(email=email, full_name=full_name or ""))
    except DjangoValidationError as exc:
        raise ValidationFailed(
            exc.messages[0], code=AccountsErrorCode.PASSWORD_WEAK, fields={"password": list(exc.messages)}
        ) from None


def user_create(*, email: str, password: str | None, full_name: str = "", verified: bool = False) -> User:
    """A merchant-schema account with its allauth e-mail record."""
    user = User.objects.create_user(email=_normalise_email(email), password=password, full_name=full_name)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


def user_email_confirm(*, user: User) -> User:
    """The user proved they read mail at their address (followed a link sent to it)."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    return user


def membership_set(*, user: User, store, role: str) -> StoreMembership:
    membership, _created = StoreMembership.objects.update_or_create(
        user=user, store_id=store.id, defaults={"role": _valid_role(role)}
    )
    return membership


def member_invite(*, actor: User, actor_role: str, store, email: str, role: str) -> tuple[Invitation, str]:
    """Invite someone to the store. Returns the invitation and its raw token (for the e-mail)."""
    role = _valid_role(role)
    check_can_grant(actor_role=actor_role, role=role)
    email = _normalise_email(email)
    if StoreMembership.objects.filter(store_id=store.id, user__email__iexact=email).exists():
        raise Conflict(
            _("%(email)s is already a member of this store.") % {"email": email},
            code=AccountsErrorCode.ALREADY_MEMBER,
            fields={"email": [_("Already a member of this store.")]},
        )
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                store_id=store.id,
                email=email,
                role=role,
                token_hash=hash_secret(token),
                invited_by=actor,
                expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
            )
    except IntegrityError:
        raise Conflict(
            _("An invitation for %(email)s is already pending.") % {"email": email},
            code=AccountsErrorCode.INVITATION_PENDING,
            fields={"email": [_("An invitation is already pending for this address.")]},
        ) from None
    audit_record(actor=actor, action="team.invite", target=email, store=store, data={"role": role})
    task_send_on_commit(INVITATION_TASK, invitation.id, token)
    return invitation, token


def invitation_revoke(*, actor: User, actor_role: str, store, invitation_id: int) -> None:
    invitation = Invitation.objects.filter(
        store_id=store.id, pk=invitation_id, status=Invitation.Status.PENDING
    ).first()
    if invitation is None:
        raise NotFound(_("No such pending invitation."))
    check_can_grant(actor_role=actor_role, role=invitation.role)
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="team.invitation_revoke", target=invitation.email, store=store)


def invitation_get_by_token(*, store, token: str) -> Invitation:
    invitation = Invitation.objects.filter(store_id=store.id, token_hash=hash_secret(token or "")).first()
    if invitation is None or not invitation.is_usable:
        raise NotFound(
            _("This invitation link is not valid any more. Ask for a new one."),
            code=AccountsErrorCode.INVITATION_INVALID,
        )
    return invitation


@transaction.atomic
def invitation_accept(
    *, store, token: str, user: User | None = None, full_name: str = "", password: str = ""
) -> StoreMembership:
    """Join the store. A signed-in user accepts for their own e-mail; otherwise an account is
    created for the invited address with the given password."""
    invitation = invitation_get_by_token(store=store, token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise NotFound(_("This invitation has already been used."), code=AccountsErrorCode.INVITATION_INVALID)
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise PermissionDenied(
                _("This invitation was sent to %(email)s. Sign out and open the link again.")
                % {"email": invitation.email},
                code=AccountsErrorCode.INVITATION_EMAIL_MISMATCH,
            )
    else:
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is not None:
            raise PermissionDenied(
                _("An account already exists for %(email)s: sign in first, then open the link again.")
                % {"email": invitation.email},
                code=AccountsErrorCode.INVITATION_EMAIL_MISMATCH,
            )
        user = user_create(email=invitation.email, password=password, full_name=full_name, verified=True)
    EmailAddress.objects.filter(user=user, email__iexact=invitation.email).update(verified=True)
    membership = membership_set(user=user, store=store, role=invitation.role)
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_at", "updated_at"])
    audit_record(actor=user, action="team.join", target=user.email, store=store, data={"role": invitation.role})
    return membership


def _owner_count(store) -> int:
    return StoreMembership.objects.filter(store_id=store.id, role=Role.OWNER).count()


@transaction.atomic
def member_change_role(*, actor: User, actor_role: str, store, membership_id: int, role: str) -> StoreMembership:
    role = _valid_role(role)
    membership = StoreMembership.objects.select_for_update().filter(store_id=store.id, pk=membership_id).first()
    if membership is None:
        raise NotFound(_("No such team member in this store."))
    check_can_grant(actor_role=actor_role, role=membership.role)
    check_can_grant(actor_role=actor_role, role=role)
    if membership.role == Role.OWNER and role != Role.OWNER:
        _lock_owners(store)
        if _owner_count(store) <= 1:
            raise Conflict(
                _("A store needs at least one owner."),
                code=AccountsErrorCode.LAST_OWNER,
                fields={"role": [_("A store needs at least one owner.")]},
            )
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        actor=actor,
        action="team.role_change",
        target=membership.user.email,
        store=store,
        data={"from": old, "to": role},
    )
    return membership


def _lock_owners(store) -> None:
    """Serialise owner demotions/removals of one store so two cannot remove the last owner."""
    list(StoreMembership.objects.select_for_update().filter(store_id=store.id, role=Role.OWNER).order_by("pk"))


@transaction.atomic
def member_remove(*, actor: User, actor_role: str, store, membership_id: int) -> None:
    membership = StoreMembership.objects.select_for_update().filter(store_id=store.id, pk=membership_id).first()
    if membership is None:
        raise NotFound(_("No such team member in this store."))
    check_can_grant(actor_role=actor_role, role=membership.role)
    if membership.role == Role.OWNER:
        _lock_owners(store)
        if _owner_count(store) <= 1:
            raise Conflict(_("A store needs at least one owner."), code=AccountsErrorCode.LAST_OWNER)
    email = membership.user.email
    membership.delete()
    audit_record(actor=actor, action="team.remove", target=email, store=store)


# --- API tokens ------------------------------------------------------------------------------


def api_token_issue(*, email: str, password: str, name: str = "", request=None) -> tuple[ApiToken, str]:
    """A device token for the account. The password check is the one every way in shares, with its
    limits (apps.accounts.login_limits): a refused client gets Throttled."""
    user = authenticate(request, email=(email or "").strip().lower(), password=password or "")
    refusal = login_limits.refusal(request)
    if refusal is not None:
        raise Throttled(refusal.message, retry_after=refusal.seconds)
    if user is None or not user.is_active:
        raise ValidationFailed(_("E-mail address or password is wrong."), code=AccountsErrorCode.BAD_CREDENTIALS)
    key = ApiToken.generate()
    token = ApiToken.objects.create(user=user, key_hash=hash_secret(key), prefix=key[:8], name=name[:100])
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


# --- One-time sign-in links ----------------------------------------------------------------------
# Sessions do not cross domains: the platform's pages send people to a store's domain with a signed,
# single-use, short-lived link. The new owner's link from the signup page (a hand-off, followed at
# once) and the links of the platform's sign-in e-mail (bound to one store, followed later).


def login_links_purge() -> int:
    """Delete the records of sign-in links that can no longer be used (used, or older than the
    longest link lifetime): they only made each link single-use. Returns how many went."""
    expired = timezone.now() - timedelta(seconds=max(HANDOFF_SECONDS, SIGNIN_LINK_SECONDS))
    deleted, _by_model = LoginHandoff.objects.filter(
        models.Q(used_at__isnull=False) | models.Q(created_at__lt=expired)
    ).delete()
    return deleted


def _link_invalid() -> ValidationFailed:
    return ValidationFailed(
        _("This sign-in link has expired or was already used. Please sign in."),
        code=AccountsErrorCode.HANDOFF_INVALID,
    )


def _link_create(*, user: User, salt: str, **claims) -> str:
    nonce = secrets.token_urlsafe(24)
    LoginHandoff.objects.create(user=user, nonce_hash=hash_secret(nonce))
    return signing.dumps({"u": user.pk, "n": nonce, "s": connection.schema_name, **claims}, salt=salt)


def _link_find(*, token: str, salt: str, max_age: int, store=None, lock: bool = False) -> LoginHandoff:
    """The unused LoginHandoff row of a link signed with `salt` for this schema (and `store`),
    within `max_age` seconds, of an active account; else ValidationFailed."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        raise _link_invalid() from None
    if data.get("s") != connection.schema_name or (store is not None and data.get("st") != store.pk):
        raise _link_invalid()
    rows = LoginHandoff.objects.select_for_update() if lock else LoginHandoff.objects.all()
    handoff = (
        rows.filter(nonce_hash=hash_secret(str(data.get("n"))), user_id=data.get("u"), used_at__isnull=True)
        .select_related("user")
        .first()
    )
    if handoff is None or not handoff.user.is_active:
        raise _link_invalid()
    if store is not None and not StoreMembership.objects.filter(user=handoff.user, store_id=store.id).exists():
        raise _link_invalid()
    return handoff


def _link_use(handoff: LoginHandoff) -> User:
    handoff.used_at = timezone.now()
    handoff.save(update_fields=["used_at"])
    return handoff.user


def handoff_create(*, user: User) -> str:
    """A signed, single-use, short-lived sign-in token for `user` in the current schema."""
    return _link_create(user=user, salt=HANDOFF_SALT)


@transaction.atomic
def handoff_consume(*, token: str) -> User:
    return _link_use(_link_find(token=token, salt=HANDOFF_SALT, max_age=HANDOFF_SECONDS, lock=True))


def signin_link_create(*, user: User, store) -> str:
    """A one-time sign-in link's token for `user` to the back office of `store` (current schema),
    valid for SIGNIN_LINK_SECONDS."""
    return _link_create(user=user, salt=SIGNIN_LINK_SALT, st=store.pk)


def signin_link_check(*, token: str, store) -> User:
    """The account a sign-in link of `store` would sign in, if it still would; else ValidationFailed."""
    return _link_find(token=token, salt=SIGNIN_LINK_SALT, max_age=SIGNIN_LINK_SECONDS, store=store).user


@transaction.atomic
def signin_link_consume(*, token: str, store) -> User:
    """Use a sign-in link of `store`: the account it signs in (still a member of the store), once."""
    return _link_use(
        _link_find(token=token, salt=SIGNIN_LINK_SALT, max_age=SIGNIN_LINK_SECONDS, store=store, lock=True)
    )


# --- The platform's sign-in ------------------------------------------------------------------------
# A merchant who knows only their e-mail address asks the platform's site for their stores. The
# site answers the same whatever the address: a task looks the stores up in the staff directory,
# checks each in its merchant's schema and e-mails the links, so neither the page nor its timing
# says whether the address has a store.


@dataclass(frozen=True)
class StoreSignIn:
    """One store of a staff member, for the platform's sign-in e-mail."""

    store: Any
    link: str  # the one-time sign-in link
    login_url: str  # the store's sign-in page with the e-mail address filled in
    language: str  # the account's own language, "" when it has none


def signin_links_request(*, email: str, address: str, language: str) -> str:
    """Ask for the sign-in links of `email` to be e-mailed (in `language` unless the account has
    its own). Limited per address and per e-mail address (Throttled), alike for every address.
    Returns the normalised e-mail address."""
    email = _normalise_email(email)
    limits = settings.LOGIN_LIMITS
    window = limits["LINK_WINDOW"]
    counted = (
        ("signin-links:address", address, limits["LINK_ADDRESS_REQUESTS"]),
        ("signin-links:email", ratelimit.digest(email), limits["LINK_EMAIL_REQUESTS"]),
    )
    for scope, key, limit in counted:
        if ratelimit.window_hit(scope, key, seconds=window) > limit:
            minutes = -(-ratelimit.window_left(window) // 60)
            raise Throttled(
                ngettext(
                    "Too many sign-in links were asked for. Try again in about %(minutes)d minute.",
                    "Too many sign-in links were asked for. Try again in about %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                retry_after=ratelimit.window_left(window),
            )
    task_send_on_commit(SIGNIN_LINKS_TASK, email, language)
    return email


def signin_links_make(*, email: str) -> list[StoreSignIn]:
    """A one-time link to each store where `email` is a member of the team (an active account in
    the merchant's schema, still a member of the store). Run from the public schema."""
    found = []
    for store in tenancy_selectors.dangerously_staff_stores_for_email(email=email):
        with tenant_context(store.merchant):
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None or not StoreMembership.objects.filter(user=user, store_id=store.id).exists():
                continue
            token = signin_link_create(user=user, store=store)
        base = f"{store_base_url(store)}/store/{store.code}"
        found.append(
            StoreSignIn(
                store=store,
                link=f"{base}/signin/{token}/",
                login_url=f"{base}/login/?{urlencode({'login': user.email})}",
                language=user.language,
            )
        )
    return found
