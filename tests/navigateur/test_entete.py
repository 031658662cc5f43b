"""L'en-tête et « Sur cette page », sur un téléphone de 360 × 800.

- L'en-tête de chaque page mesure au plus 160 px (20 % du premier écran) ; à 200 % de texte,
  rien n'en sort et le bouton « Menu » ne couvre pas le nom du site.
- Le menu s'ouvre et se ferme sans JavaScript, au doigt et au clavier ; ses liens font 44 px
  de haut et le lien de la page lue porte aria-current="page". Sur un grand écran, les liens
  sont là sans ouvrir quoi que ce soit.
- Au simulateur, le champ du revenu commence dans le premier écran.
- Une page longue (5 titres h2 ou h3 et plus) commence par « Sur cette page », fermé sur une
  ligne ; chacun de ses liens mène à un titre de la page, sous le sous-chemin du site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .test_pages import ouvrir_page
from .test_telephone import TELEPHONE, telephone, texte_a_200_pourcent

if TYPE_CHECKING:
    from .conftest import PageDuSite, Serveur

pytestmark = pytest.mark.navigateur

HAUTEUR_MAXIMALE = 160  # px : 20 % d'un écran de 800 px
CIBLE_MINIMALE = 44  # px, hauteur d'une cible au doigt
SOMMAIRE_FERME = 60  # px : ce que « Sur cette page » fermé ajoute au plus avant le texte
PAGES_DE_LA_NAVIGATION = ["simulateur/", "faq/"]

ENTETE = """() => {
  const entete = document.querySelector('header.entete');
  const boite = (el) => { const r = el.getBoundingClientRect(); return {
    haut: r.top, bas: r.bottom, gauche: r.left, droite: r.right, largeur: r.width }; };
  const nom = document.querySelector('.marque');
  const texte = document.createRange();
  texte.selectNodeContents(nom);
  const resume = document.querySelector('.menu > summary');
  return {
    entete: boite(entete),
    defile: entete.scrollWidth > entete.clientWidth + 1,
    nom: [...texte.getClientRects()].map((r) => ({
      haut: r.top, bas: r.bottom, gauche: r.left, droite: r.right })),
    resume: resume && resume.getClientRects().length ? boite(resume) : null,
    page: document.documentElement.scrollWidth,
  };
}"""


def mesures(onglet: Any) -> dict[str, Any]:
    return onglet.evaluate(ENTETE)


def se_chevauchent(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["gauche"] < b["droite"] - 1
        and b["gauche"] < a["droite"] - 1
        and a["haut"] < b["bas"] - 1
        and b["haut"] < a["bas"] - 1
    )


def test_l_en_tete_tient_dans_un_cinquieme_de_l_ecran(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    onglet = telephone(nouvel_onglet, serveur, page_du_site)
    m = mesures(onglet)
    assert m["entete"]["bas"] <= HAUTEUR_MAXIMALE, f"{page_du_site.nom} : {m['entete']}"
    assert m["resume"] is not None, f"{page_du_site.nom} : pas de bouton « Menu » visible"
    assert m["resume"]["bas"] - m["resume"]["haut"] >= CIBLE_MINIMALE


def test_a_200_pourcent_l_en_tete_ne_deborde_pas(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    onglet = telephone(nouvel_onglet, serveur, page_du_site)
    texte_a_200_pourcent(onglet)
    m = mesures(onglet)
    assert not m["defile"], f"{page_du_site.nom} : l'en-tête déborde à 200 %"
    assert m["page"] <= TELEPHONE["viewport"]["width"], f"{page_du_site.nom} : {m['page']} px"
    assert m["resume"]["droite"] <= TELEPHONE["viewport"]["width"]
    chevauches = [r for r in m["nom"] if se_chevauchent(r, m["resume"])]
    assert not chevauches, f"{page_du_site.nom} : « Menu » couvre le nom du site {chevauches}"
    assert m["entete"]["bas"] > m["resume"]["bas"], "« Menu » sort de l'en-tête"


LIENS_DU_MENU = """() => [...document.querySelectorAll('.menu nav a')].map((a) => {
  const r = a.getBoundingClientRect();
  return {texte: a.textContent.trim(), visible: a.checkVisibility() && r.height > 0,
          hauteur: r.height, droite: r.right, courant: a.getAttribute('aria-current')};
})"""


@pytest.mark.parametrize("chemin", PAGES_DE_LA_NAVIGATION)
def test_le_menu_s_ouvre_et_se_ferme_sans_javascript(
    nouvel_onglet, serveur: Serveur, chemin: str
) -> None:
    onglet = nouvel_onglet(**TELEPHONE, java_script_enabled=False)
    ouvrir_page(onglet, serveur.url(chemin))
    liens = onglet.evaluate(LIENS_DU_MENU)
    assert len(liens) >= 5, liens
    assert not [lien for lien in liens if lien["visible"]], "menu ouvert au chargement"
    resume = onglet.locator(".menu > summary")
    resume.tap()
    liens = onglet.evaluate(LIENS_DU_MENU)
    assert all(lien["visible"] for lien in liens), liens
    assert all(lien["hauteur"] >= CIBLE_MINIMALE for lien in liens), liens
    assert all(lien["droite"] <= TELEPHONE["viewport"]["width"] for lien in liens), liens
    courants = [lien["texte"] for lien in liens if lien["courant"] == "page"]
    assert len(courants) == 1, liens
    assert onglet.get_attribute(f'.menu nav a[href="../{chemin}"]', "aria-current") == "page"
    resume.tap()
    assert not [lien for lien in onglet.evaluate(LIENS_DU_MENU) if lien["visible"]]
    resume.tap()
    onglet.locator(".menu nav a").last.click()
    onglet.wait_for_load_state("load")
    assert onglet.url == serveur.url(PAGES_DE_LA_NAVIGATION[-1])


def test_le_menu_s_ouvre_au_clavier(nouvel_onglet, serveur: Serveur) -> None:
    onglet = nouvel_onglet(**TELEPHONE)
    ouvrir_page(onglet, serveur.url("plafonds/"))
    onglet.keyboard.press("Tab")  # le lien d'évitement
    onglet.keyboard.press("Tab")  # le nom du site
    onglet.keyboard.press("Tab")
    assert onglet.evaluate("() => document.activeElement.matches('.menu > summary')")
    onglet.keyboard.press("Enter")
    assert onglet.evaluate("() => document.querySelector('.menu').open")
    onglet.keyboard.press("Tab")
    actif = onglet.evaluate("() => document.activeElement.closest('.menu nav') !== null")
    assert actif, "la tabulation après « Menu » n'atteint pas ses liens"
    onglet.keyboard.press("Shift+Tab")
    onglet.keyboard.press("Enter")
    assert not onglet.evaluate("() => document.querySelector('.menu').open")


def test_sur_grand_ecran_les_liens_sont_visibles_sans_menu(nouvel_onglet, serveur: Serveur) -> None:
    onglet = nouvel_onglet(viewport={"width": 1280, "height": 800})
    ouvrir_page(onglet, serveur.url("faq/"))
    assert not onglet.locator(".menu > summary").is_visible()
    liens = onglet.evaluate(LIENS_DU_MENU)
    assert liens and all(lien["visible"] for lien in liens), liens
    onglet.locator(".menu nav a", has_text="Plafonds").click()
    onglet.wait_for_load_state("load")
    assert onglet.url == serveur.url("plafonds/")


def test_au_simulateur_le_champ_du_revenu_est_dans_le_premier_ecran(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = telephone(nouvel_onglet, serveur, "simulateur/")
    haut = onglet.evaluate(
        "() => document.getElementById('revenu_brut_global').getBoundingClientRect().top"
    )
    assert haut < TELEPHONE["viewport"]["height"], f"champ du revenu à {haut} px"
    # Rien de ce que l'étudiant doit savoir n'a disparu : la phrase sur la vie privée est
    # juste avant le bouton, le titre du formulaire reste lu par les lecteurs d'écran.
    assert onglet.locator(".envoi .note", has_text="Tout reste sur votre appareil").is_visible()
    assert onglet.get_attribute("#simulateur", "aria-labelledby") == "titre-formulaire"
    assert onglet.locator("#titre-formulaire").inner_text() == "Votre situation"


SOMMAIRE = """() => {
  const main = document.querySelector('main');
  const titres = [...main.querySelectorAll('h2[id], h3[id]')]
    .filter((h) => !h.closest('.simulateur'));
  const nav = document.querySelector('nav[aria-label="Sur cette page"]');
  if (!nav) return {titres: titres.length, liens: []};
  const details = nav.querySelector('details');
  const avant = nav.getBoundingClientRect().height;
  return {
    titres: titres.length,
    ferme: !details.open,
    hauteur: avant,
    apresLeTitre: nav.previousElementSibling?.tagName.toLowerCase(),
    liens: [...nav.querySelectorAll('a')].map((a) => a.getAttribute('href')),
    resolus: [...nav.querySelectorAll('a')].map((a) => a.href),
  };
}"""


def test_les_pages_longues_commencent_par_sur_cette_page(
    nouvel_onglet, serveur: Serveur, page_du_site: PageDuSite
) -> None:
    onglet = telephone(nouvel_onglet, serveur, page_du_site)
    s = onglet.evaluate(SOMMAIRE)
    if page_du_site.chemin == "simulateur/" or s["titres"] < 5:
        # Le simulateur commence par son formulaire ; une page courte n'a pas de sommaire.
        assert page_du_site.chemin == "simulateur/" or not s["liens"], page_du_site.nom
        return
    assert s["liens"], f"{page_du_site.nom} : {s['titres']} titres, pas de « Sur cette page »"
    assert s["ferme"] and s["hauteur"] <= SOMMAIRE_FERME, s
    assert s["apresLeTitre"] == "h1", s
    url = serveur.url(page_du_site)
    assert s["resolus"] == [url + lien for lien in s["liens"]], "liens hors de la page"
    onglet.locator(".sommaire summary").tap()
    for lien in s["liens"]:
        assert lien.startswith("#") and len(lien) > 1, lien
        onglet.locator(f'.sommaire a[href="{lien}"]').click()
        cible = onglet.evaluate(
            """(id) => { const el = document.getElementById(id); if (!el) return null;
              const r = el.getBoundingClientRect();
              return {balise: el.tagName.toLowerCase(), haut: r.top, hash: location.hash}; }""",
            lien[1:],
        )
        assert cible is not None, f"{page_du_site.nom} : {lien} ne mène à aucun titre"
        assert cible["balise"] in ("h2", "h3"), cible
        assert cible["hash"] == lien
        assert -1 <= cible["haut"] < TELEPHONE["viewport"]["height"], (lien, cible)
        onglet.evaluate("() => window.scrollTo(0, 0)")
