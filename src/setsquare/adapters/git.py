"""git, through ``process.run``: the only place setsquare talks to git."""

import signal
import tempfile
import threading
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from setsquare.adapters.process import run

_IDENTITY = ("-c", "user.name=setsquare", "-c", "user.email=setsquare@localhost")


def git(*args: str, cwd: Path | None = None, check: bool = True) -> str:
    """Run one git command and return its stripped stdout.

    Args:
        *args: git's arguments, e.g. ``"status", "--porcelain"``.
        cwd: The repository (or any directory) to run in.
        check: Raise ``ExternalServiceError`` when git fails.

    Returns:
        What git printed on stdout, stripped.
    """
    return run(["git", *args], cwd=cwd, check=check).stdout.strip()


def is_work_tree(path: Path) -> bool:
    """Tell whether ``path`` is inside a git working tree.

    Args:
        path: Any existing directory.

    Returns:
        True when git sees a working tree there.
    """
    completed = run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=path, check=False
    )
    return completed.returncode == 0 and completed.stdout.strip() == "true"


def dirty_files(path: Path) -> list[str]:
    """List the paths with uncommitted changes (untracked files included).

    Args:
        path: A directory inside a git working tree.

    Returns:
        The dirty paths as git prints them, relative to the repository root.
    """
    output = run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=path
    ).stdout
    return [line[3:] for line in output.splitlines() if line.strip()]


def tags(repository: Path) -> list[str]:
    """List a repository's tags.

    Args:
        repository: A git repository (bare, non-bare, or a bundle is not accepted).

    Returns:
        The tag names, unsorted.
    """
    return git("tag", "--list", cwd=repository).splitlines()


def remote_tags(source: str) -> list[str]:
    """List the tags of any git source: a URL, a path, a ``~`` path or a bundle.

    Args:
        source: The repository, as copier records it.

    Returns:
        The tag names.
    """
    location = str(Path(source).expanduser()) if source.startswith("~") else source
    output = git("ls-remote", "--tags", "--refs", location)
    return [
        line.split("refs/tags/", 1)[1]
        for line in output.splitlines()
        if "refs/tags/" in line
    ]


def toplevel(path: Path) -> Path:
    """Return the root of the working tree that holds ``path``.

    Args:
        path: A directory inside a git working tree.

    Returns:
        The working tree's root directory.
    """
    return Path(git("rev-parse", "--show-toplevel", cwd=path))


def head_commit(path: Path) -> str:
    """Return the full hash of the commit checked out at ``path``.

    Args:
        path: A directory inside a git working tree.

    Returns:
        The ``HEAD`` commit's hash.
    """
    return git("rev-parse", "--verify", "HEAD", cwd=path)


def has_commit(repository: Path, ref: str) -> bool:
    """Tell whether a ref (tag, hash, ``git describe`` output) names a commit.

    Args:
        repository: A local repository, bare or not.
        ref: The ref to look up.

    Returns:
        True when ``ref`` resolves to a commit there.
    """
    return commit_of(repository, ref) is not None


def commit_of(repository: Path, ref: str) -> str | None:
    """Return the full hash of the commit a ref (tag, hash, ``git describe``) names.

    Args:
        repository: A local repository, bare or not.
        ref: The ref to look up.

    Returns:
        The hash, or None when ``ref`` names no commit there.
    """
    completed = run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=repository,
        check=False,
    )
    return completed.stdout.strip() if completed.returncode == 0 else None


def clone_at(repository: Path, destination: Path, commit: str) -> None:
    """Clone a local repository and check out one commit, detached.

    Args:
        repository: The working tree to clone (its committed history only).
        destination: Where the clone goes; absent or empty.
        commit: The commit to check out.
    """
    _ = git("clone", "--quiet", "--no-checkout", str(repository), str(destination))
    _ = git("checkout", "--quiet", "--detach", commit, cwd=destination)


def commit_everything(repository: Path, message: str) -> None:
    """Stage and commit every change, as setsquare, without hooks or signing.

    Args:
        repository: A scratch working tree setsquare owns.
        message: The commit message.
    """
    _ = git("add", "--all", cwd=repository)
    _ = git(
        *_IDENTITY,
        "commit",
        "--quiet",
        "--no-verify",
        "--no-gpg-sign",
        "--allow-empty",
        "-m",
        message,
        cwd=repository,
    )


def stage_everything(repository: Path) -> None:
    """Stage every change, and the ``.rej`` files even where they are ignored.

    Other ignored files (a ``.venv`` a task created) stay out, as they would in a
    commit.

    Args:
        repository: A scratch working tree setsquare owns.
    """
    _ = git("add", "--all", cwd=repository)
    ignored = git(
        "ls-files", "--others", "--ignored", "--exclude-standard", "-z", cwd=repository
    )
    rejections = [name for name in ignored.split("\0") if name.endswith(".rej")]
    if rejections:
        _ = git("add", "--force", "--", *rejections, cwd=repository)


def staged_changes(repository: Path, base: str) -> list[tuple[str, str]]:
    """List the staged changes against a base commit.

    Args:
        repository: A working tree with staged changes.
        base: The commit to compare with.

    Returns:
        ``(status, path)`` pairs: ``A`` added, ``M`` changed, ``D`` deleted, ``T``
        type changed; paths relative to the repository root.
    """
    output = git(
        "diff", "--cached", "--name-status", "--no-renames", "-z", base, cwd=repository
    )
    fields = [item for item in output.split("\0") if item]
    return [(fields[i][0], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]


def staged_diff(repository: Path, base: str, *, binary: bool) -> str:
    """Return the staged changes against a base commit as a patch.

    Args:
        repository: A working tree with staged changes.
        base: The commit to compare with.
        binary: Produce a patch ``git apply`` can replay byte for byte (binary
            files included); otherwise a unified diff for people to read.

    Returns:
        The patch, ending with a newline when not empty.
    """
    options = ["--binary", "--full-index"] if binary else []
    return run(
        ["git", "diff", "--cached", "--no-renames", "--no-color", *options, base],
        cwd=repository,
    ).stdout


def apply_patch(repository: Path, patch: str) -> None:
    """Apply a patch to a working tree in one step, deaf to Ctrl-C while it runs.

    ``git apply`` checks every hunk before it writes anything, so a patch that does
    not fit leaves the tree untouched; SIGINT, SIGTERM and SIGHUP arriving while
    it writes are delivered once it has finished.

    Args:
        repository: The working tree's root.
        patch: A patch from ``staged_diff(..., binary=True)``.
    """
    with (
        tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", suffix=".patch", prefix="setsquare-"
        ) as file,
        _signals_deferred(),
    ):
        _ = file.write(patch)
        file.flush()
        _ = git("apply", "--binary", "--whitespace=nowarn", file.name, cwd=repository)


@contextmanager
def _signals_deferred() -> Generator[None]:
    """Hold back termination signals for the body, then deliver them.

    Yields:
        Nothing; the body runs with SIGINT, SIGTERM and SIGHUP held.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {number: signal.getsignal(number) for number in held}

    def hold(number: int, _frame: FrameType | None) -> None:
        """Remember a signal instead of acting on it.

        Args:
            number: The signal.
            _frame: The interrupted frame (unused).
        """
        received.append(number)

    for number in held:
        _ = signal.signal(number, hold)
    try:
        yield
    finally:
        for number, handler in previous.items():
            _ = signal.signal(number, handler)
        for number in dict.fromkeys(received):
            signal.raise_signal(number)


def changed_files(path: Path, base: str) -> list[str]:
    """List files changed against ``base`` (working tree and index) plus untracked ones.

    Deleted files are left out; untracked files honour ``.gitignore``.

    Args:
        path: A directory inside a working tree; paths are relative to it and
            limited to its subtree.
        base: The ref to compare with, e.g. ``HEAD`` or ``origin/main``.

    Returns:
        The paths, sorted, without duplicates.
    """
    changed = git(
        "diff",
        "--name-only",
        "--relative",
        "--diff-filter=d",
        "-z",
        base,
        "--",
        cwd=path,
    )
    untracked = git("ls-files", "--others", "--exclude-standard", "-z", cwd=path)
    names = {name for name in (changed + "\0" + untracked).split("\0") if name}
    return sorted(names)


def deleted_files(path: Path, base: str) -> list[str]:
    """List files deleted (or renamed away) since ``base``, working tree and index.

    Args:
        path: A directory inside a working tree; paths are relative to it and
            limited to its subtree.
        base: The ref to compare with.

    Returns:
        The paths, sorted.
    """
    deleted = git(
        "diff",
        "--name-only",
        "--relative",
        "--no-renames",
        "--diff-filter=D",
        "-z",
        base,
        "--",
        cwd=path,
    )
    return sorted(name for name in deleted.split("\0") if name)


__all__ = [
    "apply_patch",
    "changed_files",
    "clone_at",
    "commit_everything",
    "commit_of",
    "deleted_files",
    "dirty_files",
    "git",
    "has_commit",
    "head_commit",
    "is_work_tree",
    "remote_tags",
    "stage_everything",
    "staged_changes",
    "staged_diff",
    "tags",
    "toplevel",
]
