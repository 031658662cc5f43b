"""Ce qui change d'une année universitaire à l'autre : montants, plafonds, règles, références.

Une seule comparaison sert à `python build.py comparer A B` (pour l'éditeur) et aux sections
« Ce qui change » du site (pour les étudiants). Elle compare des barèmes déjà vérifiés.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .bareme import COLONNES_MONTANTS, ECHELONS
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


def _regles_de_points(bareme: dict[str, Any]) -> dict[str, str]:
    points = bareme["points_de_charge"]
    regles = {
        "éloignement": " ; ".join(
            f"{nombre(p['points'])} point{'s' if p['points'] > 1 else ''} dès "
            f"{nombre(p['a_partir_de_km'])} km"
            for p in points["eloignement"]["paliers"]
        ),
        "autre enfant à charge": f"{points['enfant_a_charge']['points']} points",
        "enfant dans le supérieur": f"{points['enfant_etudiant_superieur']['points']} points",
    }
    for cle, nom in (("handicap", "handicap"), ("aidant", "étudiant aidant")):
        regles[nom] = f"{points[cle]['points']} points" if cle in points else None
    return regles


def comparer(avant: dict[str, Any], apres: dict[str, Any]) -> Comparaison:
    """Les différences entre deux barèmes, bloc par bloc, dans l'ordre d'un arrêté."""
    changements: list[Changement] = []

    for echelon in ECHELONS:
        for rang, colonne in enumerate(COLONNES_MONTANTS):
            a = avant["montants"]["lignes"][echelon][rang]
            b = apres["montants"]["lignes"][echelon][rang]
            if a != b:
                duree = colonne.replace("sur_", "sur ").replace("_mois", " mois")
                changements.append(Changement("montants", f"échelon {echelon}, {duree}", a, b))

    lignes_avant, lignes_apres = avant["plafonds"]["lignes"], apres["plafonds"]["lignes"]
    for points in sorted(lignes_apres, key=int):
        for rang, echelon in enumerate(ECHELONS):
            a, b = lignes_avant[points][rang], lignes_apres[points][rang]
            if a != b:
                lieu = (
                    f"{points} point{'s' if int(points) > 1 else ''} de charge, échelon {echelon}"
                )
                changements.append(Changement("plafonds", lieu, a, b))

    regles_avant, regles_apres = _regles_de_points(avant), _regles_de_points(apres)
    for nom in regles_apres:
        if regles_avant.get(nom) != regles_apres[nom]:
            changements.append(
                Changement("points_de_charge", nom, regles_avant.get(nom), regles_apres[nom])
            )

    for nom, (bloc, cle) in (
        ("âge limite", ("age_limite", "ans")),
        ("ouverture du dossier social étudiant", ("dossier_social_etudiant", "ouverture")),
        ("clôture du dossier social étudiant", ("dossier_social_etudiant", "cloture")),
    ):
        if avant[bloc][cle] != apres[bloc][cle]:
            changements.append(Changement("calendrier", nom, avant[bloc][cle], apres[bloc][cle]))

    for aide, bloc in apres["aides_liees"].items():
        if not isinstance(bloc, dict):
            continue
        a = avant["aides_liees"].get(aide, {}).get("montant")
        if a != bloc["montant"]:
            nom = NOMS_DES_AIDES.get(aide, aide.replace("_", " "))
            changements.append(Changement("aides_liees", nom, a, bloc["montant"]))

    for cle, nom in (
        ("arrete_plafonds", "arrêté des plafonds"),
        ("arrete_taux", "arrêté des taux"),
        ("circulaire", "circulaire"),
    ):
        a = avant["references"].get(cle, {}).get("titre")
        b = apres["references"].get(cle, {}).get("titre")
        if a != b:
            changements.append(Changement("references", nom, a, b))

    return Comparaison(
        avant=avant["annee_universitaire"],
        apres=apres["annee_universitaire"],
        changements=tuple(changements),
        plafonds_identiques=lignes_avant == lignes_apres,
        montants_identiques=avant["montants"]["lignes"] == apres["montants"]["lignes"],
    )
