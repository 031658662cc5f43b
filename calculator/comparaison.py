"""Ce qui change d'une année universitaire à l'autre : montants, plafonds, règles, références.

Une seule comparaison sert à `python build.py comparer A B` (pour l'éditeur) et aux sections
« Ce qui change » du site (pour les étudiants). Elle compare deux `Bareme`, déjà vérifiés par
le chargeur.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .bareme import ECHELONS, Bareme
from .format import date_longue, euros, nombre


@dataclass(frozen=True)
class Changement:
    """Une différence entre deux barèmes."""

    bloc: str
    """« montants », « plafonds », « points_de_charge », « references », « calendrier »…"""
    lieu: str
    """Ce qui change, en mots : « échelon 3, sur 10 mois », « 4 points de charge, échelon 2 »."""
    avant: Any
    apres: Any

    @property
    def texte(self) -> str:
        """« échelon 3, sur 10 mois : 3 458 € → 3 828 € (+370 €, +10,7 %) »."""
        if self.bloc == "aides_liees":
            montant = lambda v: "(aucune)" if v is None else euros(v)  # noqa: E731
            return f"{self.lieu} : {montant(self.avant)} → {montant(self.apres)}"
        if _est_montant(self.avant) and _est_montant(self.apres):
            variation = ecart(self.avant, self.apres)
            return f"{self.lieu} : {euros(self.avant)} → {euros(self.apres)} ({variation})"
        return f"{self.lieu} : {_texte(self.avant)} → {_texte(self.apres)}"


@dataclass(frozen=True)
class Comparaison:
    """Toutes les différences entre l'année `avant` et l'année `apres`."""

    avant: str
    apres: str
    changements: tuple[Changement, ...]
    plafonds_identiques: bool
    montants_identiques: bool

    def du_bloc(self, bloc: str) -> tuple[Changement, ...]:
        return tuple(c for c in self.changements if c.bloc == bloc)


NOMS_DES_AIDES = {
    "aide_au_merite": "aide au mérite",
    "aide_mobilite_internationale": "aide à la mobilité internationale",
    "aide_mobilite_master": "aide à la mobilité en master",
    "majoration_outre_mer": "majoration outre-mer",
    "repas_a_un_euro": "repas à 1 € au restaurant universitaire",
    "aide_restauration_zones_blanches": "aide à la restauration loin d'un restaurant universitaire",
    "pass_sport": "Pass'Sport",
}
"""Le nom de chaque sous-bloc de `aides_liees` dans les phrases de la comparaison."""


def _est_montant(valeur: Any) -> bool:
    return isinstance(valeur, int | float) and not isinstance(valeur, bool)


def _texte(valeur: Any) -> str:
    if valeur is None:
        return "(aucun)"
    if _est_montant(valeur):
        return nombre(valeur)
    if isinstance(valeur, str) and len(valeur) == 10 and valeur[4] == valeur[7] == "-":
        return date_longue(valeur)
    return str(valeur)


def ecart(avant: float, apres: float) -> str:
    """« +370 €, +10,7 % » : l'écart en euros et en pourcentage (une décimale)."""
    difference = apres - avant
    signe = "+" if difference >= 0 else "−"
    texte = f"{signe}{euros(abs(difference))}"
    if avant:
        pourcentage = (Decimal(difference) * 100 / Decimal(avant)).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
        texte += f", {signe}{nombre(abs(pourcentage), 1)} %"
    return texte


def _regles_de_points(bareme: Bareme) -> dict[str, str | None]:
    """Chaque règle de points de charge en mots (« 2 points ») ; None : absente cette année."""
    points = bareme.points_de_charge
    regles: dict[str, str | None] = {
        "éloignement": " ; ".join(
            f"{nombre(p.points)} point{'s' if p.points > 1 else ''} dès "
            f"{nombre(p.a_partir_de_km)} km"
            for p in points.eloignement.paliers
        ),
        "autre enfant à charge": f"{points.enfant_a_charge.points} points",
        "enfant dans le supérieur": f"{points.enfant_etudiant_superieur.points} points",
    }
    for regle, nom in ((points.handicap, "handicap"), (points.aidant, "étudiant aidant")):
        regles[nom] = None if regle is None else f"{regle.points} points"
    return regles


def _changements_des_montants(avant: Bareme, apres: Bareme) -> list[Changement]:
    """Chaque taux qui change, échelon par échelon, sur 10 puis sur 12 mois."""
    changements = []
    for echelon in ECHELONS:
        for duree, a, b in (
            ("sur 10 mois", avant.montants_10_mois[echelon], apres.montants_10_mois[echelon]),
            ("sur 12 mois", avant.montants_12_mois[echelon], apres.montants_12_mois[echelon]),
        ):
            if a != b:
                changements.append(Changement("montants", f"échelon {echelon}, {duree}", a, b))
    return changements


def _changements_des_plafonds(avant: Bareme, apres: Bareme) -> list[Changement]:
    """Chaque case du tableau des plafonds qui change, ligne par ligne."""
    changements = []
    for points in sorted(apres.plafonds):
        for echelon in ECHELONS:
            a, b = avant.plafonds[points][echelon], apres.plafonds[points][echelon]
            if a != b:
                lieu = f"{points} point{'s' if points > 1 else ''} de charge, échelon {echelon}"
                changements.append(Changement("plafonds", lieu, a, b))
    return changements


def _calendrier(bareme: Bareme) -> dict[str, Any]:
    """L'âge limite et les dates du dossier social étudiant, nommés comme dans les phrases."""
    dse = bareme.dossier_social_etudiant
    return {
        "âge limite": None if bareme.age_limite is None else bareme.age_limite.ans,
        "ouverture du dossier social étudiant": dse.ouverture,
        "clôture du dossier social étudiant": dse.cloture,
    }


def _titre(bareme: Bareme, cle: str) -> str | None:
    """Le titre du texte `cle` des références de l'année ; None : pas de tel texte."""
    reference = bareme.references.get(cle)
    return None if reference is None else reference.titre


def comparer(avant: Bareme, apres: Bareme) -> Comparaison:
    """Les différences entre deux barèmes, bloc par bloc, dans l'ordre d'un arrêté."""
    changements = _changements_des_montants(avant, apres) + _changements_des_plafonds(avant, apres)

    regles_avant, regles_apres = _regles_de_points(avant), _regles_de_points(apres)
    for nom in regles_apres:
        if regles_avant.get(nom) != regles_apres[nom]:
            changements.append(
                Changement("points_de_charge", nom, regles_avant.get(nom), regles_apres[nom])
            )

    calendrier_avant, calendrier_apres = _calendrier(avant), _calendrier(apres)
    for nom, b in calendrier_apres.items():
        if calendrier_avant[nom] != b:
            changements.append(Changement("calendrier", nom, calendrier_avant[nom], b))

    for cle, aide in apres.aides_liees.items():
        precedente = avant.aides_liees.get(cle)
        a = None if precedente is None else precedente.montant
        if a != aide.montant:
            nom = NOMS_DES_AIDES.get(cle, cle.replace("_", " "))
            changements.append(Changement("aides_liees", nom, a, aide.montant))

    for cle, nom in (
        ("arrete_plafonds", "arrêté des plafonds"),
        ("arrete_taux", "arrêté des taux"),
        ("circulaire", "circulaire"),
    ):
        if _titre(avant, cle) != _titre(apres, cle):
            changements.append(
                Changement("references", nom, _titre(avant, cle), _titre(apres, cle))
            )

    return Comparaison(
        avant=avant.annee_universitaire,
        apres=apres.annee_universitaire,
        changements=tuple(changements),
        plafonds_identiques=avant.plafonds.lignes == apres.plafonds.lignes,
        montants_identiques=avant.montants.lignes == apres.montants.lignes,
    )
