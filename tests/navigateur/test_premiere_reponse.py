"""La réponse que l'étudiant lit d'abord est toute la réponse (issue #18), sur un téléphone de
360 px, dans Chromium : le verdict avant le montant, les trois questions qui décident avant
« Estimer », les nombres à la française lus par le calculateur, la progression près du bouton,
le focus et l'annonce, les liens qui survivent (ou qui disent qu'ils ont été coupés), le
partage, et la suite en un toucher.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from .conftest import onglet_partage
from .test_pages import rapport_axe
from .test_simulateur import (
    ATTENTE,
    CHEMIN,
    SITUATION_D_EXEMPLE,
    attendre_pret,
    espaces,
    estimer,
    ouvrir,
    saisir,
    violations_axe,
)

if TYPE_CHECKING:
    from .conftest import Serveur

pytestmark = pytest.mark.navigateur

TELEPHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
LIEN_DU_29_ANS = (
    "#annee_universitaire=2025-2026&revenu_brut_global=15000&distance_km=12"
    "&enfants_a_charge=0&dont_etudiants_superieur=0"
    "&eligibilite.premiere_demande=1&eligibilite.date_de_naissance=1996-03-05"
)
"""Une première demande à 29 ans et 5 mois au 1er septembre 2025 (limite : moins de 28 ans) ;
15 000 €, 0 point (12 km, aucun autre enfant) : l'échelon 3 de la ligne 0, s'il était
accordé."""
LIEN_TRONQUE = "#annee_universitaire=2025-2026&revenu_brut_global=21988&distance_km=40"
"""Le lien de SITUATION_D_EXEMPLE coupé par une messagerie : ni les enfants, ni les études."""


def fragment_de(adresse: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(adresse).fragment))


def dans_la_vue(onglet: Any, selecteur: str) -> bool:
    """L'élément est visible et entier dans la fenêtre."""
    return onglet.evaluate(
        """(selecteur) => {
          const el = document.querySelector(selecteur);
          if (!el || el.closest('[hidden]')) return false;
          const r = el.getBoundingClientRect();
          return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
        }""",
        selecteur,
    )


@pytest.fixture(scope="module")
def telephone(navigateur: Any, serveur: Serveur) -> Iterator[Any]:
    """Un onglet du simulateur sur un téléphone de 360 px, calculateur prêt, partagé."""

    def aller(page: Any) -> None:
        page.set_viewport_size(TELEPHONE["viewport"])
        ouvrir(page, serveur)
        attendre_pret(page)

    yield from onglet_partage(navigateur, aller)


# --- 1. Le verdict d'abord ------------------------------------------------------------------


def test_le_lien_du_29_ans_montre_le_refus_avant_tout_montant(nouvel_onglet, serveur: Serveur):
    onglet = nouvel_onglet(**TELEPHONE)
    erreurs: list[str] = []
    onglet.on("pageerror", lambda e: erreurs.append(str(e)))
    ouvrir(onglet, serveur, LIEN_DU_29_ANS)
    onglet.wait_for_selector("#resultat[data-echelon]", timeout=ATTENTE)
    assert onglet.get_attribute("#resultat", "data-conditions") == "non remplie"
    carte = onglet.locator("#resultat .carte-echelon")
    premier = carte.locator(":scope > *").first
    assert premier.get_attribute("class") == "refus"
    assert espaces(premier.inner_text()).startswith("Pas de bourse :")
    assert "29 ans" in espaces(premier.inner_text()), "la raison : l'âge"
    # Aucun montant avant le refus, dans toute la page ; l'échelon n'est qu'une hypothèse.
    assert onglet.evaluate(
        """() => {
          const refus = document.querySelector('#resultat .carte-echelon .refus');
          return [...document.querySelectorAll('#resultat data[data-champ]')].every(
            (d) => refus.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    si_remplie = carte.locator(".echelon.si-remplie")
    assert "Si cette condition était remplie" in si_remplie.inner_text()
    assert carte.locator(".echelon:not(.si-remplie)").count() == 0
    # La phrase annoncée est le refus, pas l'échelon.
    onglet.wait_for_function("() => document.getElementById('annonce').textContent !== ''")
    assert onglet.locator("#annonce").text_content().startswith("Pas de bourse")
    # Les réponses du lien sont dans le formulaire principal, date en trois champs.
    assert onglet.is_checked("#eligibilite-premiere_demande input[value='1']")
    assert onglet.input_value("#eligibilite-date_de_naissance-jour") == "05"
    assert onglet.input_value("#eligibilite-date_de_naissance-mois") == "03"
    assert onglet.input_value("#eligibilite-date_de_naissance-annee") == "1996"
    assert not erreurs, erreurs


def test_les_trois_questions_qui_decident_sont_posees_avant_estimer(telephone: Any) -> None:
    formulaire = telephone.locator("#simulateur")
    cles = [q.get_attribute("data-cle") for q in formulaire.locator("[data-cle]").all()]
    assert cles == [
        "eligibilite.premiere_demande",
        "eligibilite.date_de_naissance",
        "ressources.avis_saisi",
    ]
    # Avant le bouton, et plus dans les étapes.
    assert telephone.evaluate(
        """() => {
          const bouton = document.getElementById('estimer');
          return [...document.querySelectorAll('#simulateur [data-cle]')].every(
            (q) => q.compareDocumentPosition(bouton) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    for cle in cles:
        assert telephone.locator(f'#etapes [data-cle="{cle}"]').count() == 0, cle
    # Aucun sélecteur de date du navigateur : jour, mois et année au clavier numérique.
    assert telephone.locator("input[type=date], input[type=number]").count() == 0
    for partie in ("jour", "mois", "annee"):
        champ = telephone.locator(f"#eligibilite-date_de_naissance-{partie}")
        assert champ.get_attribute("inputmode") == "numeric"


def test_sans_reponse_les_conditions_sont_a_verifier_jamais_remplies(telephone: Any) -> None:
    saisir(telephone, SITUATION_D_EXEMPLE)
    assert estimer(telephone)["echelon"] == "3"
    assert telephone.get_attribute("#resultat", "data-conditions") == "a_verifier"
    liste = telephone.locator("#resultat .carte-echelon .a-verifier")
    assert liste.locator("li[data-condition='age'] a").inner_text() == "Âge"
    # Sous le montant.
    assert telephone.evaluate(
        """() => {
          const montant = document.querySelector('#resultat .carte-echelon .mensuel');
          const liste = document.querySelector('#resultat .carte-echelon .a-verifier');
          return !!(montant.compareDocumentPosition(liste) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )


def test_une_condition_a_verifier_mene_a_sa_question(telephone: Any) -> None:
    saisir(telephone, SITUATION_D_EXEMPLE)
    estimer(telephone)
    liste = telephone.locator("#resultat .carte-echelon .a-verifier")
    # Une question d'une étape : l'étape s'ouvre, le focus va dans la question.
    liste.locator("li[data-condition='nationalite'] a").click()
    assert telephone.get_attribute("#etape-conditions .bascule", "aria-expanded") == "true"
    assert telephone.evaluate("document.activeElement.closest('[data-cle]')?.dataset.cle") == (
        "eligibilite.nationalite"
    )
    # Une question du formulaire principal : le premier de ses champs.
    liste.locator("li[data-condition='age'] a").click()
    assert telephone.evaluate("document.activeElement.id") == "eligibilite-date_de_naissance-jour"
    assert dans_la_vue(telephone, "#eligibilite-date_de_naissance-jour")


def test_le_revenu_du_propre_foyer_est_signale_avant_le_montant(telephone: Any) -> None:
    saisir(telephone, {**SITUATION_D_EXEMPLE, "revenu_brut_global": 9800})
    telephone.check("#ressources-avis_saisi input[value='foyer_etudiant']")
    estimer(telephone)
    carte = telephone.locator("#resultat .carte-echelon")
    revoir = carte.locator(".revenu-a-revoir")
    assert "celui de vos parents" in revoir.inner_text()
    assert revoir.locator("a[href='#etape-revenus']").count() == 1
    assert telephone.evaluate(
        """() => {
          const revoir = document.querySelector('#resultat .revenu-a-revoir');
          return [...document.querySelectorAll('#resultat data[data-champ]')].every(
            (d) => revoir.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert fragment_de(telephone.url)["ressources.avis_saisi"] == "foyer_etudiant"
    telephone.evaluate(
        "() => { for (const r of document.querySelectorAll('#simulateur [type=radio]'))"
        " r.checked = false; }"
    )


# --- 2. Les nombres à la française ---------------------------------------------------------


@pytest.mark.parametrize(
    ("tape", "lu"),
    [("29,5", "29.5"), ("29.5", "29.5"), ("120 km", "120"), ("1 200", "1200")],
)
def test_une_distance_tapee_a_la_francaise_est_lue_telle_quelle(
    telephone: Any, tape: str, lu: str
) -> None:
    saisir(telephone, SITUATION_D_EXEMPLE)
    telephone.fill("#distance_km", tape)
    estimer(telephone)
    assert fragment_de(telephone.url)["distance_km"] == lu
    assert telephone.input_value("#distance_km") == tape, "le champ garde ce qui a été tapé"


def test_29_virgule_5_km_donne_0_point_d_eloignement(telephone: Any) -> None:
    saisir(telephone, SITUATION_D_EXEMPLE)
    telephone.fill("#distance_km", "29,5")
    estimer(telephone)
    assert fragment_de(telephone.url)["distance_km"] == "29.5"
    lignes = [espaces(li) for li in telephone.locator(".points-de-charge li").all_inner_texts()]
    # 0 point (29,5 km, moins de 30) + 2 points (un autre enfant) = 2 points.
    assert "Domicile familial à 29,5 km : moins de 30 km 0 point" in lignes
    assert lignes[-1] == "Total 2 points"


@pytest.mark.parametrize(
    ("champ", "tape", "attendu"),
    [
        ("enfants_a_charge", "1,5", "nombre entier"),
        ("distance_km", "abc", "n'est pas un nombre"),
        ("distance_km", "-3", "négative"),
    ],
)
def test_un_nombre_invraisemblable_est_une_erreur_du_champ(
    telephone: Any, champ: str, tape: str, attendu: str
) -> None:
    saisir(telephone, SITUATION_D_EXEMPLE)
    telephone.fill(f"#{champ}", tape)
    telephone.click("#estimer")
    erreur = telephone.locator(f"#erreur-{champ}")
    erreur.wait_for(state="visible", timeout=ATTENTE)
    assert attendu in erreur.inner_text()
    assert telephone.get_attribute("#resultat", "data-echelon") is None


# --- 3. La progression, le focus et l'annonce ----------------------------------------------

SUIVRE_LA_PROGRESSION = """() => {
  window.__progression = [];
  const noter = () => {
    const zone = document.getElementById('progression');
    const texte = document.getElementById('progression-texte');
    if (!zone || !texte) return;
    const r = zone.getBoundingClientRect();
    window.__progression.push({
      t: performance.now(),
      texte: texte.textContent,
      etat: document.getElementById('etat-calculateur').textContent,
      visible: !zone.hidden && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight,
    });
  };
  new MutationObserver(noter).observe(document, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ['hidden'],
  });
}"""


def test_sous_limitation_la_progression_est_visible_pres_du_bouton(
    nouvel_onglet, serveur: Serveur
) -> None:
    """Réseau « Slow 4G » (150 ms, 1,6 Mbit/s) et processeur 4 fois plus lent, première visite :
    un pourcentage est visible dans la vue moins d'une seconde après « Estimer » ; il monte par
    petits pas (35 points au plus, le premier compris), sans jamais reculer, atteint 100 %
    avant « Calculateur prêt », puis « presque prêt », puis le résultat arrive, titre au
    focus."""
    onglet = nouvel_onglet(**TELEPHONE)
    onglet.set_default_timeout(120_000)
    session = onglet.context.new_cdp_session(onglet)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8,
        },
    )
    session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    onglet.goto(serveur.url(CHEMIN), wait_until="commit")
    onglet.wait_for_selector("#estimer:enabled")
    saisir(onglet, SITUATION_D_EXEMPLE)
    onglet.evaluate(SUIVRE_LA_PROGRESSION)
    assert onglet.get_attribute("#etat-calculateur", "data-genre") != "pret", (
        "calculateur déjà prêt : le test ne vérifie plus la progression"
    )
    onglet.locator("#estimer").tap()
    debut = time.monotonic()
    onglet.wait_for_function(
        """() => {
          const zone = document.getElementById('progression');
          const r = zone.getBoundingClientRect();
          return !zone.hidden && /\\d+\\u202f%/.test(zone.textContent)
            && r.top >= 0 && r.bottom <= innerHeight;
        }""",
        timeout=1_000,
        polling=50,
    )
    assert time.monotonic() - debut < 1.0
    onglet.wait_for_selector("#resultat[data-echelon='3']", timeout=120_000)
    notes = onglet.evaluate("window.__progression")
    textes = [n["texte"] for n in notes if n["visible"]]
    pourcentages = [int(m.group(1)) for t in textes if (m := re.search(r"(\d+)\u202f%", t))]
    assert pourcentages == sorted(pourcentages), "la progression recule"
    assert pourcentages[-1] == 100, textes[-5:]
    pas = [b - a for a, b in zip([0, *pourcentages], pourcentages, strict=False)]
    assert max(pas) <= 35, f"saut de {max(pas)} points : {pourcentages}"
    # 100 % est montré avant que l'état ne dise « Calculateur prêt ».
    cent = next(i for i, n in enumerate(notes) if n["visible"] and "100\u202f%" in n["texte"])
    pret = next((i for i, n in enumerate(notes) if n["etat"].startswith("Calculateur prêt")), None)
    assert pret is None or cent < pret, notes[max(0, cent - 3) : cent + 2]
    suite = textes[textes.index(next(t for t in textes if "100\u202f%" in t)) :]
    assert any("presque prêt" in t for t in suite), textes[-5:]
    # Le résultat arrivé : plus de progression, le focus sur son titre, dans la vue.
    assert onglet.locator("#progression").is_hidden()
    assert onglet.evaluate("document.activeElement.id") == "titre-resultat"
    assert dans_la_vue(onglet, "#titre-resultat")


def test_le_focus_arrive_sur_le_titre_du_resultat_et_une_phrase_courte_est_annoncee(
    telephone: Any,
) -> None:
    saisir(telephone, SITUATION_D_EXEMPLE)
    estimer(telephone)
    assert telephone.evaluate("document.activeElement.id") == "titre-resultat"
    telephone.wait_for_function("() => document.activeElement.getBoundingClientRect().top >= 0")
    assert dans_la_vue(telephone, "#titre-resultat")
    # Le résultat n'est plus une région annoncée (il ferait lire toute la carte) : une phrase.
    assert telephone.get_attribute("#resultat", "aria-live") is None
    annonce = telephone.locator("#annonce")
    assert annonce.get_attribute("aria-live") == "polite"
    telephone.wait_for_function("() => document.getElementById('annonce').textContent !== ''")
    assert espaces(annonce.text_content()).startswith("Échelon 3, 382,80 € par mois")
    assert annonce.bounding_box()["width"] <= 1, "visuellement cachée"


# --- 4. Les liens qui survivent, et le partage ---------------------------------------------


def test_un_lien_tronque_n_estime_rien_et_dit_pourquoi(nouvel_onglet, serveur: Serveur) -> None:
    onglet = nouvel_onglet(**TELEPHONE)
    erreurs: list[str] = []
    onglet.on("pageerror", lambda e: erreurs.append(str(e)))
    ouvrir(onglet, serveur, LIEN_TRONQUE)
    avis = onglet.locator("#avis-lien")
    avis.wait_for(state="visible", timeout=ATTENTE)
    texte = espaces(avis.inner_text())
    assert texte.startswith("Ce lien est incomplet")
    assert "autres enfants à charge" in texte and "Aucune estimation n'a été faite" in texte
    attendre_pret(onglet)
    assert onglet.get_attribute("#resultat", "data-echelon") is None
    # Ce que le lien donne est repris ; ce qui manque reste vide, jamais 0.
    assert onglet.input_value("#revenu_brut_global") == "21988"
    assert onglet.input_value("#enfants_a_charge") == ""
    assert onglet.input_value("#dont_etudiants_superieur") == ""
    assert not erreurs, erreurs


PARTAGE_SIMULE = """(() => {
  window.__partages = [];
  window.__copies = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (texte) => { window.__copies.push(texte); } },
  });
})();"""
"""Le presse-papiers simulé : ce qui y est copié est gardé dans window.__copies."""


@pytest.mark.parametrize("feuille", [True, False], ids=["feuille-de-partage", "sans-feuille"])
def test_partager_ouvre_la_feuille_de_partage_ou_copie_le_lien(
    nouvel_onglet, serveur: Serveur, feuille: bool
) -> None:
    onglet = nouvel_onglet(**TELEPHONE)
    onglet.add_init_script(PARTAGE_SIMULE)
    if feuille:
        onglet.add_init_script(
            "Navigator.prototype.share = async function (donnees) {"
            " window.__partages.push(donnees); };"
        )
    else:
        onglet.add_init_script("delete Navigator.prototype.share;")
    ouvrir(onglet, serveur)
    saisir(onglet, SITUATION_D_EXEMPLE)
    estimer(onglet)
    adresse = onglet.locator("#lien-partage").evaluate("a => a.href")
    onglet.locator("#partager").tap()
    if feuille:
        onglet.wait_for_function("() => window.__partages.length === 1")
        assert onglet.evaluate("window.__partages[0].url") == adresse
        assert onglet.evaluate("window.__copies") == []
    else:
        onglet.wait_for_function("() => window.__copies.length === 1")
        assert onglet.evaluate("window.__copies[0]") == adresse
        assert "Lien copié" in onglet.locator("#retour-partage").inner_text()
    # « Copier le lien » copie toujours.
    onglet.locator("#copier-lien").tap()
    onglet.wait_for_function(f"() => window.__copies.length === {1 if feuille else 2}")
    assert onglet.evaluate("window.__copies.at(-1)") == adresse
    assert fragment_de(adresse) == fragment_de(onglet.url), "le lien est l'adresse de la page"


# --- 5. La suite en un toucher --------------------------------------------------------------

LIENS_OFFICIELS = [
    ("demande-et-calendrier/", "https://messervices.etudiant.gouv.fr/"),
    ("aides-liees/", "https://messervices.etudiant.gouv.fr/"),
    ("", "https://messervices.etudiant.gouv.fr/"),
    ("faq/", "https://lescrous.fr/nos-services/simulateur-de-bourse"),
    ("a-propos/", "https://github.com/projet-echelon/echelon/issues"),
    ("a-propos/", "https://github.com/projet-echelon/echelon"),
]


@pytest.mark.parametrize(
    ("page", "adresse"), LIENS_OFFICIELS, ids=[f"{p or 'accueil'}-{a}" for p, a in LIENS_OFFICIELS]
)
def test_la_suite_nommee_dans_une_page_est_un_lien(
    nouvel_onglet, serveur: Serveur, page: str, adresse: str
) -> None:
    onglet = nouvel_onglet()
    requetes: list[str] = []
    onglet.context.on("request", lambda r: requetes.append(r.url))
    onglet.goto(serveur.url(page))
    assert onglet.locator(f'main a[href="{adresse}"]').count() >= 1
    # Le pied de page de chaque page mène au dépôt.
    assert onglet.locator('footer a[href="https://github.com/projet-echelon/echelon"]').count() == 1
    onglet.wait_for_load_state("networkidle")
    ailleurs = serveur.hors_du_site(requetes)
    assert not ailleurs, "une requête part sans qu'on ait touché un lien :\n" + "\n".join(ailleurs)


def test_le_resultat_mene_au_dossier_social_etudiant(telephone: Any) -> None:
    saisir(telephone, SITUATION_D_EXEMPLE)
    estimer(telephone)
    lien = telephone.locator('#resultat a[href="https://messervices.etudiant.gouv.fr/"]')
    assert lien.inner_text() == "messervices.etudiant.gouv.fr"


# --- 6. Accessibilité du nouveau formulaire et des nouveaux blocs --------------------------


def test_aucune_violation_axe_avec_le_verdict_et_les_questions_qui_decident(
    nouvel_onglet, serveur: Serveur
) -> None:
    onglet = nouvel_onglet(bypass_csp=True, **TELEPHONE)
    problemes: list[str] = []

    def verifier(moment: str) -> None:
        for theme, nom in (("light", "clair"), ("dark", "sombre")):
            onglet.emulate_media(color_scheme=theme)
            violations = violations_axe(onglet)
            if violations:
                problemes.append(f"{moment}, thème {nom} :\n" + rapport_axe(violations))

    ouvrir(onglet, serveur, LIEN_DU_29_ANS)
    onglet.wait_for_selector("#resultat[data-conditions='non remplie']", timeout=ATTENTE)
    verifier("refus et conditions à vérifier")
    saisir(onglet, {**SITUATION_D_EXEMPLE, "revenu_brut_global": 9800})
    onglet.check("#ressources-avis_saisi input[value='foyer_etudiant']")
    estimer(onglet)
    onglet.locator("#resultat .revenu-a-revoir").wait_for()
    verifier("revenu à revoir")
    onglet.fill("#eligibilite-date_de_naissance-jour", "")
    onglet.fill("#distance_km", "abc")
    onglet.click("#estimer")
    onglet.locator("#erreur-eligibilite-date_de_naissance").wait_for(timeout=ATTENTE)
    verifier("erreurs près des questions du formulaire principal")
    onglet.goto(serveur.url(CHEMIN) + LIEN_TRONQUE)
    onglet.locator("#avis-lien").wait_for(state="visible", timeout=ATTENTE)
    verifier("lien incomplet")
    assert not problemes, "\n".join(problemes)


def test_la_progression_sous_le_bouton_est_accessible(nouvel_onglet, serveur: Serveur) -> None:
    """La progression montrée (calculateur retenu : son worker ne démarre pas) : axe n'y trouve
    rien, et la barre est nommée par son texte."""
    onglet = nouvel_onglet(bypass_csp=True, **TELEPHONE)
    onglet.context.route("**/pyodide/**", lambda route: None)  # jamais servi : il attend
    ouvrir(onglet, serveur)
    saisir(onglet, SITUATION_D_EXEMPLE)
    onglet.click("#estimer")
    onglet.locator("#progression").wait_for(state="visible")
    assert onglet.get_attribute("#progression-barre", "aria-labelledby") == "progression-texte"
    violations = violations_axe(onglet)
    assert not violations, rapport_axe(violations)
