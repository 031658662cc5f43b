"""Une correction atteint l'étudiant qui revient : il visite le site, une année est publiée
(une case des plafonds change, docs/EDITER.md § 5), le site est reconstruit au même endroit ;
à sa visite suivante en ligne, la page et le simulateur montrent la nouvelle case. Hors ligne,
il garde l'ancienne copie, qui dit sa date de construction."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from typing import Any

import pytest
import yaml

import build
from calculator.format import date_longue, nombre
from construction import projet

from ..publication import CASE_CHANGEE, publier
from ..test_publication import DOSSIER_DU_DEPOT, premiere_provisoire
from .conftest import servir
from .test_hors_ligne import attendre_le_service_worker
from .test_simulateur import ATTENTE

pytestmark = pytest.mark.navigateur

# 7 points de charge : 40 km (1 point) et 3 autres enfants à charge (3 × 2 points).
SITUATION = "distance_km=40&enfants_a_charge=3&dont_etudiants_superieur=0"


def case_affichee(onglet: Any, annee: str) -> str:
    """La case changée, telle que la page des plafonds l'affiche pour `annee`."""
    points, colonne = CASE_CHANGEE
    ligne = onglet.locator(f'table.plafonds[data-annee="{annee}"] tbody tr').nth(points)
    return ligne.locator("td").nth(colonne).inner_text()


def plafond_du_depot(annee: str) -> int:
    donnees = yaml.safe_load((DOSSIER_DU_DEPOT / f"{annee}.yaml").read_text(encoding="utf-8"))
    points, colonne = CASE_CHANGEE
    return donnees["plafonds"]["lignes"][points][colonne]


def echelon_estime(onglet: Any, racine: str, annee: str, revenu: int) -> str | None:
    onglet.goto(
        f"{racine}simulateur/#annee_universitaire={annee}&revenu_brut_global={revenu}&{SITUATION}"
    )
    onglet.wait_for_selector("#resultat[data-echelon]", timeout=ATTENTE)
    return onglet.get_attribute("#resultat", "data-echelon")


@pytest.fixture(scope="module")
def site_republie(tmp_path_factory):
    """Un site construit depuis une copie de barèmes/, et de quoi le republier au même endroit
    avec la première année provisoire publiée."""
    annee = premiere_provisoire()
    dossier = tmp_path_factory.mktemp("republication") / "barèmes"
    shutil.copytree(DOSSIER_DU_DEPOT, dossier)
    sortie = dossier.parent / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(projet, "DOSSIER_BAREMES", dossier)
        patch.setattr(projet, "SCHEMA", dossier / "schema.json")
        assert build.construire(sortie).erreurs == []

        def republier() -> tuple[int, int]:
            avant, apres = publier(dossier, annee)
            assert build.construire(sortie).erreurs == []
            return avant, apres

        with servir(sortie) as serveur:
            yield annee, serveur, republier


def test_l_etudiant_qui_revient_voit_la_correction_et_hors_ligne_l_ancienne_copie(
    navigateur, site_republie
):
    annee, serveur, republier = site_republie
    contexte = navigateur.new_context()
    contexte.set_default_timeout(60_000)
    onglet = contexte.new_page()
    try:
        # 1. Première visite : le simulateur (qui installe le service worker : tout le site est
        # gardé sur l'appareil), puis la page des plafonds.
        points, colonne = CASE_CHANGEE
        ancienne = plafond_du_depot(annee)
        # Un revenu entre l'ancien et le nouveau plafond de l'échelon 2, ligne 7 : refusé à
        # l'échelon 2 avant la publication (échelon 1), accepté après.
        revenu = ancienne + 25
        assert echelon_estime(onglet, serveur.racine, annee, revenu) == "1"
        attendre_le_service_worker(onglet)
        onglet.goto(serveur.url("plafonds/"))
        assert case_affichee(onglet, annee) == nombre(ancienne)

        # 2. L'année est publiée, le site reconstruit au même endroit.
        avant, apres = republier()
        assert avant == ancienne

        # 3. Hors ligne : l'ancienne copie, avec la date de sa construction.
        contexte.set_offline(True)
        onglet.goto(serveur.url("plafonds/"))
        assert case_affichee(onglet, annee) == nombre(avant)
        pied = onglet.locator("footer").inner_text()
        assert re.search(r"Page construite le \d", pied)

        # 4. De nouveau en ligne : la visite suivante montre la nouvelle case, sur la page et
        # dans le simulateur.
        contexte.set_offline(False)
        onglet.goto(serveur.url("plafonds/"))
        assert case_affichee(onglet, annee) == nombre(apres)
        assert f"nous n'avons pas encore relu les arrêtés {annee}" not in onglet.content()
        assert echelon_estime(onglet, serveur.racine, annee, revenu) == "2"
        assert points == 7 and colonne == 2
    finally:
        contexte.close()


def test_hors_ligne_une_adresse_inconnue_recoit_la_page_introuvable_du_site(
    navigateur, site_republie
):
    _, serveur, _ = site_republie
    contexte = navigateur.new_context()
    onglet = contexte.new_page()
    try:
        onglet.goto(serveur.url("simulateur/"))
        attendre_le_service_worker(onglet)
        contexte.set_offline(True)
        onglet.goto(serveur.url("une-page-qui-n-existe-pas/"))
        assert "Page introuvable" in onglet.locator("h1").inner_text()
    finally:
        contexte.close()


def test_la_date_de_construction_est_dans_le_pied_de_page(site_republie, navigateur):
    _, serveur, _ = site_republie
    contexte = navigateur.new_context()
    onglet = contexte.new_page()
    try:
        onglet.goto(serveur.url(""))
        jour = date_longue(dt.date.today().isoformat())
        pied = onglet.locator("footer").inner_text().replace("\u00a0", " ")
        assert f"Page construite le {jour}." in pied
    finally:
        contexte.close()
