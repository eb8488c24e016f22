"""The municipality finder's rules: a query in Latin, Cyrillic, Arabic, Ethiopic or Tamil script
turned into Latin letters (finder/transliteration.yml), consonant skeletons that tolerate missing
vowels and voicing, and the ranking.

The page's script (overrides/assets/javascripts/si.js) does the same in the browser with the table
and the skeletons the build writes into data/finder.json; `search` here is its twin, and the tests
check that both find the same municipality for the same queries.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode

from .problems import InvalidInput, Problems
from .yamlsource import compose, line_of, read_text, to_python

TABLE_FILE = Path("finder") / "transliteration.yml"
MAX_RESULTS = 8


def fold(text: str) -> str:
    """Lower case, German umlauts and every other accent dropped (Grenchen = grenchen, Lüterkofen = luterkofen)."""
    s = text.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.category(c).startswith("M"))
    return s.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def load_table(root: Path) -> dict[str, str]:
    """One character → Latin letters (already without accents), over all scripts of the table file.
    InvalidInput (file, line, field, German message) when the file cannot be used."""
    path = Path(root) / TABLE_FILE
    problems = Problems(root=Path(root))
    text = read_text(path, problems)
    node = compose(text, path, problems) if text is not None else None
    table: dict[str, str] = {}
    for script_key, spec in (node.value if isinstance(node, MappingNode) else []):
        script = script_key.value
        fields = {k.value: v for k, v in spec.value} if isinstance(spec, MappingNode) else {}
        if not isinstance(fields.get("source"), ScalarNode) or not fields["source"].value:
            problems.error(path, line_of(script_key), script, "Feld «source» fehlt: die Norm, aus der die Tabelle stammt.")
        letters = [(k, v, str(to_python(v))) for k, v in _pairs(fields.get("letters"))]
        orders = [str(o) for o in to_python(fields["orders"])] if "orders" in fields else []
        for k, v in _pairs(fields.get("rows")):
            if len(k.value) != 1:
                continue  # reported below
            letters += [(ScalarNode("tag:yaml.org,2002:str", chr(ord(k.value) + i), k.start_mark, k.end_mark), v,
                         str(to_python(v)) + vowel) for i, vowel in enumerate(orders)]
        for k, v, latin in letters:
            char, value = str(k.value), fold(latin)
            where = f"{script}.{char}"
            if len(char) != 1:
                problems.error(path, line_of(k), where, "Bitte genau ein Zeichen pro Zeile.")
            elif not re.fullmatch(r"[a-z0-9]*", value):
                problems.error(path, line_of(v), where, f"«{latin}» ergibt ohne Akzente «{value}»; erlaubt sind nur "
                               "a–z und 0–9 (oder \"\" für ein Zeichen, das nicht verglichen wird).")
            elif char in table and table[char] != value:
                problems.error(path, line_of(k), where, "Das Zeichen steht schon in einer anderen Schrift, mit anderem Wert.")
            else:
                table[char] = value
    if problems.errors:
        raise InvalidInput(problems)
    return table


def _pairs(node) -> list:
    return list(node.value) if isinstance(node, MappingNode) else []


def normalise(text: str, table: dict[str, str]) -> tuple[str, bool]:
    """Latin letters and digits separated by single spaces, and whether the text used another script."""
    scripted = False
    out = []
    for c in text.lower():
        if c in table:
            scripted = True
            out.append(table[c])
        else:
            out.append(c)
    return re.sub(r"[^a-z0-9]+", " ", fold("".join(out))).strip(), scripted


# Consonant classes: what scripts without short vowels or without voicing still write alike.
CLASSES = str.maketrans({"g": "k", "q": "k", "c": "s", "z": "s", "d": "t", "b": "p", "v": "f", "w": "f"})
DIGRAPHS = [("sch", "s"), ("ch", ""), ("ck", "k"), ("ph", "f"), ("tz", "s"), ("ts", "s"), ("x", "ks")]
SILENT = set("aeiouyhj ")


def skeleton(latin: str) -> str:
    """The consonant skeleton of normalised Latin text: Olten → ltn, Гренхен → krn."""
    s = latin.replace(" ", "")
    for a, b in DIGRAPHS:
        s = s.replace(a, b)
    out = ""
    for c in s.translate(CLASSES):
        if c in SILENT or out.endswith(c):
            continue
        out += c
    return out


def name_skeletons(name: str) -> list[str]:
    """Skeletons of a German name as other scripts write it, the plain one first: German ch as h, sh
    or k (Grenchen: Гренхен, غرينشن, கிரென்கென்), German w as v or as a vowel (Arabic و)."""
    latin = normalise(name, {})[0]
    ch = [latin] if not re.search(r"(?<!s)ch", latin) else [re.sub(r"(?<!s)ch", r, latin) for r in ("ch", "sh", "k")]
    variants = [v2 for v in ch for v2 in ([v, v.replace("w", "u")] if "w" in v else [v])]
    canonical = skeleton(latin)
    return [canonical] + sorted({skeleton(v) for v in variants} - {canonical})


def distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment)."""
    d = [[i] + [0] * len(b) for i in range(len(a) + 1)]
    d[0] = list(range(len(b) + 1))
    for i, j in itertools.product(range(1, len(a) + 1), range(1, len(b) + 1)):
        cost = 0 if a[i - 1] == b[j - 1] else 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
            d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def score(q: str, key: str) -> int:
    """0 prefix, 1 word prefix, 2 inside, 3–5 small typos; -1 no match."""
    if key.startswith(q):
        return 0
    if " " + q in key:
        return 1
    if q in key:
        return 2
    if len(q) < 4:
        return -1
    allowed = 2 if len(q) >= 7 else 1
    best = min([distance(q, w[:len(q)]) for w in key.split(" ")] + [distance(q, w) for w in key.split(" ")]
               + [distance(q, key[:len(q)])])
    return 3 + best if best <= allowed else -1


def skeleton_score(qk: str, entry: dict) -> int:
    """For queries in another script: 6 the name's plain skeleton, 7 another reading of the name,
    8 a locality or former name, 9 a skeleton prefix, 10 one letter off; -1 no match."""
    best = -1
    for k in entry["k"] + entry["o"]:
        if qk == k:
            s = 6 if k == entry["k"][0] else 7 if k in entry["k"] else 8
        elif len(qk) >= 3 and k.startswith(qk):
            s = 9
        elif len(qk) >= 4 and distance(qk, k) <= 1:
            s = 10
        else:
            continue
        best = s if best < 0 else min(best, s)
    return best


def places(site) -> list[dict]:
    """What the finder searches, per municipality: slug, name, postal codes, localities, former names,
    and the skeletons of the name (k) and of the other names (o)."""
    out = []
    for m in site.data.municipalities:
        localities = sorted({l.name for l in m.localities if l.name != m.label})
        former = [f.name for f in m.former_municipalities]
        others = sorted({k for n in [*localities, *former] for k in name_skeletons(n)})
        out.append({"s": m.slug, "n": m.label, "p": m.postal_codes, "l": localities, "f": former,
                    "k": name_skeletons(m.label), "o": others})
    return out


def search(query: str, entries: list[dict], table: dict[str, str]) -> list[str]:
    """Slugs of the best matches, best first (the twin of the page's script)."""
    q, scripted = normalise(query, table)
    digits = re.findall(r"\d+", q)
    text = re.sub(r"\s+", " ", re.sub(r"\d+", " ", q)).strip()
    if not q:
        return []
    qk = skeleton(text) if scripted and text else ""
    hits = []
    for e in entries:
        if digits and not all(any(p.startswith(d) for p in e["p"]) for d in digits):
            continue
        best = 0
        if text:
            scores = [s for s in (score(text, normalise(n, {})[0]) for n in [e["n"], *e["l"], *e["f"]]) if s >= 0]
            best = min(scores) if scores else -1
            if qk:  # another script: the skeleton first, spelling typos of the transliteration after it
                fuzzy = best + 8 if best >= 3 else best
                by_skeleton = skeleton_score(qk, e)
                best = min([s for s in (fuzzy, by_skeleton) if s >= 0], default=-1)
        if best >= 0:
            hits.append((best, fold(e["n"]), e["s"]))
    return [slug for _, _, slug in sorted(hits)[:MAX_RESULTS]]
