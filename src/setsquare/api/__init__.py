"""The command-line interface: parses arguments, calls a service, prints its result."""

__all__: list[str] = []
