"""La typographie française (#19, point 7) : sur chaque page construite et dans chaque réponse du
calculateur que la page affiche, pas de nombre coupé de son unité, pas de ponctuation haute en
début de ligne, l'accord de « point », « enfant »… après 0 et 1, et les coquilles relevées."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given

import calculator
from calculator.format import ESPACE_FINE, ESPACE_INSECABLE, typographie, typographier
from calculator.navigateur import estimer, estimer_saisie, montant_depuis_echelon
from construction.typographie import typographier_le_html
from tests.site_construit import pages_du_site
from tests.test_proprietes_blocs import BAREMES, situations

FAUTES: dict[str, re.Pattern[str]] = {
    "milliers coupés": re.compile(r"(?<![\d,.])\d{1,3} \d{3}(?!\d)"),
    "nombre coupé de son unité": re.compile(
        r"\d (?:€|%|km|points?|mois|ans?|enfants?|mensualités?|échelons?)(?![\w/])"
    ),
    "jour coupé de son mois": re.compile(
        r"\b(?:\d{1,2}|1er) (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre"
        r"|octobre|novembre|décembre)\b"
    ),
    "ponctuation haute sans espace insécable": re.compile(r" [:;!?»]|« "),
    "pluriel après 0 ou 1": re.compile(
        r"(?<![\d,\u202f])[01][ \u00a0](?:points|enfants|ans|échelons|droits)\b"
    ),
    "« à … à … km »": re.compile(r"\bà \d+ à \d+\s*km"),
    "« 1 points de charge »": re.compile(r"«\s?[01]\s?points"),
}
"""Chaque faute cherchée, par son nom ; le texte est lu après le décodage des entités HTML."""


def fautes(texte: str) -> list[str]:
    """Les fautes de typographie d'un texte lu par l'étudiant : « nom : extrait »."""
    trouvees = []
    for nom, motif in FAUTES.items():
        for faute in motif.finditer(texte):
            debut = max(0, faute.start() - 30)
            trouvees.append(f"{nom} : …{texte[debut : faute.end() + 10]!r}…")
    return trouvees


class TexteLu(HTMLParser):
    """Le texte qu'un étudiant lit dans une page : sans scripts, styles ni code."""

    IGNORES = frozenset({"script", "style", "pre", "code", "textarea"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.morceaux: list[str] = []
        self._ignore = 0

    def handle_starttag(self, balise, attributs):
        if balise in self.IGNORES:
            self._ignore += 1

    def handle_endtag(self, balise):
        if balise in self.IGNORES:
            self._ignore -= 1

    def handle_data(self, donnees):
        if not self._ignore:
            self.morceaux.append(donnees)


def texte_lu(document: str) -> str:
    lecteur = TexteLu()
    lecteur.feed(document)
    return "".join(lecteur.morceaux)


@pytest.fixture(scope="module")
def pages(site_construit: Path) -> dict[str, str]:
    return {p.nom: p.fichier.read_text("utf-8") for p in pages_du_site(site_construit)}


def test_aucune_page_n_a_de_faute_de_typographie(pages):
    relevees = {nom: fautes(texte_lu(document)) for nom, document in pages.items()}
    assert not {nom: f for nom, f in relevees.items() if f}


def test_les_nombres_des_pages_sont_bien_lies_a_leur_unite(pages):
    """Le contrôle ci-dessus lit vraiment des nombres : des milliers et des euros insécables."""
    texte = texte_lu(pages["plafonds/"])
    assert re.search(r"\d\u202f\d{3}", texte)
    assert re.search(r"\d\u00a0€", texte)
    assert "\u00a0:" in texte_lu(pages["faq/"])


@pytest.mark.parametrize(
    ("avant", "apres"),
    [
        ("21 988 €", f"21{ESPACE_FINE}988{ESPACE_INSECABLE}€"),
        ("1 234 567", f"1{ESPACE_FINE}234{ESPACE_FINE}567"),
        ("de 30 à 249 km", f"de 30 à 249{ESPACE_INSECABLE}km"),
        ("3 points, 10 mois", f"3{ESPACE_INSECABLE}points, 10{ESPACE_INSECABLE}mois"),
        ("le 1er septembre 2026", f"le 1er{ESPACE_INSECABLE}septembre 2026"),
        ("Que faire : demandez", f"Que faire{ESPACE_INSECABLE}: demandez"),
        ("« oui » ; non ?", f"«{ESPACE_FINE}oui{ESPACE_FINE}»{ESPACE_FINE}; non{ESPACE_FINE}?"),
        # Ce qui n'est pas un nombre coupé reste tel quel.
        ("de 2024 à 2025", "de 2024 à 2025"),
        ("ligne 17", "ligne 17"),
        ("https://exemple.fr/?a=1", "https://exemple.fr/?a=1"),
    ],
)
def test_la_typographie_pose_les_espaces_insecables(avant, apres):
    assert typographie(avant) == apres


def test_le_html_est_typographie_dans_son_texte_seulement():
    document = (
        '<p title="a : b">Revenu : <strong>3</strong> points</p>'
        "<script>x = a ? b : c;</script><code>a ; b</code>"
    )
    assert typographier_le_html(document) == (
        f'<p title="a : b">Revenu{ESPACE_INSECABLE}: <strong>3</strong>{ESPACE_INSECABLE}points'
        "</p><script>x = a ? b : c;</script><code>a ; b</code>"
    )


def textes(objet) -> list[str]:
    """Chaque texte d'une réponse, hors ce que l'étudiant a tapé et le lien de partage."""
    if isinstance(objet, str):
        return [objet]
    if isinstance(objet, list):
        return [t for x in objet for t in textes(x)]
    if isinstance(objet, dict):
        return [t for k, v in objet.items() if k not in ("entree", "fragment") for t in textes(v)]
    return []


def sans_json(valeur) -> str:
    """Une entrée de l'interface JSON : les montants décimaux en nombres JSON."""
    return json.dumps(valeur, default=float)


@given(situations())
def test_chaque_reponse_affichee_par_le_simulateur_est_typographiee(entree):
    reponse = json.loads(estimer(sans_json(entree)))["resultat"]
    relevees = [f for t in textes(reponse) for f in fautes(t)]
    assert not relevees


@pytest.mark.parametrize(
    "saisie",
    [
        {"revenu_brut_global": "21 988", "distance_km": "29,5", "enfants_a_charge": "1"},
        {"revenu_brut_global": "0", "distance_km": "300", "enfants_a_charge": "0"},
        {"revenu_brut_global": "-5", "distance_km": "-2", "enfants_a_charge": "x"},
    ],
)
def test_les_reponses_au_formulaire_sont_typographiees_et_rendent_la_saisie_telle_quelle(saisie):
    saisie = {"annee_universitaire": "2026-2027", "dont_etudiants_superieur": "0", **saisie}
    reponse = json.loads(estimer_saisie(json.dumps({"saisie": saisie, "origine": "formulaire"})))
    assert not [f for t in textes(reponse) for f in fautes(t)]
    if reponse["resultat"]["valide"]:
        assert reponse["resultat"]["entree"]["annee_universitaire"] == "2026-2027"


def test_la_carte_d_un_echelon_connu_est_typographiee():
    demande = {"annee_universitaire": "2026-2027", "echelon": "1", "duree_versement": 12}
    reponse = json.loads(montant_depuis_echelon(json.dumps(demande)))
    assert not [f for t in textes(reponse) for f in fautes(t)]


def test_typographier_laisse_la_saisie_et_le_lien_de_partage():
    reponse = {"entree": {"revenu": "21 988"}, "fragment": "#r=21 988", "raison": "3 points"}
    assert typographier(reponse) == {
        "entree": {"revenu": "21 988"},
        "fragment": "#r=21 988",
        "raison": f"3{ESPACE_INSECABLE}points",
    }


@pytest.mark.parametrize(
    ("champ", "valeur", "attendu"),
    [
        ("distance_km", -2, "ne peut pas être négative"),
        ("enfants_a_charge", -1, "ne peut pas être négatif"),
    ],
)
def test_un_nombre_negatif_est_refuse_avec_l_accord_du_champ(champ, valeur, attendu):
    entree = {
        "annee_universitaire": "2026-2027",
        "revenu_brut_global": 20_000,
        "distance_km": 10,
        "enfants_a_charge": 0,
        "dont_etudiants_superieur": 0,
        champ: valeur,
    }
    valide, sortie = calculator.calculer(entree, BAREMES)
    assert not valide
    (message,) = [e["message"] for e in sortie["erreurs"] if e["champ"] == champ]
    assert attendu in message
