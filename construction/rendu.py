"""Le rendu des pages : gabarits Jinja2, Markdown, liens et ancres vérifiés, adresses rendues
relatives (le site marche sous un sous-chemin), plan du site et manifeste.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

import calculator
import calculator.comparaison
import calculator.questions
import calculator.situation
from calculator.bareme import MARQUES_DE_CERTITUDE, Bareme

from . import projet
from .encadres import ANNONCE_DE_L_ACTION, encadrer
from .graphiques import graphique_des_montants, graphique_des_plafonds, schema_de_l_avis
from .pages import Page
from .typographie import typographier_le_html
from .yaml_strict import Erreur, Position, nom_affiche

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
"""Politique de sécurité des pages : rien d'un autre site, aucun script ni style en ligne."""
CSP_SIMULATEUR = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") + (
    "; worker-src 'self'"
)
"""Le simulateur compile en plus le WebAssembly de Pyodide, dans un worker du site."""


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
        "marque_fiabilite": lambda niveau: MARQUES_DE_CERTITUDE.get(niveau, niveau),
        "libelle_nature": lambda nature: NATURES.get(nature, nature),
        "graphique_des_montants": lambda: graphique_des_montants(contexte["baremes"]),
        "graphique_des_plafonds": graphique_des_plafonds,
        "schema_de_l_avis": schema_de_l_avis,
        "estimer": lambda situation: _estimer_pour_la_page(contexte, situation),
        "comparer": calculator.comparaison.comparer,
        "ecart": calculator.comparaison.ecart,
        "gel": lambda b, bloc: _debut_du_gel(contexte["baremes"], b, bloc),
        "resume_plafonds": _resume_des_plafonds,
        "montants_connus": lambda: calculator.format.typographier(_montants_connus(contexte)),
        "questions_de_l_etape": calculator.questions.questions_de_l_etape,
        "questions_du_formulaire_principal": calculator.questions.questions_du_formulaire_principal,
        "intitules": calculator.situation.INTITULES,
    }
    gabarits = jinja2.Environment(
        loader=jinja2.FileSystemLoader(projet.DOSSIER_GABARITS),
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


def _debut_du_gel(baremes: list[Bareme], bareme: Bareme, bloc: str) -> str:
    """La première année d'une suite d'années aux valeurs identiques (un gel), jusqu'à `bareme`,
    pour le tableau `bloc` (« montants » ou « plafonds »)."""
    annees = [b for b in baremes if b.annee_universitaire <= bareme.annee_universitaire]
    lignes = lambda b: getattr(b, bloc).lignes  # noqa: E731
    debut = annees[-1]
    for precedent in reversed(annees[:-1]):
        if lignes(precedent) != lignes(bareme):
            break
        debut = precedent
    return debut.annee_universitaire


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
    entree = {"annee_universitaire": contexte["derniere"].annee_universitaire, **situation}
    valide, resultat = calculator.calculer(entree, contexte["baremes_par_annee"])
    if not valide:
        raise ValueError(f"exemple invalide {situation!r} : {resultat['erreurs']}")
    return resultat


def _montants_connus(contexte: dict[str, Any]) -> dict[str, Any]:
    """Les réponses du calculateur au montant d'un échelon connu, pour chaque année, échelon et
    durée (« 2025-2026|3|12 ») : la page des montants les lit sans worker ni règle à elle."""
    reponses = {}
    for annee, bareme in contexte["baremes_par_annee"].items():
        for echelon in bareme.montants_10_mois:
            for duree in (10, 12):
                valide, resultat = calculator.montant_depuis_echelon(
                    annee, echelon, duree, contexte["baremes_par_annee"]
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


TITRE = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
TITRES_D_UNE_PAGE_LONGUE = 5
"""À partir de ce nombre de titres (h2 et h3), la page commence par « Sur cette page »."""


def sommaire(corps: str) -> list[dict[str, Any]]:
    """Les titres h2 du corps rendu, chacun avec ses h3 ; vide pour une page courte."""
    titres = TITRE.findall(corps)
    if len(titres) < TITRES_D_UNE_PAGE_LONGUE:
        return []
    entrees: list[dict[str, Any]] = []
    for niveau, ancre, contenu in titres:
        texte = html.unescape(" ".join(re.sub(r"<[^>]+>", "", contenu).split()))
        entree = {"ancre": ancre, "texte": texte, "sous": []}
        if niveau == "3" and entrees:
            entrees[-1]["sous"].append(entree)
        else:
            entrees.append(entree)
    return entrees


def rendre_page(
    page: Page, gabarits: jinja2.Environment, pages: jinja2.Environment, site: dict[str, Any]
) -> tuple[str | None, list[Erreur]]:
    """Le HTML complet d'une page, aux liens encore écrits depuis la racine (« /faq/ »)."""
    nom = nom_affiche(page.source)
    try:
        modele = pages.from_string(page.corps)
        markdown_rendu = modele.render(page=page)
        corps, sans_action = encadrer(convertisseur_markdown().convert(markdown_rendu))
        if sans_action:
            return None, [_erreur_d_encadre(page, titre, debut) for titre, debut in sans_action]
        corps = envelopper_les_tableaux(corps)
        document = gabarits.get_template(page.gabarit).render(
            page=page,
            site=site,
            contenu=Markup(corps),
            sommaire=sommaire(corps),
            csp=CSP_SIMULATEUR if page.gabarit == "simulateur.html" else CSP,
        )
    except jinja2.TemplateSyntaxError as erreur:
        ligne = page.premiere_ligne_du_corps + (erreur.lineno or 1) - 1
        return None, [Erreur(nom, Position(ligne, 1), f"gabarit invalide : {erreur.message}")]
    except (jinja2.UndefinedError, ValueError, KeyError, TypeError) as erreur:
        ligne = _ligne_de_l_erreur(erreur, page)
        return None, [Erreur(nom, Position(ligne, 1), f"expression invalide : {erreur}")]
    page.identifiants = set(re.findall(r'\sid="([^"]+)"', document))
    return typographier_le_html(document), []


def _erreur_d_encadre(page: Page, titre: str, debut: str) -> Erreur:
    """Un encadré « À vérifier » ou « Les sources divergent » qui ne dit pas quoi faire."""
    return Erreur(
        nom_affiche(page.source),
        Position(page.ligne_de(debut) if debut else page.premiere_ligne_du_corps, 1),
        f"l'encadré « {titre} » ne dit pas quoi faire : terminez-le par "
        f"« **{ANNONCE_DE_L_ACTION}** » suivi d'une action (par exemple « demandez à votre "
        "Crous… »)",
    )


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
