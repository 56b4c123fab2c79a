"""The plans the platform offers, read from settings.PLATFORM_PLANS: the one place that defines
them until a billing app takes them over. /pricing/ shows exactly these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from apps.core.modules import Feature, registry


@dataclass(frozen=True)
class Plan:
    code: str
    name: Any  # lazy translation
    # per month, in euros, VAT included; 0 for a free plan
    price: Decimal
    description: Any = ""
    # the modules the plan includes; empty: every installed module
    modules: tuple[str, ...] = ()

    @property
    def is_free(self) -> bool:
        return self.price == 0

    @property
    def features(self) -> list[Feature]:
        """What the plan offers: the features of its modules that are installed."""
        return registry.features(self.modules or None)


def plan_list() -> list[Plan]:
    plans = []
    for spec in settings.PLATFORM_PLANS:
        try:
            plan = Plan(
                **{**spec, "price": Decimal(str(spec.get("price", "0"))), "modules": tuple(spec.get("modules", ()))}
            )
        except (TypeError, ArithmeticError) as exc:
            raise ImproperlyConfigured(f"PLATFORM_PLANS: {spec!r} is not a plan ({exc}).") from None
        plans.append(plan)
    return plans
