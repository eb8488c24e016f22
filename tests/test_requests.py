"""The Rundschreiben (data sheets and letters) and the import of answers, without a browser:
letters say what is missing, sheets are self-contained and escape every value, and every bad
answer is rejected with its field and changes nothing."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import subprocess
import sys

import pytest
import yaml

from conftest import copy_project, tree_digest
from generator import datasheet
from generator.answers import import_answer
from generator.circular import PLACEHOLDER, MissingReplyAddress, write_requests
from generator.loader import load_site
from htmlutil import Doc, load

TODAY = dt.date.today()  # the CLI checks against the clock: answers may not lie in the future
REQUEST = TODAY - dt.timedelta(days=5)
ANSWERED = TODAY - dt.timedelta(days=2)
DEADLINE = TODAY + dt.timedelta(days=30)
ANSWER_NAME = f"gemeindeangaben-oensingen-{ANSWERED.isoformat()}.json"


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("requests") / "project")
    return root, load_site(root)


def make_answer(data, slug="oensingen", bfs_nr=2407, name="Oensingen", answered=ANSWERED, request=REQUEST):
    answer = {"format": datasheet.ANSWER_FORMAT, "version": datasheet.ANSWER_VERSION,
              "municipality": {"bfs_nr": bfs_nr, "slug": slug, "name": name},
              "request": request.isoformat(), "answered": answered.isoformat(), "data": data}
    answer["checksum"] = hashlib.sha256(json.dumps({k: v for k, v in answer.items()}, sort_keys=True, ensure_ascii=False,
                                                   separators=(",", ":")).encode()).hexdigest()
    return answer


GOOD = {"contacts": [{"role": "residents_office", "name": "Einwohnerkontrolle Oensingen",
                      "address": {"street": "Hauptstrasse 2", "postal_code": "4702", "locality": "Oensingen"},
                      "phone": "062 000 00 00", "opening_hours": [{"days": "mo, tu, th", "times": ["08:00-11:30", "14:00-17:00"]}]}],
        "first_information": {"provider": "self", "methods": ["conversation"], "interpreter": "on_request",
                              "office": "residents_office"}}
# 062 000 00 00 is a placeholder number in a test project copy, never in the real data.


def write(tmp_path, answer, name=ANSWER_NAME, text=None):
    path = tmp_path / name
    path.write_text(text if text is not None else json.dumps(answer, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def with_contact(**change):
    data = json.loads(json.dumps(GOOD))
    data["contacts"][0].update(change)
    return data


BAD = [
    ("wrong_phone", lambda: make_answer(with_contact(phone="062 38")), None, "data.contacts[0].phone", "keine gültige Telefonnummer"),
    ("hour_25", lambda: make_answer(with_contact(opening_hours=[{"days": "mo", "times": ["14:00-25:00"]}])), None,
     "data.contacts[0].opening_hours[0].times", "Stunden 00–23"),
    ("unknown_field", lambda: make_answer(with_contact(fax="062 388 05 01")), None, "data.contacts[0].fax", "Unbekanntes Feld «fax»"),
    ("unknown_section", lambda: make_answer({**GOOD, "budget": 1}), None, "data.budget", "Unbekanntes Feld «budget»"),
    ("provenance_typed", lambda: make_answer(with_contact(sources=["https://example.org/"])), None, "sources", "setzt der Import selbst"),
    ("other_municipality_by_file_name", lambda: make_answer(GOOD, slug="olten", bfs_nr=2581, name="Olten"), None,
     "municipality.slug", "enthält aber die Angaben von «olten»"),
    ("bfs_mismatch", lambda: make_answer(GOOD, bfs_nr=2581), None, "municipality", "passen nicht zu «oensingen»"),
    ("future_answer", lambda: make_answer(GOOD, answered=TODAY + dt.timedelta(days=1)), None, "answered", "Zukunft"),
    ("office_not_listed", lambda: make_answer({**GOOD, "first_information": {"provider": "self", "office": "integration"}}), None,
     "data.first_information.office", "keine Stelle mit role: integration"),
    ("tampered", lambda: make_answer(GOOD), lambda text: text.replace("062 000 00 00", "062 000 00 01"), "checksum",
     "Prüfsumme stimmt nicht"),
    ("malformed_json", lambda: make_answer(GOOD), lambda text: text[: len(text) // 2], "", "kein gültiges JSON"),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_answers_are_rejected_and_change_nothing(proj, tmp_path, case):
    root, site = proj
    _, build, edit, field, words = case
    answer = build()
    text = json.dumps(answer, ensure_ascii=False, indent=2)
    path = write(tmp_path, answer, text=edit(text) if edit else text)
    before = tree_digest(root / "gemeinden"), (root / "requests.yml").exists()
    result = import_answer(site, path, today=TODAY)
    assert not result.ok and not result.changed
    msgs = [str(p) for p in result.problems.errors]
    assert any(field in p.field and words in p.message for p in result.problems.errors), msgs
    assert all(p.file.endswith(path.name) for p in result.problems.errors), msgs
    assert (tree_digest(root / "gemeinden"), (root / "requests.yml").exists()) == before


def test_answer_for_another_target_is_rejected(proj, tmp_path):
    root, site = proj
    path = write(tmp_path, make_answer(GOOD))
    result = import_answer(site, path, target="olten", today=TODAY)
    assert not result.ok and any("sollte aber «olten»" in p.message for p in result.problems.errors)


def test_import_writes_provenance_once_and_is_idempotent(tmp_path):
    root = copy_project(tmp_path / "project")
    site = load_site(root)
    write_requests(site, tmp_path / "out", request_date=REQUEST, deadline=DEADLINE,
                   reply_to="integration@example.org", slugs=["oensingen"])
    log = yaml.safe_load((root / "requests.yml").read_text(encoding="utf-8"))
    assert log["requests"][0]["municipality"] == "oensingen" and "answered" not in log["requests"][0]
    path = write(tmp_path, make_answer(GOOD))
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "import", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "+    phone: 062 000 00 00" in run.stdout and "Vollständig" in run.stdout
    own = yaml.safe_load((root / "gemeinden" / "oensingen.yml").read_text(encoding="utf-8"))
    ro = own["contacts"][0]
    assert ro["sources"] == ["Angaben der Gemeinde"] and ro["stand"] == ANSWERED and ro["last_verified"] == ANSWERED
    assert own["first_information"]["provider"] == "self" and own["first_information"]["stand"] == ANSWERED
    assert "website" not in own  # the sheet always sends its fields; left out means cleared
    log = yaml.safe_load((root / "requests.yml").read_text(encoding="utf-8"))
    assert log["requests"][0]["answered"] == ANSWERED
    first = tree_digest(root / "gemeinden"), (root / "requests.yml").read_bytes()
    again = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "import", str(path)],
                           capture_output=True, text=True)
    assert again.returncode == 0 and "keine Änderung" in again.stdout
    assert (tree_digest(root / "gemeinden"), (root / "requests.yml").read_bytes()) == first
    site = load_site(root)  # the project is valid with the imported file
    assert site.by_slug["oensingen"].contacts[0].phone == "062 000 00 00"


def test_final_letters_need_the_return_address(proj, tmp_path):
    root, site = proj
    with pytest.raises(MissingReplyAddress):
        write_requests(site, tmp_path / "out", request_date=REQUEST, deadline=DEADLINE, reply_to=None)
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "requests", "--out", str(tmp_path / "cli"),
                          "--gemeinde", "olten"], capture_output=True, text=True)
    assert run.returncode == 1 and "--reply-to" in run.stderr and not (tmp_path / "cli").exists()
    assert not (root / "requests.yml").exists()


def test_draft_letter_says_what_is_missing_and_old(proj, tmp_path):
    root, site = proj
    written = write_requests(site, tmp_path / "out", request_date=REQUEST, deadline=DEADLINE, reply_to=None, draft=True,
                             slugs=["olten", "grenchen"])
    assert written.draft and not (root / "requests.yml").exists()
    text = (tmp_path / "out" / "olten" / "anschreiben.txt").read_text(encoding="utf-8")
    assert text.startswith("ENTWURF") and PLACEHOLDER in text and DEADLINE.strftime("%d.%m.%Y") in text
    missing = text.split("Es fehlen noch:")[1].split("\n\n")[0]
    assert "Einwohnerkontrolle: Telefon" in missing and "Einwohnerkontrolle: Adresse" in missing
    assert "Einwohnerkontrolle: Öffnungszeiten" not in missing  # Olten's are recorded
    assert "Erstinformation" in missing
    assert "Stadt Olten, Stadthaus (Datum der Quelle unbekannt)" in text
    grenchen = (tmp_path / "out" / "grenchen" / "anschreiben.txt").read_text(encoding="utf-8")
    assert "An: stadtkanzlei@grenchen.ch" in grenchen
    overview = load(tmp_path / "out" / "versand.html")
    assert [a["href"] for a in overview.find("a")][:2] == ["olten/datenblatt-olten.html", "olten/anschreiben.txt"]


def _csp_hashes_match(html_text: str):
    doc = Doc(html_text)
    csp = [m for m in doc.find("meta") if m.get("http-equiv") == "Content-Security-Policy"][0]["content"]
    style = re.search(r"<style>(.*?)</style>", html_text, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", html_text, re.S).group(1)
    for part in (style, script):
        h = base64.b64encode(hashlib.sha256(part.encode()).digest()).decode()
        assert f"'sha256-{h}'" in csp
    assert "default-src 'none'" in csp and "unsafe" not in csp
    return doc


def test_data_sheet_is_self_contained_and_escapes_values(tmp_path):
    root = copy_project(tmp_path / "project")
    payload = '</textarea><script>alert(1)</script>"><img src=x onerror=alert(2)>'
    own = root / "gemeinden" / "grenchen.yml"
    own.write_text(own.read_text(encoding="utf-8").replace("name: Stadtkanzlei\n", f"name: {json.dumps('Stadtkanzlei ' + payload)}\n"),
                   encoding="utf-8")
    site = load_site(root)
    write_requests(site, tmp_path / "out", request_date=REQUEST, deadline=DEADLINE, reply_to="a@example.org <x>",
                   slugs=["grenchen"])
    text = (tmp_path / "out" / "grenchen" / "datenblatt-grenchen.html").read_text(encoding="utf-8")
    doc = _csp_hashes_match(text)
    assert len(doc.find("script")) == 2  # the config (JSON data) and our own script; nothing injected
    assert not doc.find("img") and not doc.find("link")
    assert not [a for _, a, _, _ in doc.elements if "src" in a or "onerror" in a]
    names = [i.get("value") for i in doc.find("input") if i.get("data-key") == "name"]
    assert "Stadtkanzlei " + payload in names  # the value arrives intact, as text
    assert "a@example.org <x>" in doc.text
    config_text = re.search(r'<script type="application/json" id="sheet-config">(.*?)</script>', text, re.S).group(1)
    config = json.loads(config_text)
    assert config["municipality"] == {"bfs_nr": 2546, "slug": "grenchen", "name": "Grenchen"}
    assert "<" not in config_text
