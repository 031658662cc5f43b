"""La situation d'un étudiant, lue depuis l'objet JSON de l'interface, et ses erreurs de saisie.

Une saisie incorrecte ne plante jamais et ne donne jamais d'estimation : elle donne la liste des
champs à corriger, chacun avec un message en français. Aucune valeur n'est devinée : un champ
obligatoire absent est une erreur, jamais un zéro.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .bareme import Bareme
from .format import nombre

REVENU_MAXIMUM = 10_000_000
"""Au-delà, un revenu brut global est sans doute une faute de frappe (aucun plafond n'en
approche : le plus haut est d'environ 100 000 €)."""

DISTANCE_MAXIMUM_KM = 20_040
"""La moitié du tour de la Terre : aucune distance entre deux lieux ne la dépasse."""

ENFANTS_MAXIMUM = 30


@dataclass(frozen=True)
class Situation:
    """Ce que l'étudiant déclare. Les noms sont ceux de l'interface JSON."""

    annee_universitaire: str
    revenu_brut_global: int | Decimal
    distance_km: int | Decimal
    enfants_a_charge: int
    dont_etudiants_superieur: int
    handicap: bool = False
    aidant: bool = False


@dataclass(frozen=True)
class ErreurDeSaisie:
    """Un champ à corriger : `champ` est la clé JSON (None : l'entrée entière)."""

    champ: str | None
    message: str


CHAMPS_OBLIGATOIRES = (
    "revenu_brut_global",
    "distance_km",
    "enfants_a_charge",
    "dont_etudiants_superieur",
)
CHAMPS_FACULTATIFS = ("annee_universitaire", "handicap", "aidant")
CHAMPS = ("annee_universitaire", *CHAMPS_OBLIGATOIRES, "handicap", "aidant")
BLOCS_FACULTATIFS = ("eligibilite", "ressources", "versement", "outre_mer", "aides")
"""Les blocs facultatifs (objets JSON) que lit `blocs.py` ; absents, le résultat est le même."""
_CHAMPS = frozenset((*CHAMPS, *BLOCS_FACULTATIFS))

LIBELLES = {
    "annee_universitaire": "l'année universitaire",
    "revenu_brut_global": "le revenu brut global",
    "distance_km": "la distance entre le domicile familial et le lieu d'études",
    "enfants_a_charge": "le nombre d'autres enfants à charge",
    "dont_etudiants_superieur": "le nombre d'enfants à charge étudiant dans le supérieur",
    "handicap": "la situation de handicap",
    "aidant": "la situation d'étudiant aidant",
}


INTITULES = {
    "annee_universitaire": "Année universitaire de la bourse",
    "revenu_brut_global": "Revenu brut global du foyer fiscal",
    "distance_km": "Distance entre le domicile familial et le lieu d'études",
    "enfants_a_charge": "Autres enfants à charge du foyer fiscal, sans vous compter",
    "dont_etudiants_superieur": "Dont étudiants dans l'enseignement supérieur",
    "handicap": "Vous êtes en situation de handicap",
    "aidant": "Vous êtes aidant d'un proche en situation de handicap",
}
"""Chaque champ tel que le formulaire principal le demande (gabarit `simulateur.html`), redit
sur le papier (`recapitulatif.py`) : écrit une fois, ici."""


def ne_peut_pas_etre_negatif(libelle: str) -> str:
    """« La distance … ne peut pas être négative. » : accordé au libellé (« la … », « le … »)."""
    accord = "négative" if libelle.startswith("la ") else "négatif"
    return f"{libelle[0].upper()}{libelle[1:]} ne peut pas être {accord}."


def _est_nombre(valeur: Any) -> bool:
    return isinstance(valeur, int | float | Decimal) and not isinstance(valeur, bool)


def _lire_montant(
    champ: str, valeur: Any, maximum: int, unite: str
) -> int | Decimal | ErreurDeSaisie:
    """Un nombre positif ou nul, entier s'il l'est (un JSON `21988` reste l'entier 21988)."""
    if type(valeur) is int and 0 <= valeur <= maximum:
        return valeur
    libelle = LIBELLES[champ]
    if not _est_nombre(valeur):
        return ErreurDeSaisie(champ, f"Indiquez {libelle} par un nombre ({unite}).")
    montant = Decimal(str(valeur))
    if not montant.is_finite():
        return ErreurDeSaisie(champ, f"Indiquez {libelle} par un nombre fini ({unite}).")
    if montant < 0:
        return ErreurDeSaisie(champ, ne_peut_pas_etre_negatif(libelle))
    if montant > maximum:
        return ErreurDeSaisie(
            champ,
            f"{nombre(montant)} {unite} : valeur invraisemblable pour {libelle} "
            f"(au plus {nombre(maximum)} {unite}). Vérifiez la saisie.",
        )
    return montant


def _lire_entier(champ: str, valeur: Any) -> int | ErreurDeSaisie:
    if type(valeur) is int and 0 <= valeur <= ENFANTS_MAXIMUM:
        return valeur
    libelle = LIBELLES[champ]
    if isinstance(valeur, bool) or not isinstance(valeur, int):
        entier_decimal = isinstance(valeur, float | Decimal) and not isinstance(valeur, bool)
        if entier_decimal and math.isfinite(valeur) and valeur == int(valeur):
            valeur = int(valeur)
        else:
            return ErreurDeSaisie(champ, f"Indiquez {libelle} par un nombre entier (0, 1, 2…).")
    if valeur < 0:
        return ErreurDeSaisie(champ, ne_peut_pas_etre_negatif(libelle))
    if valeur > ENFANTS_MAXIMUM:
        return ErreurDeSaisie(
            champ,
            f"{valeur} : valeur invraisemblable pour {libelle} (au plus {ENFANTS_MAXIMUM}). "
            "Vérifiez la saisie.",
        )
    return valeur


def _lire_booleen(champ: str, valeur: Any) -> bool | ErreurDeSaisie:
    if not isinstance(valeur, bool):
        return ErreurDeSaisie(champ, f"Indiquez {LIBELLES[champ]} par true (oui) ou false (non).")
    return valeur


def _lire_revenu(champ: str, valeur: Any) -> int | Decimal | ErreurDeSaisie:
    return _lire_montant(champ, valeur, REVENU_MAXIMUM, "€")


def _lire_distance(champ: str, valeur: Any) -> int | Decimal | ErreurDeSaisie:
    return _lire_montant(champ, valeur, DISTANCE_MAXIMUM_KM, "km")


_LECTEURS = {
    "revenu_brut_global": _lire_revenu,
    "distance_km": _lire_distance,
    "enfants_a_charge": _lire_entier,
    "dont_etudiants_superieur": _lire_entier,
    "handicap": _lire_booleen,
    "aidant": _lire_booleen,
}
"""Le contrôle de chaque champ, dans l'ordre de l'interface."""


def lire_situation(
    entree: Any, baremes: Mapping[str, Bareme]
) -> tuple[Situation | None, list[ErreurDeSaisie]]:
    """Lit et contrôle l'objet d'entrée. Renvoie la situation, ou None et les erreurs."""
    situation = _situation_ordinaire(entree, baremes)
    if situation is not None:
        return situation, []
    return _lire_en_detail(entree, baremes)


_CHAMPS_DE_LA_SITUATION = frozenset(CHAMPS)


def _situation_ordinaire(entree: Any, baremes: Mapping[str, Bareme]) -> Situation | None:
    """Le cas de presque toutes les entrées, contrôlé d'un coup : rien que les champs de la
    situation, des entiers dans leurs bornes, des booléens, une année connue ou absente. Sinon
    None, et `_lire_en_detail` dit ce qui ne va pas (une propriété vérifie que les deux lisent
    la même situation)."""
    if type(entree) is not dict or not _CHAMPS_DE_LA_SITUATION.issuperset(entree):
        return None
    get = entree.get
    revenu, distance = get("revenu_brut_global"), get("distance_km")
    enfants, dont = get("enfants_a_charge"), get("dont_etudiants_superieur")
    handicap, aidant = get("handicap", False), get("aidant", False)
    annee = get("annee_universitaire")
    if annee is None:
        annee = max(baremes)
    if (
        type(revenu) is int
        and 0 <= revenu <= REVENU_MAXIMUM
        and type(distance) is int
        and 0 <= distance <= DISTANCE_MAXIMUM_KM
        and type(enfants) is int
        and type(dont) is int
        and 0 <= dont <= enfants <= ENFANTS_MAXIMUM
        and type(handicap) is bool
        and type(aidant) is bool
        and type(annee) is str
        and annee in baremes
    ):
        return Situation(annee, revenu, distance, enfants, dont, handicap, aidant)
    return None


def _lire_en_detail(
    entree: Any, baremes: Mapping[str, Bareme]
) -> tuple[Situation | None, list[ErreurDeSaisie]]:
    """Chaque champ contrôlé à part : toutes les erreurs, chacune avec son champ."""
    if not isinstance(entree, dict):
        return None, [
            ErreurDeSaisie(None, 'L\'entrée doit être un objet JSON : { "revenu_brut_global": … }.')
        ]
    erreurs: list[ErreurDeSaisie] = []
    for cle in [cle for cle in entree if cle not in _CHAMPS]:
        erreurs.append(
            ErreurDeSaisie(
                str(cle),
                f"Champ inconnu « {cle} » (champs possibles : {', '.join(CHAMPS)} ; blocs "
                f"facultatifs : {', '.join(BLOCS_FACULTATIFS)}).",
            )
        )
    for cle in CHAMPS_OBLIGATOIRES:
        if cle not in entree or entree[cle] is None:
            erreurs.append(
                ErreurDeSaisie(cle, f"Indiquez {LIBELLES[cle]} : ce champ est obligatoire.")
            )

    annee = entree.get("annee_universitaire")
    if annee is None:
        annee = max(baremes)
    elif not isinstance(annee, str) or annee not in baremes:
        erreurs.append(
            ErreurDeSaisie(
                "annee_universitaire",
                f"Année universitaire inconnue {annee!r} : années disponibles "
                f"{', '.join(sorted(baremes))}.",
            )
        )

    valeurs: dict[str, Any] = {}
    for cle, lire in _LECTEURS.items():
        valeur = entree.get(cle)
        if valeur is None:
            continue
        lu = lire(cle, valeur)
        if isinstance(lu, ErreurDeSaisie):
            erreurs.append(lu)
        else:
            valeurs[cle] = lu

    enfants, dont = valeurs.get("enfants_a_charge"), valeurs.get("dont_etudiants_superieur")
    if enfants is not None and dont is not None and dont > enfants:
        erreurs.append(
            ErreurDeSaisie(
                "dont_etudiants_superieur",
                f"Le nombre d'enfants à charge étudiant dans le supérieur ({dont}) ne peut pas "
                f"dépasser le nombre d'autres enfants à charge ({enfants}) : ils en font partie.",
            )
        )
    if erreurs:
        return None, erreurs
    return Situation(
        annee_universitaire=annee,
        revenu_brut_global=valeurs["revenu_brut_global"],
        distance_km=valeurs["distance_km"],
        enfants_a_charge=valeurs["enfants_a_charge"],
        dont_etudiants_superieur=valeurs["dont_etudiants_superieur"],
        handicap=valeurs.get("handicap", False),
        aidant=valeurs.get("aidant", False),
    ), []
