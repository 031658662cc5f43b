"""Fixtures des tests navigateur : le site construit, servi en local, et Chromium.

- Le site est celui de la session, construit une fois pour tous les tests qui le lisent
  (fixture `site_construit` de tests/conftest.py, tests/site_construit.py) ; pour essayer
  les tests sur un site déjà construit, donner son dossier dans ECHELON_SITE_CONSTRUIT.
- Il est servi sous un sous-chemin (`http://127.0.0.1:PORT/echelon/`), comme un site
  de projet GitHub Pages : une URL absolue (`/style.css`) y casserait.
- Le navigateur est le Chromium de Debian (/usr/bin/chromium, installé par
  .ci/installer-paquets), piloté par Playwright ; jamais `playwright install`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.site_construit import PageDuSite, construction, pages_du_site

CHROMIUM = os.environ.get("ECHELON_CHROMIUM", "/usr/bin/chromium")
ARGUMENTS_CHROMIUM = [
    "--no-sandbox",  # CI tourne en root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Réseau fermé : sans ces options, Chromium appelle sans cesse ses services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SOUS_CHEMIN = "/echelon/"
TYPES_MIME = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".whl": "application/zip",
    ".zip": "application/zip",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Un test par page : l'identifiant du test nomme la page en cause."""
    if "page_du_site" not in metafunc.fixturenames:
        return
    resultat = construction(metafunc.config)
    if resultat.erreur is not None or resultat.dossier is None:
        # Pas d'erreur de collecte (elle arrêterait toute la suite) : un test qui échoue.
        metafunc.parametrize("page_du_site", [None], ids=["construction-du-site"], indirect=True)
        return
    pages = pages_du_site(resultat.dossier)
    metafunc.parametrize("page_du_site", pages, ids=[p.nom for p in pages], indirect=True)


@pytest.fixture
def page_du_site(request: pytest.FixtureRequest, site_construit: Path) -> PageDuSite:
    # Paramétrée par pytest_generate_tests ; None si la construction a échoué
    # (site_construit a alors déjà fait échouer le test).
    return request.param


@pytest.fixture(scope="session")
def toutes_les_pages(site_construit: Path) -> list[PageDuSite]:
    return pages_du_site(site_construit)


# --- Serveur HTTP local ------------------------------------------------------------


class _Gestionnaire(SimpleHTTPRequestHandler):
    """Sert le site sous SOUS_CHEMIN ; tout le reste est introuvable (404)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        **TYPES_MIME,
    }

    def _dans_le_site(self) -> bool:
        return getattr(self, "path", "").split("?", 1)[0].startswith(SOUS_CHEMIN)

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == SOUS_CHEMIN.rstrip("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", SOUS_CHEMIN)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not self._dans_le_site():
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if not self._dans_le_site():
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        super().do_HEAD()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(SOUS_CHEMIN))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        # Comme GitHub Pages : une adresse inconnue du site reçoit 404.html.
        page_404 = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and self._dans_le_site() and page_404.is_file():
            contenu = page_404.read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", TYPES_MIME[".html"])
            self.send_header("Content-Length", str(len(contenu)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(contenu)
            return
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # silencieux : les requêtes sont observées depuis le navigateur


@dataclass(frozen=True)
class Serveur:
    origine: str  # http://127.0.0.1:PORT
    racine: str  # http://127.0.0.1:PORT/echelon/

    def url(self, page: PageDuSite | str) -> str:
        return self.racine + (page.chemin if isinstance(page, PageDuSite) else page)


@pytest.fixture(scope="session")
def serveur(site_construit: Path) -> Iterator[Serveur]:
    with servir(site_construit) as serveur_du_site:
        yield serveur_du_site


@contextmanager
def servir(dossier: Path) -> Iterator[Serveur]:
    """Sert `dossier` sous SOUS_CHEMIN, comme GitHub Pages, le temps du bloc ; le dossier peut
    être remplacé par une nouvelle construction pendant ce temps (il est relu à chaque requête)."""
    gestionnaire = partial(_Gestionnaire, directory=str(dossier))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    httpd.daemon_threads = True
    fil = threading.Thread(target=httpd.serve_forever, name="serveur-echelon", daemon=True)
    fil.start()
    origine = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield Serveur(origine=origine, racine=origine + SOUS_CHEMIN)
    finally:
        httpd.shutdown()
        httpd.server_close()
        fil.join(timeout=5)


# --- Chromium ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def navigateur() -> Iterator[Any]:
    """Un seul Chromium (Debian) pour toute la session."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium est introuvable ({CHROMIUM}). Les tests navigateur utilisent le "
            "Chromium de Debian : lancez .ci/installer-paquets (ou `make test`), "
            "ou installez le paquet « chromium ».",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS_CHROMIUM)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def nouvel_onglet(navigateur: Any) -> Iterator[Callable[..., Any]]:
    """Fabrique d'onglets, chacun dans un contexte neuf (options de `new_context`)."""
    contextes = []

    def ouvrir(**options: Any) -> Any:
        contexte = navigateur.new_context(**options)
        contexte.set_default_timeout(15_000)
        contextes.append(contexte)
        return contexte.new_page()

    yield ouvrir
    for contexte in contextes:
        contexte.close()


def onglet_partage(navigateur: Any, aller: Callable[[Any], None]) -> Iterator[Any]:
    """Pour une fixture de module : un onglet dans un contexte neuf, amené par `aller(page)`
    là où les tests commencent ; aucune erreur JavaScript ne doit y être survenue à la fin."""
    contexte = navigateur.new_context()
    contexte.set_default_timeout(15_000)
    page = contexte.new_page()
    erreurs: list[str] = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    aller(page)
    yield page
    contexte.close()
    assert not erreurs, "erreurs JavaScript :\n" + "\n".join(erreurs)


CIBLES_TROP_PETITES = """(selecteur) => [...document.querySelectorAll(selecteur)]
  .filter((el) => el.offsetParent !== null)
  .map((el) => {
    const cadre = el.type === 'radio' ? el.closest('label')
      : el.type === 'checkbox' ? el.closest('.case') : el;
    return {id: el.id || el.name, hauteur: cadre.getBoundingClientRect().height};
  })
  .filter((c) => c.hauteur < 44)"""


def cibles_trop_petites(page: Any, selecteur: str) -> list[dict[str, Any]]:
    """Les commandes visibles de `selecteur` dont la cible tactile (le libellé entier pour une
    case ou un bouton radio) fait moins de 44 pixels de haut (WCAG 2.5.5)."""
    return page.evaluate(CIBLES_TROP_PETITES, selecteur)
