"""Les blocs facultatifs de l'interface JSON et l'entrée « montant depuis un échelon connu » :
erreurs en français qui nomment « bloc.cle », sortie inchangée sans bloc, ligne de commande et
fonctions du navigateur."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import calculator
from calculator import navigateur
from calculator.blocs import BLOCS, lire_complements
from calculator.interface import MODULES_CHARGES_A_LA_DEMANDE
from calculator.situation import BLOCS_FACULTATIFS
from tests.cas_de_test import CAS
from tests.ligne_de_commande import lancer

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = {
    "annee_universitaire": "2025-2026",
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}


def test_les_blocs_lus_sont_ceux_que_la_situation_accepte():
    assert tuple(BLOCS) == BLOCS_FACULTATIFS


@pytest.mark.parametrize("cas", CAS[::7], ids=lambda c: f"{c.annee} · {c.nom}")
def test_un_bloc_null_ne_change_rien_au_resultat(cas, baremes):
    _, sans = calculator.calculer(cas.entree, baremes)
    _, avec = calculator.calculer({**cas.entree, **dict.fromkeys(BLOCS)}, baremes)
    assert avec == sans
    valide, texte = calculator.calculer_json(json.dumps({**cas.entree, "aides": None}), baremes)
    assert valide and json.loads(texte) == sans


def test_les_blocs_s_ajoutent_apres_les_cles_habituelles_sans_les_changer(baremes):
    _, sans = calculator.calculer(EXEMPLE, baremes)
    entree = {
        **EXEMPLE,
        "aides": {},
        "outre_mer": {"lieu_des_etudes": "guyane"},
        "versement": {"situation_maintien": "aucune"},
        "ressources": {},
        "eligibilite": {},
    }
    _, avec = calculator.calculer(entree, baremes)
    assert list(avec)[: len(sans)] == list(sans)
    assert {cle: avec[cle] for cle in sans} == sans
    # Ordre fixe des blocs de sortie, quel que soit l'ordre des blocs d'entrée.
    assert list(avec)[len(sans) :] == [
        "eligibilite",
        "ressources",
        "versement",
        "outre_mer",
        "aides",
        "pieces_a_fournir",  # les pièces à préparer, après tous les blocs
    ]


def test_un_bloc_vide_ne_dit_jamais_remplie(baremes):
    _, resultat = calculator.calculer({**EXEMPLE, "eligibilite": {}}, baremes)
    statuts = {c["condition"]: c["statut"] for c in resultat["eligibilite"]["conditions"]}
    assert statuts == dict.fromkeys(
        ("age", "diplome", "nationalite", "etudes", "droits_annuels"), "a_verifier"
    )
    assert resultat["eligibilite"]["libelle_statut"] == "à vérifier"


@pytest.mark.parametrize(
    ("ajout", "champ", "extrait"),
    [
        ({"eligibilite": 3}, "eligibilite", "doit être un objet JSON"),
        ({"aides": []}, "aides", "doit être un objet JSON"),
        ({"eligibilte": {}}, "eligibilte", "blocs facultatifs : eligibilite"),
        ({"eligibilite": {"nationalte": "francaise"}}, "eligibilite.nationalte", "Champ inconnu"),
        ({"eligibilite": {"nationalite": "belge"}}, "eligibilite.nationalite", "Valeur inconnue"),
        (
            {"eligibilite": {"premiere_demande": "oui"}},
            "eligibilite.premiere_demande",
            "par true (oui) ou false (non)",
        ),
        ({"eligibilite": {"enfants_eleves": -1}}, "eligibilite.enfants_eleves", "impossible"),
        ({"eligibilite": {"enfants_eleves": 1.5}}, "eligibilite.enfants_eleves", "entier"),
        ({"eligibilite": {"enfants_eleves": True}}, "eligibilite.enfants_eleves", "entier"),
        (
            {"eligibilite": {"date_de_naissance": "14/03/2005"}},
            "eligibilite.date_de_naissance",
            "AAAA-MM-JJ",
        ),
        (
            {"eligibilite": {"date_de_naissance": "2005-02-30"}},
            "eligibilite.date_de_naissance",
            "AAAA-MM-JJ",
        ),
        (
            {"eligibilite": {"date_de_naissance": "2030-01-01"}},
            "eligibilite.date_de_naissance",
            "invraisemblable",
        ),
        (
            {"eligibilite": {"date_de_naissance": "2005-03-14", "age_au_1er_septembre": 20}},
            "eligibilite.age_au_1er_septembre",
            "pas les deux",
        ),
        (
            {"eligibilite": {"premiere_demande": True, "droits_deja_utilises": 2}},
            "eligibilite.droits_deja_utilises",
            "première demande",
        ),
        (
            {"eligibilite": {"nationalite": "francaise", "statut_etranger": "refugie"}},
            "eligibilite.statut_etranger",
            "ne concerne que",
        ),
        (
            {"eligibilite": {"condition_ue_eee_suisse": "emploi_en_france"}},
            "eligibilite.condition_ue_eee_suisse",
            "eligibilite.nationalite",
        ),
        (
            {"ressources": {"situation_des_parents": "divorces"}},
            "ressources.situation_des_parents",
            "separes_ou_divorces",
        ),
        (
            {"ressources": {"ressources_du_couple": 0.9}},
            "ressources.ressources_du_couple",
            "Valeur inconnue",
        ),
        ({"versement": {"situation_maintien": "dom"}}, "versement.situation_maintien", "dom"),
        (
            {"versement": {"etudes_finies_au_1er_juillet": 1}},
            "versement.etudes_finies_au_1er_juillet",
            "true (oui)",
        ),
        ({"outre_mer": {"lieu_des_etudes": "Réunion"}}, "outre_mer.lieu_des_etudes", "la_reunion"),
        ({"aides": {"mois_a_l_etranger": 30}}, "aides.mois_a_l_etranger", "de 0 à 24 mois"),
        ({"aides": {"frais": 1}}, "aides.frais", "Champ inconnu « aides.frais »"),
    ],
)
def test_un_bloc_invalide_donne_une_erreur_qui_nomme_bloc_cle(ajout, champ, extrait, baremes):
    valide, sortie = calculator.calculer({**EXEMPLE, **ajout}, baremes)
    assert not valide
    assert list(sortie) == ["erreurs"]
    assert any(e["champ"] == champ and extrait in e["message"] for e in sortie["erreurs"]), sortie
    valide_json, texte = calculator.calculer_json(json.dumps({**EXEMPLE, **ajout}), baremes)
    assert not valide_json and json.loads(texte) == sortie


def test_les_erreurs_de_la_situation_et_des_blocs_sont_toutes_rapportees(baremes):
    entree = {k: v for k, v in EXEMPLE.items() if k != "distance_km"}
    valide, sortie = calculator.calculer({**entree, "versement": {"duree": 12}}, baremes)
    assert not valide
    assert [e["champ"] for e in sortie["erreurs"]] == ["distance_km", "versement.duree"]


@pytest.mark.parametrize(
    ("entree", "champ", "extrait"),
    [
        ({"echelon": "8", "duree_versement": 10}, "echelon", "Échelon inconnu"),
        ({"echelon": 0, "duree_versement": 10}, "echelon", "0bis, 1, 2"),
        ({"echelon": True, "duree_versement": 10}, "echelon", "Échelon inconnu"),
        ({"echelon": None, "duree_versement": 10}, "echelon", "obligatoire"),
        ({"echelon": "3", "duree_versement": 11}, "duree_versement", "10 mensualités"),
        ({"echelon": "3", "duree_versement": "12"}, "duree_versement", "impossible"),
        ({"echelon": "3"}, "duree_versement", "obligatoire"),
        (
            {"echelon": "3", "duree_versement": 12, "revenu_brut_global": 1},
            "revenu_brut_global",
            "échelon connu",
        ),
        (
            {"echelon": "3", "duree_versement": 12, "annee_universitaire": "2030-2031"},
            "annee_universitaire",
            "inconnue",
        ),
    ],
)
def test_un_montant_connu_invalide_donne_une_erreur_qui_nomme_le_champ(
    entree, champ, extrait, baremes
):
    valide, sortie = calculator.calculer(entree, baremes)
    assert not valide
    assert any(e["champ"] == champ and extrait in e["message"] for e in sortie["erreurs"]), sortie


def test_montant_depuis_echelon_en_python(baremes):
    valide, sortie = calculator.montant_depuis_echelon("2025-2026", "3", 12, baremes)
    assert valide
    assert (sortie["montant_annuel"], sortie["montant_mensuel"]) == (4594, 382.83)  # 4 594 / 12
    valide, sortie = calculator.montant_depuis_echelon(None, 7, 10, baremes)
    assert valide and sortie["annee_universitaire"] == max(baremes)
    assert sortie["montant_annuel"] == baremes[max(baremes)].montants_10_mois["7"]
    valide, sortie = calculator.montant_depuis_echelon("2025-2026", "9", 10, baremes)
    assert not valide and sortie["erreurs"][0]["champ"] == "echelon"


def test_la_ligne_de_commande_lit_les_blocs_et_les_echelons_connus():
    lignes = [
        json.dumps(
            {
                **EXEMPLE,
                "versement": {
                    "situation_maintien": "pupille_de_l_etat",
                    "etudes_finies_au_1er_juillet": False,
                },
            }
        ),
        json.dumps({"annee_universitaire": "2025-2026", "echelon": "3", "duree_versement": 10}),
        json.dumps({**EXEMPLE, "outre_mer": {"lieu_des_etudes": "paris"}}),
    ]
    code, sortie, erreurs = lancer("\n".join(lignes) + "\n", "--jsonl")
    resultats = [json.loads(ligne) for ligne in sortie.splitlines()]
    assert code == 2, erreurs
    assert resultats[0]["versement"]["montant_annuel_applicable"] == 4594  # 12 mois, échelon 3
    assert resultats[1]["montant_annuel"] == 3828  # 10 mois, échelon 3
    assert resultats[2]["erreurs"][0]["champ"] == "outre_mer.lieu_des_etudes"
    assert "Traceback" not in erreurs


def test_le_navigateur_donne_le_montant_d_un_echelon_connu_ou_l_erreur():
    reponse = json.loads(
        navigateur.montant_depuis_echelon(
            '{"annee_universitaire": "2025-2026", "echelon": 6, "duree_versement": 12}'
        )
    )
    assert reponse["resultat"]["montant_annuel"] == 6607
    assert reponse["resultat"]["montant_mensuel"] == 550.58  # 6 607 / 12
    erreur = json.loads(navigateur.montant_depuis_echelon('{"echelon": "3"}'))
    assert erreur["erreur"]["erreurs"][0]["champ"] == "duree_versement"
    illisible = json.loads(navigateur.montant_depuis_echelon("{"))
    assert illisible["erreur"]["erreurs"][0]["champ"] is None
    estimation = json.loads(
        navigateur.estimer(json.dumps({**EXEMPLE, "outre_mer": {"lieu_des_etudes": "guadeloupe"}}))
    )
    assert estimation["resultat"]["outre_mer"]["applicable"] is True


def test_une_situation_seule_n_importe_pas_les_modules_des_blocs():
    """Le calculateur est prêt sans les blocs facultatifs : importés à leur première demande."""
    script = (
        "import json, sys\n"
        "import calculator.navigateur as n\n"
        "n.estimer(json.dumps({'revenu_brut_global': 21988, 'distance_km': 40,"
        " 'enfants_a_charge': 1, 'dont_etudiants_superieur': 0}))\n"
        "print(sorted(m for m in sys.modules if m.startswith('calculator.')))\n"
    )
    sortie = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    for module in MODULES_CHARGES_A_LA_DEMANDE:
        assert f"'calculator.{module}'" not in sortie, sortie


def test_apres_prechauffer_aucune_demande_ne_lit_de_fichier_ni_n_importe_de_module():
    """Ce que le worker garantit avant de prendre l'instantané de la mémoire de Python : la roue
    n'y est pas, donc après `prechauffer()` aucune demande ne doit plus rien lire du paquet.
    Toutes les situations de tests/cas et tests/cas_situations passent par le worker ici."""
    script = (
        "import builtins, io, json, sys\n"
        "from tests.cas_de_test import CAS\n"
        "from tests.test_cas_situations import CAS as SITUATIONS\n"
        "import calculator.navigateur as n\n"
        "n.prechauffer()\n"
        "avant = sorted(m for m in sys.modules if m.startswith('calculator'))\n"
        "def interdit(*args, **kwargs):\n"
        "    raise AssertionError(f'fichier lu après prechauffer : {args[:1]}')\n"
        "builtins.open = io.open = interdit\n"
        "for entree in [c.entree for c in CAS] + [s for _, _, s, _ in SITUATIONS]:\n"
        "    assert '\"resultat\"' in n.estimer(json.dumps(entree))[:12], entree\n"
        "n.annees()\n"
        "n.lire_montant('21 988 €')\n"
        "n.montant_depuis_echelon(json.dumps({'echelon': '3', 'duree_versement': 10}))\n"
        "apres = sorted(m for m in sys.modules if m.startswith('calculator'))\n"
        "print(json.dumps([avant, apres, len(CAS) + len(SITUATIONS)]))\n"
    )
    sortie = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    avant, apres, nombre = json.loads(sortie)
    assert apres == avant
    assert {f"calculator.{m}" for m in ("blocs", "eligibilite", "aides")} <= set(avant)
    assert nombre > 100


@pytest.mark.parametrize(
    ("avis", "situation"),
    [
        ("parents_ensemble", "vivent_ensemble"),
        ("parent_separe", "separes_ou_divorces"),
        ("parent_isole", "parent_isole"),
        ("foyer_etudiant", None),
    ],
)
def test_l_avis_du_revenu_dit_la_situation_des_parents_quand_elle_manque(avis, situation):
    complements, erreurs = lire_complements({"ressources": {"avis_saisi": avis}}, 2025)
    assert not erreurs
    assert complements.ressources.situation_des_parents == situation


def test_un_avis_et_une_situation_des_parents_contraires_sont_une_erreur_qui_nomme_les_deux():
    _, erreurs = lire_complements(
        {"ressources": {"avis_saisi": "parents_ensemble", "situation_des_parents": "parent_isole"}},
        2025,
    )
    [erreur] = erreurs
    assert erreur.champ == "ressources.situation_des_parents"
    assert "« ressources.avis_saisi »" in erreur.message
    assert "« ressources.situation_des_parents »" in erreur.message
    _, erreurs = lire_complements(
        {"ressources": {"avis_saisi": "foyer_etudiant", "situation_des_parents": "parent_isole"}},
        2025,
    )
    assert not erreurs  # son propre avis ne dit rien des parents
