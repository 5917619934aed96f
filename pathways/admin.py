"""Admin registrations for pathways (none yet)."""
