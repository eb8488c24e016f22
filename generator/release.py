"""Putting a finished build in place so that the public folder is always one complete site.

- Where: `--out` may only name a folder that is missing, empty, or a previous build of this site
  (it carries the MARKER file), and never the project root, a folder above it or a source folder
  in it (content/, locales/, generator/ …).
- How: every build becomes a release folder beside the output (`.<name>.releases/<id>/`); the
  output is a symbolic link to the current release, switched by renaming a new link over it (one
  atomic rename). A folder left by an older build is swapped for the link with an exchange rename
  (renameat2 RENAME_EXCHANGE). The previous release stays until the next switch.
- When: one build at a time per project (an fcntl lock on build/.lock naming the holder's pid).
- Workers die with the build: `die_with_parent` makes the kernel stop a worker when its parent dies.

Test-only hook: the environment variable SI_TEST_CRASH_AT=<step> kills the build with SIGKILL at the
named step (see STEPS), to prove that no moment leaves the output without a complete site.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import signal
import time
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

from .problems import BuildError

MARKER = ".start-integration-site"
MARKER_TEXT = "Dieser Ordner ist eine Ausgabe des Generators von start.integration und wird beim nächsten Build ersetzt.\n"
STEPS = ("release-written", "link-created", "switched", "old-removed")


class ReleaseError(BuildError):
    """A reason, in German, why the build cannot be put in place; nothing was changed."""


def _crash_point(step: str) -> None:
    if os.environ.get("SI_TEST_CRASH_AT") == step:  # test-only, see module docstring
        os.kill(os.getpid(), signal.SIGKILL)


# --- where -------------------------------------------------------------------------------------

def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def is_previous_build(folder: Path) -> bool:
    """A folder this generator made: it has the marker, or (built before markers existed) the
    service worker, the web app manifest and the Pagefind entry of a finished site."""
    if (folder / MARKER).is_file():
        return True
    return all((folder / p).is_file() for p in ("sw.js", "manifest.webmanifest", "pagefind/pagefind-entry.json"))


def check_output(out: Path, root: Path) -> None:
    """Refuse an output folder that would destroy or mix into something that is not our build."""
    root = Path(os.path.realpath(root))
    out = Path(os.path.abspath(out))
    real = Path(os.path.realpath(out))
    for candidate in {out, real}:
        if _within(root, candidate):
            raise ReleaseError(f"--out «{out}» ist das Projekt selbst oder ein Ordner darüber. Der Build würde die "
                               "Quellen ersetzen: bitte einen eigenen Ordner angeben, z. B. «site».")
    our_releases = Path(os.path.realpath(releases_dir(out)))
    for path in {out, real}:
        if not _within(path, root) or (path == real and real.parent == our_releases):
            continue  # outside the project, or the current release of this output
        top = path.relative_to(root).parts[0]
        if top == "build":
            raise ReleaseError(f"--out «{out}» liegt im Arbeitsordner build/ des Generators.")
        if top != "site" and (root / top).exists() and not is_previous_build(root / top):
            raise ReleaseError(f"--out «{out}» liegt in «{top}/» des Projekts. In Quellordner wird nie "
                               "geschrieben: bitte einen eigenen Ordner angeben, z. B. «site».")
    if out.is_symlink():
        target = real
        if target.parent != our_releases and not (target.is_dir() and is_previous_build(target)):
            raise ReleaseError(f"--out «{out}» ist eine Verknüpfung auf «{target}», die nicht von diesem Generator "
                               "stammt. Nichts wurde verändert.")
    elif out.exists():
        if not out.is_dir():
            raise ReleaseError(f"--out «{out}» ist eine Datei, kein Ordner. Nichts wurde verändert.")
        if any(out.iterdir()) and not is_previous_build(out):
            raise ReleaseError(f"--out «{out}» enthält Dateien, die nicht von einem Build dieser Website stammen "
                               f"(die Markierung {MARKER} fehlt). Der Ordner wird nicht geleert: bitte einen leeren "
                               "oder neuen Ordner angeben.")


def releases_dir(out: Path) -> Path:
    out = Path(os.path.abspath(out))
    return out.parent / f".{out.name}.releases"


# --- when --------------------------------------------------------------------------------------

@contextmanager
def build_lock(build_dir: Path):
    """Hold the project's build lock, or raise ReleaseError naming the build that holds it."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / ".lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unbekannt"
            raise ReleaseError(f"Es läuft bereits ein Build dieses Projekts ({holder}). Bitte warten, bis er "
                               "fertig ist, und dann erneut starten.") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"Prozess {os.getpid()}, gestartet {time.strftime('%H:%M:%S')}".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock; a killed build releases it too


def one_build_at_a_time(build):
    """Decorator for build(root, ...): holds the lock on root/build while the build runs."""
    @wraps(build)
    def locked(root, *args, **kwargs):
        with build_lock(Path(root) / "build"):
            return build(root, *args, **kwargs)
    return locked


# --- workers -----------------------------------------------------------------------------------

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; a no-op elsewhere). Used as
    the initializer of worker pools and before running helper programs."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


# --- how ---------------------------------------------------------------------------------------

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> None:
    """Swap two paths in one step (renameat2 RENAME_EXCHANGE, Linux ≥ 3.15)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        raise OSError(errno.ENOSYS, "renameat2")
    if fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(a))


def _release_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"


def publish(new_site: Path, out: Path) -> Path:
    """Make the complete site in `new_site` the content of `out` in one atomic step.
    Returns the release folder. Raises ReleaseError with a German message on a file-system problem."""
    out = Path(os.path.abspath(out))
    releases = releases_dir(out)
    try:
        releases.mkdir(parents=True, exist_ok=True)
        for stale in out.parent.glob(f".{out.name}.link-*"):  # left by a build killed while switching
            if stale.is_symlink():
                stale.unlink()
            elif stale.is_dir() and is_previous_build(stale):
                os.rename(stale, releases / (stale.name + "-left"))
        previous = Path(os.path.realpath(out)) if out.is_symlink() else None
        release = releases / _release_id()
        (new_site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        try:
            os.rename(new_site, release)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            # another file system: copy beside the output first, then switch as usual
            partial = releases / (release.name + ".part")
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(new_site, partial, symlinks=True)
            os.rename(partial, release)
            shutil.rmtree(new_site, ignore_errors=True)
        _crash_point("release-written")
        link = out.parent / f".{out.name}.link-{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        os.symlink(os.path.relpath(release, out.parent), link)
        _crash_point("link-created")
        if out.is_dir() and not out.is_symlink():
            # a folder from an older build: swap it for the link in one step, keep it as a release
            exchange(link, out)
            previous = releases / (_release_id() + "-before")
            os.rename(link, previous)
        else:
            os.replace(link, out)  # atomic: readers see the old or the new site, never none
        _crash_point("switched")
        _remove_old_releases(releases, keep={release.name} | ({previous.name} if previous else set()))
        _crash_point("old-removed")
    except OSError as exc:
        raise ReleaseError(_explain(exc, out)) from exc
    return release


def _remove_old_releases(releases: Path, keep: set[str]) -> None:
    """Everything in the releases folder but the current and the previous release."""
    for old in releases.iterdir():
        if old.name in keep:
            continue
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()


def _explain(exc: OSError, out: Path) -> str:
    where = exc.filename or out
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"Keine Schreibrechte für «{where}» ({exc.strerror}). Die bisherige Website bleibt unverändert; "
                "bitte einen Ordner mit Schreibrechten als --out angeben.")
    if exc.errno == errno.ENOSPC:
        return f"Kein Speicherplatz mehr auf dem Laufwerk von «{where}». Die bisherige Website bleibt unverändert."
    if exc.errno == errno.ENOSYS:
        return (f"«{out}» ist ein Ordner eines älteren Builds, und dieses System kann ihn nicht in einem Schritt "
                "ersetzen. Bitte den Ordner einmal von Hand umbenennen und den Build wiederholen.")
    return f"Die Website konnte nicht nach «{out}» gelegt werden: {exc.strerror} ({where}). Die bisherige bleibt unverändert."
