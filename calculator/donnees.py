"""Les barèmes compilés que le paquet embarque (`donnees/baremes.json`, écrit par build.py :
chaque `Bareme` sérialisé par `bareme.bareme_en_dict`, que `baremes_depuis_donnees` relit).

Seul module du calculateur qui lit un fichier : les données livrées avec lui. Le même fichier
sert en ligne de commande et dans le navigateur (la roue le contient).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FICHIER = Path(__file__).resolve().parent / "donnees" / "baremes.json"


def charger_donnees(chemin: str | Path | None = None) -> dict[str, Any]:
    """Le JSON des barèmes : celui du paquet, ou un autre fichier du même format."""
    return json.loads(Path(chemin or FICHIER).read_text(encoding="utf-8"))
