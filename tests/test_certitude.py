"""La certitude dite une fois et brièvement (#19, point 6) : une marque courte par valeur, son sens
sur la page des sources, et chaque encadré « À vérifier » ou « Les sources divergent » qui finit
par ce que l'étudiant peut faire."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from calculator.bareme import FIABILITES, MARQUES_DE_CERTITUDE
from calculator.format import typographie
from construction.encadres import ANNONCE_DE_L_ACTION, TITRES_D_ENCADRE, encadrer
from tests.site_construit import pages_du_site

MARQUE = re.compile(
    r'<a class="certitude certitude-(?P<code>\w+)" href="(?P<lien>[^"]+)"[^>]*>'
    r'(?P<visible>[^<]*)<span class="visuellement-cache">(?P<lu>[^<]*)</span></a>'
)
ENCADRE = re.compile(r'<div class="encadre (?P<classe>[\w-]+)">(?P<contenu>.*?)</div>', re.S)


@pytest.fixture(scope="module")
def pages(site_construit: Path) -> dict[str, str]:
    """Le HTML de chaque page construite, par chemin (« », « faq/ », « 404.html »)."""
    return {p.chemin: p.fichier.read_text("utf-8") for p in pages_du_site(site_construit)}


def test_chaque_marque_est_breve_et_mene_a_son_sens_sur_la_page_des_sources(pages):
    vues = 0
    for chemin, document in pages.items():
        for marque in MARQUE.finditer(document):
            vues += 1
            code = marque["code"]
            assert marque["visible"] == MARQUES_DE_CERTITUDE[code], (chemin, marque.group(0))
            assert len(marque["visible"]) <= 14, marque["visible"]
            # Lu en entier par un lecteur d'écran, le sens complet suit la marque visible.
            assert marque["lu"] == typographie(f" : certitude, {FIABILITES[code]}")
            assert urljoin(f"/echelon/{chemin}", marque["lien"]) == "/echelon/sources/#certitude"
    assert vues >= 50, "presque aucune marque trouvée : le motif ne lit plus les pages"


def test_le_sens_complet_d_une_marque_n_est_ecrit_en_clair_que_sur_la_page_des_sources(pages):
    for chemin, document in pages.items():
        visible = re.sub(r'<span class="visuellement-cache">.*?</span>', "", document)
        visible = re.sub(r"<(script|template)\b.*?</\1>", "", visible, flags=re.S)
        for code, sens in FIABILITES.items():
            if code == "inconnu":  # « inconnu » est aussi sa propre marque
                continue
            attendu = 1 if chemin == "sources/" else 0
            assert visible.count(typographie(sens)) == attendu, (chemin, sens)
    assert 'id="certitude"' in pages["sources/"]


def test_chaque_encadre_de_chaque_page_finit_par_ce_que_l_etudiant_peut_faire(pages):
    vus = 0
    for chemin, document in pages.items():
        for encadre in ENCADRE.finditer(document):
            vus += 1
            assert encadre["classe"] in TITRES_D_ENCADRE.values()
            derniere = re.findall(r"<p[^>]*>(.*?)</p>", encadre["contenu"], re.S)[-1]
            action = typographie(f"<strong>{ANNONCE_DE_L_ACTION}</strong> ")
            assert derniere.startswith(action), (chemin, derniere)
            assert len(re.sub(r"<[^>]+>", "", derniere)) > len(ANNONCE_DE_L_ACTION) + 15
        hors_encadres = ENCADRE.sub("", document)
        for titre in TITRES_D_ENCADRE:
            # Aucun encadré resté paragraphe ordinaire, donc sans action repérée.
            ouverture = typographie(f"<p><strong>{titre} :</strong>")
            assert ouverture not in hors_encadres, (chemin, titre)
    assert vus >= 15


@pytest.mark.parametrize(
    ("markdown", "attendu"),
    [
        # Le constat, puis l'action sur sa ligne.
        (
            "<p><strong>À vérifier :</strong> règle non lue. <strong>Que faire :</strong> "
            "demandez à votre Crous.</p>",
            '<div class="encadre a-verifier"><p><strong>À vérifier :</strong> règle non lue.</p>'
            '<p class="action"><strong>Que faire :</strong> demandez à votre Crous.</p></div>',
        ),
        # Un paragraphe qui ne commence pas par un titre d'encadré reste tel quel.
        ("<p>Un <strong>À vérifier :</strong> au milieu.</p>",) * 2,
    ],
)
def test_un_encadre_est_rendu_en_constat_puis_action(markdown, attendu):
    assert encadrer(markdown) == (attendu, [])


def test_un_encadre_sans_action_est_signale_avec_ses_premiers_mots():
    corps = "<p><strong>Les sources divergent :</strong> une dit 25 août, l'autre 26.</p>"
    rendu, sans_action = encadrer(corps)
    assert rendu == corps
    assert sans_action == [("Les sources divergent", "une dit 25 août, l'autre 26.")]
