"""Orders: placement (queries, time, 50 buyers on one variant) and the store's order list and
search with 100,000 orders. The parts: orders_placement.py, orders_list.py."""

from __future__ import annotations

from .common import Result


def add_arguments(parser) -> None:
    group = parser.add_argument_group("orders")
    group.add_argument("--placements", type=int, default=30, help="timed placements of 1 and of 10 lines (default 30)")
    group.add_argument("--buyers", type=int, default=50, help="parallel buyers on one hot variant (default 50)")
    group.add_argument("--hot-stock", type=int, default=10, help="units of the hot variant (default 10)")
    group.add_argument("--race-rounds", type=int, default=3, help="rounds of the buyers' race (default 3)")
    group.add_argument("--orders", type=int, default=100_000, help="orders in the list bench store (default 100,000)")
    group.add_argument("--list-repeats", type=int, default=12, help="requests of each list address (default 12)")


def run(args, _target) -> Result:
    from . import orders_list, orders_placement

    result = Result("orders")
    placement = orders_placement.run(args, result)
    listing = orders_list.run(args, result)
    result.details = {"placement": placement, "list": listing}
    return result
