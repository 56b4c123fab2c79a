from enum import StrEnum


class CatalogErrorCode(StrEnum):
    SKU_TAKEN = "sku_taken"
    SLUG_TAKEN = "slug_taken"
    BARCODE_TAKEN = "barcode_taken"
    PRICE_INVALID = "price_invalid"
    STOCK_NEGATIVE = "stock_negative"
    RESERVED_EXCEEDS_STOCK = "reserved_exceeds_stock"
    IMAGE_INVALID = "image_invalid"
    IMAGE_TOO_LARGE = "image_too_large"
    CATEGORY_CYCLE = "category_cycle"
    LAST_VARIANT = "last_variant"
    BULK_ACTION_INVALID = "bulk_action_invalid"
    TOO_MANY_VARIANTS = "too_many_variants"
    TOO_MANY_IMAGES = "too_many_images"
    TOO_MANY_CATEGORIES = "too_many_categories"
    TOO_MANY_OPTION_TYPES = "too_many_option_types"
    TOO_MANY_OPTION_VALUES = "too_many_option_values"
    OPTION_TYPE_NAME_TAKEN = "option_type_name_taken"
    OPTION_VALUE_DUPLICATE = "option_value_duplicate"
    OPTION_TYPE_IN_USE = "option_type_in_use"
    OPTION_VALUE_IN_USE = "option_value_in_use"
