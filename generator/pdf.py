"""PDF rendering with typst: one template per document kind, data in as JSON, in parallel across
cores, cached by content hash so a rebuild renders only what changed."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

from .release import die_with_parent

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONT_DIRS = [Path("/usr/share/fonts/truetype/noto")]
FONTS = ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf",
         "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoSansEthiopic-Regular.ttf",
         "NotoSansEthiopic-Bold.ttf", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"]


class FontsMissing(Exception):
    pass


class RenderFailed(Exception):
    """typst could not render a document: its message, with the document's path."""


def font_dir(build_dir: Path) -> Path:
    """A folder with just the fonts the documents use (Debian's fonts-noto-core), so typst loads little."""
    out = build_dir / "fonts"
    out.mkdir(parents=True, exist_ok=True)
    missing = []
    for name in FONTS:
        src = next((d / name for d in FONT_DIRS if (d / name).exists()), None)
        if src is None:
            missing.append(name)
            continue
        dest = out / name
        if not dest.exists():
            os.symlink(src, dest)
    if missing:
        raise FontsMissing("Schriften fehlen: " + ", ".join(missing) + " — Paket fonts-noto-core installieren "
                           "(./build.sh macht das).")
    return out


@dataclass(frozen=True)
class Job:
    template: str  # file name in generator/templates
    data: str  # JSON
    out: str  # path of the PDF to write

    @property
    def key(self) -> str:
        return hashlib.sha256(_template_bytes(self.template) + b"\0" + self.data.encode("utf-8")).hexdigest()


@lru_cache(maxsize=None)
def _template_bytes(name: str) -> bytes:
    return (TEMPLATES / name).read_bytes()


_compiler = {}


def _render(fonts: str, job: Job) -> bytes:
    import typst
    comp = _compiler.get(job.template)
    if comp is None:
        comp = typst.Compiler(str(TEMPLATES / job.template), font_paths=[fonts], ignore_system_fonts=True)
        _compiler[job.template] = comp
    return comp.compile(sys_inputs={"data": job.data}, format="pdf")


def _render_batch(fonts: str, cache: str, jobs: list[Job]) -> int:
    for job in jobs:
        try:
            pdf = _render(fonts, job)
        except Exception as exc:  # noqa: BLE001 - typst's message, with the document it belongs to
            raise RenderFailed(f"{job.out}: typst: {str(exc).strip()}") from None
        tmp = Path(cache) / (job.key + ".tmp")
        tmp.write_bytes(pdf)
        tmp.replace(Path(cache) / (job.key + ".pdf"))
    return len(jobs)


@dataclass
class RenderStats:
    total: int
    rendered: int
    note: str = ""  # e.g. that this is a preview without a public address


def render_all(jobs: list[Job], build_dir: Path, workers: int | None = None, progress=None) -> RenderStats:
    """Render every job whose (template, data) is not in the cache; place all PDFs at their paths.
    `progress(done, total)` is called as batches finish."""
    cache = build_dir / "pdf-cache"
    cache.mkdir(parents=True, exist_ok=True)
    fonts = str(font_dir(build_dir))
    keyed = [(job, job.key) for job in jobs]
    todo = {k: j for j, k in keyed if not (cache / f"{k}.pdf").exists()}
    pending = list(todo.values())
    workers = workers or os.cpu_count() or 1
    done = len(jobs) - len(pending)
    if progress:
        progress(done, len(jobs))
    if pending:
        if workers == 1 or len(pending) < 8:
            done += _render_batch(fonts, str(cache), pending)
            if progress:
                progress(done, len(jobs))
        else:
            size = max(8, min(64, len(pending) // (workers * 8) or 1))
            chunks = [pending[i:i + size] for i in range(0, len(pending), size)]
            # spawn, not fork: typst runs its own threads, and a forked copy of a busy thread pool can hang
            with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                     initializer=die_with_parent) as pool:
                for f in as_completed([pool.submit(_render_batch, fonts, str(cache), c) for c in chunks]):
                    done += f.result()
                    if progress:
                        progress(done, len(jobs))
    for job, key in keyed:
        out = Path(job.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.unlink()
        try:
            os.link(cache / f"{key}.pdf", out)
        except OSError:
            shutil.copyfile(cache / f"{key}.pdf", out)
    return RenderStats(len(jobs), len(pending))


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
