"""Progress of long work (languages, PDFs): a bar on a terminal (tqdm), plain lines in CI logs."""
from __future__ import annotations

import sys
import time


class Progress:
    """`done/total` with a rate. Silent unless enabled; a tqdm bar when the stream is a terminal."""

    def __init__(self, label: str, total: int, unit: str, *, enabled: bool | None = False, stream=None):
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream or sys.stderr
        self.enabled = bool(enabled)
        self.done = 0
        self.started = time.perf_counter()
        self._bar = None
        self._last_line = -1.0
        if self.enabled and self.stream.isatty():
            from tqdm import tqdm
            self._bar = tqdm(total=total or None, desc=label, unit=f" {unit}", file=self.stream, leave=True)

    def advance(self, name: str = "") -> None:
        self.update(self.done + 1, self.total, name)

    def update(self, done: int, total: int, name: str = "") -> None:
        if not self.enabled:
            return
        step, self.done = done - self.done, done
        if step == 0 and total == self.total and done:
            return
        if total != self.total:
            self.total = total
            if self._bar is not None:
                self._bar.total = total
        if self._bar is not None:
            if name:
                self._bar.set_postfix_str(name, refresh=False)
            self._bar.update(step)
            return
        # plain lines: every item for short lists, about every 10 % for long ones
        share = done / total if total else 1.0
        if total <= 30 or done == total or share - self._last_line >= 0.1:
            self._last_line = share
            rate = done / max(time.perf_counter() - self.started, 1e-9)
            suffix = f" ({name})" if name else ""
            print(f"{self.label}: {done}/{total} {self.unit}{suffix}, {rate:.1f} {self.unit}/s",
                  file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
