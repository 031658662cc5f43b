"""L'estimation complète : points de charge, échelon, montants, marges et explication.

`estimer` assemble les règles des autres modules dans l'ordre où un Crous les applique ; chaque
étape de l'explication porte la clé de sa référence dans le barème de l'année (`references`).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from .bareme import Bareme, phrase_du_bareme_provisoire
from .echelon import Marges, echelon, echelon_superieur, ligne_du_tableau, marges
from .format import euros, nombre
from .format import points as _points
from .montants import (
    montant_annuel,
    montant_annuel_12_mois,
    montant_mensuel,
    montant_mensuel_12_mois,
)
from .points_de_charge import ElementDeCharge, detail_des_points
from .situation import Situation


class Etape(NamedTuple):
    """Une étape du raisonnement, avec la clé de sa référence dans le barème (ou None)."""

    texte: str
    reference: str | None


class Avertissement(NamedTuple):
    """Une limite du calcul que l'étudiant doit connaître (code stable, message en français)."""

    code: str
    message: str


class Estimation(NamedTuple):
    """Le résultat d'une estimation."""

    situation: Situation
    bareme: Bareme
    detail_points_de_charge: tuple[ElementDeCharge, ...]
    points_de_charge: int
    ligne_du_tableau: int
    echelon: str | None
    plafond: int | None
    montant_annuel: int
    montant_mensuel: Decimal
    montant_annuel_12_mois: int
    montant_mensuel_12_mois: Decimal
    marges: Marges
    explication: tuple[Etape, ...]
    avertissements: tuple[Avertissement, ...]


def estimer(situation: Situation, bareme: Bareme) -> Estimation:
    """Applique le barème de l'année à la situation."""
    detail = detail_des_points(
        situation.distance_km,
        situation.enfants_a_charge,
        situation.dont_etudiants_superieur,
        situation.handicap,
        situation.aidant,
        bareme,
    )
    total = sum(element.points for element in detail)
    ligne = ligne_du_tableau(total, bareme)
    plafonds = bareme.plafonds[ligne]
    revenu = situation.revenu_brut_global
    obtenu = echelon(revenu, plafonds)
    m = marges(revenu, plafonds, obtenu)
    avertissements = _avertissements(total, ligne, bareme) + distance_proche_d_un_seuil(
        situation.distance_km, bareme
    )
    return Estimation(
        situation=situation,
        bareme=bareme,
        detail_points_de_charge=detail,
        points_de_charge=total,
        ligne_du_tableau=ligne,
        echelon=obtenu,
        plafond=None if obtenu is None else plafonds[obtenu],
        montant_annuel=0 if obtenu is None else montant_annuel(obtenu, bareme),
        montant_mensuel=Decimal(0) if obtenu is None else montant_mensuel(obtenu, bareme),
        montant_annuel_12_mois=0 if obtenu is None else montant_annuel_12_mois(obtenu, bareme),
        montant_mensuel_12_mois=(
            Decimal(0) if obtenu is None else montant_mensuel_12_mois(obtenu, bareme)
        ),
        marges=m,
        explication=explication(
            euros(situation.revenu_brut_global), bareme, detail, total, ligne, obtenu
        ),
        avertissements=avertissements,
    )


@lru_cache(maxsize=1024)
def _avertissements(total: int, ligne: int, bareme: Bareme) -> tuple[Avertissement, ...]:
    avertissements = []
    if total > ligne:
        avertissements.append(
            Avertissement(
                "au_dela_de_17_points",
                f"{total} points de charge : le tableau de l'arrêté s'arrête à {ligne} points et "
                f"aucun texte consulté ne dit ce qui se passe au-delà. L'estimation lit la ligne "
                f"{ligne}, comme le simulateur OpenFisca ; le Crous peut en décider autrement.",
            )
        )
    if bareme.statut == "provisoire":
        avertissements.append(
            Avertissement(
                "bareme_provisoire",
                phrase_du_bareme_provisoire(bareme),
            )
        )
    if bareme.fiabilite_plafonds == "deduit":
        avertissements.append(
            Avertissement(
                "plafonds_deduits",
                f"Plafonds {bareme.annee_universitaire} non lus dans un texte de cette année : "
                "déduits (tableau tenu pour inchangé) ; à confirmer par l'arrêté de l'année.",
            )
        )
    return tuple(avertissements)


ECART_PROCHE_D_UN_SEUIL_KM = 5
"""En deçà de 5 km d'un seuil d'éloignement, l'estimation prévient que la distance décide."""


@lru_cache(maxsize=1024)
def distance_proche_d_un_seuil(
    distance_km: int | float | Decimal, bareme: Bareme
) -> tuple[Avertissement, ...]:
    """Une distance à 5 km ou moins d'un seuil d'éloignement (30, 250, 3 500, 13 000 km) : le
    Crous mesure lui-même la distance, de commune à commune, par le logiciel national, selon
    une méthode qu'aucun texte lu ne publie ; quelques kilomètres changent les points.

    sources.DISTANCE (simulateur du Crous, 2024-2025 ; question écrite au Sénat, 2003).
    """
    for palier in bareme.paliers_eloignement:
        ecart = abs(Decimal(str(distance_km)) - palier.a_partir_de_km)
        if ecart <= ECART_PROCHE_D_UN_SEUIL_KM:
            message = (
                f"{nombre(distance_km)} km : à {nombre(ecart)} km du seuil de "
                f"{nombre(palier.a_partir_de_km)} km, à partir duquel l'éloignement donne "
                f"{_points(palier.points)} de charge. Le Crous calcule lui-même la distance, de "
                "commune à commune (méthode non publiée) : si la sienne passe de l'autre côté "
                "du seuil, les points de charge, et peut-être l'échelon, changent ; demandez-lui "
                "la distance qu'il retient."
            )
            return (Avertissement("distance_proche_d_un_seuil", message),)
    return ()


def explication(
    revenu: str,
    bareme: Bareme,
    detail: tuple[ElementDeCharge, ...],
    total: int,
    ligne: int,
    obtenu: str | None,
) -> tuple[Etape, ...]:
    """Les étapes du raisonnement. Le revenu (`revenu`, déjà écrit en euros) n'y paraît que
    dans la première étape et dans celle qui situe le revenu sur la ligne du tableau."""
    debut = Etape(f"{_phrase_du_bareme(bareme)}, soit {revenu}.", "circulaire")
    points = _etapes_des_points(detail, total, ligne)
    if obtenu is None:
        sans_bourse = Etape(f"{revenu}{_phrase_sans_bourse(bareme, ligne)}", "arrete_plafonds")
        return (debut, *points, sans_bourse)
    phrase = Etape(f"{revenu}{_phrase_de_l_echelon(bareme, ligne, obtenu)}", "arrete_plafonds")
    return (debut, *points, phrase, _etape_des_montants(bareme, obtenu))


@lru_cache(maxsize=4096)
def _etapes_des_points(
    detail: tuple[ElementDeCharge, ...], total: int, ligne: int
) -> tuple[Etape, ...]:
    """Les étapes des points de charge : ne dépendent que de la famille, gardées en cache."""
    return (*map(_etape_du_detail, detail), _etape_de_la_ligne(total, ligne))


@lru_cache(maxsize=64)
def _phrase_du_bareme(bareme: Bareme) -> str:
    return (
        f"Barème {bareme.annee_universitaire} : ressources de {bareme.annee_des_revenus} "
        f"(revenu brut global de l'avis d'imposition {bareme.annee_de_l_avis_d_imposition})"
    )


@lru_cache(maxsize=4096)
def _etape_du_detail(element: ElementDeCharge) -> Etape:
    return Etape(f"{element.libelle} : {_points(element.points)}.", element.reference)


@lru_cache(maxsize=1024)
def _etape_de_la_ligne(total: int, ligne: int) -> Etape:
    if total > ligne:
        texte = f"{_points(total)} au total ; le tableau s'arrête à {ligne} : ligne {ligne}."
    else:
        texte = f"{_points(total)} au total : ligne « {_points(ligne)} de charge » du tableau."
    return Etape(texte, "arrete_plafonds")


@lru_cache(maxsize=1024)
def _phrase_sans_bourse(bareme: Bareme, ligne: int) -> str:
    plafond = euros(bareme.plafonds[ligne]["0bis"])
    return (
        f" dépasse le plafond de l'échelon 0bis ({plafond}) de cette ligne : pas de bourse sur "
        "critères sociaux."
    )


@lru_cache(maxsize=4096)
def _phrase_de_l_echelon(bareme: Bareme, ligne: int, obtenu: str) -> str:
    plafonds = bareme.plafonds[ligne]
    texte = f" ne dépasse pas le plafond de l'échelon {obtenu} ({euros(plafonds[obtenu])})"
    suivant = echelon_superieur(obtenu)
    if suivant is not None:
        texte += f" mais dépasse celui de l'échelon {suivant} ({euros(plafonds[suivant])})"
    return f"{texte} : échelon {obtenu}."


@lru_cache(maxsize=256)
def _etape_des_montants(bareme: Bareme, obtenu: str) -> Etape:
    return Etape(
        f"Échelon {obtenu} en {bareme.annee_universitaire} : "
        f"{euros(bareme.montants_10_mois[obtenu])} par an en 10 mensualités de "
        f"{euros(montant_mensuel(obtenu, bareme))} ; {euros(bareme.montants_12_mois[obtenu])} "
        "par an en 12 mensualités pour qui bénéficie du maintien de la bourse pendant les "
        "grandes vacances.",
        "arrete_taux",
    )
