"""`python build.py serve` : un barème cassé s'affiche dans la page ouverte, en français, et la
page revient d'elle-même quand le fichier est corrigé."""

from __future__ import annotations

import shutil
import threading

import pytest

import build
from construction import projet
from construction.serveur_de_travail import arreter_serveur, lancer_serveur

pytestmark = pytest.mark.navigateur


@pytest.fixture
def serveur_de_travail(tmp_path, monkeypatch):
    copie = tmp_path / "barèmes"
    shutil.copytree(projet.DOSSIER_BAREMES, copie)
    monkeypatch.setattr(projet, "DOSSIER_BAREMES", copie)
    monkeypatch.setattr(projet, "SCHEMA", copie / "schema.json")
    serveur, etat, base = lancer_serveur(0, build.construire_site)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{serveur.server_port}{base}", copie
    serveur.shutdown()
    arreter_serveur(serveur, etat)


def test_l_erreur_d_un_bareme_s_affiche_puis_disparait(serveur_de_travail, nouvel_onglet):
    adresse, baremes = serveur_de_travail
    onglet = nouvel_onglet()
    onglet.goto(adresse + "plafonds/")
    assert onglet.locator("h1").inner_text() == "Plafonds de ressources"

    fichier = baremes / "2025-2026.yaml"
    juste = fichier.read_text(encoding="utf-8")
    fichier.write_text(juste.replace("    4:  [ 50668", "    4:  [ 5O668"), encoding="utf-8")
    erreurs = onglet.locator("#erreurs-de-construction")
    erreurs.wait_for(timeout=30_000)
    assert (
        "barèmes/2025-2026.yaml" in erreurs.inner_text()
        or "2025-2026.yaml:" in erreurs.inner_text()
    )
    assert "plafonds, 4 points de charge, échelon 0bis" in erreurs.inner_text()

    fichier.write_text(juste, encoding="utf-8")
    onglet.locator("h1", has_text="Plafonds de ressources").wait_for(timeout=30_000)
    assert onglet.locator("#erreurs-de-construction").count() == 0
