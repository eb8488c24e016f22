"""The editors' live preview: it starts, serves the language, and shows a change to the data."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def test_preview_reloads_after_editing_a_municipality_file(project):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "serve", "--lang", "en",
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/gemeinden/grenchen/"
    try:
        deadline = time.time() + 90
        while time.time() < deadline and not (_get(url) or "").count("Stadtkanzlei"):
            time.sleep(0.5)
        assert "Stadtkanzlei" in (_get(url) or ""), "preview did not start"
        data = project / "gemeinden" / "grenchen.yml"
        data.write_text(data.read_text(encoding="utf-8").replace('name: Stadtkanzlei\n', 'name: Stadtkanzlei Grenchen Vorschau\n'),
                        encoding="utf-8")
        deadline = time.time() + 60
        while time.time() < deadline and "Stadtkanzlei Grenchen Vorschau" not in (_get(url) or ""):
            time.sleep(0.5)
        assert "Stadtkanzlei Grenchen Vorschau" in (_get(url) or "")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
