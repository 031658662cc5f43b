"""Ce qu'un étudiant voit : chaque page du site construit, dans Chromium.

Accessibilité (axe, WCAG 2.1 A et AA, thème clair et sombre), aucune requête vers
un autre site, mise en page sur téléphone, lecture sans JavaScript, navigation au
clavier, et les métadonnées de chaque page.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe

if TYPE_CHECKING:
    from .conftest import PageDuSite, Serveur

pytestmark = pytest.mark.navigateur

REGLES_AXE = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LARGEUR_TELEPHONE = 320
MAX_NOEUDS = 8  # éléments cités par règle axe en échec


def ouvrir_page(onglet: Any, url: str, attendre: str = "load") -> None:
    reponse = onglet.goto(url, wait_until=attendre)
    assert reponse is not None, f"{url} : pas de réponse"
    assert reponse.ok, f"{url} : statut HTTP {reponse.status}"


# --- 1. Accessibilité (axe) ----------------------------------------------------------


def rapport_axe(violations: list[dict[str, Any]]) -> str:
    lignes = []
    for violation in violations:
        lignes.append(
            f"- {violation['id']} ({violation.get('impact')}) : {violation['help']}"
            f" — {violation.get('helpUrl', '')}"
        )
        noeuds = violation["nodes"]
        for noeud in noeuds[:MAX_NOEUDS]:
            cible = " ".join(map(str, noeud["target"]))
            resume = " ".join((noeud.get("failureSummary") or "").split())
            lignes.append(f"    · {cible} : {resume[:300]}")
        if len(noeuds) > MAX_NOEUDS:
            lignes.append(f"    · … et {len(noeuds) - MAX_NOEUDS} autre(s) élément(s)")
    return "\n".join(lignes)


@pytest.mark.parametrize("theme", ["light", "dark"], ids=["clair", "sombre"])
def test_aucune_violation_axe(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite, theme: str
) -> None:
    onglet = nouvel_onglet(bypass_csp=True)
    onglet.emulate_media(color_scheme=theme)
    ouvrir_page(onglet, serveur.url(page_du_site))
    assert onglet.evaluate(f"matchMedia('(prefers-color-scheme: {theme})').matches")
    resultats = Axe().run(
        onglet,
        options={
            "runOnly": {"type": "tag", "values": REGLES_AXE},
            "resultTypes": ["violations"],
        },
    )
    violations = resultats.response["violations"]
    if violations:
        nom_theme = "sombre" if theme == "dark" else "clair"
        pytest.fail(
            f"{page_du_site.nom} (thème {nom_theme}) : {len(violations)} règle(s) axe en échec\n"
            + rapport_axe(violations),
            pytrace=False,
        )


# --- 2. Aucune requête vers un autre site ---------------------------------------------


def test_aucune_requete_vers_un_autre_site(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    onglet = nouvel_onglet()
    requetes: list[str] = []
    echecs: list[str] = []
    erreurs_js: list[str] = []
    onglet.on("request", lambda r: requetes.append(r.url))
    onglet.on("requestfailed", lambda r: echecs.append(f"{r.url} ({r.failure})"))
    onglet.on(
        "response",
        lambda r: r.status >= 400 and echecs.append(f"{r.url} (HTTP {r.status})"),
    )
    onglet.on("pageerror", lambda e: erreurs_js.append(str(e)))
    ouvrir_page(onglet, serveur.url(page_du_site), attendre="networkidle")

    ailleurs = serveur.hors_du_site(requetes)
    problemes = [f"requête vers un autre site : {u}" for u in ailleurs]
    # Servi sous /echelon/ : une URL absolue (« /style.css ») sortirait du site et échouerait.
    problemes += [f"ressource en échec : {e}" for e in echecs if e.split(" ")[0] not in ailleurs]
    problemes += [f"erreur JavaScript : {e}" for e in erreurs_js]
    if problemes:
        pytest.fail(f"{page_du_site.nom} :\n" + "\n".join(problemes), pytrace=False)


def test_adresse_inconnue_montre_la_page_404(
    nouvel_onglet, serveur: Serveur, site_construit: Path
) -> None:
    """Comme GitHub Pages : 404.html servie à une adresse profonde inconnue reste complète."""
    assert (site_construit / "404.html").is_file(), "le site n'a pas de 404.html"
    onglet = nouvel_onglet()
    url = serveur.url("adresse/inconnue/")
    echecs: list[str] = []
    onglet.on(
        "response",
        lambda r: r.status >= 400 and r.url != url and echecs.append(f"{r.url} ({r.status})"),
    )
    onglet.on("requestfailed", lambda r: echecs.append(f"{r.url} ({r.failure})"))
    reponse = onglet.goto(url, wait_until="networkidle")
    assert reponse is not None and reponse.status == 404
    assert onglet.locator("h1:visible").count() == 1, "page 404 : pas de h1 visible"
    assert not echecs, "page 404 à une adresse inconnue : ressources en échec :\n" + "\n".join(
        echecs
    )
    feuilles = onglet.evaluate("document.styleSheets.length")
    assert feuilles > 0, "page 404 à une adresse inconnue : aucune feuille de style chargée"


# --- 3. Téléphone : pas de défilement horizontal --------------------------------------

TROP_LARGES = """(largeur) => {
  const hors = [];
  const vus = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > largeur + 0.5 && r.width > 0) {
      vus.add(el);
      if (vus.has(el.parentElement)) continue;  // seul le plus englobant est cité
      const id = el.id ? '#' + el.id : '';
      const classe = typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      const bord = Math.round(r.right);
      hors.push(`${el.tagName.toLowerCase()}${id}${classe} (bord droit à ${bord} px)`);
    }
  }
  return hors.slice(0, 10);
}"""


def test_pas_de_defilement_horizontal_sur_telephone(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    onglet = nouvel_onglet(
        viewport={"width": LARGEUR_TELEPHONE, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    ouvrir_page(onglet, serveur.url(page_du_site))
    largeur = onglet.evaluate("document.documentElement.scrollWidth")
    if largeur > LARGEUR_TELEPHONE:
        trop_larges = onglet.evaluate(TROP_LARGES, LARGEUR_TELEPHONE)
        pytest.fail(
            f"{page_du_site.nom} : largeur {largeur} px > {LARGEUR_TELEPHONE} px ; "
            "éléments qui dépassent :\n" + "\n".join(trop_larges),
            pytrace=False,
        )


# --- 4. Lisible sans JavaScript -------------------------------------------------------


def test_lisible_sans_javascript(nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite) -> None:
    onglet = nouvel_onglet(java_script_enabled=False)
    ouvrir_page(onglet, serveur.url(page_du_site))
    titres = onglet.locator("h1:visible")
    assert titres.count() == 1, (
        f"{page_du_site.nom} : {titres.count()} h1 visible(s) sans JavaScript, 1 attendu"
    )
    principal = onglet.locator("main")
    assert principal.count() == 1, f"{page_du_site.nom} : {principal.count()} élément(s) main"
    assert principal.is_visible(), f"{page_du_site.nom} : main invisible sans JavaScript"
    assert principal.inner_text().strip(), f"{page_du_site.nom} : main vide sans JavaScript"


# --- 5. Clavier -------------------------------------------------------------------------

ELEMENT_ACTIF = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  return {
    balise: el.tagName.toLowerCase(),
    href: el.getAttribute('href'),
    texte: (el.innerText || el.textContent || '').trim(),
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < innerHeight && r.left < innerWidth,
  };
}"""

CIBLE_DU_LIEN = """(href) => {
  const id = decodeURIComponent(href.slice(1));
  const cible = document.getElementById(id);
  if (!cible) return null;
  return {balise: cible.tagName.toLowerCase(), dansMain: cible.closest('main') !== null};
}"""

# La navigation principale : celle nommée « … principale », sinon la première.
LIENS_DE_NAVIGATION = """() => {
  const navs = [...document.querySelectorAll('nav')];
  const nom = (n) => (n.getAttribute('aria-label') || '').toLowerCase();
  const nav = navs.find((n) => nom(n).includes('principal')) || navs[0];
  window.__liensNavigation = nav ? [...nav.querySelectorAll('a[href]')] : [];
  return window.__liensNavigation.map((a) => ({
    href: a.getAttribute('href'), texte: (a.innerText || a.textContent || '').trim(),
  }));
}"""


def premiere_tabulation_vers_main(onglet: Any, nom: str) -> str:
    """La première tabulation atteint un lien d'évitement visible vers main ; son href."""
    onglet.keyboard.press("Tab")
    premier = onglet.evaluate(ELEMENT_ACTIF)
    assert premier is not None, f"{nom} : la première tabulation ne donne le focus à rien"
    assert premier["balise"] == "a" and (premier["href"] or "").startswith("#"), (
        f"{nom} : la première tabulation atteint {premier}, pas un lien d'évitement (#…)"
    )
    assert len(premier["href"]) > 1, f"{nom} : le lien d'évitement pointe vers « # »"
    assert premier["visible"], f"{nom} : le lien d'évitement {premier} reste invisible au focus"
    cible = onglet.evaluate(CIBLE_DU_LIEN, premier["href"])
    assert cible is not None, f"{nom} : la cible {premier['href']} du lien d'évitement manque"
    assert cible["balise"] == "main" or cible["dansMain"], (
        f"{nom} : le lien d'évitement {premier['href']} mène à un {cible['balise']} hors de main"
    )
    return premier["href"]


def test_clavier_lien_d_evitement_puis_navigation(nouvel_onglet, serveur: Serveur) -> None:
    onglet = nouvel_onglet()
    ouvrir_page(onglet, serveur.url(""))
    premiere_tabulation_vers_main(onglet, "accueil")

    liens = onglet.evaluate(LIENS_DE_NAVIGATION)
    assert liens, "accueil : aucune navigation principale (nav avec des liens)"
    atteints: set[int] = set()
    nombre_focusables = onglet.evaluate(
        "document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]').length"
    )
    for _ in range(min(nombre_focusables + 5, 300)):
        onglet.keyboard.press("Tab")
        indice = onglet.evaluate("window.__liensNavigation.indexOf(document.activeElement)")
        if indice >= 0:
            atteints.add(indice)
        if len(atteints) == len(liens):
            break
    manquants = [lien for i, lien in enumerate(liens) if i not in atteints]
    assert not manquants, f"accueil : liens de navigation jamais atteints au clavier : {manquants}"


def test_lien_d_evitement_reste_sur_la_page(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    """Entrée sur le lien d'évitement mène au contenu de la même page, sans la quitter."""
    onglet = nouvel_onglet()
    url = serveur.url(page_du_site)
    ouvrir_page(onglet, url)
    href = premiere_tabulation_vers_main(onglet, page_du_site.nom)
    onglet.evaluate("window.__memeDocument = true")
    onglet.keyboard.press("Enter")
    onglet.wait_for_function("location.hash !== ''")
    onglet.wait_for_load_state("load")
    apres = onglet.url
    meme_document = onglet.evaluate("window.__memeDocument === true")
    assert meme_document and apres == url + href, (
        f"{page_du_site.nom} : le lien d'évitement {href!r} quitte la page pour {apres} "
        f"(attendu : {url + href})"
    )


# --- 6. Métadonnées de chaque page ------------------------------------------------------


class _Metadonnees(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.langue: str | None = None
        self.nombre_h1 = 0
        self.titres: list[str] = []
        self.descriptions: list[str] = []
        self._dans_titre = False
        self._dans_svg = 0

    def handle_starttag(self, balise: str, attributs: list[tuple[str, str | None]]) -> None:
        attrs = dict(attributs)
        if balise == "html" and self.langue is None:
            self.langue = attrs.get("lang")
        elif balise == "svg":
            self._dans_svg += 1
        elif balise == "h1":
            self.nombre_h1 += 1
        elif balise == "title" and not self._dans_svg:
            self._dans_titre = True
            self.titres.append("")
        elif balise == "meta" and (attrs.get("name") or "").lower() == "description":
            self.descriptions.append(attrs.get("content") or "")

    def handle_endtag(self, balise: str) -> None:
        if balise == "svg" and self._dans_svg:
            self._dans_svg -= 1
        elif balise == "title":
            self._dans_titre = False

    def handle_data(self, donnees: str) -> None:
        if self._dans_titre:
            self.titres[-1] += donnees


def metadonnees(page: PageDuSite) -> _Metadonnees:
    analyse = _Metadonnees()
    analyse.feed(page.fichier.read_text(encoding="utf-8"))
    analyse.close()
    return analyse


def test_metadonnees_de_la_page(page_du_site: PageDuSite) -> None:
    meta = metadonnees(page_du_site)
    nom = page_du_site.nom
    assert meta.langue == "fr", f"{nom} : <html lang={meta.langue!r}>, « fr » attendu"
    assert meta.nombre_h1 == 1, f"{nom} : {meta.nombre_h1} h1, exactement 1 attendu"
    assert len(meta.titres) == 1, f"{nom} : {len(meta.titres)} <title>, 1 attendu"
    assert " ".join(meta.titres[0].split()), f"{nom} : <title> vide"
    assert len(meta.descriptions) == 1, (
        f"{nom} : {len(meta.descriptions)} meta[name=description], 1 attendue"
    )
    assert meta.descriptions[0].strip(), f"{nom} : meta[name=description] vide"


def test_titres_et_descriptions_uniques(toutes_les_pages: list[PageDuSite]) -> None:
    titres: dict[str, list[str]] = {}
    descriptions: dict[str, list[str]] = {}
    for page in toutes_les_pages:
        meta = metadonnees(page)
        for titre in meta.titres:
            titres.setdefault(" ".join(titre.split()), []).append(page.nom)
        for description in meta.descriptions:
            descriptions.setdefault(" ".join(description.split()), []).append(page.nom)
    doublons = [f"titre {t!r} : {p}" for t, p in titres.items() if len(p) > 1]
    doublons += [f"description {d!r} : {p}" for d, p in descriptions.items() if len(p) > 1]
    assert not doublons, "partagés par plusieurs pages :\n" + "\n".join(doublons)
