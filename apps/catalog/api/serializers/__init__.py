"""Serializers of the catalog API, one module per resource (common.py: the fields they share;
storefront.py: the public storefront API).

Conventions, the same on every endpoint (and stated in the schema):

- Texts merchants translate (product title, description, SEO texts, category names, image alt
  texts) are objects keyed by language code in the store API: ``{"en": "Shirt", "fr": "Chemise",
  "de": "", "lb": ""}``. Output always carries every language ("" when empty); input may carry
  some of them, and a PATCH leaves the languages it leaves out unchanged. The storefront API
  answers in one language (the visitor's) with plain strings.
- Money is a string with two decimals (``"19.90"``), including VAT, in the product's currency.
  Input takes a string (or a number) in plain notation ("." as the decimal separator; never
  "1_000", "1e3" or digits other than 0-9) with at most two decimals and not negative; anything
  else is a 400 with the code ``price_invalid``. Every other number (quantities, ids,
  percentages) is read the same way (apps.core.api.fields.PlainNumberField).
- One output serializer per resource, shared by list, detail and write responses; input
  serializers only check the shape of a request, the services check the rest.
"""
