"""Le résultat imprimé (ou enregistré en PDF), sur le papier qu'un étudiant garde ou montre au
Crous : une page propre, sans navigation ni bouton, avec la situation telle qu'indiquée,
l'échelon, les montants, les points de charge, les conditions répondues et leur statut, les
sources et la date des données, les pièces à préparer pour le dossier, et le lien de partage
écrit en toutes lettres.

Le téléphone de 360 px estime, puis la page passe en média « print » (ce que fait
« Imprimer ou enregistrer en PDF »), en clair et en thème sombre.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

from .test_etapes import repondre
from .test_simulateur import espaces, estimer_l_exemple
from .test_telephone import TELEPHONE

if TYPE_CHECKING:
    from .conftest import Serveur

pytestmark = pytest.mark.navigateur

VISIBLES = """(selecteur) => [...document.querySelectorAll(selecteur)]
  .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
  .map((el) => el.id || el.className || el.tagName)"""


def visibles(onglet: Any, selecteur: str) -> list[str]:
    """Les éléments de ce sélecteur qui occupent de la place dans la page rendue."""
    return onglet.evaluate(VISIBLES, selecteur)


def texte_visible(onglet: Any, selecteur: str) -> str:
    return espaces(onglet.locator(selecteur).inner_text())


@pytest.fixture(scope="module")
def imprime(navigateur: Any, serveur: Serveur) -> Any:
    """Un téléphone qui a estimé la situation d'exemple (2025-2026 : échelon 3) et répondu à
    l'étape des revenus, puis passé en média « print »."""
    contexte = navigateur.new_context(**TELEPHONE)
    onglet = contexte.new_page()
    estimer_l_exemple(onglet, serveur)
    repondre(onglet, "revenus", {"ressources.situation_des_parents": "vivent_ensemble"})
    onglet.emulate_media(media="print")
    yield onglet
    contexte.close()


def test_a_l_ecran_le_recapitulatif_est_cache_et_le_bouton_imprime(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = nouvel_onglet(**TELEPHONE)
    estimer_l_exemple(onglet, serveur)
    assert visibles(onglet, ".recapitulatif, #adresse-partage") == [], "papier seulement"
    bouton = onglet.locator("#imprimer")
    assert bouton.inner_text() == "Imprimer ou enregistrer en PDF"
    # (un texte qui vaut une fonction serait appelé par evaluate : l'affectation est enrobée)
    onglet.evaluate(
        "() => { window.print = () => { window.imprime = (window.imprime ?? 0) + 1; }; }"
    )
    bouton.click()
    assert onglet.evaluate("window.imprime") == 1, "le bouton ouvre l'impression du navigateur"


def test_sur_le_papier_ni_navigation_ni_formulaire_ni_bouton(imprime: Any) -> None:
    assert visibles(imprime, ".entete nav, .pied nav, .evitement, .sommaire") == []
    assert visibles(imprime, "#simulateur, #etat-calculateur, #depuis-echelon") == []
    # Le corps de la page (méthode à la main, tableau des plafonds) n'est pas le résultat.
    assert visibles(imprime, "#a-la-main") == []
    boutons = imprime.evaluate(
        """() => [...document.querySelectorAll('button, input, select')]
          .filter((el) => el.getClientRects().length > 0 && !el.classList.contains('bascule'))
          .map((el) => el.id || el.textContent)"""
    )
    assert boutons == [], f"boutons ou champs sur le papier : {boutons}"
    # Les titres des étapes répondues restent, comme du texte : rien n'y ressemble à un bouton.
    bordure = imprime.evaluate(
        "getComputedStyle(document.querySelector('#etape-revenus .bascule')).borderTopWidth"
    )
    assert bordure == "0px"


def test_le_papier_dit_la_situation_telle_qu_indiquee(imprime: Any) -> None:
    recap = texte_visible(imprime, ".recapitulatif")
    # 21 988 € : revenu tapé « 21988 », avis 2024 (revenus 2023) pour 2025-2026.
    assert "Revenu brut global du foyer fiscal 21 988 € (avis d'imposition 2024, revenus 2023)" in (
        recap
    )
    assert "Distance entre le domicile familial et le lieu d'études 40 km" in recap
    assert "Autres enfants à charge du foyer fiscal, sans vous compter 1" in recap
    # La réponse de l'étape des revenus, dans les mots du formulaire.
    assert "Vos parents Vivent ensemble (mariés, pacsés ou en union libre)" in recap


def test_le_papier_porte_l_echelon_les_montants_et_les_points(imprime: Any) -> None:
    carte = texte_visible(imprime, ".carte-echelon")
    # 2025-2026, 21 988 € et 3 points : échelon 3, 382,80 € par mois.
    assert "Échelon 3" in carte
    assert "382,80 €" in carte
    points = texte_visible(imprime, ".points-de-charge")
    assert "Total 3 points" in points


def test_le_papier_porte_les_conditions_repondues_et_leur_statut(imprime: Any) -> None:
    assert "etape-revenus" in visibles(imprime, ".etape"), "l'étape répondue est imprimée"
    assert "etape-aides" not in visibles(imprime, ".etape"), "une étape sans réponse ne l'est pas"
    reponse = texte_visible(imprime, "#reponse-etape-revenus")
    assert "avis d'imposition 2024 (revenus 2023) de vos parents" in reponse
    assert visibles(imprime, "#etape-revenus .formulaire-etape") == []
    # Le chemin de décision redirait les réponses, déjà dans « Votre situation ».
    assert visibles(imprime, "#etape-revenus .chemin") == []


def test_le_papier_porte_les_sources_la_date_des_donnees_et_le_lien(imprime: Any) -> None:
    sources = imprime.evaluate(
        """() => [...document.querySelectorAll('#resultat .etapes .source a[href^="http"]')]
          .map((a) => getComputedStyle(a, '::after').content)"""
    )
    assert sources and all("https://" in s for s in sources), "l'adresse de chaque source écrite"
    donnees = texte_visible(imprime, ".donnees-du-bareme")
    assert "Barème 2025-2026 : textes relus par Échelon, dernière vérification le" in donnees
    adresse = texte_visible(imprime, "#adresse-partage")
    lien = imprime.locator("#lien-partage").get_attribute("href")
    assert adresse == lien and "#" in adresse and "revenu_brut_global=21988" in adresse


def test_le_papier_porte_les_pieces_a_preparer_et_leurs_sources(imprime: Any) -> None:
    assert visibles(imprime, "#pieces") == ["pieces"], "la section des pièces est imprimée"
    pieces = texte_visible(imprime, "#pieces")
    assert "Les pièces à préparer pour votre dossier (DSE)" in pieces
    # l'étape des revenus répondue (parents qui vivent ensemble) : leur avis commun
    assert "L'avis fiscal de vos parents" in pieces
    assert "un seul avis, commun, s'ils sont mariés ou pacsés" in pieces
    assert "Vos justificatifs de scolarité" in pieces
    sources = imprime.evaluate(
        """() => [...document.querySelectorAll('#pieces .source a[href^="http"]')]
          .map((a) => getComputedStyle(a, '::after').content)"""
    )
    assert sources and all("https://" in s for s in sources), "l'adresse de chaque source écrite"


def test_le_papier_est_encre_foncee_sur_blanc_meme_en_theme_sombre(imprime: Any) -> None:
    imprime.emulate_media(media="print", color_scheme="dark")
    try:
        couleurs = imprime.evaluate(
            """() => [document.body, document.querySelector('.carte-echelon')]
              .map((el) => getComputedStyle(el).color)"""
        )
    finally:
        imprime.emulate_media(media="print", color_scheme="light")
    assert couleurs == ["rgb(0, 0, 0)", "rgb(0, 0, 0)"]


def test_le_resultat_imprime_tient_sur_une_page_a4(imprime: Any) -> None:
    # La situation d'exemple et une étape répondue : une seule feuille à garder ou à montrer.
    pdf = imprime.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"{pages} pages"


def test_sur_le_papier_aucun_contour_de_focus(imprime: Any) -> None:
    # La réponse d'une étape reçoit le focus à l'écran : son contour ne doit pas s'imprimer.
    imprime.focus("#reponse-etape-revenus")
    contour = imprime.evaluate(
        "() => getComputedStyle(document.querySelector('#reponse-etape-revenus')).outlineStyle"
    )
    assert contour == "none"
