"""Expand user-given paths (files, directories, globs) into the files to read.

A folder walk leaves some entries out on purpose (hidden files, a project's
README, symbolic links to folders); each one is reported as a ``Skipped``
item so the summary can count it and ``--verbose`` can name it.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass

from parley.errors import InputError
from parley.ingest.lexicon import ingest_data


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry a folder walk left out on purpose, and why."""

    path: str
    reason: str

    def oneline(self) -> str:
        """``path: reason``, the line ``--verbose`` prints."""
        return f"{self.path}: {self.reason}"


def _hidden(name: str) -> bool:
    """True for dot-files and dot-directories, which are skipped."""
    return name.startswith(".")


def is_project_file(name: str) -> bool:
    """README.md, LICENSE, CHANGELOG.txt and the like describe a folder; they are not news.

    Only the file itself counts: its whole name is one of the project names, with no
    extension or a documentation one, so ``changelog.blog.zwischenbilanz.html`` is news.
    """
    stem, ext = os.path.splitext(name.lower())
    data = ingest_data()
    return stem in data.project_names and ext.lstrip(".") in data.project_extensions


def _skip_reason(name: str) -> str | None:
    """Why the file ``name`` is left out of a walk, or None to read it."""
    if _hidden(name):
        return "hidden file"
    if is_project_file(name):
        return "project file, not an article"
    return None


def walk_directory(directory: str) -> Iterator[str | InputError | Skipped]:
    """Files under a directory, recursively and sorted; hidden entries, project files and
    links to folders are reported as skipped, unreadable subdirectories as errors."""
    errors: list[OSError] = []
    for root, dirnames, filenames in os.walk(directory, onerror=errors.append):
        while errors:
            yield _dir_error(errors.pop(0))
        kept = []
        for name in sorted(dirnames):
            path = os.path.join(root, name)
            if _hidden(name):
                yield Skipped(path + os.sep, "hidden folder")
            elif os.path.islink(path):
                yield Skipped(path + os.sep, "symbolic link to a folder, not followed")
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = os.path.join(root, name)
            reason = _skip_reason(name)
            yield path if reason is None else Skipped(path, reason)
    while errors:
        yield _dir_error(errors.pop(0))


def _dir_error(exc: OSError) -> InputError:
    """An InputError naming the directory that could not be listed."""
    reason = exc.strerror or str(exc)
    return InputError(f"cannot read directory: {reason.lower()}", source=exc.filename)


def expand_path(raw: str) -> Iterator[str | InputError | Skipped]:
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
