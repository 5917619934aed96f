"""The schools app."""
