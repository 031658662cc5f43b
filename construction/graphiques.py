"""Les graphiques SVG des pages (montants et plafonds par année), dessinés à la construction :
aucun script dans la page.
"""

from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup

import calculator
from calculator.bareme import Bareme


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
        annees,
        series,
        "Année universitaire",
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
        "Points de charge",
    )
