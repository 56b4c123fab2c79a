"""The product page's one form: texts, price and details, categories, images and variants, saved in
one transaction with Save draft / Publish (or Save / Unpublish) at the bottom.

ProductEditor bundles the page's forms, each of which offers (and accepts) only what the user's role
may change (apps.catalog.permissions): without the permission a field is left out or disabled, so
the posted value is ignored. Uploads are checked and cleaned (services.image_normalise) while the
form is validated, so a bad file is a form error before anything is written; then save() calls the
services in one transaction and puts a refusal on the field it concerns, leaving nothing
half-created.
"""

from .editor import ProductEditor
from .forms import OptionNamesForm, VariantRowForm, intents_for

__all__ = ["OptionNamesForm", "ProductEditor", "VariantRowForm", "intents_for"]
