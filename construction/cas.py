"""Les fichiers de cas, lus une seule fois pour tous : `tests/cas/<année>.yaml` (une situation,
l'année dans le nom du fichier), `tests/cas_situations/*.yaml` (l'entrée complète, blocs
facultatifs compris) et `tests/cas_saisie/*.yaml` (les textes du formulaire ou d'un lien de
partage, pour `estimer_saisie`).

Les tests s'en servent pour leurs attendus ; la construction, pour faire tourner chaque
situation dans le runtime du navigateur et n'y garder que les modules utilisés. Ce module lit
des données : il n'importe rien de `tests/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import projet


@dataclass(frozen=True)
class Cas:
    """Un cas de `tests/cas/` : nom, situation et sous-ensemble attendu du résultat."""

    annee: str
    nom: str
    situation: dict[str, Any]
    attendu: dict[str, Any]

    @property
    def entree(self) -> dict[str, Any]:
        """L'objet d'entrée de l'interface JSON : l'année vient du nom du fichier."""
        return {"annee_universitaire": self.annee, **self.situation}


def charger_cas(dossier: Path | None = None) -> list[Cas]:
    """Les cas de `tests/cas/`, année par année ; un nom en double dans un fichier est refusé."""
    cas = []
    for fichier in sorted((dossier or projet.DOSSIER_CAS).glob("*.yaml")):
        contenu = yaml.safe_load(fichier.read_text(encoding="utf-8")) or []
        noms = [c["nom"] for c in contenu]
        assert len(noms) == len(set(noms)), f"{fichier.name} : noms de cas en double"
        cas += [Cas(fichier.stem, c["nom"], c["situation"], c["attendu"]) for c in contenu]
    return cas


def charger_cas_situations(dossier: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Les cas de `tests/cas_situations/` : (nom du fichier, cas), dans l'ordre des fichiers."""
    return [
        (fichier.stem, c)
        for fichier in sorted((dossier or projet.DOSSIER_CAS_SITUATIONS).glob("*.yaml"))
        for c in yaml.safe_load(fichier.read_text(encoding="utf-8")) or []
    ]


def charger_cas_saisie(dossier: Path | None = None) -> list[dict[str, Any]]:
    """Les cas de `tests/cas_saisie/` (textes du formulaire ou d'un lien : `saisie`, `origine`,
    `attendu`), dans l'ordre des fichiers ; un nom en double est refusé."""
    cas = [
        c
        for fichier in sorted((dossier or projet.DOSSIER_CAS_SAISIE).glob("*.yaml"))
        for c in yaml.safe_load(fichier.read_text(encoding="utf-8")) or []
    ]
    noms = [c["nom"] for c in cas]
    assert len(noms) == len(set(noms)), "tests/cas_saisie : noms de cas en double"
    return cas


def toutes_les_entrees() -> list[dict[str, Any]]:
    """Chaque entrée de l'interface JSON que les cas décrivent, des deux dossiers."""
    return [c.entree for c in charger_cas()] + [c["situation"] for _, c in charger_cas_situations()]
