"""`python build.py servir` : un barème cassé s'affiche dans la page ouverte, en français, et la
page revient d'elle-même quand le fichier est corrigé."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

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
    serveur, etat, base = lancer_serveur(0, build.construire)
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
    # La page enregistre le service worker ; celui du serveur de travail se retire, sans
    # jamais servir de copie (la page d'erreurs doit arriver telle quelle).
    sw = onglet.evaluate("async () => (await fetch('../sw.js')).text()")
    assert "unregister" in sw and '"fetch"' not in sw

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


def lire(adresse: str) -> tuple[int, str]:
    """Le code HTTP et le texte d'une page du serveur de travail."""
    try:
        with urllib.request.urlopen(adresse, timeout=10) as reponse:
            return reponse.status, reponse.read().decode("utf-8")
    except urllib.error.HTTPError as erreur:
        return erreur.code, erreur.read().decode("utf-8")


def attendre_le_code(adresse: str, code: int) -> str:
    """Attend que la page réponde ce code (la surveillance reconstruit toutes les 0,4 s)."""
    limite = time.monotonic() + 20
    while time.monotonic() < limite:
        obtenu, texte = lire(adresse)
        if obtenu == code:
            return texte
        time.sleep(0.1)
    raise AssertionError(f"{adresse} n'a pas répondu {code} en 20 s (dernier code : {obtenu})")


def test_une_exception_de_la_construction_s_affiche_et_la_surveillance_continue(
    tmp_path, monkeypatch, capsys
):
    copie = tmp_path / "barèmes"
    shutil.copytree(projet.DOSSIER_BAREMES, copie)
    monkeypatch.setattr(projet, "DOSSIER_BAREMES", copie)
    appels = []

    def construire(dossier):
        appels.append(dossier)
        if len(appels) == 2:
            raise AttributeError("'NoneType' object has no attribute 'split'")
        dossier.mkdir(parents=True, exist_ok=True)
        (dossier / "index.html").write_text(f"<h1>Construction {len(appels)}</h1></body>")
        return build.Construction([], [])

    serveur, etat, base = lancer_serveur(0, construire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    adresse = f"http://127.0.0.1:{serveur.server_port}{base}"
    try:
        assert "Construction 1" in attendre_le_code(adresse, 200)
        fichier = copie / "2025-2026.yaml"
        fichier.write_text(fichier.read_text("utf-8") + "# modifié\n", "utf-8")
        page = attendre_le_code(adresse, 500)
        assert "La construction a échoué" in page
        assert "erreur inattendue (AttributeError)" in page
        assert "Traceback" not in page and "NoneType" not in page
        # L'endroit donné est la ligne du « raise » ci-dessus, dans ce fichier.
        ligne = re.search(r"test_serveur_de_travail\.py:(\d+):\d+ : ", page)
        assert ligne, page
        source = Path(__file__).read_text("utf-8").splitlines()
        assert "raise AttributeError" in source[int(ligne.group(1)) - 1]
        assert "Traceback" in capsys.readouterr().err  # la trace, dans le terminal

        fichier.write_text(fichier.read_text("utf-8") + "# corrigé\n", "utf-8")
        assert "Construction 3" in attendre_le_code(adresse, 200)
    finally:
        serveur.shutdown()
        arreter_serveur(serveur, etat)


def test_un_port_deja_utilise_dit_quelle_commande_lancer(capsys):
    with socket.socket() as occupe:
        occupe.bind(("127.0.0.1", 0))
        occupe.listen()
        port = occupe.getsockname()[1]
        assert build.main(["serve", "--port", str(port)]) == 1
    assert capsys.readouterr().err == (
        f"Le port {port} est déjà utilisé : lancez « python build.py servir --port {port + 1} » "
        "(ou arrêtez l'autre serveur).\n"
    )


def test_une_page_profonde_se_recharge_quand_le_site_est_reconstruit(
    tmp_path, monkeypatch, nouvel_onglet
):
    """Le script de rechargement demande le numéro de construction à la racine du site, pas à
    côté de la page : une page comme /echelon/plafonds/ revient aussi d'elle-même."""
    copie = tmp_path / "barèmes"
    shutil.copytree(projet.DOSSIER_BAREMES, copie)
    monkeypatch.setattr(projet, "DOSSIER_BAREMES", copie)
    constructions = []

    def construire(dossier):
        constructions.append(dossier)
        (dossier / "plafonds").mkdir(parents=True, exist_ok=True)
        page = f"<html><body><h1>Construction {len(constructions)}</h1></body></html>"
        (dossier / "plafonds" / "index.html").write_text(page)
        return build.Construction([], [])

    serveur, etat, base = lancer_serveur(0, construire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    try:
        onglet = nouvel_onglet()
        onglet.goto(f"http://127.0.0.1:{serveur.server_port}{base}plafonds/")
        assert onglet.locator("h1").inner_text() == "Construction 1"
        fichier = copie / "2025-2026.yaml"
        fichier.write_text(fichier.read_text("utf-8") + "# modifié\n", "utf-8")
        onglet.locator("h1", has_text="Construction 2").wait_for(timeout=20_000)
    finally:
        serveur.shutdown()
        arreter_serveur(serveur, etat)
