"""template tests."""
