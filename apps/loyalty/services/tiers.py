"""Tiers, recalculated nightly: each card gets the highest tier whose threshold what it earned in
the last twelve months reaches: points, or stamps in a stamps programme; never its balance.

Earned means earn entries (till and online: stamp, points_earn, online_earn) less what took them
back (their voids, online returns). Welcome, referral and adjustment entries do not count. Not
retroactive: a new tier's multiplier applies to what is earned from then on (points_for reads the
card's tier when it earns); past entries stay as they are.

One UPDATE ... FROM (aggregate) per schema, not a loop over the cards; only the cards whose tier
changes are written (and their pass version bumped, since the pass shows the tier)."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ..models import Card, Program, Tier, Transaction

DAYS = 365
EARNING = (Transaction.Kind.STAMP, Transaction.Kind.POINTS_EARN, Transaction.Kind.ONLINE_EARN)

_RECALCULATE = """
UPDATE loyalty_card AS card
SET tier_id = ranked.tier_id, pass_version = card.pass_version + 1, pass_updated_at = %(now)s
FROM (
    SELECT c.id AS card_id,
        (SELECT t.id FROM loyalty_tier AS t WHERE t.threshold <= COALESCE(e.total, 0)
         ORDER BY t.threshold DESC LIMIT 1) AS tier_id
    FROM loyalty_card AS c
    LEFT JOIN (
        SELECT tx.card_id, SUM(tx.{column}) AS total
        FROM loyalty_transaction AS tx
        LEFT JOIN loyalty_transaction AS original ON original.id = tx.voids_id
        WHERE tx.created_at >= %(since)s
            AND (tx.kind = ANY(%(earning)s) OR tx.kind = %(returned)s
                 OR (tx.kind = %(void)s AND original.kind = ANY(%(earning)s)))
        GROUP BY tx.card_id
    ) AS e ON e.card_id = c.id
) AS ranked
WHERE card.id = ranked.card_id AND card.tier_id IS DISTINCT FROM ranked.tier_id
"""


@transaction.atomic
def tiers_recalculate() -> int:
    """Set every card's tier in this schema from its last twelve months; the cards changed.
    Without a programme, with tiers off or no tiers, every card loses its tier."""
    program = Program.objects.filter(key=1).first()
    now = timezone.now()
    if program is None or not program.tiers_enabled or not Tier.objects.exists():
        return Card.objects.filter(tier__isnull=False).update(
            tier=None, pass_version=F("pass_version") + 1, pass_updated_at=now
        )
    column = "points_delta" if program.has_points else "stamps_delta"
    with connection.cursor() as cursor:
        cursor.execute(
            _RECALCULATE.format(column=column),
            {
                "now": now,
                "since": now - timedelta(days=DAYS),
                "earning": [str(kind) for kind in EARNING],
                "returned": str(Transaction.Kind.ONLINE_RETURN),
                "void": str(Transaction.Kind.VOID),
            },
        )
        return cursor.rowcount
