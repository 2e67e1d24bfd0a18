"""The outside world: copier, git, uv, ruff, basedpyright, the filesystem."""

__all__: list[str] = []
