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
