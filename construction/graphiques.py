"""Les graphiques SVG des pages (montants et plafonds par année), dessinés à la construction :
aucun script dans la page.

Ils sont taillés pour un téléphone : le viewBox a la largeur d'un écran de 360 px (une unité
y vaut à peu près un pixel) et le texte est en `rem` dans la feuille de style, donc il suit la
taille de texte choisie. Rien n'y dépend de cette taille : les graduations sont écrites
au-dessus de leur trait, depuis le bord gauche ; les années ou les points, une étiquette sur
deux ou trois, assez espacées pour un texte deux fois plus grand. Seuls les noms en bout de
ligne ont besoin de place : quand le texte grandit, la feuille de style les cache et montre la
légende en HTML (`.legende-series`), qui passe à la ligne.
"""

from __future__ import annotations

import html
import math
from typing import Any

from markupsafe import Markup

import calculator
from calculator.bareme import Bareme

LARGEUR, HAUTEUR = 328, 248
# GAUCHE : la moitié d'une année écrite deux fois plus grand ; DROITE : les noms en bout de ligne.
GAUCHE, DROITE, HAUT, BAS = 34, 74, 24, 38
ECART_ETIQUETTES = 15  # entre deux noms en bout de ligne (texte de 13 px, écran de 360 px)
LARGEUR_D_UN_CHIFFRE = 16  # à 200 % de texte (26 unités), chiffre et marge compris


def _echelle(maximum: float, bas: float, haut: float) -> Any:
    return lambda v: haut - v / maximum * (haut - bas)


def _graduations(y_de: Any, maximum: float) -> list[str]:
    """Les traits horizontaux, chacun avec sa valeur en euros écrite au-dessus, à gauche."""
    pas = next(p for p in (250, 500, 1000, 2000, 5000, 10000, 20000, 50000) if maximum / p <= 6)
    traits, graduation = [], 0
    while graduation <= maximum:
        y = y_de(graduation)
        traits.append(
            f'<line class="grille" x1="0" x2="{LARGEUR - DROITE}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        traits.append(
            f'<text class="axe graduation" x="0" y="{y - 3:.1f}">'
            f"{calculator.format.euros(graduation)}</text>"
        )
        graduation += pas
    return traits


def _abscisses(etiquettes_x: list[str], x_de: Any) -> list[str]:
    """Les étiquettes de l'axe horizontal, assez espacées pour un texte deux fois plus grand :
    une sur `pas`, en gardant toujours la dernière (l'année la plus récente)."""
    ecart = (LARGEUR - GAUCHE - DROITE) / max(len(etiquettes_x) - 1, 1)
    place = LARGEUR_D_UN_CHIFFRE * max(map(len, etiquettes_x)) + 6
    pas = math.ceil(place / ecart)
    dernier = len(etiquettes_x) - 1
    return [
        f'<text class="axe abscisse" x="{x_de(i):.1f}" y="{HAUTEUR - BAS}" dy="1.1em" '
        f'text-anchor="middle">{html.escape(etiquette)}</text>'
        for i, etiquette in enumerate(etiquettes_x)
        if (dernier - i) % pas == 0
    ]


def _noms_en_bout(series: list[tuple[str, list[float]]], y_de: Any) -> list[str]:
    """Le nom de chaque série au bout de sa ligne, écartés pour ne pas se chevaucher."""
    bouts = sorted((y_de(valeurs[-1]) + 4, rang, nom) for rang, (nom, valeurs) in enumerate(series))
    traits, precedent = [], float("-inf")
    for y, rang, nom in bouts:
        y = max(y, precedent + ECART_ETIQUETTES)
        precedent = y
        traits.append(
            f'<text class="etiquette serie-{rang}" x="{LARGEUR - DROITE + 6}" '
            f'y="{y:.1f}">{html.escape(nom)}</text>'
        )
    return traits


def _legende(series: list[tuple[str, list[float]]]) -> str:
    """La légende en HTML, de la ligne du haut à celle du bas (au dernier point)."""
    ordre = sorted(range(len(series)), key=lambda rang: -series[rang][1][-1])
    elements = "".join(
        f'<li><svg class="pastille" viewBox="0 0 24 8" aria-hidden="true">'
        f'<line class="serie serie-{rang}" x1="0" x2="24" y1="4" y2="4"/></svg>'
        f"{html.escape(series[rang][0])}</li>"
        for rang in ordre
    )
    return f'<ul class="legende-series" aria-label="Les lignes, de haut en bas">{elements}</ul>'


def graphique_en_lignes(
    identifiant: str,
    titre: str,
    description: str,
    etiquettes_x: list[str],
    series: list[tuple[str, list[float]]],
    axes: str,
) -> Markup:
    """Un graphique en lignes, en SVG accessible (titre, description), couleurs par la CSS ;
    `axes` dit en une phrase ce que mesure chaque axe, avec ses unités."""
    x_de = lambda i: GAUCHE + i * (LARGEUR - GAUCHE - DROITE) / max(len(etiquettes_x) - 1, 1)  # noqa: E731
    toutes = [v for _, valeurs in series for v in valeurs]
    maximum = max(toutes) * 1.05
    y_de = _echelle(maximum, HAUT, HAUTEUR - BAS)
    traits = _graduations(y_de, maximum)
    for rang, (_, valeurs) in enumerate(series):
        points = " ".join(f"{x_de(i):.1f},{y_de(v):.1f}" for i, v in enumerate(valeurs))
        traits.append(f'<polyline class="serie serie-{rang}" points="{points}"/>')
    # Le texte après les lignes : il passe par-dessus, détouré de la couleur du fond.
    traits += _abscisses(etiquettes_x, x_de) + _noms_en_bout(series, y_de)
    return Markup(
        f'<figure class="graphique"><p class="axes">{html.escape(axes)}</p>'
        f'<div class="trace"><svg viewBox="0 0 {LARGEUR} {HAUTEUR}" role="img" '
        f'aria-labelledby="{identifiant}-titre {identifiant}-desc">'
        f'<title id="{identifiant}-titre">{html.escape(titre)}</title>'
        f'<desc id="{identifiant}-desc">{html.escape(description)}</desc>'
        + "".join(traits)
        + "</svg>"
        + _legende(series)
        + "</div>"
        + f"<figcaption>{html.escape(titre)}. {html.escape(description)}</figcaption></figure>"
    )


def graphique_des_montants(baremes: list[Bareme]) -> Markup:
    """Le taux annuel sur 10 mois de chaque échelon, d'une année universitaire à l'autre."""
    annees = [b.annee_universitaire for b in baremes]
    series = [
        (f"éch. {e}", [b.montants.sur_10_mois[e] for b in baremes])
        for e in reversed(calculator.ECHELONS)
    ]
    premier, dernier = baremes[0].montants.sur_10_mois, baremes[-1].montants.sur_10_mois
    euros = calculator.format.euros
    return graphique_en_lignes(
        "graphique-montants",
        f"Taux annuel sur 10 mois de chaque échelon, de {annees[0]} à {annees[-1]}",
        f"Une ligne par échelon. L'échelon 7 passe de {euros(premier['7'])} à "
        f"{euros(dernier['7'])}, l'échelon 0bis de {euros(premier['0bis'])} à "
        f"{euros(dernier['0bis'])} ; les montants exacts sont dans les tableaux de cette page.",
        [annee[:4] for annee in annees],
        series,
        f"En hauteur, le taux annuel en euros ; en largeur, l'année universitaire, nommée par "
        f"l'année de sa rentrée ({annees[0][:4]} pour {annees[0]}).",
    )


def graphique_des_plafonds(bareme: Bareme) -> Markup:
    """Les plafonds de chaque échelon selon les points de charge, pour une année."""
    plafonds = bareme.plafonds
    points = sorted(plafonds)
    series = [(f"éch. {e}", [plafonds[p][e] for p in points]) for e in calculator.ECHELONS]
    annee = bareme.annee_universitaire
    return graphique_en_lignes(
        f"graphique-plafonds-{annee}",
        f"Plafonds de ressources {annee} selon les points de charge",
        "Une ligne par échelon, de l'échelon 0bis (en haut) à l'échelon 7 (en bas) : chaque "
        "point de charge relève tous les plafonds. Les valeurs exactes sont dans le tableau.",
        [str(p) for p in points],
        series,
        f"En hauteur, le revenu brut global {bareme.revenus_pris_en_compte.annee_des_revenus} "
        "à ne pas dépasser, en euros ; en largeur, le nombre de points de charge.",
    )


# --- Le schéma de l'avis d'imposition ------------------------------------------------------

LARGEUR_AVIS, HAUTEUR_AVIS = 328, 300
FEUILLE = (4, 4, 226, 292)  # x, y, largeur, hauteur de la feuille dessinée
LIGNE_A_RELEVER = "Revenu brut global"

# Les blocs de l'avis, de haut en bas : (nom écrit, ordonnée, nombre de traits sans texte).
# Les traits tiennent la place des montants : le schéma n'en écrit aucun.
BLOCS_DE_L_AVIS = (
    ("Vos références", 62, 2),
    ("Revenu fiscal de référence", 112, 1),
    ("Détail des revenus", 150, 2),
    (LIGNE_A_RELEVER, 200, 0),
    ("Revenu imposable", 236, 1),
    ("Impôt", 268, 1),
)


def schema_de_l_avis(bareme: Bareme) -> Markup:
    """Un avis d'imposition dessiné en blocs, sans aucun montant, où la ligne « revenu brut
    global » est mise en évidence de trois façons : un cadre épais, une flèche avec son
    étiquette, et son nom écrit en gras (redit dans le titre, la description et la légende).
    Les couleurs sont celles du site (variables CSS), en thème clair comme en sombre."""
    avis = bareme.revenus_pris_en_compte.annee_de_l_avis_d_imposition
    revenus = bareme.revenus_pris_en_compte.annee_des_revenus
    x, y, largeur, hauteur = FEUILLE
    traits = [
        f'<rect class="avis-feuille" x="{x}" y="{y}" width="{largeur}" height="{hauteur}" rx="4"/>',
        f'<text class="avis-entete" x="{x + 10}" y="{y + 20}">Avis d\'impôt {avis}</text>',
        f'<text class="avis-nom" x="{x + 10}" y="{y + 36}">sur les revenus de {revenus}</text>',
    ]
    for nom, haut, nombre_de_traits in BLOCS_DE_L_AVIS:
        if nom == LIGNE_A_RELEVER:
            traits += [
                f'<rect class="avis-evidence" x="{x + 4}" y="{haut - 17}" '
                f'width="{largeur - 8}" height="26" rx="3"/>',
                f'<text class="avis-ligne" x="{x + 10}" y="{haut}">{nom}</text>',
                f'<rect class="avis-montant" x="{x + largeur - 62}" y="{haut - 8}" width="48" '
                'height="8" rx="2"/>',
            ]
            continue
        traits.append(f'<text class="avis-nom" x="{x + 10}" y="{haut}">{html.escape(nom)}</text>')
        for rang in range(nombre_de_traits):
            longueur = largeur - 20 - 40 * (rang % 2)
            traits.append(
                f'<rect class="avis-trait" x="{x + 10}" y="{haut + 7 + 11 * rang}" '
                f'width="{longueur}" height="5" rx="2"/>'
            )
    haut = next(h for nom, h, _ in BLOCS_DE_L_AVIS if nom == LIGNE_A_RELEVER)
    fin = x + largeur
    traits += [
        f'<path class="avis-fleche" d="M {LARGEUR_AVIS - 6} {haut - 46} '
        f'C {LARGEUR_AVIS - 6} {haut - 10}, {fin + 30} {haut - 4}, {fin + 6} {haut - 4}"/>',
        f'<path class="avis-pointe" d="M {fin + 4} {haut - 4} l 9 -5 l 0 10 z"/>',
        f'<text class="avis-etiquette" x="{LARGEUR_AVIS - 4}" y="{haut - 82}" '
        'text-anchor="end">La ligne</text>',
        f'<text class="avis-etiquette" x="{LARGEUR_AVIS - 4}" y="{haut - 66}" '
        'text-anchor="end">à relever</text>',
    ]
    titre = (
        f"Schéma d'un avis d'impôt {avis} sur les revenus de {revenus} : "
        "où lire le revenu brut global"
    )
    description = (
        "La feuille est dessinée en blocs, sans aucun montant. De haut en bas : vos références, "
        "le revenu fiscal de référence, le détail des revenus, puis la ligne « Revenu brut "
        "global », encadrée d'un trait épais et montrée par une flèche « La ligne à relever », "
        "puis le revenu imposable et l'impôt. C'est le montant de la ligne « Revenu brut "
        "global » qu'il faut relever ; ni le revenu fiscal de référence, ni le revenu imposable."
    )
    return Markup(
        '<figure class="schema-avis" id="schema-avis">'
        f'<svg viewBox="0 0 {LARGEUR_AVIS} {HAUTEUR_AVIS}" role="img" '
        'aria-labelledby="schema-avis-titre schema-avis-desc">'
        f'<title id="schema-avis-titre">{html.escape(titre)}</title>'
        f'<desc id="schema-avis-desc">{html.escape(description)}</desc>'
        + "".join(traits)
        + "</svg>"
        + "<figcaption>Schéma : la disposition d'un vrai avis peut être différente. La ligne "
        "mise en évidence est celle du <strong>revenu brut global</strong>.</figcaption>"
        "</figure>"
    )
