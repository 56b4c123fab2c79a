"""Writes for accounts: team membership, invitations, API tokens, sign-in hand-off."""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.background import enqueue_on_commit
from apps.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from apps.core.roles import Role

from .errors import AccountsErrorCode
from .models import ApiToken, Invitation, LoginHandoff, StoreMembership, User, hash_secret
from .permissions import check_can_grant
from .tasks import invitation_send

INVITATION_DAYS = 7
HANDOFF_SECONDS = 300
HANDOFF_SALT = "accounts.handoff"


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
    enqueue_on_commit(invitation_send, invitation.id, token)
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
    user = authenticate(request, email=(email or "").strip().lower(), password=password or "")
    if user is None or not user.is_active:
        raise ValidationFailed(_("E-mail address or password is wrong."), code=AccountsErrorCode.BAD_CREDENTIALS)
    key = ApiToken.generate()
    token = ApiToken.objects.create(user=user, key_hash=hash_secret(key), prefix=key[:8], name=name[:100])
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


# --- Sign-in hand-off across domains -------------------------------------------------------------


def handoff_create(*, user: User) -> str:
    """A signed, single-use, short-lived sign-in token for `user` in the current schema."""
    nonce = secrets.token_urlsafe(24)
    LoginHandoff.objects.create(user=user, nonce_hash=hash_secret(nonce))
    return signing.dumps({"u": user.pk, "n": nonce, "s": connection.schema_name}, salt=HANDOFF_SALT)


@transaction.atomic
def handoff_consume(*, token: str) -> User:
    invalid = ValidationFailed(
        _("This sign-in link has expired or was already used. Please sign in."),
        code=AccountsErrorCode.HANDOFF_INVALID,
    )
    try:
        data = signing.loads(token, salt=HANDOFF_SALT, max_age=HANDOFF_SECONDS)
    except signing.BadSignature:
        raise invalid from None
    if data.get("s") != connection.schema_name:
        raise invalid
    handoff = (
        LoginHandoff.objects.select_for_update()
        .filter(nonce_hash=hash_secret(str(data.get("n"))), user_id=data.get("u"), used_at__isnull=True)
        .select_related("user")
        .first()
    )
    if handoff is None or not handoff.user.is_active:
        raise invalid
    handoff.used_at = timezone.now()
    handoff.save(update_fields=["used_at"])
    return handoff.user
