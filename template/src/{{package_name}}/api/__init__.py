"""Interface: parse input, call a service, print the result. No business logic."""

__all__: list[str] = []
