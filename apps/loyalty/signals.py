"""What loyalty announces to the apps and modules that listen (receivers connected in ready())."""

from django.dispatch import Signal

# the merchant's programme was created, changed or deleted: sender=Program, merchant_id=...
program_changed = Signal()
