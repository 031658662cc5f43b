"""Le schéma publié des barèmes (`barèmes/schema.json`) appliqué à un fichier, et chacun de ses
écarts dit comme un éditeur le lit : la clé en cause, à sa ligne, avec la clé voulue la plus
proche ; la valeur trouvée et la forme attendue (une date "AAAA-MM-JJ", un NOR, un nombre
entier…). Le schéma est le seul contrôle de forme ; `calculator.verification` dit le reste.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from calculator.bareme import ECHELONS, NOMBRE_DE_LIGNES_DU_TABLEAU
from calculator.verification import Chemin, Probleme, citer, decrire_chemin

from . import projet


@dataclass(frozen=True)
class Ecart:
    """Une erreur de jsonschema, réduite à ce qu'il faut pour la dire."""

    mot_cle: str
    """Le mot-clé du schéma qui n'est pas respecté : `required`, `type`, `pattern`…"""
    chemin: tuple[str | int, ...]
    """Le chemin de la valeur dans le contenu vu en JSON, où toute clé est un texte."""
    valeur: Any
    attendu: Any
    """La valeur du mot-clé dans le schéma : les clés requises, le type, le motif…"""
    noeud: dict[str, Any]
    """La partie du schéma qui porte le mot-clé."""
    message: str
    """Le message de jsonschema, en anglais : cité seulement pour un mot-clé que ce module ne
    sait pas dire."""


@dataclass(frozen=True)
class _Tableau:
    """Un tableau de l'arrêté, pour dire une ligne qui manque, une ligne en trop, une ligne de
    mauvaise longueur ou une case qui n'est pas un nombre comme l'éditeur les voit."""

    manque: str
    inattendue: str
    longueur: str
    ligne: str
    case: str = "un montant entier en euros"


TABLEAUX = {
    ("plafonds", "lignes"): _Tableau(
        manque="la ligne « {cle} points de charge » manque",
        inattendue="ligne inattendue {cle} : le tableau a une ligne par nombre de points de "
        f"charge, de 0 à {NOMBRE_DE_LIGNES_DU_TABLEAU - 1}",
        longueur="{attendu} plafonds attendus (échelons 0bis à 7), {trouve} trouvés : {manque}",
        ligne="une liste de 8 plafonds",
    ),
    ("montants", "lignes"): _Tableau(
        manque="l'échelon {cle} manque",
        inattendue=f"échelon inconnu {{cle}} (échelons possibles : {', '.join(ECHELONS)})",
        longueur="deux taux sont attendus : [taux sur 10 mois, taux sur 12 mois]",
        ligne="une liste de deux taux [taux sur 10 mois, taux sur 12 mois]",
    ),
}

FORMES = {
    "^[0-9]{4}-[0-9]{4}$": 'une année universitaire entre guillemets ("2025-2026") est attendue, '
    "{valeur} trouvé",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": 'une date au format "AAAA-MM-JJ" est attendue, {valeur} trouvé',
    "^[A-Z]{4}[0-9]{7}[A-Z]$": "{valeur} n'a pas la forme d'un NOR (4 lettres, 7 chiffres, "
    "1 lettre)",
    "^https://": "le lien {valeur} doit commencer par https://",
    "\\S": "un texte est attendu, {valeur} trouvé",
}
"""Chaque motif (`pattern`) du schéma, en mots : la valeur qui n'a pas la forme, ou pas même le
type, d'une date, d'un NOR, d'un lien…"""

NOMS_DES_TYPES = {
    "object": "un bloc de clés",
    "array": "une liste",
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "null": "une valeur vide",
}

NOMS_DES_VALEURS = {
    "statut": "un statut connu",
    "fiabilite": "un degré de certitude connu",
    "fiabilite_sur_12_mois": "un degré de certitude connu",
    "nature": "une nature connue",
}
"""Ce que désigne une liste de valeurs permises (`enum`), par le nom de sa clé."""

Dit = list[tuple[tuple[str | int, ...], str]]
"""Ce qu'on dit d'un écart au schéma : un message par valeur en cause, avec son chemin en JSON."""


def _est_attendu(nom: str) -> str:
    return f"{nom} est attendue" if nom.startswith("une ") else f"{nom} est attendu"


def _dans(chemin: tuple[str | int, ...]) -> str:
    return decrire_chemin(chemin) if chemin else "le fichier"


def _precision(noeud: dict[str, Any]) -> str:
    """La description que le schéma donne d'une valeur, entre parenthèses, pour la fin d'un
    message (« (durée minimale du séjour, en mois consécutifs) ») ; rien pour un bloc, que son
    chemin nomme assez."""
    description = noeud.get("description")
    if not isinstance(description, str) or noeud.get("type") == "object":
        return ""
    return f" ({description[:1].lower()}{description[1:].removesuffix('.')})"


def _definition(schema: dict[str, Any], reference: str) -> dict[str, Any]:
    """La partie du schéma que désigne une référence interne (« #/$defs/bloc »)."""
    noeud = schema
    for partie in reference.removeprefix("#/").split("/"):
        noeud = noeud[partie]
    return noeud


def _cles_prevues(noeud: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """Les clés que nomme une partie du schéma, avec celles des parties qu'elle inclut."""
    inclus = [*noeud.get("allOf", ()), *([{"$ref": noeud["$ref"]}] if "$ref" in noeud else [])]
    cles: list[str] = []
    for partie in inclus:
        partie = _definition(schema, partie["$ref"]) if "$ref" in partie else partie
        cles += [cle for cle in _cles_prevues(partie, schema) if cle not in cles]
    return cles + [cle for cle in noeud.get("properties", {}) if cle not in cles]


def _cle_inconnue(cle: str, dans: str, prevues: list[str]) -> str:
    message = f"clé inconnue « {cle} » dans {dans}"
    proches = difflib.get_close_matches(cle, prevues, n=1)
    if proches:
        return f"{message} : vouliez-vous écrire « {proches[0]} » ?"
    return f"{message} (clés possibles : {', '.join(prevues)})"


def _dire_cles_requises(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """`required` : une clé, ou une ligne de tableau, qui manque ; un message par clé."""
    presentes = ecart.valeur if isinstance(ecart.valeur, dict) else {}
    tableau = TABLEAUX.get(ecart.chemin)
    return [
        (
            ecart.chemin,
            tableau.manque.format(cle=cle)
            if tableau
            else f"la clé « {cle} » manque dans {_dans(ecart.chemin)}",
        )
        for cle in ecart.attendu
        if cle not in presentes
    ]


def _dire_cles_inconnues(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """`additionalProperties`, `unevaluatedProperties` : une clé que le schéma ne prévoit pas,
    chacune à sa ligne, avec la clé prévue la plus proche (une faute de frappe, souvent)."""
    if not isinstance(ecart.valeur, dict):
        return []
    prevues = _cles_prevues(ecart.noeud, schema)
    motifs = list(ecart.noeud.get("patternProperties", {}))
    tableau = TABLEAUX.get(ecart.chemin)
    dit: Dit = []
    for cle in ecart.valeur:
        if cle in prevues or any(re.search(motif, cle) for motif in motifs):
            continue  # une clé prévue mais mal remplie : son propre écart le dit
        message = (
            tableau.inattendue.format(cle=citer(cle))
            if tableau
            else _cle_inconnue(cle, _dans(ecart.chemin), prevues)
        )
        dit.append(((*ecart.chemin, cle), message))
    return dit


def _dire_type(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """`type` : la valeur n'est pas du type attendu (un nombre entier, un texte, une liste…)."""
    forme = FORMES.get(ecart.noeud.get("pattern", ""))
    if forme is not None:
        return [(ecart.chemin, forme.format(valeur=citer(ecart.valeur)))]
    tableau = TABLEAUX.get(ecart.chemin[:2]) if len(ecart.chemin) in (3, 4) else None
    types = [ecart.attendu] if isinstance(ecart.attendu, str) else list(ecart.attendu)
    nom = " ou ".join(NOMS_DES_TYPES.get(t, t) for t in types)
    if tableau:
        nom = tableau.ligne if len(ecart.chemin) == 3 else tableau.case
    trouve = f"{_est_attendu(nom)}, {citer(ecart.valeur)} trouvé"
    return [(ecart.chemin, trouve + _precision(ecart.noeud))]


def _dire_motif(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """`pattern` : un texte qui n'a pas la forme attendue (date, année, NOR, lien, texte vide)."""
    modele = FORMES.get(ecart.attendu, "{valeur} n'a pas la forme attendue")
    return [(ecart.chemin, modele.format(valeur=citer(ecart.valeur)))]


def _dire_valeurs_permises(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """`enum` : une valeur hors de la liste permise (statut, certitude, nature d'un texte)."""
    cle = ecart.chemin[-1] if ecart.chemin else ""
    nom = NOMS_DES_VALEURS.get(str(cle), "une valeur permise")
    possibles = ", ".join(map(str, ecart.attendu))
    message = f"{citer(ecart.valeur)} n'est pas {nom} (valeurs possibles : {possibles})"
    return [(ecart.chemin, message)]


def _dire_valeur_exacte(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """`const` : une valeur fixée par le format (les colonnes d'un tableau)."""
    attendu = json.dumps(ecart.attendu, ensure_ascii=False)
    return [(ecart.chemin, f"la valeur doit être exactement {attendu}")]


def _dire_bornes(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """`minimum`, `maximum`, `exclusiveMinimum` : un nombre hors de ses bornes."""
    valeur, noeud, borne = ecart.valeur, ecart.noeud, ecart.attendu
    if ecart.mot_cle == "exclusiveMinimum":
        attendue = "strictement positive" if borne == 0 else f"strictement supérieure à {borne}"
        return [(ecart.chemin, f"une valeur {attendue} est attendue, {valeur} trouvé")]
    if "minimum" in noeud and "maximum" in noeud:
        message = f"la valeur {valeur} n'est pas comprise entre {noeud['minimum']} et "
        return [(ecart.chemin, message + f"{noeud['maximum']}{_precision(noeud)}")]
    sens = "inférieure" if ecart.mot_cle == "minimum" else "supérieure"
    return [(ecart.chemin, f"la valeur {valeur} est {sens} à {borne}{_precision(noeud)}")]


def _dire_longueur(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """`minItems`, `maxItems` : une liste trop courte ou trop longue (une case oubliée, en trop,
    ou une virgule décimale qui en fait deux)."""
    attendu, trouve = ecart.attendu, len(ecart.valeur) if isinstance(ecart.valeur, list) else 0
    tableau = TABLEAUX.get(ecart.chemin[:2]) if len(ecart.chemin) == 3 else None
    if tableau:
        manque = "il manque une case" if trouve < attendu else "case en trop"
        message = tableau.longueur.format(attendu=attendu, trouve=trouve, manque=manque)
        return [(ecart.chemin, message)]
    borne = "au moins" if ecart.mot_cle == "minItems" else "au plus"
    s = "s" if attendu > 1 else ""
    message = f"une liste d'{borne} {attendu} élément{s} est attendue, {trouve} trouvé"
    return [(ecart.chemin, message + _precision(ecart.noeud))]


def _dire_nombre_de_cles(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """`minProperties`, `maxProperties` : un bloc qui a trop peu (ou trop) de clés."""
    borne = "au moins" if ecart.mot_cle == "minProperties" else "au plus"
    trouve = len(ecart.valeur) if isinstance(ecart.valeur, dict) else 0
    s = "s" if ecart.attendu > 1 else ""
    return [(ecart.chemin, f"{borne} {ecart.attendu} clé{s} attendue{s}, {trouve} trouvée")]


def _dire_autre(ecart: Ecart, schema: dict[str, Any]) -> Dit:
    """Un mot-clé que ce module ne sait pas dire : le message de jsonschema, tel quel."""
    return [(ecart.chemin, f"non conforme au schéma ({ecart.mot_cle}) : {ecart.message}")]


MESSAGES_DU_SCHEMA: dict[str, Callable[[Ecart, dict[str, Any]], Dit]] = {
    "required": _dire_cles_requises,
    "additionalProperties": _dire_cles_inconnues,
    "unevaluatedProperties": _dire_cles_inconnues,
    "type": _dire_type,
    "pattern": _dire_motif,
    "enum": _dire_valeurs_permises,
    "const": _dire_valeur_exacte,
    "minimum": _dire_bornes,
    "maximum": _dire_bornes,
    "exclusiveMinimum": _dire_bornes,
    "minItems": _dire_longueur,
    "maxItems": _dire_longueur,
    "minProperties": _dire_nombre_de_cles,
    "maxProperties": _dire_nombre_de_cles,
}


def _en_json(cle: Any) -> str:
    """Une clé telle que JSON l'écrit : la ligne `4:` du YAML y devient "4"."""
    return cle if isinstance(cle, str) else json.dumps(cle)


def _chemin_lu(donnees: Any, chemin: tuple[str | int, ...]) -> Chemin:
    """Un chemin vu en JSON ramené aux clés du fichier lu, où la ligne `4:` des plafonds a pour
    clé le nombre 4 : c'est là que le fichier lu trouve sa ligne et sa colonne."""
    lu: list[str | int] = []
    noeud = donnees
    for partie in chemin:
        if isinstance(noeud, dict):
            partie = next((cle for cle in noeud if _en_json(cle) == partie), partie)
            noeud = noeud.get(partie)
        elif isinstance(noeud, list) and isinstance(partie, int) and 0 <= partie < len(noeud):
            noeud = noeud[partie]
        else:
            noeud = None
        lu.append(partie)
    return tuple(lu)


def _validateur(schema: dict[str, Any]) -> Any:
    """Le validateur du schéma, où un nombre entier s'écrit sans décimale (24603, pas 24603.0),
    comme le calculateur l'attend."""
    import jsonschema

    base = jsonschema.Draft202012Validator
    entiers = base.TYPE_CHECKER.redefine(
        "integer", lambda _, valeur: isinstance(valeur, int) and not isinstance(valeur, bool)
    )
    return jsonschema.validators.extend(base, type_checker=entiers)(schema)


def _ecarts(donnees: Any, schema: dict[str, Any]) -> list[Ecart]:
    """Les erreurs du schéma sur le contenu vu comme ses copies JSON publiées (clés en texte)."""
    contenu = json.loads(json.dumps(donnees, ensure_ascii=False))
    erreurs = sorted(
        _validateur(schema).iter_errors(contenu), key=lambda e: list(map(str, e.absolute_path))
    )
    return [
        Ecart(
            e.validator, tuple(e.absolute_path), e.instance, e.validator_value, e.schema, e.message
        )
        for e in erreurs
    ]


def problemes_du_schema(donnees: Any) -> list[Probleme]:
    """Les écarts du contenu d'un fichier au schéma publié, dits en français, chacun au chemin de
    sa valeur dans le fichier lu.

    Dans une liste de mauvaise longueur, les cases sont décalées : seule la longueur est dite.
    Chaque message est dit une fois (jsonschema donne une erreur `required` par clé manquante,
    chacune avec la liste entière).
    """
    schema = json.loads(projet.SCHEMA.read_text(encoding="utf-8"))
    ecarts = _ecarts(donnees, schema)
    decalees = [e.chemin for e in ecarts if e.mot_cle in ("minItems", "maxItems")]
    problemes: dict[Probleme, None] = {}
    for ecart in ecarts:
        if any(len(ecart.chemin) > len(c) and ecart.chemin[: len(c)] == c for c in decalees):
            continue
        dire = MESSAGES_DU_SCHEMA.get(ecart.mot_cle, _dire_autre)
        for chemin, message in dire(ecart, schema):
            problemes[Probleme(_chemin_lu(donnees, chemin), message)] = None
    return list(problemes)
