"""Pure decisions: answers, template versions, diagnostics, canon rules. No I/O."""

__all__: list[str] = []
