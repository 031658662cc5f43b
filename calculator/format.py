"""Écriture des nombres et des dates à la française, pour les textes lus par les étudiants."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ESPACE_FINE = "\u202f"
"""Espace fine insécable : séparateur des milliers (« 30 000 »)."""
ESPACE_INSECABLE = "\u00a0"
"""Espace insécable : avant le symbole « € »."""

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def nombre(valeur: int | float | Decimal, decimales: int | None = None) -> str:
    """« 30 000 », « 216,30 », « 40,5 » : milliers séparés par une espace fine, virgule décimale.

    Sans `decimales`, le nombre garde ses décimales utiles (40,50 s'écrit « 40,5 »).
    """
    if isinstance(valeur, int) and decimales in (None, 0):
        texte = f"{valeur:,}"
    else:
        d = Decimal(str(valeur))
        if decimales is None:
            d = d.normalize() if d != d.to_integral_value() else d.to_integral_value()
        else:
            d = d.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
        texte = f"{d:,f}"
    return texte.replace(",", ESPACE_FINE).replace(".", ",")


def euros(valeur: int | float | Decimal, decimales: int | None = None) -> str:
    """« 30 000 € », « 216,30 € » : sans décimale pour un montant entier, deux sinon."""
    if isinstance(valeur, int) and decimales is None:
        return f"{valeur:,}".replace(",", ESPACE_FINE) + ESPACE_INSECABLE + "€"
    if decimales is None and not isinstance(valeur, int):
        d = Decimal(str(valeur))
        decimales = 0 if d == d.to_integral_value() else 2
    return f"{nombre(valeur, decimales)}{ESPACE_INSECABLE}€"


def points(n: int) -> str:
    """« 0 point », « 1 point », « 3 points » (de charge)."""
    return f"{nombre(n)} point{'s' if n > 1 else ''}"


def date_longue(iso: str) -> str:
    """« 2025-03-13 » → « 13 mars 2025 » ; « 1er » pour le premier du mois."""
    annee, mois, jour = (int(x) for x in iso.split("-"))
    jour_texte = "1er" if jour == 1 else str(jour)
    return f"{jour_texte} {MOIS[mois - 1]} {annee}"


# --- Typographie des textes lus par les étudiants ----------------------------------------------

ESPACE = r"[ \u00a0\u202f]"
_MOIS = "|".join(MOIS)
UNITES = (
    "€",
    "%",
    "km",
    "ko",
    "Ko",
    "Mo",
    "Mbit/s",
    "ms",
    "s",
    "min",
    "h",
    "point",
    "points",
    "mois",
    "an",
    "ans",
    "jour",
    "jours",
    "enfant",
    "enfants",
    "mensualité",
    "mensualités",
    "échelon",
    "échelons",
    "droit",
    "droits",
    "crédits",
    "ECTS",
)
"""Les mots qui ne quittent pas le nombre qui les précède (« 30 km », « 3 points », « 10 mois »)."""

REGLES_TYPOGRAPHIQUES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Les milliers : « 21 988 » ne se coupe pas (espace fine insécable).
    (re.compile(r"(?<![\d,.])(\d{1,3})(?: (?=\d{3}(?!\d)))"), "\\1" + ESPACE_FINE),
    # Un nombre et son unité : « 30 km », « 3 points », « 10 mois ».
    (
        re.compile(r"(?<=\d) (?=(?:" + "|".join(map(re.escape, UNITES)) + r")(?![\w/]))"),
        ESPACE_INSECABLE,
    ),
    # Le jour et son mois : « 1er septembre », « 13 mars ».
    (re.compile(r"(?<![\d,])(\d{1,2}|1er) (?=(?:" + _MOIS + r")\b)"), "\\1" + ESPACE_INSECABLE),
    # Avant les deux-points, espace insécable ; avant ; ! ? et à l'intérieur des guillemets,
    # espace fine insécable.
    (re.compile(r" :(?=[\s\"<]|$)"), ESPACE_INSECABLE + ":"),
    (re.compile(r" ([;!?»])"), ESPACE_FINE + "\\1"),
    (re.compile(r"« "), "«" + ESPACE_FINE),
)
"""Les espaces insécables de la typographie française, appliquées dans l'ordre."""


def typographie(texte: str) -> str:
    """Le texte aux espaces insécables françaises : milliers, unités, dates, ponctuation haute
    et guillemets (« 21 988 € », « 3 points », « 1er septembre », « Que faire : »)."""
    for motif, remplacement in REGLES_TYPOGRAPHIQUES:
        texte = motif.sub(remplacement, texte)
    return texte


CLES_NON_TYPOGRAPHIEES = frozenset({"entree", "fragment"})
"""Les clés d'une réponse du calculateur dont les textes ne sont pas des phrases : l'entrée lue
(rendue telle quelle dans les champs) et le lien de partage."""


def typographier(objet: Any) -> Any:
    """Une réponse du calculateur (dictionnaires, listes, textes) aux textes typographiés, sauf
    sous CLES_NON_TYPOGRAPHIEES."""
    if isinstance(objet, str):
        return typographie(objet)
    if isinstance(objet, list):
        return [typographier(x) for x in objet]
    if isinstance(objet, dict):
        return {
            cle: valeur if cle in CLES_NON_TYPOGRAPHIEES else typographier(valeur)
            for cle, valeur in objet.items()
        }
    return objet
