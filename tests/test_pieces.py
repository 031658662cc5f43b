"""Les pièces à préparer pour le DSE (calculator/pieces.py) : propriétés de la liste, quelle que
soit la situation tirée ; les cas nommés sont dans tests/cas_situations/pieces.yaml."""

from __future__ import annotations

from hypothesis import given

import calculator
from calculator.bareme import FIABILITES
from calculator.pieces import A_VERIFIER_AUPRES_DU_CROUS, PIECES
from tests.test_blocs import EXEMPLE
from tests.test_proprietes_blocs import BAREMES, estimer, situations


@given(situations())
def test_chaque_piece_dit_quoi_pourquoi_d_apres_quoi_et_avec_quelle_certitude(entree):
    pieces = estimer(entree)["pieces_a_fournir"]
    codes = [p["code"] for p in pieces]
    assert len(codes) == len(set(codes)), "une pièce en double"
    assert codes == [c for c in PIECES if c in codes], "l'ordre de la table"
    for p in pieces:
        assert p["piece"] and p["raison"] and p["source"]["titre"]
        assert p["fiabilite"] in FIABILITES
        # une pièce sans source le dit, et seulement elle
        inconnue = p["fiabilite"] == "inconnu"
        assert inconnue == (A_VERIFIER_AUPRES_DU_CROUS in p["raison"])
        assert inconnue == (p["source"]["lien"] is None)


@given(situations())
def test_hors_refus_la_liste_a_les_justificatifs_de_scolarite_et_un_avis_fiscal(entree):
    resultat = estimer(entree)
    codes = [p["code"] for p in resultat["pieces_a_fournir"]]
    if resultat["eligibilite"]["statut"] == "non remplie":
        assert codes == []
    else:
        assert "justificatifs_de_scolarite" in codes
        assert any(c.startswith(("avis_fiscal", "jugement")) for c in codes)


@given(situations())
def test_le_handicap_et_les_freres_et_soeurs_etudiants_ont_leur_piece(entree):
    resultat = estimer(entree)
    codes = {p["code"] for p in resultat["pieces_a_fournir"]}
    if resultat["eligibilite"]["statut"] != "non remplie":
        assert ("notification_cdaph" in codes) == bool(entree["handicap"])
        assert ("scolarite_des_freres_et_soeurs" in codes) == (
            entree["dont_etudiants_superieur"] > 0
        )


def test_sans_bloc_facultatif_le_resultat_n_a_pas_de_liste_de_pieces():
    _, sans_bloc = calculator.calculer(EXEMPLE, BAREMES)
    _, bloc_nul = calculator.calculer({**EXEMPLE, "eligibilite": None}, BAREMES)
    _, avec_bloc = calculator.calculer({**EXEMPLE, "eligibilite": {}}, BAREMES)
    assert "pieces_a_fournir" not in sans_bloc and "pieces_a_fournir" not in bloc_nul
    assert "pieces_a_fournir" in avec_bloc


def test_chaque_piece_de_la_table_a_sa_source_et_une_certitude_connue():
    for code, piece in PIECES.items():
        assert piece.fiabilite in FIABILITES, code
        assert piece.raison.endswith("."), code
        assert (piece.source["lien"] is None) == (piece.fiabilite == "inconnu"), code


def test_la_presentation_redit_chaque_piece_et_marque_celles_a_verifier():
    orphelin = {**EXEMPLE, "ressources": {"orphelin_des_deux_parents": True}}
    _, resultat = calculator.calculer(orphelin, BAREMES, presentation=True)
    p = resultat["presentation"]["pieces"]
    assert p["titre"] == "Les pièces à préparer pour votre dossier (DSE)"
    assert [x["code"] for x in p["pieces"]] == [x["code"] for x in resultat["pieces_a_fournir"]]
    marques = {x["code"]: x["a_verifier"] for x in p["pieces"]}
    assert marques["justificatif_orphelin"] == A_VERIFIER_AUPRES_DU_CROUS
    assert marques["justificatifs_de_scolarite"] is None
    assert all(x["source"]["renvoi"] == "Source : " for x in p["pieces"])


def test_sans_liste_ou_apres_un_refus_la_presentation_n_a_pas_de_pieces():
    refus = {
        **EXEMPLE,
        "eligibilite": {
            "premiere_demande": True,
            "age_au_1er_septembre": 40,
            "enfants_eleves": 0,
            "service_civique_ou_volontariat_mois": 0,
        },
    }
    for entree in (EXEMPLE, refus):
        _, resultat = calculator.calculer(entree, BAREMES, presentation=True)
        assert resultat["presentation"]["pieces"] is None
