"""La saison des demandes : l'année demandée selon la date (calculator.saison), et le site
construit à une date donnée (`build.py --date`), qui parle de cette année-là avec son avis."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

import build
from calculator import saison
from construction import baremes_yaml, projet
from construction.chantier import refuser_les_textes_de_chantier
from construction.saison import contexte_de_la_saison
from construction.yaml_strict import nom_affiche


@pytest.mark.parametrize(
    ("jour", "demandee", "en_cours"),
    [
        ("2026-12-01", "2027-2028", "2026-2027"),  # le DSE 2027-2028 ouvre en janvier 2027
        ("2026-11-30", "2026-2027", "2026-2027"),  # dernier jour des demandes tardives
        ("2027-01-20", "2027-2028", "2026-2027"),
        ("2027-05-31", "2027-2028", "2026-2027"),  # clôture habituelle
        ("2027-08-31", "2027-2028", "2026-2027"),  # veille de la rentrée
        ("2027-09-01", "2027-2028", "2027-2028"),  # rentrée : l'année demandée est en cours
        ("2027-10-15", "2027-2028", "2027-2028"),  # demande tardive
    ],
)
def test_l_annee_demandee_suit_la_saison(jour, demandee, en_cours):
    date = dt.date.fromisoformat(jour)
    assert saison.annee_de_la_demande(date) == demandee
    assert saison.annee_en_cours(date) == en_cours


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_chaque_jour_tombe_dans_la_periode_de_demande_de_son_annee(jour):
    annee = saison.annee_de_la_demande(jour)
    debut, fin = saison.periode_de_demande(annee)
    assert debut <= jour <= fin
    # Les périodes se suivent sans trou ni chevauchement : la suivante commence le lendemain.
    suivante = saison.annee_universitaire(int(annee[:4]) + 1)
    assert saison.periode_de_demande(suivante)[0] == fin + dt.timedelta(days=1)
    # On ne demande jamais pour une année déjà finie, ni pour plus d'un an à l'avance.
    assert (
        saison.annee_en_cours(jour)
        <= annee
        <= saison.annee_de_la_demande(jour + dt.timedelta(days=366))
    )


def test_la_fenetre_habituelle_du_dse_vient_des_dates_relevees():
    fenetre = saison.fenetre_habituelle(
        [("2019-01-15", "2019-05-15"), ("2023-03-30", "2023-05-31"), ("2025-03-13", "2025-05-31")]
    )
    assert fenetre is not None
    assert fenetre.texte == (
        "de 2019 à 2025 : ouverture entre le 15 janvier et le 30 mars, "
        "clôture entre le 15 mai et le 31 mai"
    )
    assert saison.fenetre_habituelle([]) is None


# --- Le site construit à une date -----------------------------------------------------------


def texte(document: bytes) -> str:
    """Le texte d'une page, espaces ramenées à une seule."""
    sans_balises = re.sub(r"<[^>]+>", " ", document.decode())
    return re.sub(r"\s+", " ", sans_balises.replace("\u202f", " ").replace("\u00a0", " "))


@pytest.fixture(scope="module")
def site_du_20_janvier_2027():
    site, erreurs = build.preparer_site(dt.date(2027, 1, 20))
    assert erreurs == []
    return site


def test_en_janvier_l_accueil_parle_de_l_annee_a_demander_avec_son_avis(
    site_du_20_janvier_2027, donnees_baremes
):
    accueil = texte(site_du_20_janvier_2027.fichiers["index.html"])
    assert "En bref pour 2027-2028" in accueil
    revenus = donnees_baremes["2027-2028"]["revenus_pris_en_compte"]
    assert (revenus["annee_des_revenus"], revenus["annee_de_l_avis_d_imposition"]) == (2025, 2026)
    assert "Pour 2027-2028 (la demande à faire en 2027) : revenus 2025, avis d'imposition 2026" in (
        accueil
    )
    # L'année en cours, pour une demande tardive, avec son propre avis.
    assert "Pour 2026-2027 (l'année en cours" in accueil
    assert "revenus 2024, avis d'imposition 2025" in accueil


def test_en_janvier_le_simulateur_propose_l_annee_a_demander_et_son_avis(
    site_du_20_janvier_2027,
):
    page = site_du_20_janvier_2027.fichiers["simulateur/index.html"].decode()
    choisie = re.search(r'<option value="([0-9-]+)"[^>]*\bselected\b', page)
    assert choisie is not None and choisie.group(1) == "2027-2028"
    aide = re.search(r'<p class="aide" id="aide-revenu_brut_global">(.*?)</p>', page, re.S)
    assert aide is not None
    assert "avis d'imposition <span data-avis>2026</span>" in aide.group(1)
    # « Estimer à la main », sur la même page, demande le même avis.
    assert "Pour 2027-2028, sur l'avis d'imposition 2026" in texte(page.encode())


def test_une_page_sur_une_seule_annee_ne_nomme_que_son_avis(site_du_20_janvier_2027):
    """En septembre, l'année demandée est l'année en cours : l'accueil n'en nomme qu'une."""
    site, erreurs = build.preparer_site(dt.date(2027, 9, 15))
    assert erreurs == []
    accueil = texte(site.fichiers["index.html"])
    assert "En bref pour 2027-2028" in accueil
    assert "avis d'imposition 2026" in accueil
    assert "avis d'imposition 2025" not in accueil
    assert "l'année en cours" not in accueil


def test_une_annee_sans_bareme_le_dit_et_prend_la_plus_recente(donnees_baremes):
    plus_recente = max(donnees_baremes)
    rentree = int(plus_recente[:4]) + 1
    site, erreurs = build.preparer_site(dt.date(rentree - 1, 12, 15))
    assert erreurs == []
    accueil = texte(site.fichiers["index.html"])
    assert f"Nous n'avons pas encore de barème pour {rentree}-{rentree + 1}" in accueil
    assert f"En bref pour {plus_recente}" in accueil


def test_une_meme_date_donne_les_memes_octets(site_du_20_janvier_2027):
    seconde, erreurs = build.preparer_site(dt.date(2027, 1, 20))
    assert erreurs == []
    assert seconde.fichiers == site_du_20_janvier_2027.fichiers


def test_la_date_de_construction_se_donne_en_ligne_de_commande(capsys):
    with pytest.raises(SystemExit):
        build.main(["--date", "20/01/2027"])
    assert "n'est pas une date au format AAAA-MM-JJ" in capsys.readouterr().err


@pytest.mark.parametrize("jour", [dt.date(2026, 12, 2), dt.date(2027, 1, 20), dt.date(2027, 10, 1)])
def test_aucune_page_ni_donnee_ne_contient_de_texte_de_chantier(jour):
    site, erreurs = build.preparer_site(jour)
    assert erreurs == []
    for chemin, contenu in site.fichiers.items():
        if chemin.endswith((".html", ".json", ".csv")):
            lu = contenu.decode().lower()
            for interdit in ("compléter", "pas encore parus", "non encore publié"):
                assert interdit not in lu, (chemin, interdit)


def test_les_donnees_ouvertes_listent_les_annees_provisoires(site_du_20_janvier_2027):
    index = json.loads(site_du_20_janvier_2027.fichiers["donnees/baremes/index.json"])
    annees = {a["annee_universitaire"]: a for a in index["annees"]}
    assert annees["2027-2028"]["statut"] == "provisoire"
    assert annees["2027-2028"]["derniere_verification"] is None


def test_l_accueil_dit_les_dates_du_dse_encore_inconnues_avec_la_fenetre_habituelle(
    site_du_20_janvier_2027, donnees_baremes
):
    dse = donnees_baremes["2027-2028"]["dossier_social_etudiant"]
    if dse["ouverture"]:
        pytest.skip("les dates du DSE 2027-2028 sont relevées")
    accueil = texte(site_du_20_janvier_2027.fichiers["index.html"])
    assert "les dates du dossier social étudiant ne sont pas encore annoncées" in accueil
    assert "les années précédentes, de 2019 à 2025 : ouverture entre" in accueil


def test_la_saison_du_site_vient_de_la_regle_du_calculateur(baremes):
    for jour in (dt.date(2026, 12, 2), dt.date(2027, 9, 15)):
        contexte = contexte_de_la_saison(baremes, jour)
        assert contexte["annee_demandee"] == saison.annee_de_la_demande(jour)
        assert contexte["demande"].annee_universitaire == saison.annee_de_la_demande(jour)


# --- Aucun texte de chantier ne passe ---------------------------------------------------------


def test_un_texte_d_attente_venu_d_un_bareme_nomme_le_fichier_et_la_cle(baremes):
    annee = max(baremes)
    dse = replace(baremes[annee].dossier_social_etudiant, note="Dates à compléter.")
    abime = {annee: replace(baremes[annee], dossier_social_etudiant=dse)}
    fichiers = {"index.html": "<p>Dates à compléter.</p>".encode(), "style.css": b"p{}"}
    erreurs = refuser_les_textes_de_chantier(fichiers, abime)
    assert [str(e) for e in erreurs] == [
        f"barèmes/{annee}.yaml : dossier_social_etudiant › note : « compléter » écrit dans "
        "index.html : un texte d'attente ne doit pas être lu par un étudiant : écrivez ce que "
        "l'on sait (ou laissez la valeur vide, null), et gardez « À COMPLÉTER » pour les "
        "commentaires"
    ]


def test_un_texte_d_attente_dans_une_page_arrete_la_construction(tmp_path, monkeypatch):
    pages = tmp_path / "pages"
    shutil.copytree(projet.DOSSIER_PAGES, pages)
    faq = pages / "faq.md"
    faq.write_text(faq.read_text(encoding="utf-8") + "\nRéponse à compléter.\n", "utf-8")
    monkeypatch.setattr(projet, "DOSSIER_PAGES", pages)
    sortie = tmp_path / "public"
    erreurs = build.construire(sortie).erreurs
    assert [str(e) for e in erreurs] == [
        f"{nom_affiche(faq)} : « compléter » écrit dans faq/index.html : un texte "
        "d'attente ne doit pas être lu par un étudiant : écrivez ce que l'on sait (ou laissez "
        "la valeur vide, null), et gardez « À COMPLÉTER » pour les commentaires"
    ]
    assert not sortie.exists()  # rien d'écrit


def test_une_valeur_vide_affichee_arrete_la_construction():
    fichiers = {"a/index.html": b"<p>Ouverture : None</p><script>let x = null;</script>"}
    erreurs = refuser_les_textes_de_chantier(fichiers, {})
    assert [e.fichier for e in erreurs] == ["a/index.html"]
    assert "« None »" in str(erreurs[0])
    # Un null dans un script, ou dans une donnée ouverte JSON, est du code, pas du texte.
    propres = {"b/index.html": b"<script>let x = null;</script>", "d.json": b'{"a": null}'}
    assert refuser_les_textes_de_chantier(propres, {}) == []


def test_check_refuse_un_texte_d_attente_meme_dans_un_bareme_provisoire(tmp_path):
    """Ce que la construction refuserait d'écrire, check le refuse déjà, à sa ligne."""
    provisoire = max(sorted(projet.DOSSIER_BAREMES.glob("*.yaml")))
    copie = tmp_path / provisoire.name
    texte = provisoire.read_text(encoding="utf-8")
    assert "statut: provisoire" in texte
    ancien = re.search(r'^  note: "Dates de la campagne [^"]*"$', texte, re.M)
    assert ancien is not None
    copie.write_text(texte.replace(ancien.group(0), '  note: "Dates à compléter."'), "utf-8")
    _, erreurs = baremes_yaml.verifier_fichier(copie)
    assert [str(e).split(" : ", 1)[1] for e in erreurs] == [
        "dossier_social_etudiant › note : texte encore « compléter » dans une valeur : les "
        "étudiants le liraient : écrivez ce que l'on sait (ou null), et gardez « À COMPLÉTER » "
        "pour un commentaire (après #)"
    ]
