"""Les étapes de la recette de build.py : lire les sources, rendre le site en mémoire, le
vérifier, l'écrire. Chaque étape rend ses erreurs au lieu de lever une exception ; rien n'est
écrit tant qu'une étape en a trouvé."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import calculator
from calculator.bareme import Bareme

from . import projet
from .baremes_yaml import charger_baremes, donnees_compilees, ecrire_si_change, fichiers_de_baremes
from .chantier import refuser_les_textes_de_chantier
from .donnees_ouvertes import fichiers_donnees_ouvertes
from .pages import Page, lire_pages, lire_reglages
from .rendu import (
    environnements,
    manifeste,
    plan_du_site,
    poids_gzip,
    rendre_page,
    rendre_relatif,
    verifier_liens,
)
from .saison import contexte_de_la_saison
from .simulateur import fichiers_du_simulateur, service_worker
from .yaml_strict import Erreur, nom_affiche

POIDS_MAXIMUM_GZIP = 30 * 1024
"""HTML + CSS d'une page, compressés : au-delà, la page est trop lourde pour un réseau mobile."""


@dataclass(frozen=True)
class Sources:
    """Ce que lit la construction, déjà vérifié : barèmes, réglages, pages, et le jour dont
    parlent les pages."""

    baremes: dict[str, Bareme]
    reglages: dict[str, Any]
    pages: list[Page]
    aujourdhui: dt.date


@dataclass
class Site:
    """Tout ce que la construction écrira, déjà rendu ; `documents` : le HTML de chaque page
    avant la réécriture de ses liens en relatifs (c'est lui que vérifient les liens)."""

    fichiers: dict[str, bytes]
    pages: list[Page]
    baremes: dict[str, Bareme]
    aujourdhui: dt.date
    documents: dict[str, str] = field(default_factory=dict)


# --- Lire ------------------------------------------------------------------------------------


def lire_les_sources(aujourdhui: dt.date) -> tuple[Sources | None, list[Erreur]]:
    """Les barèmes (lus et vérifiés par le chargeur), les réglages et les pages."""
    baremes, erreurs = charger_baremes(fichiers_de_baremes())
    reglages, erreurs_reglages = lire_reglages()
    pages, erreurs_pages = lire_pages(reglages)
    erreurs += erreurs_reglages + erreurs_pages
    if erreurs:
        return None, erreurs
    return Sources(baremes, reglages, pages, aujourdhui), []


# --- Rendre ----------------------------------------------------------------------------------


def rendre_le_site(sources: Sources) -> tuple[Site | None, list[Erreur]]:
    """Les pages (Jinja2), les fichiers statiques, les données ouvertes, le simulateur et le
    service worker, en mémoire."""
    documents, erreurs = rendre_les_pages(sources)
    if erreurs:
        return None, erreurs
    fichiers = fichiers_statiques() | fichiers_du_site(sources)
    fichiers |= fichiers_donnees_ouvertes(sources.baremes)
    simulateur, erreurs = fichiers_du_simulateur(sources.reglages, sources.baremes)
    if erreurs:
        return None, erreurs
    fichiers |= simulateur
    chemin_du_site = urlsplit(sources.reglages["url_de_base"]).path
    for page in sources.pages:
        fichiers[page.fichier] = rendre_relatif(
            documents[page.adresse], page, chemin_du_site
        ).encode()
    version = sources.reglages["pyodide"]["version"]
    fichiers |= service_worker(fichiers, sources.pages, version)
    return Site(fichiers, sources.pages, sources.baremes, sources.aujourdhui, documents), []


def rendre_les_pages(sources: Sources) -> tuple[dict[str, str], list[Erreur]]:
    """Le HTML de chaque page, par adresse, tel qu'on le lit le jour de la construction."""
    contexte = {
        "baremes": [sources.baremes[a] for a in sorted(sources.baremes)],
        "baremes_par_annee": sources.baremes,
        **contexte_de_la_saison(sources.baremes, sources.aujourdhui),
    }
    gabarits, env_pages = environnements(contexte)
    site = reglages_des_gabarits(sources)
    documents: dict[str, str] = {}
    erreurs: list[Erreur] = []
    for page in sources.pages:
        document, erreurs_rendu = rendre_page(page, gabarits, env_pages, site)
        erreurs += erreurs_rendu
        if document is not None:
            documents[page.adresse] = document
    return documents, erreurs


def reglages_des_gabarits(sources: Sources) -> dict[str, Any]:
    """Les réglages du site, la navigation et le pied de page avec le titre court de chaque
    page."""
    par_adresse = {p.adresse: p for p in sources.pages}

    def liens(cle: str) -> list[dict[str, str]]:
        return [{"adresse": a, "titre": par_adresse[a].titre_court} for a in sources.reglages[cle]]

    return {
        **sources.reglages,
        "navigation": liens("navigation"),
        "pied_de_page": liens("pied_de_page"),
    }


def fichiers_statiques() -> dict[str, bytes]:
    """Les fichiers de site_src/statique/, copiés tels quels."""
    return {
        chemin.relative_to(projet.DOSSIER_STATIQUE).as_posix(): chemin.read_bytes()
        for chemin in sorted(projet.DOSSIER_STATIQUE.rglob("*"))
        if chemin.is_file()
    }


def fichiers_du_site(sources: Sources) -> dict[str, bytes]:
    """Le plan du site, robots.txt et le manifeste de l'application."""
    url = sources.reglages["url_de_base"]
    return {
        "sitemap.xml": plan_du_site(sources.pages).encode(),
        "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {url}sitemap.xml\n".encode(),
        "manifest.webmanifest": manifeste(sources.reglages).encode(),
    }


# --- Vérifier --------------------------------------------------------------------------------


def verifier_le_site(site: Site) -> list[Erreur]:
    """Chaque lien interne mène quelque part, chaque page est assez légère, aucun texte
    d'attente n'est affiché."""
    erreurs = verifier_liens(site.pages, site.documents, set(site.fichiers))
    erreurs += verifier_poids(site.pages, site.fichiers)
    sources = {page.fichier: nom_affiche(page.source) for page in site.pages}
    return erreurs + refuser_les_textes_de_chantier(site.fichiers, site.baremes, sources)


def verifier_poids(pages: list[Page], fichiers: dict[str, bytes]) -> list[Erreur]:
    """Chaque page, avec la feuille de style, pèse au plus POIDS_MAXIMUM_GZIP compressée."""
    css = poids_gzip(fichiers.get("style.css", b""))
    erreurs = []
    for page in pages:
        poids = poids_gzip(fichiers[page.fichier]) + css
        if poids > POIDS_MAXIMUM_GZIP:
            message = (
                f"page trop lourde : {poids / 1024:.1f} Ko compressés avec la feuille de style "
                f"(au plus {POIDS_MAXIMUM_GZIP // 1024} Ko)"
            )
            erreurs.append(Erreur(nom_affiche(page.source), None, message))
    return erreurs


# --- Écrire ----------------------------------------------------------------------------------


def ecrire_site(site: Site, sortie: Path) -> list[str]:
    """Écrit le site dans un dossier neuf, puis le met à la place de `sortie` d'un seul coup ;
    rend une ligne de journal par page et une pour l'ensemble."""
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
    ancien = sortie.with_name(f".{sortie.name}-ancien")
    if sortie.exists():
        shutil.rmtree(ancien, ignore_errors=True)
        sortie.rename(ancien)
    provisoire.rename(sortie)
    shutil.rmtree(ancien, ignore_errors=True)
    return [
        *journal_des_pages(site),
        f"{len(site.fichiers)} fichiers écrits dans {nom_affiche(sortie)}/",
        f"Site daté du {calculator.format.date_longue(site.aujourdhui.isoformat())}.",
    ]


def ecrire_les_donnees_du_paquet(site: Site, chemin: Path) -> list[str]:
    """Les barèmes compilés que lit `python -m calculator` (le paquet, hors du site)."""
    change = ecrire_si_change(chemin, donnees_compilees(site.baremes))
    return [f"barèmes/*.yaml => {nom_affiche(chemin)} ({'écrit' if change else 'inchangé'})"]


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
