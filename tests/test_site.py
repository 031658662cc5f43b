"""La construction du site : tout vérifier d'abord, puis écrire un public/ complet et stable."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

import build
from construction import pages, projet
from construction.saison import contexte_de_la_saison
from construction.site import verifier_poids

JOUR_DE_CONSTRUCTION = dt.date.today()


@pytest.fixture(scope="module")
def site(site_construit: Path) -> Path:
    """Le site de la session (tests/conftest.py), construit aujourd'hui."""
    return site_construit


class Lecteur(HTMLParser):
    """Relève ce qu'il faut d'une page : liens, ressources, identifiants, titres, tableaux."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.liens: list[str] = []
        self.ressources: list[str] = []
        self.identifiants: set[str] = set()
        self.h1 = 0
        self.lang = None
        self.titre = ""
        self.description = None
        self._dans_titre = False
        self.tableaux: dict[tuple[str, str], list[list[str]]] = {}
        self._tableau: tuple[str, str] | None = None
        self._cellule: list[str] | None = None

    def handle_starttag(self, balise, attributs):
        a = dict(attributs)
        if "id" in a:
            self.identifiants.add(a["id"])
        if balise == "html":
            self.lang = a.get("lang")
        if balise == "h1":
            self.h1 += 1
        if balise == "title":
            self._dans_titre = True
        if balise == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        if balise == "a" and "href" in a:
            self.liens.append(a["href"])
        if balise in ("script", "img", "iframe", "source") and "src" in a:
            self.ressources.append(a["src"])
        if balise == "link" and "href" in a and a.get("rel") != "canonical":
            self.ressources.append(a["href"])
        if balise == "table" and a.get("class") in ("plafonds", "montants"):
            self._tableau = (a["class"], a["data-annee"])
            self.tableaux[self._tableau] = []
        if self._tableau and balise == "tr":
            self.tableaux[self._tableau].append([])
        if self._tableau and balise in ("td", "th"):
            self._cellule = []

    def handle_endtag(self, balise):
        if balise == "title":
            self._dans_titre = False
        if balise == "table":
            self._tableau = None
        if self._tableau and balise in ("td", "th") and self._cellule is not None:
            self.tableaux[self._tableau][-1].append("".join(self._cellule).strip())
            self._cellule = None

    def handle_data(self, donnees):
        if self._dans_titre:
            self.titre += donnees
        if self._cellule is not None:
            self._cellule.append(donnees)


def lire(chemin: Path) -> Lecteur:
    lecteur = Lecteur()
    lecteur.feed(chemin.read_text(encoding="utf-8"))
    return lecteur


def pages_de(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_chaque_page_attendue_existe(site):
    for adresse in (
        "index.html",
        "simulateur/index.html",
        "conditions/index.html",
        "montants/index.html",
        "plafonds/index.html",
        "points-de-charge/index.html",
        "demande-et-calendrier/index.html",
        "droits-et-progression/index.html",
        "recours/index.html",
        "aides-liees/index.html",
        "faq/index.html",
        "avis-d-imposition/index.html",
        "sources/index.html",
        "a-propos/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "favicon.svg",
        "manifest.webmanifest",
        "style.css",
    ):
        assert (site / adresse).is_file(), adresse


def test_la_navigation_prend_le_titre_court_de_la_page_sinon_son_titre(tmp_path):
    source = tmp_path / "exemple.md"
    entete = 'description: "Une page d\'exemple, avec une description assez longue pour passer."'
    source.write_text(f"---\ntitre: Un titre long\n{entete}\n---\nCorps.\n", encoding="utf-8")
    page, erreurs = pages.lire_page(source)
    assert erreurs == [] and page is not None
    assert page.titre_court == "Un titre long"
    source.write_text(
        f"---\ntitre: Un titre long\ntitre_court: Court\n{entete}\n---\nCorps.\n",
        encoding="utf-8",
    )
    page, _ = pages.lire_page(source)
    assert page is not None and page.titre_court == "Court"


def test_deux_constructions_donnent_des_octets_identiques(site, tmp_path):
    seconde = tmp_path / "public"
    assert build.construire(seconde, JOUR_DE_CONSTRUCTION).erreurs == []
    premiers = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    seconds = {p.relative_to(seconde): p.read_bytes() for p in seconde.rglob("*") if p.is_file()}
    assert premiers == seconds


def test_chaque_page_est_en_francais_avec_un_seul_h1_et_un_titre_unique(site):
    titres, descriptions = set(), set()
    for page in pages_de(site):
        lecteur = lire(page)
        assert lecteur.lang == "fr", page
        assert lecteur.h1 == 1, page
        assert lecteur.titre and lecteur.titre not in titres, page
        assert lecteur.description and lecteur.description not in descriptions, page
        titres.add(lecteur.titre)
        descriptions.add(lecteur.description)
        assert "evitement" in page.read_text(encoding="utf-8"), f"{page} : lien d'évitement"


def test_chaque_lien_interne_et_chaque_ancre_existent_sous_un_sous_chemin(site):
    """Le site est parcouru comme s'il était servi sous /echelon/ (site de projet GitHub)."""
    base = "https://exemple.test/echelon/"
    identifiants = {}
    for page in pages_de(site):
        adresse = page.relative_to(site).as_posix().removesuffix("index.html")
        identifiants[base + adresse] = lire(page).identifiants
    for page in pages_de(site):
        if page.name == "404.html":
            continue  # servie à toutes les profondeurs : ses liens partent de <base>
        adresse = base + page.relative_to(site).as_posix().removesuffix("index.html")
        lecteur = lire(page)
        for lien in lecteur.liens + lecteur.ressources:
            cible = urljoin(adresse, lien)
            if not cible.startswith(base):
                assert urlsplit(cible).scheme in ("http", "https"), f"{page} : lien {lien}"
                continue
            chemin, _, ancre = cible.partition("#")
            relatif = chemin[len(base) :]
            fichier = (
                site / relatif / "index.html"
                if relatif.endswith("/") or not relatif
                else site / relatif
            )
            assert fichier.is_file(), f"{page} : lien cassé {lien}"
            if ancre:
                assert ancre in identifiants[chemin], f"{page} : ancre absente {lien}"


def test_les_liens_internes_sont_relatifs(site):
    for page in pages_de(site):
        if page.name != "404.html":  # servie à toutes les profondeurs : voir le test suivant
            assert not re.search(r'(href|src)="/(?!/)', page.read_text(encoding="utf-8")), page


def test_aucune_page_ne_charge_de_ressource_d_un_autre_site(site):
    for page in pages_de(site):
        for ressource in lire(page).ressources:
            assert not urlsplit(ressource).scheme and not ressource.startswith("//"), (
                page,
                ressource,
            )


def test_chaque_page_pese_au_plus_30_ko_compresses_avec_la_css(site):
    css = len(gzip.compress((site / "style.css").read_bytes(), 9, mtime=0))
    for page in pages_de(site):
        poids = len(gzip.compress(page.read_bytes(), 9, mtime=0)) + css
        assert poids <= 30 * 1024, f"{page} : {poids} octets"


def test_une_page_trop_lourde_arrete_la_construction_en_la_nommant(tmp_path):
    source = tmp_path / "lourde.md"
    entete = 'description: "Une page d\'exemple, avec une description assez longue pour passer."'
    source.write_text(f"---\ntitre: Lourde\n{entete}\n---\nCorps.\n", encoding="utf-8")
    page, _ = pages.lire_page(source)
    assert page is not None
    fichiers = {"style.css": b"body{}", page.fichier: os.urandom(40 * 1024)}  # incompressible
    (erreur,) = verifier_poids([page], fichiers)
    assert "lourde.md" in str(erreur) and "page trop lourde" in str(erreur)
    fichiers[page.fichier] = b"<p>court</p>"
    assert verifier_poids([page], fichiers) == []


def nombre(texte: str) -> int:
    return int(re.sub(r"[^\d]", "", texte))


def test_les_tableaux_des_plafonds_sont_ceux_des_baremes(site, donnees_baremes):
    lecteur = lire(site / "plafonds" / "index.html")
    for annee, bareme in donnees_baremes.items():
        lignes = lecteur.tableaux[("plafonds", annee)]
        entete, corps = lignes[0], lignes[1:]
        assert entete[1:] == [f"Échelon {e}" for e in bareme["plafonds"]["colonnes"]]
        assert {int(ligne[0]): [nombre(c) for c in ligne[1:]] for ligne in corps} == {
            int(p): v for p, v in bareme["plafonds"]["lignes"].items()
        }


def test_les_tableaux_des_montants_sont_ceux_des_baremes(site, donnees_baremes):
    lecteur = lire(site / "montants" / "index.html")
    for annee, bareme in donnees_baremes.items():
        corps = lecteur.tableaux[("montants", annee)][1:]
        for ligne in corps:
            echelon = ligne[0]
            dix, douze = bareme["montants"]["lignes"][echelon]
            assert nombre(ligne[1]) == dix
            assert nombre(ligne[2]) == dix * 10  # mensualité en centimes : taux / 10
            assert nombre(ligne[3]) == douze
            assert abs(nombre(ligne[4]) - douze * 100 / 12) <= 0.5


def test_le_simulateur_affiche_sans_javascript_le_tableau_de_l_annee_demandee(site, baremes):
    demande = contexte_de_la_saison(baremes, JOUR_DE_CONSTRUCTION)["demande"]
    lecteur = lire(site / "simulateur" / "index.html")
    assert ("plafonds", demande.annee_universitaire) in lecteur.tableaux


def test_le_plan_du_site_donne_l_adresse_publique_de_chaque_page(site):
    plan = (site / "sitemap.xml").read_text(encoding="utf-8")
    adresses = re.findall(r"<loc>([^<]+)</loc>", plan)
    assert "https://projet-echelon.github.io/echelon/conditions/" in adresses
    assert len(adresses) == len(pages_de(site)) - 1  # toutes sauf 404.html
    assert "Sitemap: https://projet-echelon.github.io/echelon/sitemap.xml" in (
        site / "robots.txt"
    ).read_text(encoding="utf-8")


def test_la_page_404_part_du_chemin_public_du_site(site):
    """Servie à toutes les profondeurs, la page d'erreur vise le chemin public du site."""
    texte = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/echelon/style.css"' in texte
    assert 'href="#contenu"' in texte
    assert "<base" not in texte


# Erreurs : la construction s'arrête, nomme fichier et ligne, et n'écrit rien.


@pytest.fixture
def sources(tmp_path, monkeypatch):
    """Une copie de site_src/ que le test peut abîmer."""
    copie = tmp_path / "site_src"
    shutil.copytree(projet.DOSSIER_SITE, copie)
    monkeypatch.setattr(projet, "DOSSIER_SITE", copie)
    monkeypatch.setattr(projet, "DOSSIER_PAGES", copie / "pages")
    monkeypatch.setattr(projet, "DOSSIER_GABARITS", copie / "gabarits")
    monkeypatch.setattr(projet, "DOSSIER_STATIQUE", copie / "statique")
    return copie


def construire_et_verifier_que_rien_n_est_ecrit(tmp_path) -> list[str]:
    sortie = tmp_path / "public"
    sortie.mkdir()
    (sortie / "ancien.html").write_text("ancien", encoding="utf-8")
    erreurs = build.construire(sortie).erreurs
    assert [p.name for p in sortie.iterdir()] == ["ancien.html"], "public/ a été modifié"
    return [str(e) for e in erreurs]


def test_un_lien_interne_casse_arrete_la_construction(sources, tmp_path):
    page = sources / "pages" / "recours.md"
    texte = page.read_text(encoding="utf-8")
    page.write_text(texte + "\nVoir [la page perdue](/page-perdue/).\n", encoding="utf-8")
    erreurs = construire_et_verifier_que_rien_n_est_ecrit(tmp_path)
    ligne = texte.count("\n") + 2
    assert any(
        e.endswith(
            f"recours.md:{ligne}:1 : lien interne cassé « /page-perdue/ » : aucune page ni fichier"
        )
        for e in erreurs
    ), erreurs


def test_une_ancre_absente_arrete_la_construction(sources, tmp_path):
    page = sources / "pages" / "recours.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[FAQ](/faq/#nulle-part)\n", "utf-8")
    erreurs = construire_et_verifier_que_rien_n_est_ecrit(tmp_path)
    assert any("l'ancre « #nulle-part » n'existe pas" in e for e in erreurs), erreurs


def test_un_en_tete_sans_titre_arrete_la_construction(sources, tmp_path):
    page = sources / "pages" / "recours.md"
    page.write_text(re.sub(r"^titre:.*\n", "", page.read_text("utf-8"), flags=re.M), "utf-8")
    erreurs = construire_et_verifier_que_rien_n_est_ecrit(tmp_path)
    assert any("recours.md:1:1 : en-tête : la clé « titre » manque" in e for e in erreurs), erreurs


def test_une_expression_inconnue_est_situee_a_sa_ligne(sources, tmp_path):
    page = sources / "pages" / "recours.md"
    texte = page.read_text(encoding="utf-8")
    page.write_text(texte + "\nÂge : {{ derniere.age_limite.annees }}.\n", encoding="utf-8")
    erreurs = construire_et_verifier_que_rien_n_est_ecrit(tmp_path)
    ligne = texte.count("\n") + 2
    assert any(
        f"recours.md:{ligne}:1 : expression invalide" in e and "annees" in e for e in erreurs
    ), erreurs


def test_un_bareme_fautif_arrete_la_construction_du_site(tmp_path, monkeypatch):
    dossier = tmp_path / "barèmes"
    shutil.copytree(projet.DOSSIER_BAREMES, dossier)
    chemin = dossier / "2025-2026.yaml"
    chemin.write_text(
        chemin.read_text("utf-8").replace("    4:  [ 50668", "    4:  [ 5O668"), "utf-8"
    )
    monkeypatch.setattr(projet, "DOSSIER_BAREMES", dossier)
    erreurs = construire_et_verifier_que_rien_n_est_ecrit(tmp_path)
    assert any("plafonds, 4 points de charge, échelon 0bis" in e for e in erreurs), erreurs


def test_une_exception_de_la_construction_ne_montre_pas_de_trace(monkeypatch, capsys):
    """Un défaut du code (et non d'un barème) : une ligne en français qui le situe, et quoi
    faire, jamais la trace Python ; ECHELON_TRACE=1 la montre au développeur."""

    def defaillante(*_: object) -> int:
        raise AttributeError("'NoneType' object has no attribute 'split'")

    monkeypatch.setattr(build, "commande_verifier", defaillante)
    monkeypatch.delenv("ECHELON_TRACE", raising=False)
    assert build.main(["check"]) == 1
    erreur = capsys.readouterr().err
    assert "Traceback" not in erreur and "NoneType" not in erreur
    assert "erreur inattendue (AttributeError)" in erreur
    assert "tests/test_site.py:" in erreur  # la ligne du projet où elle est née
    assert "ECHELON_TRACE=1" in erreur
    monkeypatch.setenv("ECHELON_TRACE", "1")
    assert build.main(["check"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_un_en_tete_de_page_mal_ecrit_est_explique_en_francais_a_sa_ligne(tmp_path):
    source = tmp_path / "page.md"
    source.write_text("---\ntitre: Une page\ndescription: Mal: écrite\n---\nCorps.\n", "utf-8")
    page, erreurs = pages.lire_page(source)
    assert page is None
    assert len(erreurs) == 1
    message = str(erreurs[0])
    assert ":3:" in message  # la ligne « description: … » du fichier
    assert "mettez le texte entre guillemets" in message
    assert "mapping values" not in message


@pytest.mark.parametrize(("ancien", "nouveau"), [("check", "verifier"), ("diff", "comparer")])
def test_les_anciens_noms_des_commandes_marchent_toujours(ancien, nouveau, monkeypatch, capsys):
    """Les commandes ont des noms français ; check, diff et serve restent des alias."""
    appels = []
    fonction = {"verifier": "commande_verifier", "comparer": "commande_comparer"}[nouveau]
    monkeypatch.setattr(build, fonction, lambda *args: appels.append(args) or 0)
    arguments = {"verifier": [], "comparer": ["2024-2025", "2025-2026"]}[nouveau]
    assert build.main([ancien, *arguments]) == 0
    assert build.main([nouveau, *arguments]) == 0
    assert len(appels) == 2 and appels[0] == appels[1]


def test_un_encadre_a_verifier_sans_action_arrete_la_construction_a_sa_ligne(sources, tmp_path):
    page = sources / "pages" / "recours.md"
    texte = page.read_text(encoding="utf-8")
    page.write_text(texte + "\n**À vérifier :** nous ne savons pas.\n", encoding="utf-8")
    erreurs = construire_et_verifier_que_rien_n_est_ecrit(tmp_path)
    ligne = texte.count("\n") + 2
    assert any(
        f"recours.md:{ligne}:1 : l'encadré « À vérifier » ne dit pas quoi faire" in e
        and "Que faire :" in e
        for e in erreurs
    ), erreurs
