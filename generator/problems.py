"""Problems found while loading: every one names file, line and field, and says what is expected.

A loader never stops at the first mistake: it records a Problem and goes on, so an editor sees
every mistake of a run at once (as MkDocs does with its configuration errors).

Cause first: a problem that can only be a consequence of another one names its possible cause
(`because`: a file, optionally narrowed to a field prefix, e.g. a translation in an unknown language
because locales/en.yml is broken, or an unknown municipality because an entry of `municipalities`
did not load). When the cause has an error, the consequence is suppressed (it vanishes once the
cause is fixed) and the causes are listed first; when the cause is fine, the problem stands.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    field: str  # dotted path of the field, e.g. "municipalities[3] (Grenchen).contacts[0].phone"
    message: str  # what is wrong and what is expected
    severity: str = ERROR
    because: str = ""  # possible cause: "file" or "file#field-prefix" (see module docstring)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = "Fehler" if self.severity == ERROR else "Warnung"
        fld = f" {self.field}:" if self.field else ""
        return f"{where}: {label}:{fld} {self.message}"


@dataclass
class Problems:
    """Collects problems; `root` makes file names relative for readable messages."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def _name(self, file) -> str:
        p = Path(file)
        if self.root is not None:
            # the path as named (a symbolic link is named by itself, not by its target)
            for path, root in ((Path(os.path.abspath(p)), Path(os.path.abspath(self.root))),
                               (p.resolve(), self.root.resolve())):
                try:
                    return path.relative_to(root).as_posix()
                except ValueError:
                    pass
        return p.as_posix()

    def _because(self, because, field_prefix: str) -> str:
        return f"{self._name(because)}#{field_prefix}" if because is not None else ""

    def error(self, file, line: int, field_: str, message: str, *, because=None, because_field: str = "") -> None:
        """Record an error; `because` (a file) and `because_field` (a field prefix in it) name the
        error this one follows from, if there is one."""
        self.items.append(Problem(self._name(file), line, field_, message, ERROR, self._because(because, because_field)))

    def warning(self, file, line: int, field_: str, message: str, *, because=None, because_field: str = "") -> None:
        self.items.append(Problem(self._name(file), line, field_, message, WARNING, self._because(because, because_field)))

    def language_file(self, code: str) -> Path | None:
        """locales/<code>.yml of this project: the cause of every «unknown language» that follows."""
        return self.root / "locales" / f"{code}.yml" if self.root is not None else None

    def _cause_of(self, p: Problem) -> Problem | None:
        if not p.because:
            return None
        file, _, prefix = p.because.partition("#")
        return next((q for q in self.items if q.severity == ERROR and not q.because and q.file == file
                     and q.field.startswith(prefix)), None)

    @property
    def suppressed(self) -> list[Problem]:
        """Knock-on problems of an error that is reported itself."""
        return [p for p in self.items if self._cause_of(p) is not None]

    @property
    def errors(self) -> list[Problem]:
        """The errors to report: causes, and no error that only follows from one of them."""
        return [p for p in self.items if p.severity == ERROR and self._cause_of(p) is None]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING and self._cause_of(p) is None]

    def sorted(self) -> list[Problem]:
        """What to show, cause first: errors that other problems follow from, then the other errors,
        then warnings, each by file and line. Knock-on problems are left out."""
        suppressed = self.suppressed
        causes = {self._cause_of(p) for p in suppressed}
        shown = [p for p in set(self.items) if p not in suppressed]
        rank = lambda p: 0 if p in causes else 1 if p.severity == ERROR else 2  # noqa: E731
        return sorted(shown, key=lambda p: (rank(p), p.file, p.line, p.field, p.message))


class InvalidInput(Exception):
    """Raised when the input has errors; carries every problem found."""

    def __init__(self, problems: Problems):
        self.problems = problems
        n = len(problems.errors)
        super().__init__(f"{n} Fehler in den Daten")


class BuildError(Exception):
    """The build cannot go on for a reason that is not in the input data (message in German)."""
