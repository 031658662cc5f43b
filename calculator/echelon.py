"""Échelon : la ligne du tableau des plafonds, l'échelon obtenu et les marges autour de lui.

Texte : arrêté annuel fixant les plafonds de ressources (annexe : un tableau, une ligne par
nombre de points de charge de 0 à 17, une colonne par échelon).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .bareme import ECHELONS, Bareme


def ligne_du_tableau(points_de_charge: int, bareme: Bareme) -> int:
    """La ligne du tableau des plafonds à lire : celle des points de charge, 17 au plus.

    Le tableau de l'arrêté s'arrête à 17 points et aucun texte consulté ne dit ce qui se passe
    au-delà ; comme OpenFisca-France, on lit alors la ligne 17 (incertain, signalé au résultat).
    """
    return min(points_de_charge, bareme.points_maximum_du_tableau)


def echelon(revenu_brut_global: int | Decimal, plafonds_de_la_ligne: dict[str, int]) -> str | None:
    """L'échelon le plus élevé dont le plafond n'est pas dépassé, ou None : pas de bourse.

    Arrêté « plafonds » : les ressources ne doivent pas dépasser le plafond (service-public,
    « revenus à ne pas dépasser ») ; un revenu égal au plafond y ouvre donc droit (comme
    OpenFisca-France : `base_ressources <= plafond`).
    """
    for candidat in reversed(ECHELONS):
        if revenu_brut_global <= plafonds_de_la_ligne[candidat]:
            return candidat
    return None


def echelon_superieur(actuel: str | None) -> str | None:
    """L'échelon au-dessus (« 0bis » quand il n'y a pas de bourse ; None au-dessus du 7)."""
    if actuel is None:
        return ECHELONS[0]
    rang = ECHELONS.index(actuel)
    return ECHELONS[rang + 1] if rang + 1 < len(ECHELONS) else None


class Marges(NamedTuple):
    """Ce qui sépare le revenu des plafonds voisins, sur la même ligne du tableau."""

    hausse_possible: int | Decimal | None
    """De combien le revenu peut monter sans perdre l'échelon (None : pas de bourse)."""
    echelon_superieur: str | None
    """L'échelon suivant vers le haut (None : déjà à l'échelon 7)."""
    baisse_necessaire: int | Decimal | None
    """De combien le revenu devrait baisser pour l'atteindre (None : déjà à l'échelon 7)."""


def marges(
    revenu_brut_global: int | Decimal, plafonds_de_la_ligne: dict[str, int], actuel: str | None
) -> Marges:
    """Les marges du revenu autour de l'échelon obtenu."""
    hausse = None if actuel is None else plafonds_de_la_ligne[actuel] - revenu_brut_global
    suivant = echelon_superieur(actuel)
    baisse = None if suivant is None else revenu_brut_global - plafonds_de_la_ligne[suivant]
    return Marges(hausse, suivant, baisse)
