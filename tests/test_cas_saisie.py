"""`estimer_saisie` : les textes du formulaire du simulateur et du fragment d'un lien de partage,
lus chacun par le lecteur de son champ, puis estimés avec la présentation (docs/interface.md).

Les cas sont dans tests/cas_saisie/*.yaml (relus aussi par les tests du navigateur) ; les
propriétés vérifient qu'aucun texte ne fait lever d'exception, qu'aucun résultat n'est rendu
sans les champs obligatoires, et que le fragment écrit se relit en la même entrée.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator import navigateur
from calculator.interface import calculer_saisie
from calculator.situation import CHAMPS, CHAMPS_OBLIGATOIRES
from construction.cas import charger_cas_saisie

from .test_cas_situations import a_plat, ecarts

CAS = charger_cas_saisie()


def vue(reponse: dict[str, Any]) -> dict[str, Any]:
    """La réponse de `calculer_saisie`, rangée pour la comparaison : erreurs par champ,
    conditions et avertissements par code, genres des blocs de la carte."""
    vue = {k: v for k, v in reponse.items() if k not in ("erreurs", "resultat")}
    if "erreurs" in reponse:
        vue["erreurs"] = {e["champ"]: e for e in reponse["erreurs"]}
    if "resultat" in reponse:
        resultat = a_plat(reponse["resultat"])
        resultat["avertissements_par_code"] = {a["code"]: a for a in resultat["avertissements"]}
        presentation = dict(resultat.pop("presentation"))
        presentation["genres"] = [b["genre"] for b in presentation["carte"]["blocs"]]
        vue["resultat"], vue["presentation"] = resultat, presentation
    return vue


@pytest.mark.parametrize("cas", CAS, ids=[c["nom"] for c in CAS])
def test_cas(cas, baremes):
    reponse = calculer_saisie({"saisie": cas["saisie"], "origine": cas["origine"]}, baremes)
    assert ecarts(cas["attendu"], vue(reponse)) == []
    if reponse["valide"]:
        assert list(reponse) == ["valide", "resultat", "entree", "fragment"]
    else:
        assert list(reponse) == ["valide", "erreurs", "incomplet"]
        assert all(e["message"] for e in reponse["erreurs"])


def test_les_cas_couvrent_le_formulaire_et_les_liens_valides_ou_non():
    assert {(c["origine"], c["attendu"]["valide"]) for c in CAS} == {
        ("formulaire", True),
        ("formulaire", False),
        ("lien", True),
        ("lien", False),
    }


def relu(fragment: str) -> dict[str, str]:
    """Le fragment d'un lien, relu comme la page le lit : une clé par paire « cle=valeur »."""
    return dict(paire.split("=", 1) for paire in fragment.split("&"))


@pytest.mark.parametrize("cas", [c for c in CAS if c["attendu"]["valide"]], ids=lambda c: c["nom"])
def test_le_fragment_ecrit_se_relit_en_la_meme_entree_et_le_meme_resultat(cas, baremes):
    premiere = calculer_saisie({"saisie": cas["saisie"], "origine": cas["origine"]}, baremes)
    lien = calculer_saisie({"saisie": relu(premiere["fragment"]), "origine": "lien"}, baremes)
    assert lien["valide"], lien
    assert (lien["entree"], lien["fragment"]) == (premiere["entree"], premiere["fragment"])
    assert lien["resultat"]["presentation"] == premiere["resultat"]["presentation"]


def test_l_entree_lue_donne_le_meme_resultat_par_l_interface_json(baremes):
    """`entree` est une entrée de l'interface JSON : la ligne de commande en redonne le résultat."""
    import calculator

    for cas in [c for c in CAS if c["attendu"]["valide"]]:
        reponse = calculer_saisie({"saisie": cas["saisie"], "origine": cas["origine"]}, baremes)
        _, resultat = calculator.calculer(reponse["entree"], baremes, presentation=True)
        attendu = {**reponse["resultat"]}
        attendu["avertissements"] = [
            a for a in attendu["avertissements"] if a["code"] != "revenu_invraisemblable"
        ]
        assert json.loads(json.dumps(resultat)) == json.loads(json.dumps(attendu))


def test_le_navigateur_sert_estimer_saisie_et_ne_rend_erreur_que_pour_un_json_illisible():
    cas = CAS[0]
    reponse = json.loads(
        navigateur.estimer_saisie(json.dumps({"saisie": cas["saisie"], "origine": cas["origine"]}))
    )
    assert reponse["resultat"]["valide"] is True
    assert reponse["resultat"]["fragment"] == cas["attendu"]["fragment"]
    incomplet = json.loads(navigateur.estimer_saisie(json.dumps({"saisie": {}, "origine": "lien"})))
    assert incomplet["resultat"]["incomplet"] is True
    illisible = json.loads(navigateur.estimer_saisie("{"))
    assert illisible["erreur"]["erreurs"][0]["champ"] is None


@pytest.mark.parametrize(
    ("objet", "champ"),
    [
        (None, None),
        ([], None),
        ({"saisie": "revenu=21988"}, None),
        ({"saisie": {}, "origine": "courriel"}, "origine"),
        ({"saisie": {"revenu_brut_global": 21988}, "origine": "formulaire"}, "revenu_brut_global"),
    ],
)
def test_une_entree_mal_formee_est_une_erreur_qui_nomme_son_champ(objet, champ, baremes):
    reponse = calculer_saisie(objet, baremes)
    assert reponse["valide"] is False
    assert champ in [e["champ"] for e in reponse["erreurs"]]


# --- Propriétés ------------------------------------------------------------------------------

TEXTES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["0", "1", "29,5", "29.5", "1 200", "-3", "1e5", "abc", "21 988 €", "", " "]),
    st.integers(-5, 30_000).map(str),
    st.decimals(-10, 30_000, places=3, allow_nan=False).map(lambda d: str(d).replace(".", ",")),
)
CLES = st.sampled_from(
    [*CHAMPS, "eligibilite.premiere_demande", "eligibilite.date_de_naissance",
     "eligibilite.enfants_eleves", "ressources.avis_saisi", "ressources.situation_des_parents",
     "versement.situation_maintien", "utm_source", "inconnue.cle"]
)  # fmt: skip
SAISIES = st.dictionaries(CLES, TEXTES | st.none() | st.integers(), max_size=12)


@given(SAISIES, st.sampled_from(["formulaire", "lien", "autre", None]))
def test_estimer_saisie_ne_leve_jamais_d_exception(saisie, origine):
    texte = navigateur.estimer_saisie(json.dumps({"saisie": saisie, "origine": origine}))
    reponse = json.loads(texte)["resultat"]
    assert isinstance(reponse["valide"], bool)
    if not reponse["valide"]:
        assert reponse["erreurs"]
        assert all(isinstance(e["message"], str) and e["message"] for e in reponse["erreurs"])


@given(SAISIES, st.sampled_from(["formulaire", "lien"]))
def test_jamais_valide_sans_une_cle_obligatoire(saisie, origine):
    reponse = json.loads(
        navigateur.estimer_saisie(json.dumps({"saisie": saisie, "origine": origine}))
    )["resultat"]
    presentes = {cle for cle, texte in saisie.items() if isinstance(texte, str) and texte.strip()}
    absentes = {
        cle
        for cle in CHAMPS_OBLIGATOIRES
        if saisie.get(cle) is None or (isinstance(saisie[cle], str) and not saisie[cle].strip())
    }
    if not set(CHAMPS_OBLIGATOIRES) <= presentes:
        assert reponse["valide"] is False
    # Un lien où manque une clé obligatoire est incomplet ; une valeur qui n'est pas un texte est
    # une erreur de son champ.
    assert reponse.get("incomplet", False) is bool(origine == "lien" and absentes)
    if reponse["valide"]:
        for cle in CHAMPS_OBLIGATOIRES:
            assert cle in reponse["entree"] and f"{cle}=" in reponse["fragment"]
        assert reponse["resultat"]["presentation"]["verdict"]["statut"] in (
            "remplie",
            "non remplie",
            "a_verifier",
        )


@given(
    st.integers(0, 200_000),
    st.decimals(0, 20_000, places=2, allow_nan=False),
    st.integers(0, 6),
    st.data(),
)
def test_toute_saisie_valide_se_relit_depuis_son_fragment(revenu, distance, enfants, data):
    dont = data.draw(st.integers(0, enfants))
    saisie = {
        "revenu_brut_global": f"{revenu:,}".replace(",", " "),
        "distance_km": str(distance).replace(".", ","),
        "enfants_a_charge": str(enfants),
        "dont_etudiants_superieur": str(dont),
    }
    premiere = json.loads(navigateur.estimer_saisie(json.dumps({"saisie": saisie})))["resultat"]
    assert premiere["valide"], premiere
    lien = json.loads(
        navigateur.estimer_saisie(
            json.dumps({"saisie": relu(premiere["fragment"]), "origine": "lien"})
        )
    )["resultat"]
    assert (lien["entree"], lien["fragment"]) == (premiere["entree"], premiere["fragment"])
    assert lien["entree"]["distance_km"] == float(distance)


def test_une_tranche_de_distance_n_est_pas_redite_comme_une_distance_exacte(baremes):
    """« de 30 à 249 km » choisie dans la liste part comme « 30 » : la ligne de l'éloignement
    ne dit pas « à 30 km », qui serait faux ; une distance tapée, elle, est redite."""
    saisie = {"revenu_brut_global": "21988", "distance_km": "30", "enfants_a_charge": "0"}
    saisie["dont_etudiants_superieur"] = "0"

    def eloignement(**options):
        reponse = calculer_saisie({"saisie": saisie, **options}, baremes)
        lignes = reponse["resultat"]["presentation"]["points_de_charge"]["lignes"]
        return [ligne["libelle"] for ligne in lignes if "km" in ligne["libelle"]]

    (tranche,) = eloignement(distance_en_tranche=True)
    assert "à 30 km" not in tranche and "30 à 249 km" in tranche
    (tapee,) = eloignement()
    assert tapee.startswith("Domicile familial à 30 km")


def test_une_date_de_naissance_incomplete_le_dit_sans_citer_le_texte_recompose(baremes):
    saisie = {"revenu_brut_global": "21988", "distance_km": "30", "enfants_a_charge": "0"}
    saisie |= {"dont_etudiants_superieur": "0", "eligibilite.date_de_naissance": "5//1999"}
    reponse = calculer_saisie({"saisie": saisie}, baremes)
    assert not reponse["valide"]
    [erreur] = reponse["erreurs"]
    assert erreur["champ"] == "eligibilite.date_de_naissance"
    assert erreur["message"].startswith("Date incomplète : indiquez votre date de naissance en")
    assert "5//1999" not in erreur["message"]
