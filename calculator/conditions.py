"""Le vocabulaire commun des règles d'éligibilité, de ressources, de versement et des aides.

Chaque condition reçoit l'un de trois statuts : « remplie », « non remplie » ou « à vérifier »
(codes `remplie`, `non remplie`, `a_verifier`). « Remplie » n'est jamais donné pour une chose
que l'entrée n'a pas dite : ce qui manque, ou ce que les sources ne tranchent pas, est « à
vérifier », avec la raison.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from .bareme import FIABILITES

REMPLIE = "remplie"
NON_REMPLIE = "non remplie"
A_VERIFIER = "a_verifier"

LIBELLES_STATUT = {REMPLIE: "remplie", NON_REMPLIE: "non remplie", A_VERIFIER: "à vérifier"}
"""Le libellé à afficher pour chaque code de statut."""

_ORDRE_FIABILITE = {code: rang for rang, code in enumerate(FIABILITES)}


class Condition(NamedTuple):
    """Une condition examinée : son statut, pourquoi, d'après quel texte, avec quelle certitude.

    `incertitude` dit ce que les sources ne tranchent pas (sources en conflit, source
    secondaire unique…) ; None quand rien n'est signalé. `question_a_repondre` (« bloc.cle ») :
    la question dont la réponse trancherait une condition « à vérifier » (ou lèverait un
    refus qu'une réponse manquante pourrait changer) ; None si aucune ne le peut."""

    condition: str
    libelle: str
    statut: str
    raison: str
    incertitude: str | None
    source: str
    fiabilite: str
    question_a_repondre: str | None = None

    def en_dict(self) -> dict[str, str | None]:
        return {
            "condition": self.condition,
            "libelle": self.libelle,
            "statut": self.statut,
            "libelle_statut": LIBELLES_STATUT[self.statut],
            "raison": self.raison,
            "incertitude": self.incertitude,
            "source": self.source,
            "fiabilite": self.fiabilite,
            "question_a_repondre": self.question_a_repondre,
        }


def statut_combine(statuts: Iterable[str]) -> str:
    """Plusieurs conditions à la fois : non remplie si l'une l'est, sinon à vérifier si l'une
    l'est, sinon remplie."""
    vus = set(statuts)
    if NON_REMPLIE in vus:
        return NON_REMPLIE
    if A_VERIFIER in vus or not vus:
        return A_VERIFIER
    return REMPLIE


def fiabilite_la_plus_faible(fiabilites: Iterable[str]) -> str:
    """Le degré de certitude le plus faible (un raisonnement vaut ce que vaut sa source la
    moins sûre)."""
    return max(fiabilites, key=lambda f: _ORDRE_FIABILITE.get(f, len(_ORDRE_FIABILITE)))


def phrase(parties: Iterable[str]) -> str:
    """Des morceaux de raison réunis en une phrase (« a ; b ; c. »)."""
    texte = " ; ".join(p.rstrip(". ") for p in parties if p)
    return f"{texte[0].upper()}{texte[1:]}." if texte else ""


def nombre_json(valeur: Decimal | int | float | None) -> int | float | None:
    """Un montant pour JSON : entier s'il l'est, sinon au centime (comme le résultat)."""
    if valeur is None or type(valeur) is int:
        return valeur
    d = Decimal(str(valeur))
    if d == d.to_integral_value():
        return int(d)
    return float(d.quantize(Decimal("0.01")))
