"""Après une visite, le site répond sans réseau : le service worker, enregistré par chaque
page, a gardé le site (pages, données ouvertes) ; pour qui a ouvert le simulateur, aussi le
runtime Python et la roue, et le simulateur calcule hors ligne. Il passe à la version suivante
quand le site change. Lire une page ne télécharge le runtime que sur une connexion rapide qui
n'est pas un forfait mobile ; quand l'appareil demande d'économiser les données, rien n'est
enregistré."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time

import pytest

from construction import pages, projet, simulateur
from tests.navigateur import conftest as serveurs
from tests.navigateur.test_pages import ouvrir_page
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
    """Attend que le service worker (installé par la page) contrôle la page, sans eval :
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
    numéro de version de Pyodide. Le WebAssembly et le module de Pyodide n'y sont gardés
    qu'une fois, et décompressés."""
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    ouvrir(onglet, serveur)
    attendre_pret(onglet)
    attendre_le_service_worker(onglet)
    version = pages.lire_reglages()[0]["pyodide"]["version"]
    # Le worker range ses copies sans les attendre (cache.put sur le flux même qu'il
    # compile) : sur une machine chargée, elles peuvent arriver juste après « prêt ».
    fin = time.monotonic() + 30
    while time.monotonic() < fin and not onglet.evaluate(
        "async (nom) => (await (await caches.open(nom)).keys()).length > 1",
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
    assert not [a for a in gardes[noms[0]] if "pyodide.asm." in a]
    assert sorted(a.rsplit("/", 2)[-2:] for a in gardes[noms[1]]) == [
        [version, "pyodide.asm.mjs"],
        [version, "pyodide.asm.wasm"],
    ]
    for adresse in gardes[noms[1]]:
        empreinte = onglet.evaluate(
            """async ([nom, adresse]) => {
              const octets = await (await (await caches.open(nom)).match(adresse)).arrayBuffer();
              const empreinte = new Uint8Array(await crypto.subtle.digest("SHA-256", octets));
              return Array.from(empreinte, (o) => o.toString(16).padStart(2, "0")).join("");
            }""",
            [noms[1], adresse],
        )
        publie = (site_construit / "pyodide" / version / adresse.rsplit("/", 1)[-1]).read_bytes()
        assert empreinte == hashlib.sha256(publie).hexdigest(), adresse


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
    # Le simulateur ouvert : le nouveau service worker garde aussi le runtime Python.
    fichiers = [
        adresse
        for nom in ("FICHIERS", "FICHIERS_DE_PYTHON")
        for adresse in json.loads(re.search(rf"^const {nom} = (\[.*\]);$", texte, re.M).group(1))
    ]
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


GARDES = """async () => {
  const noms = (await caches.keys()).filter((nom) => /^echelon-[0-9a-f]{16}$/.test(nom));
  const cles = await Promise.all(noms.map(async (nom) => (await caches.open(nom)).keys()));
  return cles.flat().map((r) => new URL(r.url).pathname);
}"""
"""Les adresses gardées dans le cache du site."""


# Ce que dit navigator.connection (js/hors-ligne.mjs ne demande le runtime d'avance que sur
# une connexion rapide qui n'est pas un forfait mobile ; Chromium sans écran dit « 4g », sans
# type).
FORFAIT_MOBILE = """Object.defineProperty(navigator, 'connection', {
  configurable: true, get: () => ({saveData: false, effectiveType: '4g', type: 'cellular'}),
});"""
CONNEXION_LENTE = """Object.defineProperty(navigator, 'connection', {
  configurable: true, get: () => ({saveData: false, effectiveType: '3g'}),
});"""


def lire_une_page(nouvel_onglet, serveur, chemin: str = "", connexion: str | None = None):
    """Un onglet qui a lu une page du site, contrôlé par son service worker (`connexion` : un
    script qui redéfinit navigator.connection avant la page)."""
    onglet = nouvel_onglet()
    if connexion:
        onglet.add_init_script(connexion)
    onglet.set_default_timeout(60_000)
    ouvrir_page(onglet, serveur.url(chemin))
    attendre_le_service_worker(onglet)
    return onglet


@pytest.mark.parametrize("connexion", [FORFAIT_MOBILE, CONNEXION_LENTE], ids=["mobile", "lente"])
def test_sur_un_forfait_mobile_ou_lent_lire_une_page_garde_le_site_sans_le_runtime(
    nouvel_onglet, serveur, connexion
):
    """La page d'accueil lue : toutes les pages et les données ouvertes sont gardées, rien de
    pyodide/ ni de py/ (plusieurs Mo que seul le simulateur demande alors)."""
    onglet = lire_une_page(nouvel_onglet, serveur, connexion=connexion)
    # hors-ligne.mjs demande (ou non) le runtime dès le service worker prêt : une seconde
    # plus tard, la demande aurait commencé à remplir le cache.
    onglet.wait_for_timeout(1000)
    gardes = onglet.evaluate(GARDES)
    racine = "/echelon/"
    for attendu in ("", "faq/", "simulateur/", "404.html", "donnees/baremes/index.json"):
        assert racine + attendu in gardes, attendu
    assert not [a for a in gardes if a.startswith((racine + "pyodide/", racine + "py/"))], gardes


def test_sur_une_connexion_rapide_une_page_lue_prend_le_runtime_d_avance(nouvel_onglet, serveur):
    """Chromium dit « 4g », sans type (pas un forfait mobile) : la page lue demande le runtime
    au service worker, qui le garde sans que le simulateur soit ouvert."""
    onglet = lire_une_page(nouvel_onglet, serveur, "faq/")
    version = pages.lire_reglages()[0]["pyodide"]["version"]
    attendus = {
        "/echelon/py/pyodide-lock.json",
        f"/echelon/pyodide/{version}/python_stdlib.zip.zst",
    }
    fin = time.monotonic() + 60
    while time.monotonic() < fin:
        gardes = set(onglet.evaluate(GARDES))
        if attendus <= gardes and any(a.endswith(".whl.zst") for a in gardes):
            break
        time.sleep(0.2)
    assert attendus <= gardes, sorted(gardes)
    assert any(a.endswith(".whl.zst") for a in gardes)
    assert onglet.url.endswith("/faq/"), "sans que le simulateur soit ouvert"


def test_apres_une_page_lue_chaque_adresse_repond_hors_ligne(nouvel_onglet, serveur):
    """Hors ligne, après la lecture d'une seule page : une adresse inconnue reçoit la page 404
    du site (statut 404), une adresse sans « / » finale la page qu'elle nomme, un fichier des
    données ouvertes son JSON, 404.html la page 404."""
    onglet = lire_une_page(nouvel_onglet, serveur, "recours/")
    introuvable = pages.lire_page(projet.DOSSIER_PAGES / "404.md")[0].titre
    onglet.context.set_offline(True)
    try:
        reponse = onglet.goto(serveur.url("adresse/inconnue/"))
        assert reponse is not None and reponse.status == 404
        assert onglet.locator("h1").inner_text() == introuvable
        assert onglet.evaluate("document.styleSheets.length") > 0
        for chemin, titre in (("simulateur", "Estimer votre bourse"), ("faq", None)):
            reponse = onglet.goto(serveur.url(chemin))
            assert reponse is not None and reponse.ok, chemin
            assert onglet.url == serveur.url(chemin + "/")
            assert onglet.locator("h1").inner_text() != introuvable, chemin
            if titre:
                assert onglet.locator("h1").inner_text() == titre
        reponse = onglet.goto(serveur.url("donnees/baremes/index.json"))
        assert reponse is not None and reponse.ok
        index = json.loads(reponse.text())
        assert index, "index des données ouvertes vide"
        reponse = onglet.goto(serveur.url("404.html"))
        assert reponse is not None
        assert onglet.locator("h1").inner_text() == introuvable
    finally:
        onglet.context.set_offline(False)


ECONOMIE_DE_DONNEES = """Object.defineProperty(navigator, 'connection', {
  configurable: true, get: () => ({saveData: true}),
});"""


def test_en_economie_de_donnees_aucune_page_n_enregistre_le_service_worker(nouvel_onglet, serveur):
    onglet = nouvel_onglet()
    onglet.add_init_script(ECONOMIE_DE_DONNEES)
    ouvrir_page(onglet, serveur.url("faq/"))
    onglet.wait_for_load_state("load")
    assert onglet.evaluate("() => navigator.connection.saveData")
    # hors-ligne.mjs enregistre au chargement : une image plus tard, c'est fait ou jamais.
    onglet.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 500)))")
    assert (
        onglet.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length")
        == 0
    )
    assert onglet.evaluate("() => caches.keys()") == []
    # Le contrôle : la même page, sans économie de données, l'enregistre.
    lire_une_page(nouvel_onglet, serveur, "faq/")


def test_le_simulateur_ouvert_apres_une_page_lue_garde_le_runtime(nouvel_onglet, serveur):
    """Service worker déjà installé par une page de lecture, sur un forfait mobile (rien de
    demandé d'avance) : le simulateur prêt lui demande le runtime Python, qui est alors gardé."""
    onglet = lire_une_page(nouvel_onglet, serveur, connexion=FORFAIT_MOBILE)
    ouvrir(onglet, serveur)
    attendre_pret(onglet)
    fin = time.monotonic() + 60
    while time.monotonic() < fin:
        gardes = onglet.evaluate(GARDES)
        roue = any(a.endswith(".whl.zst") for a in gardes)
        if "/echelon/py/pyodide-lock.json" in gardes and roue:
            break
        time.sleep(0.2)
    assert "/echelon/py/pyodide-lock.json" in gardes
    version = pages.lire_reglages()[0]["pyodide"]["version"]
    assert f"/echelon/pyodide/{version}/python_stdlib.zip.zst" in gardes
