"""`python -m calculator` : l'interface JSON en ligne de commande.

    echo '{"revenu_brut_global": 21988, "distance_km": 40, "enfants_a_charge": 1,
           "dont_etudiants_superieur": 0}' | python -m calculator
    python -m calculator --jsonl < situations.jsonl > resultats.jsonl

Statut de sortie : 0 si chaque entrée a donné un résultat, 2 si une entrée était invalide (son
objet de sortie est alors {"erreurs": [...]}), 1 si les barèmes eux-mêmes sont illisibles.

L'entrée est lue en UTF-8 (une BOM en tête, de l'entrée ou d'une ligne, est ignorée) ; des octets
qui n'en sont pas donnent, eux aussi, un objet d'erreurs et le statut 2.

Ce module lit l'entrée standard ; les barèmes compilés (`calculator/donnees/baremes.json`,
produits par `python build.py` depuis `barèmes/`) sont lus par `donnees.py`.
"""

from __future__ import annotations

import argparse
import sys

from .bareme import Bareme
from .donnees import charger_donnees
from .interface import baremes_depuis_donnees, calculer_json, encoder, erreurs_en_dict
from .situation import ErreurDeSaisie


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m calculator",
        description="Estime la bourse sur critères sociaux : un objet JSON sur l'entrée "
        "standard, un objet JSON sur la sortie standard.",
    )
    parser.add_argument(
        "--jsonl", action="store_true", help="une situation par ligne, un résultat par ligne"
    )
    parser.add_argument(
        "--baremes", metavar="FICHIER", help="JSON des barèmes (par défaut : celui du paquet)"
    )
    options = parser.parse_args(argv)
    try:
        baremes = baremes_depuis_donnees(charger_donnees(options.baremes))
    except FileNotFoundError as erreur:
        print(
            f"Barèmes compilés absents ({erreur.filename}) : lancez « python build.py », qui "
            "les écrit depuis barèmes/ (ils ne sont pas versionnés).",
            file=sys.stderr,
        )
        return 1
    except (OSError, ValueError, KeyError, TypeError) as erreur:
        print(
            f"Barèmes illisibles ({type(erreur).__name__}) : lancez « python build.py » pour les "
            "recompiler depuis barèmes/.",
            file=sys.stderr,
        )
        return 1

    entree = sys.stdin.buffer.read()
    if options.jsonl:
        resultats = [calculer_octets(ligne, baremes) for ligne in entree.splitlines()]
        sys.stdout.write("".join(sortie + "\n" for _, sortie in resultats))
        return 0 if all(valide for valide, _ in resultats) else 2
    valide, sortie = calculer_octets(entree, baremes)
    sys.stdout.write(sortie + "\n")
    return 0 if valide else 2


def calculer_octets(octets: bytes, baremes: dict[str, Bareme]) -> tuple[bool, str]:
    """`calculer_json` sur des octets lus en UTF-8 (JSON n'a pas d'autre codage) ; des octets
    qui n'en sont pas donnent une erreur, pas une trace. Lus en octets, les lignes de --jsonl ne
    sont coupées qu'aux fins de ligne (\\n, \\r\\n, \\r) : un U+2028 dans un texte n'en est pas
    une."""
    try:
        texte = octets.decode("utf-8")
    except UnicodeDecodeError as erreur:
        message = (
            f"Entrée illisible : ce n'est pas du texte UTF-8 (octet n° {erreur.start + 1}, "
            f"0x{octets[erreur.start]:02x}) ; enregistrez-la en UTF-8."
        )
        return False, encoder(erreurs_en_dict([ErreurDeSaisie(None, message)]))
    return calculer_json(texte, baremes)


if __name__ == "__main__":
    raise SystemExit(main())
