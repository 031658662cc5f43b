"""Le chargeur des barèmes : chaque `barèmes/<année>.yaml` lu, vérifié (sa forme par le schéma
publié, `schema.py`, puis sa cohérence par `calculator.verification`), puis rendu en
`calculator.Bareme`, le seul modèle qui circule ensuite (règles, pages, graphiques, données
ouvertes). Le JSON compilé pour le calculateur en est la sérialisation
(`calculator.bareme.bareme_en_dict`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import calculator
from calculator.bareme import Bareme, bareme_en_dict
from calculator.verification import MOTIF_ANNEE, Probleme

from . import projet
from .schema import problemes_du_schema
from .yaml_strict import Erreur, Position, lire_yaml, nom_affiche

FORMAT_DES_DONNEES = 1


def fichiers_de_baremes() -> list[Path]:
    """Les fichiers barèmes/<année>.yaml, dans l'ordre des années."""
    return sorted(projet.DOSSIER_BAREMES.glob("*.yaml"))


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
    # La forme, par le schéma publié ; puis ce qu'un schéma ne sait pas dire.
    problemes = problemes_du_schema(fichier.donnees)
    problemes += calculator.verifier_bareme(fichier.donnees, annee_attendue)
    problemes += _date_a_venir(fichier.donnees)
    situees = [fichier.situer(p) for p in problemes]
    erreurs += sorted(situees, key=lambda e: (e.position or Position(0, 0)).cle_de_tri)
    return (None if erreurs else fichier.donnees), erreurs


def _date_a_venir(donnees: Any) -> list[Probleme]:
    """Une relecture datée d'un jour à venir est une faute de frappe (« 2062 » pour « 2026 »)."""
    date = donnees.get("derniere_verification") if isinstance(donnees, dict) else None
    if isinstance(date, str) and date > dt.date.today().isoformat():
        return [
            Probleme(
                ("derniere_verification",),
                f"la date « {date} » n'est pas encore arrivée : datez la relecture du jour où "
                "vous l'avez faite",
            )
        ]
    return []


def charger_baremes(chemins: list[Path]) -> tuple[dict[str, Bareme], list[Erreur]]:
    """Lit et vérifie tous les fichiers ; renvoie les barèmes valides, par année (chaque
    provisoire sait de quelle année publiée viennent ses valeurs), et toutes les erreurs."""
    contenus, erreurs = contenus_verifies(chemins)
    return calculator.baremes_depuis_donnees({"baremes": contenus}), erreurs


def contenus_verifies(chemins: list[Path]) -> tuple[dict[str, dict[str, Any]], list[Erreur]]:
    """Le contenu de chaque fichier valide, tel qu'il est écrit, par année, et toutes les
    erreurs : celles de chaque fichier, puis celles des provisoires et de leur `fonde_sur`."""
    baremes: dict[str, dict[str, Any]] = {}
    erreurs: list[Erreur] = []
    for chemin in chemins:
        donnees, erreurs_du_fichier = verifier_fichier(chemin)
        erreurs += erreurs_du_fichier
        if donnees is not None:
            baremes[donnees["annee_universitaire"]] = donnees
    if not chemins:
        erreurs.append(Erreur(nom_affiche(projet.DOSSIER_BAREMES), None, "aucun fichier de barème"))
    for annee, donnees in baremes.items():
        fonde_sur = donnees.get("fonde_sur")
        if fonde_sur is not None and fonde_sur not in baremes and len(chemins) > 1:
            erreurs.append(
                Erreur(
                    f"barèmes/{annee}.yaml",
                    None,
                    f"fonde_sur : aucun barème {fonde_sur} dans barèmes/",
                )
            )
        elif fonde_sur in baremes:
            erreurs += copie_a_jour(donnees, baremes[fonde_sur])
    return baremes, erreurs


BLOCS_COPIES = ("plafonds", "montants", "points_de_charge", "age_limite", "aides_liees")
"""Les blocs qu'un barème provisoire reprend de l'année sur laquelle il se fonde."""


def _valeurs(bloc: Any) -> Any:
    """Les nombres d'un bloc, sans ses textes (description, note, sources, certitude)."""
    if isinstance(bloc, dict):
        textes = ("description", "note", "sources", "fiabilite", "fiabilite_sur_12_mois", "unite")
        return {cle: _valeurs(v) for cle, v in bloc.items() if cle not in textes}
    if isinstance(bloc, list):
        return [_valeurs(v) for v in bloc]
    return bloc


def copie_a_jour(provisoire: dict[str, Any], base: dict[str, Any]) -> list[Erreur]:
    """Un barème provisoire garde les valeurs de l'année sur laquelle il se fonde : si elle a
    changé depuis (publiée après relecture), il faut le recréer."""
    annee = provisoire["annee_universitaire"]
    return [
        Erreur(
            f"barèmes/{annee}.yaml",
            None,
            f"{bloc} : ces valeurs ne sont plus celles de {base['annee_universitaire']}, sur "
            f"lequel ce barème provisoire se fonde : recréez-le avec « python build.py "
            f"nouvelle-annee {annee} --recreer » (les dates du DSE relevées sont gardées)",
        )
        for bloc in BLOCS_COPIES
        if _valeurs(provisoire.get(bloc)) != _valeurs(base.get(bloc))
    ]


def donnees_compilees(baremes: dict[str, Bareme], compact: bool = False) -> str:
    """Le JSON des barèmes que le calculateur embarque (clés triées : octets stables), que
    `calculator.baremes_depuis_donnees` relit.

    Lisible (une clé par ligne) dans le paquet, où il se relit dans les différences ; compact
    dans la roue que télécharge le navigateur.
    """
    contenu = {
        "format": FORMAT_DES_DONNEES,
        "baremes": {annee: bareme_en_dict(b) for annee, b in sorted(baremes.items())},
    }
    if compact:
        return json.dumps(contenu, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return json.dumps(contenu, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def ecrire_si_change(chemin: Path, texte: str) -> bool:
    """Écrit le fichier seulement si son contenu change ; dit s'il a changé."""
    if chemin.exists() and chemin.read_text(encoding="utf-8") == texte:
        return False
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(texte, encoding="utf-8")
    return True


def _annotation_github(erreur: Erreur) -> str:
    """L'erreur en annotation de GitHub Actions (`::error file=…,line=…,col=…::message`),
    échappée comme GitHub le documente : `%`, `\\r`, `\\n` partout, `:` et `,` en plus dans
    les propriétés. Ligne et colonne sont omises quand on ne les connaît pas."""
    donnee = {ord("%"): "%25", ord("\r"): "%0D", ord("\n"): "%0A"}
    propriete = donnee | {ord(":"): "%3A", ord(","): "%2C"}
    valeurs: dict[str, object] = {"file": erreur.fichier}
    if erreur.position is not None:
        valeurs |= {"line": erreur.position.ligne, "col": erreur.position.colonne}
    proprietes = ",".join(f"{cle}={str(v).translate(propriete)}" for cle, v in valeurs.items())
    return f"::error {proprietes}::{erreur.texte.translate(donnee)}"


def afficher_erreurs(erreurs: list[Erreur]) -> None:
    """Les erreurs en français sur la sortie d'erreur ; dans GitHub Actions, aussi une
    annotation par erreur sur la sortie standard, que GitHub affiche sur le fichier en cause."""
    for erreur in erreurs:
        print(erreur, file=sys.stderr)
    pluriel = "s" if len(erreurs) > 1 else ""
    print(f"{len(erreurs)} problème{pluriel} : rien n'a été écrit.", file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for erreur in erreurs:
            print(_annotation_github(erreur))
