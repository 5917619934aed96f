"""Project wiring for Sociale economie voor schoolgebouwen."""
