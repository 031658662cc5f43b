"""Publier une année provisoire en suivant docs/EDITER.md : la case changée se retrouve dans
le site, dans les données ouvertes et dans `build.py comparer`, sans toucher à aucun test.
(Le simulateur et l'étudiant qui revient : tests/navigateur/test_publication.py.)"""

from __future__ import annotations

import json
import re
import shutil

import pytest

import build
from calculator.format import nombre
from construction import baremes_yaml, projet

from .publication import CASE_CHANGEE, publier

DOSSIER_DU_DEPOT = projet.DOSSIER_BAREMES


def premiere_provisoire() -> str:
    """La première année provisoire du dépôt (non de la copie où un test l'a publiée)."""
    baremes, _ = baremes_yaml.charger_baremes(sorted(DOSSIER_DU_DEPOT.glob("*.yaml")))
    provisoires = sorted(a for a, b in baremes.items() if b.statut == "provisoire")
    if not provisoires:
        pytest.skip("aucune année provisoire à publier dans barèmes/")
    return provisoires[0]


@pytest.fixture(scope="module")
def publication(tmp_path_factory):
    """Une copie de barèmes/ où la première année provisoire est publiée, et son site."""
    annee = premiere_provisoire()
    dossier = tmp_path_factory.mktemp("publication") / "barèmes"
    shutil.copytree(DOSSIER_DU_DEPOT, dossier)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(projet, "DOSSIER_BAREMES", dossier)
        patch.setattr(projet, "SCHEMA", dossier / "schema.json")
        avant, apres = publier(dossier, annee)
        sortie = dossier.parent / "public"
        assert build.construire(sortie).erreurs == []
        yield {"annee": annee, "avant": avant, "apres": apres, "site": sortie, "patch": patch}


def test_la_page_des_plafonds_montre_la_case_publiee(publication):
    page = (publication["site"] / "plafonds" / "index.html").read_text(encoding="utf-8")
    tableau = page[page.index(f'data-annee="{publication["annee"]}"') :]
    points, colonne = CASE_CHANGEE
    ligne = re.search(rf'<tr[^>]*><th scope="row">{points}</th>(.*?)</tr>', tableau)
    assert ligne is not None
    cases = re.findall(r"<td>([^<]+)</td>", ligne.group(1))
    assert cases[colonne] == nombre(publication["apres"])
    # L'année publiée n'est plus dite provisoire sur cette page.
    assert f"nous n'avons pas encore relu les arrêtés {publication['annee']}" not in page


def test_les_donnees_ouvertes_montrent_la_case_publiee(publication):
    donnees = publication["site"] / "donnees" / "baremes"
    bareme = json.loads((donnees / f"{publication['annee']}.json").read_text(encoding="utf-8"))
    points, colonne = CASE_CHANGEE
    assert bareme["statut"] == "publie" and "fonde_sur" not in bareme
    assert bareme["plafonds"]["lignes"][str(points)][colonne] == publication["apres"]
    index = json.loads((donnees / "index.json").read_text(encoding="utf-8"))
    statuts = {a["annee_universitaire"]: a["statut"] for a in index["annees"]}
    assert statuts[publication["annee"]] == "publie"
    csv = (donnees / f"plafonds-{publication['annee']}.csv").read_text(encoding="utf-8")
    ligne = next(ligne for ligne in csv.splitlines() if ligne.startswith(f"{points},"))
    assert ligne.split(",")[1 + colonne] == str(publication["apres"])


def test_build_diff_montre_la_case_publiee(publication, capsys):
    annee = publication["annee"]
    precedente = f"{int(annee[:4]) - 1}-{annee[:4]}"
    assert build.commande_comparer(precedente, annee) == 0
    sortie = capsys.readouterr().out.replace("\u202f", " ").replace("\u00a0", " ")
    points, _ = CASE_CHANGEE
    avant, apres = nombre(publication["avant"]), nombre(publication["apres"])
    attendu = f"{points} points de charge, échelon 2 : {avant} € → {apres} € (+50 €"
    assert attendu.replace("\u202f", " ") in sortie
    assert "Montants (taux annuels) : inchangés" in sortie


def test_l_annee_provisoire_suivante_reprend_l_annee_publiee(publication):
    baremes, erreurs = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
    assert erreurs == []
    annee = publication["annee"]
    suivante = f"{int(annee[:4]) + 1}-{int(annee[:4]) + 2}"
    if suivante in baremes:
        assert baremes[suivante].fonde_sur == annee
        assert baremes[suivante].plafonds.lignes == baremes[annee].plafonds.lignes


def test_une_annee_provisoire_restee_sur_l_ancienne_copie_est_signalee(tmp_path, monkeypatch):
    """Publier une année sans recréer la suivante : check le dit, et dit quoi faire."""
    annee = premiere_provisoire()
    suivante = f"{int(annee[:4]) + 1}-{int(annee[:4]) + 2}"
    dossier = tmp_path / "barèmes"
    shutil.copytree(DOSSIER_DU_DEPOT, dossier)
    monkeypatch.setattr(projet, "DOSSIER_BAREMES", dossier)
    monkeypatch.setattr(projet, "SCHEMA", dossier / "schema.json")
    if not (dossier / f"{suivante}.yaml").exists():
        pytest.skip(f"pas d'année {suivante} après l'année publiée")
    (dossier / f"{suivante}.yaml").rename(tmp_path / "suivante.yaml")
    publier(dossier, annee)
    (tmp_path / "suivante.yaml").rename(dossier / f"{suivante}.yaml")
    _, erreurs = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
    assert [str(e) for e in erreurs] == [
        f"barèmes/{suivante}.yaml : plafonds : ces valeurs ne sont plus celles de {annee}, sur "
        f"lequel ce barème provisoire se fonde : recréez-le avec « python build.py "
        f"nouvelle-annee {suivante} --recreer » (les dates du DSE relevées sont gardées)"
    ]
