"""Lecture stricte du YAML : dates en texte, clés en double refusées, chaque valeur située
(fichier, ligne, colonne), et les erreurs telles qu'on les affiche.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from calculator.verification import Chemin, Probleme, decrire_chemin

from . import projet


class ChargeurStrict(yaml.SafeLoader):
    """YAML sans pièges : les dates restent du texte, seuls true/false sont des booléens,
    les nombres s'écrivent en décimal simple, une clé en double est une erreur."""


ChargeurStrict.yaml_implicit_resolvers = {
    initiale: [
        (tag, motif)
        for tag, motif in resolveurs
        if tag
        not in (
            "tag:yaml.org,2002:timestamp",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        )
    ]
    for initiale, resolveurs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _tag, _motif, _initiales in (
    ("tag:yaml.org,2002:bool", r"^(?:true|false)$", "tf"),
    ("tag:yaml.org,2002:int", r"^-?(?:0|[1-9][0-9]*)$", "-0123456789"),
    ("tag:yaml.org,2002:float", r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$", "-0123456789"),
):
    ChargeurStrict.add_implicit_resolver(_tag, re.compile(_motif), list(_initiales))


@dataclass(frozen=True)
class Position:
    ligne: int
    colonne: int

    @property
    def cle_de_tri(self) -> tuple[int, int]:
        return (self.ligne, self.colonne)


@dataclass(frozen=True)
class Erreur:
    """Un problème situé dans un fichier, prêt à afficher."""

    fichier: str
    position: Position | None
    texte: str

    def __str__(self) -> str:
        if self.position is None:
            return f"{self.fichier} : {self.texte}"
        return f"{self.fichier}:{self.position.ligne}:{self.position.colonne} : {self.texte}"


@dataclass(frozen=True)
class FichierYaml:
    chemin: Path
    donnees: Any
    positions: dict[Chemin, Position]

    def situer(self, probleme: Probleme) -> Erreur:
        """Le problème, avec la ligne et la colonne de la valeur (ou du bloc) en cause."""
        chemin = probleme.chemin
        while chemin not in self.positions and chemin:
            chemin = chemin[:-1]
        return Erreur(nom_affiche(self.chemin), self.positions.get(chemin), str(probleme))


def nom_affiche(chemin: Path) -> str:
    """Le chemin d'un fichier tel que l'éditeur le voit depuis la racine du projet."""
    try:
        return str(chemin.resolve().relative_to(projet.RACINE))
    except ValueError:
        return str(chemin)


def lire_yaml(chemin: Path) -> tuple[FichierYaml | None, list[Erreur]]:
    """Lit un fichier YAML en notant la position de chaque valeur ; refuse les clés en double."""
    nom = nom_affiche(chemin)
    try:
        texte = chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as erreur:
        return None, [Erreur(nom, None, f"fichier illisible ({erreur})")]
    chargeur = ChargeurStrict(texte)
    try:
        racine = chargeur.get_single_node()
    except yaml.YAMLError as erreur:
        marque = getattr(erreur, "problem_mark", None)
        position = Position(marque.line + 1, marque.column + 1) if marque else None
        detail = getattr(erreur, "problem", None) or str(erreur)
        return None, [Erreur(nom, position, f"YAML invalide : {detail}")]
    finally:
        chargeur.dispose()
    positions: dict[Chemin, Position] = {}
    erreurs: list[Erreur] = []

    def construire(noeud: yaml.Node, chemin: Chemin) -> Any:
        positions[chemin] = Position(noeud.start_mark.line + 1, noeud.start_mark.column + 1)
        if isinstance(noeud, yaml.MappingNode):
            resultat: dict[Any, Any] = {}
            for noeud_cle, noeud_valeur in noeud.value:
                cle = chargeur.construct_object(noeud_cle, deep=True)
                if cle in resultat:
                    erreurs.append(
                        Erreur(
                            nom,
                            Position(
                                noeud_cle.start_mark.line + 1, noeud_cle.start_mark.column + 1
                            ),
                            f"{decrire_chemin((*chemin, cle))} : clé "
                            f"« {cle} » en double (déjà définie ligne "
                            f"{positions[(*chemin, cle)].ligne}) ; la seconde effacerait la "
                            "première sans prévenir",
                        )
                    )
                    continue
                resultat[cle] = construire(noeud_valeur, (*chemin, cle))
            return resultat
        if isinstance(noeud, yaml.SequenceNode):
            return [construire(n, (*chemin, i)) for i, n in enumerate(noeud.value)]
        return chargeur.construct_object(noeud, deep=True)

    if racine is None:
        return None, [Erreur(nom, None, "fichier vide")]
    try:
        donnees = construire(racine, ())
    except yaml.YAMLError as erreur:
        return None, [Erreur(nom, None, f"YAML invalide : {erreur}")]
    return FichierYaml(chemin, donnees, positions), erreurs
