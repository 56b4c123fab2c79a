"""The mandatory setup wizard of a new store: the steps the enabled modules declare
(apps.core.modules.WizardStep), taken in order, each validated and saved as the merchant goes, so
that a reload, a sign-out or another device resumes where they were.

A store with a progress row that is neither completed nor skipped is gated: its pages lead to the
wizard and its API answers onboarding_required (middleware.py). A store without a row (created
before the wizard existed, or by the platform) is not gated."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.db import transaction
from django.db.models import Aggregate, FloatField
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import ApplicationError, Conflict, ValidationFailed
from apps.core.modules import StepContext, StepIntegrationFailed, StepOutcome, WizardStep, registry

from .errors import OnboardingErrorCode
from .models import OnboardingEvent, OnboardingProgress, OnboardingStepState

if TYPE_CHECKING:
    from apps.tenancy.models import Store

Status = OnboardingProgress.Status
StepStatus = OnboardingStepState.Status
Kind = OnboardingEvent.Kind

GATE_CACHE = "routing"  # platform-wide and not emptied with the page caches
GATE_SECONDS = 300


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "median"
    output_field = FloatField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


@dataclass(frozen=True)
class StepView:
    step: WizardStep
    number: int
    # completed, current, pending or not_applicable
    status: str

    @property
    def key(self) -> str:
        return self.step.key

    @property
    def slug(self) -> str:
        return self.step.key.replace("_", "-")

    @property
    def title(self) -> Any:
        return self.step.title


@dataclass(frozen=True)
class WizardState:
    progress: OnboardingProgress
    steps: list[StepView] = field(default_factory=list)
    current: StepView | None = None
    percent: int = 0
    seconds_left: int = 0

    @property
    def minutes_left(self) -> int:
        return math.ceil(self.seconds_left / 60)

    def step(self, key: str) -> StepView | None:
        return next((view for view in self.steps if view.key == key), None)

    def as_dict(self) -> dict[str, Any]:
        progress = self.progress
        return {
            "status": progress.status,
            "current_step": self.current.key if self.current else None,
            "percent": self.percent,
            "minutes_left": self.minutes_left,
            "answers": progress.answers,
            "steps": [
                {"key": view.key, "number": view.number, "title": str(view.title), "status": view.status}
                for view in self.steps
            ],
        }


# --- The progress row and the gate --------------------------------------------------------------


def _gate_key(merchant_id: int, code: str) -> str:
    return f"onboarding:gate:{merchant_id}:{code.upper()}"


def _gate_forget(store: Store) -> None:
    """Drop the cached gate of `store` now and once the change is committed (a request between the
    two may have cached the state before it)."""
    key = _gate_key(store.merchant_id, store.code)
    caches[GATE_CACHE].delete(key)
    transaction.on_commit(lambda: caches[GATE_CACHE].delete(key))


def onboarding_gate_open(*, merchant_id: int, store_code: str) -> bool:
    """Whether the pages of the merchant's store `store_code` are open: no wizard, or a finished
    one (cached; the wizard forgets the entry when the state changes). A code that is no store of
    the merchant is open: the view's own lookup answers for it."""
    key = _gate_key(merchant_id, store_code)
    cached = caches[GATE_CACHE].get(key)
    if cached is None:
        status = (
            OnboardingProgress.objects.filter(store__merchant_id=merchant_id, store__code=store_code.upper())
            .values_list("status", flat=True)
            .first()
        )
        cached = status is None or status in OnboardingProgress.FINISHED
        caches[GATE_CACHE].set(key, cached, GATE_SECONDS)
    return cached


def progress_create(*, store: Store) -> OnboardingProgress:
    """A new store's wizard, not started yet (the store is gated from now on)."""
    progress, _created = OnboardingProgress.objects.get_or_create(store=store)
    _gate_forget(store)
    return progress


def progress_get(*, store: Store) -> OnboardingProgress | None:
    return OnboardingProgress.objects.filter(store_id=store.id).first()


def _progress_or_finished(store: Store) -> OnboardingProgress:
    """The store's progress; a store without one is treated as set up (an unsaved finished row)."""
    return progress_get(store=store) or OnboardingProgress(store=store, status=Status.COMPLETED)


def _progress_locked(store: Store) -> OnboardingProgress:
    progress = OnboardingProgress.objects.select_for_update().filter(store_id=store.id).first()
    if progress is None or progress.is_finished:
        raise Conflict(_("This store's setup is already finished."), code=OnboardingErrorCode.ONBOARDING_FINISHED)
    return progress


def _event(progress: OnboardingProgress, kind: str, step: str = "", **values: Any) -> None:
    OnboardingEvent.objects.create(progress=progress, kind=kind, step=step, **values)


# --- Reading the state --------------------------------------------------------------------------


def _steps(store: Store) -> list[WizardStep]:
    return registry.wizard_steps(store.merchant.enabled_modules)


def _estimates(store: Store) -> dict[str, float]:
    """Step key -> median seconds other merchants took for it, over their finished wizards."""
    rows = (
        OnboardingStepState.objects.filter(
            status=StepStatus.COMPLETED, seconds__isnull=False, progress__status=Status.COMPLETED
        )
        .exclude(progress__store__merchant_id=store.merchant_id)
        .values("step")
        .annotate(median=Median("seconds"))
    )
    return {row["step"]: row["median"] for row in rows}


def wizard_state(*, store: Store, progress: OnboardingProgress | None = None) -> WizardState:
    """The steps with their status, the current one, the % done and the time left."""
    progress = progress or _progress_or_finished(store)
    done = set()
    if progress.pk:
        done = set(progress.steps.filter(status=StepStatus.COMPLETED).values_list("step", flat=True))
    views, current = [], None
    for step in _steps(store):
        if not step.is_applicable(store, progress.answers):
            status = "not_applicable"
        elif step.key in done:
            status = "completed"
        elif current is None and not progress.is_finished:
            status = "current"
        else:
            status = "pending"
        view = StepView(step=step, number=len(views) + 1, status=status)
        current = view if status == "current" else current
        views.append(view)
    applicable = [view for view in views if view.status != "not_applicable"]
    finished = progress.is_finished or not current
    percent = 100 if finished else round(100 * sum(v.status == "completed" for v in applicable) / len(applicable))
    left = 0
    if not finished:
        medians = _estimates(store)
        left = sum(medians.get(v.key, v.step.default_seconds) for v in applicable if v.status in ("current", "pending"))
    return WizardState(progress=progress, steps=views, current=current, percent=percent, seconds_left=round(left))


def wizard_step_open(*, state: WizardState, key: str) -> StepView:
    """The step `key` if the merchant may open it: a completed step or the current one."""
    view = state.step(key)
    if view is None:
        raise ValidationFailed(_("There is no such setup step."), code=OnboardingErrorCode.STEP_UNKNOWN)
    if view.status not in ("completed", "current"):
        raise ValidationFailed(
            _("Please finish the steps before this one first.")
            if view.status == "pending"
            else _("This step does not apply to your store."),
            code=OnboardingErrorCode.INVALID_STEP_TRANSITION,
        )
    return view


def wizard_step_read(*, store: Store, key: str) -> dict[str, Any]:
    """What a step shows (its saved values); the step counts as started from now."""
    state = wizard_state(store=store)
    view = wizard_step_open(state=state, key=key)
    if state.progress.pk and not state.progress.is_finished:
        wizard_step_begin(progress=state.progress, key=key)
    return view.step.behaviour.read(StepContext(store=store, answers=state.progress.answers))


def wizard_step_begin(*, progress: OnboardingProgress, key: str) -> None:
    """Note that the merchant opened step `key` (its timing starts at the first opening)."""
    with transaction.atomic():
        _state, created = OnboardingStepState.objects.get_or_create(progress=progress, step=key)
        if progress.status == Status.NOT_STARTED:
            progress.status, progress.started_at = Status.IN_PROGRESS, timezone.now()
            progress.save(update_fields=["status", "started_at"])
            _event(progress, Kind.STARTED)
        if created:
            _event(progress, Kind.STEP_STARTED, key)
            progress.updated_at = timezone.now()
            progress.save(update_fields=["updated_at"])


# --- Saving steps -------------------------------------------------------------------------------


def _wizard_error(progress: OnboardingProgress, key: str, error: ApplicationError) -> ApplicationError:
    """The error to answer for a step's failure, recorded for the analytics in its own transaction."""
    if error.code in OnboardingErrorCode.__members__.values():
        result = error
    elif isinstance(error, StepIntegrationFailed):
        result = ValidationFailed(
            error.message, code=OnboardingErrorCode.INTEGRATION_CONNECTION_FAILED, fields=error.fields
        )
    elif type(error) is ValidationFailed:
        result = ValidationFailed(
            error.message, code=OnboardingErrorCode.CONFIGURATION_VALIDATION_FAILED, fields=error.fields
        )
    else:
        result = error
    if progress.pk:
        _event(progress, Kind.ERROR, key, code=result.code, detail_code=error.code, message=error.message[:1000])
    return result


def _answers_apply(store: Store, progress: OnboardingProgress, answers: dict[str, Any]) -> None:
    """Merge a step's answers and mark the steps they rule out as not applicable (and the ones they
    bring back as open again)."""
    progress.answers = {**progress.answers, **answers}
    for step in _steps(store):
        applicable = step.is_applicable(store, progress.answers)
        rows = OnboardingStepState.objects.filter(progress=progress, step=step.key)
        if applicable:
            rows.filter(status=StepStatus.NOT_APPLICABLE).delete()
        elif not rows.exists():
            OnboardingStepState.objects.create(progress=progress, step=step.key, status=StepStatus.NOT_APPLICABLE)


def _step_complete(progress: OnboardingProgress, key: str) -> None:
    now = timezone.now()
    row, _created = OnboardingStepState.objects.get_or_create(progress=progress, step=key)
    if row.status != StepStatus.COMPLETED:
        row.status, row.completed_at = StepStatus.COMPLETED, now
        row.seconds = max(0, round((now - row.started_at).total_seconds()))
        row.save(update_fields=["status", "completed_at", "seconds"])
        _event(progress, Kind.STEP_COMPLETED, key)


def _progress_advance(store: Store, progress: OnboardingProgress, actor: Any) -> WizardState:
    state = wizard_state(store=store, progress=progress)
    now = timezone.now()
    progress.current_step = state.current.key if state.current else ""
    progress.updated_at = now
    if progress.status in (Status.NOT_STARTED, Status.PAUSED):
        progress.status, progress.started_at = Status.IN_PROGRESS, progress.started_at or now
    if state.current is None:
        progress.status, progress.completed_at = Status.COMPLETED, now
        _event(progress, Kind.COMPLETED)
        audit_record(actor=actor, action="onboarding.complete", target=store.code, store=store)
        _gate_forget(store)
    progress.save()
    return wizard_state(store=store, progress=progress)


def wizard_step_save(
    *, store: Store, key: str, data: dict[str, Any], actor: Any, files: Any = None
) -> tuple[WizardState, StepOutcome]:
    """Validate and save step `key` (the current one or one already done). A step that is done
    moves the wizard on; the last one completes it."""
    progress = _progress_or_finished(store)
    try:
        with transaction.atomic():
            progress = _progress_locked(store)
            view = wizard_step_open(state=wizard_state(store=store, progress=progress), key=key)
            OnboardingStepState.objects.get_or_create(progress=progress, step=key)
            ctx = StepContext(store=store, answers=progress.answers, actor=actor, data=data, files=files)
            outcome = view.step.behaviour.save(ctx)
            _answers_apply(store, progress, dict(outcome.answers))
            if outcome.done:
                _step_complete(progress, key)
            return _progress_advance(store, progress, actor), outcome
    except ApplicationError as error:
        raise _wizard_error(progress, key, error) from error


def wizard_step_act(
    *, store: Store, key: str, action: str, data: dict[str, Any], actor: Any, files: Any = None
) -> StepOutcome:
    """Run an extra action of step `key` (test a connection, preview a feed, start a job)."""
    progress = _progress_or_finished(store)
    try:
        with transaction.atomic():
            progress = _progress_locked(store)
            view = wizard_step_open(state=wizard_state(store=store, progress=progress), key=key)
            if action not in view.step.behaviour.actions:
                raise ValidationFailed(_("This step has no such action."), code=OnboardingErrorCode.STEP_UNKNOWN)
            ctx = StepContext(store=store, answers=progress.answers, actor=actor, data=data, files=files, action=action)
            outcome = view.step.behaviour.act(ctx)
            if outcome.answers:
                progress.answers = {**progress.answers, **outcome.answers}
                progress.save(update_fields=["answers"])
            return outcome
    except ApplicationError as error:
        raise _wizard_error(progress, key, error) from error


# --- Pausing, resuming, skipping ----------------------------------------------------------------


def wizard_pause(*, store: Store, actor: Any) -> OnboardingProgress:
    """ "Finish later": note where the merchant stopped; the next visit resumes there."""
    with transaction.atomic():
        progress = _progress_locked(store)
        progress.status = Status.PAUSED
        progress.paused_at = progress.updated_at = timezone.now()
        progress.save(update_fields=["status", "paused_at", "updated_at"])
        _event(progress, Kind.PAUSED, progress.current_step)
        audit_record(actor=actor, action="onboarding.pause", target=store.code, store=store)
    return progress


def wizard_resume(*, store: Store) -> OnboardingProgress | None:
    """The merchant is back: a paused wizard continues where it stopped (others are left alone)."""
    with transaction.atomic():
        progress = OnboardingProgress.objects.select_for_update().filter(store_id=store.id).first()
        if progress is not None and progress.status == Status.PAUSED:
            progress.status, progress.paused_at, progress.updated_at = Status.IN_PROGRESS, None, timezone.now()
            progress.save(update_fields=["status", "paused_at", "updated_at"])
            _event(progress, Kind.RESUMED, progress.current_step)
    return progress


def wizard_skip(*, store: Store, actor: Any, reason: str) -> OnboardingProgress:
    """The platform lets a store past its wizard (support cases): recorded with the reason and
    audited. A store without a wizard gets a skipped one."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Say why the wizard is skipped.")
        raise ValidationFailed(message, code=OnboardingErrorCode.SKIP_REASON_REQUIRED, fields={"reason": [message]})
    with transaction.atomic():
        progress, _created = OnboardingProgress.objects.select_for_update().get_or_create(store=store)
        if progress.is_finished:
            raise Conflict(_("This store's setup is already finished."), code=OnboardingErrorCode.ONBOARDING_FINISHED)
        progress.status, progress.completed_at = Status.SKIPPED, timezone.now()
        progress.skipped_by, progress.skip_reason = getattr(actor, "email", "")[:254], reason[:2000]
        progress.save()
        _event(progress, Kind.SKIPPED, progress.current_step, message=reason[:1000])
        audit_record(actor=actor, action="onboarding.skip", target=store.code, store=store, data={"reason": reason})
        _gate_forget(store)
    return progress
