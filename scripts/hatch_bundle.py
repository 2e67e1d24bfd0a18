"""Hatch build hook: ship the template's git history inside the wheel.

``setsquare init`` works offline from this bundle: it materialises it as the per-user
template home (see ``src/setsquare/adapters/template_home.py``). The sdist carries
the built bundle, so a wheel built from the sdist (no ``.git``) still has it.
"""

import shutil
import subprocess
from pathlib import Path
from typing import override

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = Path("build") / "template.bundle"


class TemplateBundleHook(BuildHookInterface):
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
            bundle.parent.mkdir(parents=True, exist_ok=True)
            _ = subprocess.run(  # noqa: S603 - fixed argument list
                [git, "bundle", "create", str(bundle), "HEAD", "--branches", "--tags"],
                cwd=root,
                check=True,
                capture_output=True,
            )
        if not bundle.exists():
            return
        target = "setsquare/template.bundle" if self.target_name == "wheel" else str(BUNDLE)
        force_include = build_data.setdefault("force_include", {})
        if isinstance(force_include, dict):
            force_include[str(bundle)] = target
