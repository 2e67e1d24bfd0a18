"""Hatch build hook: ship the template's git history inside the wheel.

``setsquare init`` works offline from this bundle: it materialises it as the per-user
template home (see ``src/setsquare/adapters/template_home.py``). The sdist carries
the built bundle, so a wheel built from the sdist (no ``.git``) still has it.
Before bundling, every release recorded in ``releases.toml`` is tagged in the checkout
(tags do not travel with a clone), so the bundle carries every release.
"""

import shutil
import subprocess
import sys
from pathlib import Path
from typing import override

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = Path("build") / "template.bundle"


class TemplateBundleHook(BuildHookInterface[BuilderConfig]):
    """Create ``build/template.bundle`` with ``git bundle create`` and include it."""

    @override
    def initialize(self, version: str, build_data: dict[str, object]) -> None:
        """Build the bundle (when in a git checkout) and add it to the artifact.

        Args:
            version: The build version; editable builds read the checkout directly.
            build_data: Hatch's mutable build data.
        """
        if version == "editable":
            return
        root = Path(self.root)
        bundle = root / BUNDLE
        git = shutil.which("git")
        if (root / ".git").exists() and git is not None:
            _tag_releases(root)
            bundle.parent.mkdir(parents=True, exist_ok=True)
            _ = subprocess.run(  # noqa: S603 - fixed argument list
                [git, "bundle", "create", str(bundle), "HEAD", "--tags"],
                cwd=root,
                check=True,
                capture_output=True,
            )
        if not bundle.exists():
            return
        target = (
            "setsquare/template.bundle" if self.target_name == "wheel" else str(BUNDLE)
        )
        force_include = build_data.setdefault("force_include", {})
        if isinstance(force_include, dict):
            force_include[str(bundle)] = target


def _tag_releases(root: Path) -> None:
    """Tag every recorded release in the checkout, with setsquare's own adapter.

    Args:
        root: The source checkout (its ``src/`` holds setsquare, importable with the
            standard library alone for this module).
    """
    sys.path.insert(0, str(root / "src"))
    try:
        from setsquare.adapters.releases import tag_releases  # noqa: PLC0415

        _ = tag_releases(root)
    finally:
        sys.path.remove(str(root / "src"))
