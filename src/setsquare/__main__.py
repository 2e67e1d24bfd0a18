"""Entry point for ``python -m setsquare``."""

from setsquare.api.cli import main

if __name__ == "__main__":
    main()
