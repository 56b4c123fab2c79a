"""The merchant's programme and the platform's policy for it, as the ledger needs them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from apps.core.errors import NotFound, PermissionDenied

from ..errors import LoyaltyErrorCode
from ..models import Program
from ..platform.models import MerchantLoyaltyPolicy

DEFAULT_POLICY = MerchantLoyaltyPolicy()


def policy_for(merchant_id: int) -> MerchantLoyaltyPolicy:
    """What the platform allows this merchant (the defaults until an admin changes them)."""
    return MerchantLoyaltyPolicy.objects.filter(merchant_id=merchant_id).first() or DEFAULT_POLICY


def current_merchant_id() -> int:
    return connection.tenant.pk


def program_required(*, active: bool = True, for_update: bool = False) -> Program:
    """The merchant's programme, or a clear error when there is none (or it is switched off)."""
    qs = Program.objects.select_for_update() if for_update else Program.objects
    program = qs.filter(key=1).first()
    if program is None:
        raise NotFound(_("This merchant has no loyalty programme yet."), code=LoyaltyErrorCode.NO_PROGRAM)
    if active and not program.is_active:
        raise PermissionDenied(_("The loyalty programme is switched off."), code=LoyaltyErrorCode.PROGRAM_INACTIVE)
    return program


@dataclass(frozen=True)
class Rules:
    """The programme and the platform's policy together: what one terminal call must obey."""

    program: Program
    policy: MerchantLoyaltyPolicy

    @property
    def pin_required(self) -> bool:
        return self.program.pin_required or self.policy.pin_policy == MerchantLoyaltyPolicy.PinPolicy.REQUIRED


def rules_get() -> Rules:
    return Rules(program=program_required(), policy=policy_for(current_merchant_id()))
