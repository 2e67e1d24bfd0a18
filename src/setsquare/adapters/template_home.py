"""Where the canonical template comes from, and how ``update`` finds it again.

setsquare ships its template as git history: a ``template.bundle`` inside the wheel
(built by ``scripts/hatch_bundle.py``), or this source checkout when it runs from one.
Every command materialises that history into one per-user *template home*, a non-bare
clone at ``~/.local/share/setsquare/template`` (``SETSQUARE_TEMPLATE_HOME``), and
``init`` records that ``~`` path as the template source. Plain ``copier update`` expands
the ``~`` too, so the project updates from any directory, on any machine where
setsquare has run once, without network.

The home only ever gains history: shipped commits and tags are fetched into it, never
replaced, so downgrading setsquare cannot make an older project's version vanish. The tag
of every release recorded in the shipped ``releases.toml`` is derived here too, so a
home made from a checkout without tags (a fresh clone) still knows every release.
"""

import fcntl
import logging
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from setsquare.adapters.git import git
from setsquare.adapters.releases import recorded_releases, tag_releases
from setsquare.config import get_settings
from setsquare.domain.releases import newest_release
from setsquare.exceptions import NotFoundError

logger = logging.getLogger(__name__)

_CHECKOUT_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True, slots=True)
class TemplateHome:
    """The materialised template home.

    Attributes:
        recorded: The source as answers files record it (a ``~`` path).
        path: The same directory, expanded.
        shipped_commit: The commit of the template this setsquare ships.
        shipped_release: The tag of the newest release recorded at that commit, the
            version ``init`` renders; None for a history without releases.
    """

    recorded: str
    path: Path
    shipped_commit: str
    shipped_release: str | None


def shipped_source() -> Path:
    """Locate the template history this setsquare carries.

    Returns:
        ``SETSQUARE_SHIPPED_TEMPLATE`` when set, else the wheel's ``template.bundle``,
        else the source checkout's root.

    Raises:
        NotFoundError: When neither is present (a broken installation).
    """
    override = get_settings().shipped_template
    if override is not None:
        return Path(override).expanduser().resolve()
    bundle = Path(str(files("setsquare").joinpath("template.bundle")))
    if bundle.is_file():
        return bundle
    if (_CHECKOUT_ROOT / "copier.yml").is_file() and (_CHECKOUT_ROOT / ".git").exists():
        return _CHECKOUT_ROOT
    msg = "setsquare's template is missing from this installation; reinstall setsquare"
    raise NotFoundError(msg)


def ensure_template_home() -> TemplateHome:
    """Create or refresh the per-user template home from the shipped history.

    Returns:
        The home, holding every version this and earlier setsquares shipped.
    """
    recorded = get_settings().template_home
    home = Path(recorded).expanduser()
    source = shipped_source()
    home.parent.mkdir(parents=True, exist_ok=True)
    with (home.parent / f".{home.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / ".git").exists():
            logger.info("creating the template home %s from %s", home, source)
            _ = git("clone", "--quiet", "--no-checkout", str(source), str(home))
        _ = git("fetch", "--quiet", "--tags", str(source), "HEAD", cwd=home)
        shipped = git("rev-parse", "FETCH_HEAD", cwd=home)
        _ = git("update-ref", f"refs/setsquare/shipped/{shipped}", shipped, cwd=home)
        _ = git("checkout", "--quiet", "--force", "--detach", shipped, cwd=home)
        _ = tag_releases(home, shipped)
        release = newest_release(recorded_releases(home, shipped))
    return TemplateHome(
        recorded=recorded,
        path=home,
        shipped_commit=shipped,
        shipped_release=release.tag if release is not None else None,
    )


__all__ = ["TemplateHome", "ensure_template_home", "shipped_source"]
