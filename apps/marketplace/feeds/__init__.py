"""Feed download and parsing."""
