"""Chaque page lue sur un téléphone de 360 px, au pouce : tableaux, graphiques, texte à 200 %.

- Un tableau plus large que l'écran défile seul dans sa boîte, garde sa première colonne
  (points de charge, échelon, année…) en vue, et le dit ; un tableau qui tient ne le dit pas.
- Le tableau des points de charge et celui des dates du DSE tiennent dans l'écran.
- Le texte des graphiques mesure au moins 12 px, et grandit avec la taille de texte choisie
  sans se chevaucher ni sortir du cadre.
- À 200 % de taille de texte, aucun texte ne sort de sa boîte, résultat du simulateur compris.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .test_pages import ouvrir_page
from .test_simulateur import SITUATION_D_EXEMPLE, attendre_pret, estimer, estimer_l_exemple, saisir
from .test_simulateur import ouvrir as ouvrir_simulateur

if TYPE_CHECKING:
    from .conftest import PageDuSite, Serveur

pytestmark = pytest.mark.navigateur

TELEPHONE = {
    "viewport": {"width": 360, "height": 800},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "fr-FR",
}
TEXTE_MINIMUM = 12  # px CSS, hauteur rendue d'un texte de graphique


def telephone(nouvel_onglet, serveur: Serveur, chemin: PageDuSite | str) -> Any:
    onglet = nouvel_onglet(**TELEPHONE)
    ouvrir_page(onglet, serveur.url(chemin))
    return onglet


def texte_a_200_pourcent(onglet: Any) -> None:
    """La taille de texte de l'utilisateur doublée, comme un réglage d'accessibilité."""
    onglet.evaluate(
        """() => new Promise((fini) => {
          document.documentElement.style.fontSize = '200%';
          requestAnimationFrame(() => requestAnimationFrame(fini));
        })"""
    )


# --- Tableaux -------------------------------------------------------------------------------

TABLEAUX = """() => [...document.querySelectorAll('.defilement')]
  .filter((boite) => boite.getClientRects().length > 0 && boite.querySelector('table'))
  .map((boite) => {
    const nom = boite.getAttribute('aria-label')
      || document.getElementById(boite.getAttribute('aria-labelledby'))?.textContent
      || '(sans nom)';
    const deborde = boite.scrollWidth > boite.clientWidth + 1;
    const avant = getComputedStyle(boite, '::before');
    const indice = avant.display !== 'none' && avant.content.includes('Faites glisser');
    boite.scrollLeft = boite.scrollWidth;
    const cadre = boite.getBoundingClientRect();
    const cachees = [...boite.querySelector('table').rows]
      .map((ligne) => ligne.cells[0])
      .filter((cellule) => {
        const r = cellule.getBoundingClientRect();
        return r.left < cadre.left - 1 || r.right > cadre.right + 1;
      })
      .map((cellule) => cellule.textContent.trim());
    boite.scrollLeft = 0;
    return {nom: nom.trim(), deborde, indice, cachees,
            largeur: boite.scrollWidth, boite: boite.clientWidth};
  })"""


def tableaux(onglet: Any) -> list[dict[str, Any]]:
    return onglet.evaluate(TABLEAUX)


def test_chaque_tableau_qui_defile_garde_sa_premiere_colonne_visible(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    onglet = telephone(nouvel_onglet, serveur, page_du_site)
    en_defaut = [
        f"{t['nom']} : {', '.join(t['cachees'][:4])}…"
        for t in tableaux(onglet)
        if t["deborde"] and t["cachees"]
    ]
    assert not en_defaut, (
        f"{page_du_site.nom} : première colonne sortie de la boîte après défilement :\n"
        + "\n".join(en_defaut)
    )


def test_un_tableau_dit_qu_il_defile_seulement_s_il_deborde(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    onglet = telephone(nouvel_onglet, serveur, page_du_site)
    faux = [
        f"{t['nom']} ({t['largeur']} px dans {t['boite']} px) : "
        + ("déborde sans le dire" if t["deborde"] else "dit qu'il défile alors qu'il tient")
        for t in tableaux(onglet)
        if t["deborde"] != t["indice"]
    ]
    assert not faux, f"{page_du_site.nom} :\n" + "\n".join(faux)


@pytest.mark.parametrize(
    ("chemin", "nom"),
    [("points-de-charge/", "Points de charge"), ("demande-et-calendrier/", "Dépôt du dossier")],
    ids=["points-de-charge", "dates-du-dse"],
)
def test_les_tableaux_des_points_et_des_dates_du_dse_tiennent_dans_l_ecran(
    nouvel_onglet, serveur: Serveur, chemin: str, nom: str
) -> None:
    onglet = telephone(nouvel_onglet, serveur, chemin)
    trouves = [t for t in tableaux(onglet) if t["nom"].startswith(nom)]
    assert len(trouves) == 1, f"{chemin} : tableau « {nom}… » introuvable"
    tableau = trouves[0]
    assert tableau["largeur"] <= tableau["boite"] + 1, (
        f"{tableau['nom']} : {tableau['largeur']} px dans une boîte de {tableau['boite']} px"
    )


# --- Graphiques -----------------------------------------------------------------------------

TEXTES_DES_GRAPHIQUES = """(racine) => [...document.querySelectorAll(racine + ' svg')]
  .filter((svg) => svg.getClientRects().length > 0 && svg.querySelector('text'))
  .map((svg) => {
    const cadre = svg.getBoundingClientRect();
    const textes = [...svg.querySelectorAll('text')]
      .map((t) => ({texte: t.textContent, r: t.getBoundingClientRect()}))
      .filter((t) => t.r.width > 0 && t.r.height > 0);
    const dehors = textes.filter(({r}) => r.left < cadre.left - 1 || r.right > cadre.right + 1
      || r.top < cadre.top - 1 || r.bottom > cadre.bottom + 1).map((t) => t.texte);
    const chevauchements = [];
    textes.forEach((a, i) => textes.slice(i + 1).forEach((b) => {
      const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (x > 1 && y > 1) chevauchements.push(`${a.texte} / ${b.texte}`);
    }));
    return {
      nom: svg.querySelector('title')?.textContent ?? '(sans titre)',
      hauteurs: textes.map((t) => [t.texte, Math.round(t.r.height * 10) / 10]),
      dehors,
      chevauchements,
    };
  })"""


def textes_des_graphiques(onglet: Any, racine: str = "main") -> list[dict[str, Any]]:
    return onglet.evaluate(TEXTES_DES_GRAPHIQUES, racine)


def trop_petits(graphiques: list[dict[str, Any]]) -> list[str]:
    return [
        f"{g['nom']} : « {texte} » {hauteur} px"
        for g in graphiques
        for texte, hauteur in g["hauteurs"]
        if hauteur < TEXTE_MINIMUM
    ]


def test_chaque_texte_des_graphiques_mesure_au_moins_12_px(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    onglet = telephone(nouvel_onglet, serveur, page_du_site)
    graphiques = textes_des_graphiques(onglet)
    if onglet.locator("main figure.graphique svg").count():
        assert graphiques and all(g["hauteurs"] for g in graphiques)
    petits = trop_petits(graphiques)
    assert not petits, f"{page_du_site.nom} :\n" + "\n".join(petits[:10])


@pytest.mark.parametrize("chemin", ["montants/", "plafonds/"])
def test_le_texte_des_graphiques_grandit_avec_la_taille_de_texte_sans_se_chevaucher(
    nouvel_onglet, serveur: Serveur, chemin: str
) -> None:
    onglet = telephone(nouvel_onglet, serveur, chemin)
    avant = textes_des_graphiques(onglet)
    texte_a_200_pourcent(onglet)
    apres = textes_des_graphiques(onglet)
    assert avant and len(avant) == len(apres)
    for graphique_avant, graphique in zip(avant, apres, strict=True):
        hauteur_avant = max(h for _, h in graphique_avant["hauteurs"])
        hauteur = max(h for _, h in graphique["hauteurs"])
        assert hauteur >= 1.6 * hauteur_avant, (
            f"{graphique['nom']} : texte de {hauteur_avant} px, puis {hauteur} px à 200 %"
        )
        for etat in (graphique_avant, graphique):
            assert not etat["dehors"], f"{etat['nom']} : hors du cadre : {etat['dehors']}"
            assert not etat["chevauchements"], (
                f"{etat['nom']} : textes qui se chevauchent : {etat['chevauchements'][:5]}"
            )
    # Les noms en bout de ligne cachés, la légende en HTML les remplace.
    assert onglet.locator("main .legende-series").first.is_visible()


# --- Texte à 200 % --------------------------------------------------------------------------

DEBORDEMENTS = """(racine) => {
  const largeur = document.documentElement.clientWidth;
  const dehors = [];
  const nommer = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  for (const el of document.querySelectorAll(racine + ' *')) {
    if (el.closest('.defilement, svg, .visuellement-cache, [hidden], template')) continue;
    const texte = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const r = el.getBoundingClientRect();
    if (!texte || r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.display !== 'inline' && el.scrollWidth > el.clientWidth + 1
        && style.overflowX === 'visible') {
      dehors.push(`${nommer(el)} : ${el.scrollWidth} px de texte dans ${el.clientWidth} px`);
    } else if (r.right > largeur + 1 || r.left < -1) {
      dehors.push(`${nommer(el)} : de ${Math.round(r.left)} à ${Math.round(r.right)} px`);
    }
  }
  if (document.documentElement.scrollWidth > largeur + 1) {
    dehors.push(`la page mesure ${document.documentElement.scrollWidth} px`);
  }
  return dehors.slice(0, 10);
}"""


def test_a_200_pourcent_de_texte_aucun_texte_ne_deborde(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    onglet = telephone(nouvel_onglet, serveur, page_du_site)
    texte_a_200_pourcent(onglet)
    dehors = onglet.evaluate(DEBORDEMENTS, "body")
    assert not dehors, f"{page_du_site.nom} à 200 % :\n" + "\n".join(dehors)


def test_le_resultat_du_simulateur_se_lit_au_pouce_et_a_200_pourcent(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = nouvel_onglet(**TELEPHONE)
    estimer_l_exemple(onglet, serveur)
    # Le graphique en barres de la ligne : lisible à 12 px au moins.
    barres = textes_des_graphiques(onglet, "#resultat")
    assert barres and all(g["hauteurs"] for g in barres)
    petits = trop_petits(barres)
    assert not petits, "\n".join(petits)
    # Le tableau des années : sa première colonne reste en vue s'il défile.
    for tableau in tableaux(onglet):
        assert not (tableau["deborde"] and tableau["cachees"]), tableau
        assert tableau["deborde"] == tableau["indice"], tableau
    texte_a_200_pourcent(onglet)
    assert onglet.locator("#resultat .points-de-charge li").count() > 0
    dehors = onglet.evaluate(DEBORDEMENTS, "#resultat")
    assert not dehors, "résultat du simulateur à 200 % :\n" + "\n".join(dehors)


def test_le_graphique_du_resultat_grandit_avec_la_taille_de_texte_sans_se_chevaucher(
    nouvel_onglet, serveur: Serveur
) -> None:
    hauteurs = []
    for taille in (None, "200%"):
        onglet = nouvel_onglet(**TELEPHONE)
        ouvrir_simulateur(onglet, serveur)
        if taille:
            texte_a_200_pourcent(onglet)
        attendre_pret(onglet)
        saisir(onglet, SITUATION_D_EXEMPLE)
        estimer(onglet)
        (barres,) = textes_des_graphiques(onglet, "#resultat")
        assert not barres["dehors"], f"à {taille or '100 %'} : hors du cadre : {barres['dehors']}"
        assert not barres["chevauchements"], f"à {taille or '100 %'} : {barres['chevauchements']}"
        hauteurs.append(max(h for _, h in barres["hauteurs"]))
    normale, double = hauteurs
    assert normale >= TEXTE_MINIMUM
    assert double >= 1.6 * normale, f"texte de {normale} px, puis {double} px à 200 %"
