"""What the loyalty app tells the rest of the platform.

program_changed: the merchant's programme (or its rewards, tiers, branding) changed. Sent after
the transaction commits, in the merchant's schema, with sender=Program and merchant_id=<int>, so
the platform's programme directory can be refreshed (receivers_platform.py)."""

from django.dispatch import Signal

program_changed = Signal()
