"""Les pièces à préparer pour le dossier social étudiant (DSE), sur le téléphone de 360 px :
après une estimation, la section `#pieces` montre ce que le calculateur a écrit
(`presentation.pieces`) avant « Le calcul pas à pas », et suit les étapes répondues. Le papier
est vérifié dans test_impression.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .test_etapes import repondre
from .test_simulateur import espaces, estimer_l_exemple
from .test_telephone import TELEPHONE

if TYPE_CHECKING:
    from .conftest import Serveur

pytestmark = pytest.mark.navigateur

PIECES = """() => [...document.querySelectorAll('#pieces li')].map((li) => ({
  code: li.dataset.piece,
  piece: li.querySelector('.piece').textContent,
  lien: li.querySelector('.source a')?.getAttribute('href') ?? null,
  marque: li.querySelector('.marque-a-verifier')?.textContent ?? null,
}))"""

TITRE_SUIVANT = """() => {
  let el = document.querySelector('#pieces').nextElementSibling;
  while (el && el.tagName !== 'H3') el = el.nextElementSibling;
  return el ? el.textContent : null;
}"""


def test_apres_une_estimation_les_pieces_sont_visibles_avant_le_calcul(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = nouvel_onglet(**TELEPHONE)
    estimer_l_exemple(onglet, serveur)
    section = onglet.locator("#pieces")
    assert section.is_visible()
    texte = espaces(section.inner_text())
    assert "Les pièces à préparer pour votre dossier (DSE)" in texte
    pieces = onglet.evaluate(PIECES)
    codes = [p["code"] for p in pieces]
    # rien n'est dit des parents : l'avis des parents, son propre avis s'il en a un, la scolarité
    assert codes == [
        "avis_fiscal_des_parents",
        "avis_fiscal_personnel",
        "justificatifs_de_scolarite",
    ]
    assert pieces[0]["piece"] == "L'avis fiscal de vos parents (ou de votre tuteur légal)"
    assert all(p["lien"] and p["lien"].startswith("https://") for p in pieces)
    assert all(p["marque"] is None for p in pieces), "aucune pièce sans source ici"
    assert onglet.evaluate(TITRE_SUIVANT) == "Le calcul pas à pas"
    assert onglet.evaluate("document.documentElement.scrollWidth") <= 360


def test_une_etape_repondue_change_la_liste_et_marque_ce_qui_est_a_verifier(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = nouvel_onglet(**TELEPHONE)
    estimer_l_exemple(onglet, serveur)
    repondre(onglet, "revenus", {"ressources.situation_des_parents": "vivent_ensemble"})
    onglet.wait_for_function(
        "() => document.querySelector('#pieces li')?.dataset.piece"
        " === 'avis_fiscal_commun_des_parents'"
    )
    repondre(onglet, "revenus", {"ressources.orphelin_des_deux_parents": True})
    onglet.wait_for_function(
        "() => !!document.querySelector('#pieces li[data-piece=\"justificatif_orphelin\"]')"
    )
    orphelin = next(p for p in onglet.evaluate(PIECES) if p["code"] == "justificatif_orphelin")
    assert orphelin["marque"] == "à vérifier auprès du Crous"
    assert orphelin["lien"] is None
    assert onglet.locator('#pieces li[data-piece="justificatif_orphelin"]').is_visible()
