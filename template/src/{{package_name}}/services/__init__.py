"""Services: one module per use case, orchestrating the domain and the adapters."""

from .text_stats import TextReader, analyse_file

__all__ = ["TextReader", "analyse_file"]
