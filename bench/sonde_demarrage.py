"""Sonde : où passe le démarrage à froid du simulateur, phase par phase, dans Chromium.

Construit le site dans un dossier temporaire, y pose des marques `performance.now()` (dans le
worker et dans les deux modules de Pyodide, à des endroits repérés par leur texte : la sonde
s'arrête en le disant si l'un d'eux a changé), le sert (bench/serveur.py), puis ouvre le
simulateur N fois, chaque fois dans un profil neuf, jusqu'à « prêt ». Pour chaque marque : la
médiane (min–max) du temps depuis l'ouverture du worker, et la médiane de la durée de la phase
qu'elle termine. Le site publié n'est jamais touché. Avec `--suivante`, chaque passe fait d'abord
une première visite (une estimation, l'instantané écrit), puis mesure la visite suivante, dans
un nouvel onglet du même profil (Python repart de l'instantané). Usage :

    .venv/bin/python bench/sonde_demarrage.py [N] [--suivante]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(RACINE), str(Path(__file__).resolve().parent)]

from demarrage import (  # noqa: E402
    ARGUMENTS_CHROMIUM,
    CHROMIUM,
    DELAI_INSTANTANE_S,
    INSTANTANE_ECRIT,
    SOUS_CHEMIN,
    attendre_chromium_au_repos,
)
from serveur import ServeurPages  # noqa: E402

import build  # noqa: E402

MARQUER = "globalThis.__marque = (nom) => postMessage({marque: [nom, performance.now()]});\n"

INSTANCIATION = (
    "n?l=await WebAssembly.instantiateStreaming(n,s):l=await WebAssembly.instantiate(await t,s);"
)

# (fichier, texte repéré, texte qui le remplace) : `__marque("phase")` à la fin de chaque phase.
MARQUES = [
    ("js/calculateur.worker.mjs", "const NOM_DU_PRENEUR", MARQUER + "const NOM_DU_PRENEUR"),
    (
        "js/calculateur.worker.mjs",
        '  const { loadPyodide } = await import(RUNTIME + "pyodide.mjs");\n  const image',
        '  const { loadPyodide } = await import(RUNTIME + "pyodide.mjs");\n'
        '  __marque("pyodide.mjs importé");\n  const image',
    ),
    (
        "js/calculateur.worker.mjs",
        "  moduleDePyodide = moduleDuRuntime();",
        "  moduleDePyodide = moduleDuRuntime();\n"
        '  moduleDePyodide.then(() => __marque("module du runtime importé"));',
    ),
    (
        "js/calculateur.worker.mjs",
        '  return { pyodide, calculateur: pyodide.pyimport("calculator.navigateur") };',
        '  __marque("loadPyodide fini");\n'
        '  const calculateur = pyodide.pyimport("calculator.navigateur");\n'
        '  __marque("calculateur importé");\n  return { pyodide, calculateur };',
    ),
    (
        "js/calculateur.worker.mjs",
        "  const image = await instantaneGarde;\n",
        '  const image = await instantaneGarde;\n  __marque("instantané lu");\n',
    ),
    (
        "js/calculateur.worker.mjs",
        "      JSON.parse(demarre.calculateur.annees());",
        '      __marque("Python reparti de l\'instantané");\n'
        "      JSON.parse(demarre.calculateur.annees());",
    ),
    (
        "js/calculateur.worker.mjs",
        '  if (demarre.depart === "complet") estimerABlanc(demarre.calculateur);\n',
        '  if (demarre.depart === "complet") {\n'
        "    estimerABlanc(demarre.calculateur);\n"
        '    __marque("estimation à blanc");\n'
        "  }\n",
    ),
    (
        "pyodide/{version}/pyodide.mjs",
        INSTANCIATION,
        f'__marque("module de Pyodide exécuté");{INSTANCIATION}__marque("WebAssembly instancié");',
    ),
    (
        "pyodide/{version}/pyodide.mjs",
        "let r=await t;n.FS.writeFile(`/lib/python${i}${s}.zip`,r)",
        'let r=await t;__marque("bibliothèque standard reçue");'
        "n.FS.writeFile(`/lib/python${i}${s}.zip`,r)",
    ),
    (
        "pyodide/{version}/pyodide.asm.mjs",
        "if(!noInitialRun)callMain(args);",
        'if(!noInitialRun){callMain(args);__marque("Python initialisé (main)")}',
    ),
    (
        "pyodide/{version}/pyodide.asm.mjs",
        'let[r,n]=API.rawRun("import _pyodide_core");',
        'let[r,n]=API.rawRun("import _pyodide_core");__marque("import _pyodide_core");',
    ),
    (
        "pyodide/{version}/pyodide.asm.mjs",
        'API.package_loader=o("pyodide._package_loader"),',
        '__marque("modules pyodide importés"),API.package_loader=o("pyodide._package_loader"),',
    ),
    (
        "pyodide/{version}/pyodide.asm.mjs",
        "u.pyodide_py=API.pyodide_py,u.globals=API.globals,",
        '__marque("chargeur de paquets importé"),u.pyodide_py=API.pyodide_py,'
        "u.globals=API.globals,",
    ),
]

# Dans la page : les marques reçues du worker du calculateur (pas de celles du preneur).
ECOUTE = """(() => {
  const W = window.Worker;
  window.__marques = [];
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      this.addEventListener("message", ({data}) => {
        if (data && data.marque) window.__marques.push(data.marque);
        if (data && data.etat === "pret") window.__marques.push(["prêt", null]);
      });
    }
  };
})()"""


def poser_les_marques(site: Path) -> None:
    """Les marques dans la copie du site (le module de Pyodide voyage tel quel, en gzip)."""
    version = next((site / "pyodide").glob("[0-9]*")).name
    for fichier, repere, remplacement in MARQUES:
        chemin = site / fichier.format(version=version)
        texte = chemin.read_text(encoding="utf-8")
        if texte.count(repere) != 1:
            raise SystemExit(f"sonde : {chemin.name} a changé, repère introuvable : {repere[:60]}")
        chemin.write_text(texte.replace(repere, remplacement), encoding="utf-8")


def marques_jusqu_a_pret(page) -> list[list]:
    """Les marques reçues par la page, une fois « prêt » arrivé (60 s au plus)."""
    for _ in range(1200):
        marques = page.evaluate("() => window.__marques")
        if any(nom == "prêt" for nom, _ in marques):
            return marques
        time.sleep(0.05)
    raise SystemExit("sonde : le calculateur n'a pas dit « prêt » en 60 s")


def preparer_la_visite_suivante(page) -> None:
    """Après une première visite : une estimation (le preneur attend la première réponse),
    le service worker aux commandes, puis l'instantané écrit."""
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=60_000)
    page.fill("#revenu_brut_global", "20000")
    page.click("#estimer")
    debut = time.monotonic()
    while not page.evaluate(INSTANTANE_ECRIT):
        if time.monotonic() - debut > DELAI_INSTANTANE_S:
            raise SystemExit("sonde : l'instantané n'a pas été écrit")
        time.sleep(0.1)


def une_visite(pw, adresse: str, suivante: bool = False) -> dict[str, float]:
    """Une visite du simulateur, profil neuf (avec `suivante`, la visite d'après, dans un
    nouvel onglet du même profil) : {marque: ms depuis l'ouverture du worker}."""
    profil = tempfile.mkdtemp(prefix="echelon-sonde-")
    contexte = pw.chromium.launch_persistent_context(
        profil, executable_path=CHROMIUM, args=ARGUMENTS_CHROMIUM, headless=True
    )
    try:
        contexte.add_init_script(ECOUTE)
        page = contexte.new_page()
        attendre_chromium_au_repos()  # la visite ne partage pas le processeur avec son lancement
        page.goto(adresse)
        marques = marques_jusqu_a_pret(page)
        if suivante:
            preparer_la_visite_suivante(page)
            onglet = contexte.new_page()
            page.close()
            attendre_chromium_au_repos()
            onglet.goto(adresse)
            marques = marques_jusqu_a_pret(onglet)
    finally:
        contexte.close()
        shutil.rmtree(profil, ignore_errors=True)
    vues: dict[str, float] = {}
    for nom, temps in marques:
        if temps is not None and nom not in vues:
            vues[nom] = temps
    return vues


def resume(valeurs: list[float]) -> str:
    return f"{statistics.median(valeurs):7.0f} ({min(valeurs):.0f}–{max(valeurs):.0f})"


def main(argv: list[str]) -> int:
    suivante = "--suivante" in argv
    argv = [a for a in argv if a != "--suivante"]
    passes = int(argv[0]) if argv else 5
    with tempfile.TemporaryDirectory(prefix="echelon-sonde-site-") as dossier:
        site = Path(dossier)
        if build.construire(site).erreurs:
            raise SystemExit("sonde : la construction du site a échoué")
        poser_les_marques(site)
        from playwright.sync_api import sync_playwright

        with ServeurPages(site, SOUS_CHEMIN) as serveur, sync_playwright() as pw:
            adresse = serveur.demarrer() + SOUS_CHEMIN + "simulateur/"
            visites = [une_visite(pw, adresse, suivante) for _ in range(passes)]
    ordre = sorted(visites[0], key=visites[0].get)
    genre = "visites suivantes" if suivante else "premières visites"
    print(f"{passes} {genre}, ms depuis l'ouverture du worker : médiane (min–max)")
    print(f"{'marque (fin de la phase)':34} {'temps':>18}   {'durée de la phase':>18}")
    precedente = None
    for nom in ordre:
        temps = [v[nom] for v in visites if nom in v]
        phases = [v[nom] - v[precedente] for v in visites if precedente and nom in v]
        duree = resume(phases) if phases else ""
        print(f"{nom:34} {resume(temps):>18}   {duree:>18}")
        precedente = nom
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
