"""Montants de la bourse selon l'échelon.

Texte : arrêté annuel fixant les taux des bourses d'enseignement supérieur (colonnes « taux
annuel sur 10 mois » et « taux pour les étudiants bénéficiant du maintien de la bourse pendant
les grandes vacances universitaires »).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from .bareme import Bareme

CENTIME = Decimal("0.01")


def montant_annuel(echelon: str, bareme: Bareme) -> int:
    """Taux annuel de l'échelon, versé en 10 mensualités de septembre à juin (arrêté « taux »)."""
    return bareme.montants_10_mois[echelon]


@lru_cache(maxsize=256)
def montant_mensuel(echelon: str, bareme: Bareme) -> Decimal:
    """Une mensualité sur 10 mois : le taux annuel divisé par 10."""
    return (Decimal(montant_annuel(echelon, bareme)) / 10).quantize(CENTIME, ROUND_HALF_UP)


def montant_annuel_12_mois(echelon: str, bareme: Bareme) -> int:
    """Taux annuel avec le maintien de la bourse pendant les grandes vacances (12 mensualités).

    Réservé aux situations que liste la circulaire (famille en outre-mer ou hors d'Europe,
    pupille de l'État, orphelin de ses deux parents, réfugié, ancien de l'aide sociale à
    l'enfance…), pour un boursier dont les études ne sont pas finies au 1er juillet.
    """
    return bareme.montants_12_mois[echelon]


@lru_cache(maxsize=256)
def montant_mensuel_12_mois(echelon: str, bareme: Bareme) -> Decimal:
    """Une mensualité sur 12 mois : le taux annuel « 12 mois » divisé par 12, au centime."""
    return (Decimal(montant_annuel_12_mois(echelon, bareme)) / 12).quantize(CENTIME, ROUND_HALF_UP)
