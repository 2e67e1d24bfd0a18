"""The built artifact (wheel and sdist) in clean environments."""
