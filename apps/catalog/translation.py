"""Texts customers read, one column per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, OptionType, OptionValue, Product, ProductImage


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("title", "description", "seo_title", "seo_description")


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(OptionType)
class OptionTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(OptionValue)
class OptionValueTranslation(TranslationOptions):
    fields = ("value",)


@register(ProductImage)
class ProductImageTranslation(TranslationOptions):
    fields = ("alt_text",)
