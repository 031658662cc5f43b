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
import json
import os
import shutil
import sys
import tempfile
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import calculator
import calculator.comparaison
from calculator import saison
from calculator.bareme import Bareme
from calculator.verification import MOTIF_ANNEE
from construction import projet, serveur_de_travail
from construction.baremes_yaml import (
    afficher_erreurs,
    charger_baremes,
    donnees_compilees,
    ecrire_si_change,
    fichiers_de_baremes,
    verifier_fichier,
)
from construction.chantier import refuser_les_textes_de_chantier
from construction.donnees_ouvertes import fichiers_donnees_ouvertes
from construction.nouvelle_annee import texte_nouvelle_annee
from construction.pages import Page, lire_pages, lire_reglages
from construction.rendu import (
    environnements,
    manifeste,
    plan_du_site,
    poids_gzip,
    rendre_page,
    rendre_relatif,
    verifier_liens,
)
from construction.saison import contexte_de_la_saison
from construction.simulateur import fichiers_du_simulateur, service_worker
from construction.yaml_strict import Erreur, nom_affiche

POIDS_MAXIMUM_GZIP = 30 * 1024
"""HTML + CSS d'une page, compressés : au-delà, la page est trop lourde pour un réseau mobile."""

SITUATION_D_EXEMPLE = {
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}


@dataclass
class Site:
    """Tout ce que la construction écrira, déjà rendu et vérifié."""

    fichiers: dict[str, bytes]
    pages: list[Page]
    baremes: dict[str, Bareme]
    aujourdhui: dt.date


def preparer_site(aujourdhui: dt.date | None = None) -> tuple[Site | None, list[Erreur]]:
    """Charge et vérifie tout (barèmes, réglages, pages, liens), puis rend le site en mémoire
    tel qu'on le lit le jour `aujourdhui` (par défaut, aujourd'hui)."""
    aujourdhui = aujourdhui or dt.date.today()
    baremes, erreurs = charger_baremes(fichiers_de_baremes())
    reglages, erreurs_reglages = lire_reglages()
    pages, erreurs_pages = lire_pages(reglages)
    erreurs += erreurs_reglages + erreurs_pages
    if erreurs:
        return None, erreurs
    contexte = {
        "baremes": [baremes[a] for a in sorted(baremes)],
        "baremes_par_annee": baremes,
        **contexte_de_la_saison(baremes, aujourdhui),
    }
    par_adresse = {p.adresse: p for p in pages}
    site = {
        **reglages,
        "navigation": [
            {"adresse": a, "titre": par_adresse[a].titre_court} for a in reglages["navigation"]
        ],
        "pied_de_page": [
            {"adresse": a, "titre": par_adresse[a].titre_court} for a in reglages["pied_de_page"]
        ],
    }
    gabarits, env_pages = environnements(contexte)
    documents: dict[str, str] = {}
    for page in pages:
        document, erreurs_rendu = rendre_page(page, gabarits, env_pages, site)
        erreurs += erreurs_rendu
        if document is not None:
            documents[page.adresse] = document
    fichiers: dict[str, bytes] = {
        chemin.relative_to(projet.DOSSIER_STATIQUE).as_posix(): chemin.read_bytes()
        for chemin in sorted(projet.DOSSIER_STATIQUE.rglob("*"))
        if chemin.is_file()
    }
    fichiers["sitemap.xml"] = plan_du_site(pages).encode()
    fichiers["robots.txt"] = (
        f"User-agent: *\nAllow: /\nSitemap: {reglages['url_de_base']}sitemap.xml\n".encode()
    )
    fichiers["manifest.webmanifest"] = manifeste(reglages).encode()
    fichiers.update(fichiers_donnees_ouvertes(baremes))
    if erreurs:
        return None, erreurs
    simulateur, erreurs = fichiers_du_simulateur(reglages, baremes)
    fichiers.update(simulateur)
    if erreurs:
        return None, erreurs
    erreurs += verifier_liens(pages, documents, set(fichiers))
    chemin_du_site = urlsplit(reglages["url_de_base"]).path
    for page in pages:
        fichiers[page.fichier] = rendre_relatif(
            documents[page.adresse], page, chemin_du_site
        ).encode()
    erreurs += verifier_poids(pages, fichiers)
    erreurs += refuser_les_textes_de_chantier(
        fichiers, baremes, {page.fichier: nom_affiche(page.source) for page in pages}
    )
    if erreurs:
        return None, erreurs
    fichiers.update(service_worker(fichiers, pages, reglages["pyodide"]["version"]))
    return Site(fichiers, pages, baremes, aujourdhui), []


def verifier_poids(pages: list[Page], fichiers: dict[str, bytes]) -> list[Erreur]:
    """Chaque page, avec la feuille de style, pèse au plus POIDS_MAXIMUM_GZIP compressée."""
    css = poids_gzip(fichiers.get("style.css", b""))
    erreurs = []
    for page in pages:
        poids = poids_gzip(fichiers[page.fichier]) + css
        if poids > POIDS_MAXIMUM_GZIP:
            erreurs.append(
                Erreur(
                    nom_affiche(page.source),
                    None,
                    f"page trop lourde : "
                    f"{poids / 1024:.1f} Ko compressés avec la feuille de style "
                    f"(au plus {POIDS_MAXIMUM_GZIP // 1024} Ko)",
                )
            )
    return erreurs


def ecrire_site(site: Site, sortie: Path) -> None:
    """Écrit le site dans un dossier neuf, puis le met à la place de `sortie` d'un seul coup."""
    sortie = sortie.resolve()
    if sortie in (projet.RACINE, projet.DOSSIER_SITE) or projet.DOSSIER_SITE.is_relative_to(sortie):
        raise ValueError(f"refus d'écrire le site dans {sortie} : il contient les sources")
    sortie.parent.mkdir(parents=True, exist_ok=True)
    provisoire = Path(tempfile.mkdtemp(prefix=f".{sortie.name}-", dir=sortie.parent))
    for chemin, contenu in sorted(site.fichiers.items()):
        cible = provisoire / chemin
        cible.parent.mkdir(parents=True, exist_ok=True)
        cible.write_bytes(contenu)
    provisoire.chmod(0o755)
    ancien = None
    if sortie.exists():
        ancien = sortie.with_name(f".{sortie.name}-ancien")
        shutil.rmtree(ancien, ignore_errors=True)
        sortie.rename(ancien)
    provisoire.rename(sortie)
    if ancien is not None:
        shutil.rmtree(ancien)


def journal_des_pages(site: Site) -> list[str]:
    """Une ligne par page écrite, avec son poids compressé (HTML + CSS)."""
    css = poids_gzip(site.fichiers.get("style.css", b""))
    lignes = []
    for page in sorted(site.pages, key=lambda p: p.fichier):
        poids = poids_gzip(site.fichiers[page.fichier]) + css
        lignes.append(
            f"{nom_affiche(page.source)} => {page.fichier} ({poids / 1024:.1f} Ko gzip avec la CSS)"
        )
    return lignes


def construire_site(sortie: Path, aujourdhui: dt.date | None = None) -> list[Erreur]:
    """Vérifie tout puis écrit le site dans `sortie` ; renvoie les erreurs (alors, rien d'écrit)."""
    site, erreurs = preparer_site(aujourdhui)
    if site is None:
        return erreurs
    ecrire_site(site, sortie)
    return []


def commande_nouvelle_annee(annee: str, recreer: bool = False) -> int:
    """Crée barèmes/<année>.yaml, provisoire, à partir de l'année qui précède ; `recreer` :
    le refait d'après elle (après sa publication), en gardant les dates du DSE relevées."""
    correspondance = MOTIF_ANNEE.match(annee)
    if not correspondance or int(annee[5:]) != int(annee[:4]) + 1:
        print(
            f"« {annee} » n'est pas une année universitaire (par exemple 2026-2027).",
            file=sys.stderr,
        )
        return 1
    cible = projet.DOSSIER_BAREMES / f"{annee}.yaml"
    if cible.exists() and not recreer:
        print(f"{nom_affiche(cible)} existe déjà : rien n'a été écrit.", file=sys.stderr)
        return 1
    baremes, erreurs = charger_baremes(fichiers_de_baremes())
    ancien = baremes.get(annee)
    if recreer:
        erreurs = [e for e in erreurs if not e.fichier.endswith(f"{annee}.yaml")]
        if ancien is None or ancien.statut != "provisoire":
            print(
                f"Seul un barème provisoire existant se recrée : {nom_affiche(cible)} "
                f"{'est publié' if ancien else 'est absent ou invalide'}. Rien n'a été écrit.",
                file=sys.stderr,
            )
            return 1
    if erreurs:
        afficher_erreurs(erreurs)
        return 1
    precedentes = [a for a in sorted(baremes) if a < annee]
    if not precedentes:
        print(f"Aucune année avant {annee} dont reprendre les valeurs.", file=sys.stderr)
        return 1
    attendue = saison.annee_universitaire(int(precedentes[-1][:4]) + 1)
    if annee != attendue and not recreer:
        print(
            f"« {annee} » ne suit pas la dernière année des barèmes ({precedentes[-1]}) : créez "
            f"d'abord {attendue} (python build.py nouvelle-annee {attendue}). Rien n'a été écrit.",
            file=sys.stderr,
        )
        return 1
    base = baremes[precedentes[-1]]
    cible.write_text(texte_nouvelle_annee(annee, base, ancien), encoding="utf-8")
    _, erreurs = verifier_fichier(cible)
    if erreurs:
        cible.unlink()
        afficher_erreurs(erreurs)
        return 1
    origine = base.annee_universitaire
    if base.annee_relue != origine:
        origine += f", lui-même provisoire (valeurs de {base.annee_relue})"
    print(f"{nom_affiche(cible)} créé : provisoire, valeurs de {origine}.")
    print(
        "Quand vous lirez les textes de l'année : docs/EDITER.md, § « Publier une année », et "
        "les commentaires « À COMPLÉTER » du fichier."
    )
    return 0


# Commandes ---------------------------------------------------------------------------------


def commande_verifier(fichiers: list[str]) -> int:
    """Vérifie les barèmes (tous, ou ceux donnés) et dit ce qui ne va pas."""
    chemins = [Path(f) for f in fichiers] if fichiers else fichiers_de_baremes()
    _, erreurs = charger_baremes(chemins)
    if erreurs:
        afficher_erreurs(erreurs)
        return 1
    for chemin in chemins:
        print(f"{nom_affiche(chemin)} : aucun problème")
    return 0


def commande_construire(sortie: Path = projet.SORTIE, aujourdhui: dt.date | None = None) -> int:
    """Vérifie tout, puis écrit les données compilées du calculateur et le site."""
    site, erreurs = preparer_site(aujourdhui)
    if site is None:
        afficher_erreurs(erreurs)
        return 1
    change = ecrire_si_change(projet.DONNEES_DU_PAQUET, donnees_compilees(site.baremes))
    etat = "écrit" if change else "inchangé"
    print(f"barèmes/*.yaml => {nom_affiche(projet.DONNEES_DU_PAQUET)} ({etat})")
    ecrire_site(site, sortie)
    for ligne in journal_des_pages(site):
        print(ligne)
    print(f"{len(site.fichiers)} fichiers écrits dans {nom_affiche(sortie)}/")
    print(f"Site daté du {calculator.format.date_longue(site.aujourdhui.isoformat())}.")
    return 0


def commande_estimer() -> int:
    """Vérifie et compile, puis estime la situation d'exemple avec le barème le plus récent."""
    code = commande_construire()
    if code:
        return code
    baremes, _ = charger_baremes(fichiers_de_baremes())
    entree = json.dumps(SITUATION_D_EXEMPLE)
    _, sortie = calculator.calculer_json(entree, baremes)
    resultat = json.loads(sortie)
    print(f"\nSituation d'exemple : {entree}")
    for etape in resultat["explication"]:
        print(f"  - {etape['texte']}")
    print(f"=> échelon {resultat['echelon']}, {resultat['montant_mensuel']} € par mois")
    return 0


TITRES_DES_BLOCS = {
    "montants": "Montants (taux annuels)",
    "plafonds": "Plafonds de ressources",
    "points_de_charge": "Points de charge",
    "calendrier": "Calendrier et âge",
    "aides_liees": "Aides liées",
    "references": "Textes de référence",
}


def commande_comparer(annee_avant: str, annee_apres: str) -> int:
    """Affiche ce qui change d'une année à l'autre : chaque montant, chaque plafond, les règles."""
    chemins = [projet.DOSSIER_BAREMES / f"{annee}.yaml" for annee in (annee_avant, annee_apres)]
    manquants = [nom_affiche(c) for c in chemins if not c.is_file()]
    if manquants:
        print(f"Fichier introuvable : {', '.join(manquants)}", file=sys.stderr)
        return 1
    baremes, erreurs = charger_baremes(chemins)
    if erreurs:
        afficher_erreurs(erreurs)
        return 1
    comparaison = calculator.comparaison.comparer(baremes[annee_avant], baremes[annee_apres])
    print(f"De {annee_avant} à {annee_apres} : {len(comparaison.changements)} changement(s)")
    for bloc, titre in TITRES_DES_BLOCS.items():
        changements = comparaison.du_bloc(bloc)
        if changements:
            print(f"\n{titre}")
            for changement in changements:
                print(f"  {changement.texte}")
        elif bloc in ("montants", "plafonds"):
            print(f"\n{titre} : inchangés")
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
        construire = partial(construire_site, aujourdhui=options.date)
        return serveur_de_travail.servir(options.port, construire)
    return commande_construire(aujourdhui=options.date)


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
