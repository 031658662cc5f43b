"""Construit Échelon à partir de barèmes/ et de calculator/.

    python build.py                  vérifie les barèmes, puis écrit les données compilées
    python build.py check [FICHIER]  vérifie les barèmes (tous, ou ceux donnés) sans rien écrire
    python build.py estimer          vérifie puis estime une situation d'exemple

Toutes les données sont chargées et vérifiées avant la moindre écriture : un fichier fautif
arrête la construction avec un message en français qui nomme le fichier, la ligne et la case.
Ce fichier ne contient aucune règle d'attribution : elles sont toutes dans calculator/.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import calculator
from calculator.verification import MOTIF_ANNEE, Chemin, Probleme

RACINE = Path(__file__).resolve().parent
DOSSIER_BAREMES = RACINE / "barèmes"
DONNEES_DU_PAQUET = RACINE / "calculator" / "donnees" / "baremes.json"
FORMAT_DES_DONNEES = 1

SITUATION_D_EXEMPLE = {
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}


# Lecture stricte du YAML -------------------------------------------------------------------


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
    ChargeurStrict.add_implicit_resolver(_tag, __import__("re").compile(_motif), list(_initiales))


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
        return str(chemin.resolve().relative_to(RACINE))
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
                            f"{calculator.verification.decrire_chemin((*chemin, cle))} : clé "
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


# Barèmes ------------------------------------------------------------------------------------


def fichiers_de_baremes() -> list[Path]:
    """Les fichiers barèmes/<année>.yaml, dans l'ordre des années."""
    return sorted(DOSSIER_BAREMES.glob("*.yaml"))


def verifier_fichier(chemin: Path) -> tuple[dict[str, Any] | None, list[Erreur]]:
    """Lit et vérifie un fichier de barème ; renvoie son contenu s'il est sans erreur."""
    fichier, erreurs = lire_yaml(chemin)
    if fichier is None:
        return None, erreurs
    annee_attendue = chemin.stem if MOTIF_ANNEE.match(chemin.stem) else None
    if annee_attendue is None:
        erreurs.append(
            Erreur(
                nom_affiche(chemin),
                None,
                "le nom du fichier doit être l'année universitaire, par exemple 2025-2026.yaml",
            )
        )
    situees = [
        fichier.situer(p) for p in calculator.verifier_bareme(fichier.donnees, annee_attendue)
    ]
    erreurs += sorted(situees, key=lambda e: (e.position or Position(0, 0)).cle_de_tri)
    return (None if erreurs else fichier.donnees), erreurs


def charger_baremes(chemins: list[Path]) -> tuple[dict[str, dict[str, Any]], list[Erreur]]:
    """Lit et vérifie tous les fichiers ; renvoie les barèmes valides et toutes les erreurs."""
    baremes: dict[str, dict[str, Any]] = {}
    erreurs: list[Erreur] = []
    for chemin in chemins:
        donnees, erreurs_du_fichier = verifier_fichier(chemin)
        erreurs += erreurs_du_fichier
        if donnees is not None:
            baremes[donnees["annee_universitaire"]] = donnees
    if not chemins:
        erreurs.append(Erreur(nom_affiche(DOSSIER_BAREMES), None, "aucun fichier de barème"))
    return baremes, erreurs


def donnees_compilees(baremes: dict[str, dict[str, Any]]) -> str:
    """Le JSON des barèmes que le calculateur embarque (clés triées : octets stables)."""
    contenu = {"format": FORMAT_DES_DONNEES, "baremes": dict(sorted(baremes.items()))}
    return json.dumps(contenu, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def ecrire_si_change(chemin: Path, texte: str) -> bool:
    """Écrit le fichier seulement si son contenu change ; dit s'il a changé."""
    if chemin.exists() and chemin.read_text(encoding="utf-8") == texte:
        return False
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(texte, encoding="utf-8")
    return True


def afficher_erreurs(erreurs: list[Erreur]) -> None:
    for erreur in erreurs:
        print(erreur, file=sys.stderr)
    pluriel = "s" if len(erreurs) > 1 else ""
    print(f"{len(erreurs)} problème{pluriel} : rien n'a été écrit.", file=sys.stderr)


# Commandes ---------------------------------------------------------------------------------


def commande_check(fichiers: list[str]) -> int:
    """Vérifie les barèmes (tous, ou ceux donnés) et dit ce qui ne va pas."""
    chemins = [Path(f) for f in fichiers] if fichiers else fichiers_de_baremes()
    baremes, erreurs = charger_baremes(chemins)
    if erreurs:
        afficher_erreurs(erreurs)
        return 1
    for annee in baremes:
        print(f"barèmes/{annee}.yaml : aucun problème")
    return 0


def commande_construire() -> int:
    """Vérifie tout, puis écrit les données compilées du calculateur."""
    baremes, erreurs = charger_baremes(fichiers_de_baremes())
    if erreurs:
        afficher_erreurs(erreurs)
        return 1
    change = ecrire_si_change(DONNEES_DU_PAQUET, donnees_compilees(baremes))
    etat = "écrit" if change else "inchangé"
    print(f"barèmes/*.yaml => {nom_affiche(DONNEES_DU_PAQUET)} ({etat})")
    return 0


def commande_estimer() -> int:
    """Vérifie et compile, puis estime la situation d'exemple avec le barème le plus récent."""
    code = commande_construire()
    if code:
        return code
    baremes, _ = charger_baremes(fichiers_de_baremes())
    entree = json.dumps(SITUATION_D_EXEMPLE)
    _, sortie = calculator.calculer_json(
        entree, calculator.baremes_depuis_donnees({"baremes": baremes})
    )
    resultat = json.loads(sortie)
    print(f"\nSituation d'exemple : {entree}")
    for etape in resultat["explication"]:
        print(f"  - {etape['texte']}")
    print(f"=> échelon {resultat['echelon']}, {resultat['montant_mensuel']} € par mois")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python build.py", description=__doc__.splitlines()[0])
    commandes = parser.add_subparsers(dest="commande")
    check = commandes.add_parser("check", help="vérifier les barèmes sans rien écrire")
    check.add_argument("fichiers", nargs="*", help="fichiers à vérifier (défaut : tous)")
    commandes.add_parser("estimer", help="vérifier puis estimer une situation d'exemple")
    options = parser.parse_args(argv)
    if options.commande == "check":
        return commande_check(options.fichiers)
    if options.commande == "estimer":
        return commande_estimer()
    return commande_construire()


if __name__ == "__main__":
    raise SystemExit(main())
