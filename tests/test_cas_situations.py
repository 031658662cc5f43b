"""Les cas de tests/cas_situations/*.yaml : une branche de chaque règle des blocs facultatifs
(éligibilité, ressources, versement, outre-mer, aides) et du montant d'un échelon connu.

Chaque cas donne l'entrée complète de l'interface JSON (`situation`) et un sous-ensemble du
résultat (`attendu`). Pour lire facilement les listes, les conditions de `eligibilite` sont
rangées par code, les `aides` par aide et les `pieces_a_fournir` par code (leur liste ordonnée
de codes est redite sous `codes_des_pieces`) ; une clé terminée par `_contient` demande que le
texte de la clé sans ce suffixe (ou l'un des textes d'une liste) contienne la valeur.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import calculator
from construction.baremes_yaml import charger_baremes, fichiers_de_baremes
from construction.cas import charger_cas_situations

from .cas_derives import cas_du_montant_connu_provisoire

SUFFIXE = "_contient"


def charger() -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    return [(f, c["nom"], c["situation"], c["attendu"]) for f, c in charger_cas_situations()]


CAS = charger() + [
    ("montant_connu", c["nom"], c["situation"], c["attendu"])
    for c in cas_du_montant_connu_provisoire(charger_baremes(fichiers_de_baremes())[0])
]
IDS = [f"{fichier} · {nom}" for fichier, nom, _, _ in CAS]


def a_plat(resultat: dict[str, Any]) -> dict[str, Any]:
    """Le résultat, avec les listes rangées par code pour la comparaison."""
    resultat = dict(resultat)
    if "eligibilite" in resultat:
        bloc = dict(resultat["eligibilite"])
        bloc["conditions"] = {c["condition"]: c for c in bloc["conditions"]}
        resultat["eligibilite"] = bloc
    if "aides" in resultat:
        resultat["aides"] = {a["aide"]: a for a in resultat["aides"]}
    if "pieces_a_fournir" in resultat:
        resultat["codes_des_pieces"] = [p["code"] for p in resultat["pieces_a_fournir"]]
        resultat["pieces_a_fournir"] = {p["code"]: p for p in resultat["pieces_a_fournir"]}
    return resultat


def espaces_simples(texte: str) -> str:
    """Les espaces fines et insécables des montants (« 3 828 € ») en espaces simples."""
    return texte.replace("\u202f", " ").replace("\u00a0", " ")


def ecarts(attendu: dict[str, Any], obtenu: dict[str, Any], prefixe: str = "") -> list[str]:
    differences = []
    for cle, valeur in attendu.items():
        if cle.endswith(SUFFIXE):
            vraie = cle[: -len(SUFFIXE)]
            texte = obtenu.get(vraie)
            textes = texte if isinstance(texte, list) else [texte]
            if not any(isinstance(t, str) and valeur in espaces_simples(t) for t in textes):
                differences.append(f"{prefixe}{vraie} : {valeur!r} absent de {texte!r}")
        elif cle not in obtenu:
            differences.append(f"{prefixe}{cle} : absent du résultat")
        elif isinstance(valeur, dict):
            differences += ecarts(valeur, obtenu[cle], f"{prefixe}{cle}.")
        elif isinstance(valeur, int | float) and not isinstance(valeur, bool):
            if not isinstance(obtenu[cle], int | float) or abs(obtenu[cle] - valeur) > 0.005:
                differences.append(f"{prefixe}{cle} : attendu {valeur!r}, obtenu {obtenu[cle]!r}")
        elif obtenu[cle] != valeur:
            differences.append(f"{prefixe}{cle} : attendu {valeur!r}, obtenu {obtenu[cle]!r}")
    return differences


def test_les_noms_de_cas_sont_uniques_et_chaque_bloc_a_ses_cas():
    noms = [nom for _, nom, _, _ in CAS]
    assert len(noms) == len(set(noms))
    fichiers = {fichier for fichier, _, _, _ in CAS}
    assert {"eligibilite", "ressources", "versement", "outre_mer", "aides", "montant_connu"} <= (
        fichiers
    )


@pytest.mark.parametrize(("fichier", "nom", "situation", "attendu"), CAS, ids=IDS)
def test_cas(fichier, nom, situation, attendu, baremes):
    valide, resultat = calculator.calculer(situation, baremes)
    assert valide, resultat
    assert ecarts(attendu, a_plat(resultat)) == []


@pytest.mark.parametrize(("fichier", "nom", "situation", "attendu"), CAS, ids=IDS)
def test_cas_par_le_texte_json(fichier, nom, situation, attendu, baremes):
    """Le chemin rapide (`calculer_json`) donne le même objet, dans le même ordre."""
    valide, texte = calculator.calculer_json(json.dumps(situation), baremes)
    assert valide, texte
    _, resultat = calculator.calculer(situation, baremes)
    assert list(json.loads(texte).items()) == list(resultat.items())
