"""Conflict detection and the user-line invariant (pure)."""

from setsquare.domain.changes import (
    Conflict,
    conflict_sides,
    deletion_conflict,
    deletion_rejection,
    find_conflicts,
    lost_lines,
    rejected_new_file,
    surviving_lines,
    user_lines,
)

MERGED = (
    "a\n<<<<<<< before updating\nmine\n=======\ntheirs\n>>>>>>> after updating\nb\n"
)


def test_find_conflicts_when_markers_and_rej_then_each_located() -> None:
    """Each ``<<<<<<<`` line is a located conflict; each ``.rej`` a whole-file one."""
    found = find_conflicts({"b.py": MERGED, "a.txt.rej": "@@\n+x\n", "c.py": "clean\n"})

    assert [item.location for item in found] == ["a.txt.rej", "b.py:2"]
    assert found[1] == Conflict("b.py", 2, "conflict markers")


def test_user_lines_when_template_known_then_only_added_lines() -> None:
    """A user's lines are the non-blank lines the template did not render."""
    assert user_lines("x = 1\n\nmine = 2\n", "x = 1\n") == {"mine = 2"}
    assert user_lines("a\nb\n", None) == {"a", "b"}


def test_surviving_lines_when_rej_then_diff_prefixes_dropped() -> None:
    """A line kept only as ``+line`` in a ``.rej`` still survives."""
    survivors = surviving_lines({"f.rej": "@@ -1 +1,2 @@\n kept\n+mine\n", "g": "x\n"})

    assert {"mine", "kept", "x"} <= survivors
    assert lost_lines({"mine", "gone"}, survivors) == ["gone"]


def test_deletion_conflict_when_wrapped_then_user_text_inside_markers() -> None:
    """A deleted-but-edited file becomes one conflict holding all its lines."""
    wrapped = deletion_conflict("a\nmine")

    assert (
        wrapped == "<<<<<<< before updating\na\nmine\n=======\n>>>>>>> after updating\n"
    )
    assert [item.line for item in find_conflicts({"f": wrapped})] == [1]


def test_deletion_rejection_when_written_then_unified_diff_of_removal() -> None:
    """With ``--conflict rej`` the template's deletion is kept as a rejected hunk."""
    text = deletion_rejection("setup.cfg", "[metadata]\nname = x\n")

    assert text.splitlines()[:2] == ["--- a/setup.cfg", "+++ /dev/null"]
    assert "-name = x" in text.splitlines()


def test_conflict_sides_when_markers_then_both_versions_rebuilt() -> None:
    """Each side keeps the common lines; a diff3 base section belongs to neither."""
    diff3 = "a\n<<<<<<< mine\nx\n||||||| base\nb\n=======\ny\n>>>>>>> theirs\n"

    assert conflict_sides(MERGED) == ("a\nmine\nb\n", "a\ntheirs\nb\n")
    assert conflict_sides(diff3) == ("a\nx\n", "a\ny\n")
    assert conflict_sides("========\nplain\n") is None


def test_rejected_new_file_when_whole_file_hunk_then_content_else_none() -> None:
    """Only a ``.rej`` rejecting a whole new file yields its content."""
    whole = (
        "diff a/h.py b/h.py\t(rejected hunks)\n@@ -0,0 +1,2 @@\n+def f():\n+    pass\n"
    )
    partial = "diff a/h.py b/h.py\n@@ -1,2 +1,3 @@\n a\n+b\n"

    assert rejected_new_file(whole) == "def f():\n    pass\n"
    assert rejected_new_file(partial) is None
