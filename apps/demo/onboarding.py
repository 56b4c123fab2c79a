"""The demo stores' setup wizards (demo_load): ORION and FASHIONHUB finished theirs weeks ago,
BOOKSTORE stopped after its merchant profile, at the Letzshop connection, so the wizard can be
seen as bob.owner@bookworld.com. The merchant profile goes through the wizard's own service (a
first try with a mistyped VAT number included, as merchants do); the steps that need Letzshop,
which is not there yet when demo_load runs, are written as the wizard records them. Every time is
then moved back to when the merchant took the step, so the onboarding analytics have medians."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.core.errors import ApplicationError
from apps.onboarding.errors import OnboardingErrorCode
from apps.onboarding.models import OnboardingEvent, OnboardingProgress, OnboardingStepState
from apps.onboarding.wizard import progress_create, progress_get, wizard_step_begin, wizard_step_save

Kind = OnboardingEvent.Kind
LETZSHOP_STEPS = ("letzshop_api", "product_import", "order_sync")
GAP = timedelta(seconds=20)  # between one step's end and the next one's start


@dataclass(frozen=True)
class WizardPlan:
    profile: dict[str, str]
    days_ago: int
    # step key -> seconds taken; the steps the merchant finished, in order
    seconds: dict[str, int]
    # the step left open (started, not finished), if any
    current: str = ""
    # (step, code, module's code, message) of errors met on the way
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)


PLANS = {
    "ORION": WizardPlan(
        profile={
            "company": "WizaCorp Ltd.",
            "vat_number": "LU24681357",
            "street": "12 rue de l'Industrie",
            "postcode": "L-8399",
            "city": "Windhof",
            "country": "LU",
            "contact_email": "hello@orion.lu",
            "contact_phone": "+352 621 123 456",
            "sells_on_letzshop": "yes",
        },
        days_ago=41,
        seconds={"merchant_profile": 262, "letzshop_api": 148, "product_import": 391, "order_sync": 173},
        errors=[
            (
                "letzshop_api",
                OnboardingErrorCode.INTEGRATION_CONNECTION_FAILED,
                "letzshop_auth_failed",
                "Letzshop refused this API key. Copy it again from your Letzshop vendor account.",
            )
        ],
    ),
    "FASHIONHUB": WizardPlan(
        profile={
            "company": "Fashion Group S.A.",
            "vat_number": "LU19283746",
            "street": "5 Grand-Rue",
            "postcode": "L-1660",
            "city": "Luxembourg",
            "country": "LU",
            "contact_email": "hello@fashionhub.lu",
            "contact_phone": "+352 691 234 567",
            "sells_on_letzshop": "no",
        },
        days_ago=27,
        seconds={"merchant_profile": 318},
    ),
    "BOOKSTORE": WizardPlan(
        profile={
            "company": "BookWorld Publishing",
            "vat_number": "LU31415926",
            "street": "3 avenue de la Gare",
            "postcode": "L-4130",
            "city": "Esch-sur-Alzette",
            "country": "LU",
            "contact_email": "hello@bookstore.lu",
            "contact_phone": "+352 661 345 678",
            "sells_on_letzshop": "yes",
        },
        days_ago=9,
        seconds={"merchant_profile": 205},
        current="letzshop_api",
    ),
}


def demo_wizard_load(*, store, actor) -> bool:
    """Give `store` its demo wizard if it has a plan and no wizard yet (call in its merchant's
    schema); whether it did."""
    plan = PLANS.get(store.code)
    if plan is None or progress_get(store=store) is not None:
        return False
    with transaction.atomic():
        progress = progress_create(store=store)
        wizard_step_begin(progress=progress, key="merchant_profile")
        if store.code == "BOOKSTORE":
            # the VAT number mistyped first: the wizard records the error for the analytics
            with contextlib.suppress(ApplicationError):
                wizard_step_save(
                    store=store, key="merchant_profile", data={**plan.profile, "vat_number": "LU3141592"}, actor=actor
                )
        wizard_step_save(store=store, key="merchant_profile", data=plan.profile, actor=actor)
        progress.refresh_from_db()
        for key in plan.seconds:
            if key != "merchant_profile":
                _step_record(progress, key)
        if plan.current:
            wizard_step_begin(progress=progress, key=plan.current)
        for step, code, detail, message in plan.errors:
            OnboardingEvent.objects.create(
                progress=progress, kind=Kind.ERROR, step=step, code=code, detail_code=detail, message=message
            )
        if not plan.current and progress.status != OnboardingProgress.Status.COMPLETED:
            progress.status, progress.current_step = OnboardingProgress.Status.COMPLETED, ""
            progress.save(update_fields=["status", "current_step"])
            OnboardingEvent.objects.create(progress=progress, kind=Kind.COMPLETED)
        _retime(progress, plan)
    return True


def _step_record(progress: OnboardingProgress, key: str) -> None:
    """A step the merchant finished, as the wizard records it (its times are set by _retime)."""
    OnboardingStepState.objects.update_or_create(
        progress=progress, step=key, defaults={"status": OnboardingStepState.Status.COMPLETED}
    )
    OnboardingEvent.objects.create(progress=progress, kind=Kind.STEP_STARTED, step=key)
    OnboardingEvent.objects.create(progress=progress, kind=Kind.STEP_COMPLETED, step=key)


def _retime(progress: OnboardingProgress, plan: WizardPlan) -> None:
    """Move the wizard's times back to when the merchant took each step."""
    start = timezone.now() - timedelta(days=plan.days_ago)
    moment, spans = start, {}
    for key, seconds in plan.seconds.items():
        spans[key] = (moment, moment + timedelta(seconds=seconds))
        moment += timedelta(seconds=seconds) + GAP
    if plan.current:
        spans[plan.current] = (moment, None)
    for key, (began, ended) in spans.items():
        OnboardingStepState.objects.filter(progress=progress, step=key).update(
            started_at=began, completed_at=ended, seconds=round((ended - began).total_seconds()) if ended else None
        )
    OnboardingStepState.objects.filter(progress=progress, status=OnboardingStepState.Status.NOT_APPLICABLE).update(
        started_at=moment
    )
    events = OnboardingEvent.objects.filter(progress=progress)
    for event in events:
        began, ended = spans.get(event.step, (start, moment))
        when = {
            Kind.STARTED: start,
            Kind.STEP_STARTED: began,
            Kind.STEP_COMPLETED: ended,
            Kind.ERROR: began + (((ended or moment) - began) / 2),
            Kind.COMPLETED: moment - GAP,
        }.get(event.kind, moment)
        OnboardingEvent.objects.filter(pk=event.pk).update(created_at=when or moment)
    finished = progress.status == OnboardingProgress.Status.COMPLETED
    OnboardingProgress.objects.filter(pk=progress.pk).update(
        created_at=start - GAP,
        started_at=start,
        updated_at=moment,
        completed_at=moment - GAP if finished else None,
    )
