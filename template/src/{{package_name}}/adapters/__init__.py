"""Adapters: every contact with the outside world (files, networks, processes)."""

from .files import read_text

__all__ = ["read_text"]
