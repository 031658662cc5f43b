"""Le contrat de `python -m calculator` : entrées, sorties, erreurs et statuts de sortie."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ligne_de_commande import lancer

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = {
    "annee_universitaire": "2025-2026",
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}


def test_une_situation_donne_un_resultat_complet():
    code, sortie, erreurs = lancer(json.dumps(EXEMPLE))
    assert code == 0, erreurs
    resultat = json.loads(sortie)
    # 1 (40 km) + 2 (un autre enfant à charge) = 3 points ; 19 758 < 21 988 ≤ 22 716 : échelon 3.
    assert resultat["annee_universitaire"] == "2025-2026"
    assert resultat["points_de_charge"] == 3
    assert resultat["echelon"] == "3"
    assert resultat["plafond"] == 22716
    assert resultat["montant_annuel"] == 3828
    assert resultat["montant_mensuel"] == 382.8
    assert resultat["montant_annuel_12_mois"] == 4594
    assert resultat["marges"] == {
        "hausse_possible": 728,  # 22 716 − 21 988
        "echelon_superieur": "4",
        "baisse_necessaire": 2230,  # 21 988 − 19 758
    }
    assert [e["points"] for e in resultat["detail_points_de_charge"]] == [1, 2, 0]
    references = [e["reference"] for e in resultat["explication"]]
    assert references[-2:] == ["arrete_plafonds", "arrete_taux"]
    assert erreurs == ""


def test_l_annee_par_defaut_est_la_plus_recente_des_donnees():
    plus_recente = max(p.stem for p in (RACINE / "barèmes").glob("*.yaml"))
    sans_annee = {k: v for k, v in EXEMPLE.items() if k != "annee_universitaire"}
    code, sortie, _ = lancer(json.dumps(sans_annee))
    assert code == 0
    assert json.loads(sortie)["annee_universitaire"] == plus_recente


def test_pas_de_bourse_donne_echelon_null_et_montant_zero():
    code, sortie, _ = lancer(json.dumps({**EXEMPLE, "revenu_brut_global": 60000}))
    resultat = json.loads(sortie)
    assert code == 0
    assert resultat["echelon"] is None
    assert resultat["plafond"] is None
    assert resultat["montant_annuel"] == 0
    assert resultat["marges"]["baisse_necessaire"] == 60000 - 46767


@pytest.mark.parametrize(
    ("entree", "champ", "extrait"),
    [
        ({k: v for k, v in EXEMPLE.items() if k != "distance_km"}, "distance_km", "obligatoire"),
        ({**EXEMPLE, "revenu": 3}, "revenu", "Champ inconnu « revenu »"),
        ({**EXEMPLE, "revenu_brut_global": "21988"}, "revenu_brut_global", "par un nombre"),
        ({**EXEMPLE, "revenu_brut_global": -1}, "revenu_brut_global", "négatif"),
        ({**EXEMPLE, "revenu_brut_global": 1e12}, "revenu_brut_global", "invraisemblable"),
        ({**EXEMPLE, "distance_km": 50000}, "distance_km", "invraisemblable"),
        ({**EXEMPLE, "enfants_a_charge": 1.5}, "enfants_a_charge", "nombre entier"),
        ({**EXEMPLE, "dont_etudiants_superieur": 2}, "dont_etudiants_superieur", "dépasser"),
        ({**EXEMPLE, "handicap": 1}, "handicap", "true (oui) ou false (non)"),
        ({**EXEMPLE, "annee_universitaire": "2030-2031"}, "annee_universitaire", "inconnue"),
    ],
)
def test_une_entree_invalide_donne_le_statut_2_et_un_message_qui_nomme_le_champ(
    entree, champ, extrait
):
    code, sortie, erreurs = lancer(json.dumps(entree))
    assert code == 2
    objet = json.loads(sortie)
    assert list(objet) == ["erreurs"]
    assert any(e["champ"] == champ and extrait in e["message"] for e in objet["erreurs"])
    assert "Traceback" not in erreurs


@pytest.mark.parametrize("texte", ["", "{", "[1, 2]", "NaN"])
def test_un_json_illisible_donne_le_statut_2_sans_trace(texte):
    code, sortie, erreurs = lancer(texte)
    assert code == 2
    assert json.loads(sortie)["erreurs"][0]["champ"] is None
    assert erreurs == ""


def test_jsonl_une_ligne_par_situation_dans_l_ordre_et_statut_2_si_une_est_invalide():
    lignes = [
        json.dumps({**EXEMPLE, "revenu_brut_global": 0}),
        "pas du json",
        json.dumps({**EXEMPLE, "revenu_brut_global": 60000}),
    ]
    code, sortie, _ = lancer("\n".join(lignes) + "\n", "--jsonl")
    resultats = [json.loads(ligne) for ligne in sortie.splitlines()]
    assert code == 2
    assert len(resultats) == 3
    assert resultats[0]["echelon"] == "7"
    assert "erreurs" in resultats[1]
    assert resultats[2]["echelon"] is None


def test_jsonl_tout_valide_donne_le_statut_0():
    code, sortie, _ = lancer(json.dumps(EXEMPLE) + "\n" + json.dumps(EXEMPLE) + "\n", "--jsonl")
    assert code == 0
    assert len(sortie.splitlines()) == 2
