"""Les réglages du site (`site_src/site.yaml`) et les pages (`site_src/pages/*.md` : en-tête
YAML, corps Jinja2 puis Markdown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import projet
from .yaml_strict import (
    ChargeurStrict,
    Erreur,
    Position,
    diagnostic_de_syntaxe,
    lire_yaml,
    nom_affiche,
)

CLES_DE_PAGE = {"titre", "description"}
CLES_DE_PAGE_FACULTATIVES = {"gabarit", "titre_court"}


@dataclass
class Page:
    """Une page de site_src/pages/ : son en-tête (front matter) et son corps Markdown."""

    source: Path
    adresse: str
    """Adresse racine de la page : « / », « /conditions/ », « /404.html »."""
    titre: str
    titre_court: str
    """Dans la navigation et le pied de page (clé `titre_court`, sinon le titre)."""
    description: str
    gabarit: str
    corps: str
    premiere_ligne_du_corps: int
    titre_complet: str = ""
    url_canonique: str = ""
    identifiants: set[str] = field(default_factory=set)

    @property
    def fichier(self) -> str:
        """Le fichier écrit dans public/ : « index.html », « conditions/index.html »."""
        if self.adresse.endswith(".html"):
            return self.adresse.lstrip("/")
        return f"{self.adresse.strip('/')}/index.html".lstrip("/")

    def ligne_de(self, fragment: str) -> int:
        """La ligne du fichier source où apparaît un fragment (sinon la première du corps)."""
        for numero, ligne in enumerate(self.corps.splitlines(), self.premiere_ligne_du_corps):
            if fragment in ligne:
                return numero
        return self.premiere_ligne_du_corps


def lire_reglages() -> tuple[dict[str, Any], list[Erreur]]:
    """Lit site_src/site.yaml (titre, adresse publique, navigation)."""
    fichier, erreurs = lire_yaml(projet.DOSSIER_SITE / "site.yaml")
    if fichier is None:
        return {}, erreurs
    reglages = fichier.donnees
    nom = nom_affiche(projet.DOSSIER_SITE / "site.yaml")
    for cle in (
        "titre",
        "accroche",
        "url_de_base",
        "navigation",
        "pied_de_page",
        "pyodide",
        "zstd",
    ):
        if cle not in reglages:
            erreurs.append(Erreur(nom, None, f"la clé « {cle} » manque"))
    url = reglages.get("url_de_base", "")
    if not (isinstance(url, str) and url.startswith("https://") and url.endswith("/")):
        erreurs.append(
            Erreur(
                nom,
                fichier.positions.get(("url_de_base",)),
                "url_de_base : une adresse https://… terminée par « / » est attendue",
            )
        )
    return reglages, erreurs


def adresse_de(source: Path) -> str:
    """« index.md » → « / », « conditions.md » → « /conditions/ », « 404.md » → « /404.html »."""
    if source.stem == "index":
        return "/"
    if source.stem == "404":
        return "/404.html"
    return f"/{source.stem}/"


def lire_page(source: Path) -> tuple[Page | None, list[Erreur]]:
    """Lit une page : en-tête YAML entre deux lignes « --- », puis le corps Markdown."""
    nom = nom_affiche(source)
    texte = source.read_text(encoding="utf-8")
    morceaux = texte.split("\n---\n", 1)
    if not texte.startswith("---\n") or len(morceaux) != 2:
        return None, [Erreur(nom, Position(1, 1), "l'en-tête « --- titre: … --- » manque")]
    entete_texte, corps = morceaux[0][4:], morceaux[1]
    chargeur = ChargeurStrict(entete_texte)
    try:
        entete = chargeur.get_single_data()
    except yaml.YAMLError as erreur:
        marque, conseil = diagnostic_de_syntaxe(entete_texte, erreur)
        # + 2 : la ligne « --- » qui ouvre l'en-tête, et les lignes comptées à partir de 1.
        position = Position(marque.line + 2, marque.column + 1) if marque else Position(1, 1)
        return None, [Erreur(nom, position, f"en-tête YAML invalide : {conseil}")]
    finally:
        chargeur.dispose()
    erreurs = []
    if not isinstance(entete, dict):
        return None, [Erreur(nom, Position(2, 1), "l'en-tête doit être un bloc de clés")]
    for cle in sorted(CLES_DE_PAGE - set(entete)):
        erreurs.append(Erreur(nom, Position(1, 1), f"en-tête : la clé « {cle} » manque"))
    for cle in sorted(set(entete) - CLES_DE_PAGE - CLES_DE_PAGE_FACULTATIVES):
        erreurs.append(Erreur(nom, Position(1, 1), f"en-tête : clé inconnue « {cle} »"))
    description = entete.get("description", "")
    if isinstance(description, str) and not 50 <= len(description) <= 170:
        erreurs.append(
            Erreur(
                nom,
                Position(1, 1),
                f"en-tête : la description fait {len(description)} "
                "caractères ; entre 50 et 170 s'affichent bien dans un moteur de recherche",
            )
        )
    if erreurs:
        return None, erreurs
    page = Page(
        source=source,
        adresse=adresse_de(source),
        titre=str(entete["titre"]),
        titre_court=str(entete.get("titre_court", entete["titre"])),
        description=str(description),
        gabarit=entete.get("gabarit", "base.html"),
        corps=corps,
        premiere_ligne_du_corps=entete_texte.count("\n") + 4,
    )
    return page, []


def lire_pages(reglages: dict[str, Any]) -> tuple[list[Page], list[Erreur]]:
    """Lit toutes les pages ; les titres sont uniques, la navigation ne vise que des pages."""
    pages, erreurs = [], []
    for source in sorted(projet.DOSSIER_PAGES.glob("*.md")):
        page, erreurs_de_page = lire_page(source)
        erreurs += erreurs_de_page
        if page is not None:
            page.titre_complet = (
                reglages.get("titre", "")
                if page.adresse == "/"
                else f"{page.titre} · {reglages.get('titre', '')}"
            )
            page.url_canonique = reglages.get("url_de_base", "/") + page.adresse.lstrip("/")
            pages.append(page)
    vus: dict[str, Page] = {}
    for page in pages:
        if page.titre in vus:
            erreurs.append(
                Erreur(
                    nom_affiche(page.source),
                    Position(2, 1),
                    f"titre « {page.titre} » déjà pris par {nom_affiche(vus[page.titre].source)}",
                )
            )
        vus[page.titre] = page
    adresses = {p.adresse for p in pages}
    for cle in ("navigation", "pied_de_page"):
        for adresse in reglages.get(cle, []):
            if adresse not in adresses:
                erreurs.append(
                    Erreur(
                        "site_src/site.yaml", None, f"{cle} : aucune page à l'adresse « {adresse} »"
                    )
                )
    return pages, erreurs
