"""The files the template owns, as a fresh render of a project's answers has them.

``conform`` compares every owned file with the template's render of the recorded
answers at the recorded version. That render is the same as long as the template
commit, the answers and the tools that render are: it is cached under
``<cache_dir>/conform/``, keyed by the commit the recorded version names (a moved tag
is a new key), the answers, the template source, the project's directory name and
the versions of setsquare and copier. A template whose commit cannot be told without
cloning (a remote source, a directory outside git) is rendered on every run.
"""

import hashlib
import json
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import cast

from setsquare import __version__
from setsquare.adapters import copier, result_cache
from setsquare.domain.owned import owned_paths
from setsquare.services.template_resolution import template_commit


def owned_render(
    project: Path, answers: dict[str, object], source: str
) -> dict[str, str]:
    """Return the text of each owned file the template renders for a project.

    Args:
        project: The project (its directory name is the render's).
        answers: Its recorded answers.
        source: The template source.

    Returns:
        Owned path (as rendered) → text, for the owned files the template renders.
    """
    commit = answers.get("_commit")
    ref = str(commit) if commit is not None else None
    given = {
        key: str(value) for key, value in answers.items() if not key.startswith("_")
    }
    paths = owned_paths(answers)
    key = render_key(project.name, source, ref, given, paths)
    directory = result_cache.cache_directory("conform")
    if key is not None:
        cached = result_cache.load(key, directory)
        files = cached.get("files") if cached is not None else None
        if isinstance(files, dict):
            return cast("dict[str, str]", files)
    files = _render(project.name, source, ref, given, paths)
    if key is not None:
        result_cache.store(key, {"files": files}, directory)
    return files


def render_key(
    name: str, source: str, ref: str | None, answers: dict[str, str], paths: list[str]
) -> str | None:
    """Fingerprint every input of the render of owned files.

    Args:
        name: The project's directory name.
        source: The template source.
        ref: The recorded version.
        answers: The recorded answers (private keys left out).
        paths: The owned paths compared.

    Returns:
        The key, or None when the template commit cannot be told (never cached).
    """
    commit = template_commit(source, ref) if ref is not None else None
    if commit is None:
        return None
    inputs = {
        "setsquare": __version__,
        "copier": version("copier"),
        "source": source,
        "commit": commit,
        "answers": answers,
        "name": name,
        "paths": paths,
    }
    text = json.dumps(inputs, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _render(
    name: str, source: str, ref: str | None, answers: dict[str, str], paths: list[str]
) -> dict[str, str]:
    """Render the template without tasks and read the owned files it wrote.

    Args:
        name: The project's directory name.
        source: The template source.
        ref: The recorded version; copier's default when None.
        answers: The recorded answers.
        paths: The owned paths to read.

    Returns:
        Owned path → text, for the owned files the render has.
    """
    with tempfile.TemporaryDirectory(prefix="setsquare-conform-") as scratch:
        rendered = Path(scratch) / name
        copier.render(
            source, rendered, answers, vcs_ref=ref, defaults=True, skip_tasks=True
        )
        return {
            path: (rendered / path).read_text(encoding="utf-8", errors="replace")
            for path in paths
            if (rendered / path).is_file()
        }


__all__ = ["owned_render", "render_key"]
