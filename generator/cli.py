"""The command line: a thin front door to the library functions the tests call directly."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import InvalidInput


def _print_problems(problems, stream=sys.stderr) -> None:
    for p in problems.sorted():
        print(str(p), file=stream)


def front_end_data(site) -> None:
    """The data the pages' scripts use: the finder's transliteration table and the deadlines."""
    from .deadlines import load_deadlines
    from .finder import load_table
    load_table(site.root)
    load_deadlines(site.root, frozenset(site.languages))


def cmd_check(args) -> int:
    from .links import check_links
    from .loader import load_site
    try:
        site = load_site(args.root)
        check_links(site)
        front_end_data(site)
        if site.problems.errors:
            raise InvalidInput(site.problems)
    except InvalidInput as exc:
        _print_problems(exc.problems)
        n, w = len(exc.problems.errors), len(exc.problems.warnings)
        print(f"\nAbgebrochen: {n} Fehler, {w} Warnungen. Nichts wurde veröffentlicht.", file=sys.stderr)
        return 1
    _print_problems(site.problems)
    w = len(site.problems.warnings)
    print(f"OK: {len(site.data.municipalities)} Gemeinden, {len(site.languages)} Sprachen, "
          f"{len(site.topics)} Seiten; {w} Warnungen.")
    return 1 if (args.strict and w) else 0


def cmd_build(args) -> int:
    from .build import BuildError, build_site
    try:
        result = build_site(args.root, out=args.out, languages=args.lang or None, site_url=args.site_url,
                            jobs=args.jobs, handouts=not args.no_pdf)
    except InvalidInput as exc:
        _print_problems(exc.problems)
        print(f"\nAbgebrochen: {len(exc.problems.errors)} Fehler. Die bisherige Website bleibt unverändert.",
              file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"Fehler: {exc}\nDie bisherige Website bleibt unverändert.", file=sys.stderr)
        return 1
    for w in result.warnings:
        print(w, file=sys.stderr)
    print(f"Website gebaut: {result.site_dir} ({len(result.languages)} Sprachen, {result.pdfs}, {result.seconds:.1f} s)")
    if args.serve:
        from .serve import serve_static
        serve_static(result.site_dir, args.port)
    return 0


def cmd_serve(args) -> int:
    from .serve import preview
    return preview(args.root, args.lang or "de", port=args.port)


def cmd_stamp(args) -> int:
    from .content import stamp
    for path in args.files:
        try:
            print(f"{path}: source_hash {stamp(path)}")
        except (ValueError, OSError) as exc:
            print(f"Fehler: {exc}", file=sys.stderr)
            return 1
    return 0


def cmd_schema(args) -> int:
    from .export import write_schema
    path = write_schema(args.root)
    print(f"JSON Schema geschrieben: {path}")
    return 0


def cmd_status(args) -> int:
    from .loader import load_site
    from .status import html_report, text_report
    try:
        site = load_site(args.root)
    except InvalidInput as exc:
        _print_problems(exc.problems)
        return 1
    print(text_report(site))
    out = args.html or args.root / "build" / "status.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html_report(site), encoding="utf-8")
    print(f"\nHTML-Bericht: {out}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="start.integration Kanton Solothurn: Website aus Daten und Inhalten erzeugen.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="Projektordner (Standard: aktueller Ordner)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="Daten, Sprachdateien und Inhalte prüfen")
    p.add_argument("--strict", action="store_true", help="Warnungen gelten als Fehler")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="Die ganze Website nach site/ bauen")
    p.add_argument("--out", type=Path, default=None, help="Zielordner (Standard: site/)")
    p.add_argument("--lang", action="append", help="Nur diese Sprache(n) bauen (Deutsch immer)")
    p.add_argument("--site-url", default=None, help="Öffentliche Adresse, z. B. https://willkommen.so.ch/")
    p.add_argument("--jobs", type=int, default=None, help="Parallele Prozesse (Standard: Anzahl Kerne)")
    p.add_argument("--serve", action="store_true", help="Danach die gebaute Website lokal zeigen")
    p.add_argument("--no-pdf", action="store_true", help="Ohne Merkblätter und Gesprächsleitfäden (schneller)")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="Live-Vorschau einer Sprache für Redaktorinnen und Redaktoren")
    p.add_argument("--lang", default="de")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("stamp", help="Übersetzung als passend zur aktuellen deutschen Seite markieren")
    p.add_argument("files", nargs="+", type=Path, help="Übersetzungsdateien, z. B. content/themen/anmelden.en.md")
    p.set_defaults(func=cmd_stamp)
    p = sub.add_parser("status", help="Bericht: Übersetzungen, Lesbarkeit, Vollständigkeit und Alter der Daten")
    p.add_argument("--html", type=Path, default=None, help="HTML-Bericht hierhin (Standard: build/status.html)")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("schema", help="JSON Schema für municipalities.yml schreiben (für Editoren)")
    p.set_defaults(func=cmd_schema)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    return args.func(args)
