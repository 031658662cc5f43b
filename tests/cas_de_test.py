"""Lecture des fichiers de cas `tests/cas/<année>.yaml` (un cas : nom, situation, attendu)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DOSSIER = Path(__file__).resolve().parent / "cas"


@dataclass(frozen=True)
class Cas:
    annee: str
    nom: str
    situation: dict[str, Any]
    attendu: dict[str, Any]

    @property
    def entree(self) -> dict[str, Any]:
        """L'objet d'entrée de l'interface JSON : l'année vient du nom du fichier."""
        return {"annee_universitaire": self.annee, **self.situation}


def charger_cas(dossier: Path = DOSSIER) -> list[Cas]:
    cas = []
    for fichier in sorted(dossier.glob("*.yaml")):
        contenu = yaml.safe_load(fichier.read_text(encoding="utf-8")) or []
        noms = [c["nom"] for c in contenu]
        assert len(noms) == len(set(noms)), f"{fichier.name} : noms de cas en double"
        cas += [Cas(fichier.stem, c["nom"], c["situation"], c["attendu"]) for c in contenu]
    return cas


def comparer(attendu: dict[str, Any], obtenu: dict[str, Any], prefixe: str = "") -> list[str]:
    """Les différences entre l'attendu (un sous-ensemble des clés) et le résultat obtenu."""
    ecarts = []
    for cle, valeur in attendu.items():
        if cle not in obtenu:
            ecarts.append(f"{prefixe}{cle} : absent du résultat")
        elif isinstance(valeur, dict):
            ecarts += comparer(valeur, obtenu[cle], f"{prefixe}{cle}.")
        elif isinstance(valeur, int | float) and not isinstance(valeur, bool):
            if not isinstance(obtenu[cle], int | float) or abs(obtenu[cle] - valeur) > 0.005:
                ecarts.append(f"{prefixe}{cle} : attendu {valeur!r}, obtenu {obtenu[cle]!r}")
        elif obtenu[cle] != valeur:
            ecarts.append(f"{prefixe}{cle} : attendu {valeur!r}, obtenu {obtenu[cle]!r}")
    return ecarts


CAS = charger_cas()
