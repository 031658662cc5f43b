"""Les commandes de build.py autres que la construction : vérifier les barèmes, créer l'année
suivante, comparer deux années, estimer une situation d'exemple. Chacune rend le code de sortie
du programme (0 : tout va bien) et dit en français ce qui ne va pas."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import calculator
import calculator.comparaison
from calculator import saison
from calculator.verification import MOTIF_ANNEE

from . import projet
from .baremes_yaml import afficher_erreurs, charger_baremes, fichiers_de_baremes, verifier_fichier
from .nouvelle_annee import texte_nouvelle_annee
from .yaml_strict import nom_affiche

SITUATION_D_EXEMPLE = {
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}


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


def commande_estimer() -> int:
    """Vérifie les barèmes, puis estime la situation d'exemple avec le barème le plus récent."""
    baremes, erreurs = charger_baremes(fichiers_de_baremes())
    if erreurs:
        afficher_erreurs(erreurs)
        return 1
    entree = json.dumps(SITUATION_D_EXEMPLE)
    _, sortie = calculator.calculer_json(entree, baremes)
    resultat = json.loads(sortie)
    print(f"Situation d'exemple : {entree}")
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
