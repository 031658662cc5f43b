"""Le contrat de `python -m calculator` : entrées, sorties, erreurs et statuts de sortie."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import calculator
from calculator import navigateur
from calculator.presentation import etapes
from calculator.situation import CHAMPS_OBLIGATOIRES
from construction.cas import toutes_les_entrees
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
        ({**EXEMPLE, "distance_km": -3}, "distance_km", "ne peut pas être négative."),
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


# --- La présentation : ce que la page montre, déjà écrit (docs/interface.md) ----------------


def espaces(texte: str) -> str:
    """Les espaces fines et insécables des montants (« 3 828 € ») en espaces simples."""
    return texte.replace("\u202f", " ").replace("\u00a0", " ")


def texte(morceaux: list) -> str:
    """Une phrase de la présentation, lue comme la page l'affiche, espaces simples."""
    return espaces("".join(m if isinstance(m, str) else m["texte"] for m in morceaux))


def presentation(entree: dict, baremes) -> dict:
    valide, resultat = calculator.calculer(entree, baremes, presentation=True)
    assert valide, resultat
    return resultat["presentation"]


def test_la_presentation_n_est_ecrite_qu_a_la_demande_et_en_dernier(baremes):
    _, sans = calculator.calculer(EXEMPLE, baremes)
    _, avec = calculator.calculer(EXEMPLE, baremes, presentation=True)
    assert "presentation" not in sans
    assert list(avec)[-1] == "presentation"
    assert {cle: v for cle, v in avec.items() if cle != "presentation"} == sans
    _, sortie, _ = lancer(json.dumps(EXEMPLE))
    assert "presentation" not in json.loads(sortie)  # la ligne de commande, --jsonl compris


def test_le_texte_json_avec_presentation_est_celui_de_calculer_sur_tous_les_cas(baremes):
    """Le worker passe par `calculer_json(…, presentation=True)` : même objet, même ordre."""
    entrees = toutes_les_entrees()
    for entree in entrees:
        valide, attendu = calculator.calculer(entree, baremes, presentation=True)
        _, sortie = calculator.calculer_json(json.dumps(entree), baremes, presentation=True)
        assert list(json.loads(sortie).items()) == list(json.loads(json.dumps(attendu)).items())
        if valide and "echelon" not in entree:
            assert "presentation" in attendu
    assert len(entrees) > 100


def test_le_navigateur_renvoie_la_presentation():
    reponse = json.loads(navigateur.estimer(json.dumps(EXEMPLE)))
    assert reponse["resultat"]["presentation"]["titre"] == "Votre estimation pour 2025-2026"


def test_la_carte_et_les_marges_sont_ecrites(baremes):
    p = presentation(EXEMPLE, baremes)
    carte = p["carte"]
    assert (carte["bourse"], carte["duree"]) == (True, 10)
    blocs = carte["blocs"]
    # Sans réponse à l'étape « 10 ou 12 mois », le montant sur 12 mois n'est pas sur la carte :
    # il s'y lirait comme celui de l'étudiant ; le texte de la page dit qui y a droit.
    assert [b["genre"] for b in blocs] == ["echelon", "montant_principal", "texte", "modele"]
    assert texte(blocs[0]["morceaux"]) == "Échelon 3"
    assert texte(blocs[1]["morceaux"]) == "382,80 € par mois, pendant 10 mois"
    assert blocs[1]["morceaux"][0] == {
        "role": "montant",
        "texte": "382,80\u00a0€",
        "valeur": 382.8,
        "champ": "montant_mensuel",
    }
    assert blocs[3] == {"genre": "modele", "modele": "douze-mois"}  # pas d'étape « 10 ou 12 »
    assert [texte(m) for m in p["marges"]] == [
        "Votre revenu peut augmenter de 728 € sans que vous perdiez l'échelon 3 (plafond : "
        "22 716 €).",
        "Avec un revenu plus bas de 2 230 €, vous passeriez à l'échelon 4.",
    ]
    assert p["resume"] == {
        "echelon": "3",
        "par_mois": "382,80\u00a0€",
        "par_an": "3\u202f828\u00a0€",
    }


def test_sans_bourse_la_carte_dit_de_combien_le_revenu_depasse_le_plafond(baremes):
    p = presentation({**EXEMPLE, "revenu_brut_global": 60000}, baremes)
    carte = p["carte"]
    assert (carte["bourse"], carte["duree"]) == (False, None)
    assert [texte(b["morceaux"]) for b in carte["blocs"]] == [
        "Pas de bourse",
        # 60 000 − 46 767 (plafond 0bis, 3 points, 2025-2026) = 13 233
        "Votre revenu brut global (60 000 €) dépasse de 13 233 € le plafond de l'échelon 0bis "
        "(46 767 €) pour votre nombre de points de charge.",
    ]
    assert [texte(m) for m in p["marges"]] == [
        "Il faudrait un revenu brut global plus bas de 13 233 € pour obtenir l'échelon 0bis."
    ]
    assert p["graphique"]["description"].endswith(" : pas de bourse.")
    assert p["resume"] == {"echelon": "pas de bourse", "par_mois": "—", "par_an": "—"}


def test_au_plafond_de_l_echelon_le_plus_eleve(baremes):
    p = presentation({**EXEMPLE, "revenu_brut_global": 1060}, baremes)  # plafond 7, 3 points
    assert [texte(m) for m in p["marges"]] == [
        "Votre revenu est exactement au plafond de l'échelon 7 : le moindre euro de plus vous "
        "ferait changer d'échelon.",
        "L'échelon 7 est le plus élevé.",
    ]
    assert espaces(p["graphique"]["description"]) == (
        "Votre revenu de 1 060 € ne dépasse pas le plafond de l'échelon 7 (1 060 €)."
    )


def test_le_graphique_a_une_ligne_par_echelon_dans_l_ordre_du_bareme(baremes):
    g = presentation(EXEMPLE, baremes)["graphique"]
    plafonds = baremes["2025-2026"].plafonds[3]
    assert [ligne["echelon"] for ligne in g["lignes"]] == list(plafonds)
    assert [ligne["plafond"] for ligne in g["lignes"]] == list(plafonds.values())
    assert [ligne["echelon"] for ligne in g["lignes"] if ligne["votre"]] == ["3"]
    # Le revenu (21 988) ne dépasse que les plafonds des échelons 0bis à 3.
    assert [ligne["accessible"] for ligne in g["lignes"]] == [True] * 4 + [False] * 4
    assert (g["lignes"][3]["libelle"], espaces(g["lignes"][3]["texte"])) == (
        "Éch. 3",
        "Échelon 3 : plafond 22 716 € (votre échelon)",
    )
    assert espaces(g["description"]) == (
        "Votre revenu de 21 988 € ne dépasse pas le plafond de l'échelon 3 (22 716 €) mais "
        "dépasse celui de l'échelon 4 (19 758 €)."
    )
    assert g["legende"].startswith(g["description"])
    assert g["titre_section"] == "Les plafonds de votre ligne (3 points)"
    assert espaces(g["revenu"]) == "Votre revenu : 21 988 €"


def test_au_dela_de_17_points_la_ligne_lue_est_dite(baremes):
    # 1 (40 km) + 5 × 4 (cinq autres enfants dans le supérieur) = 21 points : ligne 17.
    entree = {**EXEMPLE, "enfants_a_charge": 5, "dont_etudiants_superieur": 5}
    charge = presentation(entree, baremes)["points_de_charge"]
    assert charge["total"] == "21 points"
    assert charge["note"] == "Le tableau des plafonds est lu à la ligne 17."
    assert charge["lignes"][0]["points"] == "1 point"
    assert presentation(EXEMPLE, baremes)["points_de_charge"]["note"] is None


def test_le_calcul_est_groupe_par_texte_applique_et_numerote(baremes):
    _, resultat = calculator.calculer(EXEMPLE, baremes, presentation=True)
    groupes = resultat["presentation"]["calcul"]
    assert [t for g in groupes for t in g["etapes"]] == [
        e["texte"] for e in resultat["explication"]
    ]
    assert [(g["debut"], g["reference"]) for g in groupes] == [
        (1, "circulaire"),
        (5, "arrete_plafonds"),
        (7, "arrete_taux"),
    ]
    assert [g["source"]["renvoi"] for g in groupes] == [
        "Étapes 1 à 4 : ",
        "Étapes 5 à 6 : ",
        "Étape 7 : ",
    ]
    circulaire = baremes["2025-2026"].references["circulaire"]
    assert (groupes[0]["source"]["titre"], groupes[0]["source"]["lien"]) == (
        circulaire.titre,
        circulaire.lien,
    )


def test_le_calendrier_a_une_phrase_avant_pendant_et_apres_le_depot(baremes):
    periodes = presentation(EXEMPLE, baremes)["calendrier"]
    # Dossier social étudiant 2025-2026 : du 13 mars au 31 mai 2025 (barème).
    assert [p.pop("morceaux") for p in periodes] == [[p["texte"]] for p in periodes]
    assert periodes == [
        {
            "jusqu_au": "2025-03-12",
            "texte": "Pour 2025-2026, le dossier pourra être déposé du 13 mars 2025 au 31 mai "
            "2025.",
        },
        {
            "jusqu_au": "2025-05-31",
            "texte": "Pour 2025-2026, le dossier se dépose jusqu'au 31 mai 2025 (depuis le 13 mars "
            "2025).",
        },
        {
            "jusqu_au": None,
            "texte": "Pour 2025-2026, le dossier pouvait être déposé du 13 mars 2025 au 31 mai "
            "2025.",
        },
    ]
    sans_dates = next(
        a for a, b in sorted(baremes.items()) if not b.dossier_social_etudiant.ouverture
    )
    [seule] = presentation({**EXEMPLE, "annee_universitaire": sans_dates}, baremes)["calendrier"]
    assert seule["jusqu_au"] is None
    assert seule["texte"].startswith(f"Les dates de dépôt du dossier pour {sans_dates} ne sont pas")
    # Le site du dossier, nommé, est un lien : la prochaine étape se touche du doigt.
    assert seule["morceaux"][-2:] == [
        {
            "role": "lien",
            "texte": "messervices.etudiant.gouv.fr",
            "adresse": "https://messervices.etudiant.gouv.fr/",
        },
        ".",
    ]
    assert seule["texte"] == texte(seule["morceaux"])


def test_douze_mensualites_changent_la_carte_et_la_reponse_de_l_etape(baremes):
    versement = {"situation_maintien": "pupille_de_l_etat", "etudes_finies_au_1er_juillet": False}
    p = presentation({**EXEMPLE, "versement": versement}, baremes)
    carte = p["carte"]
    assert carte["duree"] == 12
    assert carte["blocs"][1]["morceaux"][0]["champ"] == "montant_mensuel_applicable"
    assert (
        texte(carte["blocs"][1]["morceaux"]) == "382,83 € par mois, pendant 12 mois"
    )  # 4 594 / 12
    assert carte["blocs"][3]["genre"] == "applicable"
    assert carte["blocs"][3]["morceaux"][0] == {
        "role": "fort",
        "texte": "C'est le montant qui s'applique. ",
    }
    etape = p["etapes"]["versement"]
    assert (etape["statut"], etape["libelle_statut"]) == ("remplie", "12 mois")
    assert texte(etape["applicable"]["morceaux"]) == (
        "Montant qui s'applique : 382,83 € par mois pendant 12 mois, soit 4 594 € par an."
    )
    dix = presentation({**EXEMPLE, "versement": {"situation_maintien": "aucune"}}, baremes)
    assert (dix["etapes"]["versement"]["statut"], dix["carte"]["duree"]) == ("non remplie", 10)
    note = dix["carte"]["blocs"][-1]
    assert note["genre"] == "note"
    assert {"role": "renvoi", "texte": "10 ou 12 mois", "bloc": "versement"} in note["morceaux"]


def test_l_annonce_dit_l_echelon_et_la_mensualite_qui_s_applique(baremes):
    assert espaces(presentation(EXEMPLE, baremes)["annonce"]) == "Échelon 3, 382,80 € par mois."
    versement = {"situation_maintien": "pupille_de_l_etat", "etudes_finies_au_1er_juillet": False}
    douze = presentation({**EXEMPLE, "versement": versement}, baremes)
    assert espaces(douze["annonce"]) == "Échelon 3, 382,83 € par mois."  # 4 594 / 12
    sans = presentation({**EXEMPLE, "revenu_brut_global": 60000}, baremes)
    assert sans["annonce"] == "Pas de bourse : revenu au-dessus du plafond de l'échelon 0bis."


def test_sans_bloc_d_eligibilite_aucun_verdict_avec_un_bloc_vide_tout_est_a_verifier(baremes):
    assert presentation(EXEMPLE, baremes)["verdict"] is None
    p = presentation({**EXEMPLE, "eligibilite": {}}, baremes)
    assert p["verdict"]["statut"] == "a_verifier"
    assert texte(p["verdict"]["texte"]) == (
        "Conditions d'attribution à vérifier : âge, diplôme, nationalité, études et droits annuels."
    )
    [a_verifier] = [b for b in p["carte"]["blocs"] if b["genre"] == "a_verifier"]
    assert [(c["condition"], c["ancre"]) for c in a_verifier["conditions"]] == [
        ("age", "eligibilite-date_de_naissance"),
        ("diplome", "eligibilite-diplome"),
        ("nationalite", "eligibilite-nationalite"),
        ("etudes", "eligibilite-formation"),
        ("droits_annuels", "eligibilite-premiere_demande"),
    ]
    # Les raisons ne citent plus les clés de l'interface : la question est au bout du lien.
    assert a_verifier["conditions"][2]["morceaux"] == ["Indiquez votre nationalité."]


def test_une_condition_qu_aucune_question_ne_tranche_renvoie_a_l_etape_des_conditions(baremes):
    # 342 mois avec 3 mois de service civique : les deux lectures des sources divergent.
    eligibilite = {
        "date_de_naissance": "1997-03-01",
        "premiere_demande": True,
        "enfants_eleves": 0,
        "service_civique_ou_volontariat_mois": 3,
    }
    p = presentation({**EXEMPLE, "eligibilite": eligibilite}, baremes)
    [a_verifier] = [b for b in p["carte"]["blocs"] if b["genre"] == "a_verifier"]
    assert a_verifier["conditions"][0]["ancre"] == "etape-conditions"


def test_un_refus_mene_la_carte_et_l_echelon_devient_ce_qu_il_serait(baremes):
    eligibilite = {"nationalite": "autre", "statut_etranger": "aucun"}
    p = presentation({**EXEMPLE, "eligibilite": eligibilite}, baremes)
    refus, echelon, montant = p["carte"]["blocs"][:3]
    assert refus["genre"] == "refus" and refus["condition"] == "nationalite"
    assert texte(refus["morceaux"]).startswith(
        "Pas de bourse : un étudiant d'une autre nationalité"
    )
    assert texte(echelon["morceaux"]) == "Si cette condition était remplie : échelon 3"
    assert echelon["genre"] == "echelon_si_remplie" and montant["genre"] == "montant_principal"
    assert p["verdict"]["statut"] == "non remplie"
    assert p["annonce"] == "Pas de bourse : condition d'attribution non remplie (nationalité)."


def test_les_points_de_charge_n_ont_pas_de_ligne_a_zero_enfant_et_s_accordent(baremes):
    charge = presentation({**EXEMPLE, "enfants_a_charge": 0}, baremes)["points_de_charge"]
    assert charge["lignes"] == [
        {"libelle": "Domicile familial à 40 km : de 30 à 249 km", "points": "1 point"}
    ]
    _, resultat = calculator.calculer({**EXEMPLE, "enfants_a_charge": 0}, baremes)
    assert "1 point au total : ligne « 1 point de charge » du tableau." in [
        e["texte"] for e in resultat["explication"]
    ]
    loin = presentation({**EXEMPLE, "distance_km": 13500}, baremes)["points_de_charge"]
    assert espaces(loin["lignes"][0]["libelle"]) == (
        "Domicile familial à 13 500 km : 13 000 km ou plus"
    )


def test_la_majoration_outre_mer_s_ajoute_a_la_carte_ou_reste_a_verifier(baremes):
    p = presentation({**EXEMPLE, "outre_mer": {"lieu_des_etudes": "guadeloupe"}}, baremes)
    assert texte(p["carte"]["blocs"][-1]["morceaux"]) == (
        "Majoration outre-mer : 30 € de plus par mois, soit 412,80 € par mensualité."
    )
    assert p["etapes"]["outre_mer"]["libelle_statut"] == "s'applique"
    p = presentation({**EXEMPLE, "outre_mer": {"lieu_des_etudes": "polynesie_francaise"}}, baremes)
    assert p["carte"]["blocs"][-1]["genre"] == "note"
    assert (p["etapes"]["outre_mer"]["statut"], p["etapes"]["outre_mer"]["applicable"]) == (
        "a_verifier",
        None,
    )


def test_les_revenus_retenus_sont_dits_en_une_phrase(baremes):
    ressources = {
        "etudiant_marie_ou_pacse": False,
        "enfant_a_charge_de_l_etudiant": False,
        "aide_sociale_a_l_enfance": False,
        "orphelin_des_deux_parents": False,
        "tutelle_ou_delegation_d_autorite_parentale": False,
        "situation_des_parents": "vivent_ensemble",
    }
    etape = presentation({**EXEMPLE, "ressources": ressources}, baremes)["etapes"]["ressources"]
    assert (etape["statut"], etape["libelle_statut"]) == ("remplie", "déterminé")
    assert etape["revenus"] == [
        "Les revenus qui comptent : ",
        {"role": "revenus", "texte": "ceux de vos parents", "code": "foyer_des_parents"},
        ".",
    ]
    etape = presentation({**EXEMPLE, "ressources": {}}, baremes)["etapes"]["ressources"]
    assert etape["statut"] == "a_verifier"


def test_le_bilan_des_aides_s_accorde_et_chaque_montant_dit_son_unite():
    def aide(statut, libelle, montant, total, unite):
        return {
            "libelle_statut": libelle,
            "statut": statut,
            "montant": montant,
            "montant_total": total,
            "unite": unite,
        }

    aides = [
        aide("remplie", "remplie", None, None, None),
        aide("remplie", "remplie", 400, 2000, "euros par mois"),
        aide("non remplie", "non remplie", 900, None, "euros par an"),
        aide("remplie", "remplie", 1000, 1000, "euros"),
    ]
    etape = etapes({"aides": aides})["aides"]
    assert etape["bilan"] == "3 remplies, 1 non remplie"
    assert [m and (m["genre"], texte(m["morceaux"])) for m in etape["montants"]] == [
        None,
        ("applicable", "Montant : 2 000 € (400 € par mois)."),
        ("texte", "Montant prévu cette année : 900 € par an."),
        ("applicable", "Montant : 1 000 €."),
    ]


def test_le_montant_d_un_echelon_connu_a_sa_carte(baremes):
    valide, sortie = calculator.montant_depuis_echelon("2025-2026", "3", 12, baremes)
    assert valide
    carte = sortie["presentation"]["carte"]
    assert (carte["bourse"], carte["duree"]) == (True, 12)
    assert [texte(b["morceaux"]) for b in carte["blocs"]] == [
        "Échelon 3 en 2025-2026",
        "382,83 € par mois, pendant 12 mois",
        "Soit 4 594 € par an.",
    ]


def test_l_estimation_a_blanc_donne_un_resultat_et_ne_change_aucune_reponse():
    """Le worker la fait avant « prêt » (et `prechauffer` sa version en textes, au repos) : une
    situation fixe du formulaire principal, qui doit rester estimable d'une année de barèmes à
    l'autre, sans quoi elle ne préparerait plus rien ; la réponse qui suit est la même."""
    assert set(navigateur.SITUATION_A_BLANC) == set(CHAMPS_OBLIGATOIRES)
    avant = navigateur.estimer(json.dumps(EXEMPLE))
    assert navigateur.estimer_a_blanc() is True, (
        "navigateur.SITUATION_A_BLANC ne s'estime plus avec les barèmes : "
        + navigateur.estimer(json.dumps(navigateur.SITUATION_A_BLANC))
    )
    navigateur.prechauffer()
    assert navigateur.estimer(json.dumps(EXEMPLE)) == avant


def test_le_navigateur_donne_chaque_annee_et_son_statut_rien_de_plus(donnees_baremes):
    """Ce que la page lit des années (le tableau sous un résultat) : l'année et son statut ; la
    page la demande dès « prêt », et la première estimation attend cette réponse."""
    reponse = json.loads(navigateur.annees())["resultat"]
    assert [a["annee_universitaire"] for a in reponse] == sorted(donnees_baremes)
    for annee in reponse:
        assert set(annee) == {"annee_universitaire", "statut"}
        assert annee["statut"] == donnees_baremes[annee["annee_universitaire"]]["statut"]
