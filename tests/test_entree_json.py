"""La lecture du JSON d'entrée : ce que le module `json` de Python accepterait ou refuserait en
anglais (NaN, clés en double, BOM, imbrication sans fin, syntaxe) donne une erreur en français
qui nomme le champ, ou le même résultat qu'une entrée propre ; jamais une trace."""

from __future__ import annotations

import json

import pytest

import calculator
from tests.ligne_de_commande import lancer

EXEMPLE = {
    "annee_universitaire": "2025-2026",
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}
TEXTE = json.dumps(EXEMPLE)
MOTS_ANGLAIS = ("recursion", "Expecting", "delimiter", "Extra data", "Unterminated", "Invalid")


def erreurs(texte: str, baremes) -> list[dict[str, str]]:
    valide, sortie = calculator.calculer_json(texte, baremes)
    assert not valide
    objet = json.loads(sortie)
    assert list(objet) == ["erreurs"]
    return objet["erreurs"]


def avec(cle: str, valeur: str) -> str:
    """L'exemple où `cle` vaut le texte JSON `valeur`, écrit tel quel (NaN, tableaux…)."""
    autres = ", ".join(f'"{k}": {json.dumps(v)}' for k, v in EXEMPLE.items() if k != cle)
    return f'{{{autres}, "{cle}": {valeur}}}'


# NaN, Infinity, -Infinity


@pytest.mark.parametrize("constante", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("cle", ["distance_km", "revenu_brut_global", "enfants_a_charge"])
def test_nan_ou_infinity_est_une_erreur_qui_nomme_la_cle(baremes, cle, constante):
    assert erreurs(avec(cle, constante), baremes) == [
        {
            "champ": cle,
            "message": f"{cle} : « {constante} » n'est pas une valeur JSON : un nombre s'écrit "
            "en chiffres et il est fini (ni NaN ni Infinity).",
        }
    ]


def test_nan_dans_un_bloc_nomme_le_bloc_et_la_cle(baremes):
    texte = avec("aides", '{"mois_a_l_etranger": NaN}')
    [erreur] = erreurs(texte, baremes)
    assert erreur["champ"] == "aides.mois_a_l_etranger"
    assert erreur["message"].startswith("aides.mois_a_l_etranger : « NaN » n'est pas")


def test_nan_dans_un_tableau_est_rangee_sous_la_cle_du_tableau(baremes):
    [erreur] = erreurs(avec("distance_km", "[1, [Infinity]]"), baremes)
    assert erreur["champ"] == "distance_km"


def test_chaque_constante_est_nommee_et_nan_seul_est_une_erreur_de_l_entree(baremes):
    texte = avec("distance_km", "NaN").replace('"revenu_brut_global": 21988', '"x": -Infinity')
    assert [e["champ"] for e in erreurs(texte, baremes)] == ["x", "distance_km"]
    [erreur] = erreurs("NaN", baremes)
    assert erreur["champ"] is None
    assert erreur["message"].startswith("Entrée : « NaN » n'est pas une valeur JSON")


def test_nan_en_ligne_de_commande_donne_le_statut_2_et_le_champ():
    code, sortie, trace = lancer(avec("distance_km", "NaN").encode())
    assert code == 2
    assert json.loads(sortie)["erreurs"][0]["champ"] == "distance_km"
    code, sortie, _ = lancer(avec("aides", '{"mois_a_l_etranger": -Infinity}').encode())
    assert code == 2
    assert json.loads(sortie)["erreurs"][0]["champ"] == "aides.mois_a_l_etranger"
    assert trace == ""


# Clés en double


def test_une_cle_donnee_deux_fois_est_une_erreur_pas_la_derniere_qui_gagne(baremes):
    texte = TEXTE[:-1] + ', "distance_km": 400}'
    assert erreurs(texte, baremes) == [
        {
            "champ": "distance_km",
            "message": "Clé « distance_km » donnée deux fois : gardez-en une.",
        }
    ]


def test_une_cle_en_double_meme_de_meme_valeur_est_une_erreur(baremes):
    texte = TEXTE[:-1] + ', "distance_km": 40, "distance_km": 40}'
    [erreur] = erreurs(texte, baremes)
    assert erreur == {
        "champ": "distance_km",
        "message": "Clé « distance_km » donnée 3 fois : gardez-en une.",
    }


def test_une_cle_en_double_dans_un_bloc_nomme_le_bloc_et_la_cle(baremes):
    texte = avec("aides", '{"mois_a_l_etranger": 2, "mois_a_l_etranger": 3}')
    assert erreurs(texte, baremes) == [
        {
            "champ": "aides.mois_a_l_etranger",
            "message": "Clé « aides.mois_a_l_etranger » donnée deux fois : gardez-en une.",
        }
    ]


def test_une_cle_en_double_en_ligne_de_commande_donne_le_statut_2_et_le_champ():
    code, sortie, trace = lancer((TEXTE[:-1] + ', "distance_km": 400}').encode())
    assert code == 2
    assert json.loads(sortie)["erreurs"][0]["champ"] == "distance_km"
    lignes = [TEXTE, avec("outre_mer", '{"lieu_des_etudes": "guyane", "lieu_des_etudes": "x"}')]
    code, sortie, trace = lancer("\n".join(lignes).encode(), "--jsonl")
    premiere, seconde = map(json.loads, sortie.splitlines())
    assert code == 2
    assert premiere["echelon"] == "3"
    assert seconde["erreurs"][0]["champ"] == "outre_mer.lieu_des_etudes"
    assert trace == ""


# Marque d'ordre d'octets (BOM)


def test_un_bom_en_tete_donne_le_meme_resultat_que_sans(baremes):
    assert calculator.calculer_json("\ufeff" + TEXTE, baremes) == calculator.calculer_json(
        TEXTE, baremes
    )


def test_un_bom_est_accepte_sur_l_entree_standard_et_sur_chaque_ligne_jsonl():
    code, attendu, _ = lancer(TEXTE.encode())
    assert code == 0
    code, sortie, trace = lancer(b"\xef\xbb\xbf" + TEXTE.encode())
    assert (code, sortie, trace) == (0, attendu, "")
    lignes = b"\xef\xbb\xbf" + TEXTE.encode() + b"\r\n\xef\xbb\xbf" + TEXTE.encode() + b"\n"
    code, sortie, trace = lancer(lignes, "--jsonl")
    assert (code, sortie, trace) == (0, attendu * 2, "")


# Imbrication, syntaxe, codage : en français, jamais de trace


@pytest.mark.parametrize(
    ("texte", "champ"),
    [
        ("[" * 5000 + "]" * 5000, None),
        ('{"a": ' * 5000 + "1" + "}" * 5000, "a." * 9 + "a"),
        (avec("distance_km", "[" * 5000 + "]" * 5000), "distance_km"),
        (
            avec("aides", '{"mois_a_l_etranger": ' + "[" * 50 + "]" * 50 + "}"),
            "aides.mois_a_l_etranger",
        ),
        ("[" * 5000, None),
    ],
    ids=["tableaux", "objets", "sous une cle", "dans un bloc", "jamais refermes"],
)
def test_une_entree_trop_imbriquee_est_une_erreur_en_francais(baremes, texte, champ):
    [erreur] = erreurs(texte, baremes)
    assert erreur["champ"] == champ
    assert erreur["message"].startswith("Entrée trop imbriquée")
    assert "un objet JSON plat est attendu" in erreur["message"]


def test_une_entree_trop_imbriquee_en_ligne_de_commande_donne_le_statut_2_sans_trace():
    code, sortie, trace = lancer(("[" * 5000 + "]" * 5000).encode())
    assert code == 2
    assert json.loads(sortie)["erreurs"][0]["message"].startswith("Entrée trop imbriquée")
    code, sortie, trace = lancer((TEXTE + "\n" + '{"a":' * 5000 + "}" * 5000).encode(), "--jsonl")
    assert code == 2
    assert "Entrée trop imbriquée" in sortie.splitlines()[1]
    assert trace == ""


@pytest.mark.parametrize(
    ("texte", "extrait"),
    [
        ("", "Entrée vide : un objet JSON est attendu."),
        ("{", "ligne 1, colonne 2 : un nom de clé entre guillemets doubles est attendu"),
        ('{"distance_km" 40}', "ligne 1, colonne 16 : « : » est attendu"),
        ('{"distance_km": 40 "aidant": true}', "colonne 20 : une virgule est attendue"),
        ('{\n  "distance_km": }', "ligne 2, colonne 18 : une valeur est attendue"),
        ('{"annee_universitaire": "2025', "un texte entre guillemets n'est pas refermé"),
        ('{"a": "x\ty"}', "caractère de contrôle"),
        ('{"a": "\\q"}', "échappement « \\ » invalide"),
        ('{"a": "\\u12"}', "échappement « \\uXXXX » invalide"),
        (TEXTE + TEXTE, "autre chose suit la valeur JSON"),
        ('{"distance_km": 40,}', "guillemets doubles est attendu (ou une virgule est en trop)"),
        ("\ufeff\ufeff" + TEXTE, "ligne 1, colonne 1"),
    ],
)
def test_une_erreur_de_syntaxe_est_dite_en_francais_avec_ligne_et_colonne(baremes, texte, extrait):
    [erreur] = erreurs(texte, baremes)
    assert erreur["champ"] is None
    assert extrait in erreur["message"]
    assert not any(mot in erreur["message"] for mot in MOTS_ANGLAIS)


def test_une_erreur_de_syntaxe_en_ligne_de_commande_donne_le_statut_2_en_francais():
    code, sortie, trace = lancer(b'{"distance_km": 40,}')
    assert code == 2
    message = json.loads(sortie)["erreurs"][0]["message"]
    assert message.startswith("Entrée illisible : JSON invalide ligne 1, colonne 20")
    assert not any(mot in message for mot in MOTS_ANGLAIS)
    assert trace == ""


def test_un_entier_trop_long_pour_python_est_une_erreur_du_champ(baremes):
    [erreur] = erreurs(avec("revenu_brut_global", "1" * 5000), baremes)
    assert erreur == {
        "champ": "revenu_brut_global",
        "message": "revenu_brut_global : nombre de 5000 chiffres, trop long pour être lu : "
        "vérifiez la saisie.",
    }


def test_une_moitie_de_paire_utf16_seule_est_une_erreur_pas_une_trace(baremes):
    [erreur] = erreurs(avec("annee_universitaire", '"2025\\ud800"'), baremes)
    assert erreur["champ"] == "annee_universitaire"
    assert "caractère « \\ud800 » invalide" in erreur["message"]
    [erreur] = erreurs(TEXTE[:-1] + ', "\\udc00": 1}', baremes)
    assert erreur["champ"] is None
    code, sortie, trace = lancer((TEXTE[:-1] + ', "\\ud800x": 1}').encode())
    assert code == 2
    assert "\\ud800" in json.loads(sortie)["erreurs"][0]["message"]
    assert trace == ""


def test_des_echappements_valides_donnent_le_meme_resultat_que_le_texte_lui_meme(baremes):
    bloc = '{"lieu_des_etudes": "%s"}'
    echappe = calculator.calculer_json(avec("outre_mer", bloc % "\\u0067uyane"), baremes)
    assert echappe == calculator.calculer_json(avec("outre_mer", bloc % "guyane"), baremes)
    assert echappe[0]
    texte = TEXTE.replace('"distance_km"', '"distance\\u005fkm"')
    assert calculator.calculer_json(texte, baremes) == calculator.calculer_json(TEXTE, baremes)


def test_des_octets_qui_ne_sont_pas_de_l_utf8_donnent_le_statut_2_en_francais():
    code, sortie, trace = lancer(b'{"distance_km\xff": 40}')
    assert code == 2
    assert json.loads(sortie)["erreurs"] == [
        {
            "champ": None,
            "message": "Entrée illisible : ce n'est pas du texte UTF-8 (octet n° 14, 0xff) ; "
            "enregistrez-la en UTF-8.",
        }
    ]
    code, sortie, trace = lancer(TEXTE.encode() + b"\n\xc3(\n" + TEXTE.encode(), "--jsonl")
    resultats = [json.loads(ligne) for ligne in sortie.splitlines()]
    assert code == 2
    assert [("erreurs" in r) for r in resultats] == [False, True, False]
    assert trace == ""


def test_jsonl_ne_coupe_pas_une_ligne_sur_un_separateur_unicode_dans_un_texte():
    ligne = avec("x", json.dumps("a\u2028b\x85c", ensure_ascii=False))
    code, sortie, trace = lancer((ligne + "\n" + TEXTE + "\n").encode(), "--jsonl")
    resultats = [json.loads(ligne) for ligne in sortie.split("\n")[:-1]]
    assert code == 2
    assert len(resultats) == 2
    assert resultats[0]["erreurs"][0]["champ"] == "x"
    assert resultats[1]["echelon"] == "3"
    assert trace == ""
