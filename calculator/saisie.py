"""Lecture d'un montant tapé par un étudiant : « 21988 », « 21 988 € », « 21.988 », « 21 988,00 ».

Le formulaire du site appelle cette fonction dans le navigateur, par le même paquet que les tests.
"""

from __future__ import annotations

import re
from decimal import Decimal

ESPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
SYMBOLES_MONETAIRES = re.compile(r"(€|eur(os?)?)$", re.IGNORECASE)
CHIFFRES = re.compile(r"^\d+$")


class MontantIllisible(ValueError):
    """Le texte n'est pas un montant ; le message dit pourquoi, en français."""


def lire_montant(texte: str) -> Decimal:
    """Le montant en euros qu'un étudiant a tapé, quelle que soit sa façon de l'écrire.

    Espaces, apostrophes et symbole « € » sont ignorés. Un « . » ou une « , » seul, suivi
    d'exactement trois chiffres, sépare les milliers (« 21.988 » = 21 988) ; sinon il marque
    les décimales (« 21988,5 »). Quand les deux signes sont présents, le dernier marque les
    décimales (« 21.988,00 », « 21,988.00 »). Un champ vide est une erreur, jamais zéro.
    """
    brut = ESPACES.sub("", texte or "")
    brut = SYMBOLES_MONETAIRES.sub("", brut.replace("€", ""))
    if not brut:
        raise MontantIllisible("Le champ est vide : indiquez un montant en euros.")
    if brut.startswith("-"):
        raise MontantIllisible("Un revenu brut global ne peut pas être négatif.")
    separateurs = [c for c in brut if c in ".,"]
    if any(not (c.isdigit() or c in ".,") for c in brut):
        raise MontantIllisible(
            f"« {texte.strip()} » n'est pas un montant : tapez seulement des chiffres "
            "(par exemple 21 988)."
        )
    if len(set(separateurs)) == 2:
        decimal_sep = brut[max(brut.rfind("."), brut.rfind(","))]
        milliers_sep = "," if decimal_sep == "." else "."
        if brut.count(decimal_sep) > 1:
            raise MontantIllisible(f"« {texte.strip()} » n'est pas un montant lisible.")
        entier, decimales = brut.replace(milliers_sep, "").split(decimal_sep)
    elif len(separateurs) == 1:
        entier, suite = re.split(r"[.,]", brut)
        if len(suite) == 3:
            entier, decimales = entier + suite, ""
        else:
            decimales = suite
    elif separateurs:
        morceaux = re.split(r"[.,]", brut)
        if any(len(m) != 3 for m in morceaux[1:]):
            raise MontantIllisible(f"« {texte.strip()} » n'est pas un montant lisible.")
        entier, decimales = "".join(morceaux), ""
    else:
        entier, decimales = brut, ""
    if not CHIFFRES.match(entier or "0") or (decimales and not CHIFFRES.match(decimales)):
        raise MontantIllisible(f"« {texte.strip()} » n'est pas un montant lisible.")
    return Decimal(f"{entier or '0'}.{decimales or '0'}")
