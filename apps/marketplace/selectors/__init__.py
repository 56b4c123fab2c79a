"""Reads of the marketplace app, one module per area; every function takes the store and looks
only inside it."""
