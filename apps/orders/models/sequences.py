from django.db import models


class Sequence(models.Model):
    """A gapless counter: order numbers per store, customer numbers and invoice numbers per
    merchant. `sequences.sequence_next` increments it with one UPDATE inside the caller's
    transaction; the row stays locked until that transaction ends, so concurrent callers queue,
    and a rollback gives the number back: no gaps, no duplicates."""

    name = models.CharField(max_length=64, unique=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=models.Q(value__gte=0), name="sequence_not_negative")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
