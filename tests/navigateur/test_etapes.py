"""Les étapes facultatives du simulateur, dans Chromium : conditions d'attribution, revenus
retenus, 10 ou 12 mois, majoration outre-mer, aides liées, et le montant d'un échelon connu.

Les situations et les réponses attendues viennent des fichiers de cas des blocs facultatifs
(tests/cas_situations/*.yaml) : la situation principale est saisie dans le formulaire, le bloc
dans son étape, et la réponse attendue est lue dans la page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from calculator.format import euros
from calculator.questions import questions_du_formulaire_principal
from calculator.situation import CHAMPS
from construction import projet
from construction.baremes_yaml import charger_baremes, fichiers_de_baremes
from construction.cas import charger_cas_situations

from ..cas_derives import cas_du_montant_connu_provisoire
from .conftest import cibles_trop_petites, onglet_partage
from .test_pages import rapport_axe
from .test_simulateur import (
    ATTENTE,
    CHEMIN,
    SITUATION_D_EXEMPLE,
    attendre_pret,
    demarre,
    espaces,
    estimer,
    ouvrir,
    resultat_affiche,
    saisir,
    violations_axe,
)

if TYPE_CHECKING:
    from .conftest import Serveur

pytestmark = pytest.mark.navigateur

ETAPES = {
    "eligibilite": "conditions",
    "ressources": "revenus",
    "versement": "douze-mois",
    "outre_mer": "outre-mer",
    "aides": "aides",
}
"""Chaque bloc de l'interface JSON et le nom de son étape (#etape-<nom>)."""
MOTIF_CLE = re.compile(r"\b[a-z_]+\.[a-z0-9_]+\b")
QUESTIONS_PRINCIPALES = {q.nom for q in questions_du_formulaire_principal()}
"""Les questions posées dans le formulaire principal, avant « Estimer », et plus dans les
étapes."""


def charger(fichier: str) -> dict[str, dict[str, Any]]:
    """Les cas d'un fichier de tests/cas_situations/, par nom."""
    return {c["nom"]: c for f, c in charger_cas_situations() if f == fichier}


CAS = {bloc: charger(bloc) for bloc in ETAPES}
CAS_MONTANT_CONNU = list(charger("montant_connu").values()) + cas_du_montant_connu_provisoire(
    charger_baremes(fichiers_de_baremes())[0]
)

CAS_CHOISIS = {
    "eligibilite": [
        "Toutes les conditions remplies, bilan rempli",
        "Né le 1er septembre 1997, première demande, 28 ans pile le 1er septembre 2025",
        "28 ans et 6 mois avec 3 mois de service civique, les sources se contredisent",
        "Ressortissant européen qui invoque son intégration, apprécié par le Crous",
        "Titre de séjour sans foyer fiscal en France depuis deux ans",
        "Apprenti, exclu selon une source secondaire",
        "Huitième droit d'un étudiant handicapé, droits supplémentaires non automatiques",
    ],
    "ressources": [
        "Parents qui vivent ensemble, aucune exception, revenus du foyer des parents",
        "Parents séparés, pension non indiquée, deux réponses possibles",
        "Étudiant pacsé entre 90 % du Smic net et 90 % du Smic brut, les sources divergent",
        "Case T sur les deux avis, la règle des parents séparés reprend la main",
        "Baisse durable des revenus de la famille, revenus de 2024 voire de 2025 possibles",
    ],
    "versement": [
        "Famille en outre-mer, études non finies au 1er juillet, douze mensualités",
        "Aucune situation de maintien, dix mensualités",
        "Famille en outre-mer mais études finies au 1er juillet, dix mensualités",
        "Pupille de l'État sans bourse, ni dix ni douze mensualités",
    ],
    "outre_mer": [
        "Boursier à La Réunion, trente euros de plus par mois",
        "Boursier en Polynésie française, portée de la majoration non établie",
        "Boursier qui étudie hors outre-mer, pas de majoration",
    ],
    "aides": [
        "Boursier avec mention très bien, cinq mois à l'étranger et master dans une autre région",
        "Boursier dans un établissement privé habilité, droits d'inscription non exonérés",
        "Douze mois à l'étranger en 2025-2026, au-delà des dix mois prévus, à vérifier",
        "Premier demandeur de 29 ans, aucune aide ni exonération sans la bourse",
    ],
}
DOUZE_MOIS = "Famille en outre-mer, études non finies au 1er juillet, douze mensualités"
PARAMETRES = [(bloc, nom) for bloc, noms in CAS_CHOISIS.items() for nom in noms]


# --- Outils -------------------------------------------------------------------------------


def principale(situation: dict[str, Any]) -> dict[str, Any]:
    """La situation du formulaire principal, sans les blocs facultatifs."""
    return {cle: valeur for cle, valeur in situation.items() if cle in CHAMPS}


def reponses_de(situation: dict[str, Any]) -> dict[str, Any]:
    """Les blocs d'une situation, à plat : {"bloc.cle": valeur}."""
    return {
        f"{bloc}.{cle}": valeur
        for bloc in ETAPES
        for cle, valeur in (situation.get(bloc) or {}).items()
    }


def texte_du_fragment(valeur: Any) -> str:
    """Une réponse telle que le lien de partage l'écrit."""
    if isinstance(valeur, bool):
        return "1" if valeur else "0"
    return str(valeur)


def deplier(onglet: Any, nom: str) -> Any:
    etape = onglet.locator(f"#etape-{nom}")
    bascule = etape.locator(".bascule")
    if bascule.get_attribute("aria-expanded") != "true":
        bascule.click()
    return etape


def remplir_question(etape: Any, cle: str, valeur: Any) -> None:
    q = etape.locator(f'[data-cle="{cle}"]')
    genre = q.get_attribute("data-type")
    if genre == "date":
        annee, mois, jour = str(valeur).split("-")
        for partie, texte in (("jour", jour), ("mois", mois), ("annee", annee)):
            q.locator(f'input[data-partie="{partie}"]').fill(texte)
    elif genre == "booleen":
        q.locator(f'input[value="{1 if valeur else 0}"]').check()
    elif genre == "case":
        q.locator("input").set_checked(bool(valeur))
    elif q.locator("select").count():
        q.locator("select").select_option(str(valeur))
    elif genre == "choix":
        q.locator(f'input[value="{valeur}"]').check()
    else:
        q.locator("input").fill(str(valeur))


def envoyer(onglet: Any, nom: str) -> None:
    """Envoie l'étape et attend sa nouvelle réponse."""
    onglet.evaluate(
        """(nom) => {
          const zone = document.getElementById(`reponse-etape-${nom}`);
          zone.hidden = true;
          delete zone.dataset.statut;
        }""",
        nom,
    )
    onglet.locator(f"#etape-{nom} button[type=submit]").click()
    onglet.wait_for_selector(f"#reponse-etape-{nom}[data-statut]:not([hidden])", timeout=ATTENTE)


def repondre(onglet: Any, nom: str, reponses: dict[str, Any]) -> dict[str, Any]:
    """Répond aux questions du formulaire principal (première demande, date de naissance, avis
    d'imposition) qui sont dans `reponses`, déplie l'étape, répond à ses questions (dans l'ordre
    de la page : une question qui en fait paraître une autre vient avant elle), l'envoie et
    renvoie la réponse affichée."""
    principal = onglet.locator("#simulateur")
    for cle in QUESTIONS_PRINCIPALES & set(reponses):
        remplir_question(principal, cle, reponses[cle])
    etape = deplier(onglet, nom)
    ordre = [q.get_attribute("data-cle") for q in etape.locator("[data-cle]").all()]
    inconnues = set(reponses) - set(ordre) - QUESTIONS_PRINCIPALES
    assert not inconnues, f"questions absentes de l'étape {nom} : {inconnues}"
    for cle in ordre:
        if cle in reponses:
            remplir_question(etape, cle, reponses[cle])
    envoyer(onglet, nom)
    return reponse_affichee(onglet, nom)


REPONSE_AFFICHEE = """(nom) => {
  const zone = document.getElementById(`reponse-etape-${nom}`);
  const statutDe = (el) => el?.querySelector('.statut')?.dataset.statut ?? null;
  const montants = {};
  for (const d of zone.querySelectorAll('data[data-champ]')) {
    montants[d.dataset.champ] = Number(d.value);
  }
  const parCode = (selecteur, attribut) => Object.fromEntries(
    [...zone.querySelectorAll(selecteur)].map((li) => [li.getAttribute(attribut), {
      statut: statutDe(li),
      texte: li.innerText,
      montant_total: li.querySelector('data[data-champ="montant_total"]')
        ? Number(li.querySelector('data[data-champ="montant_total"]').value) : null,
    }]));
  return {
    statut: zone.dataset.statut,
    bilan: statutDe(zone.querySelector('.bilan')),
    texte: zone.innerText,
    montants,
    conditions: parCode('li[data-condition]', 'data-condition'),
    aides: parCode('li[data-aide]', 'data-aide'),
    revenus: zone.querySelector('[data-revenus]')?.dataset.revenus ?? null,
    questions_sans_reponse: zone.querySelectorAll('.questions-sans-reponse a').length,
    focus: document.activeElement === zone,
  };
}"""


def reponse_affichee(onglet: Any, nom: str) -> dict[str, Any]:
    return onglet.evaluate(REPONSE_AFFICHEE, nom)


def reinitialiser(onglet: Any) -> None:
    """« Effacer mes réponses » dans chaque étape, et les questions du formulaire principal
    sans réponse (la prochaine estimation n'en a plus)."""
    onglet.evaluate(
        """() => {
          for (const b of document.querySelectorAll('#etapes [data-effacer]')) b.click();
          for (const el of document.querySelectorAll('#simulateur [data-cle] input')) {
            if (el.type === 'radio') el.checked = false;
            else el.value = '';
          }
        }"""
    )


def contient(texte: str, attendu: str) -> bool:
    return espaces(attendu) in espaces(texte)


def verifier_textes(attendu: dict[str, Any], texte: str, ou: str) -> list[str]:
    """Les clés « …_contient » dont le texte ne nomme pas une clé de l'interface (la page
    remplace « eligibilite.enfants_eleves » par le nom de la question)."""
    ecarts = []
    for cle, valeur in attendu.items():
        lisible = cle.endswith("_contient") and not MOTIF_CLE.search(valeur)
        if lisible and not contient(texte, valeur):
            ecarts.append(f"{ou}.{cle} : {valeur!r} absent de la page")
    return ecarts


def ecarts_du_bloc(bloc: str, attendu: dict[str, Any], page: dict[str, Any]) -> list[str]:
    """Ce que la page affiche, comparé à ce que le cas attend du bloc."""
    ecarts: list[str] = []

    def egal(ou: str, obtenu: Any, voulu: Any) -> None:
        if isinstance(voulu, float) or isinstance(obtenu, float):
            if obtenu is None or abs(obtenu - voulu) > 0.005:
                ecarts.append(f"{ou} : attendu {voulu!r}, affiché {obtenu!r}")
        elif obtenu != voulu:
            ecarts.append(f"{ou} : attendu {voulu!r}, affiché {obtenu!r}")

    if bloc == "eligibilite":
        if "statut" in attendu:
            egal("statut", page["statut"], attendu["statut"])
        for code, condition in attendu.get("conditions", {}).items():
            affichee = page["conditions"].get(code)
            if affichee is None:
                ecarts.append(f"condition {code} absente")
                continue
            if "statut" in condition:
                egal(f"{code}.statut", affichee["statut"], condition["statut"])
            ecarts += verifier_textes(condition, affichee["texte"], code)
    elif bloc == "ressources":
        if "statut" in attendu:
            egal("statut", page["statut"], attendu["statut"])
        if "revenus_retenus" in attendu:
            egal("revenus_retenus", page["revenus"], attendu["revenus_retenus"])
        if "questions_sans_reponse" in attendu:
            egal(
                "questions_sans_reponse",
                page["questions_sans_reponse"],
                len(attendu["questions_sans_reponse"]),
            )
        ecarts += verifier_textes(attendu, page["texte"], "ressources")
    elif bloc == "versement":
        if "duree_mois" in attendu:
            egal("duree_mois", page["statut"], str(attendu["duree_mois"]).replace("None", "null"))
        if attendu.get("duree_mois"):
            if "montant_annuel_applicable" in attendu:
                egal(
                    "montant_annuel_applicable",
                    page["montants"].get("versement_annuel"),
                    attendu["montant_annuel_applicable"],
                )
            if "montant_mensuel_applicable" in attendu:
                egal(
                    "montant_mensuel_applicable",
                    page["montants"].get("versement_mensuel"),
                    float(attendu["montant_mensuel_applicable"]),
                )
        ecarts += verifier_textes(attendu, page["texte"], "versement")
    elif bloc == "outre_mer":
        if "applicable" in attendu:
            egal(
                "applicable",
                page["statut"],
                {True: "true", False: "false", None: "null"}[attendu["applicable"]],
            )
        if "montant_mensuel_majore" in attendu:
            voulu = attendu["montant_mensuel_majore"]
            obtenu = page["montants"].get("montant_mensuel_majore")
            egal("montant_mensuel_majore", obtenu, None if voulu is None else float(voulu))
        ecarts += verifier_textes(attendu, page["texte"], "outre_mer")
    elif bloc == "aides":
        for code, aide in attendu.items():
            affichee = page["aides"].get(code)
            if affichee is None:
                ecarts.append(f"aide {code} absente")
                continue
            if "statut" in aide:
                egal(f"{code}.statut", affichee["statut"], aide["statut"])
            if "montant_total" in aide:
                egal(f"{code}.montant_total", affichee["montant_total"], aide["montant_total"])
            ecarts += verifier_textes(aide, affichee["texte"], code)
    return ecarts


def fragment_de(adresse: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(adresse).fragment))


@pytest.fixture(scope="module")
def onglet(navigateur: Any, serveur: Serveur) -> Iterator[Any]:
    """Un onglet du simulateur, calculateur prêt, partagé par les tests du module."""
    yield from onglet_partage(navigateur, lambda page: demarre(page, serveur))


def partir_de(onglet: Any, situation: dict[str, Any]) -> dict[str, Any]:
    """Aucune étape répondue, la situation saisie et estimée."""
    reinitialiser(onglet)
    saisir(onglet, principale(situation))
    return estimer(onglet)


# --- 1. Le chemin principal ne change pas ------------------------------------------------


def test_les_etapes_viennent_apres_une_premiere_estimation(nouvel_onglet, serveur: Serveur):
    page = nouvel_onglet()
    ouvrir(page, serveur)
    attendre_pret(page)
    assert page.locator("#etapes").is_hidden(), "rien de facultatif avant l'estimation"
    # Le formulaire de l'échelon connu, lui, est toujours là, sous le simulateur.
    assert page.locator("#formulaire-echelon").is_visible()
    saisir(page, SITUATION_D_EXEMPLE)
    assert estimer(page)["echelon"] == "3"
    assert page.locator("#etapes").is_visible()
    assert page.locator("#etapes-sans-estimation").is_hidden()
    for nom in ETAPES.values():
        bascule = page.locator(f"#etape-{nom} .bascule")
        assert bascule.is_visible()
        assert bascule.get_attribute("aria-expanded") == "false", nom
        assert page.locator(f"#corps-etape-{nom}").is_hidden(), nom
    # L'estimation n'a rien envoyé d'autre que la situation : le lien ne porte aucune réponse.
    adresse = page.locator("#lien-partage").evaluate("a => a.href")
    assert not any("." in cle for cle in fragment_de(adresse))


# --- 2. Chaque étape, pour des cas des fichiers ------------------------------------------


@pytest.mark.parametrize(("bloc", "nom"), PARAMETRES, ids=[f"{b}-{n}" for b, n in PARAMETRES])
def test_une_etape_donne_la_reponse_du_cas(onglet: Any, bloc: str, nom: str) -> None:
    cas = CAS[bloc][nom]
    situation, attendu = cas["situation"], cas["attendu"]
    obtenu = partir_de(onglet, situation)
    if "echelon" in attendu:
        assert obtenu["echelon"] == (attendu["echelon"] or "aucun")
    reponses = reponses_de(situation)
    # Les aides lisent les conditions d'attribution (une aide suppose la bourse) : l'étape des
    # conditions est répondue d'abord ; l'étape des aides demande aussi le type d'établissement.
    if bloc == "aides" and situation.get("eligibilite"):
        conditions = {c: v for c, v in reponses.items() if c.startswith("eligibilite.")}
        conditions = {c: v for c, v in conditions.items() if v is not None}
        repondre(onglet, ETAPES["eligibilite"], conditions)
        reponses = {
            c: v
            for c, v in reponses.items()
            if not c.startswith("eligibilite.") or c == "eligibilite.etablissement"
        }
    page = repondre(onglet, ETAPES[bloc], reponses)
    assert page["focus"], "la réponse prend le focus"
    assert ecarts_du_bloc(bloc, attendu[bloc], page) == []
    # Les réponses envoyées sont exactement celles du cas (les cases décochées disent « non »).
    envoye = fragment_de(onglet.url)
    for cle, valeur in reponses.items():
        assert envoye.get(cle) == texte_du_fragment(valeur), cle
    assert onglet.locator("#lien-partage").evaluate("a => a.href") == onglet.url


def test_une_etape_sans_reponse_dit_a_verifier_et_mene_a_la_question(onglet: Any) -> None:
    partir_de(onglet, SITUATION_D_EXEMPLE)
    page = repondre(onglet, "conditions", {"eligibilite.nationalite": "francaise"})
    assert page["statut"] == "a_verifier"
    assert page["conditions"]["nationalite"]["statut"] == "remplie"
    assert page["conditions"]["age"]["statut"] == "a_verifier"
    assert "eligibilite." not in page["texte"], "les clés de l'interface deviennent des questions"
    lien = onglet.locator(
        '#reponse-etape-conditions li[data-condition="age"] '
        'a[href="#eligibilite-date_de_naissance"]'
    )
    assert lien.inner_text() == "«\u202fDate de naissance\u202f»"
    lien.click()
    # La date de naissance est posée dans le formulaire principal : son premier champ, le jour.
    assert onglet.evaluate("document.activeElement.id") == "eligibilite-date_de_naissance-jour"
    # Chaque condition cite ses sources en liens, et dit sa certitude en mots.
    age = onglet.locator('#reponse-etape-conditions li[data-condition="age"]')
    assert age.locator(".source a[href^='https://']").count() >= 1
    assert "Certitude\u00a0:" in age.inner_text()
    statut = age.locator(".statut")
    assert statut.inner_text().strip().endswith("à vérifier"), "le statut en mots"


def test_une_erreur_d_etape_s_affiche_pres_de_sa_question(onglet: Any) -> None:
    partir_de(onglet, SITUATION_D_EXEMPLE)
    etape = deplier(onglet, "conditions")
    remplir_question(etape, "eligibilite.enfants_eleves", 50)
    onglet.locator("#etape-conditions button[type=submit]").click()
    erreur = onglet.locator("#erreur-eligibilite-enfants_eleves")
    erreur.wait_for(state="visible", timeout=ATTENTE)
    texte = erreur.inner_text()
    assert "50" in texte and "enfants que vous élevez" in texte
    assert "eligibilite." not in texte, "le nom de la question, pas la clé de l'interface"
    champ = onglet.locator("#eligibilite-enfants_eleves")
    assert champ.get_attribute("aria-invalid") == "true"
    assert "erreur-eligibilite-enfants_eleves" in champ.get_attribute("aria-describedby").split()
    resume = onglet.locator("#etape-conditions .erreurs-etape .resume-erreurs")
    assert onglet.evaluate(
        "document.activeElement === document.querySelector('#etape-conditions .resume-erreurs')"
    )
    resume.locator("a").first.click()
    assert onglet.evaluate("document.activeElement.id") == "eligibilite-enfants_eleves"
    # Le résultat principal reste affiché ; la réponse de l'étape n'est pas donnée.
    assert onglet.get_attribute("#resultat", "data-echelon") == "3"
    assert onglet.locator("#reponse-etape-conditions").is_hidden()
    # Corrigée, l'étape répond.
    champ.fill("0")
    envoyer(onglet, "conditions")
    assert erreur.is_hidden()
    assert champ.get_attribute("aria-invalid") is None


def test_une_date_invraisemblable_est_une_erreur_pres_de_sa_question(onglet: Any) -> None:
    partir_de(onglet, SITUATION_D_EXEMPLE)
    principal = onglet.locator("#simulateur")
    remplir_question(principal, "eligibilite.date_de_naissance", "2030-01-01")  # après la rentrée
    onglet.click("#estimer")
    erreur = onglet.locator("#erreur-eligibilite-date_de_naissance")
    erreur.wait_for(state="visible", timeout=ATTENTE)
    assert "invraisemblable" in erreur.inner_text()
    assert onglet.get_attribute("#resultat", "data-echelon") is None, "aucune estimation"
    resume = onglet.locator("#erreurs .resume-erreurs")
    resume.locator("a[href='#eligibilite-date_de_naissance']").click()
    assert onglet.evaluate("document.activeElement.id") == "eligibilite-date_de_naissance-jour"
    # Une date incomplète aussi, dite près de ses trois champs.
    onglet.fill("#eligibilite-date_de_naissance-jour", "")
    onglet.click("#estimer")
    onglet.wait_for_function(
        "() => !document.getElementById('erreur-eligibilite-date_de_naissance').hidden"
        " && document.getElementById('erreur-eligibilite-date_de_naissance')"
        ".textContent.includes('Date incomplète')"
    )
    assert onglet.get_attribute("#eligibilite-date_de_naissance-annee", "aria-invalid") == "true"
    reinitialiser(onglet)


# --- 3. 10 ou 12 mois : le montant qui s'applique -----------------------------------------


def test_l_etape_douze_mois_change_le_montant_qui_s_applique(onglet: Any) -> None:
    douze = CAS["versement"][DOUZE_MOIS]
    dix = CAS["versement"]["Aucune situation de maintien, dix mensualités"]
    avant = partir_de(onglet, douze["situation"])
    assert "montant_mensuel_applicable" not in avant["montants"]
    assert "pendant 10 mois" in espaces(avant["carte"])

    repondre(onglet, "douze-mois", reponses_de(douze["situation"]))
    apres = resultat_affiche(onglet)
    attendu = douze["attendu"]["versement"]
    mensuel = apres["montants"]["montant_mensuel_applicable"]
    annuel = apres["montants"]["montant_annuel_applicable"]
    assert mensuel["valeur"] == pytest.approx(attendu["montant_mensuel_applicable"], abs=0.005)
    assert annuel["valeur"] == attendu["montant_annuel_applicable"]
    assert espaces(mensuel["texte"]) == espaces(euros(attendu["montant_mensuel_applicable"], 2))
    assert espaces(annuel["texte"]) == espaces(euros(attendu["montant_annuel_applicable"]))
    carte = espaces(apres["carte"])
    assert "par mois, pendant 12 mois" in carte
    assert "C'est le montant qui s'applique" in carte
    assert espaces(attendu["raison_contient"]) in carte, "et pourquoi"
    # Le montant sur 10 mois reste dit, comme celui qui ne s'applique pas.
    assert apres["montants"]["montant_annuel"]["valeur"] == douze["attendu"]["montant_annuel"]
    assert "Sans le maintien pendant l'été" in carte
    assert onglet.get_attribute("#resultat .carte-echelon", "data-duree") == "12"

    repondre(onglet, "douze-mois", reponses_de(dix["situation"]))
    retour = resultat_affiche(onglet)
    assert "montant_mensuel_applicable" not in retour["montants"]
    assert (
        retour["montants"]["montant_annuel"]["valeur"]
        == dix["attendu"]["versement"]["montant_annuel_applicable"]
    )
    assert "pendant 10 mois" in espaces(retour["carte"])
    assert "10 mensualités" in espaces(retour["carte"])
    assert onglet.get_attribute("#resultat .carte-echelon", "data-duree") == "10"


def test_une_nouvelle_estimation_garde_les_etapes_repondues(onglet: Any) -> None:
    douze = CAS["versement"][DOUZE_MOIS]
    partir_de(onglet, douze["situation"])
    repondre(onglet, "douze-mois", reponses_de(douze["situation"]))
    # Un autre revenu : autre échelon, et toujours 12 mensualités, au nouveau montant.
    saisir(onglet, {**principale(douze["situation"]), "revenu_brut_global": 5000})
    obtenu = estimer(onglet)
    assert obtenu["echelon"] == "6"
    assert "montant_mensuel_applicable" in obtenu["montants"]
    assert onglet.get_attribute("#reponse-etape-douze-mois", "data-statut") == "12"
    assert "l'échelon 6" in onglet.locator("#reponse-etape-douze-mois").inner_text()


# --- 4. Le lien de partage porte les réponses --------------------------------------------


def test_le_lien_de_partage_refait_les_etapes_ailleurs(
    onglet: Any, nouvel_onglet, serveur: Serveur
) -> None:
    cas = CAS["outre_mer"][
        "Boursier à Mayotte avec le maintien l'été, la majoration s'ajoute à la mensualité sur "
        "douze mois"
    ]
    situation, attendu = cas["situation"], cas["attendu"]
    partir_de(onglet, situation)
    reponses = reponses_de(situation)
    repondre(onglet, "douze-mois", {k: v for k, v in reponses.items() if k.startswith("versement")})
    repondre(onglet, "outre-mer", {k: v for k, v in reponses.items() if k.startswith("outre_mer")})
    avant = resultat_affiche(onglet)
    majore = attendu["outre_mer"]["montant_mensuel_majore"]
    assert avant["montants"]["montant_mensuel_majore"]["valeur"] == pytest.approx(majore)

    adresse = onglet.locator("#lien-partage").evaluate("a => a.href")
    fragment = fragment_de(adresse)
    assert urlsplit(adresse).query == ""
    for cle, valeur in principale(situation).items():
        assert fragment[cle] == texte_du_fragment(valeur), "les clés d'avant ne changent pas"
    for cle, valeur in reponses.items():
        assert fragment[cle] == texte_du_fragment(valeur)

    autre = nouvel_onglet()
    erreurs: list[str] = []
    autre.on("pageerror", lambda e: erreurs.append(str(e)))
    autre.goto(adresse)
    autre.wait_for_selector("#reponse-etape-outre-mer[data-statut]", timeout=ATTENTE)
    apres = resultat_affiche(autre)
    assert apres["montants"] == avant["montants"]
    assert autre.get_attribute("#reponse-etape-douze-mois", "data-statut") == "12"
    assert autre.get_attribute("#reponse-etape-outre-mer", "data-statut") == "true"
    assert autre.is_checked("#versement-situation_maintien input[value=famille_outre_mer]")
    assert autre.input_value("#outre_mer-lieu_des_etudes") == "mayotte"
    assert not erreurs, erreurs


def test_une_reponse_illisible_dans_le_lien_n_estime_rien(nouvel_onglet, serveur: Serveur) -> None:
    page = nouvel_onglet()
    ouvrir(
        page,
        serveur,
        "#revenu_brut_global=21988&distance_km=40&enfants_a_charge=1&dont_etudiants_superieur=0"
        "&versement.situation_maintien=peut-etre",
    )
    avis = page.locator("#avis-lien")
    avis.wait_for(state="visible", timeout=ATTENTE)
    assert "n'a pas pu être lu" in avis.inner_text()
    assert page.get_attribute("#resultat", "data-echelon") is None
    # Ce qui ne va pas est dit près de la question, dans son étape dépliée.
    erreur = page.locator("#erreur-versement-situation_maintien")
    erreur.wait_for(state="visible")
    assert "peut-etre" in erreur.inner_text()


# --- 5. Le montant d'un échelon connu -----------------------------------------------------
# Le même formulaire sur le simulateur (réponse du worker Python) et sur la page des montants
# (réponses du calculateur calculées à la construction) : les mêmes cas, le même affichage.


@pytest.fixture(scope="module")
def onglet_montants(navigateur: Any, serveur: Serveur) -> Iterator[Any]:
    """Un onglet de la page des montants, formulaire activé, partagé par les tests du module."""

    def aller(page: Any) -> None:
        page.goto(serveur.url("montants/"))
        page.wait_for_selector("#formulaire-echelon button[type=submit]:enabled")

    yield from onglet_partage(navigateur, aller)


PAGES_DU_MONTANT_CONNU = {"simulateur": "onglet", "montants": "onglet_montants"}


@pytest.mark.parametrize("page", PAGES_DU_MONTANT_CONNU)
@pytest.mark.parametrize("cas", CAS_MONTANT_CONNU, ids=[c["nom"] for c in CAS_MONTANT_CONNU])
def test_le_montant_d_un_echelon_connu(request, page: str, cas: dict[str, Any]) -> None:
    onglet = request.getfixturevalue(PAGES_DU_MONTANT_CONNU[page])
    entree, attendu = cas["situation"], cas["attendu"]
    echelon = re.sub(r"\s+", "", str(entree["echelon"])).lower()
    onglet.select_option("#echelon-annee", entree["annee_universitaire"])
    onglet.select_option("#echelon-echelon", echelon)
    onglet.check(f'#formulaire-echelon input[value="{entree["duree_versement"]}"]')
    onglet.evaluate("document.getElementById('montant-connu').replaceChildren()")
    onglet.click("#formulaire-echelon button[type=submit]")
    carte = onglet.locator(
        f'#montant-connu .carte-echelon[data-annee="{entree["annee_universitaire"]}"]'
        f'[data-echelon="{echelon}"][data-duree="{entree["duree_versement"]}"]'
    )
    carte.wait_for(timeout=ATTENTE)
    lus = carte.evaluate(
        """(c) => Object.fromEntries([...c.querySelectorAll('data[data-champ]')]
             .map((d) => [d.dataset.champ, {valeur: Number(d.value), texte: d.textContent}]))"""
    )
    assert lus["montant_annuel"]["valeur"] == attendu["montant_annuel"]
    assert lus["montant_mensuel"]["valeur"] == pytest.approx(attendu["montant_mensuel"], abs=0.005)
    assert espaces(lus["montant_annuel"]["texte"]) == espaces(euros(attendu["montant_annuel"]))
    mensuel = attendu["montant_mensuel"]
    decimales = 0 if float(mensuel).is_integer() else 2
    assert espaces(lus["montant_mensuel"]["texte"]) == espaces(euros(mensuel, decimales))
    texte = espaces(carte.inner_text())
    assert f"pendant {entree['duree_versement']} mois" in texte
    if "raison_contient" in attendu:
        assert espaces(attendu["raison_contient"]) in texte
    for avertissement in attendu.get("avertissements") or []:
        assert carte.locator(f'li[data-code="{avertissement["code"]}"]').count() == 1
    if attendu.get("statut_bareme") == "provisoire":
        assert carte.locator('li[data-code="bareme_provisoire"]').count() == 1


@pytest.mark.parametrize("page", PAGES_DU_MONTANT_CONNU)
def test_le_montant_d_un_echelon_connu_demande_l_echelon(request, page: str) -> None:
    onglet = request.getfixturevalue(PAGES_DU_MONTANT_CONNU[page])
    onglet.evaluate("document.getElementById('montant-connu').replaceChildren()")
    onglet.select_option("#echelon-echelon", "")
    onglet.click("#formulaire-echelon button[type=submit]")
    erreur = onglet.locator("#erreur-echelon-echelon")
    erreur.wait_for(state="visible")
    assert "Choisissez l'échelon" in erreur.inner_text()
    assert onglet.get_attribute("#echelon-echelon", "aria-invalid") == "true"
    assert onglet.evaluate(
        "document.activeElement === document.querySelector('#formulaire-echelon .resume-erreurs')"
    )
    assert onglet.locator("#montant-connu").inner_text().strip() == ""


def test_la_page_des_montants_repond_sans_worker_ni_requete(nouvel_onglet, serveur: Serveur):
    page = nouvel_onglet(bypass_csp=True)
    requetes: list[str] = []
    page.on("request", lambda r: requetes.append(r.url))
    page.goto(serveur.url("montants/"))
    page.wait_for_selector("#formulaire-echelon button[type=submit]:enabled")
    assert page.locator("#depuis-echelon-sans-js").is_hidden()
    page.wait_for_load_state("networkidle")
    avant = len(requetes)
    page.select_option("#echelon-annee", "2023-2024")
    page.select_option("#echelon-echelon", "7")
    page.check('#formulaire-echelon input[value="12"]')
    page.click("#formulaire-echelon button[type=submit]")
    carte = page.locator('#montant-connu .carte-echelon[data-echelon="7"][data-duree="12"]')
    carte.wait_for()
    assert requetes[avant:] == [], "le formulaire a fait une requête"
    assert not [u for u in requetes if "pyodide" in u or "worker" in u]
    for theme in ("light", "dark"):
        page.emulate_media(color_scheme=theme)
        violations = violations_axe(page)
        assert not violations, rapport_axe(violations)


def test_sans_javascript_la_page_des_montants_mene_au_tableau(nouvel_onglet, serveur: Serveur):
    page = nouvel_onglet(java_script_enabled=False)
    page.goto(serveur.url("montants/"))
    assert page.locator("#formulaire-echelon").is_hidden()
    lien = page.locator("#depuis-echelon-sans-js a")
    assert lien.is_visible()
    cible = lien.get_attribute("href").split("#", 1)[1]
    assert page.locator(f"#{cible}").count() == 1


# --- 6. Les liens des autres pages mènent à l'étape ----------------------------------------

LIENS = [
    ("faq/", "etape-revenus"),
    ("faq/", "etape-douze-mois"),
    ("faq/", "etape-conditions"),
    ("faq/", "etape-aides"),
    ("faq/", "depuis-echelon"),
    ("conditions/", "etape-conditions"),
    ("conditions/", "etape-revenus"),
    ("montants/", "etape-douze-mois"),
    ("montants/", "etape-outre-mer"),
]


@pytest.mark.parametrize(("depart", "cible"), LIENS, ids=[f"{d}#{c}" for d, c in LIENS])
def test_un_lien_d_une_page_mene_a_l_etape(nouvel_onglet, serveur: Serveur, depart, cible):
    page = nouvel_onglet(viewport={"width": 360, "height": 740})
    erreurs: list[str] = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.goto(serveur.url(depart))
    lien = page.locator(f'main a[href$="simulateur/#{cible}"]').first
    lien.click()
    page.wait_for_url(f"**/{CHEMIN}#{cible}")
    if cible.startswith("etape-"):
        page.wait_for_selector(f"#{cible} .bascule[aria-expanded=true]")
        assert page.locator(f"#corps-{cible}").is_visible()
        # Pas encore d'estimation : l'étape le dit, et mène au formulaire.
        assert page.locator("#etapes-sans-estimation").is_visible()
    else:
        page.wait_for_selector("#formulaire-echelon button[type=submit]:enabled")
    page.wait_for_function(
        """(id) => {
          const r = document.getElementById(id).getBoundingClientRect();
          return r.top >= -2 && r.top < innerHeight / 2;
        }""",
        arg=cible,
    )
    assert not erreurs, erreurs


def test_une_etape_repondue_avant_l_estimation_la_lance(nouvel_onglet, serveur: Serveur) -> None:
    page = nouvel_onglet()
    ouvrir(page, serveur, "#etape-douze-mois")
    attendre_pret(page)
    page.wait_for_selector("#etape-douze-mois .bascule[aria-expanded=true]")
    # Sans situation : les erreurs du formulaire principal, pas de réponse.
    page.check("#versement-situation_maintien input[value=aucune]")
    page.click("#etape-douze-mois button[type=submit]")
    page.locator("#erreurs .resume-erreurs").wait_for()
    assert page.locator("#reponse-etape-douze-mois").is_hidden()
    # Avec la situation : l'estimation, et la réponse de l'étape.
    saisir(page, SITUATION_D_EXEMPLE)
    envoyer(page, "douze-mois")
    assert page.get_attribute("#resultat", "data-echelon") == "3"
    assert page.get_attribute("#reponse-etape-douze-mois", "data-statut") == "10"
    assert page.locator("#etapes-sans-estimation").is_hidden()
    assert "versement.situation_maintien=aucune" in page.url


# --- 7. Rien ne part ailleurs, accessibilité, téléphone ----------------------------------

REPONSES_DE_CHAQUE_ETAPE = {
    "conditions": reponses_de(
        CAS["eligibilite"]["Toutes les conditions remplies, bilan rempli"]["situation"]
    ),
    "revenus": reponses_de(
        CAS["ressources"][
            "Étudiant pacsé entre 90 % du Smic net et 90 % du Smic brut, les sources divergent"
        ]["situation"]
    ),
    "douze-mois": reponses_de(
        CAS["versement"][
            "Famille en outre-mer, études non finies au 1er juillet, douze mensualités"
        ]["situation"]
    ),
    "outre-mer": reponses_de(
        CAS["outre_mer"]["Boursier en Polynésie française, portée de la majoration non établie"][
            "situation"
        ]
    ),
    "aides": {
        cle: valeur
        for cle, valeur in reponses_de(
            CAS["aides"][
                "Boursier avec mention très bien, cinq mois à l'étranger et master dans une autre "
                "région"
            ]["situation"]
        ).items()
        if not cle.startswith("eligibilite.")  # déjà répondu à l'étape des conditions
    },
}


def repondre_a_tout(page: Any) -> None:
    for nom, reponses in REPONSES_DE_CHAQUE_ETAPE.items():
        repondre(page, nom, reponses)
    page.select_option("#echelon-echelon", "4")
    page.check('#formulaire-echelon input[value="12"]')
    page.click("#formulaire-echelon button[type=submit]")
    page.wait_for_selector("#montant-connu .carte-echelon")


def test_aucune_requete_vers_un_autre_site_avec_les_etapes(nouvel_onglet, serveur: Serveur):
    page = nouvel_onglet()
    requetes: list[str] = []
    page.context.on("request", lambda r: requetes.append(r.url))
    ouvrir(page, serveur)
    saisir(page, SITUATION_D_EXEMPLE)
    estimer(page)
    repondre_a_tout(page)
    page.wait_for_load_state("networkidle")
    ailleurs = serveur.hors_du_site(requetes)
    assert not ailleurs, "requêtes vers un autre site :\n" + "\n".join(ailleurs)
    reponses = [u for u in requetes if "situation_maintien" in u or "famille_outre_mer" in u]
    assert not reponses, "une réponse est partie dans une requête :\n" + "\n".join(reponses)


def test_aucune_violation_axe_avec_chaque_etape_ouverte_et_repondue(
    nouvel_onglet, serveur: Serveur
) -> None:
    page = nouvel_onglet(bypass_csp=True)
    problemes: list[str] = []

    def verifier(moment: str) -> None:
        for theme, nom in (("light", "clair"), ("dark", "sombre")):
            page.emulate_media(color_scheme=theme)
            violations = violations_axe(page)
            if violations:
                problemes.append(f"{moment}, thème {nom} :\n" + rapport_axe(violations))

    ouvrir(page, serveur, "#etape-aides")
    attendre_pret(page)
    page.wait_for_selector("#etape-aides .bascule[aria-expanded=true]")
    verifier("étape ouverte avant l'estimation")

    saisir(page, SITUATION_D_EXEMPLE)
    estimer(page)
    repondre_a_tout(page)
    for nom in ETAPES.values():
        assert page.get_attribute(f"#etape-{nom} .bascule", "aria-expanded") == "true"
        assert page.locator(f"#reponse-etape-{nom}").is_visible()
    verifier("chaque étape ouverte et répondue")

    remplir_question(page.locator("#etape-conditions"), "eligibilite.enfants_eleves", 50)
    page.click("#etape-conditions button[type=submit]")
    page.locator("#erreur-eligibilite-enfants_eleves").wait_for(timeout=ATTENTE)
    page.select_option("#echelon-echelon", "")
    page.click("#formulaire-echelon button[type=submit]")
    page.locator("#erreur-echelon-echelon").wait_for()
    verifier("avec des erreurs")
    assert not problemes, "\n".join(problemes)


def test_cibles_tactiles_et_largeur_sur_telephone(nouvel_onglet, serveur: Serveur) -> None:
    page = nouvel_onglet(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    ouvrir(page, serveur)
    attendre_pret(page)
    saisir(page, SITUATION_D_EXEMPLE)
    estimer(page)
    for nom in ETAPES.values():
        deplier(page, nom)
    page.check("#ressources-etudiant_marie_ou_pacse")  # fait paraître ses questions
    petits = cibles_trop_petites(
        page,
        "#etapes input, #etapes select, #etapes button, #formulaire-echelon input, "
        "#formulaire-echelon select, #formulaire-echelon button",
    )
    assert not petits, petits
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_aucun_chiffre_du_bareme_n_est_ecrit_dans_le_module_des_etapes() -> None:
    module = (projet.DOSSIER_STATIQUE / "js" / "etapes.mjs").read_text(encoding="utf-8")
    for nombre in ("22716", "3828", "4594", "35086", "250", "3500", "13000", "30", "400", "900"):
        assert not re.search(rf"\b{nombre}\b", module), nombre
