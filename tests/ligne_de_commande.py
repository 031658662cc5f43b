"""`python -m calculator` lancé comme par un autre outil : le seul lanceur des tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def lancer(entree: str | bytes, *options: str) -> tuple[int, str, str]:
    """Statut, sortie et erreurs de `python -m calculator` ; l'entrée en texte, ou en octets
    (BOM, UTF-8 invalide : ce qu'un texte ne sait pas dire)."""
    octets = entree.encode("utf-8") if isinstance(entree, str) else entree
    sortie = subprocess.run(
        [sys.executable, "-m", "calculator", *options],
        input=octets,
        cwd=RACINE,
        capture_output=True,
        check=False,
    )
    return sortie.returncode, sortie.stdout.decode("utf-8"), sortie.stderr.decode("utf-8")
