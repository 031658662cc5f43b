"""Mesure le démarrage du simulateur (Pyodide dans un worker) face au runtime de série.

    .venv/bin/python bench/demarrage.py [--runs 5] [--runs-reseau N] [--sans-lighthouse]
                                        [--scenarios local,4g,slow4g,page,lighthouse,sans-sw]
                                        [--calme 5] [--pages-lighthouse toutes]
                                        [--navigateur-juste-lance] [--json FICHIER]

Ce que fait le banc, de bout en bout (il s'arrête de lui-même et efface ses dossiers) :

1. Il construit le site (`build.construire`) dans un dossier temporaire, et y ajoute une
   page de BASE, `/echelon/baseline/` : les fichiers du paquet npm de Pyodide tels quels (tout
   le paquet : `python_stdlib.zip` complet, le `pyodide-lock.json` d'origine), démarrés dans un
   worker module de la façon documentée par Pyodide (`loadPyodide({indexURL})`, puis
   `pyodide.loadPackage(URL de la roue)`), avec la roue du calculateur posée à côté : la même,
   mais avec ses sources (le site publie la sienne sans elles, bytecode seul).
2. Il sert ce dossier comme GitHub Pages (bench/serveur.py : sous-chemin, gzip à la volée,
   `max-age=600`, ETag/304, `application/wasm`) sur 127.0.0.1 seulement.
3. Il pilote le Chromium de Debian (Playwright, un profil neuf par passe ; chaque visite
   attend que le navigateur ait fini son propre démarrage, `attendre_chromium_au_repos`, sauf
   avec `--navigateur-juste-lance`) et mesure, en alternant notre site et la base à chaque
   passe :
   - « prêt » : `performance.now()` (origine : début de la navigation) du premier message
     `{etat: "pret"}` du worker, observé par un script injecté qui enveloppe `Worker` (le site
     n'est pas modifié) ; à froid (cache vide) puis à la visite suivante (même profil, nouvel
     onglet ; notre service worker est alors installé ; le banc attend d'abord, 60 s au plus,
     que notre instantané soit écrit : `instantane_ecrit_s`) ;
   - les octets envoyés par le serveur (en-têtes + corps compressé, comptés sur la connexion,
     requête par requête, sous le cookie de la visite) : jusqu'à « prêt », puis pour toute la
     première visite (préchargement du service worker compris), puis à la visite suivante ;
   - l'aller-retour d'une estimation une fois prêt (`postMessage` → réponse, dans la page ;
     médiane de 20 par passe) ;
   - « prêt » à froid sous limitation réseau CDP (`Network.emulateNetworkConditions` sur la
     session de la page, qui s'applique aussi aux téléchargements du worker) : « Slow 4G »
     (1,6 Mbit/s, 750 kbit/s, 150 ms) et « 4G » (9 Mbit/s, 1,5 Mbit/s, 60 ms) ;
   - notre page seule sur Slow 4G : le moment où le champ du revenu est visible et actif.
4. Lighthouse (préréglage mobile) sur /echelon/ et /echelon/simulateur/ (avec
   `--pages-lighthouse toutes` : sur chaque page du site), si `npm install lighthouse@12`
   réussit dans un dossier temporaire ; sinon il dit pourquoi et continue.

Il imprime un tableau Markdown (médiane, min–max) avec la machine, et écrit les mesures brutes
en JSON si on le demande. Résultats et lecture : docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(RACINE), str(Path(__file__).resolve().parent)]

from serveur import ServeurPages  # noqa: E402

import build  # noqa: E402
from construction import pages, simulateur  # noqa: E402
from construction.baremes_yaml import charger_baremes, fichiers_de_baremes  # noqa: E402

CHROMIUM = os.environ.get("ECHELON_CHROMIUM", "/usr/bin/chromium")
ARGUMENTS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SOUS_CHEMIN = "/echelon/"
SITES = {"notre": "simulateur/", "base": "baseline/"}
RESEAUX = {
    "slow4g": {"nom": "Slow 4G", "debit": 1_600_000, "montant": 750_000, "rtt": 150},
    "4g": {"nom": "4G", "debit": 9_000_000, "montant": 1_500_000, "rtt": 60},
}
SCENARIOS = ("local", "4g", "slow4g", "page", "lighthouse")
CATEGORIES_LH = ("performance", "accessibility", "best-practices", "seo")
SCENARIOS_FACULTATIFS = ("sans-sw", "etudiant")
"""`sans-sw` : comme `local`, notre site seul, service workers bloqués (visite suivante servie
par le cache HTTP) : pour comparer le service worker au cache HTTP. `etudiant` : le parcours
d'un étudiant sur un téléphone lent (voir `Banc.visite_etudiant`), notre site et, avec
`--site-avant`, un site construit ailleurs (la tête précédente), en alternance. Pas lancés
par défaut."""
CPU_DU_TELEPHONE = 4
"""`Emulation.setCPUThrottlingRate` du scénario `etudiant` : un processeur 4 fois plus lent."""
LECTURE_DE_L_ACCUEIL_S = 8
SAISIE_ETUDIANT = (
    ("#revenu_brut_global", "38 500"),
    ("#distance_km", "120"),
    ("#enfants_a_charge", "2"),
    ("#dont_etudiants_superieur", "1"),
)
"""Ce que l'étudiant tape, champ par champ (4,2 s de réflexion avant chaque champ, 150 ms par
touche : une vingtaine de secondes en tout)."""
REFLEXION_PAR_CHAMP_S = 4.2
DELAI_PAR_TOUCHE_MS = 150
DELAI_RESULTAT_ETUDIANT_S = 180
ESTIMATIONS = 20
SITUATION = {
    "revenu_brut_global": 21988,
    "distance_km": 40,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}
DELAI_PRET_LOCAL_S = 90
DELAI_PRET_RESEAU_S = 240
DELAI_SERVICE_WORKER_S = 60
DELAI_INSTANTANE_S = 60
# L'instantané de notre worker est écrit dans l'OPFS (fichier echelon-instantane-…) quand son
# écriture se termine : avant, il n'a que zéro octet, ou n'existe pas. Vrai dès qu'il est là.
INSTANTANE_ECRIT = """async () => {
  const dossier = await navigator.storage.getDirectory();
  try { // un fichier d'écriture en cours (.crswap) peut disparaître pendant la lecture
    for await (const [nom, poignee] of dossier.entries()) {
      if (/^echelon-instantane-[0-9a-f]+$/.test(nom) && (await poignee.getFile()).size > 0) {
        return true;
      }
    }
  } catch {}
  return false;
}"""

# --- Ce qui est injecté dans les pages ---------------------------------------------------------

OBSERVATEUR_DU_WORKER = """
(() => {
  if (typeof window === "undefined" || typeof window.Worker !== "function") return;
  const Origine = window.Worker;
  window.__workers = [];
  class WorkerObserve extends Origine {
    constructor(...args) {
      super(...args);
      window.__workers.push(this);
      if (window.__debutWorker === undefined) window.__debutWorker = performance.now();
      this.addEventListener("message", (evenement) => {
        const d = evenement.data;
        if (!d || typeof d !== "object") return;
        if (d.etat === "pret" && window.__pret === undefined) {
          window.__pret = performance.now();
          window.__depart = d.depart;
        }
        if (d.etat === "echec" && window.__echec === undefined) {
          window.__echec = String(d.message || "échec");
        }
      });
      this.addEventListener("error", (evenement) => {
        if (window.__echec === undefined) {
          window.__echec = "erreur du worker : " + (evenement.message || "sans message");
        }
      });
    }
  }
  window.Worker = WorkerObserve;
})();
"""

OBSERVATEUR_DU_FORMULAIRE = """
(() => {
  if (typeof window === "undefined") return;
  const debut = performance.now();
  const verifier = () => {
    // Utilisable : le champ du revenu est peint et actif, et le bouton d'envoi aussi (le
    // module de la page a pris la main ; le calculateur, lui, peut encore se charger).
    const champ = document.getElementById("revenu_brut_global");
    const bouton = document.getElementById("estimer");
    const peinte = performance.getEntriesByName("first-contentful-paint").length > 0;
    const visible = peinte && champ && !champ.disabled && champ.checkVisibility &&
      champ.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) &&
      champ.getBoundingClientRect().width > 0 && bouton && !bouton.disabled;
    if (visible) {
      window.__utilisable = performance.now();
    } else if (performance.now() - debut < 120000) {
      setTimeout(verifier, 5);
    }
  };
  verifier();
})();
"""

OBSERVATEUR_DU_RESULTAT = """
(() => {
  if (typeof window === "undefined" || !location.pathname.endsWith("/simulateur/")) return;
  // L'étudiant touche « Estimer ma bourse » : l'instant du doigt posé ; puis l'instant où la
  // carte de l'échelon est visible dans #resultat.
  addEventListener("pointerdown", (evenement) => {
    if (evenement.target.closest && evenement.target.closest("#estimer")) {
      window.__clic = performance.now();
    }
  }, true);
  const verifier = () => {
    const carte = document.querySelector("#resultat[data-echelon] .carte-echelon");
    if (window.__clic !== undefined && window.__carte === undefined && carte &&
        carte.getBoundingClientRect().height > 0 && carte.checkVisibility()) {
      window.__carte = performance.now();
      return;
    }
    requestAnimationFrame(verifier);
  };
  requestAnimationFrame(verifier);
})();
"""

ESTIMER_N_FOIS = """
async ([n, situation]) => {
  const worker = window.__workers[0];
  const durees = [];
  for (let i = 0; i < n; i++) {
    const id = `banc-${i}`;
    const entree = { ...situation, revenu_brut_global: situation.revenu_brut_global + 137 * i };
    const debut = performance.now();
    const reponse = await new Promise((resoudre, rejeter) => {
      const minuterie = setTimeout(() => rejeter(new Error("pas de réponse en 10 s")), 10000);
      const ecouter = (evenement) => {
        if (evenement.data && evenement.data.id === id) {
          clearTimeout(minuterie);
          worker.removeEventListener("message", ecouter);
          resoudre(evenement.data);
        }
      };
      worker.addEventListener("message", ecouter);
      worker.postMessage({ id, action: "estimer", entree });
    });
    durees.push(performance.now() - debut);
    if (!reponse.resultat) throw new Error("réponse sans résultat : " + JSON.stringify(reponse));
  }
  return durees;
}
"""

PAGE_DE_BASE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Base : Pyodide de série</title>
<link rel="icon" href="data:,">
<script type="module" src="./page.mjs"></script>
</head>
<body>
<h1>Base : Pyodide de série, même roue</h1>
<p id="etat" role="status">Chargement…</p>
</body>
</html>
"""

MODULE_DE_BASE = """// Page de base du banc : démarre le worker dès le chargement, affiche son état.
const etat = document.getElementById("etat");
const worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
worker.addEventListener("message", (evenement) => {
  if (evenement.data && evenement.data.etat) etat.textContent = evenement.data.etat;
});
"""

WORKER_DE_BASE = """// Worker de base du banc : Pyodide tel que publié sur npm, chargé de la façon
// documentée (loadPyodide({indexURL}) lit le pyodide-lock.json d'origine), puis la roue du
// calculateur par loadPackage(URL). Même protocole que le worker du site.
import { loadPyodide } from "./pyodide/pyodide.mjs";

async function demarrer() {
  const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
  await pyodide.loadPackage(new URL("./pyodide/__ROUE__", import.meta.url).href);
  return pyodide.pyimport("calculator.navigateur");
}

const pret = demarrer();
pret.then(
  () => postMessage({ etat: "pret" }),
  (erreur) => postMessage({ etat: "echec", message: String((erreur && erreur.message) || erreur) }),
);

onmessage = async ({ data: demande }) => {
  const { id, action } = demande;
  try {
    const calculateur = await pret;
    if (action !== "estimer") throw new Error(`action inconnue « ${action} »`);
    postMessage({ id, ...JSON.parse(calculateur.estimer(JSON.stringify(demande.entree))) });
  } catch (erreur) {
    postMessage({ id, erreur: { erreurs: [{ champ: null, message: String(erreur) }] } });
  }
};
"""

# --- Petits outils ---------------------------------------------------------------------------


def journal(texte: str) -> None:
    print(texte, file=sys.stderr, flush=True)


def fr(valeur: float, decimales: int) -> str:
    return f"{valeur:.{decimales}f}".replace(".", ",")


def resume(valeurs: list[float | None]) -> dict[str, Any] | None:
    """Médiane, min, max des valeurs mesurées (les passes en échec sont comptées à part)."""
    bonnes = [v for v in valeurs if v is not None]
    if not bonnes:
        return None
    return {
        "mediane": statistics.median(bonnes),
        "min": min(bonnes),
        "max": max(bonnes),
        "n": len(bonnes),
        "echecs": len(valeurs) - len(bonnes),
    }


def attendre_le_calme(serveur: ServeurPages, jeton: str, calme_s: float, maximum_s: float) -> None:
    """Attend qu'aucune requête de la visite n'arrive pendant `calme_s` (au plus `maximum_s`)."""
    fin = time.monotonic() + maximum_s
    vues, depuis = -1, time.monotonic()
    while time.monotonic() < fin:
        nombre = len(serveur.requetes(jeton))
        if nombre != vues:
            vues, depuis = nombre, time.monotonic()
        elif time.monotonic() - depuis >= calme_s:
            return
        time.sleep(0.1)


def compteurs_cpu() -> list[int]:
    """La ligne « cpu » de /proc/stat (jiffies : user, nice, system, idle, iowait, …, steal)."""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return []


def charge_pendant(avant: list[int], apres: list[int]) -> dict[str, float] | None:
    """Part du temps CPU occupé et volé par l'hyperviseur entre deux relevés (toute la machine)."""
    if len(avant) < 8 or len(apres) < 8:
        return None
    delta = [b - a for a, b in zip(avant, apres, strict=False)]
    total = sum(delta[:8]) or 1
    return {
        "occupe": round(1 - (delta[3] + delta[4]) / total, 3),
        "vole": round(delta[7] / total, 3),
    }


def cpu_de_chromium() -> dict[int, float]:
    """Le temps CPU (user + system, en ms) de chaque processus Chromium en cours (/proc, Linux).

    Chaque passe lance son propre Chromium, seul en cours à ce moment : la différence entre deux
    relevés est le travail que la visite a demandé à la machine, tous processus et fils
    confondus (page, worker, compilation du WebAssembly en arrière-plan, réseau, GPU).
    """
    tic = os.sysconf("SC_CLK_TCK")
    temps: dict[int, float] = {}
    for dossier in Path("/proc").glob("[0-9]*"):
        try:
            stat = (dossier / "stat").read_text()
        except OSError:
            continue
        nom = stat[stat.find("(") + 1 : stat.rfind(")")]
        if nom.startswith(("chromium", "chrome")):
            champs = stat[stat.rfind(")") + 2 :].split()
            temps[int(dossier.name)] = (int(champs[11]) + int(champs[12])) * 1000 / tic
    return temps


def cpu_consomme(avant: dict[int, float], apres: dict[int, float]) -> float | None:
    """Le temps CPU dépensé par Chromium entre deux relevés (ms), ou None hors de Linux."""
    if not apres:
        return None
    return sum(ms - avant.get(pid, 0.0) for pid, ms in apres.items())


def attendre_chromium_au_repos(
    maximum_s: float = 15, fenetre_s: float = 0.25, seuil: float = 0.1
) -> float | None:
    """Attend que Chromium, juste lancé, ait fini son propre démarrage : deux fenêtres de
    `fenetre_s` de suite où tous ses processus ensemble ont pris moins de `seuil` d'un cœur.
    Renvoie l'attente en secondes, None si le repos n'est pas venu en `maximum_s`.

    Sans cette attente, la première visite partageait le processeur avec le démarrage du
    navigateur lui-même : dans une trace (2026-12-04), le Chromium de Debian charge, à son
    lancement, la page interne de sa barre d'adresse (chrome://omnibox-popup.top-chrome), près
    d'une seconde de processeur dans un autre moteur de rendu, pendant la visite mesurée. Un
    étudiant ouvre le site dans un navigateur déjà lancé.
    """
    debut = time.monotonic()
    avant, calmes = cpu_de_chromium(), 0
    while time.monotonic() - debut < maximum_s:
        time.sleep(fenetre_s)
        apres = cpu_de_chromium()
        consomme = cpu_consomme(avant, apres)
        if consomme is None:
            return None
        calmes = calmes + 1 if consomme < seuil * fenetre_s * 1000 else 0
        if calmes >= 2:
            return round(time.monotonic() - debut, 2)
        avant = apres
    return None


def temoin() -> float:
    """Une charge CPU fixe (celle de bench/jsonl.py) : la vitesse de la machine à cet instant."""
    debut = time.perf_counter()
    sum(range(2 * 10**7))
    return time.perf_counter() - debut


def machine() -> dict[str, Any]:
    modele = "inconnu"
    with contextlib.suppress(OSError):
        for ligne in Path("/proc/cpuinfo").read_text().splitlines():
            if ligne.startswith("model name"):
                modele = ligne.split(":", 1)[1].strip()
                break
    memoire = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for ligne in Path("/proc/meminfo").read_text().splitlines():
            if ligne.startswith("MemTotal"):
                memoire = round(int(ligne.split()[1]) / 1024 / 1024, 1)
    try:
        sortie = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as erreur:
        sortie = f"inconnu ({erreur})"
    return {
        "cpu": modele,
        "coeurs": os.cpu_count(),
        "memoire_gio": memoire,
        "noyau": platform.release(),
        "chromium": sortie,
        "python": platform.python_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# --- Les deux sites --------------------------------------------------------------------------


def preparer_les_sites(dossier: Path) -> dict[str, Any]:
    """Construit notre site dans `dossier`, puis y ajoute la page de base (baseline/)."""
    erreurs = build.construire(dossier).erreurs
    if erreurs:
        raise SystemExit("build.construire a échoué :\n" + "\n".join(str(e) for e in erreurs))
    reglages, erreurs = pages.lire_reglages()
    if erreurs:
        raise SystemExit("site_src/site.yaml : " + "; ".join(str(e) for e in erreurs))
    version = reglages["pyodide"]["version"]
    archive, erreurs = simulateur.paquet_pyodide(version, reglages["pyodide"]["integrite"])
    if archive is None:
        raise SystemExit("paquet Pyodide : " + "; ".join(str(e) for e in erreurs))
    roues = sorted((dossier / "py").glob("*.whl"))
    if len(roues) != 1:
        raise SystemExit(f"une roue attendue dans {dossier / 'py'}, trouvé : {roues}")
    # La base charge la roue avec ses sources (et le même bytecode), comme avant que le site
    # ne publie la sienne sans elles : la comparaison ne bouge pas avec nos réductions.
    baremes, erreurs = charger_baremes(fichiers_de_baremes())
    prets, erreurs = (None, erreurs) if erreurs else simulateur.runtime_et_roue(reglages, baremes)
    if prets is None:
        raise SystemExit("roue de la base : " + "; ".join(str(e) for e in erreurs))
    roue_de_la_base = prets[2]
    if roue_de_la_base.nom != roues[0].name:
        raise SystemExit(f"roue de la base {roue_de_la_base.nom} ≠ roue du site {roues[0].name}")
    base = dossier / "baseline"
    runtime = base / "pyodide"
    runtime.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        for membre in tar.getmembers():
            if membre.isfile() and membre.name.startswith("package/"):
                cible = runtime / membre.name.removeprefix("package/")
                cible.parent.mkdir(parents=True, exist_ok=True)
                cible.write_bytes(tar.extractfile(membre).read())
    roue = runtime / roue_de_la_base.nom
    roue.write_bytes(roue_de_la_base.avec_sources)
    (base / "index.html").write_text(PAGE_DE_BASE, encoding="utf-8")
    (base / "page.mjs").write_text(MODULE_DE_BASE, encoding="utf-8")
    (base / "worker.mjs").write_text(
        WORKER_DE_BASE.replace("__ROUE__", roue.name), encoding="utf-8"
    )
    return {
        "pyodide": version,
        "roue": roue.name,
        "octets_roue_base": roue.stat().st_size,
        "octets_roue": roues[0].stat().st_size,
    }


# --- Navigateur ------------------------------------------------------------------------------


class Banc:
    """Le serveur, Playwright, et les dossiers de profils : une visite mesurée par méthode."""

    def __init__(
        self,
        playwright: Any,
        serveur: ServeurPages,
        origine: str,
        profils: Path,
        avant: tuple[ServeurPages, str] | None = None,
        attendre_le_repos: bool = True,
    ):
        self.pw = playwright
        self.serveur = serveur
        self.origine = origine
        self.profils = profils
        self.compteur = 0
        self.attendre_le_repos = attendre_le_repos
        """Chaque visite attend d'abord que Chromium ait fini son démarrage (sauf
        --navigateur-juste-lance) ; la durée de l'attente : repos_au_lancement_s."""
        self.repos_au_lancement_s: float | None = None
        self.avant = avant

    def url(self, site: str) -> str:
        return self.origine + SOUS_CHEMIN + SITES[site]

    def jeton(self, nom: str) -> str:
        self.compteur += 1
        return f"{self.compteur}-{nom}"

    @contextlib.contextmanager
    def contexte(
        self, formulaire: bool = False, sans_service_worker: bool = False
    ) -> Iterator[tuple[Any, Any, list[str]]]:
        """Un Chromium au profil neuf (effacé ensuite), avec l'observateur du worker."""
        profil = Path(tempfile.mkdtemp(prefix="profil-", dir=self.profils))
        contexte = self.pw.chromium.launch_persistent_context(
            str(profil),
            executable_path=CHROMIUM,
            args=ARGUMENTS_CHROMIUM,
            headless=True,
            service_workers="block" if sans_service_worker else "allow",
        )
        messages: list[str] = []
        try:
            contexte.set_default_timeout(60_000)
            contexte.add_init_script(script=OBSERVATEUR_DU_WORKER)
            if formulaire:
                contexte.add_init_script(script=OBSERVATEUR_DU_FORMULAIRE)
            page = contexte.pages[0] if contexte.pages else contexte.new_page()
            self.ecouter(page, messages)
            self.repos_au_lancement_s = (
                attendre_chromium_au_repos() if self.attendre_le_repos else None
            )
            yield contexte, page, messages
        finally:
            with contextlib.suppress(Exception):
                contexte.close()
            shutil.rmtree(profil, ignore_errors=True)

    @staticmethod
    def ecouter(page: Any, messages: list[str]) -> None:
        def noter(message: Any) -> None:
            if message.type in ("warning", "error") and len(messages) < 50:
                messages.append(f"{message.type}: {message.text[:300]}")

        page.on("console", noter)
        page.on("pageerror", lambda e: messages.append(f"pageerror: {str(e)[:300]}"))

    def cookie(self, contexte: Any, jeton: str) -> None:
        contexte.add_cookies([{"name": "banc", "value": jeton, "url": self.origine + "/"}])

    def attendre_pret(
        self, page: Any, delai_s: float, messages: list[str] | None = None
    ) -> dict[str, Any]:
        try:
            page.wait_for_function(
                "() => window.__pret !== undefined || window.__echec !== undefined",
                polling=50,
                timeout=delai_s * 1000,
            )
        except Exception as erreur:
            etat = "?"
            with contextlib.suppress(Exception):
                etat = page.evaluate(
                    "() => JSON.stringify({workers: (window.__workers || []).length, "
                    "debut: window.__debutWorker, etat: (document.getElementById("
                    "'etat-calculateur') || document.getElementById('etat') || {}).textContent})"
                )
            console = " | ".join((messages or [])[-5:])
            raise RuntimeError(
                f"pas prêt en {delai_s} s ({type(erreur).__name__}) ; page : {etat} ; "
                f"console : {console or 'rien'}"
            ) from None
        etat = page.evaluate(
            "() => ({pret: window.__pret, echec: window.__echec, debut: window.__debutWorker, "
            "depart: window.__depart})"
        )
        if etat.get("echec") is not None:
            raise RuntimeError(f"le worker a échoué : {etat['echec']}")
        return etat

    def octets(self, jeton: str, filtre: Callable[[str], bool] | None = None) -> int:
        return sum(
            r.octets for r in self.serveur.requetes(jeton) if filtre is None or filtre(r.chemin)
        )

    def requetes(self, jeton: str) -> list[list[Any]]:
        return [
            [r.chemin.removeprefix(SOUS_CHEMIN), r.statut, r.octets, r.codage == "gzip"]
            for r in self.serveur.requetes(jeton)
        ]

    # --- Les scénarios ---------------------------------------------------------------------

    def visite_locale(self, site: str, sans_service_worker: bool = False) -> dict[str, Any]:
        """À froid, estimations, service worker installé, puis visite suivante (même profil)."""
        mesure: dict[str, Any] = {"site": site}
        with self.contexte(sans_service_worker=sans_service_worker) as (contexte, page, messages):
            froid = self.jeton(f"{site}-froid")
            self.cookie(contexte, froid)
            mesure["repos_au_lancement_s"] = self.repos_au_lancement_s
            cpu_avant = cpu_de_chromium()
            page.goto(self.url(site), wait_until="commit")
            etat = self.attendre_pret(page, DELAI_PRET_LOCAL_S, messages)
            mesure["cpu_froid_ms"] = cpu_consomme(cpu_avant, cpu_de_chromium())
            mesure["pret_froid_ms"] = etat["pret"]
            mesure["debut_worker_froid_ms"] = etat["debut"]
            mesure["octets_jusqu_a_pret"] = self.octets(froid)
            # Tout de suite après « prêt » (la page finit alors son propre démarrage)…
            durees = page.evaluate(ESTIMER_N_FOIS, [ESTIMATIONS, SITUATION])
            mesure["estimations_apres_pret_ms"] = durees
            mesure["premiere_estimation_ms"] = durees[0]
            if site == "notre" and not sans_service_worker:
                debut = time.monotonic()
                try:
                    page.wait_for_function(
                        "() => !!navigator.serviceWorker && !!navigator.serviceWorker.controller",
                        polling=100,
                        timeout=DELAI_SERVICE_WORKER_S * 1000,
                    )
                    mesure["service_worker_s"] = round(time.monotonic() - debut, 2)
                except Exception as erreur:
                    mesure["service_worker_s"] = None
                    mesure["service_worker_erreur"] = str(erreur).splitlines()[0]
            attendre_le_calme(self.serveur, froid, calme_s=1.0, maximum_s=30)
            mesure["octets_premiere_visite"] = self.octets(froid)
            # … puis au repos (service worker installé, plus aucune requête) : le coût du calcul.
            durees = page.evaluate(ESTIMER_N_FOIS, [ESTIMATIONS, SITUATION])
            mesure["estimations_ms"] = durees
            mesure["estimation_mediane_ms"] = statistics.median(durees)
            mesure["requetes_froid"] = self.requetes(froid)
            if site == "notre":
                # La visite suivante ne repart de l'instantané que s'il est écrit : sur une
                # machine chargée, elle repartait sinon de zéro, et son rapport était faux.
                mesure["instantane_ecrit_s"] = self.attendre_l_instantane(page)

            repetee = self.jeton(f"{site}-repetee")
            self.cookie(contexte, repetee)
            nouvelle, etat = self.visite_suivante(contexte, page, site, messages)
            mesure["pret_repete_ms"] = etat["pret"]
            mesure["depart_repete"] = etat.get("depart")
            mesure["controle_par_service_worker"] = nouvelle.evaluate(
                "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
            )
            attendre_le_calme(self.serveur, repetee, calme_s=1.0, maximum_s=15)
            mesure["octets_visite_repetee"] = self.octets(repetee)
            mesure["requetes_repetee"] = self.requetes(repetee)
            # Une troisième visite : le code WebAssembly compilé gardé par le navigateur (une
            # visite le compile, la suivante le retrouve) se voit ici quand il n'a pu être
            # gardé qu'à la deuxième.
            _, etat = self.visite_suivante(contexte, nouvelle, site, messages)
            mesure["pret_troisieme_ms"] = etat["pret"]
            mesure["depart_troisieme"] = etat.get("depart")
            mesure["console"] = messages
        return mesure

    def attendre_l_instantane(self, page: Any) -> float | None:
        """Attend (DELAI_INSTANTANE_S au plus) que notre instantané soit écrit : la durée de
        l'attente en secondes, None s'il ne l'est pas à temps."""
        debut = time.monotonic()
        while time.monotonic() - debut < DELAI_INSTANTANE_S:
            if page.evaluate(INSTANTANE_ECRIT):
                return round(time.monotonic() - debut, 2)
            time.sleep(0.1)
        journal(f"  instantané non écrit en {DELAI_INSTANTANE_S} s")
        return None

    def visite_suivante(
        self, contexte: Any, precedente: Any, site: str, messages: list[str]
    ) -> tuple[Any, dict[str, Any]]:
        """Un nouvel onglet du même profil, la page précédente fermée : l'onglet et son état."""
        onglet = contexte.new_page()
        self.ecouter(onglet, messages)
        precedente.close()
        onglet.goto(self.url(site), wait_until="commit")
        return onglet, self.attendre_pret(onglet, DELAI_PRET_LOCAL_S, messages)

    def limiter(self, contexte: Any, page: Any, reseau: str) -> None:
        conditions = RESEAUX[reseau]
        session = contexte.new_cdp_session(page)
        session.send("Network.enable")
        session.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": conditions["rtt"],
                "downloadThroughput": conditions["debit"] / 8,
                "uploadThroughput": conditions["montant"] / 8,
            },
        )

    def visite_limitee(self, site: str, reseau: str) -> dict[str, Any]:
        mesure: dict[str, Any] = {"site": site, "reseau": reseau}
        with self.contexte() as (contexte, page, messages):
            jeton = self.jeton(f"{site}-{reseau}")
            self.cookie(contexte, jeton)
            self.limiter(contexte, page, reseau)
            page.goto(self.url(site), wait_until="commit", timeout=DELAI_PRET_RESEAU_S * 1000)
            etat = self.attendre_pret(page, DELAI_PRET_RESEAU_S, messages)
            mesure["pret_froid_ms"] = etat["pret"]
            mesure["debut_worker_ms"] = etat["debut"]
            mesure["octets_jusqu_a_pret"] = self.octets(jeton)
            mesure["console"] = messages
        return mesure

    def limiter_les_service_workers(self, navigateur: Any, reseau: str) -> Any:
        """La même limitation réseau pour chaque service worker qui démarre : celle de la page
        ne s'applique pas à ses téléchargements (vérifié : sans elle, le runtime demandé
        d'avance arrive en quelques secondes sur « Slow 4G »). Chaque service worker a donc
        son propre débit, en plus de celui de la page."""
        conditions = RESEAUX[reseau]
        session = navigateur.new_browser_cdp_session()
        reglage = {
            "offline": False,
            "latency": conditions["rtt"],
            "downloadThroughput": conditions["debit"] / 8,
            "uploadThroughput": conditions["montant"] / 8,
        }

        def limiter(evenement: dict[str, Any]) -> None:
            cible = evenement["targetInfo"]
            if cible["type"] != "service_worker":
                return
            reponse = session.send(
                "Target.attachToTarget", {"targetId": cible["targetId"], "flatten": False}
            )
            # Comme pour la page : le domaine Network d'abord, puis la limitation (sans lui, elle
            # ne tenait pas toujours : runtime arrivé plus vite que le débit ne le permet).
            for numero, methode, parametres in (
                (1, "Network.enable", {}),
                (2, "Network.emulateNetworkConditions", reglage),
            ):
                message = {"id": numero, "method": methode, "params": parametres}
                session.send(
                    "Target.sendMessageToTarget",
                    {"sessionId": reponse["sessionId"], "message": json.dumps(message)},
                )

        session.on("Target.targetCreated", limiter)
        session.send("Target.setDiscoverTargets", {"discover": True})
        return session

    def visite_etudiant(self, site: str) -> dict[str, Any]:
        """Un étudiant sur un téléphone lent (Slow 4G, processeur 4 fois plus lent), profil
        neuf : il ouvre l'accueil, lit 8 s, touche « Estimer ma bourse », remplit le
        formulaire à son rythme (une vingtaine de secondes), touche « Estimer ma bourse » :
        le temps entre ce doigt posé et la carte de l'échelon visible. `site` : « notre »
        (ce dépôt) ou « avant » (`--site-avant`)."""
        serveur, origine = (self.serveur, self.origine) if site == "notre" else self.avant
        mesure: dict[str, Any] = {"site": site, "reseau": "slow4g"}
        navigateur = self.pw.chromium.launch(
            executable_path=CHROMIUM, args=ARGUMENTS_CHROMIUM, headless=True
        )
        # Le débit de « Slow 4G » tenu aussi par le serveur, pour tout ce qu'il envoie : la
        # limitation d'un service worker par le navigateur ne tenait pas toujours (le runtime
        # demandé d'avance arrivait alors plus vite que le débit ne le permet).
        serveur.liaison.debit = RESEAUX["slow4g"]["debit"] / 8
        try:
            self.limiter_les_service_workers(navigateur, "slow4g")
            contexte = navigateur.new_context(
                viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True
            )
            contexte.set_default_timeout(DELAI_RESULTAT_ETUDIANT_S * 1000)
            contexte.add_init_script(script=OBSERVATEUR_DU_WORKER)
            contexte.add_init_script(script=OBSERVATEUR_DU_RESULTAT)
            jeton = self.jeton(f"{site}-etudiant")
            contexte.add_cookies([{"name": "banc", "value": jeton, "url": origine + "/"}])
            page = contexte.new_page()
            messages: list[str] = []
            self.ecouter(page, messages)

            def limiter_la_page() -> None:
                self.limiter(contexte, page, "slow4g")
                session = contexte.new_cdp_session(page)
                session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_DU_TELEPHONE})

            limiter_la_page()
            debut = time.monotonic()
            page.goto(origine + SOUS_CHEMIN, wait_until="load", timeout=60_000)
            page.wait_for_timeout(LECTURE_DE_L_ACCUEIL_S * 1000)
            page.locator("main a", has_text="Estimer ma bourse").first.tap()
            page.wait_for_url("**/simulateur/", wait_until="commit")
            accueil_s = time.monotonic() - debut
            # La page suivante garde la session CDP de l'onglet ; la limitation est redonnée
            # quand même (sans effet si elle tenait déjà).
            limiter_la_page()
            page.wait_for_selector("#estimer:enabled")
            for selecteur, texte in SAISIE_ETUDIANT:
                page.wait_for_timeout(REFLEXION_PAR_CHAMP_S * 1000)
                champ = page.locator(selecteur)
                champ.tap()
                champ.fill("")
                champ.press_sequentially(texte, delay=DELAI_PAR_TOUCHE_MS)
            mesure["pret_avant_le_clic"] = page.evaluate("() => window.__pret !== undefined")
            page.locator("#estimer").tap()
            page.wait_for_function(
                "() => window.__carte !== undefined || window.__echec !== undefined",
                polling=100,
                timeout=DELAI_RESULTAT_ETUDIANT_S * 1000,
            )
            etat = page.evaluate(
                "() => ({clic: window.__clic, carte: window.__carte, pret: window.__pret, "
                "echec: window.__echec, debut: window.__debutWorker})"
            )
            if etat.get("echec") is not None or etat.get("carte") is None:
                raise RuntimeError(f"pas de résultat : {etat} ; {' | '.join(messages[-3:])}")
            mesure["attente_du_resultat_ms"] = etat["carte"] - etat["clic"]
            mesure["clic_ms"] = etat["clic"]
            mesure["pret_ms"] = etat["pret"]
            mesure["debut_worker_ms"] = etat["debut"]
            mesure["echelon"] = page.get_attribute("#resultat", "data-echelon")
            requetes = [
                [r.chemin.removeprefix(SOUS_CHEMIN), r.statut, r.octets]
                for r in serveur.requetes(jeton)
            ]
            mesure["requetes"] = requetes
            runtime = [r for r in requetes if r[0].startswith(("pyodide/", "py/")) and r[1] == 200]
            vus = [r[0] for r in runtime]
            mesure["runtime_telecharge_deux_fois"] = sorted({c for c in vus if vus.count(c) > 1})
            mesure["octets"] = sum(r[2] for r in requetes)
            # Le contrôle de la limitation : une passe où le runtime serait arrivé plus vite que
            # « Slow 4G » ne le permet serait écartée de la médiane (notée, pas cachée). Depuis
            # que le serveur tient aussi le débit, elle ne devrait plus l'être.
            octets_runtime = sum(r[2] for r in runtime)
            minimum_s = octets_runtime * 8 / RESEAUX["slow4g"]["debit"]
            mesure["accueil_s"] = round(accueil_s, 2)
            mesure["limitation_tenue"] = accueil_s + etat["pret"] / 1000 >= 0.95 * minimum_s
            if not mesure["limitation_tenue"]:
                mesure["attente_sans_limite_ms"] = mesure.pop("attente_du_resultat_ms")
            mesure["console"] = messages
        finally:
            serveur.liaison.debit = None
            with contextlib.suppress(Exception):
                navigateur.close()
        return mesure

    def page_utilisable(self) -> dict[str, Any]:
        """Notre page seule (HTML, CSS, JS, données ; le runtime continue derrière) sur Slow 4G."""
        mesure: dict[str, Any] = {"site": "notre", "reseau": "slow4g"}

        def hors_runtime(chemin: str) -> bool:
            return not chemin.startswith((SOUS_CHEMIN + "pyodide/", SOUS_CHEMIN + "py/"))

        with self.contexte(formulaire=True) as (contexte, page, messages):
            jeton = self.jeton("notre-page")
            self.cookie(contexte, jeton)
            self.limiter(contexte, page, "slow4g")
            page.goto(self.url("notre"), wait_until="commit", timeout=60_000)
            page.wait_for_function(
                "() => window.__utilisable !== undefined", polling=50, timeout=60_000
            )
            etat = page.evaluate(
                "() => ({utilisable: window.__utilisable, debut: window.__debutWorker, "
                "fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {})"
                ".startTime})"
            )
            mesure["utilisable_ms"] = etat["utilisable"]
            mesure["debut_worker_ms"] = etat["debut"]
            mesure["fcp_ms"] = etat["fcp"]
            mesure["octets_hors_runtime"] = self.octets(jeton, hors_runtime)
            mesure["requetes_hors_runtime"] = [
                r for r in self.requetes(jeton) if hors_runtime(SOUS_CHEMIN + r[0])
            ]
            mesure["console"] = messages
        return mesure


def attendre_machine_calme(maximum_s: float, seuil: float = 0.3) -> dict[str, float] | None:
    """Attend (au plus `maximum_s`) une seconde où la machine est occupée à moins de `seuil`.

    Sur une machine partagée, d'autres processus (une suite de tests…) faussent les temps ;
    on renvoie l'occupation de la dernière seconde observée, gardée avec la passe.
    """
    fin = time.monotonic() + maximum_s
    while True:
        avant = compteurs_cpu()
        time.sleep(1)
        charge = charge_pendant(avant, compteurs_cpu())
        if charge is None or charge["occupe"] < seuil or time.monotonic() >= fin:
            return charge


def passe(nom: str, fonction: Callable[[], dict[str, Any]], calme_s: float = 0) -> dict[str, Any]:
    """Une passe ; une erreur est notée (la passe compte comme un échec) sans arrêter le banc."""
    avant_passe = attendre_machine_calme(calme_s) if calme_s > 0 else None
    debut = time.monotonic()
    avant = compteurs_cpu()
    charge_initiale = os.getloadavg()[0]
    try:
        mesure = fonction()
    except Exception as erreur:
        mesure = {"erreur": f"{type(erreur).__name__}: {str(erreur).splitlines()[0][:600]}"}
        journal(f"  {nom} : ÉCHEC {mesure['erreur']}")
        if not isinstance(erreur, RuntimeError):
            journal(traceback.format_exc(limit=3))
    mesure["duree_passe_s"] = round(time.monotonic() - debut, 1)
    mesure["charge_1min_avant"] = round(charge_initiale, 2)
    mesure["cpu_machine_avant"] = avant_passe
    mesure["cpu_machine"] = charge_pendant(avant, compteurs_cpu())
    if "erreur" not in mesure:
        cles = (
            "pret_froid_ms",
            "pret_repete_ms",
            "utilisable_ms",
            "estimation_mediane_ms",
            "attente_du_resultat_ms",
        )
        details = ", ".join(f"{c}={round(mesure[c], 1)}" for c in cles if mesure.get(c))
        occupee = (mesure["cpu_machine"] or {}).get("occupe", 0)
        journal(
            f"  {nom} : {details} ({mesure['duree_passe_s']:.0f} s, "
            f"machine occupée à {100 * occupee:.0f} %)"
        )
    return mesure


# --- Lighthouse ------------------------------------------------------------------------------


def _un_lighthouse(executable: Path, dossier: Path, nom: str, url: str) -> dict[str, Any]:
    """Un rapport Lighthouse (profil neuf) : scores, mesures, décalages de mise en page."""
    profil = Path(tempfile.mkdtemp(prefix="profil-lh-", dir=dossier))
    rapport = dossier / f"{nom}.json"
    drapeaux = [*ARGUMENTS_CHROMIUM, "--headless=new", f"--user-data-dir={profil}"]
    commande = [
        str(executable),
        url,
        f"--chrome-flags={' '.join(drapeaux)}",
        "--output=json",
        f"--output-path={rapport}",
        "--quiet",
        "--only-categories=" + ",".join(CATEGORIES_LH),
    ]
    journal(f"Lighthouse : {url}")
    try:
        execution = subprocess.run(
            commande,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
    except subprocess.TimeoutExpired:
        return {"erreur": "Lighthouse n'a pas fini en 300 s"}
    finally:
        shutil.rmtree(profil, ignore_errors=True)
    if execution.returncode != 0 or not rapport.exists():
        return {
            "erreur": f"Lighthouse a échoué (code {execution.returncode}) : "
            + (execution.stderr or execution.stdout).strip()[-500:]
        }
    donnees = json.loads(rapport.read_text(encoding="utf-8"))
    rapport.unlink()
    audits = donnees.get("audits", {})
    decalages = (audits.get("layout-shifts", {}).get("details") or {}).get("items", [])
    return {
        "scores": {
            cle: (round(cat["score"] * 100) if cat.get("score") is not None else None)
            for cle, cat in donnees.get("categories", {}).items()
        },
        "mesures": {
            cle: audits.get(cle, {}).get("numericValue")
            for cle in (
                "first-contentful-paint",
                "largest-contentful-paint",
                "total-blocking-time",
                "cumulative-layout-shift",
                "total-byte-weight",
            )
        },
        "decalages": [
            {"element": (d.get("node") or {}).get("selector"), "score": d.get("score")}
            for d in decalages[:3]
        ],
        "avertissements": donnees.get("runWarnings", []),
    }


def pages_pour_lighthouse(site: Path, racine: str) -> dict[str, str]:
    """Chaque page du site construit (chaque index.html, et 404.html ; pas la page de base du
    banc) : nom → adresse."""
    pages = {}
    for fichier in sorted(site.rglob("index.html")):
        chemin = fichier.parent.relative_to(site).as_posix()
        if chemin.split("/")[0] == "baseline":
            continue
        pages[chemin if chemin != "." else "accueil"] = racine + (
            "" if chemin == "." else chemin + "/"
        )
    pages["404"] = racine + "404.html"
    return pages


def lighthouse(dossier: Path, urls: dict[str, str], passes: int = 1) -> dict[str, Any]:
    """Lighthouse 12 (mobile, par défaut) installé par npm à la volée ; sinon : pourquoi.

    Avec plusieurs passes, chaque score est la médiane des passes (le détail reste en JSON)."""
    npm = shutil.which("npm")
    if npm is None:
        return {"erreur": "npm est introuvable : Lighthouse n'a pas été lancé"}
    dossier.mkdir(parents=True, exist_ok=True)
    journal("Lighthouse : npm install lighthouse@12…")
    try:
        installation = subprocess.run(
            [npm, "install", "--prefix", str(dossier), "lighthouse@12", "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as erreur:
        return {"erreur": f"npm install lighthouse@12 a échoué : {erreur}"}
    executable = dossier / "node_modules" / ".bin" / "lighthouse"
    if installation.returncode != 0 or not executable.exists():
        return {
            "erreur": "npm install lighthouse@12 a échoué : "
            + (installation.stderr or installation.stdout).strip()[-500:]
        }
    version = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, timeout=60, check=False
    ).stdout.strip()
    resultats: dict[str, Any] = {"version": version, "passes": passes}
    for nom, url in urls.items():
        rapports = [_un_lighthouse(executable, dossier, nom, url) for _ in range(passes)]
        bons = [r for r in rapports if "scores" in r]
        if not bons:
            resultats[nom] = rapports[-1]
            continue
        resultats[nom] = {
            "url": url,
            "scores": {
                cle: statistics.median(
                    r["scores"][cle] for r in bons if r["scores"].get(cle) is not None
                )
                for cle in CATEGORIES_LH
                if any(r["scores"].get(cle) is not None for r in bons)
            },
            "passes": rapports,
        }
    return resultats


# --- Le tableau ------------------------------------------------------------------------------


def lignes_du_tableau(mesures: dict[str, Any]) -> list[dict[str, Any]]:
    """Chaque ligne : métrique, notre site, la base, le rapport, l'objectif (et s'il est tenu)."""

    def serie(scenario: str, site: str, cle: str) -> dict[str, Any] | None:
        return resume([m.get(cle) for m in mesures.get(scenario, []) if m.get("site") == site])

    # Les objectifs de l'issue #20 (à froid, visite suivante, octets, première estimation) ;
    # Slow 4G, 4G et l'aller-retour gardent ceux de la première issue de vitesse.
    definitions = [
        ("Prêt, à froid (local)", "local", "pret_froid_ms", "s", ("rapport", 0.4)),
        ("CPU de Chromium jusqu'à « prêt », à froid (local)", "local", "cpu_froid_ms", "s", None),
        ("Prêt, visite suivante (local)", "local", "pret_repete_ms", "s", ("rapport", 0.3)),
        ("Prêt, troisième visite (local)", "local", "pret_troisieme_ms", "s", None),
        ("Prêt à froid, Slow 4G", "slow4g", "pret_froid_ms", "s", ("rapport", 0.75)),
        ("Prêt à froid, 4G", "4g", "pret_froid_ms", "s", ("rapport", 0.8)),
        (
            "Octets, 1re visite jusqu'à « prêt »",
            "local",
            "octets_jusqu_a_pret",
            "Mo",
            ("rapport", 0.6),
        ),
        (
            "Octets, 1re visite entière (service worker compris)",
            "local",
            "octets_premiere_visite",
            "Mo",
            None,
        ),
        ("Octets, visite suivante", "local", "octets_visite_repetee", "ko", None),
        (
            f"Aller-retour d'une estimation, au repos (médiane de {ESTIMATIONS})",
            "local",
            "estimation_mediane_ms",
            "ms",
            ("absolu", 5.0),
        ),
        (
            "Première estimation, juste après « prêt »",
            "local",
            "premiere_estimation_ms",
            "ms",
            ("rapport", 2.0),
        ),
    ]
    lignes = []
    for titre, scenario, cle, unite, objectif in definitions:
        if scenario not in mesures:
            continue
        notre, base = serie(scenario, "notre", cle), serie(scenario, "base", cle)
        rapport = notre["mediane"] / base["mediane"] if notre and base and base["mediane"] else None
        tenu = None
        if objectif and objectif[0] == "rapport" and rapport is not None:
            tenu = rapport <= objectif[1]
        elif objectif and objectif[0] == "absolu" and notre:
            tenu = notre["mediane"] < objectif[1]
        lignes.append(
            {
                "metrique": titre,
                "unite": unite,
                "notre": notre,
                "base": base,
                "rapport": rapport,
                "objectif": objectif,
                "tenu": tenu,
            }
        )
    if "sans-sw" in mesures:
        notre = resume([m.get("pret_repete_ms") for m in mesures["sans-sw"]])
        lignes.append(
            {
                "metrique": "Prêt, visite suivante, service workers bloqués (local)",
                "unite": "s",
                "notre": notre,
                "base": None,
                "rapport": None,
                "objectif": None,
                "tenu": None,
            }
        )
    if "etudiant" in mesures:
        for site, nom in (("notre", "ce site"), ("avant", "site d'avant (--site-avant)")):
            notre = resume(
                [
                    m.get("attente_du_resultat_ms")
                    for m in mesures["etudiant"]
                    if m.get("site") == site
                ]
            )
            if notre is None:
                continue
            lignes.append(
                {
                    "metrique": "Étudiant, Slow 4G et processeur 4× : de « Estimer » à "
                    f"l'échelon affiché, {nom}",
                    "unite": "s",
                    "notre": notre,
                    "base": None,
                    "rapport": None,
                    "objectif": ("absolu", 1000.0),
                    "tenu": notre["mediane"] <= 1000.0,
                }
            )
    if "page" in mesures:
        for titre, cle, unite, objectif in (
            ("Notre page utilisable (formulaire), Slow 4G", "utilisable_ms", "s", 2000.0),
            ("Notre page : premier affichage (FCP), Slow 4G", "fcp_ms", "s", None),
            ("Notre page : octets hors runtime", "octets_hors_runtime", "ko", None),
        ):
            notre = resume([m.get(cle) for m in mesures["page"]])
            lignes.append(
                {
                    "metrique": titre,
                    "unite": unite,
                    "notre": notre,
                    "base": None,
                    "rapport": None,
                    "objectif": ("absolu", objectif) if objectif else None,
                    "tenu": (notre["mediane"] < objectif) if notre and objectif else None,
                }
            )
    return lignes


def valeur(v: float, unite: str) -> str:
    if unite == "s":
        return fr(v / 1000, 2)
    if unite == "Mo":
        return fr(v / 1e6, 2)
    if unite == "ko":
        return fr(v / 1e3, 1)
    return fr(v, 2)


def case(s: dict[str, Any] | None, unite: str) -> str:
    if s is None:
        return "—"
    texte = f"{valeur(s['mediane'], unite)} ({valeur(s['min'], unite)}–{valeur(s['max'], unite)})"
    if s["echecs"]:
        texte += f" ⚠ {s['echecs']} échec(s)"
    return texte


def occupation(o: dict[str, Any] | None) -> str:
    if not o or o["mediane"] is None:
        return "Occupation de la machine avant les passes : non relevée."
    return (
        "Occupation de la machine par d'autres processus dans la seconde avant chaque passe : "
        f"médiane {fr(100 * o['mediane'], 0)} % ; {o['au_dessus_de_30_pourcent']} passe(s) sur "
        f"{o['passes']} lancée(s) au-dessus de 30 % (après l'attente de --calme)."
    )


def tableau(lignes: list[dict[str, Any]], lh: dict[str, Any] | None, infos: dict[str, Any]) -> str:
    sortie = [
        "| métrique | notre site | base (Pyodide de série) | rapport notre/base | objectif |",
        "|---|---:|---:|---:|---|",
    ]
    for ligne in lignes:
        objectif = ligne["objectif"]
        if objectif is None:
            texte_objectif = ""
        elif objectif[0] == "rapport":
            texte_objectif = f"≤ {fr(objectif[1], 2)} × base"
        elif ligne["unite"] == "s":
            texte_objectif = f"< {fr(objectif[1] / 1000, 0)} s"
        else:
            texte_objectif = f"< {fr(objectif[1], 0)} {ligne['unite']}"
        if ligne["tenu"] is not None:
            texte_objectif += " ✅" if ligne["tenu"] else " ❌"
        rapport = "—" if ligne["rapport"] is None else f"{fr(ligne['rapport'], 2)} ×"
        sortie.append(
            f"| {ligne['metrique']} ({ligne['unite']}) | {case(ligne['notre'], ligne['unite'])} "
            f"| {case(ligne['base'], ligne['unite'])} | {rapport} | {texte_objectif} |"
        )
    if lh is not None:
        for nom, chemin in (("accueil", "/echelon/"), ("simulateur", "/echelon/simulateur/")):
            res = lh.get(nom) if "erreur" not in lh else None
            if res and "scores" in res:
                scores = [res["scores"].get(c) for c in CATEGORIES_LH]
                texte = " / ".join(
                    "?" if s is None else (str(int(s)) if s == int(s) else fr(s, 1)) for s in scores
                )
                if lh.get("passes", 1) > 1:
                    perf = [
                        r["scores"]["performance"]
                        for r in res["passes"]
                        if (r.get("scores") or {}).get("performance") is not None
                    ]
                    ecart = f" ; performance {min(perf)}–{max(perf)}" if perf else ""
                    texte += f" (médiane de {lh['passes']}{ecart})"
                tenu = all(s is not None and s >= 98 for s in scores)
                objectif = "≥ 98 partout " + ("✅" if tenu else "❌")
            else:
                raison = (lh.get("erreur") or (res or {}).get("erreur") or "non lancé")[:120]
                texte, objectif = f"non mesuré ({raison})", "≥ 98 partout"
            sortie.append(
                f"| Lighthouse mobile {chemin} (perf. / access. / bonnes prat. / SEO) "
                f"| {texte} | — | — | {objectif} |"
            )
    m = infos["machine"]
    sortie += [
        "",
        f"Machine : {m['cpu']}, {m['coeurs']} cœurs, {m['memoire_gio']} Gio, noyau {m['noyau']} ; "
        f"{m['chromium']} (Playwright, sans interface) ; Python {m['python']} ; "
        f"Pyodide {infos['sites']['pyodide']} ; {m['date']}.",
        f"Passes : {infos['passes']} ; témoin CPU `sum(range(2*10**7))` : "
        + " / ".join(f"{fr(t, 2)} s" for t in infos["temoins"])
        + f" (début / fin) ; durée du banc : {fr(infos['duree_s'] / 60, 1)} min.",
        occupation(infos.get("occupation_avant_passes")),
        "Médiane (min–max) des passes ; octets : en-têtes + corps tels qu'envoyés par le serveur "
        "(gzip), comptés sur la connexion.",
    ]
    return "\n".join(sortie)


# --- Programme -------------------------------------------------------------------------------


def passes_du_scenario(
    banc: Banc, scenario: str, i: int
) -> list[tuple[str, Callable[[], dict[str, Any]]]]:
    """Les visites de la passe `i` d'un scénario ; notre site et la base alternent en tête."""
    if scenario == "page":
        return [("notre", banc.page_utilisable)]
    if scenario == "sans-sw":
        return [("notre", lambda: banc.visite_locale("notre", sans_service_worker=True))]
    if scenario == "etudiant":
        sites = ("notre", "avant") if banc.avant else ("notre",)
        ordre = sites if i % 2 == 0 else tuple(reversed(sites))
        return [(site, lambda s=site: banc.visite_etudiant(s)) for site in ordre]
    ordre = ("notre", "base") if i % 2 == 0 else ("base", "notre")
    if scenario == "local":
        return [(site, lambda s=site: banc.visite_locale(s)) for site in ordre]
    return [(site, lambda s=site: banc.visite_limitee(s, scenario)) for site in ordre]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/demarrage.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="passes par scénario (défaut : 5)")
    parser.add_argument(
        "--runs-reseau",
        type=int,
        default=None,
        help="passes des scénarios Slow 4G et 4G (défaut : --runs)",
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"scénarios à lancer, séparés par des virgules (défaut : {','.join(SCENARIOS)} ; "
        f"facultatif : {','.join(SCENARIOS_FACULTATIFS)})",
    )
    parser.add_argument(
        "--calme",
        type=float,
        default=5,
        help="avant chaque passe, attendre au plus tant de secondes que la machine soit "
        "calme (moins de 30 %% occupée) ; 0 : ne pas attendre (défaut : 5)",
    )
    parser.add_argument("--sans-lighthouse", action="store_true", help="ne pas lancer Lighthouse")
    parser.add_argument(
        "--runs-lighthouse",
        type=int,
        default=3,
        help="rapports Lighthouse par page ; score : la médiane (défaut : 3)",
    )
    parser.add_argument(
        "--pages-lighthouse",
        choices=("principales", "toutes"),
        default="principales",
        help="Lighthouse sur l'accueil et le simulateur, ou sur chaque page du site construit "
        "(défaut : principales)",
    )
    parser.add_argument(
        "--site-avant",
        type=Path,
        help="scénario etudiant : un site déjà construit (par exemple la tête précédente, "
        "dans un worktree), mesuré en alternance avec celui-ci",
    )
    parser.add_argument(
        "--navigateur-juste-lance",
        action="store_true",
        help="visiter sans attendre que Chromium ait fini son propre démarrage (la méthode "
        "d'avant le 2026-12-04, pour comparer)",
    )
    parser.add_argument("--json", type=Path, help="écrire les mesures brutes dans ce fichier")
    options = parser.parse_args(argv)
    scenarios = [s.strip() for s in options.scenarios.split(",") if s.strip()]
    inconnus = set(scenarios) - set(SCENARIOS) - set(SCENARIOS_FACULTATIFS)
    if inconnus or options.runs < 1:
        parser.error(f"scénario inconnu : {', '.join(sorted(inconnus))}" if inconnus else "--runs")
    if options.sans_lighthouse and "lighthouse" in scenarios:
        scenarios.remove("lighthouse")
    passes_reseau = options.runs_reseau or options.runs
    if not Path(CHROMIUM).is_file():
        journal(f"Chromium est introuvable ({CHROMIUM}) : installez le paquet Debian « chromium ».")
        return 1

    debut = time.monotonic()
    temoins = [temoin()]
    infos: dict[str, Any] = {"machine": machine()}
    racine = Path(tempfile.mkdtemp(prefix="echelon-banc-"))
    mesures: dict[str, list[dict[str, Any]]] = {}
    lh: dict[str, Any] | None = None
    try:
        journal("Construction du site et de la page de base…")
        infos["sites"] = preparer_les_sites(racine / "site")
        (racine / "profils").mkdir()
        with contextlib.ExitStack() as pile:
            serveur = pile.enter_context(ServeurPages(racine / "site", SOUS_CHEMIN))
            serveur.prechauffer()
            origine = serveur.demarrer()
            journal(f"Serveur : {origine}{SOUS_CHEMIN}")
            avant = None
            if options.site_avant:
                serveur_avant = pile.enter_context(ServeurPages(options.site_avant, SOUS_CHEMIN))
                serveur_avant.prechauffer()
                avant = (serveur_avant, serveur_avant.demarrer())
                journal(f"Site d'avant ({options.site_avant}) : {avant[1]}{SOUS_CHEMIN}")
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                banc = Banc(
                    pw,
                    serveur,
                    origine,
                    racine / "profils",
                    avant,
                    attendre_le_repos=not options.navigateur_juste_lance,
                )
                for scenario in scenarios:
                    if scenario == "lighthouse":
                        continue
                    n = passes_reseau if scenario in RESEAUX else options.runs
                    journal(f"Scénario {scenario} : {n} passe(s)")
                    mesures[scenario] = []
                    for i in range(n):
                        for site, fonction in passes_du_scenario(banc, scenario, i):
                            mesure = passe(f"{scenario} #{i + 1} {site}", fonction, options.calme)
                            mesure.setdefault("site", site)
                            mesures[scenario].append(mesure)
            if "lighthouse" in scenarios:
                lh = lighthouse(
                    racine / "lighthouse",
                    pages_pour_lighthouse(racine / "site", origine + SOUS_CHEMIN)
                    if options.pages_lighthouse == "toutes"
                    else {
                        "accueil": origine + SOUS_CHEMIN,
                        "simulateur": origine + SOUS_CHEMIN + "simulateur/",
                    },
                    max(1, options.runs_lighthouse),
                )
                if "erreur" in lh:
                    journal(f"Lighthouse non mesuré : {lh['erreur']}")
    finally:
        shutil.rmtree(racine, ignore_errors=True)
    temoins.append(temoin())
    avant = [
        m["cpu_machine_avant"]["occupe"]
        for serie in mesures.values()
        for m in serie
        if m.get("cpu_machine_avant")
    ]
    infos.update(
        {
            "occupation_avant_passes": {
                "mediane": statistics.median(avant) if avant else None,
                "au_dessus_de_30_pourcent": sum(o >= 0.3 for o in avant),
                "passes": len(avant),
            },
            "passes": (
                f"{options.runs} (réseau limité : {passes_reseau})" if mesures else "aucune"
            ),
            "temoins": temoins,
            "duree_s": time.monotonic() - debut,
        }
    )
    lignes = lignes_du_tableau(mesures)
    texte = tableau(lignes, lh if "lighthouse" in scenarios else None, infos)
    print(texte)
    if options.json:
        options.json.write_text(
            json.dumps(
                {
                    "infos": infos,
                    "scenarios": scenarios,
                    "mesures": mesures,
                    "lighthouse": lh,
                    "tableau": lignes,
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        journal(f"Mesures brutes : {options.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
