"""The setup wizard's state per store (public schema): where the store is, what it answered, each
step's timing and the events the platform's onboarding analytics count."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OnboardingProgress(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")
        SKIPPED = "skipped", _("Skipped")

    # a store in one of these states is set up: its pages are open
    FINISHED = (Status.COMPLETED, Status.SKIPPED)

    store = models.OneToOneField(
        "tenancy.Store", verbose_name=_("store"), on_delete=models.CASCADE, related_name="onboarding"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    current_step = models.CharField(_("current step"), max_length=40, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last activity"), default=timezone.now)
    skipped_by = models.EmailField(_("skipped by"), blank=True)
    skip_reason = models.TextField(_("reason for skipping"), blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("store onboarding")
        verbose_name_plural = _("store onboardings")
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return str(self.store)

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class OnboardingStepState(models.Model):
    class Status(models.TextChoices):
        STARTED = "started", _("Started")
        COMPLETED = "completed", _("Completed")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    progress = models.ForeignKey(OnboardingProgress, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=40)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.STARTED)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # from the step's start to its first completion
    seconds = models.PositiveIntegerField(_("seconds taken"), null=True, blank=True)

    class Meta:
        ordering = ["progress_id", "started_at", "id"]
        constraints = [models.UniqueConstraint(fields=["progress", "step"], name="onboarding_step_once")]

    def __str__(self) -> str:
        return f"{self.step}: {self.status}"


class OnboardingEvent(models.Model):
    class Kind(models.TextChoices):
        STARTED = "started", _("Started")
        STEP_STARTED = "step_started", _("Step started")
        STEP_COMPLETED = "step_completed", _("Step completed")
        ERROR = "error", _("Error")
        PAUSED = "paused", _("Paused")
        RESUMED = "resumed", _("Resumed")
        SKIPPED = "skipped", _("Skipped")
        COMPLETED = "completed", _("Completed")

    progress = models.ForeignKey(OnboardingProgress, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    step = models.CharField(_("step"), max_length=40, blank=True)
    # the wizard's code (errors.py) and the code of the module's error behind it
    code = models.CharField(_("code"), max_length=60, blank=True)
    detail_code = models.CharField(_("detail code"), max_length=60, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.step}".strip()
