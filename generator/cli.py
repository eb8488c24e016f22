"""The command line: a thin front door to the library functions the tests call directly."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import ERROR, InvalidInput


def _print_problems(problems, stream=sys.stderr, errors_only: bool = False) -> None:
    for p in problems.sorted():
        if errors_only and p.severity != ERROR:
            continue
        print(str(p), file=stream)
    if errors_only and problems.warnings:
        print(f"(Dazu {len(problems.warnings)} Warnungen: python -m generator check zeigt sie.)", file=stream)
    if problems.suppressed:
        print(f"(Dazu {len(problems.suppressed)} Folgefehler, die mit der Ursache oben verschwinden.)", file=stream)


def cmd_check(args) -> int:
    """The same gate as the build: loading, links, templates, readability, reviews, language codes."""
    from .build import validated_site
    try:
        site = validated_site(args.root)
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
                            jobs=args.jobs, handouts=not args.no_pdf, progress=not args.quiet)
    except InvalidInput as exc:
        _print_problems(exc.problems)
        print(f"\nAbgebrochen: {len(exc.problems.errors)} Fehler. Die bisherige Website bleibt unverändert.",
              file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"Fehler: {exc}\nDie bisherige Website bleibt unverändert.", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, no permission: the message, never a traceback
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
    from .layout import SOURCE
    return preview(args.root, args.lang or SOURCE, port=args.port)


def cmd_catalog(args) -> int:
    from . import catalog_exchange as cx
    project = cx.load_project(args.root)
    codes = [c for c in project.languages if c != "de"]
    try:
        if args.action == "export":
            out = args.out or args.root / "build" / "catalogs"
            out.mkdir(parents=True, exist_ok=True)
            for code in (args.lang or codes):
                if code not in codes:
                    raise ValueError(f"Unbekannte Sprache «{code}». Vorhanden: {', '.join(codes)}.")
                path = out / f"{code}.po"
                path.write_bytes(cx.export_catalog(project, code))
                print(f"{path}")
        elif args.action == "import":
            for f in args.files:
                r = cx.import_catalog(project, f, (args.lang or [None])[0], args.reviewed_by)
                if r.refused:
                    print(f"{f}: nicht übernommen – {len(r.refused)} Einträge verletzen die deutsche Vorlage:",
                          file=sys.stderr)
                    for line in r.refused:
                        print("  " + line, file=sys.stderr)
                    return 1
                print(f"{f}: {r.changed} Einträge übernommen ({r.reviewed} als geprüft vermerkt)"
                      + (f", {len(r.skipped)} übersprungen (deutscher Text geändert)" if r.skipped else ""))
                for line in r.skipped:
                    print("  übersprungen: " + line)
                project = cx.load_project(args.root)
        elif args.action == "update":
            for code in (args.lang or codes):
                print(cx.write_catalog(project, code))
        elif args.action == "stamp":
            code = (args.lang or [None])[0]
            if code not in codes:
                raise ValueError("--lang <sprache> angeben, z. B. --lang ar.")
            print(f"locales/{code}.yml: {cx.stamp_ui(project, code, [str(k) for k in args.files] or None)} Texte vermerkt")
        elif args.action == "convert":
            for line in cx.convert(args.root):
                print(line)
    except (ValueError, OSError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_schema(args) -> int:
    from .export import write_schema
    for path in write_schema(args.root):
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
    print(text_report(site, sort=args.sort))
    out = args.html or args.root / "build" / "status.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html_report(site), encoding="utf-8")
    print(f"\nHTML-Bericht: {out}")
    return 0


def _date_arg(text: str):
    import datetime as dt
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» ist kein Datum. Erwartet: JJJJ-MM-TT, z. B. 2027-01-31.")


def cmd_requests(args) -> int:
    import datetime as dt
    from .circular import DEFAULT_DAYS, MissingReplyAddress, write_requests
    from .loader import load_site
    try:
        site = load_site(args.root)
    except InvalidInput as exc:
        _print_problems(exc.problems)
        print("\nAbgebrochen: erst die Fehler beheben, dann die Datenblätter erzeugen.", file=sys.stderr)
        return 1
    unknown = [s for s in args.gemeinde or [] if s not in site.by_slug]
    if unknown:
        print(f"Fehler: unbekannte Gemeinde(n): {', '.join(unknown)}. Erwartet: URL-Namen wie «grenchen».", file=sys.stderr)
        return 1
    today = args.date or dt.date.today()
    deadline = args.deadline or today + dt.timedelta(days=DEFAULT_DAYS)
    out = args.out or args.root / "build" / "requests"
    try:
        written = write_requests(site, out, request_date=today, deadline=deadline, reply_to=args.reply_to,
                                 draft=args.draft, slugs=args.gemeinde)
    except (MissingReplyAddress, ValueError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    kind = "ENTWÜRFE (nicht versenden, Rücksendeadresse fehlt)" if written.draft else "Rundschreiben"
    print(f"{kind}: {len(written.municipalities)} Datenblätter und Anschreiben in {written.out}")
    print(f"Versandliste: {written.out / 'versand.html'}")
    if written.log:
        print(f"Offene Anfragen vermerkt in {written.log}")
    return 0


def cmd_import(args) -> int:
    from .answers import import_answer
    from .loader import load_site
    try:
        site = load_site(args.root)
    except InvalidInput as exc:
        _print_problems(exc.problems)
        print("\nAbgebrochen: die Projektdaten haben Fehler; nichts importiert.", file=sys.stderr)
        return 1
    status = 0
    for path in args.files:
        result = import_answer(site, path, target=args.gemeinde, dry_run=args.dry_run)
        if not result.ok:
            _print_problems(result.problems)
            print(f"\n{path}: {len(result.problems.errors)} Fehler. Nichts wurde geändert.", file=sys.stderr)
            status = 1
            continue
        print(result.diff or f"{path}: keine Änderung (diese Antwort ist schon importiert).")
        verb = "würde geschrieben" if args.dry_run else ("geschrieben" if result.changed else "unverändert")
        print(f"{result.path.relative_to(args.root) if result.path.is_relative_to(args.root) else result.path}: {verb}.")
        print("Vollständig (Einwohnerkontrolle mit Adresse, Telefon, Öffnungszeiten; Erstinformation): "
              f"{'ja' if result.after_complete else 'nein'}" + (f" — es fehlt: {'; '.join(result.summary)}" if result.summary else ""))
    return status


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
    p.add_argument("--quiet", action="store_true", help="Ohne Fortschrittsanzeige")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="Live-Vorschau einer Sprache für Redaktorinnen und Redaktoren")
    p.add_argument("--lang", default=None, help="Sprachcode, z. B. ar (Standard: Deutsch)")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("status", help="Bericht: Übersetzungen, Lesbarkeit, Vollständigkeit und Alter der Daten")
    p.add_argument("--html", type=Path, default=None, help="HTML-Bericht hierhin (Standard: build/status.html)")
    p.add_argument("--sort", choices=["district", "region", "name"], default="district",
                   help="Gemeinden sortiert nach Bezirk (district), Sozialregion (region) oder Name")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("catalog", help="Übersetzungskataloge (PO): export, import, update, stamp, convert")
    p.add_argument("action", choices=["export", "import", "update", "stamp", "convert"],
                   help="export: je Sprache eine PO-Datei; import DATEI.po: zurücknehmen (geprüft); update: "
                        "translations/*.po an den deutschen Text anpassen; stamp: UI-Texte als passend vermerken")
    p.add_argument("files", nargs="*", type=Path, help="import: PO-Dateien; stamp: Text-Schlüssel")
    p.add_argument("--lang", action="append", help="Sprache(n), z. B. --lang ar (Standard: alle)")
    p.add_argument("--out", type=Path, default=None, help="export: Zielordner (Standard: build/catalogs)")
    p.add_argument("--reviewed-by", default=None, help="import: Organisation, die geprüft hat (kein Personenname)")
    p.set_defaults(func=cmd_catalog)
    p = sub.add_parser("requests", help="Rundschreiben: Datenblatt und Anschreiben je Gemeinde (nach build/requests/)")
    p.add_argument("--deadline", type=_date_arg, default=None, help="Antwort erbeten bis JJJJ-MM-TT (Standard: in 30 Tagen)")
    p.add_argument("--reply-to", default=None, help="Rücksendeadresse der Fachstelle (E-Mail oder Postadresse); ohne sie nur mit --draft")
    p.add_argument("--draft", action="store_true", help="Entwürfe mit Platzhalter statt Rücksendeadresse; nichts wird als versandt vermerkt")
    p.add_argument("--out", type=Path, default=None, help="Zielordner (Standard: build/requests/)")
    p.add_argument("--gemeinde", action="append", help="Nur diese Gemeinde(n), URL-Name, z. B. grenchen")
    p.add_argument("--date", type=_date_arg, default=None, help="Versanddatum (Standard: heute)")
    p.set_defaults(func=cmd_requests)
    p = sub.add_parser("import", help="Antwort einer Gemeinde (Datei aus dem Datenblatt) prüfen und übernehmen")
    p.add_argument("files", nargs="+", type=Path, help="gespeicherte Antwort(en), z. B. gemeindeangaben-grenchen-2027-01-10.json")
    p.add_argument("--gemeinde", default=None, help="Erwartete Gemeinde (URL-Name); eine Antwort einer anderen wird abgelehnt")
    p.add_argument("--dry-run", action="store_true", help="Nur prüfen und die Änderungen zeigen, nichts schreiben")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("schema", help="JSON Schemas für municipalities.yml und gemeinden/<slug>.yml schreiben (für Editoren)")
    p.set_defaults(func=cmd_schema)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    return args.func(args)
