"""Fixtures des tests navigateur : le site construit, servi en local, et Chromium.

- Le site est celui de la session, construit une fois pour tous les tests qui le lisent
  (fixture `site_construit` de tests/conftest.py, tests/site_construit.py) ; pour essayer
  les tests sur un site déjà construit, donner son dossier dans ECHELON_SITE_CONSTRUIT.
- Il est servi sous un sous-chemin (`http://127.0.0.1:PORT/echelon/`), comme un site
  de projet GitHub Pages : une URL absolue (`/style.css`) y casserait. Le serveur est celui
  du dépôt (construction/serveur.py), sans cache (`Cache-Control: no-store`).
- Le navigateur est le Chromium de Debian (/usr/bin/chromium, installé par
  .ci/installer-paquets), piloté par Playwright ; jamais `playwright install`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from calculator.format import typographie
from calculator.interface import encoder
from construction.serveur import Options
from construction.serveur import servir as serveur_local
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


@dataclass(frozen=True)
class Serveur:
    origine: str  # http://127.0.0.1:PORT
    racine: str  # http://127.0.0.1:PORT/echelon/

    def url(self, page: PageDuSite | str) -> str:
        return self.racine + (page.chemin if isinstance(page, PageDuSite) else page)

    def hors_du_site(self, adresses: list[str]) -> list[str]:
        """Les adresses qui quitteraient l'appareil pour un autre site. Une adresse blob: de ce
        site (le module de Pyodide décompressé par le worker) ou data: n'en sort pas."""
        du_site = (self.origine + "/", "blob:" + self.origine + "/", "data:")
        return [adresse for adresse in adresses if not adresse.startswith(du_site)]


@pytest.fixture(scope="session")
def serveur(site_construit: Path) -> Iterator[Serveur]:
    with servir(site_construit) as serveur_du_site:
        yield serveur_du_site


@contextmanager
def servir(dossier: Path, en_tetes: dict[str, str] | None = None) -> Iterator[Serveur]:
    """Sert `dossier` sous SOUS_CHEMIN, comme GitHub Pages, sans cache (ou avec `en_tetes`),
    le temps du bloc ; le dossier peut être remplacé par une nouvelle construction pendant ce
    temps (il est relu à chaque requête)."""
    options = Options(dossier=dossier, sous_chemin=SOUS_CHEMIN)
    if en_tetes is not None:
        options = replace(options, en_tetes=en_tetes)
    with serveur_local(options) as httpd:
        yield Serveur(origine=httpd.origine, racine=httpd.origine + SOUS_CHEMIN)


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


def comme_dans_la_page(resultat: dict[str, Any]) -> dict[str, Any]:
    """Un résultat de CPython tel que le worker l'envoie à la page : typographié comme le fait
    calculator.navigateur, d'un passage de `typographie` sur le texte JSON."""
    return json.loads(typographie(encoder(resultat)))
