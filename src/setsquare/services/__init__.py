"""One module per use case (init, update, conform, adopt, check, fix)."""

__all__: list[str] = []
