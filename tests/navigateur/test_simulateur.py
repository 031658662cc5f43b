"""Le simulateur, dans Chromium, comme un étudiant s'en sert : le formulaire, le calculateur
Python (Pyodide) dans son worker, le résultat, le lien de partage et l'historique.

Les situations viennent des fichiers de cas (tests/cas/<année>.yaml), saisies par le
formulaire ; le résultat attendu est celui des fichiers, lu dans la page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from calculator.format import euros
from construction import projet
from tests.cas_de_test import CAS, Cas

from .conftest import cibles_trop_petites, onglet_partage
from .test_pages import REGLES_AXE, rapport_axe

if TYPE_CHECKING:
    from .conftest import Serveur

pytestmark = pytest.mark.navigateur

ATTENTE = 30_000
"""Démarrage de Pyodide compris (2 à 3 s ici) : large, pour une machine chargée."""
CHEMIN = "simulateur/"
MONTANTS = (
    "montant_annuel",
    "montant_mensuel",
    "montant_annuel_12_mois",
    "montant_mensuel_12_mois",
)
MONTANTS_SUR_12_MOIS = ("montant_annuel_12_mois", "montant_mensuel_12_mois")
SITUATION_D_EXEMPLE = {
    "annee_universitaire": "2025-2026",
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}


# --- Choix des cas ------------------------------------------------------------------------


def cas_choisis() -> list[Cas]:
    """Par année : les trois premiers cas, puis le premier de chaque sorte intéressante (pas de
    bourse, handicap ou aidant, revenu décimal, plus de 17 points). Toujours les mêmes."""
    choisis: list[Cas] = []
    for annee in sorted({c.annee for c in CAS}):
        de_l_annee = [c for c in CAS if c.annee == annee]
        retenus = de_l_annee[:3]
        sortes = (
            lambda c: c.attendu.get("echelon", "") is None,
            lambda c: c.situation.get("handicap") or c.situation.get("aidant"),
            lambda c: not float(c.situation["revenu_brut_global"]).is_integer(),
            lambda c: c.attendu.get("points_de_charge", 0) > 17,
        )
        for sorte in sortes:
            premier = next((c for c in de_l_annee if sorte(c)), None)
            if premier is not None and premier not in retenus:
                retenus.append(premier)
        choisis += retenus
    return choisis


CAS_CHOISIS = cas_choisis()


# --- Outils -------------------------------------------------------------------------------


def espaces(texte: str) -> str:
    """Les espaces fines et insécables comme des espaces simples, pour comparer des textes."""
    return " ".join(texte.replace("\u202f", " ").replace("\u00a0", " ").split())


def texte_du_montant(valeur: float | int) -> str:
    """Un montant tel qu'un étudiant le tape : « 22500,5 »."""
    return str(Decimal(str(valeur))).replace(".", ",")


def ouvrir(onglet: Any, serveur: Serveur, fragment: str = "") -> None:
    reponse = onglet.goto(serveur.url(CHEMIN) + fragment)
    assert reponse is not None and reponse.ok, f"{CHEMIN} : pas de réponse correcte"
    onglet.wait_for_selector("#estimer:enabled")


def attendre_pret(onglet: Any) -> None:
    onglet.wait_for_selector('#etat-calculateur[data-genre="pret"]', timeout=ATTENTE)


def saisir(onglet: Any, situation: dict[str, Any], revenu: str | None = None) -> None:
    """Remplit le formulaire (l'année par défaut si la situation n'en donne pas)."""
    if "annee_universitaire" in situation:
        onglet.select_option("#annee_universitaire", situation["annee_universitaire"])
    if revenu is None:
        revenu = texte_du_montant(situation["revenu_brut_global"])
    onglet.fill("#revenu_brut_global", revenu)
    onglet.fill("#distance_km", str(situation["distance_km"]))
    onglet.fill("#enfants_a_charge", str(situation["enfants_a_charge"]))
    onglet.fill("#dont_etudiants_superieur", str(situation["dont_etudiants_superieur"]))
    for case in ("handicap", "aidant"):
        onglet.set_checked(f"#{case}", bool(situation.get(case, False)))


def estimer(onglet: Any) -> dict[str, Any]:
    """Envoie le formulaire et attend un nouveau résultat ; le renvoie tel que la page l'affiche."""
    onglet.evaluate("document.getElementById('resultat').removeAttribute('data-echelon')")
    onglet.click("#estimer")
    onglet.wait_for_selector("#resultat[data-echelon]", timeout=ATTENTE)
    return resultat_affiche(onglet)


RESULTAT_AFFICHE = """() => {
  const region = document.getElementById('resultat');
  const montants = {};
  for (const d of region.querySelectorAll('.carte-echelon data[data-champ]')) {
    montants[d.dataset.champ] = {valeur: Number(d.value), texte: d.textContent};
  }
  return {
    echelon: region.dataset.echelon,
    montants,
    carte: region.querySelector('.carte-echelon')?.innerText ?? '',
    texte: region.innerText,
  };
}"""


def resultat_affiche(onglet: Any) -> dict[str, Any]:
    return onglet.evaluate(RESULTAT_AFFICHE)


@pytest.fixture(scope="module")
def onglet_pret(navigateur: Any, serveur: Serveur) -> Iterator[Any]:
    """Un onglet du simulateur, calculateur prêt, partagé par les cas (un seul démarrage)."""
    yield from onglet_partage(navigateur, lambda page: demarre(page, serveur))


def demarre(onglet: Any, serveur: Serveur) -> None:
    """Le simulateur ouvert, calculateur prêt."""
    ouvrir(onglet, serveur)
    attendre_pret(onglet)


def estimer_l_exemple(onglet: Any, serveur: Serveur) -> dict[str, Any]:
    """Le simulateur ouvert, la situation d'exemple estimée ; le résultat affiché."""
    demarre(onglet, serveur)
    saisir(onglet, SITUATION_D_EXEMPLE)
    return estimer(onglet)


# --- 1. Les cas des fichiers, saisis par le formulaire ---------------------------------------


@pytest.mark.parametrize("cas", CAS_CHOISIS, ids=[f"{c.annee}-{c.nom}" for c in CAS_CHOISIS])
def test_un_cas_saisi_donne_le_resultat_attendu(onglet_pret: Any, cas: Cas) -> None:
    saisir(onglet_pret, cas.entree)
    obtenu = estimer(onglet_pret)
    attendu = cas.attendu
    assert f"Votre estimation pour {cas.annee}" in obtenu["texte"]
    if "echelon" in attendu:
        assert obtenu["echelon"] == (attendu["echelon"] or "aucun")
    if attendu.get("echelon", "") is None:
        assert "Pas de bourse" in obtenu["carte"]
        baisse = attendu.get("marges", {}).get("baisse_necessaire")
        if baisse is not None:
            assert obtenu["montants"]["baisse_necessaire"]["valeur"] == pytest.approx(baisse)
        return
    for champ in MONTANTS:
        if champ not in attendu:
            continue
        affiche = obtenu["montants"].get(champ)
        if champ in MONTANTS_SUR_12_MOIS and affiche is None:
            continue  # la carte ne dit le montant sur 12 mois que s'il peut s'appliquer
        assert affiche is not None, f"{champ} n'est pas affiché"
        assert affiche["valeur"] == pytest.approx(attendu[champ], abs=0.005), champ
        assert espaces(affiche["texte"]) == espaces(euros(attendu[champ])), champ


def test_le_resultat_explique_le_calcul(onglet_pret: Any) -> None:
    saisir(onglet_pret, SITUATION_D_EXEMPLE)
    obtenu = estimer(onglet_pret)
    texte = espaces(obtenu["texte"])
    region = onglet_pret.locator("#resultat")
    assert obtenu["echelon"] == "3"
    assert "Estimation indicative : seule la décision du Crous fait foi" in texte
    assert "Domicile familial à 40 km : de 30 à 249 km 1 point" in texte
    assert "Total 3 points" in texte
    # Les marges en clair.
    assert "peut augmenter de 728 €" in texte
    assert "plus bas de 2 230 €, vous passeriez à l'échelon 4" in texte
    # Chaque étape suivie du titre de son texte, en lien quand le barème en donne un.
    assert region.locator(".etapes li").count() >= 5
    assert region.locator(".etapes .source a[href^='https://']").count() >= 1
    # Le graphique des plafonds de la ligne, accessible, avec son équivalent texte.
    svg = region.locator("svg[role='img']")
    assert svg.count() == 1
    assert svg.locator("rect.barre").count() == 8
    assert svg.locator("line.revenu").count() == 1
    assert "22 716 €" in espaces(region.locator("figure details").text_content())
    # La même situation, chaque année.
    annees = sorted({c.annee for c in CAS})
    lignes = region.locator("table.comparaison tbody tr")
    assert lignes.count() >= len(annees)
    assert region.locator("table.comparaison tr.choisie").get_attribute("data-annee") == (
        "2025-2026"
    )
    # Exonérations, bourse sur 12 mois et démarche : des liens vers les pages du site.
    assert "droits d'inscription" in texte and "CVEC" in texte
    for lien in ("../montants/#douze-mois", "../aides-liees/", "../demande-et-calendrier/"):
        assert region.locator(f"a[href^='{lien}']").count() >= 1, lien
    assert "13 mars 2025" in texte and "31 mai 2025" in texte  # dépôt du dossier, 2025-2026


def test_l_aide_du_revenu_suit_l_annee_choisie(onglet_pret: Any) -> None:
    aide = onglet_pret.locator("#aide-revenu_brut_global")
    onglet_pret.select_option("#annee_universitaire", "2025-2026")
    assert "avis d'imposition 2024 sur les revenus 2023" in espaces(aide.inner_text())
    onglet_pret.select_option("#annee_universitaire", "2019-2020")
    assert "avis d'imposition 2018 sur les revenus 2017" in espaces(aide.inner_text())
    assert "revenu fiscal de référence" in aide.inner_text()


# --- 2. Lecture du revenu (par le calculateur Python) -----------------------------------------


@pytest.mark.parametrize("revenu", ["21988", "21 988", "21 988 €", "21.988", "21,988", "21 988,00"])
def test_chaque_ecriture_du_revenu_donne_le_meme_resultat(onglet_pret: Any, revenu: str) -> None:
    saisir(onglet_pret, SITUATION_D_EXEMPLE, revenu=revenu)
    obtenu = estimer(onglet_pret)
    assert obtenu["echelon"] == "3"
    assert obtenu["montants"]["montant_annuel"]["valeur"] == 3828
    assert onglet_pret.input_value("#revenu_brut_global") == revenu


@pytest.mark.parametrize("revenu", ["douze mille", "", "   "], ids=["texte", "vide", "espaces"])
def test_un_revenu_illisible_ou_vide_est_une_erreur_du_champ(onglet_pret: Any, revenu: str) -> None:
    saisir(onglet_pret, SITUATION_D_EXEMPLE)
    estimer(onglet_pret)  # un résultat précédent, qui doit disparaître
    saisir(onglet_pret, SITUATION_D_EXEMPLE, revenu=revenu)
    onglet_pret.click("#estimer")
    erreur = onglet_pret.locator("#erreur-revenu_brut_global")
    erreur.wait_for(state="visible", timeout=ATTENTE)
    champ = onglet_pret.locator("#revenu_brut_global")
    assert champ.get_attribute("aria-invalid") == "true"
    assert "erreur-revenu_brut_global" in champ.get_attribute("aria-describedby").split()
    if revenu.strip():
        assert "douze mille" in erreur.inner_text()
    else:
        assert "Indiquez le revenu brut global" in erreur.inner_text()
    # Le résumé, annoncé, a le focus et mène au champ.
    resume = onglet_pret.locator("#erreurs .resume-erreurs")
    assert resume.is_visible()
    assert onglet_pret.evaluate(
        "document.activeElement === document.querySelector('#erreurs .resume-erreurs')"
    )
    resume.locator("a[href='#revenu_brut_global']").click()
    assert onglet_pret.evaluate("document.activeElement.id") == "revenu_brut_global"
    # Aucun résultat, jamais une estimation à 0.
    assert onglet_pret.get_attribute("#resultat", "data-echelon") is None
    assert onglet_pret.locator("#resultat").inner_text().strip() == ""


def test_un_champ_vide_n_est_jamais_compte_comme_zero(onglet_pret: Any) -> None:
    saisir(onglet_pret, SITUATION_D_EXEMPLE)
    onglet_pret.fill("#distance_km", "")
    onglet_pret.select_option("#tranche_distance", "")
    onglet_pret.fill("#enfants_a_charge", "")
    onglet_pret.click("#estimer")
    onglet_pret.locator("#erreur-distance_km").wait_for(state="visible")
    assert onglet_pret.locator("#erreur-enfants_a_charge").is_visible()
    assert onglet_pret.locator("#erreurs li").count() == 2
    assert onglet_pret.get_attribute("#resultat", "data-echelon") is None


def test_une_tranche_de_distance_suffit_et_revient_comme_tranche(
    onglet_pret: Any, nouvel_onglet, serveur: Serveur
) -> None:
    saisir(onglet_pret, SITUATION_D_EXEMPLE)
    onglet_pret.fill("#distance_km", "")
    onglet_pret.select_option("#tranche_distance", label="de 30 à 249 km")
    obtenu = estimer(onglet_pret)
    assert obtenu["echelon"] == "3"
    assert "de 30 à 249 km 1 point" in espaces(obtenu["texte"])
    # Le lien rouvert ailleurs : la tranche choisie, et non « 30 » dans le champ des km.
    autre = nouvel_onglet()
    autre.goto(onglet_pret.url)
    autre.wait_for_selector('#resultat[data-echelon="3"]', timeout=ATTENTE)
    assert autre.input_value("#tranche_distance") == "30"
    assert autre.input_value("#distance_km") == ""


def test_une_erreur_du_calculateur_s_affiche_pres_de_son_champ(onglet_pret: Any) -> None:
    saisir(onglet_pret, {**SITUATION_D_EXEMPLE, "dont_etudiants_superieur": 2})
    onglet_pret.click("#estimer")
    erreur = onglet_pret.locator("#erreur-dont_etudiants_superieur")
    erreur.wait_for(state="visible", timeout=ATTENTE)
    assert "ne peut pas dépasser" in erreur.inner_text()
    assert onglet_pret.get_attribute("#resultat", "data-echelon") is None


# --- 3. Partage et historique --------------------------------------------------------------


def test_le_lien_de_partage_refait_la_meme_estimation_ailleurs(
    onglet_pret: Any, nouvel_onglet, serveur: Serveur
) -> None:
    situation = {**SITUATION_D_EXEMPLE, "annee_universitaire": "2023-2024", "handicap": True}
    saisir(onglet_pret, situation)
    avant = estimer(onglet_pret)
    assert onglet_pret.locator("#partager").inner_text() == "Partager cette estimation"
    adresse = onglet_pret.locator("#lien-partage").evaluate("a => a.href")
    morceaux = urlsplit(adresse)
    assert morceaux.query == "", "la situation ne doit jamais passer dans la requête"
    assert dict(parse_qsl(morceaux.fragment)) == {
        "annee_universitaire": "2023-2024",
        "revenu_brut_global": "21988",
        "distance_km": "40",
        "enfants_a_charge": "1",
        "dont_etudiants_superieur": "0",
        "handicap": "1",
        "aidant": "0",
    }
    assert onglet_pret.url == adresse, "l'adresse de la page suit l'estimation"

    autre = nouvel_onglet()
    erreurs: list[str] = []
    autre.on("pageerror", lambda e: erreurs.append(str(e)))
    autre.goto(adresse)
    autre.wait_for_selector("#resultat[data-echelon]", timeout=ATTENTE)  # sans clic
    apres = resultat_affiche(autre)
    assert apres["echelon"] == avant["echelon"]
    assert apres["montants"] == avant["montants"]
    assert autre.input_value("#revenu_brut_global") == "21988"
    assert autre.input_value("#annee_universitaire") == "2023-2024"
    assert autre.is_checked("#handicap") and not autre.is_checked("#aidant")
    assert not erreurs, erreurs


def test_retour_et_avance_restaurent_la_situation_et_le_resultat(onglet_pret: Any) -> None:
    saisir(onglet_pret, SITUATION_D_EXEMPLE)
    premier = estimer(onglet_pret)
    saisir(onglet_pret, {**SITUATION_D_EXEMPLE, "revenu_brut_global": 5000})
    second = estimer(onglet_pret)
    assert (premier["echelon"], second["echelon"]) == ("3", "6")

    onglet_pret.go_back()
    onglet_pret.wait_for_selector('#resultat[data-echelon="3"]', timeout=ATTENTE)
    assert onglet_pret.input_value("#revenu_brut_global") == "21988"
    assert resultat_affiche(onglet_pret)["montants"] == premier["montants"]

    onglet_pret.go_forward()
    onglet_pret.wait_for_selector('#resultat[data-echelon="6"]', timeout=ATTENTE)
    assert onglet_pret.input_value("#revenu_brut_global") == "5000"
    assert resultat_affiche(onglet_pret)["montants"] == second["montants"]


SITUATION_DU_LIEN = (
    "annee_universitaire=2025-2026&revenu_brut_global=21988&distance_km=40&enfants_a_charge=1"
    "&dont_etudiants_superieur=0"
)
LIENS_ILLISIBLES = {
    "revenu_brut_global": SITUATION_DU_LIEN.replace("21988", "douze"),
    "annee_universitaire": SITUATION_DU_LIEN.replace("2025-2026", "1999-2000"),
    "handicap": SITUATION_DU_LIEN + "&handicap=peut-etre",
    "enfants_a_charge": SITUATION_DU_LIEN.replace("enfants_a_charge=1", "enfants_a_charge=-1"),
}
"""Des liens complets dont une valeur est illisible : le champ qu'elle vise."""
LIENS_SANS_SITUATION = ["#%E0%A4%A=1", "#cle_inconnue=1", "#revenu_brut_global=21988"]


def test_un_lien_illisible_n_estime_rien_et_dit_pourquoi(nouvel_onglet, serveur: Serveur) -> None:
    """À l'ouverture de la page, puis par un changement du fragment dans la page ouverte :
    aucune estimation, l'avis du lien, et ce qui ne va pas près du champ visé."""
    onglet = nouvel_onglet()
    erreurs: list[str] = []
    onglet.on("pageerror", lambda e: erreurs.append(str(e)))
    avis = onglet.locator("#avis-lien")
    ouvrir(onglet, serveur)
    for champ, fragment in LIENS_ILLISIBLES.items():
        onglet.evaluate("() => { document.getElementById('avis-lien').textContent = ''; }")
        onglet.evaluate("(f) => { location.hash = f; }", fragment)
        avis.wait_for(state="visible", timeout=ATTENTE)
        assert "n'a pas pu être lu" in avis.inner_text(), fragment
        assert onglet.get_attribute("#resultat", "data-echelon") is None, fragment
        resume = onglet.locator("#erreurs .resume-erreurs")
        assert resume.locator(f"a[href='#{champ}']").count() == 1, fragment
    for fragment in LIENS_SANS_SITUATION:
        onglet.evaluate("() => { document.getElementById('avis-lien').textContent = ''; }")
        onglet.evaluate("(f) => { location.hash = f; }", fragment)
        avis.wait_for(state="visible", timeout=ATTENTE)
        assert "Ce lien est incomplet" in avis.inner_text(), fragment
        assert onglet.get_attribute("#resultat", "data-echelon") is None, fragment
    # Le formulaire reste utilisable.
    saisir(onglet, SITUATION_D_EXEMPLE)
    assert estimer(onglet)["echelon"] == "3"
    assert avis.inner_text() == "", "l'avis reste après une estimation réussie"
    assert not erreurs, erreurs


def test_les_parametres_de_suivi_d_un_lien_sont_ignores(nouvel_onglet, serveur: Serveur) -> None:
    onglet = nouvel_onglet()
    ouvrir(onglet, serveur, "#" + SITUATION_DU_LIEN + "&utm_source=messagerie&fbclid=abc")
    onglet.wait_for_selector('#resultat[data-echelon="3"]', timeout=ATTENTE)
    assert onglet.locator("#avis-lien").inner_text() == ""
    # Le lien de partage est celui que le calculateur réécrit : sans les paramètres de suivi.
    adresse = onglet.locator("#lien-partage").evaluate("a => a.href")
    assert urlsplit(adresse).fragment == SITUATION_DU_LIEN
    assert onglet.url == adresse, "l'adresse de la page aussi"
    # Une étape répondue ensuite repart de la situation du lien, sans ses paramètres de suivi.
    onglet.click("#etape-douze-mois .bascule")
    onglet.check("#versement-situation_maintien input[value=aucune]")
    onglet.click("#etape-douze-mois button[type=submit]")
    onglet.wait_for_selector('#reponse-etape-douze-mois[data-statut="10"]', timeout=ATTENTE)


# --- 4. Démarrage : avant « prêt », et sans WebAssembly -------------------------------------


def test_un_envoi_avant_le_demarrage_recoit_sa_reponse(nouvel_onglet, serveur: Serveur) -> None:
    onglet = nouvel_onglet()
    ouvrir(onglet, serveur)
    assert onglet.get_attribute("#etat-calculateur", "data-genre") != "pret", (
        "calculateur déjà prêt : le test ne vérifie plus l'envoi anticipé"
    )
    saisir(onglet, SITUATION_D_EXEMPLE)
    onglet.click("#estimer")
    if onglet.get_attribute("#etat-calculateur", "data-genre") != "pret":
        # Le message de chargement (octets reçus compris) rappelle l'estimation attendue.
        texte = onglet.locator("#etat-calculateur").inner_text()
        assert "Votre estimation s'affichera dès que le calculateur sera prêt." in texte, texte
    onglet.wait_for_selector('#resultat[data-echelon="3"]', timeout=ATTENTE)
    attendre_pret(onglet)
    assert "prêt" in onglet.locator("#etat-calculateur").inner_text()


OBSERVER_LE_WORKER = """(() => {
  const Origine = window.Worker;
  window.Worker = class extends Origine {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ({data}) => {
        if (data && data.etat === "pret") window.__workerPret = true;
      });
    }
  };
})();"""


def test_un_calculateur_pret_avant_le_module_de_la_page_est_bien_annonce(
    nouvel_onglet, serveur: Serveur
) -> None:
    """calculateur.mjs lance le worker sans attendre simulateur.mjs : ce que le worker annonce
    avant que la page l'écoute (ici, « prêt ») lui est rejoué."""
    onglet = nouvel_onglet()
    onglet.add_init_script(OBSERVER_LE_WORKER)
    retenues: list[Any] = []
    onglet.route("**/js/simulateur.mjs", lambda route: retenues.append(route))  # jusqu'à « prêt »
    onglet.goto(serveur.url(CHEMIN), wait_until="commit")
    onglet.wait_for_function("() => window.__workerPret === true", timeout=ATTENTE)
    assert retenues, "simulateur.mjs n'a pas été demandé"
    assert onglet.locator("#estimer").is_disabled(), "le module de la page tournait déjà"
    retenues[0].continue_()
    attendre_pret(onglet)
    saisir(onglet, SITUATION_D_EXEMPLE)
    onglet.click("#estimer")
    onglet.wait_for_selector('#resultat[data-echelon="3"]', timeout=ATTENTE)


def test_sans_webassembly_la_page_renvoie_a_la_methode_a_la_main(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = nouvel_onglet()
    onglet.add_init_script("delete globalThis.WebAssembly;")
    erreurs: list[str] = []
    onglet.on("pageerror", lambda e: erreurs.append(str(e)))
    onglet.goto(serveur.url(CHEMIN))
    etat = onglet.locator('#etat-calculateur[data-genre="echec"]')
    etat.wait_for()
    assert "ne peut pas fonctionner sur ce navigateur" in etat.inner_text()
    assert etat.locator("a[href='#a-la-main']").count() == 1
    assert onglet.locator("#simulateur").is_hidden()
    assert onglet.locator("#formulaire-echelon").is_hidden()
    assert onglet.locator("#depuis-echelon-sans-js a[href$='montants/']").is_visible()
    assert onglet.locator("#a-la-main").is_visible()
    assert onglet.locator("table.plafonds").is_visible()
    assert not erreurs, erreurs


def test_sans_javascript_le_formulaire_cede_la_place_a_la_methode_a_la_main(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = nouvel_onglet(java_script_enabled=False)
    onglet.goto(serveur.url(CHEMIN))
    assert onglet.locator("#simulateur").is_hidden()
    assert onglet.locator("#etat-calculateur").is_hidden()
    avis = onglet.locator(".etat.sans-js-seulement")
    assert avis.is_visible()
    assert avis.locator("a[href='#a-la-main']").count() == 1
    assert onglet.locator("table.plafonds").is_visible()


TELEPHONE = {"is_mobile": True, "has_touch": True}


@pytest.mark.parametrize(
    "ecran",
    [
        {"viewport": {"width": 360, "height": 740}, **TELEPHONE},
        # Le téléphone du préréglage mobile de Lighthouse (Moto G Power).
        {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, **TELEPHONE},
        {"viewport": {"width": 1350, "height": 940}},
    ],
    ids=["telephone-360", "telephone-lighthouse", "ordinateur"],
)
def test_rien_ne_bouge_quand_le_module_et_le_calculateur_demarrent(
    nouvel_onglet, serveur: Serveur, ecran: dict[str, Any]
) -> None:
    """Le formulaire est là dès le premier affichage, tel que le module le laisse (année
    proposée, note du barème provisoire, années de l'avis) : ni le démarrage du module, ni
    celui du calculateur ne décalent la page (CLS).

    Tout décalage compte : le test ne saisit rien, et Chromium marque à tort « après une
    saisie » (`hadRecentInput`) ceux d'une page émulée en téléphone."""
    onglet = nouvel_onglet(**ecran)
    onglet.add_init_script(
        """window.__decalage = 0;
        new PerformanceObserver((liste) => {
          for (const e of liste.getEntries()) window.__decalage += e.value;
        }).observe({ type: "layout-shift", buffered: true });"""
    )
    ouvrir(onglet, serveur)
    attendre_pret(onglet)
    onglet.wait_for_timeout(300)
    decalage = onglet.evaluate("window.__decalage")
    assert decalage == 0, f"la page bouge au démarrage (CLS {decalage:.4f})"


# --- 5. Rien ne part ailleurs ----------------------------------------------------------------


def test_aucune_requete_vers_un_autre_site_pendant_une_session(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = nouvel_onglet()
    requetes: list[str] = []
    echecs: list[str] = []
    onglet.context.on("request", lambda r: requetes.append(r.url))
    onglet.context.on(
        "response", lambda r: r.status >= 400 and echecs.append(f"{r.url} ({r.status})")
    )
    onglet.context.on("requestfailed", lambda r: echecs.append(f"{r.url} ({r.failure})"))
    ouvrir(onglet, serveur)
    saisir(onglet, SITUATION_D_EXEMPLE)
    estimer(onglet)
    saisir(onglet, {**SITUATION_D_EXEMPLE, "annee_universitaire": "2021-2022"})
    estimer(onglet)
    adresse = onglet.locator("#lien-partage").evaluate("a => a.href")
    partage = onglet.context.new_page()  # même contexte : ses requêtes sont écoutées aussi
    partage.goto(adresse)
    partage.wait_for_selector("#resultat[data-echelon]", timeout=ATTENTE)
    partage.wait_for_load_state("networkidle")

    ailleurs = serveur.hors_du_site(requetes)
    assert not ailleurs, "requêtes vers un autre site :\n" + "\n".join(ailleurs)
    assert not echecs, "ressources en échec :\n" + "\n".join(echecs)
    situation = [u for u in requetes if "21988" in u or "revenu_brut_global" in u]
    assert not situation, "la situation est partie dans une requête :\n" + "\n".join(situation)


# --- 6. Accessibilité -----------------------------------------------------------------------


def violations_axe(onglet: Any) -> list[dict[str, Any]]:
    resultats = Axe().run(
        onglet,
        options={"runOnly": {"type": "tag", "values": REGLES_AXE}, "resultTypes": ["violations"]},
    )
    return resultats.response["violations"]


def test_aucune_violation_axe_avant_et_apres_un_resultat_clair_et_sombre(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = nouvel_onglet(bypass_csp=True)
    ouvrir(onglet, serveur)
    attendre_pret(onglet)
    problemes = []

    def verifier(moment: str) -> None:
        for theme, nom in (("light", "clair"), ("dark", "sombre")):
            onglet.emulate_media(color_scheme=theme)
            violations = violations_axe(onglet)
            if violations:
                problemes.append(f"{moment}, thème {nom} :\n" + rapport_axe(violations))

    verifier("avant le résultat")
    saisir(onglet, SITUATION_D_EXEMPLE)
    estimer(onglet)
    onglet.click("#resultat summary")  # les valeurs du graphique, dépliées
    verifier("avec un résultat")
    saisir(onglet, {**SITUATION_D_EXEMPLE, "revenu_brut_global": 99_000})
    assert estimer(onglet)["echelon"] == "aucun"
    verifier("sans bourse")
    saisir(onglet, SITUATION_D_EXEMPLE, revenu="")
    onglet.click("#estimer")
    onglet.locator("#erreurs .resume-erreurs").wait_for()
    verifier("avec une erreur")
    assert not problemes, "\n".join(problemes)


def test_cibles_tactiles_d_au_moins_44_pixels(nouvel_onglet, serveur: Serveur) -> None:
    onglet = nouvel_onglet(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    ouvrir(onglet, serveur)
    petits = cibles_trop_petites(
        onglet, "#simulateur input, #simulateur select, #simulateur button"
    )
    assert not petits, petits
    largeur = onglet.evaluate("document.documentElement.scrollWidth")
    assert largeur <= 360


def test_aucun_chiffre_du_bareme_n_est_ecrit_dans_le_module() -> None:
    """Les chiffres viennent du calculateur et des barèmes : le module de la page n'en écrit
    aucun (plafonds, taux, paliers d'éloignement)."""
    module = (projet.DOSSIER_STATIQUE / "js" / "simulateur.mjs").read_text(encoding="utf-8")
    for nombre in ("22716", "3828", "35086", "250", "3500", "13000"):
        assert not re.search(rf"\b{nombre}\b", module), nombre


def test_aucun_module_de_la_page_ne_liste_les_echelons_ni_n_ecrit_de_phrase_du_resultat() -> None:
    """L'ordre des échelons, les montants et les dates écrits en français viennent de la réponse
    du calculateur (`presentation`) : aucun module de la page ne les connaît."""
    for module in sorted(projet.DOSSIER_SITE.rglob("*.*js")):
        texte = module.read_text(encoding="utf-8")
        for motif in (r"""["']0bis["']""", r"\bIntl\.NumberFormat\b", r"\bjanvier\b", r"\bÉch\. "):
            assert not re.search(motif, texte), f"{module.name} : {motif}"
