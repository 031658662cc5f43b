"""Aucun texte de chantier dans le site : les « À COMPLÉTER » et autres textes d'attente des
éditeurs restent dans les commentaires des barèmes, jamais dans une page ni une donnée ouverte.
"""

from __future__ import annotations

import re
from typing import Any

from calculator.bareme import Bareme, bareme_en_dict
from calculator.verification import TEXTES_DE_CHANTIER

from .yaml_strict import Erreur

VALEUR_VIDE_AFFICHEE = re.compile(r"\b(?:None|null|undefined|NaN)\b")
"""Une valeur absente rendue comme du texte dans une page (hors scripts et attributs)."""

EXTENSIONS_LUES = (".html", ".json", ".csv", ".xml", ".txt", ".webmanifest")


def _texte_visible(document: str) -> str:
    """Le texte d'une page HTML, sans ses scripts, ses styles ni ses balises."""
    sans_scripts = re.sub(r"<(script|style)\b.*?</\1>", " ", document, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", sans_scripts)


def _origines(baremes: dict[str, Bareme], extrait: str) -> list[tuple[str, str]]:
    """Les clés des barèmes dont une valeur contient `extrait` : (fichier, « bloc › clé »),
    cherchées dans leur sérialisation, qui a les clés du fichier."""
    trouvees = []

    def parcourir(valeur: Any, chemin: tuple[str, ...], annee: str) -> None:
        if isinstance(valeur, dict):
            for cle, sous_valeur in valeur.items():
                parcourir(sous_valeur, (*chemin, str(cle)), annee)
        elif isinstance(valeur, list):
            for i, sous_valeur in enumerate(valeur):
                parcourir(sous_valeur, (*chemin, str(i)), annee)
        elif isinstance(valeur, str) and extrait.lower() in valeur.lower():
            trouvees.append((f"barèmes/{annee}.yaml", " › ".join(chemin)))

    for annee, bareme in baremes.items():
        parcourir(bareme_en_dict(bareme), (), annee)
    return trouvees


def refuser_les_textes_de_chantier(
    fichiers: dict[str, bytes],
    baremes: dict[str, Bareme],
    sources_des_pages: dict[str, str] | None = None,
) -> list[Erreur]:
    """Une erreur par fichier du site qui contient un texte de chantier ou une valeur vide
    affichée, au nom de la clé du barème d'où il vient, sinon de la page source
    (`sources_des_pages` : fichier écrit → fichier source)."""
    sources_des_pages = sources_des_pages or {}
    erreurs = []
    for chemin, contenu in sorted(fichiers.items()):
        if not chemin.endswith(EXTENSIONS_LUES):
            continue
        texte = contenu.decode("utf-8", errors="replace")
        trouve = TEXTES_DE_CHANTIER.search(texte)
        if trouve is None and chemin.endswith(".html"):
            trouve = VALEUR_VIDE_AFFICHEE.search(_texte_visible(texte))
        if trouve is None:
            continue
        origines = _origines(baremes, trouve.group(0)) if trouve.re is TEXTES_DE_CHANTIER else []
        conseil = (
            "un texte d'attente ne doit pas être lu par un étudiant : écrivez ce que l'on sait "
            "(ou laissez la valeur vide, null), et gardez « À COMPLÉTER » pour les commentaires"
        )
        if not origines:
            source = sources_des_pages.get(chemin, chemin)
            erreurs.append(
                Erreur(source, None, f"« {trouve.group(0)} » écrit dans {chemin} : {conseil}")
            )
        for fichier, cle in origines:
            erreurs.append(
                Erreur(
                    fichier, None, f"{cle} : « {trouve.group(0)} » écrit dans {chemin} : {conseil}"
                )
            )
    return erreurs
