"""The platform's home and pricing pages say only what works: the home page lists the features
the installed modules declare (so a module's promises appear the day its app lands, and never
before), and /pricing/ shows the plans of settings.PLATFORM_PLANS."""

import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from apps.core.modules import Feature, registry

# Words of the apps the project plans but has not built yet, besides their names.
PLANNED_WORDS = {"marketplace": ["Letzshop"], "loyalty": ["loyalty card"], "billing": ["subscription plan"]}


def _planned_apps() -> set[str]:
    """The apps the layers contract names in parentheses ("may not exist yet") that are not installed."""
    pyproject = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    layers = next(c for c in pyproject["tool"]["importlinter"]["contracts"] if c["type"] == "layers")["layers"]
    planned = {name for layer in layers for name in re.findall(r"\((\w+)\)", layer)}
    installed = {config.label for config in apps.get_app_configs()}
    return planned - installed


@pytest.fixture
def labs_with_a_feature():
    labs = registry.get("labs")
    registry._modules["labs"] = replace(labs, features=(Feature("Laboratory benches", "Try things safely."),))
    try:
        yield
    finally:
        registry._modules["labs"] = labs


def test_home_page_lists_the_features_of_installed_modules_only(public_client):
    page = public_client.get("/").content.decode()
    features = registry.features()
    assert features, "the installed modules declare what they offer"
    for feature in features:
        assert str(feature.title) in page
    planned = _planned_apps()
    assert "billing" in planned  # until its app lands
    for app in planned:
        for word in [app, *PLANNED_WORDS.get(app, [])]:
            assert word.lower() not in page.lower(), f"the home page promises {word!r} of the missing {app} app"


def test_a_module_that_lands_appears_on_the_home_page(public_client, labs_with_a_feature):
    page = public_client.get("/").content.decode()
    assert "Laboratory benches" in page and "Try things safely." in page


def test_pricing_shows_the_configured_plans_with_their_features(public_client, settings):
    page = public_client.get("/pricing/").content.decode()
    assert "Free" in page and "you pay nothing" in page
    for feature in registry.features():
        assert str(feature.title) in page

    settings.PLATFORM_PLANS = [
        {"code": "shop", "name": "Shop", "price": "19.00", "description": "For a shop.", "modules": ["catalog"]},
    ]
    page = public_client.get("/pricing/").content.decode()
    assert "Shop" in page and "19.00" in page and "For a shop." in page
    assert "you pay nothing" not in page
    assert "Catalog" in page and "each with the right access" not in page  # only the plan's modules
