"""Après une visite, le simulateur fonctionne sans réseau : le service worker a tout gardé
(pages, runtime Python, roue, données), et il est passé à la version suivante quand le site
change."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time

import pytest

from construction import pages, simulateur
from tests.navigateur import conftest as serveurs
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
    """Attend que le service worker (installé par le simulateur) contrôle la page, sans eval :
    la page l'interdit ; 60 s au plus."""
    onglet.evaluate(
        """async () => {
          await Promise.race([
            navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 60000)),
          ]);
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
    assert not [m for m in messages if m["message"].startswith("Téléchargement")], messages
    assert not [m for m in messages if "pourcentage" in m], messages
    assert messages[-1] == {
        "etat": "chargement",
        "phase": "demarrage",
        "message": "Démarrage du calculateur…",
    }


def test_deux_caches_seulement_celui_du_site_et_celui_du_webassembly(
    nouvel_onglet, serveur, site_construit
):
    """Le cache du site porte un nom tiré du contenu ; celui du WebAssembly décompressé, le
    numéro de version de Pyodide. Le WebAssembly n'est gardé qu'une fois, et décompressé."""
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    ouvrir(onglet, serveur)
    attendre_pret(onglet)
    attendre_le_service_worker(onglet)
    version = pages.lire_reglages()[0]["pyodide"]["version"]
    # Le worker range sa copie du WebAssembly sans l'attendre (cache.put sur le flux même
    # qu'il compile) : sur une machine chargée, elle peut arriver juste après « prêt ».
    fin = time.monotonic() + 30
    while time.monotonic() < fin and not onglet.evaluate(
        "async (nom) => (await (await caches.open(nom)).keys()).length > 0",
        simulateur.cache_du_runtime(version),
    ):
        time.sleep(0.2)
    noms = sorted(onglet.evaluate("() => caches.keys()"))
    assert len(noms) == 2, noms
    assert noms[1] == simulateur.cache_du_runtime(version)
    assert re.fullmatch(r"echelon-[0-9a-f]{16}", noms[0]), noms
    gardes = onglet.evaluate(
        """async (noms) => Object.fromEntries(await Promise.all(noms.map(async (nom) => [
          nom, (await (await caches.open(nom)).keys()).map((r) => new URL(r.url).pathname),
        ])))""",
        noms,
    )
    assert not [a for a in gardes[noms[0]] if "pyodide.asm.wasm" in a]
    assert [a.rsplit("/", 2)[-2:] for a in gardes[noms[1]]] == [[version, "pyodide.asm.wasm"]]
    empreinte = onglet.evaluate(
        """async ([nom, adresse]) => {
          const octets = await (await (await caches.open(nom)).match(adresse)).arrayBuffer();
          const empreinte = new Uint8Array(await crypto.subtle.digest("SHA-256", octets));
          return Array.from(empreinte, (o) => o.toString(16).padStart(2, "0")).join("");
        }""",
        [noms[1], gardes[noms[1]][0]],
    )
    wasm = (site_construit / "pyodide" / version / "pyodide.asm.wasm").read_bytes()
    assert empreinte == hashlib.sha256(wasm).hexdigest()


CACHES_DU_SITE = """() => caches.keys()
  .then((noms) => noms.filter((nom) => /^echelon-[0-9a-f]{16}$/.test(nom)))"""
"""Les caches du site (nommés d'après son contenu), sans celui du WebAssembly."""


CACHE_DE_GITHUB_PAGES = {"Cache-Control": "max-age=600"}
"""Le cache HTTP que GitHub Pages donne à chaque fichier (10 minutes)."""


def test_un_deploiement_qui_ne_change_que_sw_config_js_installe_le_nouveau_service_worker(
    nouvel_onglet, site_construit, tmp_path
):
    """sw.js ne change pas d'un déploiement à l'autre, sa configuration si : le navigateur la
    compare aussi (importScripts), installe le nouveau service worker, qui garde le site dans
    le cache nouvellement nommé et efface l'ancien. Servie avec le cache HTTP de GitHub Pages,
    la configuration n'est pas relue dans ce cache (enregistrement avec updateViaCache
    "none") : le nouveau déploiement est vu tout de suite, pas dix minutes plus tard."""
    copie = tmp_path / "public"
    shutil.copytree(site_construit, copie)
    configuration = copie / simulateur.CONFIGURATION_DU_SERVICE_WORKER
    texte = configuration.read_text(encoding="utf-8")
    ancien = re.search(r'^const CACHE = "(echelon-[0-9a-f]{16})";$', texte, re.M).group(1)
    nouveau = "echelon-" + ("0" if ancien[-1] != "0" else "1") * 16
    fichiers = json.loads(re.search(r"^const FICHIERS = (\[.*\]);$", texte, re.M).group(1))
    with serveurs.servir(copie, CACHE_DE_GITHUB_PAGES) as serveur:
        onglet = nouvel_onglet()
        onglet.set_default_timeout(60_000)
        ouvrir(onglet, serveur)
        attendre_pret(onglet)
        attendre_le_service_worker(onglet)
        inscription = "async () => (await navigator.serviceWorker.ready).updateViaCache"
        assert onglet.evaluate(inscription) == "none"
        assert onglet.evaluate(CACHES_DU_SITE) == [ancien]
        sw = (copie / "sw.js").read_bytes()
        configuration.write_text(texte.replace(ancien, nouveau), encoding="utf-8")
        onglet.evaluate("async () => (await navigator.serviceWorker.ready).update()")
        # Le nouveau service worker garde tout le site, puis efface l'ancien cache.
        for _ in range(300):
            if onglet.evaluate(CACHES_DU_SITE) == [nouveau]:
                break
            onglet.wait_for_timeout(200)
        assert onglet.evaluate(CACHES_DU_SITE) == [nouveau]
        assert (copie / "sw.js").read_bytes() == sw
        gardes = onglet.evaluate(
            "async (nom) => (await (await caches.open(nom)).keys()).length", nouveau
        )
        assert gardes == len(fichiers)
