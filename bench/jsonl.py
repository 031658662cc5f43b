"""Mesure `python -m calculator --jsonl` sur 10 000 situations (médiane de plusieurs passes).

    .venv/bin/python bench/jsonl.py [--lignes 10000] [--passes 7] [--sans-bytecode]

Chaque passe lance un nouveau processus (démarrage de Python compris) sur le même fichier de
situations variées (toutes les années, revenus, distances, fratries) et chronomètre la
commande entière. Le paquet est d'abord copié dans un dossier temporaire et son bytecode
compilé (`compileall`), comme pip le fait à l'installation : sans lui (ou avec
PYTHONDONTWRITEBYTECODE, qui empêche Python de le garder), chaque lancement recompile tout le
paquet, environ 60 ms ici ; `--sans-bytecode` mesure ce cas-là, sur les sources du dépôt.
Entre deux passes, une charge de référence fixe (`sum(range(2*10**7))`) est chronométrée elle
aussi : les machines virtuelles partagées changent de vitesse d'une minute à l'autre, et ce
témoin le montre dans la même série. Figures : bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
ANNEES = [f"{a}-{a + 1}" for a in range(2019, 2026)]


def situations(n: int) -> str:
    hasard = random.Random(2026)
    lignes = []
    for _ in range(n):
        enfants = hasard.randint(0, 5)
        lignes.append(
            json.dumps(
                {
                    "annee_universitaire": hasard.choice(ANNEES),
                    "revenu_brut_global": hasard.randint(0, 120_000),
                    "distance_km": hasard.choice([0, 12, 45, 300, 4000, 15000]),
                    "enfants_a_charge": enfants,
                    "dont_etudiants_superieur": hasard.randint(0, enfants),
                    "handicap": hasard.random() < 0.05,
                    "aidant": hasard.random() < 0.05,
                }
            )
        )
    return "\n".join(lignes) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lignes", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=7)
    parser.add_argument("--sans-bytecode", action="store_true")
    options = parser.parse_args()
    installe = Path(tempfile.mkdtemp(prefix="jsonl-paquet-"))
    dossier = RACINE
    if not options.sans_bytecode:
        dossier = installe
        shutil.copytree(
            RACINE / "calculator",
            installe / "calculator",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "calculator"], cwd=installe, check=True
        )
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fichier:
        fichier.write(situations(options.lignes))
    durees, temoins = [], []
    for _ in range(options.passes):
        debut = time.perf_counter()
        subprocess.run([sys.executable, "-c", "sum(range(2 * 10**7))"], check=True)
        temoins.append(time.perf_counter() - debut)
        with open(fichier.name, encoding="utf-8") as entree:
            debut = time.perf_counter()
            sortie = subprocess.run(
                [sys.executable, "-m", "calculator", "--jsonl"],
                stdin=entree,
                capture_output=True,
                cwd=dossier,
                check=True,
            )
            durees.append(time.perf_counter() - debut)
        assert len(sortie.stdout.splitlines()) == options.lignes
    shutil.rmtree(installe, ignore_errors=True)
    print(
        f"{'sans' if options.sans_bytecode else 'avec'} bytecode, "
        f"{options.lignes} lignes : médiane {statistics.median(durees):.3f} s "
        f"(min {min(durees):.3f} s, max {max(durees):.3f} s, {options.passes} passes)\n"
        f"témoin sum(range(2*10**7)) : médiane {statistics.median(temoins):.3f} s "
        f"(min {min(temoins):.3f} s, max {max(temoins):.3f} s)"
    )


if __name__ == "__main__":
    main()
