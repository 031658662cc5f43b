"""Après une visite, le simulateur fonctionne sans réseau : le service worker a tout gardé
(pages, runtime Python, roue, données), et il est passé à la version suivante quand le site
change."""

from __future__ import annotations

import pytest

from tests.navigateur.test_pyodide import MESSAGES_D_UN_WORKER
from tests.navigateur.test_simulateur import attendre_pret, estimer, ouvrir, saisir

pytestmark = pytest.mark.navigateur

SITUATION = {
    "annee_universitaire": "2025-2026",
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}


def attendre_le_service_worker(onglet) -> None:
    """Attend que le service worker contrôle la page (sans eval : la page l'interdit)."""
    onglet.evaluate(
        """async () => {
          await navigator.serviceWorker.ready;
          for (let i = 0; i < 600 && !navigator.serviceWorker.controller; i++) {
            await new Promise((r) => setTimeout(r, 100));
          }
        }"""
    )
    assert onglet.evaluate("() => navigator.serviceWorker.controller !== null")


def test_en_mode_avion_le_simulateur_recharge_et_calcule(nouvel_onglet, serveur):
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    ouvrir(onglet, serveur)
    attendre_pret(onglet)
    attendre_le_service_worker(onglet)
    onglet.context.set_offline(True)
    # Sans le cache HTTP : tout ce qui arrive vient du service worker, ou de son cache (le
    # WebAssembly et la bibliothèque standard, que le worker du calculateur y prend lui-même).
    cdp = onglet.context.new_cdp_session(onglet)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        onglet.reload()
        onglet.wait_for_selector("#estimer:enabled")
        attendre_pret(onglet)
        saisir(onglet, SITUATION)
        resultat = estimer(onglet)
        # 1 point (40 km) + 2 points (un autre enfant) = 3 ; 19 758 < 21 988 ≤ 22 716 : échelon 3.
        assert onglet.get_attribute("#resultat", "data-echelon") == "3"
        assert resultat is not None
        # Les autres pages aussi ont été gardées.
        onglet.goto(serveur.url("plafonds/"))
        assert onglet.locator("h1").inner_text() == "Plafonds de ressources"
    finally:
        onglet.context.set_offline(False)


def test_a_la_visite_suivante_le_runtime_garde_n_est_plus_compte(nouvel_onglet, serveur):
    """Runtime déjà gardé par le service worker : rien à télécharger, donc rien à compter (la
    réponse passe sans copie, et le code WebAssembly compilé peut resservir)."""
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    ouvrir(onglet, serveur)
    attendre_pret(onglet)
    attendre_le_service_worker(onglet)
    onglet.reload()
    messages = onglet.evaluate(MESSAGES_D_UN_WORKER)
    assert messages, "aucun message de chargement"
    assert not [m for m in messages if m.startswith("Téléchargement")], messages
    assert messages[-1] == "Démarrage du calculateur…"


def test_le_cache_porte_un_nom_tire_du_contenu_et_un_seul_existe(nouvel_onglet, serveur):
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    ouvrir(onglet, serveur)
    attendre_pret(onglet)
    attendre_le_service_worker(onglet)
    noms = onglet.evaluate("() => caches.keys()")
    assert len(noms) == 1 and noms[0].startswith("echelon-")
