"""The marketplace's writes, one module per area (import them from their module)."""
