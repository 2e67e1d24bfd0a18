"""The SQ rules: the canon's rules that neither ruff nor basedpyright enforce."""

__all__: list[str] = []
