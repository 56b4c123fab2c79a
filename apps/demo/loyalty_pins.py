"""The demo staff's terminal PINs per store (demo_load gives them; make run prints them). Plain
data, no Django: tools/devstack.py reads it before Django is set up."""

# store code -> (staff name, PIN): the demo team of demo_load, and each owner
STAFF_PINS: dict[str, list[tuple[str, str]]] = {
    "ORION": [("John Owner", "1000"), ("Alice Manager", "1234")],
    "WIZAGADGETS": [("Alice Manager", "1234")],
    "WIZAHOME": [("Charlie Staff", "2345")],
    "FASHIONHUB": [("Jane Owner", "1000"), ("Diana Stylist", "3456")],
    "FASHIONOUTLET": [("Diana Stylist", "3456"), ("Eric Sales", "4567")],
    "BOOKSTORE": [("Bob Owner", "1000"), ("Fiona Editor", "5678")],
    "BOOKDIGITAL": [("Fiona Editor", "5678")],
}


def staff_pin_lines() -> list[str]:
    """One line per store: "ORION  John Owner 1000, Alice Manager 1234"."""
    return [f"{code:<14} " + ", ".join(f"{name} {pin}" for name, pin in pins) for code, pins in STAFF_PINS.items()]
