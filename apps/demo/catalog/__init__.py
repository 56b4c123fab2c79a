"""Demo catalogues: believable products for the demo stores, generated deterministically.

Each kind of store (books, e-books, fashion, electronics, gadgets, home) is a `Catalog`: its
category tree, its option types and a generator of product specs (texts in English, French and
German, prices incl. VAT, SKUs, barcodes, variants, stock, images). `loader.catalog_load` writes
them through the catalog's services; the benchmarks reuse the generators for their bulk data.
"""

from __future__ import annotations

import django
from django.db import connections

from .books import BOOKS, EBOOKS
from .fashion import FASHION, OUTLET
from .gadgets import ELECTRONICS, GADGETS
from .home import HOME
from .spec import Catalog

CATALOGS: dict[str, Catalog] = {c.key: c for c in (BOOKS, EBOOKS, FASHION, OUTLET, ELECTRONICS, GADGETS, HOME)}

# The demo stores of demo_load: which catalogue each gets, and how many products.
DEMO_STORES: dict[str, tuple[str, int]] = {
    "ORION": ("electronics", 120),
    "WIZAGADGETS": ("gadgets", 80),
    "WIZAHOME": ("home", 100),
    "FASHIONHUB": ("fashion", 90),
    "FASHIONOUTLET": ("outlet", 60),
    "BOOKSTORE": ("books", 150),
    "BOOKDIGITAL": ("ebooks", 80),
}


def print_progress(line: str) -> None:
    """Progress of a spawned process: straight to the terminal it shares with the command."""
    print(f"  {line}", flush=True)


def load_in_process(code: str, kind: str, count: int, seed: int, renditions: bool):
    """Entry point of a spawned worker process of demo_catalog: Django is set up afresh there, so
    no database or Redis connection is shared with the parent."""
    # Load order, not a cycle: the spawned process imports this module to find this function,
    # before Django is set up; the loader imports models, which needs the app registry ready.
    django.setup()
    from .loader import store_load

    try:
        return store_load(code=code, kind=kind, count=count, seed=seed, renditions=renditions, progress=print_progress)
    finally:
        connections.close_all()
