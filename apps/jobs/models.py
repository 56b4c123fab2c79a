from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Job(TimeStampedModel):
    """A long piece of background work whose progress pages poll and the API exposes. The jobs
    runner (apps.jobs.runner) is the only writer once it is queued."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    kind = models.CharField(_("kind"), max_length=64)
    label = models.CharField(_("description"), max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    # why it failed, in words a merchant can read (never an exception's text)
    error = models.TextField(blank=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # runs started so far: retries and runs taken over from a lost worker count too
    attempts = models.PositiveSmallIntegerField(default=0)
    # when the task of the current attempt went to the broker; null while it has not (yet)
    sent_at = models.DateTimeField(null=True, blank=True)
    # the running attempt's last sign of life; the sweep takes over a job whose heartbeat stopped
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    # item key -> result, for the items the handler applied: a resumed run skips them
    items = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["store", "-created_at"]),
            # what the sweep looks at: only unfinished jobs, a handful at any time
            models.Index(
                fields=["status", "heartbeat_at"],
                name="job_unfinished_idx",
                # (OR, not IN: the cloned schemas' copy of an IN condition reads differently)
                condition=models.Q(status="queued") | models.Q(status="running"),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")), name="job_done_le_total")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def problems(self) -> list[str]:
        """What the job could not do, one readable line per item ("SKU-12: ..."), for a job that
        otherwise went on: its handler's result lists them under "problems"."""
        problems = (self.result or {}).get("problems") if isinstance(self.result, dict) else None
        return [str(line) for line in problems] if isinstance(problems, list) else []

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)
