"""setsquare test suites."""
