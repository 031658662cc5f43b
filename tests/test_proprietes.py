"""Propriétés des règles, vérifiées sur des situations tirées au hasard (hypothesis)."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import calculator
from calculator.bareme import ECHELONS
from calculator.format import euros
from calculator.interface import _A_ECHAPPER, _chaine_json, calculer_json, decoder, encoder
from calculator.situation import _lire_en_detail, _situation_ordinaire
from construction import baremes_yaml

BAREMES, _ = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
RANG = {None: -1, **{e: i for i, e in enumerate(ECHELONS)}}

annees = st.sampled_from(sorted(BAREMES))
revenus = st.decimals(min_value=0, max_value=150_000, places=2, allow_nan=False)
distances = st.decimals(
    min_value=0, max_value=19_000, places=1, allow_nan=False
)  # + 500 reste sous le maximum


@st.composite
def situations(draw):
    enfants = draw(st.integers(0, 12))
    return {
        "annee_universitaire": draw(annees),
        "revenu_brut_global": draw(revenus),
        "distance_km": draw(distances),
        "enfants_a_charge": enfants,
        "dont_etudiants_superieur": draw(st.integers(0, enfants)),
        "handicap": draw(st.booleans()),
        "aidant": draw(st.booleans()),
    }


def estimer(entree):
    valide, resultat = calculator.calculer(entree, BAREMES)
    assert valide, resultat
    return resultat


@given(situations(), st.decimals(min_value=0, max_value=50_000, places=2))
def test_plus_de_revenu_ne_donne_jamais_un_echelon_ou_un_montant_plus_eleve(situation, hausse):
    avant = estimer(situation)
    apres = estimer({**situation, "revenu_brut_global": situation["revenu_brut_global"] + hausse})
    assert RANG[apres["echelon"]] <= RANG[avant["echelon"]]
    assert apres["montant_annuel"] <= avant["montant_annuel"]


@given(
    situations(),
    st.sampled_from(["distance", "enfant", "etudiant", "handicap", "aidant"]),
)
def test_plus_de_points_de_charge_ne_donne_jamais_un_echelon_plus_bas(situation, ajout):
    plus = dict(situation)
    if ajout == "distance":
        plus["distance_km"] = situation["distance_km"] + 500
    elif ajout == "enfant":
        plus["enfants_a_charge"] += 1
    elif ajout == "etudiant":
        plus["enfants_a_charge"] += 1
        plus["dont_etudiants_superieur"] += 1
    else:
        plus[ajout] = True
    avant, apres = estimer(situation), estimer(plus)
    assert apres["points_de_charge"] >= avant["points_de_charge"]
    assert RANG[apres["echelon"]] >= RANG[avant["echelon"]]
    assert apres["montant_annuel"] >= avant["montant_annuel"]


@given(situations())
def test_le_resultat_est_coherent_avec_le_tableau(situation):
    resultat = estimer(situation)
    bareme = BAREMES[situation["annee_universitaire"]]
    ligne = bareme.plafonds[min(resultat["points_de_charge"], 17)]
    revenu = Decimal(str(situation["revenu_brut_global"]))
    if resultat["echelon"] is None:
        assert revenu > ligne["0bis"]
        assert resultat["montant_annuel"] == 0
    else:
        assert revenu <= ligne[resultat["echelon"]]
        assert resultat["montant_annuel"] == bareme.montants_10_mois[resultat["echelon"]]
        assert resultat["montant_annuel_12_mois"] == bareme.montants_12_mois[resultat["echelon"]]
    assert resultat["ligne_du_tableau"] == min(resultat["points_de_charge"], 17)
    assert (resultat["points_de_charge"] > 17) == any(
        a["code"] == "au_dela_de_17_points" for a in resultat["avertissements"]
    )


json_quelconque = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda enfants: (
        st.lists(enfants, max_size=4) | st.dictionaries(st.text(max_size=12), enfants, max_size=6)
    ),
    max_leaves=15,
)
cles = st.sampled_from(
    [
        "annee_universitaire",
        "revenu_brut_global",
        "distance_km",
        "enfants_a_charge",
        "dont_etudiants_superieur",
        "handicap",
        "aidant",
        "autre",
    ]
)


@settings(max_examples=300)
@given(st.one_of(json_quelconque, st.dictionaries(cles, json_quelconque, max_size=8)))
def test_toute_entree_json_donne_un_resultat_ou_des_erreurs_jamais_une_exception(entree):
    valide, sortie = calculer_json(json.dumps(entree), BAREMES)
    objet = json.loads(sortie)
    if valide:
        assert objet["echelon"] in (None, *ECHELONS)
    else:
        assert objet["erreurs"]
        for erreur in objet["erreurs"]:
            assert set(erreur) == {"champ", "message"}
            assert erreur["message"]


@settings(max_examples=200)
@given(st.text(max_size=60))
def test_tout_texte_donne_un_resultat_ou_des_erreurs_jamais_une_exception(texte):
    valide, sortie = calculer_json(texte, BAREMES)
    assert valide or json.loads(sortie)["erreurs"]


@given(situations())
def test_le_json_rapide_est_exactement_le_resultat_en_dict(situation):
    """`calculer_json` encode par morceaux gardés en cache : même objet, même ordre de clés."""
    texte = json.dumps(situation, default=float)
    valide, sortie = calculer_json(texte, BAREMES)
    assert valide
    _, attendu = calculator.calculer(decoder(texte)[0], BAREMES)
    assert list(json.loads(sortie).items()) == list(attendu.items())


valeurs_de_champ = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 40),
    st.integers(-(10**8), 10**8),
    st.decimals(min_value=-10, max_value=30_000, places=1, allow_nan=False),
    st.sampled_from(["2025-2026", "2019-2020", "2031-2032", "", "3"]),
)


@settings(max_examples=500)
@given(st.dictionaries(cles, valeurs_de_champ, max_size=8))
def test_le_chemin_rapide_de_la_lecture_lit_la_meme_situation_que_le_controle_detaille(entree):
    """`lire_situation` essaie d'abord `_situation_ordinaire` (des entiers dans leurs bornes) :
    quand il accepte une entrée, le contrôle champ par champ y lit exactement la même."""
    rapide = _situation_ordinaire(entree, BAREMES)
    detail, erreurs = _lire_en_detail(entree, BAREMES)
    if rapide is not None:
        assert (detail, erreurs) == (rapide, [])


@given(situations())
def test_une_situation_en_entiers_prend_le_chemin_rapide(situation):
    entiere = {
        **situation,
        "revenu_brut_global": int(situation["revenu_brut_global"]),
        "distance_km": int(situation["distance_km"]),
    }
    assert _situation_ordinaire(entiere, BAREMES) == _lire_en_detail(entiere, BAREMES)[0]


@given(st.one_of(st.none(), st.text()))
def test_une_chaine_ecrite_directement_est_celle_qu_ecrirait_l_encodeur(texte):
    assert _chaine_json(texte) == encoder(texte)


@given(
    st.integers(0, 10**9)
    | st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
)
def test_un_revenu_ecrit_en_euros_n_a_rien_a_echapper_en_json(revenu):
    """L'explication en JSON est un gabarit où le revenu, écrit en euros, est posé tel quel."""
    texte = euros(revenu)
    assert _A_ECHAPPER.search(texte) is None
    assert _chaine_json(texte) == encoder(texte)


PRES_DES_SEUILS = st.builds(
    lambda seuil, ecart: max(Decimal(0), seuil + ecart),
    st.sampled_from([Decimal(30), Decimal(250), Decimal(3500), Decimal(13000)]),
    st.decimals(min_value=-8, max_value=8, places=1, allow_nan=False),
)


@given(situations(), st.one_of(distances, PRES_DES_SEUILS))
def test_l_avertissement_de_distance_parait_a_5_km_ou_moins_d_un_seuil(situation, distance):
    """Seuils d'éloignement de l'année (30, 250, 3 500, 13 000 km) : à 5 km ou moins de l'un
    d'eux, l'estimation prévient ; plus loin, jamais."""
    situation = {**situation, "distance_km": distance}
    resultat = estimer(situation)
    seuils = [
        p.a_partir_de_km for p in BAREMES[resultat["annee_universitaire"]].paliers_eloignement
    ]
    proche = any(abs(Decimal(str(situation["distance_km"])) - s) <= 5 for s in seuils)
    codes = [a["code"] for a in resultat["avertissements"]]
    assert ("distance_proche_d_un_seuil" in codes) == proche
