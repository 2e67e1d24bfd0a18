"""Build and release scripts of this repository (run as programs, not imported)."""
