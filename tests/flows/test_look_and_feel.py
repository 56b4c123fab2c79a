"""What a merchant and a shopper notice before anything else: readable buttons and texts (WCAG AA,
4.5:1) and back-office tables that work on a 390 px phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from apps.core.roles import Role

from ..catalog.factories import product

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
AA = 4.5


# --- Contrast ------------------------------------------------------------------------------------


def _rules() -> list[tuple[list[str], dict[str, str]]]:
    """(selectors, declarations) of every rule of app.css, those inside @media too."""
    css = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {}
        for part in body.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                declarations[name.strip()] = value.replace("!important", "").strip()
        found.append(([s.strip() for s in selector.split(",")], declarations))
    return found


RULES = _rules()
ROOT = next(declarations for selectors, declarations in RULES if selectors == [":root"])


def declared(selector: str, prop: str) -> str:
    """The value the last rule naming exactly `selector` gives `prop`, custom properties resolved."""
    values = [d[prop] for selectors, d in RULES if selector in selectors and prop in d]
    assert values, f"no {prop} for {selector}"
    value = values[-1]
    while value.startswith("var("):
        value = ROOT[value[4:-1].strip()]
    return value


def luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


SUBMIT = "main button[type=submit]:not(.btn)"
CURRENT = '.sidebar nav a:not(.btn)[aria-current="page"]'
# (what, foreground: (selector, property), background: (selector, property))
PAIRS = [
    ("button", (".btn", "color"), (".btn", "background")),
    ("secondary button", (".btn.secondary", "color"), (".btn.secondary", "background")),
    ("danger button", (".btn.danger", "color"), (".btn.danger", "background")),
    (
        "plain submit button",
        ("main button[type=submit]:not(.btn)", "color"),
        ("main button[type=submit]:not(.btn)", "background"),
    ),
    ("current page", (".pagination .current", "color"), (".pagination .current", "background")),
    ("sale badge", (".badge.sale", "color"), (".badge.sale", "background")),
    ("badge", (".badge", "color"), (".badge", "background")),
    ("ok badge", (".badge.ok", "color"), (".badge.ok", "background")),
    ("warning badge", (".badge.warn", "color"), (".badge.warn", "background")),
    ("error badge", (".badge.err", "color"), (".badge.err", "background")),
    ("text", ("body", "color"), ("body", "background")),
    ("muted text", (".muted", "color"), ("body", "background")),
    ("link", ("a", "color"), ("body", "background")),
    ("header link", (".topnav a:not(.btn)", "color"), (".topbar", "background")),
    ("store navigation", (".sidebar nav a:not(.btn)", "color"), (".sidebar", "background")),
    (
        "current store page",
        ('.sidebar nav a:not(.btn)[aria-current="page"]', "color"),
        ('.sidebar nav a:not(.btn)[aria-current="page"]', "background"),
    ),
    ("muted text in the store navigation", (".sidebar .muted", "color"), (".sidebar", "background")),
]


@pytest.mark.parametrize(("what", "foreground", "background"), PAIRS, ids=[p[0] for p in PAIRS])
def test_texts_and_buttons_reach_wcag_aa(what, foreground, background):
    ratio = contrast(declared(*foreground), declared(*background))
    assert ratio >= AA, f"{what}: {ratio:.2f}:1"


def test_link_colours_of_a_container_never_override_a_buttons():
    """A rule that colours the links of a container (`.topnav a`) is more specific than `.btn`, so
    it would paint a button link in the container's link colour (dark text on the brand blue,
    2.85:1): such rules leave buttons alone with :not(.btn)."""
    link_in_container = re.compile(r"[\s>]a(?![\w.-])(?:\[[^\]]*\]|:[\w-]+(?:\([^)]*\))?)*$")
    for selectors, declarations in RULES:
        if not {"color", "background", "background-color"} & set(declarations):
            continue
        for selector in selectors:
            if link_in_container.search(selector):
                assert ":not(.btn)" in selector, selector


# --- Back-office tables on a phone ---------------------------------------------------------------


def test_back_office_tables_read_as_cards_on_a_phone(tenant_a):
    """At 390 px a table's price and stock columns fell off the screen: every back-office table
    either becomes a block of cards (the row's main cell first, the others labelled) or stacks."""
    with tenant_a:
        product(tenant_a.store, sku="PHONE-1", title={"en": "Phone case"}, price="12.00", stock=3)
    tenant_a.member(Role.EDITOR)
    client = tenant_a.client(tenant_a.owner())
    pages = [
        "/store/ALPHA/catalog/",
        "/store/ALPHA/catalog/inventory/",
        "/store/ALPHA/catalog/inventory/ledger/",
        "/store/ALPHA/team/",
        "/store/ALPHA/domains/",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        tables = re.findall(r'<table class="list([^"]*)">(.*?)</table>', html, re.S)
        assert tables, path
        for classes, table in tables:
            assert {"cards", "stack"} & set(classes.split()), (path, classes)
            body = table.split("<tbody>", 1)[-1]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
                if "cards" in classes.split():
                    assert 'class="cell-main' in row or 'cell-main"' in row or "cell-wide" in row, (path, row[:200])
    listing = client.get("/store/ALPHA/catalog/").content.decode()
    assert 'data-label="Price"' in listing and 'data-label="Stock"' in listing
    phone = re.search(r"@media \(max-width: (\d+)px\) \{\s*/?\*?[^@]*?table\.list\.cards thead", CSS, re.S)
    assert phone and int(phone.group(1)) >= 390
