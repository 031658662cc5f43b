"""Sonde : la lecture de l'instantané de Python selon la façon de le garder, dans Chromium.

Construit le site dans un dossier temporaire, le sert (bench/serveur.py), ouvre le simulateur
dans un profil neuf et attend que le worker ait gardé son instantané ; puis, dans la page, à
partir de l'image de la mémoire (dépliée comme le fait le worker) : sa taille, ses pages de
4 Kio nulles, la taille en gzip de l'image entière et de sa forme sans pages nulles, et le
temps de décompression de chacune (alternées, N fois), sans limitation puis le processeur de
la page ralenti 4 fois (CDP). Usage :

    .venv/bin/python bench/sonde_instantane.py [N]
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(RACINE), str(Path(__file__).resolve().parent)]

from demarrage import ARGUMENTS_CHROMIUM, CHROMIUM  # noqa: E402
from serveur import ServeurPages  # noqa: E402

import build  # noqa: E402

MESURE = """async ([n]) => {
  const P = 4096;
  const dossier = await navigator.storage.getDirectory();
  const taille_de = (nom) => dossier.getFileHandle(nom).then((p) => p.getFile())
    .then((f) => f.size, () => 0);
  let trouve;
  for (let i = 0; i < 600 && !trouve; i++) {
    try { // un fichier d'écriture en cours (.crswap) peut disparaître pendant la lecture
      for await (const [nom] of dossier.entries()) {
        const garde = /^echelon-instantane-[0-9a-f]+$/.test(nom);
        if (garde && (await taille_de(nom)) > 1e6) trouve = nom;
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 2000)); // l'écriture se termine
  const gz = (octets) => new Response(new Blob([octets]).stream()
    .pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
  const fichier = await (await dossier.getFileHandle(trouve)).getFile();
  const compact = new Uint8Array(await new Response(fichier.stream()
    .pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  const vue = new DataView(compact.buffer);
  const taille = vue.getUint32(0, true), n4 = vue.getUint32(4, true);
  const image = new Uint8Array(taille);
  let position = 8 + 4 * n4;
  for (let i = 0; i < n4; i++) {
    const debut = vue.getUint32(8 + 4 * i, true) * P;
    const longueur = Math.min(P, taille - debut);
    image.set(compact.subarray(position, position + longueur), debut);
    position += longueur;
  }
  const [plein, leger] = [new Uint8Array(await gz(image)), new Uint8Array(await gz(compact))];
  const lire = async (c, octets) => {
    const sortie = new Uint8Array(octets);
    const r = new Blob([c]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
    for (let pos = 0; ;) {
      const { done, value } = await r.read();
      if (done) return;
      sortie.set(value, pos);
      pos += value.byteLength;
    }
  };
  const temps = { plein: [], sans_pages_nulles: [] };
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await lire(plein, taille);
    temps.plein.push(Math.round(performance.now() - t));
    t = performance.now();
    await lire(leger, compact.length);
    temps.sans_pages_nulles.push(Math.round(performance.now() - t));
  }
  return { image: taille, pages_4k: Math.ceil(taille / P), non_nulles: n4,
           gzip_plein: plein.length, gzip_sans_pages_nulles: leger.length, temps_ms: temps };
}"""


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="sonde-instantane-") as temporaire:
        site = Path(temporaire) / "site"
        erreurs = build.construire(site).erreurs
        if erreurs:
            raise SystemExit("\n".join(map(str, erreurs)))
        profil = tempfile.mkdtemp(prefix="profil-", dir=temporaire)
        with ServeurPages(site) as serveur, sync_playwright() as pw:
            serveur.prechauffer()
            origine = serveur.demarrer()
            contexte = pw.chromium.launch_persistent_context(
                profil, executable_path=CHROMIUM, args=ARGUMENTS_CHROMIUM, headless=True
            )
            contexte.set_default_timeout(180_000)
            page = contexte.pages[0]
            page.goto(origine + serveur.sous_chemin + "simulateur/")
            print("sans limitation :", json.dumps(page.evaluate(MESURE, [n])))
            contexte.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
            print("processeur ×4 :", json.dumps(page.evaluate(MESURE, [n])))
            contexte.close()
        shutil.rmtree(profil, ignore_errors=True)


if __name__ == "__main__":
    main()
