"""Propriétés des règles des blocs facultatifs, sur des situations tirées au hasard
(hypothesis) : jamais « remplie » pour ce que l'entrée ne dit pas, 12 mensualités si et
seulement si le maintien s'applique à un boursier, pas de limite d'âge avec un handicap…"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import calculator
from calculator import blocs
from calculator.bareme import ECHELONS
from calculator.interface import calculer_json, decoder
from calculator.questions import QUESTIONS
from construction import baremes_yaml
from tests.strategies import bloc_facultatif

BAREMES, _ = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
STATUTS = {"remplie", "non remplie", "a_verifier"}

annees = st.sampled_from(sorted(BAREMES))
booleens = st.booleans()


def facultatif(strategie):
    """Une clé absente (None) ou une valeur valide."""
    return st.none() | strategie


@st.composite
def situations(draw):
    enfants = draw(st.integers(0, 6))
    entree = {
        "annee_universitaire": draw(annees),
        "revenu_brut_global": draw(st.decimals(min_value=0, max_value=80_000, places=2)),
        "distance_km": draw(st.integers(0, 15_000)),
        "enfants_a_charge": enfants,
        "dont_etudiants_superieur": draw(st.integers(0, enfants)),
        "handicap": draw(booleens),
        **{nom: draw(bloc_facultatif(nom)) for nom in QUESTIONS},
    }
    return entree


def estimer(entree):
    valide, resultat = calculator.calculer(entree, BAREMES)
    assert valide, resultat
    return resultat


def conditions(resultat):
    return {c["condition"]: c for c in resultat["eligibilite"]["conditions"]}


@given(situations())
def test_chaque_reponse_a_un_statut_connu_une_raison_une_source_et_une_certitude(entree):
    resultat = estimer(entree)
    for condition in [*resultat["eligibilite"]["conditions"], *resultat["aides"]]:
        assert condition["statut"] in STATUTS
        assert condition["raison"] and condition["source"]
        assert condition["fiabilite"] in calculator.bareme.FIABILITES
    assert resultat["eligibilite"]["statut"] in STATUTS


@given(situations())
def test_la_liste_ne_dit_jamais_remplie_pour_ce_que_l_entree_n_a_pas_dit(entree):
    e, statuts = (
        entree["eligibilite"],
        {k: c["statut"] for k, c in conditions(estimer(entree)).items()},
    )
    if statuts["age"] == "remplie":
        assert entree["handicap"] or {"age_au_1er_septembre", "date_de_naissance"} & set(e)
    if statuts["diplome"] == "remplie":
        assert "diplome" in e or "annee_d_etudes" in e
    if statuts["nationalite"] == "remplie":
        assert "nationalite" in e
    if statuts["etudes"] == "remplie":
        assert {"formation", "temps_plein", "etablissement", "formation_habilitee"} <= set(e)
    if statuts["droits_annuels"] == "remplie":
        assert "droits_deja_utilises" in e or e.get("premiere_demande") is True


@given(situations())
def test_un_handicap_reconnu_ne_fait_jamais_echouer_la_condition_d_age(entree):
    entree = {**entree, "handicap": True}
    assert conditions(estimer(entree))["age"]["statut"] == "remplie"


@given(situations())
def test_douze_mensualites_si_et_seulement_si_le_maintien_s_applique_a_un_boursier(entree):
    resultat = estimer(entree)
    v = entree["versement"]
    maintien = (
        v.get("situation_maintien") not in (None, "aucune")
        and v.get("etudes_finies_au_1er_juillet") is False
    )
    bourse = resultat["echelon"] is not None
    assert (resultat["versement"]["duree_mois"] == 12) == (maintien and bourse)
    if resultat["versement"]["duree_mois"] == 12:
        assert (
            resultat["versement"]["montant_annuel_applicable"] == resultat["montant_annuel_12_mois"]
        )
    elif bourse:
        assert resultat["versement"]["montant_annuel_applicable"] == resultat["montant_annuel"]
    else:
        assert resultat["versement"]["montant_annuel_applicable"] == 0


@given(situations())
def test_sans_bourse_aucune_aide_liee_ni_majoration(entree):
    resultat = estimer(entree)
    if resultat["echelon"] is None:
        assert all(a["statut"] == "non remplie" for a in resultat["aides"])
        assert resultat["outre_mer"]["applicable"] is False
    else:
        # Tout boursier est exonéré de la CVEC, si la bourse lui est accordée : « remplie » avec
        # des conditions d'attribution remplies, sinon ce que dit leur bilan.
        attendu = resultat["eligibilite"]["statut"]
        assert {a["aide"]: a["statut"] for a in resultat["aides"]}["exoneration_cvec"] == attendu


@given(situations())
def test_la_majoration_outre_mer_ne_s_applique_sur_que_dans_un_drom_depuis_2023(entree):
    resultat = estimer(entree)
    if resultat["outre_mer"]["applicable"] is True:
        assert entree["outre_mer"]["lieu_des_etudes"] in blocs.DROM
        assert entree["annee_universitaire"] >= "2023-2024"
        mensuel = Decimal(str(resultat["versement"]["montant_mensuel_applicable"]))
        majore = Decimal(str(resultat["outre_mer"]["montant_mensuel_majore"]))
        assert majore - mensuel == resultat["outre_mer"]["majoration_mensuelle"]


@given(situations())
def test_les_blocs_ne_changent_aucune_cle_habituelle(entree):
    sans = estimer({k: v for k, v in entree.items() if k not in blocs.BLOCS})
    avec = estimer(entree)
    assert {cle: avec[cle] for cle in sans} == sans


@settings(max_examples=150)
@given(situations())
def test_le_json_rapide_avec_blocs_est_exactement_le_resultat_en_dict(entree):
    texte = json.dumps(entree, default=float)
    valide, sortie = calculer_json(texte, BAREMES)
    assert valide, sortie
    _, attendu = calculator.calculer(decoder(texte)[0], BAREMES)
    assert list(json.loads(sortie).items()) == list(attendu.items())


@given(annees, st.sampled_from(ECHELONS), st.sampled_from((10, 12)))
def test_le_montant_d_un_echelon_connu_est_celui_de_l_arrete(annee, echelon, duree):
    valide, sortie = calculator.montant_depuis_echelon(annee, echelon, duree, BAREMES)
    assert valide
    colonne = BAREMES[annee].montants_12_mois if duree == 12 else BAREMES[annee].montants_10_mois
    assert sortie["montant_annuel"] == colonne[echelon]
    assert abs(Decimal(str(sortie["montant_mensuel"])) * duree - colonne[echelon]) <= Decimal(
        "0.06"
    )  # au centime près, sur 12 mensualités au plus


json_quelconque = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda enfants: (
        st.lists(enfants, max_size=3) | st.dictionaries(st.text(max_size=8), enfants, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from([*blocs.BLOCS, "echelon", "duree_versement"]),
        json_quelconque
        | st.dictionaries(
            st.sampled_from(
                [c.cle for _, champs in blocs.BLOCS.values() for c in champs] + ["inconnue"]
            ),
            json_quelconque,
            max_size=6,
        ),
        max_size=4,
    )
)
def test_tout_bloc_donne_un_resultat_ou_des_erreurs_jamais_une_exception(ajout):
    entree = {
        "revenu_brut_global": 20000,
        "distance_km": 10,
        "enfants_a_charge": 0,
        "dont_etudiants_superieur": 0,
        **ajout,
    }
    valide, sortie = calculer_json(json.dumps(entree), BAREMES)
    objet = json.loads(sortie)
    if not valide:
        assert objet["erreurs"]
        for erreur in objet["erreurs"]:
            assert set(erreur) == {"champ", "message"} and erreur["message"]


@given(
    annees,
    st.dates(min_value=date(1960, 1, 1), max_value=date(2008, 12, 31)),
    st.integers(0, 2),
    st.integers(0, 18),
)
def test_la_date_de_naissance_confirme_toujours_ce_que_tranche_l_age_en_annees(
    annee, naissance, enfants, service
):
    rentree = int(annee[:4])
    age = rentree - naissance.year - (1 if (naissance.month, naissance.day) > (9, 1) else 0)
    commun = {
        "annee_universitaire": annee,
        "revenu_brut_global": 20000,
        "distance_km": 10,
        "enfants_a_charge": 0,
        "dont_etudiants_superieur": 0,
    }
    reculs = {"premiere_demande": True, "enfants_eleves": enfants}
    reculs["service_civique_ou_volontariat_mois"] = service
    par_age = conditions(
        estimer({**commun, "eligibilite": {**reculs, "age_au_1er_septembre": age}})
    )
    par_date = conditions(
        estimer({**commun, "eligibilite": {**reculs, "date_de_naissance": naissance.isoformat()}})
    )
    if par_age["age"]["statut"] != "a_verifier":
        assert par_date["age"]["statut"] == par_age["age"]["statut"]


@given(situations())
def test_aucune_aide_n_est_remplie_sans_que_la_bourse_le_soit(entree):
    """Non remplie : toutes non remplies ; à vérifier : aucune remplie (et aucun montant)."""
    resultat = estimer(entree)
    bilan = resultat["eligibilite"]["statut"]
    for aide in resultat["aides"]:
        if bilan == "non remplie":
            assert aide["statut"] == "non remplie", aide
        if bilan != "remplie":
            assert aide["statut"] != "remplie", aide
            assert aide["montant_total"] is None, aide


@given(situations())
def test_des_revenus_plus_recents_seulement_apres_une_baisse_durable(entree):
    resultat = estimer(entree)
    plus_recents = resultat["ressources"]["revenus_plus_recents"]
    if entree["ressources"].get("baisse_durable_des_revenus") is True:
        rentree = int(resultat["annee_universitaire"][:4])
        # Année civile écoulée, voire en cours, au lieu de N-2.
        assert plus_recents["annees_des_revenus"] == [rentree - 1, rentree]
        assert plus_recents["source"]
        assert plus_recents["fiabilite"] in calculator.bareme.FIABILITES
    else:
        assert plus_recents is None


def incertitudes(resultat):
    """Chaque texte « incertain » du résultat : conditions, ressources, majoration outre-mer."""
    textes = [c.get("incertitude") for c in resultat["eligibilite"]["conditions"]]
    textes += resultat.get("ressources", {}).get("incertitudes", [])
    textes.append(resultat.get("outre_mer", {}).get("incertitude"))
    return [t for t in textes if t]


@given(situations())
def test_chaque_incertitude_du_resultat_finit_par_ce_que_l_etudiant_peut_demander(entree):
    for texte in incertitudes(estimer(entree)):
        derniere_phrase = re.split(r"(?<=[.!?])\s+", texte.strip())[-1]
        assert derniere_phrase.startswith("Demandez"), texte
