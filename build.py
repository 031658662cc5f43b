"""Construit le site Échelon dans public/ à partir de site_src/, barèmes/ et calculator/.

    python build.py                  vérifie tout, puis construit le site dans public/
    python build.py servir           construit ailleurs, sert le site et le reconstruit à chaque
                                     modification (la page ouverte se recharge)
    python build.py verifier [FICHIER]  vérifie les barèmes (tous, ou ceux donnés) sans rien
                                     écrire
    python build.py comparer A B     ce qui change de l'année A à l'année B
    python build.py estimer          vérifie puis estime une situation d'exemple
    python build.py --date AAAA-MM-JJ  construit le site tel qu'on le lit ce jour-là (l'année de
                                     la demande en dépend ; même date, mêmes octets)

Toutes les données sont chargées et vérifiées avant la moindre écriture : un fichier fautif
arrête la construction avec un message en français qui nomme le fichier et la ligne, et public/
n'est jamais laissé à moitié écrit. Ce fichier ne contient aucune règle d'attribution : elles
sont toutes dans calculator/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from construction import projet, serveur_de_travail
from construction.baremes_yaml import afficher_erreurs
from construction.commandes import (
    commande_comparer,
    commande_estimer,
    commande_nouvelle_annee,
    commande_verifier,
)
from construction.site import (
    Site,
    ecrire_les_donnees_du_paquet,
    ecrire_site,
    lire_les_sources,
    rendre_le_site,
    verifier_le_site,
)
from construction.yaml_strict import Erreur


@dataclass(frozen=True)
class Construction:
    """Ce qu'a fait une construction : ses erreurs (alors, rien n'est écrit), ou son journal
    (une ligne par fichier ou groupe de fichiers écrits)."""

    erreurs: list[Erreur]
    journal: list[str]


def construire(
    sortie: Path = projet.SORTIE,
    aujourdhui: dt.date | None = None,
    donnees_du_paquet: Path | None = None,
) -> Construction:
    """La recette : lire, rendre, vérifier, puis écrire le site dans `sortie` (et, si on le
    demande, les barèmes compilés du paquet) ; rien n'est écrit si une étape échoue.

    Une seule recette pour la ligne de commande, le serveur de travail, les tests et le banc.
    """
    site, erreurs = preparer_site(aujourdhui)
    if site is None:
        return Construction(erreurs, [])
    journal = ecrire_les_donnees_du_paquet(site, donnees_du_paquet) if donnees_du_paquet else []
    return Construction([], journal + ecrire_site(site, sortie))


def preparer_site(aujourdhui: dt.date | None = None) -> tuple[Site | None, list[Erreur]]:
    """Le site en mémoire tel qu'on le lit le jour `aujourdhui` (par défaut, aujourd'hui) :
    les trois premières phases de la recette, sans rien écrire."""
    sources, erreurs = lire_les_sources(aujourdhui or dt.date.today())
    if sources is None:
        return None, erreurs
    site, erreurs = rendre_le_site(sources)
    if site is None:
        return None, erreurs
    erreurs = verifier_le_site(site)
    return (None, erreurs) if erreurs else (site, [])


def commande_construire(aujourdhui: dt.date | None = None) -> int:
    """`python build.py` : construit public/ et les barèmes compilés du paquet, et le dit."""
    construction = construire(projet.SORTIE, aujourdhui, projet.DONNEES_DU_PAQUET)
    if construction.erreurs:
        afficher_erreurs(construction.erreurs)
        return 1
    print("\n".join(construction.journal))
    return 0


ANCIENS_NOMS = {"check": "verifier", "diff": "comparer", "serve": "servir"}
"""Les commandes ont des noms français ; les anciens marchent toujours (habitudes des éditeurs)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python build.py", description=__doc__.splitlines()[0])
    commandes = parser.add_subparsers(dest="commande")
    verifier = commandes.add_parser(
        "verifier", aliases=["check"], help="vérifier les barèmes sans rien écrire"
    )
    verifier.add_argument("fichiers", nargs="*", help="fichiers à vérifier (défaut : tous)")
    commandes.add_parser("estimer", help="vérifier puis estimer une situation d'exemple")
    nouvelle = commandes.add_parser("nouvelle-annee", help="créer le barème provisoire d'une année")
    nouvelle.add_argument("annee", help="année universitaire, par exemple 2026-2027")
    nouvelle.add_argument(
        "--recreer",
        action="store_true",
        help="refaire un barème provisoire existant d'après l'année qui le précède",
    )
    comparer = commandes.add_parser(
        "comparer", aliases=["diff"], help="ce qui change entre deux années"
    )
    comparer.add_argument("avant", help="année de départ, par exemple 2024-2025")
    comparer.add_argument("apres", help="année d'arrivée, par exemple 2025-2026")
    servir = commandes.add_parser(
        "servir", aliases=["serve"], help="servir le site et le reconstruire à chaque modification"
    )
    servir.add_argument("--port", type=int, default=8000, help="port local (défaut : 8000)")
    parser.add_argument(
        "--date",
        type=lire_date,
        default=None,
        metavar="AAAA-MM-JJ",
        help="date de construction : les pages parlent de l'année demandée ce jour-là "
        "(défaut : aujourd'hui)",
    )
    options = parser.parse_args(argv)
    options.commande = ANCIENS_NOMS.get(options.commande, options.commande)
    try:
        return executer(options)
    except BrokenPipeError:  # sortie coupée (python build.py | head) : rien à dire de plus
        return 1
    except Exception as exception:
        if os.environ.get("ECHELON_TRACE"):
            traceback.print_exc()
        trace = "relancez avec ECHELON_TRACE=1 pour la trace complète"
        afficher_erreurs([serveur_de_travail.erreur_inattendue(exception, trace)])
        return 1


def executer(options: argparse.Namespace) -> int:
    """La commande demandée."""
    if options.commande == "verifier":
        return commande_verifier(options.fichiers)
    if options.commande == "estimer":
        return commande_estimer()
    if options.commande == "nouvelle-annee":
        return commande_nouvelle_annee(options.annee, options.recreer)
    if options.commande == "comparer":
        return commande_comparer(options.avant, options.apres)
    if options.commande == "servir":
        recette = partial(
            construire, aujourdhui=options.date, donnees_du_paquet=projet.DONNEES_DU_PAQUET
        )
        return serveur_de_travail.servir(options.port, recette)
    return commande_construire(options.date)


def lire_date(texte: str) -> dt.date:
    """La date de --date, ou un message en français."""
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {texte} » n'est pas une date au format AAAA-MM-JJ (par exemple 2027-01-20)"
        ) from None


if __name__ == "__main__":
    raise SystemExit(main())
