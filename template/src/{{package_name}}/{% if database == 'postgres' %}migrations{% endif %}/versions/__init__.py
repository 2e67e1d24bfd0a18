"""Migration scripts, oldest first: ``vNNNN_<slug>.py`` with ``revision = "NNNN"``."""

__all__: list[str] = []
