"""Construit le site Échelon dans public/ à partir de site_src/, barèmes/ et calculator/.

    python build.py                  vérifie tout, puis construit le site dans public/
    python build.py serve            construit ailleurs, sert le site et le reconstruit à chaque
                                     modification (la page ouverte se recharge)
    python build.py check [FICHIER]  vérifie les barèmes (tous, ou ceux donnés) sans rien écrire
    python build.py estimer          vérifie puis estime une situation d'exemple

Toutes les données sont chargées et vérifiées avant la moindre écriture : un fichier fautif
arrête la construction avec un message en français qui nomme le fichier et la ligne, et public/
n'est jamais laissé à moitié écrit. Ce fichier ne contient aucune règle d'attribution : elles
sont toutes dans calculator/.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import html
import http.server
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import markdown
import yaml
from markupsafe import Markup

import calculator
import calculator.comparaison
from calculator.verification import MOTIF_ANNEE, Chemin, Probleme

RACINE = Path(__file__).resolve().parent
DOSSIER_BAREMES = RACINE / "barèmes"
DONNEES_DU_PAQUET = RACINE / "calculator" / "donnees" / "baremes.json"
FORMAT_DES_DONNEES = 1
DOSSIER_SITE = RACINE / "site_src"
DOSSIER_PAGES = DOSSIER_SITE / "pages"
DOSSIER_GABARITS = DOSSIER_SITE / "gabarits"
DOSSIER_STATIQUE = DOSSIER_SITE / "statique"
SORTIE = RACINE / "public"
POIDS_MAXIMUM_GZIP = 30 * 1024
"""HTML + CSS d'une page, compressés : au-delà, la page est trop lourde pour un réseau mobile."""
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
"""Politique de sécurité des pages : rien d'un autre site, aucun script ni style en ligne."""
CSP_SIMULATEUR = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") + (
    "; worker-src 'self'"
)
"""Le simulateur compile en plus le WebAssembly de Pyodide, dans un worker du site."""

SITUATION_D_EXEMPLE = {
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}


# Lecture stricte du YAML -------------------------------------------------------------------


class ChargeurStrict(yaml.SafeLoader):
    """YAML sans pièges : les dates restent du texte, seuls true/false sont des booléens,
    les nombres s'écrivent en décimal simple, une clé en double est une erreur."""


ChargeurStrict.yaml_implicit_resolvers = {
    initiale: [
        (tag, motif)
        for tag, motif in resolveurs
        if tag
        not in (
            "tag:yaml.org,2002:timestamp",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        )
    ]
    for initiale, resolveurs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _tag, _motif, _initiales in (
    ("tag:yaml.org,2002:bool", r"^(?:true|false)$", "tf"),
    ("tag:yaml.org,2002:int", r"^-?(?:0|[1-9][0-9]*)$", "-0123456789"),
    ("tag:yaml.org,2002:float", r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$", "-0123456789"),
):
    ChargeurStrict.add_implicit_resolver(_tag, re.compile(_motif), list(_initiales))


@dataclass(frozen=True)
class Position:
    ligne: int
    colonne: int

    @property
    def cle_de_tri(self) -> tuple[int, int]:
        return (self.ligne, self.colonne)


@dataclass(frozen=True)
class Erreur:
    """Un problème situé dans un fichier, prêt à afficher."""

    fichier: str
    position: Position | None
    texte: str

    def __str__(self) -> str:
        if self.position is None:
            return f"{self.fichier} : {self.texte}"
        return f"{self.fichier}:{self.position.ligne}:{self.position.colonne} : {self.texte}"


@dataclass(frozen=True)
class FichierYaml:
    chemin: Path
    donnees: Any
    positions: dict[Chemin, Position]

    def situer(self, probleme: Probleme) -> Erreur:
        """Le problème, avec la ligne et la colonne de la valeur (ou du bloc) en cause."""
        chemin = probleme.chemin
        while chemin not in self.positions and chemin:
            chemin = chemin[:-1]
        return Erreur(nom_affiche(self.chemin), self.positions.get(chemin), str(probleme))


def nom_affiche(chemin: Path) -> str:
    """Le chemin d'un fichier tel que l'éditeur le voit depuis la racine du projet."""
    try:
        return str(chemin.resolve().relative_to(RACINE))
    except ValueError:
        return str(chemin)


def lire_yaml(chemin: Path) -> tuple[FichierYaml | None, list[Erreur]]:
    """Lit un fichier YAML en notant la position de chaque valeur ; refuse les clés en double."""
    nom = nom_affiche(chemin)
    try:
        texte = chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as erreur:
        return None, [Erreur(nom, None, f"fichier illisible ({erreur})")]
    chargeur = ChargeurStrict(texte)
    try:
        racine = chargeur.get_single_node()
    except yaml.YAMLError as erreur:
        marque = getattr(erreur, "problem_mark", None)
        position = Position(marque.line + 1, marque.column + 1) if marque else None
        detail = getattr(erreur, "problem", None) or str(erreur)
        return None, [Erreur(nom, position, f"YAML invalide : {detail}")]
    finally:
        chargeur.dispose()
    positions: dict[Chemin, Position] = {}
    erreurs: list[Erreur] = []

    def construire(noeud: yaml.Node, chemin: Chemin) -> Any:
        positions[chemin] = Position(noeud.start_mark.line + 1, noeud.start_mark.column + 1)
        if isinstance(noeud, yaml.MappingNode):
            resultat: dict[Any, Any] = {}
            for noeud_cle, noeud_valeur in noeud.value:
                cle = chargeur.construct_object(noeud_cle, deep=True)
                if cle in resultat:
                    erreurs.append(
                        Erreur(
                            nom,
                            Position(
                                noeud_cle.start_mark.line + 1, noeud_cle.start_mark.column + 1
                            ),
                            f"{calculator.verification.decrire_chemin((*chemin, cle))} : clé "
                            f"« {cle} » en double (déjà définie ligne "
                            f"{positions[(*chemin, cle)].ligne}) ; la seconde effacerait la "
                            "première sans prévenir",
                        )
                    )
                    continue
                resultat[cle] = construire(noeud_valeur, (*chemin, cle))
            return resultat
        if isinstance(noeud, yaml.SequenceNode):
            return [construire(n, (*chemin, i)) for i, n in enumerate(noeud.value)]
        return chargeur.construct_object(noeud, deep=True)

    if racine is None:
        return None, [Erreur(nom, None, "fichier vide")]
    try:
        donnees = construire(racine, ())
    except yaml.YAMLError as erreur:
        return None, [Erreur(nom, None, f"YAML invalide : {erreur}")]
    return FichierYaml(chemin, donnees, positions), erreurs


# Barèmes ------------------------------------------------------------------------------------


def fichiers_de_baremes() -> list[Path]:
    """Les fichiers barèmes/<année>.yaml, dans l'ordre des années."""
    return sorted(DOSSIER_BAREMES.glob("*.yaml"))


SCHEMA = DOSSIER_BAREMES / "schema.json"


def _message_du_schema(erreur: Any) -> str:
    """Une erreur de jsonschema, dite en français."""
    valeur = erreur.instance
    attendu = erreur.validator_value
    messages = {
        "required": lambda: (
            "clé requise manquante : "
            + ", ".join(f"« {c} »" for c in attendu if isinstance(valeur, dict) and c not in valeur)
        ),
        "additionalProperties": lambda: "clé non prévue par le schéma",
        "unevaluatedProperties": lambda: "clé non prévue par le schéma",
        "type": lambda: f"type attendu : {attendu}, valeur {valeur!r}",
        "enum": lambda: f"{valeur!r} n'est pas une valeur permise ({', '.join(map(str, attendu))})",
        "const": lambda: f"valeur attendue : {attendu}",
        "pattern": lambda: f"{valeur!r} n'a pas la forme attendue",
        "minimum": lambda: f"{valeur!r} est inférieur au minimum {attendu}",
        "exclusiveMinimum": lambda: f"{valeur!r} doit être supérieur à {attendu}",
        "minItems": lambda: f"au moins {attendu} élément(s) attendu(s)",
        "maxItems": lambda: f"au plus {attendu} élément(s) attendu(s)",
        "minProperties": lambda: f"au moins {attendu} clé(s) attendue(s)",
        "maxProperties": lambda: f"au plus {attendu} clé(s) attendue(s)",
        "propertyNames": lambda: "nom de clé non permis",
        "minLength": lambda: "texte vide",
    }
    texte = messages.get(erreur.validator, lambda: erreur.message)()
    return f"non conforme au schéma ({nom_affiche(SCHEMA)}) : {texte}"


def problemes_du_schema(donnees: Any) -> list[Probleme]:
    """Les écarts du contenu d'un fichier au schéma JSON publié du format des barèmes."""
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validateur = jsonschema.Draft202012Validator(schema)
    contenu = json.loads(json.dumps(donnees, ensure_ascii=False))
    problemes = []
    for erreur in sorted(
        validateur.iter_errors(contenu), key=lambda e: list(map(str, e.absolute_path))
    ):
        chemin = tuple(
            int(p) if isinstance(p, str) and p.isdigit() else p for p in erreur.absolute_path
        )
        problemes.append(Probleme(chemin, _message_du_schema(erreur)))
    return problemes


def verifier_fichier(chemin: Path) -> tuple[dict[str, Any] | None, list[Erreur]]:
    """Lit et vérifie un fichier de barème ; renvoie son contenu s'il est sans erreur."""
    fichier, erreurs = lire_yaml(chemin)
    if fichier is None:
        return None, erreurs
    annee_attendue = chemin.stem if MOTIF_ANNEE.match(chemin.stem) else None
    if annee_attendue is None:
        erreurs.append(
            Erreur(
                nom_affiche(chemin),
                None,
                "le nom du fichier doit être l'année universitaire, par exemple 2025-2026.yaml",
            )
        )
    problemes = calculator.verifier_bareme(fichier.donnees, annee_attendue)
    if not problemes and not erreurs:
        # Le schéma publié, en plus : nos contrôles, plus précis, ont déjà tout dit sinon.
        problemes = problemes_du_schema(fichier.donnees)
    situees = [fichier.situer(p) for p in problemes]
    erreurs += sorted(situees, key=lambda e: (e.position or Position(0, 0)).cle_de_tri)
    return (None if erreurs else fichier.donnees), erreurs


def charger_baremes(chemins: list[Path]) -> tuple[dict[str, dict[str, Any]], list[Erreur]]:
    """Lit et vérifie tous les fichiers ; renvoie les barèmes valides et toutes les erreurs."""
    baremes: dict[str, dict[str, Any]] = {}
    erreurs: list[Erreur] = []
    for chemin in chemins:
        donnees, erreurs_du_fichier = verifier_fichier(chemin)
        erreurs += erreurs_du_fichier
        if donnees is not None:
            baremes[donnees["annee_universitaire"]] = donnees
    if not chemins:
        erreurs.append(Erreur(nom_affiche(DOSSIER_BAREMES), None, "aucun fichier de barème"))
    for annee, donnees in baremes.items():
        fonde_sur = donnees.get("fonde_sur")
        if fonde_sur is not None and fonde_sur not in baremes and len(chemins) > 1:
            erreurs.append(
                Erreur(
                    f"barèmes/{annee}.yaml",
                    None,
                    f"fonde_sur : aucun barème {fonde_sur} dans barèmes/",
                )
            )
    return baremes, erreurs


def donnees_compilees(baremes: dict[str, dict[str, Any]], compact: bool = False) -> str:
    """Le JSON des barèmes que le calculateur embarque (clés triées : octets stables).

    Lisible (une clé par ligne) dans le dépôt, où il se relit dans les différences ; compact
    dans la roue que télécharge le navigateur.
    """
    contenu = {"format": FORMAT_DES_DONNEES, "baremes": dict(sorted(baremes.items()))}
    if compact:
        return json.dumps(contenu, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return json.dumps(contenu, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def ecrire_si_change(chemin: Path, texte: str) -> bool:
    """Écrit le fichier seulement si son contenu change ; dit s'il a changé."""
    if chemin.exists() and chemin.read_text(encoding="utf-8") == texte:
        return False
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(texte, encoding="utf-8")
    return True


def afficher_erreurs(erreurs: list[Erreur]) -> None:
    for erreur in erreurs:
        print(erreur, file=sys.stderr)
    pluriel = "s" if len(erreurs) > 1 else ""
    print(f"{len(erreurs)} problème{pluriel} : rien n'a été écrit.", file=sys.stderr)


# Site : réglages et pages ------------------------------------------------------------------

CLES_DE_PAGE = {"titre", "description"}
CLES_DE_PAGE_FACULTATIVES = {"gabarit"}


@dataclass
class Page:
    """Une page de site_src/pages/ : son en-tête (front matter) et son corps Markdown."""

    source: Path
    adresse: str
    """Adresse racine de la page : « / », « /conditions/ », « /404.html »."""
    titre: str
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
    fichier, erreurs = lire_yaml(DOSSIER_SITE / "site.yaml")
    if fichier is None:
        return {}, erreurs
    reglages = fichier.donnees
    nom = nom_affiche(DOSSIER_SITE / "site.yaml")
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
        marque = getattr(erreur, "problem_mark", None)
        position = Position(marque.line + 2, marque.column + 1) if marque else Position(1, 1)
        return None, [Erreur(nom, position, f"en-tête YAML invalide : {erreur}")]
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
        description=str(description),
        gabarit=entete.get("gabarit", "base.html"),
        corps=corps,
        premiere_ligne_du_corps=entete_texte.count("\n") + 4,
    )
    return page, []


def lire_pages(reglages: dict[str, Any]) -> tuple[list[Page], list[Erreur]]:
    """Lit toutes les pages ; les titres sont uniques, la navigation ne vise que des pages."""
    pages, erreurs = [], []
    for source in sorted(DOSSIER_PAGES.glob("*.md")):
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


# Site : graphiques SVG ------------------------------------------------------------------------


def _echelle(valeurs: list[float], bas: float, haut: float) -> Any:
    minimum, maximum = 0, max(valeurs) * 1.05
    return lambda v: haut - (v - minimum) / (maximum - minimum) * (haut - bas)


def graphique_en_lignes(
    identifiant: str,
    titre: str,
    description: str,
    etiquettes_x: list[str],
    series: list[tuple[str, list[float]]],
    legende_x: str,
) -> Markup:
    """Un graphique en lignes, en SVG accessible (titre, description), couleurs par la CSS."""
    largeur, hauteur, gauche, droite, haut, bas = 640, 360, 64, 96, 16, 40
    x_de = lambda i: gauche + i * (largeur - gauche - droite) / max(len(etiquettes_x) - 1, 1)  # noqa: E731
    toutes = [v for _, valeurs in series for v in valeurs]
    y_de = _echelle(toutes, haut, hauteur - bas)
    maximum = max(toutes) * 1.05
    pas = next(p for p in (250, 500, 1000, 2000, 5000, 10000, 20000, 50000) if maximum / p <= 6)
    traits = []
    graduation = 0
    while graduation <= maximum:
        y = y_de(graduation)
        traits.append(
            f'<line class="grille" x1="{gauche}" x2="{largeur - droite}" y1="{y:.1f}" '
            f'y2="{y:.1f}"/><text class="axe" x="{gauche - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{calculator.format.nombre(graduation)}</text>'
        )
        graduation += pas
    for i, etiquette in enumerate(etiquettes_x):
        if len(etiquettes_x) <= 8 or i % 2 == 0:
            traits.append(
                f'<text class="axe" x="{x_de(i):.1f}" y="{hauteur - bas + 16}" '
                f'text-anchor="middle">{html.escape(etiquette)}</text>'
            )
    traits.append(
        f'<text class="axe" x="{(gauche + largeur - droite) / 2:.0f}" '
        f'y="{hauteur - 4}" text-anchor="middle">{html.escape(legende_x)}</text>'
    )
    for rang, (_, valeurs) in enumerate(series):
        points = " ".join(f"{x_de(i):.1f},{y_de(v):.1f}" for i, v in enumerate(valeurs))
        traits.append(f'<polyline class="serie serie-{rang}" points="{points}"/>')
    # Étiquettes en bout de ligne, écartées d'au moins 14 px pour rester lisibles.
    bouts = sorted((y_de(valeurs[-1]) + 4, rang, nom) for rang, (nom, valeurs) in enumerate(series))
    precedent = float("-inf")
    for y, rang, nom in bouts:
        y = max(y, precedent + 14)
        precedent = y
        traits.append(
            f'<text class="etiquette serie-{rang}" x="{largeur - droite + 6:.1f}" '
            f'y="{y:.1f}">{html.escape(nom)}</text>'
        )
    return Markup(
        f'<figure class="graphique"><svg viewBox="0 0 {largeur} {hauteur}" role="img" '
        f'aria-labelledby="{identifiant}-titre {identifiant}-desc">'
        f'<title id="{identifiant}-titre">{html.escape(titre)}</title>'
        f'<desc id="{identifiant}-desc">{html.escape(description)}</desc>'
        + "".join(traits)
        + "</svg>"
        + f"<figcaption>{html.escape(titre)}. {html.escape(description)}</figcaption></figure>"
    )


def graphique_des_montants(baremes: list[dict[str, Any]]) -> Markup:
    """Le taux annuel sur 10 mois de chaque échelon, d'une année universitaire à l'autre."""
    annees = [b["annee_universitaire"] for b in baremes]
    series = [
        (f"éch. {e}", [b["montants"]["lignes"][e][0] for b in baremes])
        for e in reversed(calculator.ECHELONS)
    ]
    premier, dernier = baremes[0], baremes[-1]
    return graphique_en_lignes(
        "graphique-montants",
        f"Taux annuel sur 10 mois de chaque échelon, de {annees[0]} à {annees[-1]}",
        f"Une ligne par échelon. L'échelon 7 passe de "
        f"{calculator.format.euros(premier['montants']['lignes']['7'][0])} à "
        f"{calculator.format.euros(dernier['montants']['lignes']['7'][0])}, l'échelon 0bis de "
        f"{calculator.format.euros(premier['montants']['lignes']['0bis'][0])} à "
        f"{calculator.format.euros(dernier['montants']['lignes']['0bis'][0])} ; les montants "
        "exacts sont dans les tableaux de cette page.",
        annees,
        series,
        "Année universitaire",
    )


def graphique_des_plafonds(bareme: dict[str, Any]) -> Markup:
    """Les plafonds de chaque échelon selon les points de charge, pour une année."""
    lignes = bareme["plafonds"]["lignes"]
    points = sorted(lignes, key=int)
    series = [
        (f"éch. {e}", [lignes[p][rang] for p in points])
        for rang, e in enumerate(calculator.ECHELONS)
    ]
    annee = bareme["annee_universitaire"]
    return graphique_en_lignes(
        f"graphique-plafonds-{annee}",
        f"Plafonds de ressources {annee} selon les points de charge",
        "Une ligne par échelon, de l'échelon 0bis (en haut) à l'échelon 7 (en bas) : chaque "
        "point de charge relève tous les plafonds. Les valeurs exactes sont dans le tableau.",
        [str(p) for p in points],
        series,
        "Points de charge",
    )


# Site : rendu ---------------------------------------------------------------------------------


def environnements(contexte: dict[str, Any]) -> tuple[jinja2.Environment, jinja2.Environment]:
    """Jinja pour les gabarits HTML (échappement automatique) et pour le corps des pages.

    Le corps des pages est du Markdown écrit par le projet : pas d'échappement, et les
    commentaires Jinja s'écrivent {## … ##} pour laisser libre la syntaxe {#ancre} des titres.
    """
    filtres = {
        "euros": calculator.format.euros,
        "nombre": calculator.format.nombre,
        "date_longue": calculator.format.date_longue,
    }
    fonctions = {
        "libelle_fiabilite": lambda niveau: calculator.bareme.FIABILITES.get(niveau, niveau),
        "libelle_nature": lambda nature: NATURES.get(nature, nature),
        "graphique_des_montants": lambda: graphique_des_montants(contexte["baremes"]),
        "graphique_des_plafonds": graphique_des_plafonds,
        "estimer": lambda situation: _estimer_pour_la_page(contexte, situation),
        "comparer": calculator.comparaison.comparer,
        "ecart": calculator.comparaison.ecart,
        "gel": lambda b, bloc: _debut_du_gel(contexte["baremes"], b, bloc),
        "resume_plafonds": _resume_des_plafonds,
        "montants_connus": lambda: _montants_connus(contexte),
    }
    gabarits = jinja2.Environment(
        loader=jinja2.FileSystemLoader(DOSSIER_GABARITS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    pages = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda nom: None),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        comment_start_string="{##",
        comment_end_string="##}",
    )
    for env in (gabarits, pages):
        env.filters.update(filtres)
        env.globals.update(fonctions)
        env.globals.update(contexte)
    macros = gabarits.get_template("_macros.html").make_module(contexte)
    for nom in dir(macros):
        if not nom.startswith("_"):
            pages.globals[nom] = getattr(macros, nom)
            gabarits.globals[nom] = getattr(macros, nom)
    return gabarits, pages


def _debut_du_gel(baremes: list[dict[str, Any]], bareme: dict[str, Any], bloc: str) -> str:
    """La première année d'une suite d'années aux valeurs identiques (un gel), jusqu'à `bareme`."""
    annees = [b for b in baremes if b["annee_universitaire"] <= bareme["annee_universitaire"]]
    debut = annees[-1]
    for precedent in reversed(annees[:-1]):
        if precedent[bloc]["lignes"] != bareme[bloc]["lignes"]:
            break
        debut = precedent
    return debut["annee_universitaire"]


def _resume_des_plafonds(comparaison: Any) -> str:
    """« +5,9 % à +6,1 % » : l'étendue des variations des plafonds d'une année à l'autre."""
    variations = [
        (c.apres - c.avant) / c.avant * 100 for c in comparaison.du_bloc("plafonds") if c.avant
    ]
    bas, haut = min(variations), max(variations)
    texte = lambda v: f"{'+' if v >= 0 else '−'}{calculator.format.nombre(abs(round(v, 1)), 1)} %"  # noqa: E731
    return texte(bas) if texte(bas) == texte(haut) else f"{texte(bas)} à {texte(haut)}"


NATURES = {
    "texte_officiel": "Texte officiel.",
    "site_officiel": "Site officiel.",
    "presse": "Presse ou site privé.",
    "code_source": "Code d'un autre simulateur.",
}


def _estimer_pour_la_page(contexte: dict[str, Any], situation: dict[str, Any]) -> dict[str, Any]:
    """Un exemple calculé par le calculateur lui-même (les pages n'écrivent aucune règle)."""
    entree = {"annee_universitaire": contexte["derniere"]["annee_universitaire"], **situation}
    valide, resultat = calculator.calculer(entree, contexte["objets_baremes"])
    if not valide:
        raise ValueError(f"exemple invalide {situation!r} : {resultat['erreurs']}")
    return resultat


def _montants_connus(contexte: dict[str, Any]) -> dict[str, Any]:
    """Les réponses du calculateur au montant d'un échelon connu, pour chaque année, échelon et
    durée (« 2025-2026|3|12 ») : la page des montants les lit sans worker ni règle à elle."""
    reponses = {}
    for annee, bareme in contexte["objets_baremes"].items():
        for echelon in bareme.montants_10_mois:
            for duree in (10, 12):
                valide, resultat = calculator.montant_depuis_echelon(
                    annee, echelon, duree, contexte["objets_baremes"]
                )
                if not valide:
                    raise ValueError(f"montant de l'échelon {echelon} en {annee} : {resultat}")
                reponses[f"{annee}|{echelon}|{duree}"] = resultat
    return reponses


def convertisseur_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "attr_list", "def_list", "toc", "md_in_html"],
        extension_configs={"toc": {"permalink": False}},
        output_format="html",
    )


def envelopper_les_tableaux(corps: str) -> str:
    """Chaque tableau écrit en Markdown défile seul sur un petit écran, sans élargir la page."""
    numero = 0

    def envelopper(correspondance: re.Match[str]) -> str:
        nonlocal numero
        numero += 1
        return (
            f'<div class="defilement" role="region" tabindex="0" aria-label="Tableau {numero}">'
            f"{correspondance.group(0)}</div>"
        )

    return re.sub(r"<table>.*?</table>", envelopper, corps, flags=re.DOTALL)


def rendre_page(
    page: Page, gabarits: jinja2.Environment, pages: jinja2.Environment, site: dict[str, Any]
) -> tuple[str | None, list[Erreur]]:
    """Le HTML complet d'une page, aux liens encore écrits depuis la racine (« /faq/ »)."""
    nom = nom_affiche(page.source)
    try:
        modele = pages.from_string(page.corps)
        markdown_rendu = modele.render(page=page)
        corps = envelopper_les_tableaux(convertisseur_markdown().convert(markdown_rendu))
        document = gabarits.get_template(page.gabarit).render(
            page=page,
            site=site,
            contenu=Markup(corps),
            csp=CSP_SIMULATEUR if page.gabarit == "simulateur.html" else CSP,
        )
    except jinja2.TemplateSyntaxError as erreur:
        ligne = page.premiere_ligne_du_corps + (erreur.lineno or 1) - 1
        return None, [Erreur(nom, Position(ligne, 1), f"gabarit invalide : {erreur.message}")]
    except (jinja2.UndefinedError, ValueError, KeyError, TypeError) as erreur:
        ligne = _ligne_de_l_erreur(erreur, page)
        return None, [Erreur(nom, Position(ligne, 1), f"expression invalide : {erreur}")]
    page.identifiants = set(re.findall(r'\sid="([^"]+)"', document))
    return document, []


def _ligne_de_l_erreur(erreur: Exception, page: Page) -> int:
    import traceback

    for cadre in reversed(traceback.extract_tb(erreur.__traceback__)):
        if cadre.filename == "<template>" and cadre.lineno:
            return page.premiere_ligne_du_corps + cadre.lineno - 1
    return page.premiere_ligne_du_corps


LIEN = re.compile(r'(href|src)="(/[^"]*|#[^"]*)"')


def verifier_liens(
    pages: list[Page], documents: dict[str, str], fichiers: set[str]
) -> list[Erreur]:
    """Chaque lien interne vise une page ou un fichier du site, et chaque ancre existe."""
    par_adresse = {p.adresse: p for p in pages}
    erreurs = []
    for page in pages:
        for _, cible in LIEN.findall(documents[page.adresse]):
            chemin, _, ancre = cible.partition("#")
            chemin = chemin or page.adresse
            visee = par_adresse.get(chemin)
            if visee is None and chemin.lstrip("/") not in fichiers:
                erreurs.append(
                    Erreur(
                        nom_affiche(page.source),
                        Position(page.ligne_de(cible), 1),
                        f"lien interne cassé « {cible} » : aucune page ni fichier",
                    )
                )
            elif ancre and (visee is None or ancre not in visee.identifiants):
                erreurs.append(
                    Erreur(
                        nom_affiche(page.source),
                        Position(page.ligne_de(cible), 1),
                        f"lien interne « {cible} » : l'ancre « #{ancre} » "
                        "n'existe pas dans la page visée",
                    )
                )
    return erreurs


def rendre_relatif(document: str, page: Page, chemin_du_site: str) -> str:
    """Les liens écrits depuis la racine (« /faq/ ») deviennent relatifs à la page (« ../faq/ »).

    Le site fonctionne ainsi sous n'importe quel chemin (site de projet GitHub Pages /<dépôt>/).
    Seule exception : la page d'erreur, que GitHub Pages sert à toutes les profondeurs ; ses
    liens partent du chemin public du site (« /echelon/faq/ », tiré de `url_de_base`).
    """
    if page.adresse == "/404.html":
        prefixe = chemin_du_site
    else:
        prefixe = "../" * page.fichier.count("/") or "./"

    def remplacer(correspondance: re.Match[str]) -> str:
        attribut, cible = correspondance.groups()
        if cible.startswith("#"):
            return correspondance.group(0)
        return f'{attribut}="{prefixe}{cible[1:]}"'

    return LIEN.sub(remplacer, document)


def plan_du_site(pages: list[Page]) -> str:
    """sitemap.xml : l'adresse publique de chaque page (sauf la page d'erreur)."""
    entrees = "".join(
        f"<url><loc>{html.escape(p.url_canonique)}</loc></url>\n"
        for p in sorted(pages, key=lambda p: p.adresse)
        if p.adresse != "/404.html"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entrees + "</urlset>\n"
    )


def manifeste(reglages: dict[str, Any]) -> str:
    """manifest.webmanifest : ajout à l'écran d'accueil du téléphone."""
    contenu = {
        "name": f"{reglages['titre']} : bourse sur critères sociaux",
        "short_name": reglages["titre"],
        "description": reglages["accroche"],
        "lang": "fr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d3f72",
        "icons": [{"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }
    return json.dumps(contenu, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def poids_gzip(contenu: bytes) -> int:
    return len(gzip.compress(contenu, compresslevel=9, mtime=0))


@dataclass
class Site:
    """Tout ce que la construction écrira, déjà rendu et vérifié."""

    fichiers: dict[str, bytes]
    pages: list[Page]
    baremes: dict[str, dict[str, Any]]


def preparer_site() -> tuple[Site | None, list[Erreur]]:
    """Charge et vérifie tout (barèmes, réglages, pages, liens), puis rend le site en mémoire."""
    baremes, erreurs = charger_baremes(fichiers_de_baremes())
    reglages, erreurs_reglages = lire_reglages()
    pages, erreurs_pages = lire_pages(reglages)
    erreurs += erreurs_reglages + erreurs_pages
    if erreurs:
        return None, erreurs
    liste = [baremes[a] for a in sorted(baremes)]
    publies = [b for b in liste if b["statut"] == "publie"]
    contexte = {
        "baremes": liste,
        "derniere": publies[-1],
        "objets_baremes": calculator.baremes_depuis_donnees({"baremes": baremes}),
    }
    par_adresse = {p.adresse: p for p in pages}
    site = {
        **reglages,
        "navigation": [
            {"adresse": a, "titre": _titre_court(par_adresse[a])} for a in reglages["navigation"]
        ],
        "pied_de_page": [
            {"adresse": a, "titre": _titre_court(par_adresse[a])} for a in reglages["pied_de_page"]
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
        chemin.relative_to(DOSSIER_STATIQUE).as_posix(): chemin.read_bytes()
        for chemin in sorted(DOSSIER_STATIQUE.rglob("*"))
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
    simulateur, erreurs = fichiers_du_simulateur(reglages, baremes, gabarits)
    fichiers.update(simulateur)
    if erreurs:
        return None, erreurs
    erreurs += verifier_liens(pages, documents, set(fichiers))
    for page in pages:
        chemin_du_site = urlsplit(reglages["url_de_base"]).path
        fichiers[page.fichier] = rendre_relatif(
            documents[page.adresse], page, chemin_du_site
        ).encode()
    css = fichiers.get("style.css", b"")
    for page in pages:
        poids = poids_gzip(fichiers[page.fichier]) + poids_gzip(css)
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
    if erreurs:
        return None, erreurs
    fichiers["sw.js"] = service_worker(fichiers, pages, gabarits, reglages["pyodide"]["version"])
    return Site(fichiers, pages, baremes), []


def _titre_court(page: Page) -> str:
    courts = {
        "/simulateur/": "Simulateur",
        "/conditions/": "Conditions",
        "/montants/": "Montants",
        "/plafonds/": "Plafonds",
        "/points-de-charge/": "Points de charge",
        "/demande-et-calendrier/": "Demande et calendrier",
        "/faq/": "Questions fréquentes",
        "/droits-et-progression/": "Droits et progression",
        "/recours/": "Recours",
        "/aides-liees/": "Aides liées",
        "/sources/": "Sources et méthode",
        "/ce-qui-change/": "Ce qui change",
        "/donnees-ouvertes/": "Données ouvertes",
        "/a-propos/": "À propos et confidentialité",
    }
    return courts.get(page.adresse, page.titre)


def ecrire_site(site: Site, sortie: Path) -> None:
    """Écrit le site dans un dossier neuf, puis le met à la place de `sortie` d'un seul coup."""
    sortie = sortie.resolve()
    if sortie in (RACINE, DOSSIER_SITE) or DOSSIER_SITE.is_relative_to(sortie):
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


def construire_site(sortie: Path) -> list[Erreur]:
    """Vérifie tout puis écrit le site dans `sortie` ; renvoie les erreurs (alors, rien d'écrit)."""
    site, erreurs = preparer_site()
    if site is None:
        return erreurs
    ecrire_site(site, sortie)
    return []


# Données ouvertes ------------------------------------------------------------------------------

LICENCE_DES_DONNEES = "Licence Ouverte 2.0 (Etalab)"


def csv_des_plafonds(bareme: dict[str, Any]) -> str:
    """Le tableau des plafonds d'une année en CSV : une ligne par nombre de points de charge."""
    entete = ["points_de_charge", *(f"echelon_{e}" for e in bareme["plafonds"]["colonnes"])]
    lignes = [",".join(entete)]
    for points, ligne in sorted(bareme["plafonds"]["lignes"].items(), key=lambda x: int(x[0])):
        lignes.append(",".join(str(v) for v in (points, *ligne)))
    return "\r\n".join(lignes) + "\r\n"


def fichiers_donnees_ouvertes(baremes: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    """Chaque barème en JSON, chaque tableau des plafonds en CSV, un index et le schéma."""
    fichiers: dict[str, bytes] = {}
    index = []
    for annee, bareme in sorted(baremes.items()):
        json_bareme = json.dumps(bareme, ensure_ascii=False, indent=1) + "\n"
        fichiers[f"donnees/baremes/{annee}.json"] = json_bareme.encode()
        fichiers[f"donnees/baremes/plafonds-{annee}.csv"] = csv_des_plafonds(bareme).encode()
        index.append(
            {
                "annee_universitaire": annee,
                "statut": bareme["statut"],
                "fonde_sur": bareme.get("fonde_sur"),
                "derniere_verification": bareme["derniere_verification"],
                "bareme": f"{annee}.json",
                "plafonds_csv": f"plafonds-{annee}.csv",
            }
        )
    contenu = {
        "description": "Barèmes de la bourse d'enseignement supérieur sur critères sociaux, "
        "une année universitaire par fichier, avec leurs sources.",
        "licence": LICENCE_DES_DONNEES,
        "schema": "../schema-bareme.json",
        "annees": index,
    }
    fichiers["donnees/baremes/index.json"] = (
        json.dumps(contenu, ensure_ascii=False, indent=1) + "\n"
    ).encode()
    fichiers["donnees/schema-bareme.json"] = SCHEMA.read_bytes()
    return fichiers


# Simulateur : Pyodide, la roue du calculateur, le worker, le service worker ------------------

DOSSIER_CACHE = RACINE / ".cache"
FICHIERS_PYODIDE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
"""Les seuls fichiers du paquet npm dont le navigateur a besoin."""
DATE_DE_LA_ROUE = (1980, 1, 1, 0, 0, 0)
"""Date fixe des fichiers de la roue (la plus ancienne en zip) : mêmes sources, mêmes octets."""
NOM_DU_PAQUET = "echelon-calculator"


def integrite_sri(contenu: bytes) -> str:
    """L'empreinte au format de npm (« sha512-… » en base64)."""
    return "sha512-" + base64.b64encode(hashlib.sha512(contenu).digest()).decode()


def paquet_npm(
    paquet: str, version: str, integrite: str, reglage: str
) -> tuple[bytes | None, list[Erreur]]:
    """Un paquet npm épinglé (Pyodide, le décodeur zstd), vérifié par son empreinte :
    depuis .cache/, sinon récupéré par « npm pack ». `reglage` : sa clé dans site.yaml."""
    archive = DOSSIER_CACHE / paquet / f"{paquet}-{version}.tgz"
    if not archive.is_file():
        archive.parent.mkdir(parents=True, exist_ok=True)
        if shutil.which("npm") is None:
            return None, [
                Erreur(
                    "site_src/site.yaml",
                    None,
                    f"le client npm est introuvable : installez Node.js et npm pour récupérer "
                    f"{paquet}",
                )
            ]
        print(f"Récupération de {paquet}@{version} avec npm pack…", file=sys.stderr)
        commande = [
            "npm",
            "pack",
            f"{paquet}@{version}",
            "--silent",
            "--pack-destination",
            str(archive.parent),
        ]
        resultat = subprocess.run(commande, capture_output=True, text=True, check=False)
        if resultat.returncode != 0 or not archive.is_file():
            return None, [
                Erreur(
                    "site_src/site.yaml",
                    None,
                    f"« {' '.join(commande[:3])} » a échoué : {resultat.stderr.strip()[-500:]}",
                )
            ]
    contenu = archive.read_bytes()
    if integrite_sri(contenu) != integrite:
        archive.unlink()
        return None, [
            Erreur(
                "site_src/site.yaml",
                None,
                f"l'empreinte de {paquet}@{version} ne correspond pas à {reglage}.integrite : "
                "paquet refusé (et effacé du cache)",
            )
        ]
    return contenu, []


def paquet_pyodide(version: str, integrite: str) -> tuple[bytes | None, list[Erreur]]:
    """Le paquet npm de Pyodide, vérifié."""
    return paquet_npm("pyodide", version, integrite, "pyodide")


def fichiers_pyodide(archive: bytes) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Les fichiers du runtime, et le bloc « info » de son fichier de verrouillage."""
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        fichiers = {nom: tar.extractfile(f"package/{nom}").read() for nom in FICHIERS_PYODIDE}
        verrou = json.load(tar.extractfile("package/pyodide-lock.json"))
    return fichiers, verrou["info"]


def decompresseur_zstd(archive: bytes) -> tuple[dict[str, bytes], list[Erreur]]:
    """Le décodeur zstd (celui de zstd lui-même, compilé en WebAssembly, 59 ko) et sa licence,
    tirés du paquet npm zstddec, où le WebAssembly est écrit en base64 dans le module
    JavaScript : le site n'en publie que le binaire (pyodide/zstddec/), que js/zstd.mjs
    pilote."""
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        module = tar.extractfile("package/dist/zstddec-stream.mjs").read().decode()
        licence = tar.extractfile("package/LICENSE").read()
    binaire = re.search(r'^const wasm = "([A-Za-z0-9+/=]+)";?$', module, re.MULTILINE)
    wasm = base64.b64decode(binaire[1]) if binaire else b""
    if not wasm.startswith(b"\0asm") or not all(n.encode() in wasm for n in EXPORTS_ZSTD):
        return {}, [
            Erreur(
                "site_src/site.yaml",
                None,
                "zstd : le paquet zstddec n'a plus la forme attendue (WebAssembly en base64 "
                f"exportant {', '.join(EXPORTS_ZSTD)}) ; js/zstd.mjs est à revoir",
            )
        ]
    entete = b"zstddec.wasm, extrait du paquet npm zstddec (dist/zstddec-stream.mjs) :\n\n"
    return {
        f"{DOSSIER_DU_DECODEUR}/zstddec.wasm": wasm,
        f"{DOSSIER_DU_DECODEUR}/LICENSE.txt": entete + licence,
    }, []


DOSSIER_DU_DECODEUR = "pyodide/zstddec"
"""Où le site publie le décodeur zstd : avec le runtime, hors des octets de la page."""
COMPRESSES_EN_ZSTD = ("pyodide.asm.wasm", "python_stdlib.zip")
"""Les fichiers du runtime qui voyagent en zstd (`<nom>.zst`), décompressés par le worker."""
EXPORTS_ZSTD = (
    "memory",
    "malloc",
    "ZSTD_createDCtx",
    "ZSTD_decompressStream",
    "ZSTD_DStreamInSize",
    "ZSTD_DStreamOutSize",
)
"""Ce dont js/zstd.mjs se sert dans le décodeur."""


def en_zstd(contenu: bytes) -> bytes:
    """`contenu` compressé en zstd (niveau 22, somme de contrôle comprise), pour le réseau : le
    WebAssembly de Pyodide passe de 3,56 Mo en gzip à 2,89 Mo, la bibliothèque standard de
    1,00 à 0,73 Mo, et le téléphone décompresse le tout en une cinquantaine de millisecondes.

    Compresser le WebAssembly prend une dizaine de secondes : le résultat est gardé dans
    .cache/, sous l'empreinte du contenu, et relu à chaque construction (il doit redonner le
    contenu exact).
    """
    import zstandard

    chemin = DOSSIER_CACHE / "zstd" / f"{hashlib.sha256(contenu).hexdigest()[:20]}.zst"
    if chemin.is_file():
        compresse = chemin.read_bytes()
        try:
            if zstandard.ZstdDecompressor().decompress(compresse) == contenu:
                return compresse
        except zstandard.ZstdError:
            pass
    compresseur = zstandard.ZstdCompressor(level=22, write_checksum=True, write_content_size=True)
    compresse = compresseur.compress(contenu)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(compresse)
    return compresse


def roue_du_calculateur(baremes: dict[str, dict[str, Any]]) -> tuple[str, bytes]:
    """La roue pure Python du calculateur, reproductible, avec les barèmes compilés à jour.

    Construite par le moteur déclaré dans pyproject.toml (flit) sur une copie des sources :
    la construction du site n'écrit jamais dans calculator/.
    """
    from flit_core.wheel import WheelBuilder

    with tempfile.TemporaryDirectory() as dossier:
        copie = Path(dossier)
        shutil.copytree(
            RACINE / "calculator",
            copie / "calculator",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        for nom in ("pyproject.toml", "LICENSE"):
            shutil.copy2(RACINE / nom, copie / nom)
        (copie / "calculator" / "donnees" / "baremes.json").write_text(
            donnees_compilees(baremes, compact=True), encoding="utf-8"
        )
        # Ni os.chdir ni SOURCE_DATE_EPOCH : ils valent pour tout le processus, et le
        # serveur de travail reconstruit dans un fil. La date des entrées est fixée ici.
        tampon = io.BytesIO()
        constructeur = WheelBuilder.from_ini_path(copie / "pyproject.toml", tampon)
        constructeur.source_time_stamp = DATE_DE_LA_ROUE
        constructeur.build(editable=False)
        return constructeur.wheel_filename, tampon.getvalue()


def verrou_du_calculateur(nom_de_roue: str, roue: bytes, info: dict[str, Any]) -> str:
    """Notre fichier de verrouillage Pyodide : un seul paquet, la roue du calculateur."""
    version = nom_de_roue.split("-")[1]
    contenu = {
        "info": info,
        "packages": {
            NOM_DU_PAQUET: {
                "name": NOM_DU_PAQUET,
                "version": version,
                "file_name": nom_de_roue,
                "install_dir": "site",
                "sha256": hashlib.sha256(roue).hexdigest(),
                "package_type": "package",
                "imports": ["calculator"],
                "depends": [],
                "unvendored_tests": False,
                "tool": {},
            }
        },
    }
    return json.dumps(contenu, indent=1, sort_keys=True) + "\n"


SCRIPT_BIBLIOTHEQUE_STANDARD = r"""
// Lancé par build.py sous Node : démarre le runtime Pyodide du site avec la roue du
// calculateur, fait passer au calculateur tous les cas de tests/cas/ et chaque action du
// worker, relève les modules chargés (sys.modules), puis compile en .pyc (sans docstrings),
// avec ce même Python 3.14, ceux de la bibliothèque standard (une archive zip) et ceux du
// calculateur (une seconde archive, que build.py ajoute à la roue).
import { readFileSync, writeFileSync } from "node:fs";
const [dossier, entrees, sortie, sortieCalculateur] = process.argv.slice(2);
const { loadPyodide } = await import(dossier + "/pyodide.mjs");
const pyodide = await loadPyodide({
  indexURL: dossier + "/",
  lockFileURL: dossier + "/pyodide-lock.json",
  packages: [PAQUET],
  stdout: () => {},
  // Comme python -X no_debug_ranges : les numéros de ligne restent, les colonnes (les ^^^ sous
  // une ligne fautive dans une trace d'erreur) partent ; 28 % d'octets en moins.
  env: { PYTHONNODEBUGRANGES: "1" },
});
// Une exception Python, pour que le module qui la met en forme (traceback) soit relevé.
try { pyodide.runPython("raise ValueError('trace d essai')"); } catch (e) { /* attendue */ }
pyodide.globals.set("ENTREES", readFileSync(entrees, "utf8"));
pyodide.runPython(`
import importlib.util, json, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
import calculator, calculator.navigateur as navigateur
for entree in json.loads(ENTREES):
    navigateur.estimer(json.dumps(entree))
for texte in ("21 988 €", "21.988", "21,988.00", "", "douze mille"):
    navigateur.lire_montant(texte)
navigateur.annees()
for nom in ("montant_depuis_echelon",):
    if hasattr(navigateur, nom):
        getattr(navigateur, nom)(json.dumps({"echelon": "3", "duree_versement": 12}))
if next(compile("x", "<essai>", "eval").co_positions())[2] is not None:
    raise SystemExit("PYTHONNODEBUGRANGES n'a pas été pris en compte")

def pyc(texte, nom):
    # optimize=2 (comme python -OO) : sans docstrings ni assert, 15 % d'octets en moins ; la
    # bibliothèque standard est écrite pour tourner ainsi, et le calculateur n'a ni assert
    # ni lecture de __doc__ (tests/test_construction_simulateur.py). Empreinte de la source,
    # non vérifiée au chargement : le runtime ne relit pas la source.
    code = compile(texte, nom, "exec", dont_inherit=True, optimize=2)
    return _code_to_hash_pyc(code, importlib.util.source_hash(texte), checked=False)

def entree(nom):
    # Sans compression : l'archive entière voyage compressée en zstd (0,73 Mo au lieu de 1,00
    # entrée par entrée), et l'import ne décompresse plus chaque module.
    info = zipfile.ZipInfo(nom, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    return info

def charges(racine):
    return sorted({
        m.__file__[len(racine):] for m in list(sys.modules.values())
        if (getattr(m, "__file__", None) or "").startswith(racine)
    })

RACINE = "/lib/python314.zip/"
with zipfile.ZipFile(RACINE[:-1]) as source, zipfile.ZipFile("/tmp/stdlib.zip", "w") as zip_:
    for nom in charges(RACINE):
        zip_.writestr(entree(nom[:-3] + ".pyc"), pyc(source.read(nom), nom))

SITE = calculator.__file__[: -len("calculator/__init__.py")]
with zipfile.ZipFile("/tmp/calculateur.zip", "w") as zip_:
    for nom in charges(SITE):
        cible = importlib.util.cache_from_source(nom)
        with open(SITE + nom, "rb") as source:
            zip_.writestr(entree(cible), pyc(source.read(), nom))
`);
writeFileSync(sortie, pyodide.FS.readFile("/tmp/stdlib.zip"));
writeFileSync(sortieCalculateur, pyodide.FS.readFile("/tmp/calculateur.zip"));
"""


@dataclass(frozen=True)
class Bytecode:
    """Ce que le runtime lui-même a compilé : deux archives zip de .pyc."""

    bibliotheque_standard: bytes
    """La bibliothèque standard réduite, qui remplace python_stdlib.zip."""
    calculateur: bytes
    """Les modules du calculateur (`calculator/__pycache__/*.cpython-314.pyc`), pour la roue."""


def bytecode_du_runtime(
    runtime: dict[str, bytes], nom_de_roue: str, roue: bytes, verrou: bytes
) -> tuple[Bytecode | None, list[Erreur]]:
    """La bibliothèque standard réduite aux modules dont le calculateur se sert, et le
    calculateur, compilés en .pyc.

    Les modules sont relevés en faisant tourner tous les cas de tests/cas/ et chaque action du
    worker dans le runtime lui-même (sous Node), puis compilés par ce même Python 3.14 : le
    téléphone ne compile plus rien, et télécharge moins. Un test navigateur complet tourne sur
    ce runtime réduit. Le résultat est gardé dans .cache/, sous une clé tirée de tout ce qui
    peut le changer.
    """
    from tests.cas_de_test import charger_cas  # les cas de test servent aussi à la construction

    situations = [cas.entree for cas in charger_cas()]
    # Les cas des blocs facultatifs (éligibilité, ressources…) et du montant d'un échelon connu.
    for fichier in sorted((RACINE / "tests" / "cas_situations").glob("*.yaml")):
        situations += [c["situation"] for c in yaml.safe_load(fichier.read_text("utf-8")) or []]
    entrees = json.dumps(situations, ensure_ascii=False, sort_keys=True)
    cle = hashlib.sha256()
    for morceau in (
        runtime["python_stdlib.zip"],
        runtime["pyodide.asm.wasm"],
        roue,
        entrees.encode(),
        SCRIPT_BIBLIOTHEQUE_STANDARD.encode(),
    ):
        cle.update(hashlib.sha256(morceau).digest())
    cache = DOSSIER_CACHE / "bytecode" / cle.hexdigest()[:20]
    if (cache / "calculateur.zip").is_file():
        return Bytecode(
            (cache / "python_stdlib.zip").read_bytes(), (cache / "calculateur.zip").read_bytes()
        ), []
    if shutil.which("node") is None:
        return None, [
            Erreur(
                "build.py",
                None,
                "Node.js est introuvable : il compile la "
                "bibliothèque standard du simulateur (paquet Debian « nodejs »)",
            )
        ]
    print(
        "Compilation de la bibliothèque standard du simulateur (Pyodide sous Node)…",
        file=sys.stderr,
    )
    with tempfile.TemporaryDirectory() as dossier:
        racine = Path(dossier)
        for nom, contenu in runtime.items():
            (racine / nom).write_bytes(contenu)
        (racine / nom_de_roue).write_bytes(roue)
        (racine / "pyodide-lock.json").write_bytes(verrou)
        (racine / "entrees.json").write_text(entrees, encoding="utf-8")
        script = racine / "bibliotheque.mjs"
        script.write_text(
            SCRIPT_BIBLIOTHEQUE_STANDARD.replace("PAQUET", json.dumps(NOM_DU_PAQUET)),
            encoding="utf-8",
        )
        resultat = subprocess.run(
            [
                "node",
                str(script),
                str(racine),
                str(racine / "entrees.json"),
                str(racine / "python_stdlib.zip"),
                str(racine / "calculateur.zip"),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if resultat.returncode != 0:
            return None, [
                Erreur(
                    "build.py",
                    None,
                    "la compilation de la bibliothèque standard a "
                    f"échoué : {resultat.stderr.strip()[-800:]}",
                )
            ]
        bytecode = Bytecode(
            (racine / "python_stdlib.zip").read_bytes(), (racine / "calculateur.zip").read_bytes()
        )
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "python_stdlib.zip").write_bytes(bytecode.bibliotheque_standard)
    (cache / "calculateur.zip").write_bytes(bytecode.calculateur)
    return bytecode, []


def roue_avec_bytecode(roue: bytes, pyc: bytes) -> bytes:
    """La roue, avec les .pyc du calculateur compilés par le runtime (et inscrits dans RECORD).

    Ils sont rangés comme Python les cherche (`__pycache__/module.cpython-314.pyc`) : Pyodide
    les charge sans compiler les sources, tout autre Python les ignore (autre étiquette) et la
    roue reste `py3-none-any`. Même roue et mêmes .pyc, mêmes octets.
    """
    with zipfile.ZipFile(io.BytesIO(roue)) as source, zipfile.ZipFile(io.BytesIO(pyc)) as ajout:
        entrees = [(info, source.read(info)) for info in source.infolist()]
        ajouts = sorted(
            ((info, ajout.read(info)) for info in ajout.infolist()),
            key=lambda paire: paire[0].filename,
        )
    record = next(i for i, (info, _) in enumerate(entrees) if info.filename.endswith("/RECORD"))
    lignes = [
        f"{info.filename},sha256="
        + base64.urlsafe_b64encode(hashlib.sha256(contenu).digest()).decode().rstrip("=")
        + f",{len(contenu)}"
        for info, contenu in ajouts
    ]
    info_record, texte_record = entrees[record]
    entrees[record] = (info_record, texte_record + ("\n".join(lignes) + "\n").encode())
    premiere_meta = next(i for i, (info, _) in enumerate(entrees) if ".dist-info/" in info.filename)
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as sortie:
        for info, contenu in entrees[:premiere_meta]:
            sortie.writestr(info, contenu)
        for info, contenu in ajouts:
            nouvelle = zipfile.ZipInfo(info.filename, date_time=DATE_DE_LA_ROUE)
            nouvelle.compress_type = zipfile.ZIP_DEFLATED
            nouvelle.external_attr = entrees[0][0].external_attr
            sortie.writestr(nouvelle, contenu)
        for info, contenu in entrees[premiere_meta:]:
            sortie.writestr(info, contenu)
    return tampon.getvalue()


def fichiers_du_simulateur(
    reglages: dict[str, Any], baremes: dict[str, dict[str, Any]], gabarits: jinja2.Environment
) -> tuple[dict[str, bytes], list[Erreur]]:
    """Le runtime Pyodide (dossier versionné), la roue, son verrou et le worker."""
    version, integrite = reglages["pyodide"]["version"], reglages["pyodide"]["integrite"]
    archive, erreurs = paquet_pyodide(version, integrite)
    if archive is None:
        return {}, erreurs
    zstd = reglages["zstd"]
    archive_zstd, erreurs = paquet_npm("zstddec", zstd["version"], zstd["integrite"], "zstd")
    if archive_zstd is None:
        return {}, erreurs
    decompresseur, erreurs = decompresseur_zstd(archive_zstd)
    if erreurs:
        return {}, erreurs
    runtime, info = fichiers_pyodide(archive)
    nom_de_roue, roue_source = roue_du_calculateur(baremes)
    verrou = verrou_du_calculateur(nom_de_roue, roue_source, info).encode()
    bytecode, erreurs = bytecode_du_runtime(runtime, nom_de_roue, roue_source, verrou)
    if bytecode is None:
        return {}, erreurs
    roue = roue_avec_bytecode(roue_source, bytecode.calculateur)
    verrou = verrou_du_calculateur(nom_de_roue, roue, info).encode()
    # Même nom, même dossier versionné : le runtime charge notre bibliothèque réduite et compilée.
    runtime = {**runtime, "python_stdlib.zip": bytecode.bibliotheque_standard}
    fichiers = {f"pyodide/{version}/{nom}": contenu for nom, contenu in runtime.items()}
    fichiers[f"py/{nom_de_roue}"] = roue
    fichiers["py/pyodide-lock.json"] = verrou
    # Le WebAssembly et la bibliothèque standard voyagent en zstd ; les originaux restent
    # publiés, pour le navigateur où le décodeur ne pourrait pas démarrer.
    for nom in COMPRESSES_EN_ZSTD:
        fichiers[f"pyodide/{version}/{nom}.zst"] = en_zstd(runtime[nom])
    fichiers.update(decompresseur)
    # Tailles des gros fichiers, pour que le worker annonce les octets reçus pendant le chargement.
    tailles = {
        chemin: len(fichiers[chemin])
        for chemin in (
            f"pyodide/{version}/pyodide.asm.wasm.zst",
            f"pyodide/{version}/pyodide.asm.mjs",
            f"pyodide/{version}/python_stdlib.zip.zst",
            f"py/{nom_de_roue}",
        )
    }
    modele = gabarits.get_template("calculateur.worker.mjs")
    fichiers["js/calculateur.worker.mjs"] = modele.render(
        version_pyodide=version,
        paquet=NOM_DU_PAQUET,
        tailles=tailles,
        cache_runtime=cache_du_runtime(version),
        instantane=instantane_du_calculateur(fichiers, version, nom_de_roue),
    ).encode()
    return fichiers, []


FORMAT_DE_L_INSTANTANE = "1"
"""À changer quand le worker change ce que contient l'instantané (ce qu'il charge avant)."""


def instantane_du_calculateur(fichiers: dict[str, bytes], version: str, roue: str) -> str:
    """Le nom du fichier où le worker garde l'image de la mémoire de Python sur l'appareil.

    Il dérive de tout ce que cette image fige : runtime, bibliothèque standard, roue et verrou.
    Un déploiement qui en change un prend un autre nom ; le worker efface alors l'ancien.
    """
    empreinte = hashlib.sha256(FORMAT_DE_L_INSTANTANE.encode() + b"\0")
    for chemin in (
        f"pyodide/{version}/pyodide.asm.wasm",
        f"pyodide/{version}/pyodide.asm.mjs",
        f"pyodide/{version}/python_stdlib.zip",
        f"py/{roue}",
        "py/pyodide-lock.json",
    ):
        empreinte.update(chemin.encode() + b"\0" + fichiers[chemin] + b"\0")
    return f"echelon-instantane-{empreinte.hexdigest()[:16]}"


def cache_du_runtime(version: str) -> str:
    """Le cache où le worker garde le WebAssembly décompressé, un par version de Pyodide."""
    return f"echelon-runtime-{version}"


def service_worker(
    fichiers: dict[str, bytes],
    pages: list[Page],
    gabarits: jinja2.Environment,
    version_pyodide: str,
) -> bytes:
    """sw.js : met en cache le site entier (pages, runtime, roue, données) pour le hors-ligne.

    Le nom du cache dérive du contenu : un nouveau déploiement crée un nouveau cache et efface
    les anciens.
    """
    adresses = sorted(p.adresse.lstrip("/") or "./" for p in pages if p.adresse != "/404.html")
    # Ni les originaux des fichiers compressés en zstd (le worker ne les demande que si le
    # décodeur ne peut pas démarrer), ni le WebAssembly compressé : le worker garde lui-même le
    # WebAssembly décompressé (il en a les octets), dans un cache à part.
    pas_gardes = {*COMPRESSES_EN_ZSTD, "pyodide.asm.wasm.zst"}
    autres = sorted(
        chemin
        for chemin in fichiers
        if not chemin.endswith(".html")
        and not (chemin.startswith("pyodide/") and chemin.rsplit("/", 1)[-1] in pas_gardes)
        and chemin not in ("sitemap.xml", "robots.txt")
        and not chemin.startswith("donnees/")
    )
    empreinte = hashlib.sha256()
    for chemin in sorted(fichiers):
        empreinte.update(chemin.encode() + b"\0" + fichiers[chemin] + b"\0")
    return (
        gabarits.get_template("sw.js")
        .render(
            cache=f"echelon-{empreinte.hexdigest()[:16]}",
            cache_runtime=cache_du_runtime(version_pyodide),
            fichiers=adresses + autres,
        )
        .encode()
    )


# Serveur de travail ---------------------------------------------------------------------------

SCRIPT_DE_RECHARGEMENT = """\
(function () {
  var vue = null;
  function verifier() {
    fetch("__version", { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (vue === null) { vue = v; } else if (v !== vue) { location.reload(); }
      })
      .catch(function () {})
      .finally(function () { setTimeout(verifier, 700); });
  }
  verifier();
})();
"""


def empreinte_des_sources() -> tuple[tuple[str, float], ...]:
    """Les fichiers surveillés (site_src/, barèmes/, calculator/) et leur date de modification."""
    return tuple(
        sorted(
            (str(chemin), chemin.stat().st_mtime)
            for dossier in (DOSSIER_SITE, DOSSIER_BAREMES, RACINE / "calculator")
            for chemin in dossier.rglob("*")
            if chemin.is_file() and "__pycache__" not in chemin.parts
        )
    )


@dataclass
class Etat:
    """Ce que sert le serveur de travail : le dernier site construit, ou les erreurs."""

    dossier: Path
    version: int = 0
    erreurs: list[Erreur] = field(default_factory=list)
    arret: threading.Event = field(default_factory=threading.Event)


def reconstruire(etat: Etat) -> None:
    """Reconstruit le site dans le dossier du serveur ; garde les erreurs pour les afficher."""
    site, erreurs = preparer_site()
    if site is not None:
        ecrire_site(site, etat.dossier)
    etat.erreurs = erreurs
    etat.version += 1
    if erreurs:
        print(f"\n{len(erreurs)} problème(s) : la page ouverte les affiche.", file=sys.stderr)
        for erreur in erreurs:
            print(f"  {erreur}", file=sys.stderr)
    else:
        print(f"Site reconstruit ({len(site.fichiers)} fichiers).")


def page_d_erreurs(erreurs: list[Erreur], chemin: str) -> bytes:
    """Une page qui liste les erreurs de construction, et se recharge quand elles sont réglées."""
    lignes = "".join(f"<li><code>{html.escape(str(e))}</code></li>" for e in erreurs)
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Erreurs de construction</title>"
        f'<script src="{chemin}__rechargement.js" defer></script></head>'
        '<body style="font-family:system-ui;margin:1rem;max-width:60rem">'
        "<h1>La construction a échoué</h1>"
        "<p>Corrigez ces problèmes : la page se rechargera d'elle-même.</p>"
        f'<ul id="erreurs-de-construction">{lignes}</ul></body></html>'
    ).encode()


def lancer_serveur(port: int) -> tuple[http.server.ThreadingHTTPServer, Etat, str]:
    """Construit le site hors de public/, lance la surveillance des sources, et renvoie le
    serveur HTTP prêt à servir, son état et le chemin du site (« /echelon/ »)."""
    base = urlsplit(lire_reglages()[0].get("url_de_base", "/")).path or "/"
    etat = Etat(Path(tempfile.mkdtemp(prefix="echelon-serve-")) / "site")
    reconstruire(etat)

    class Gestionnaire(http.server.SimpleHTTPRequestHandler):
        extensions_map = {  # noqa: RUF012 (attribut de classe de http.server, jamais modifié)
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".wasm": "application/wasm",
            ".mjs": "text/javascript",
            ".webmanifest": "application/manifest+json",
        }

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def envoyer(self, code: int, contenu: bytes, type_: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", type_)
            self.send_header("Content-Length", str(len(contenu)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(contenu)

        def do_GET(self) -> None:
            chemin = urlsplit(self.path).path
            if not chemin.startswith(base):
                self.send_response(302)
                self.send_header("Location", base)
                self.end_headers()
                return
            relatif = chemin[len(base) :]
            if relatif == "__version":
                return self.envoyer(200, str(etat.version).encode(), "text/plain")
            if relatif == "__rechargement.js":
                return self.envoyer(200, SCRIPT_DE_RECHARGEMENT.encode(), "text/javascript")
            if etat.erreurs:
                return self.envoyer(
                    500, page_d_erreurs(etat.erreurs, base), "text/html; charset=utf-8"
                )
            fichier = etat.dossier / relatif
            if fichier.is_dir():
                fichier = fichier / "index.html"
            if not fichier.is_file():
                fichier, code = etat.dossier / "404.html", 404
            else:
                code = 200
            contenu = fichier.read_bytes()
            type_ = self.guess_type(str(fichier))
            if fichier.suffix == ".html":
                balise = f'<script src="{base}__rechargement.js" defer></script></body>'
                contenu = contenu.replace(b"</body>", balise.encode())
                type_ = "text/html; charset=utf-8"
            self.envoyer(code, contenu, type_)

    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", port), Gestionnaire)
    serveur.daemon_threads = True

    def surveiller() -> None:
        empreinte = empreinte_des_sources()
        while not etat.arret.wait(0.4):
            nouvelle = empreinte_des_sources()
            if nouvelle != empreinte:
                empreinte = nouvelle
                reconstruire(etat)

    threading.Thread(target=surveiller, daemon=True).start()
    return serveur, etat, base


def servir(port: int) -> int:
    """Construit le site hors de public/, le sert et le reconstruit à chaque modification."""
    serveur, etat, base = lancer_serveur(port)
    print(f"Site servi sur http://127.0.0.1:{serveur.server_port}{base} (Ctrl+C pour arrêter)")
    try:
        serveur.serve_forever()
    except KeyboardInterrupt:
        print("\nArrêt du serveur.")
    finally:
        arreter_serveur(serveur, etat)
    return 0


def arreter_serveur(serveur: http.server.ThreadingHTTPServer, etat: Etat) -> None:
    """Arrête la surveillance des sources, ferme le serveur et efface son dossier de travail."""
    etat.arret.set()
    serveur.server_close()
    shutil.rmtree(etat.dossier.parent, ignore_errors=True)


# Nouvelle année -----------------------------------------------------------------------------


def _q(texte: str) -> str:
    """Une chaîne YAML entre guillemets doubles."""
    return json.dumps(texte, ensure_ascii=False)


def texte_nouvelle_annee(annee: str, base: dict[str, Any]) -> str:
    """Le fichier d'une nouvelle année, provisoire : valeurs de `base`, textes à compléter."""
    debut = int(annee[:4])
    precedente = base["annee_universitaire"]
    copie = f"Valeurs copiées du barème {precedente} en attendant l'arrêté {annee}."
    lignes = [
        "# Barème de la bourse d'enseignement supérieur sur critères sociaux",
        f"# Année universitaire {annee} : PROVISOIRE, créé par "
        f"« python build.py nouvelle-annee {annee} ».",
        "#",
        f"# Tant que les arrêtés {annee} ne sont pas parus, ce fichier reprend les valeurs "
        f"de {precedente}",
        "# et le site le dit partout où il sert. Quand ils paraissent (au printemps ou en été) :",
        "#   1. références : remplir chaque « À COMPLÉTER » (intitulé exact, date, lien "
        "Légifrance, NOR) ;",
        "#   2. plafonds : recopier l'annexe de l'arrêté des plafonds, ligne par ligne ;",
        "#   3. montants : recopier le tableau de l'arrêté des taux (10 mois et 12 mois) ;",
        "#   4. points de charge, âge, aides : relire la circulaire de l'année ;",
        "#   5. dossier social étudiant : dates de la campagne (service-public.fr, "
        "etudiant.gouv.fr) ;",
        "#   6. pour chaque bloc relu : « sources » (clés de references où la valeur a été lue) et",
        "#      « fiabilite » (lu, recoupe, source_unique, deduit) ; retirer les notes de copie ;",
        "#   7. enfin : statut: publie, supprimer « fonde_sur », dater « derniere_verification ».",
        f"# Puis : python build.py check barèmes/{annee}.yaml et "
        f"python build.py diff {precedente} {annee}",
        "# Le guide complet : docs/EDITER.md.",
        "",
        f"annee_universitaire: {_q(annee)}",
        "statut: provisoire  # publie : arrêtés parus ; provisoire : barème de l'année "
        "précédente reconduit en attendant",
        f"fonde_sur: {_q(precedente)}  # l'année dont les valeurs sont reprises "
        "(à retirer une fois publié)",
        'derniere_verification: null  # À COMPLÉTER : date de la relecture complète, "AAAA-MM-JJ"',
        "",
        "references:",
    ]
    for cle, intitule, texte in (
        (
            "arrete_plafonds",
            f"Arrêté fixant les plafonds de ressources … pour l'année universitaire {annee}",
            "Légifrance, Journal officiel : chercher « plafonds de ressources bourses "
            "d'enseignement supérieur »",
        ),
        (
            "arrete_taux",
            "Arrêté fixant les taux des bourses d'enseignement supérieur … pour l'année "
            f"universitaire {annee}",
            "Légifrance, Journal officiel, souvent publié le même jour que l'arrêté des plafonds",
        ),
        (
            "circulaire",
            f"Circulaire relative aux modalités d'attribution des bourses … {annee}",
            "Bulletin officiel de l'enseignement supérieur "
            "(enseignementsup-recherche.gouv.fr/fr/bo)",
        ),
    ):
        lignes += [
            f"  {cle}:",
            f"    titre: {_q('À COMPLÉTER : ' + intitule)}",
            "    nature: texte_officiel",
            "    note: "
            + _q(
                f"Non publié à la création de ce fichier. Où le trouver : {texte}. "
                "Ajouter date, lien et NOR."
            ),
        ]
    # Les textes d'autres années toujours en vigueur (un décret, par exemple) sont gardés.
    for cle, ref in base["references"].items():
        if cle.startswith("decret_"):
            lignes += [
                f"  {cle}:",
                f"    titre: {_q(ref['titre'])}",
                f"    nature: {ref['nature']}",
            ]
            lignes += [
                f"    {k}: {_q(ref[k])}" for k in ("date", "nor", "lien", "note") if ref.get(k)
            ]
    lignes += [
        "",
        "revenus_pris_en_compte:",
        f"  description: {_q(base['revenus_pris_en_compte']['description'])}",
        "  unite: annee",
        "  reference: circulaire",
        "  sources: []",
        "  fiabilite: deduit",
        f"  note: {_q('Règle N-2 : à confirmer dans la circulaire ' + annee + '.')}",
        f"  annee_des_revenus: {debut - 2}",
        f"  annee_de_l_avis_d_imposition: {debut - 1}",
        "",
        "plafonds:",
        f"  description: {_q(base['plafonds']['description'])}",
        "  unite: euros par an",
        "  reference: arrete_plafonds",
        "  sources: []  # À COMPLÉTER après lecture de l'annexe de l'arrêté",
        "  fiabilite: deduit",
        f"  note: {_q(copie)}",
        '  colonnes: ["0bis", "1", "2", "3", "4", "5", "6", "7"]',
        "  lignes:  # points de charge: [échelon 0bis, 1, 2, 3, 4, 5, 6, 7]",
    ]
    for points, ligne in base["plafonds"]["lignes"].items():
        cases = ", ".join(f"{v:>{6 if i == 0 else 5}}" for i, v in enumerate(ligne))
        lignes.append(f"    {str(points) + ':':<3} [{cases}]")
    lignes += [
        "",
        "montants:",
        f"  description: {_q(base['montants']['description'])}",
        "  unite: euros par an",
        "  reference: arrete_taux",
        "  sources: []  # À COMPLÉTER après lecture de l'arrêté des taux",
        "  fiabilite: deduit",
        f"  note: {_q(copie)}",
        "  colonnes: [sur_10_mois, sur_12_mois]",
        "  lignes:  # échelon: [taux annuel sur 10 mois, taux annuel sur 12 mois]",
    ]
    for echelon, (dix, douze) in base["montants"]["lignes"].items():
        lignes.append(f"    {_q(echelon) + ':':<7} [{dix:>4}, {douze:>4}]")
    points = base["points_de_charge"]
    lignes += [
        "",
        "points_de_charge:",
        f"  description: {_q(points['description'])}",
        "  unite: points de charge",
        "  reference: circulaire",
        "  eloignement:",
        f"    description: {_q(points['eloignement']['description'])}",
        "    sources: []",
        "    fiabilite: deduit",
        f"    note: {_q(copie)}",
        "    paliers:  # à partir de ... km : ... points",
    ]
    lignes += [
        f"      - {{a_partir_de_km: {p['a_partir_de_km']}, points: {p['points']}}}"
        for p in points["eloignement"]["paliers"]
    ]
    for cle in ("enfant_a_charge", "enfant_etudiant_superieur", "handicap", "aidant"):
        if cle in points:
            lignes += [
                f"  {cle}:",
                f"    description: {_q(points[cle]['description'])}",
                "    sources: []",
                "    fiabilite: deduit",
                f"    points: {points[cle]['points']}",
            ]
    lignes += [
        "",
        "dossier_social_etudiant:",
        f"  description: {_q(base['dossier_social_etudiant']['description'])}",
        "  unite: date",
        "  reference: circulaire",
        "  sources: []",
        "  fiabilite: inconnu",
        "  note: "
        + _q(f"Dates de la campagne {debut} : à compléter (service-public.fr, etudiant.gouv.fr)."),
        '  ouverture: null  # À COMPLÉTER : "AAAA-MM-JJ"',
        '  cloture: null  # À COMPLÉTER : "AAAA-MM-JJ"',
        "",
        "age_limite:",
        f"  description: {_q(base['age_limite']['description'])}",
        "  unite: ans",
        "  reference: circulaire",
        "  sources: []",
        "  fiabilite: deduit",
        f"  ans: {base['age_limite']['ans']}",
        "",
        "aides_liees:",
        f"  description: {_q(base['aides_liees']['description'])}",
        "  unite: euros",
        "  reference: arrete_taux",
    ]
    for cle, aide in base["aides_liees"].items():
        if not isinstance(aide, dict):
            continue
        lignes += [f"  {cle}:", f"    description: {_q(aide['description'])}"]
        if "unite" in aide:
            lignes.append(f"    unite: {aide['unite']}")
        if "reference" in aide:
            lignes.append(
                f"    reference: {'null' if aide['reference'] is None else aide['reference']}"
            )
        lignes += [
            "    sources: []",
            "    fiabilite: deduit",
            f"    note: {_q(copie)}",
            f"    montant: {aide['montant']}",
        ]
    return "\n".join(lignes) + "\n"


def commande_nouvelle_annee(annee: str) -> int:
    """Crée barèmes/<année>.yaml, provisoire, à partir de l'année la plus récente."""
    correspondance = MOTIF_ANNEE.match(annee)
    if not correspondance or int(annee[5:]) != int(annee[:4]) + 1:
        print(
            f"« {annee} » n'est pas une année universitaire (par exemple 2026-2027).",
            file=sys.stderr,
        )
        return 1
    cible = DOSSIER_BAREMES / f"{annee}.yaml"
    if cible.exists():
        print(f"{nom_affiche(cible)} existe déjà : rien n'a été écrit.", file=sys.stderr)
        return 1
    baremes, erreurs = charger_baremes(fichiers_de_baremes())
    if erreurs:
        afficher_erreurs(erreurs)
        return 1
    precedentes = [a for a in sorted(baremes) if a < annee]
    if not precedentes:
        print(f"Aucune année avant {annee} dont reprendre les valeurs.", file=sys.stderr)
        return 1
    base = baremes[precedentes[-1]]
    if base.get("statut") == "provisoire":
        base = baremes[base["fonde_sur"]]
    texte = texte_nouvelle_annee(annee, base)
    cible.write_text(texte, encoding="utf-8")
    _, erreurs = verifier_fichier(cible)
    if erreurs:
        cible.unlink()
        afficher_erreurs(erreurs)
        return 1
    print(f"{nom_affiche(cible)} créé : provisoire, valeurs de {base['annee_universitaire']}.")
    print("À compléter quand les arrêtés paraissent : voir les « À COMPLÉTER » du fichier.")
    return 0


# Commandes ---------------------------------------------------------------------------------


def commande_check(fichiers: list[str]) -> int:
    """Vérifie les barèmes (tous, ou ceux donnés) et dit ce qui ne va pas."""
    chemins = [Path(f) for f in fichiers] if fichiers else fichiers_de_baremes()
    _, erreurs = charger_baremes(chemins)
    if erreurs:
        afficher_erreurs(erreurs)
        return 1
    for chemin in chemins:
        print(f"{nom_affiche(chemin)} : aucun problème")
    return 0


def commande_construire(sortie: Path = SORTIE) -> int:
    """Vérifie tout, puis écrit les données compilées du calculateur et le site."""
    site, erreurs = preparer_site()
    if site is None:
        afficher_erreurs(erreurs)
        return 1
    change = ecrire_si_change(DONNEES_DU_PAQUET, donnees_compilees(site.baremes))
    etat = "écrit" if change else "inchangé"
    print(f"barèmes/*.yaml => {nom_affiche(DONNEES_DU_PAQUET)} ({etat})")
    ecrire_site(site, sortie)
    for ligne in journal_des_pages(site):
        print(ligne)
    print(f"{len(site.fichiers)} fichiers écrits dans {nom_affiche(sortie)}/")
    return 0


def commande_estimer() -> int:
    """Vérifie et compile, puis estime la situation d'exemple avec le barème le plus récent."""
    code = commande_construire()
    if code:
        return code
    baremes, _ = charger_baremes(fichiers_de_baremes())
    entree = json.dumps(SITUATION_D_EXEMPLE)
    _, sortie = calculator.calculer_json(
        entree, calculator.baremes_depuis_donnees({"baremes": baremes})
    )
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


def commande_diff(annee_avant: str, annee_apres: str) -> int:
    """Affiche ce qui change d'une année à l'autre : chaque montant, chaque plafond, les règles."""
    chemins = [DOSSIER_BAREMES / f"{annee}.yaml" for annee in (annee_avant, annee_apres)]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python build.py", description=__doc__.splitlines()[0])
    commandes = parser.add_subparsers(dest="commande")
    check = commandes.add_parser("check", help="vérifier les barèmes sans rien écrire")
    check.add_argument("fichiers", nargs="*", help="fichiers à vérifier (défaut : tous)")
    commandes.add_parser("estimer", help="vérifier puis estimer une situation d'exemple")
    nouvelle = commandes.add_parser("nouvelle-annee", help="créer le barème provisoire d'une année")
    nouvelle.add_argument("annee", help="année universitaire, par exemple 2026-2027")
    diff = commandes.add_parser("diff", help="ce qui change entre deux années")
    diff.add_argument("avant", help="année de départ, par exemple 2024-2025")
    diff.add_argument("apres", help="année d'arrivée, par exemple 2025-2026")
    serve = commandes.add_parser(
        "serve", help="servir le site et le reconstruire à chaque modification"
    )
    serve.add_argument("--port", type=int, default=8000, help="port local (défaut : 8000)")
    options = parser.parse_args(argv)
    if options.commande == "check":
        return commande_check(options.fichiers)
    if options.commande == "estimer":
        return commande_estimer()
    if options.commande == "nouvelle-annee":
        return commande_nouvelle_annee(options.annee)
    if options.commande == "diff":
        return commande_diff(options.avant, options.apres)
    if options.commande == "serve":
        return servir(options.port)
    return commande_construire()


if __name__ == "__main__":
    raise SystemExit(main())
