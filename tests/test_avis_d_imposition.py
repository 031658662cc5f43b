"""La page « Où trouver votre revenu sur l'avis d'imposition » (#21, point 1) : le schéma de
l'avis, accessible et sans montant ; la ligne mise en évidence redite en texte ; l'avis nommé
selon la saison.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import build
import calculator
from construction import projet
from construction.graphiques import LIGNE_A_RELEVER, schema_de_l_avis

PAGE = "avis-d-imposition/index.html"


def texte(html: str) -> str:
    """Le texte d'un fragment HTML, espaces ramenées à une seule."""
    sans_balises = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", sans_balises.replace("\u202f", " ").replace("\u00a0", " ")).strip()


class LecteurDuSchema(HTMLParser):
    """Relève du SVG : ses attributs, ses titre et description, chaque texte avec sa classe, et
    les classes de ses formes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.svg: dict[str, str | None] = {}
        self.titre = ""
        self.description = ""
        self.identifiants: dict[str, str] = {}
        self.textes: list[tuple[str, str]] = []
        self.formes: list[str] = []
        self._dans: tuple[str, str] | None = None

    def handle_starttag(self, balise, attributs):
        a = dict(attributs)
        if balise == "svg":
            self.svg = a
        elif balise in ("title", "desc", "text"):
            self._dans = (balise, a.get("class") or "")
            if "id" in a:
                self.identifiants[a["id"]] = balise
        elif balise in ("rect", "path", "line", "polyline"):
            self.formes.append(a.get("class") or "")

    def handle_endtag(self, balise):
        if balise in ("title", "desc", "text"):
            self._dans = None

    def handle_data(self, donnees):
        if self._dans is None:
            return
        balise, classe = self._dans
        if balise == "title":
            self.titre += donnees
        elif balise == "desc":
            self.description += donnees
        else:
            self.textes.append((classe, donnees))


def lire_schema(html: str) -> LecteurDuSchema:
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None, "aucun SVG"
    lecteur = LecteurDuSchema()
    lecteur.feed(svg.group(0))
    return lecteur


@pytest.fixture(scope="module")
def page(site_construit: Path) -> str:
    return (site_construit / PAGE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sites_de_deux_saisons() -> dict[dt.date, dict[str, bytes]]:
    """Le site construit en octobre 2026 (on demande 2026-2027) et en janvier 2027 (2027-2028)."""
    sites = {}
    for jour in (dt.date(2026, 10, 15), dt.date(2027, 1, 20)):
        site, erreurs = build.preparer_site(jour)
        assert erreurs == []
        sites[jour] = site.fichiers
    return sites


def test_le_schema_est_une_image_accessible_avec_titre_et_description(baremes):
    schema = lire_schema(schema_de_l_avis(baremes["2025-2026"]))
    assert schema.svg.get("role") == "img"
    assert schema.titre.strip() and schema.description.strip()
    # aria-labelledby nomme le titre et la description du SVG lui-même.
    noms = (schema.svg.get("aria-labelledby") or "").split()
    assert [schema.identifiants.get(nom) for nom in noms] == ["title", "desc"]


def test_la_ligne_est_mise_en_evidence_par_un_cadre_une_fleche_et_son_nom(baremes):
    schema = lire_schema(schema_de_l_avis(baremes["2025-2026"]))
    assert "avis-evidence" in schema.formes  # le cadre épais
    assert "avis-fleche" in schema.formes and "avis-pointe" in schema.formes  # la flèche
    assert ("avis-etiquette", "à relever") in schema.textes  # son étiquette
    assert ("avis-ligne", LIGNE_A_RELEVER) in schema.textes  # le nom, en gras
    # Le nom de la ligne est aussi dit au lecteur d'écran.
    assert LIGNE_A_RELEVER.lower() in schema.titre.lower()
    assert f"« {LIGNE_A_RELEVER} »" in schema.description


def test_le_cadre_de_la_ligne_n_est_pas_qu_une_couleur(site_construit: Path):
    style = (site_construit / "style.css").read_text(encoding="utf-8")
    regle = re.search(r"\.avis-evidence \{([^}]*)\}", style)
    assert regle is not None
    epaisseur = re.search(r"stroke-width:\s*([0-9.]+)", regle.group(1))
    assert epaisseur is not None and float(epaisseur.group(1)) >= 2
    assert "var(--" in regle.group(1)  # les couleurs du site, en clair comme en sombre


def test_le_schema_n_ecrit_aucune_somme(baremes):
    for annee, bareme in baremes.items():
        schema = lire_schema(schema_de_l_avis(bareme))
        ecrit = " ".join(t for _, t in schema.textes) + schema.titre + schema.description
        assert "€" not in ecrit and "euro" not in ecrit, annee
        revenus = bareme.revenus_pris_en_compte
        annees = {str(revenus.annee_des_revenus), str(revenus.annee_de_l_avis_d_imposition)}
        # Les seuls nombres écrits sont les années de l'avis et de ses revenus.
        assert set(re.findall(r"\d+", ecrit)) <= annees, annee


def test_la_page_redit_en_texte_la_ligne_mise_en_evidence(page):
    assert 'id="schema-avis"' in page
    hors_du_schema = texte(re.sub(r"<svg.*?</svg>", "", page, flags=re.S))
    assert "relevez le montant de la ligne « Revenu brut global »" in hors_du_schema
    assert "La ligne mise en évidence est celle du revenu brut global" in hors_du_schema


def test_la_page_explique_chaque_confusion_avec_sa_source(page):
    for ancre in ("revenu-fiscal-de-reference", "revenu-imposable", "salaire-net", "deficit"):
        section = re.search(rf'<h3 id="{ancre}">(.*?)(?=<h[23] |</main>)', page, re.S)
        assert section is not None, ancre
        assert re.search(r"Sources?\s*:\s*<a href=\"https://", section.group(1)), ancre


def test_l_avis_nomme_suit_la_saison(sites_de_deux_saisons, baremes):
    saisons = {dt.date(2026, 10, 15): "2026-2027", dt.date(2027, 1, 20): "2027-2028"}
    for jour, demandee in saisons.items():
        page = sites_de_deux_saisons[jour][PAGE].decode()
        revenus = baremes[demandee].revenus_pris_en_compte
        avis, annee_des_revenus = revenus.annee_de_l_avis_d_imposition, revenus.annee_des_revenus
        schema = lire_schema(page)
        assert f"Avis d'impôt {avis}" in [t for _, t in schema.textes], jour
        assert f"sur les revenus de {annee_des_revenus}" in [t for _, t in schema.textes], jour
        assert f"Pour {demandee}" in texte(
            page
        ) and f"revenus {annee_des_revenus}, avis d'imposition {avis}" in texte(page), jour
    # Les deux saisons nomment bien deux avis différents.
    assert (
        baremes["2026-2027"].revenus_pris_en_compte.annee_de_l_avis_d_imposition
        != baremes["2027-2028"].revenus_pris_en_compte.annee_de_l_avis_d_imposition
    )


# --- Travailler pendant ses études (#21, point 4) ------------------------------------------


def test_l_exemple_du_job_d_ete_donne_deux_echelons_calcules(page, baremes):
    exemple = re.search(r'<div class="exemple-salaire"([^>]*)>(.*?)</div>', page, re.S)
    assert exemple is not None
    donnees = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', exemple.group(1)))
    sans, avec = int(donnees["revenu-sans"]), int(donnees["revenu-avec"])
    assert avec > sans
    # Les échelons écrits sont ceux que le calculateur rend pour ces revenus.
    for revenu, cle in ((sans, "echelon-sans"), (avec, "echelon-avec")):
        situation = {
            "annee_universitaire": donnees["annee"],
            "revenu_brut_global": revenu,
            "distance_km": 120,
            "enfants_a_charge": 0,
            "dont_etudiants_superieur": 0,
        }
        valide, resultat = calculator.calculer(situation, baremes)
        assert valide, resultat
        assert resultat["echelon"] == donnees[cle], cle
        assert f"échelon {resultat['echelon']}" in texte(exemple.group(2)), cle
    # Le salaire déclaré change l'échelon : c'est ce que l'exemple veut montrer.
    assert donnees["echelon-sans"] != donnees["echelon-avec"]


def test_la_section_travail_cite_l_exoneration_et_ses_limites_avec_leurs_sources(page):
    section = re.search(r'<h2 id="travailler-pendant-ses-etudes">(.*?)</main>', page, re.S)
    assert section is not None
    lu = texte(section.group(1))
    for fait in (
        "article 81, 36°",
        "25 ans au plus au 1er janvier de l'année d'imposition",
        "trois fois le montant mensuel du Smic",
    ):
        assert fait in lu, fait
    for source in (
        "senat.fr/questions/base/2023/qSEQ231008632.html",
        "bofip-archives.impots.gouv.fr/node/359363",
        "efl.fr/actualite/job-etudiant",
        "tf1info.fr",
    ):
        assert re.search(rf'href="https?://[^"]*{re.escape(source)}', section.group(1)), source
    assert '<div class="encadre a-verifier">' in section.group(1)


# --- L'aide du champ « revenu » du simulateur ---------------------------------------------


def test_l_aide_du_revenu_mene_a_la_ligne_sur_la_page_de_l_avis(site_construit: Path, page):
    simulateur = (site_construit / "simulateur/index.html").read_text(encoding="utf-8")
    aide = re.search(r'<p class="aide" id="aide-revenu_brut_global">(.*?)</p>', simulateur, re.S)
    assert aide is not None
    liens = re.findall(r'href="([^"]+)"', aide.group(1))
    # Relatif (le site vit sous un sous-chemin), vers l'ancre de la ligne, qui existe.
    assert "../avis-d-imposition/#la-ligne" in liens
    assert 'id="la-ligne"' in page


def test_le_texte_de_l_aide_du_revenu_n_est_ecrit_qu_une_fois():
    """Une seule source pour l'aide du champ : le gabarit du simulateur."""
    sources = [
        chemin
        for dossier in (projet.DOSSIER_GABARITS, projet.DOSSIER_PAGES)
        for chemin in Path(dossier).rglob("*")
        if chemin.is_file() and 'id="aide-revenu_brut_global"' in chemin.read_text("utf-8")
    ]
    assert [chemin.name for chemin in sources] == ["simulateur.html"]
