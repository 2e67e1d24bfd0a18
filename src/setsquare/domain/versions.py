"""Template versions: PEP 440 git tags (``v1.2.0``), compared with ``packaging``."""

from packaging.version import InvalidVersion, Version


def parse_version(tag: str) -> Version | None:
    """Parse a release tag such as ``v1.2.0`` or ``1.2.0``.

    Args:
        tag: The tag name.

    Returns:
        The version, or None when the tag is not a PEP 440 version.
    """
    try:
        return Version(tag.removeprefix("v"))
    except InvalidVersion:
        return None


__all__ = ["parse_version"]
