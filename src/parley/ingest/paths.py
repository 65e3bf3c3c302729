"""Expand user-given paths (files, directories, globs) into the files to read."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator

from parley.errors import InputError

#: Project files that sit beside a corpus but are not articles; skipped when a folder is
#: walked (naming one explicitly still reads it).
NOT_ARTICLES = frozenset({"readme", "license", "licence", "changelog", "contributing"})


def _hidden(name: str) -> bool:
    """True for dot-files and dot-directories, which are skipped."""
    return name.startswith(".")


def _not_article(name: str) -> bool:
    """README.md, LICENSE and the like describe a folder; they are not news."""
    return name.split(".", 1)[0].lower() in NOT_ARTICLES


def walk_directory(directory: str) -> Iterator[str | InputError]:
    """Files under a directory, recursively and sorted, skipping hidden ones; unreadable
    subdirectories become errors instead of stopping the walk."""
    errors: list[OSError] = []
    for root, dirnames, filenames in os.walk(directory, onerror=errors.append):
        while errors:
            yield _dir_error(errors.pop(0))
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d))
        for name in sorted(filenames):
            if not _hidden(name) and not _not_article(name):
                yield os.path.join(root, name)
    while errors:
        yield _dir_error(errors.pop(0))


def _dir_error(exc: OSError) -> InputError:
    """An InputError naming the directory that could not be listed."""
    reason = exc.strerror or str(exc)
    return InputError(f"cannot read directory: {reason.lower()}", source=exc.filename)


def expand_path(raw: str) -> Iterator[str | InputError]:
    """Files named by one path argument: a file, a directory (recursive) or a glob pattern."""
    if os.path.isdir(raw):
        yield from walk_directory(raw)
        return
    if os.path.lexists(raw):
        yield raw
        return
    if glob.has_magic(raw):
        matches = sorted(glob.glob(raw, recursive=True))
        if not matches:
            yield InputError("no files match this pattern", source=raw)
        for match in matches:
            if os.path.isdir(match):
                yield from walk_directory(match)
            else:
                yield match
        return
    yield InputError("no such file or directory", source=raw)
