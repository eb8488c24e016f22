"""Problems found while loading: every one names file, line and field, and says what is expected.

A loader never stops at the first mistake: it records a Problem and goes on, so an editor sees
every mistake of a run at once (as MkDocs does with its configuration errors).
"""
from __future__ import annotations

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
            try:
                return p.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return p.as_posix()

    def error(self, file, line: int, field_: str, message: str) -> None:
        self.items.append(Problem(self._name(file), line, field_, message, ERROR))

    def warning(self, file, line: int, field_: str, message: str) -> None:
        self.items.append(Problem(self._name(file), line, field_, message, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.file, p.line, p.field, p.message))


class InvalidInput(Exception):
    """Raised when the input has errors; carries every problem found."""

    def __init__(self, problems: Problems):
        self.problems = problems
        n = len(problems.errors)
        super().__init__(f"{n} Fehler in den Daten")
