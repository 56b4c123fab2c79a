"""The bounds of a store's catalog. The API returns a product's variants and images, the category
tree and the option types with their values whole, unpaginated; these keep them small. Services
enforce them and pages and the API state them, all reading them from here when they run."""

MAX_VARIANTS_PER_PRODUCT = 100
MAX_IMAGES_PER_PRODUCT = 30
MAX_CATEGORIES_PER_STORE = 1_000
MAX_OPTION_TYPES_PER_STORE = 100
MAX_VALUES_PER_OPTION_TYPE = 100
