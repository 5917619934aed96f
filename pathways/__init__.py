"""The pathways app."""
