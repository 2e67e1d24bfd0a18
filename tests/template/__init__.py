"""The template's own suite: render every variant and run its gates for real."""
