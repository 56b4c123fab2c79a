"""The marketplace's pages."""
