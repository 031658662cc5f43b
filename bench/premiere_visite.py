"""Ce que télécharge une première visite de la page d'accueil, service worker compris.

Le site donné (par défaut public/) est servi comme par GitHub Pages (bench/serveur.py : gzip,
octets comptés sur la connexion, en-têtes compris) ; Chromium de Debian ouvre l'accueil dans
un profil neuf, à 360 × 800, puis on attend qu'aucune requête n'arrive pendant 3 s (le service
worker a fini de garder le site). Deux visites : réseau ordinaire, puis économie de données
(navigator.connection.saveData). Usage :

    .venv/bin/python -m bench.premiere_visite [dossier du site]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.demarrage import attendre_le_calme
from bench.serveur import COOKIE, ServeurPages

ECONOMIE_DE_DONNEES = """Object.defineProperty(navigator, 'connection', {
  configurable: true, get: () => ({saveData: true}),
});"""


def visite(navigateur, serveur: ServeurPages, origine: str, jeton: str, economie: bool) -> None:
    """Une première visite de l'accueil, dans un contexte neuf, sous le cookie `jeton`."""
    contexte = navigateur.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
    contexte.add_cookies([{"name": COOKIE, "value": jeton, "url": origine + "/"}])
    if economie:
        contexte.add_init_script(ECONOMIE_DE_DONNEES)
    onglet = contexte.new_page()
    onglet.goto(origine + serveur.sous_chemin, wait_until="load")
    attendre_le_calme(serveur, jeton, calme_s=3, maximum_s=60)
    contexte.close()


def main() -> None:
    dossier = Path(sys.argv[1] if len(sys.argv) > 1 else "public")
    with ServeurPages(dossier) as serveur, sync_playwright() as playwright:
        serveur.prechauffer()
        origine = serveur.demarrer()
        navigateur = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for jeton, economie in (("ordinaire", False), ("economie", True)):
            visite(navigateur, serveur, origine, jeton, economie)
            requetes = serveur.requetes(jeton)
            runtime = [r for r in requetes if "/pyodide/" in r.chemin or "/py/" in r.chemin]
            print(
                f"{jeton} : {len(requetes)} requêtes, {serveur.octets(jeton) / 1000:.1f} ko "
                f"(dont runtime Python : {sum(r.octets for r in runtime) / 1000:.1f} ko)"
            )
        navigateur.close()


if __name__ == "__main__":
    main()
