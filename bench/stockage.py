"""Ce que le site garde sur l'appareil après une première visite complète, et la visite suivante.

Pour chaque site mesuré (l'arbre de travail, plus, avec `--avant REF`, le même dépôt à la
révision REF, construit à part), le banc fait `build.construire` dans un dossier temporaire,
le sert comme GitHub Pages (bench/serveur.py), puis, dans un Chromium de Debian au profil neuf
(un par passe) : l'accueil, le simulateur jusqu'à « prêt », une estimation, le service worker
installé ; il attend ensuite que plus rien ne s'écrive (instantané de Python compris) et relève :

- `navigator.storage.estimate()` (total et détail par sorte de stockage) ;
- chaque cache de Cache Storage : somme des tailles des corps des réponses ;
- chaque fichier de l'espace privé du site (OPFS) : sa taille.

Puis deux visites suivantes, dans le même profil (nouvel onglet), jusqu'à « prêt » : le temps,
et d'où Python est reparti (`instantane` ou `complet`). Les sites passent en alternance (A puis
B à la passe 1, B puis A à la passe 2…). Usage :

    .venv/bin/python bench/stockage.py                      # l'arbre de travail, 5 passes
    .venv/bin/python bench/stockage.py --avant main --runs 6 --json /tmp/stockage.json

La dernière mesure de l'arbre de travail (total gardé, en octets) est écrite dans
bench/stockage.json, que la page « À propos » cite (tests/test_stockage.py vérifie l'accord).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(RACINE), str(Path(__file__).resolve().parent)]

from demarrage import (  # noqa: E402
    ARGUMENTS_CHROMIUM,
    CHROMIUM,
    ESTIMER_N_FOIS,
    OBSERVATEUR_DU_WORKER,
    SITUATION,
    attendre_le_calme,
)
from serveur import ServeurPages  # noqa: E402

DERNIERE_MESURE = RACINE / "bench" / "stockage.json"
"""Le total gardé mesuré la dernière fois sur l'arbre de travail (cité par « À propos »)."""
DELAI_S = 120

# Tout ce que le site garde : estimate(), chaque cache (corps des réponses), chaque fichier
# de l'espace privé (OPFS, récursivement).
RELEVE = """async () => {
  const estimation = await navigator.storage.estimate();
  const caches_ = {};
  for (const nom of await caches.keys()) {
    const cache = await caches.open(nom);
    let octets = 0;
    const fichiers = {};
    for (const requete of await cache.keys()) {
      const taille = (await (await cache.match(requete)).arrayBuffer()).byteLength;
      octets += taille;
      fichiers[new URL(requete.url).pathname] = taille;
    }
    caches_[nom] = {octets, fichiers};
  }
  const prives = {};
  const parcourir = async (dossier, prefixe) => {
    for await (const [nom, poignee] of dossier.entries()) {
      if (poignee.kind === "directory") await parcourir(poignee, prefixe + nom + "/");
      else prives[prefixe + nom] = (await poignee.getFile()).size;
    }
  };
  await parcourir(await navigator.storage.getDirectory(), "");
  return {usage: estimation.usage, details: estimation.usageDetails || {}, caches: caches_, prives};
}"""


def journal(texte: str) -> None:
    print(texte, file=sys.stderr, flush=True)


def construire_depuis(revision: str | None, sortie: Path, travail: Path) -> str:
    """Construit le site de l'arbre de travail (revision None) ou de `revision` dans `sortie`."""
    if revision is None:
        sources = RACINE
    else:
        sources = travail / "sources"
        archive = subprocess.run(
            ["git", "-C", str(RACINE), "archive", revision], check=True, capture_output=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(sources, filter="data")
        (sources / ".cache").symlink_to(RACINE / ".cache")
    code = (
        "import sys; from pathlib import Path; import build; "
        "r = build.construire(Path(sys.argv[1])); "
        "print('\\n'.join(map(str, r.erreurs))); sys.exit(1 if r.erreurs else 0)"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(sortie)],
        cwd=sources,
        env={**os.environ, "PYTHONPATH": str(sources)},
        check=True,
    )
    tete = subprocess.run(
        ["git", "-C", str(RACINE), "rev-parse", "--short", revision or "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return tete if revision else f"{tete}+arbre"


def attendre_pret(page: Any) -> dict[str, Any]:
    page.wait_for_function(
        "() => window.__pret !== undefined || window.__echec !== undefined",
        polling=50,
        timeout=DELAI_S * 1000,
    )
    etat = page.evaluate(
        "() => ({pret: window.__pret, echec: window.__echec, depart: window.__depart})"
    )
    if etat["echec"] is not None:
        raise RuntimeError(f"le worker a échoué : {etat['echec']}")
    return etat


def releve_stable(page: Any, maximum_s: float = 60) -> dict[str, Any]:
    """Le relevé, quand il ne change plus (deux relevés égaux à 2 s d'écart, instantané écrit)."""
    fin = time.monotonic() + maximum_s
    precedent = None
    while True:
        try:
            releve = page.evaluate(RELEVE)
        except Exception:  # un fichier d'écriture en cours (.crswap) a disparu pendant le relevé
            time.sleep(1)
            continue
        avec_instantane = any(n.startswith("echelon-instantane-") for n in releve["prives"])
        if (avec_instantane and precedent == releve) or time.monotonic() > fin:
            releve["stable"] = precedent == releve
            return releve
        precedent = releve
        time.sleep(2)


def une_passe(playwright: Any, origine: str, serveur: ServeurPages, jeton: str) -> dict[str, Any]:
    """Première visite complète (relevé du stockage), puis deux visites suivantes."""
    profil = Path(tempfile.mkdtemp(prefix="profil-stockage-"))
    contexte = playwright.chromium.launch_persistent_context(
        str(profil),
        executable_path=CHROMIUM,
        args=ARGUMENTS_CHROMIUM,
        headless=True,
        viewport={"width": 360, "height": 800},
    )
    try:
        contexte.set_default_timeout(DELAI_S * 1000)
        contexte.add_init_script(script=OBSERVATEUR_DU_WORKER)
        contexte.add_cookies([{"name": "banc", "value": jeton, "url": origine + "/"}])
        page = contexte.pages[0] if contexte.pages else contexte.new_page()
        page.goto(origine + serveur.sous_chemin, wait_until="load")
        page.goto(origine + serveur.sous_chemin + "simulateur/", wait_until="commit")
        mesure: dict[str, Any] = {"pret_froid_ms": attendre_pret(page)["pret"]}
        page.evaluate(ESTIMER_N_FOIS, [1, SITUATION])
        page.wait_for_function("() => !!navigator.serviceWorker.controller", polling=100)
        attendre_le_calme(serveur, jeton, calme_s=2, maximum_s=60)
        mesure["stockage"] = releve_stable(page)
        for nom in ("repete", "troisieme"):
            onglet = contexte.new_page()
            page.close()
            onglet.goto(origine + serveur.sous_chemin + "simulateur/", wait_until="commit")
            etat = attendre_pret(onglet)
            mesure[f"pret_{nom}_ms"], mesure[f"depart_{nom}"] = etat["pret"], etat["depart"]
            page = onglet
            attendre_le_calme(serveur, jeton, calme_s=1, maximum_s=15)
        mesure["stockage_apres"] = page.evaluate(RELEVE)
        return mesure
    finally:
        with contextlib.suppress(Exception):
            contexte.close()
        shutil.rmtree(profil, ignore_errors=True)


def mo(octets: float) -> str:
    return f"{octets / 1e6:.2f}".replace(".", ",") + " Mo"


def mediane(valeurs: list[float]) -> str:
    if not valeurs:
        return "—"
    return (
        f"{statistics.median(valeurs) / 1000:.2f} s ({min(valeurs) / 1000:.2f}–"
        f"{max(valeurs) / 1000:.2f})".replace(".", ",")
    )


def rapport(site: str, passes: list[dict[str, Any]]) -> str:
    """Le relevé de la première passe (le stockage ne varie pas d'une passe à l'autre) et les
    médianes des temps."""
    s = passes[0]["stockage"]
    lignes = [
        f"## {site}",
        f"- estimate().usage : {mo(s['usage'])} ; détail : "
        + ", ".join(f"{k} {mo(v)}" for k, v in sorted(s["details"].items())),
    ]
    somme = 0
    for nom, cache in sorted(s["caches"].items()):
        somme += cache["octets"]
        gros = sorted(cache["fichiers"].items(), key=lambda kv: -kv[1])[:4]
        lignes.append(
            f"- cache {nom} : {mo(cache['octets'])} ({len(cache['fichiers'])} réponses ; "
            + ", ".join(f"{Path(c).name} {mo(t)}" for c, t in gros)
            + ")"
        )
    for nom, taille in sorted(s["prives"].items()):
        somme += taille
        lignes.append(f"- OPFS {nom} : {mo(taille)}")
    lignes.append(f"- somme des corps et des fichiers : {mo(somme)}")
    usages = [p["stockage"]["usage"] for p in passes]
    lignes.append(f"- usage, min–max des passes : {mo(min(usages))}–{mo(max(usages))}")
    for nom in ("froid", "repete", "troisieme"):
        lignes.append(f"- prêt, {nom} : {mediane([p[f'pret_{nom}_ms'] for p in passes])}")
    departs = [p.get("depart_repete") for p in passes] + [p.get("depart_troisieme") for p in passes]
    lignes.append(f"- départs des visites suivantes : {', '.join(map(str, departs))}")
    return "\n".join(lignes)


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--avant", help="révision git à mesurer aussi (construite à part)")
    options.add_argument("--runs", type=int, default=5)
    options.add_argument("--json", type=Path)
    arguments = options.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="banc-stockage-") as temporaire:
        travail = Path(temporaire)
        sites: dict[str, Path] = {}
        for revision in ([arguments.avant] if arguments.avant else []) + [None]:
            sortie = travail / ("avant" if revision else "apres") / "site"
            sortie.parent.mkdir()
            nom = construire_depuis(revision, sortie, sortie.parent)
            journal(f"construit : {nom}")
            sites[nom] = sortie
        serveurs = {nom: ServeurPages(dossier) for nom, dossier in sites.items()}
        resultats: dict[str, list[dict[str, Any]]] = {nom: [] for nom in sites}
        with contextlib.ExitStack() as pile, sync_playwright() as playwright:
            origines = {}
            for nom, serveur in serveurs.items():
                pile.enter_context(serveur)
                serveur.prechauffer()
                origines[nom] = serveur.demarrer()
            ordre = list(sites)
            for numero in range(arguments.runs):
                for nom in ordre if numero % 2 == 0 else ordre[::-1]:
                    mesure = une_passe(playwright, origines[nom], serveurs[nom], f"{nom}-{numero}")
                    journal(
                        f"{nom} passe {numero + 1} : usage {mo(mesure['stockage']['usage'])}, "
                        f"prêt suivant {mesure['pret_repete_ms']:.0f} ms "
                        f"({mesure['depart_repete']}), 3e {mesure['pret_troisieme_ms']:.0f} ms"
                    )
                    resultats[nom].append(mesure)
    print(f"# Stockage après une première visite ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)\n")
    print("\n\n".join(rapport(nom, passes) for nom, passes in resultats.items()))
    if arguments.json:
        arguments.json.write_text(json.dumps(resultats, indent=1), encoding="utf-8")
    nom, passes = list(resultats.items())[-1]
    DERNIERE_MESURE.write_text(
        json.dumps(
            {
                "date": f"{datetime.now(UTC):%Y-%m-%d}",
                "revision": nom,
                "usage_octets": int(statistics.median(p["stockage"]["usage"] for p in passes)),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
