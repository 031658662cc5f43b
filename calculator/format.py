"""Écriture des nombres et des dates à la française, pour les textes lus par les étudiants."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

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
