"""docs/nginx.conf, the deployment example, served by a real nginx with a built site: the file is
valid, every page (German and other languages) gets the security headers and its caching, each
language its own 404 page, fingerprinted assets are immutable, the service worker is never cached."""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(built, tmp_path_factory):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx missing: scripts/setup.sh --test installs nginx-light"
    d = tmp_path_factory.mktemp("nginx")
    (d / "logs").mkdir()
    shutil.copy(REPO / "docs" / "nginx-security-headers.conf", d / "headers.conf")
    port = _free_port()
    server = (REPO / "docs" / "nginx.conf").read_text(encoding="utf-8")
    for old, new in (("listen 443 ssl http2;", f"listen 127.0.0.1:{port};"),
                     ("root /var/www/start-integration/site;", f"root {built.site_dir.resolve()};"),
                     ("include snippets/start-integration-headers.conf;", f"include {d / 'headers.conf'};")):
        assert old in server, old
        server = server.replace(old, new)
    (d / "site.conf").write_text(server, encoding="utf-8")
    # workers as root: pytest's folders are private to their owner (ignored when not root)
    (d / "nginx.conf").write_text(f"user root;\npid {d / 'nginx.pid'};\nerror_log {d / 'logs' / 'error.log'};\n"
                                  "events {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
                                  f"  client_body_temp_path {d};\n  include {d / 'site.conf'};\n}}\n", encoding="utf-8")
    test = subprocess.run([binary, "-t", "-c", str(d / "nginx.conf"), "-p", str(d)], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    subprocess.run([binary, "-c", str(d / "nginx.conf"), "-p", str(d)], check=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    yield base, built.site_dir
    subprocess.run([binary, "-c", str(d / "nginx.conf"), "-p", str(d), "-s", "stop"])


def _get(url: str):
    try:
        r = urllib.request.urlopen(url, timeout=5)
        return r.status, r.headers, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")


SECURITY = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin"}


@pytest.mark.parametrize("path", ["/", "/gemeinden/grenchen/", "/ar/gemeinden/grenchen/", "/ti/themen/anmelden/",
                                  "/ar/nichts-hier/", "/sw.js", "/ar/assets/stylesheets/si.css"])
def test_every_response_has_the_security_headers(nginx, path):
    base, _ = nginx
    status, headers, _ = _get(base + path)
    assert status in (200, 404)
    for name, value in SECURITY.items():
        assert headers.get(name) == value, (path, name, dict(headers))
    csp = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp and "script-src" not in csp  # scripts: the page's own <meta>


def test_caching_pages_short_assets_long_service_worker_never(nginx):
    base, site = nginx
    for path in ("/", "/ar/gemeinden/grenchen/"):
        assert _get(base + path)[1].get("Cache-Control") == "public, max-age=300", path
    assert _get(base + "/sw.js")[1].get("Cache-Control") == "no-cache"
    fingerprinted = next(p for p in (site / "ar" / "assets").rglob("*.min.css")
                         if re.search(r"\.[0-9a-f]{8}\.min\.css$", p.name))
    url = "/" + fingerprinted.relative_to(site).as_posix()
    assert _get(base + url)[1].get("Cache-Control") == "public, max-age=31536000, immutable"


def test_each_language_has_its_own_404_page(nginx):
    base, _ = nginx
    for code, tag in (("", "de"), ("ar/", "ar"), ("ti/", "ti")):
        status, _, body = _get(f"{base}/{code}gibt-es-nicht/")
        assert status == 404 and re.search(rf'<html[^>]*lang="{tag}', body), (code, body[:300])
        assert re.search(r'<html dir="(rtl|ltr)"', body).group(1) == ("rtl" if tag == "ar" else "ltr")
