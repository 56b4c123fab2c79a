"""The loyalty app's reads: backoffice.py (cards for the store pages and the store API) and
stats.py (the programme's figures)."""

from .backoffice import (
    CARD_SORTS,
    CardFilters,
    card_filters_parse,
    card_get,
    card_transactions,
    cards_list,
    store_names,
    transactions_named,
)
from .stats import PERIODS, Figures, Row, Stats, period_clean, stats

__all__ = [
    "CARD_SORTS",
    "PERIODS",
    "CardFilters",
    "Figures",
    "Row",
    "Stats",
    "card_filters_parse",
    "card_get",
    "card_transactions",
    "cards_list",
    "period_clean",
    "stats",
    "store_names",
    "transactions_named",
]
