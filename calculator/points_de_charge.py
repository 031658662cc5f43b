"""Points de charge : ce qui, dans la situation de l'étudiant et de sa famille, fait monter le
plafond de ressources (on lit une ligne plus basse du tableau de l'arrêté).

Chaque règle est une fonction qui cite son texte. Les nombres de points viennent du barème de
l'année (`barèmes/<année>.yaml`, bloc `points_de_charge`), jamais du code.

Texte : circulaire annuelle relative aux modalités d'attribution des bourses d'enseignement
supérieur sur critères sociaux, annexe « ressources et points de charge » (non lue dans le BO ;
reprise par les Crous, voir regles-bcs.md § 4).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from .bareme import Bareme, Regle
from .format import nombre


class ElementDeCharge(NamedTuple):
    """Une ligne du détail des points de charge : la règle, ses points et pourquoi."""

    regle: str
    points: int
    libelle: str
    reference: str | None


def _pluriel(n: int, singulier: str, pluriel: str) -> str:
    return f"{n} {singulier if n <= 1 else pluriel}"


def points_eloignement(distance_km: int | Decimal, bareme: Bareme) -> int:
    """Éloignement entre le domicile familial et l'établissement d'études.

    Circulaire, annexe « points de charge » : de 30 à 249 km, 1 point ; à partir de 250 km,
    2 points ; depuis la rentrée 2022, de 3 500 à 12 999 km, 3 points et à partir de 13 000 km,
    4 points (etudiant.gouv.fr, « renforcement du soutien financier aux étudiants ultramarins »).
    Le palier le plus élevé atteint s'applique ; les paliers ne s'additionnent pas.
    """
    points = 0
    for palier in bareme.paliers_eloignement:
        if distance_km >= palier.a_partir_de_km:
            points = palier.points
    return points


def points_enfants_a_charge(
    enfants_a_charge: int, dont_etudiants_superieur: int, bareme: Bareme
) -> int:
    """Autres enfants à charge fiscale de la famille (candidat exclu), hors enseignement supérieur.

    Circulaire, annexe « points de charge » : 2 points par enfant (Crous de Reims 2020-2021 ;
    presse 2023). Un enfant étudiant dans le supérieur compte 4 points à la place de 2.
    """
    return bareme.enfant_a_charge.points * (enfants_a_charge - dont_etudiants_superieur)


def points_enfants_etudiants_superieur(dont_etudiants_superieur: int, bareme: Bareme) -> int:
    """Autres enfants à charge fiscale de la famille étudiant dans l'enseignement supérieur.

    Circulaire, annexe « points de charge » : 4 points par enfant, à la place des 2 points d'un
    enfant à charge (Crous de Reims 2020-2021 ; presse 2023).
    """
    return bareme.enfant_etudiant_superieur.points * dont_etudiants_superieur


def points_handicap(handicap: bool, bareme: Bareme) -> int:
    """Étudiant en situation de handicap dont les droits sont notifiés par la CDAPH.

    4 points depuis la rentrée 2023 (ministère de l'Enseignement supérieur, « étudiants en
    situation de handicap et étudiants aidants : 4 points de charge supplémentaires »).
    """
    if not handicap or bareme.handicap is None:
        return 0
    return bareme.handicap.points


def points_aidant(aidant: bool, bareme: Bareme) -> int:
    """Étudiant aidant d'un proche en situation de handicap.

    4 points depuis la rentrée 2023, quel que soit le nombre de proches aidés ; ils s'ajoutent à
    ceux du handicap (8 points pour un étudiant handicapé et aidant, Cnous, espace partenaires).
    """
    if not aidant or bareme.aidant is None:
        return 0
    return bareme.aidant.points


def detail_des_points(
    distance_km: int | Decimal,
    enfants_a_charge: int,
    dont_etudiants_superieur: int,
    handicap: bool,
    aidant: bool,
    bareme: Bareme,
) -> tuple[ElementDeCharge, ...]:
    """Chaque règle appliquée à la situation, avec ses points et leur raison."""
    return _detail(
        points_eloignement(distance_km, bareme),
        enfants_a_charge,
        dont_etudiants_superieur,
        handicap,
        aidant,
        bareme,
    )


@lru_cache(maxsize=4096)
def _detail(
    points_distance: int,
    enfants_a_charge: int,
    dont_etudiants_superieur: int,
    handicap: bool,
    aidant: bool,
    bareme: Bareme,
) -> tuple[ElementDeCharge, ...]:
    """Le détail ne dépend que de la tranche de distance et de la famille : gardé en cache."""
    autres = enfants_a_charge - dont_etudiants_superieur
    elements = [
        ElementDeCharge(
            "eloignement",
            points_distance,
            f"Éloignement : {tranche_d_eloignement(points_distance, bareme)}",
            bareme.reference_eloignement,
        ),
        ElementDeCharge(
            "enfant_a_charge",
            points_enfants_a_charge(enfants_a_charge, dont_etudiants_superieur, bareme),
            f"{_pluriel(autres, 'autre enfant', 'autres enfants')} à charge hors enseignement "
            f"supérieur × {bareme.enfant_a_charge.points} points",
            bareme.enfant_a_charge.reference,
        ),
        ElementDeCharge(
            "enfant_etudiant_superieur",
            points_enfants_etudiants_superieur(dont_etudiants_superieur, bareme),
            f"{_pluriel(dont_etudiants_superieur, 'autre enfant', 'autres enfants')} à charge "
            f"dans l'enseignement supérieur × {bareme.enfant_etudiant_superieur.points} points",
            bareme.enfant_etudiant_superieur.reference,
        ),
    ]
    if handicap:
        elements.append(
            _element_statut(
                "handicap",
                points_handicap(handicap, bareme),
                bareme.handicap,
                "Étudiant en situation de handicap, droits notifiés par la CDAPH",
                f"pas de point de charge pour le handicap en {bareme.annee_universitaire}",
            )
        )
    if aidant:
        elements.append(
            _element_statut(
                "aidant",
                points_aidant(aidant, bareme),
                bareme.aidant,
                "Étudiant aidant d'un proche en situation de handicap",
                f"pas de point de charge pour un aidant en {bareme.annee_universitaire}",
            )
        )
    return tuple(elements)


def bornes_de_la_tranche(points: int, bareme: Bareme) -> tuple[int | None, int | None]:
    """(de, à) en km, la tranche de distance qui donne ces points cette année-là ; None : pas
    de borne (de 0, ou sans fin)."""
    paliers = bareme.paliers_eloignement
    if points == 0:
        return None, paliers[0].a_partir_de_km - 1
    rang = [p.points for p in paliers].index(points)
    fin = paliers[rang + 1].a_partir_de_km - 1 if rang + 1 < len(paliers) else None
    return paliers[rang].a_partir_de_km, fin


def tranche_d_eloignement(points: int, bareme: Bareme) -> str:
    """« moins de 30 km », « de 30 à 249 km », « 250 km ou plus » : la tranche de distance qui
    donne ces points cette année-là."""
    debut, fin = bornes_de_la_tranche(points, bareme)
    if debut is None:
        return f"moins de {nombre(fin + 1)} km"
    if fin is not None:
        return f"de {nombre(debut)} à {nombre(fin)} km"
    return f"{nombre(debut)} km ou plus"


def _element_statut(
    regle: str, points: int, regle_du_bareme: Regle | None, libelle: str, absent: str
) -> ElementDeCharge:
    if regle_du_bareme is None:
        return ElementDeCharge(regle, 0, f"{libelle} : {absent}", None)
    return ElementDeCharge(regle, points, libelle, regle_du_bareme.reference)
