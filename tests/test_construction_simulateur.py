"""Ce que la construction fournit au simulateur : Pyodide vérifié, la roue, son verrou, le
worker, le service worker, et une politique de sécurité qui n'ouvre que le nécessaire."""

from __future__ import annotations

import _imp
import ast
import base64
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import build
from construction import pages, projet, simulateur

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    sortie = tmp_path_factory.mktemp("site") / "public"
    assert build.construire(sortie).erreurs == []
    return sortie


@pytest.fixture(scope="module")
def origine() -> dict[str, bytes]:
    """Les fichiers du runtime tels que le paquet npm de Pyodide les publie."""
    reglages = pages.lire_reglages()[0]["pyodide"]
    archive, erreurs = simulateur.paquet_pyodide(reglages["version"], reglages["integrite"])
    assert erreurs == []
    return simulateur.fichiers_pyodide(archive)[0]


def test_seuls_les_quatre_fichiers_du_runtime_sont_copies_dans_un_dossier_versionne(site):
    """Les quatre fichiers du paquet dont le navigateur a besoin, et les versions zstd du
    WebAssembly et de la bibliothèque standard (le module de Pyodide voyage en gzip)."""
    version = pages.lire_reglages()[0]["pyodide"]["version"]
    assert sorted(p.name for p in (site / "pyodide").iterdir()) == [version, "zstddec"]
    assert sorted(p.name for p in (site / "pyodide" / version).iterdir()) == sorted(
        [
            *simulateur.FICHIERS_PYODIDE,
            "pyodide.asm.wasm.zst",
            "python_stdlib.zip.zst",
        ]
    )


def test_les_versions_zstd_redonnent_exactement_les_fichiers_publies(site, origine):
    """Le WebAssembly publié est celui du paquet, octet pour octet ; chaque version zstd le
    redonne exactement, somme de contrôle comprise, en bien moins d'octets que gzip."""
    import zstandard

    dossier = site / "pyodide" / pages.lire_reglages()[0]["pyodide"]["version"]
    assert (dossier / "pyodide.asm.wasm").read_bytes() == origine["pyodide.asm.wasm"]
    for nom in simulateur.COMPRESSES_EN_ZSTD:
        contenu = (dossier / nom).read_bytes()
        compresse = (dossier / f"{nom}.zst").read_bytes()
        parametres = zstandard.get_frame_parameters(compresse)
        assert parametres.has_checksum and parametres.content_size == len(contenu), nom
        assert zstandard.ZstdDecompressor().decompress(compresse) == contenu, nom
    wasm = origine["pyodide.asm.wasm"]
    assert len((dossier / "pyodide.asm.wasm.zst").read_bytes()) < 0.85 * len(gzip.compress(wasm, 6))


def test_une_copie_abimee_dans_le_cache_est_recompressee(tmp_path, monkeypatch):
    monkeypatch.setattr(projet, "DOSSIER_CACHE", tmp_path)
    contenu = b"pyodide " * 5000
    premiere = simulateur.en_zstd(contenu)
    (copie,) = (tmp_path / "zstd").iterdir()
    copie.write_bytes(premiere[:-10])
    assert simulateur.en_zstd(contenu) == premiere
    assert copie.read_bytes() == premiere


def test_le_decodeur_zstd_vient_du_paquet_epingle_avec_sa_licence(site):
    reglages = pages.lire_reglages()[0]["zstd"]
    archive, erreurs = simulateur.paquet_npm(
        "zstddec", reglages["version"], reglages["integrite"], "zstd"
    )
    assert erreurs == [] and simulateur.integrite_sri(archive) == reglages["integrite"]
    fichiers, erreurs = simulateur.decompresseur_zstd(archive)
    assert erreurs == []
    decodeur = site / simulateur.DOSSIER_DU_DECODEUR
    assert (decodeur / "zstddec.wasm").read_bytes() == fichiers["pyodide/zstddec/zstddec.wasm"]
    assert sorted(p.name for p in decodeur.iterdir()) == ["LICENSE.txt", "zstddec.wasm"]
    licence = (decodeur / "LICENSE.txt").read_text(encoding="utf-8")
    assert "MIT" in licence and "BSD" in licence


def test_un_paquet_zstddec_d_une_autre_forme_est_refuse_en_le_disant():
    tampon = io.BytesIO()
    with tarfile.open(fileobj=tampon, mode="w:gz") as tar:
        for nom, texte in (
            ("package/dist/zstddec-stream.mjs", b"export class ZSTDDecoder {}\n"),
            ("package/LICENSE", b"MIT"),
        ):
            info = tarfile.TarInfo(nom)
            info.size = len(texte)
            tar.addfile(info, io.BytesIO(texte))
    fichiers, erreurs = simulateur.decompresseur_zstd(tampon.getvalue())
    assert fichiers == {}
    assert "zstd : le paquet zstddec n'a plus la forme attendue" in str(erreurs[0])
    assert "js/zstd.mjs est à revoir" in str(erreurs[0])


DECODER_SOUS_NODE = r"""
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
const [module, ...fichiers] = process.argv.slice(2);
// Le décodeur demande son binaire par fetch : ici, lu sur le disque.
globalThis.fetch = async (adresse) => new Response(readFileSync(new URL(adresse)));
const { fluxZstd } = await import(module);
async function decoder(octets, morceau) {
  const flux = new ReadableStream({
    start(c) {
      for (let i = 0; i < octets.length; i += morceau) c.enqueue(octets.subarray(i, i + morceau));
      c.close();
    },
  });
  const sortie = await new Response(flux.pipeThrough(await fluxZstd())).arrayBuffer();
  return createHash("sha256").update(new Uint8Array(sortie)).digest("hex");
}
const resultats = {};
for (const fichier of fichiers) {
  const octets = readFileSync(fichier);
  resultats[fichier] = [await decoder(octets, 65536), await decoder(octets, 1000003)];
}
const wasm = readFileSync(fichiers[0]);
const abime = Buffer.from(wasm);
abime[Math.floor(abime.length / 2)] ^= 0x55;
for (const [nom, octets] of [
  ["tronque", wasm.subarray(0, wasm.length - 100)],
  ["abime", abime],
  ["autre", Buffer.from("ceci n'est pas du zstd")],
]) {
  resultats[nom] = await decoder(octets, 65536).catch((e) => String(e));
}
console.log(JSON.stringify(resultats));
"""


def test_le_decodeur_du_site_redonne_les_originaux_et_refuse_un_flux_abime(site, tmp_path):
    """js/zstd.mjs tel que publié, avec son binaire, sous Node : en morceaux comme en arrivent
    du réseau, il redonne les fichiers exacts ; un flux tronqué, abîmé ou étranger est refusé
    par un message en français."""
    script = tmp_path / "decoder.mjs"
    script.write_text(DECODER_SOUS_NODE, encoding="utf-8")
    version = pages.lire_reglages()[0]["pyodide"]["version"]
    dossier = site / "pyodide" / version
    fichiers = [str(dossier / f"{nom}.zst") for nom in simulateur.COMPRESSES_EN_ZSTD]
    resultat = subprocess.run(
        ["node", str(script), (site / "js" / "zstd.mjs").as_uri(), *fichiers],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    resultats = json.loads(resultat.stdout)
    for nom, fichier in zip(simulateur.COMPRESSES_EN_ZSTD, fichiers, strict=True):
        attendu = hashlib.sha256((dossier / nom).read_bytes()).hexdigest()
        assert resultats[fichier] == [attendu, attendu], nom
    assert resultats["tronque"] == "Error: décompression zstd impossible : flux tronqué"
    assert resultats["abime"].startswith("Error: décompression zstd impossible : ")
    assert resultats["autre"] == (
        "Error: décompression zstd impossible : ce n'est pas un flux zstd"
    )


LECTEUR_DE_ZIP_SOUS_NODE = r"""
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
const [module, ...archives] = process.argv.slice(2);
const { fichiersDuZip } = await import(module);
const resultats = {};
for (const archive of archives) {
  try {
    const fichiers = await fichiersDuZip(new Uint8Array(readFileSync(archive)));
    resultats[archive] = Object.fromEntries(fichiers.map(([nom, contenu]) =>
      [nom, createHash("sha256").update(contenu).digest("hex")]));
  } catch (erreur) {
    resultats[archive] = String(erreur);
  }
}
console.log(JSON.stringify(resultats));
"""


def empreintes_d_une_archive(octets: bytes) -> dict[str, str]:
    """{nom: sha256} des fichiers d'une archive ZIP, lus par Python (dossiers exclus)."""
    with zipfile.ZipFile(io.BytesIO(octets)) as archive:
        return {
            info.filename: hashlib.sha256(archive.read(info)).hexdigest()
            for info in archive.infolist()
            if not info.is_dir()
        }


def test_le_worker_lit_la_roue_publiee_comme_python_et_refuse_une_archive_douteuse(site, tmp_path):
    """js/zip.mjs, qui pose la roue dans site-packages, sous Node : la roue publiée (entrées
    sans compression), une archive en deflate avec un commentaire et un dossier redonnent
    chaque fichier exact ; un chemin qui sort du dossier, ou une archive tronquée, est refusé
    par un message en français."""
    script = tmp_path / "zip.mjs"
    script.write_text(LECTEUR_DE_ZIP_SOUS_NODE, encoding="utf-8")
    (roue,) = (site / "py").glob("*.whl")
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("paquet/", b"")
        archive.writestr("paquet/module.py", "valeur = 'é' * 1000\n")
        archive.writestr("paquet/vide.txt", b"")
        archive.comment = b"un commentaire d'archive"
    deflate = tmp_path / "deflate.zip"
    deflate.write_bytes(tampon.getvalue())
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("../hors.py", b"x = 1\n")
    hors = tmp_path / "hors.zip"
    hors.write_bytes(tampon.getvalue())
    tronquee = tmp_path / "tronquee.zip"
    tronquee.write_bytes(roue.read_bytes()[:-30])
    archives = [roue, deflate, hors, tronquee]
    resultat = subprocess.run(
        ["node", str(script), (site / "js" / "zip.mjs").as_uri(), *map(str, archives)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    resultats = json.loads(resultat.stdout)
    assert resultats[str(roue)] == empreintes_d_une_archive(roue.read_bytes())
    assert any(nom.endswith("calculator/navigateur.pyc") for nom in resultats[str(roue)])
    assert resultats[str(deflate)] == empreintes_d_une_archive(deflate.read_bytes())
    assert resultats[str(hors)] == (
        "Error: archive ZIP refusée : chemin « ../hors.py » hors du dossier"
    )
    assert resultats[str(tronquee)] == (
        "Error: archive ZIP illisible : fin du répertoire central introuvable"
    )


def test_un_paquet_dont_l_empreinte_differe_est_refuse(tmp_path, monkeypatch):
    monkeypatch.setattr(projet, "DOSSIER_CACHE", tmp_path)
    (tmp_path / "pyodide").mkdir()
    faux = tmp_path / "pyodide" / "pyodide-314.0.7.tgz"
    faux.write_bytes(b"pas le vrai paquet")
    reglages = pages.lire_reglages()[0]["pyodide"]
    contenu, erreurs = simulateur.paquet_pyodide("314.0.7", reglages["integrite"])
    assert contenu is None
    assert "ne correspond pas à pyodide.integrite" in str(erreurs[0])
    assert not faux.exists(), "le paquet refusé reste dans le cache"


def test_l_empreinte_epinglee_est_celle_du_paquet_en_cache():
    reglages = pages.lire_reglages()[0]["pyodide"]
    contenu, erreurs = simulateur.paquet_pyodide(reglages["version"], reglages["integrite"])
    assert erreurs == []
    assert simulateur.integrite_sri(contenu) == reglages["integrite"]
    with tarfile.open(fileobj=io.BytesIO(contenu)) as tar:
        version = json.load(tar.extractfile("package/package.json"))["version"]
    assert version == reglages["version"]


def test_la_roue_est_reproductible_et_embarque_les_baremes_a_jour(baremes):
    nom, premiere = simulateur.roue_du_calculateur(baremes)
    _, seconde = simulateur.roue_du_calculateur(baremes)
    assert premiere == seconde
    assert nom.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(io.BytesIO(premiere)) as roue:
        noms = roue.namelist()
        assert "calculator/donnees/baremes.json" in noms
        assert not [n for n in noms if "__pycache__" in n or n.startswith("tests/")]
        donnees = json.loads(roue.read("calculator/donnees/baremes.json"))
    assert sorted(donnees["baremes"]) == sorted(baremes)


def test_la_roue_publiee_porte_le_bytecode_de_ses_propres_sources(site):
    """Chaque .pyc de la roue publiée a été compilé depuis la source du même module
    (calculator/, empreinte vérifiée), par Python 3.14, et figure dans RECORD. Il est rangé à
    la place de sa source, qui n'est plus publiée : Pyodide l'importe sans rien compiler. Un
    module sans bytecode (que le navigateur n'importe pas) garde sa source."""
    (chemin,) = (site / "py").glob("*.whl")
    with zipfile.ZipFile(chemin) as roue:
        noms = roue.namelist()
        pycs = [n for n in noms if n.endswith(".pyc")]
        record = roue.read(next(n for n in noms if n.endswith(".dist-info/RECORD"))).decode()
        assert "calculator/interface.pyc" in pycs
        assert "calculator/navigateur.pyc" in pycs
        assert not [n for n in noms if "__pycache__" in n], noms
        for nom in pycs:
            assert nom.removesuffix("c") not in noms, f"{nom} : la source est encore publiée"
            source = (RACINE / nom.removesuffix("c")).read_bytes()
            pyc = roue.read(nom)
            magique = int.from_bytes(pyc[:4], "little")
            assert int.from_bytes(pyc[:2], "little") >= 3600, nom  # Python 3.14, pas 3.11
            assert pyc[4:8] == b"\x01\x00\x00\x00", nom  # empreinte de la source, non revérifiée
            assert pyc[8:16] == _imp.source_hash(magique, source), f"{nom} : source différente"
            empreinte = base64.urlsafe_b64encode(hashlib.sha256(pyc).digest()).decode()
            assert f"{nom},sha256={empreinte.rstrip('=')},{len(pyc)}" in record.splitlines()
        publies = {ligne.split(",", 1)[0] for ligne in record.splitlines()}
        assert publies == set(noms), publies ^ set(noms)
        sans_bytecode = {n for n in noms if n.endswith(".py")}
        assert sans_bytecode, "plus aucun module sans bytecode : ce test ne vérifie plus rien"
        assert not sans_bytecode & {n.removesuffix("c") for n in pycs}
    assert chemin.name.endswith("-py3-none-any.whl")


def test_la_roue_sans_sources_est_reproductible():
    """`roue_sans_sources` : mêmes octets pour la même roue, et la roue reste un zip valide
    où chaque .pyc a pris la place de sa source."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as roue:
        roue.writestr("p/a.py", "x = 1\n")
        roue.writestr("p/b.py", "y = 2\n")
        roue.writestr("p/__pycache__/a.cpython-314.pyc", b"pyc")
        roue.writestr(
            "p-1.dist-info/RECORD",
            "p/a.py,sha256=a,6\np/b.py,sha256=b,6\n"
            "p/__pycache__/a.cpython-314.pyc,sha256=c,3\np-1.dist-info/RECORD,,\n",
        )
    premiere = simulateur.roue_sans_sources(tampon.getvalue())
    assert premiere == simulateur.roue_sans_sources(tampon.getvalue())
    with zipfile.ZipFile(io.BytesIO(premiere)) as roue:
        assert roue.namelist() == ["p/b.py", "p/a.pyc", "p-1.dist-info/RECORD"]
        assert roue.read("p/a.pyc") == b"pyc"
        assert {i.compress_type for i in roue.infolist()} == {zipfile.ZIP_STORED}
        assert roue.read("p-1.dist-info/RECORD").decode() == (
            "p/b.py,sha256=b,6\np/a.pyc,sha256=c,3\np-1.dist-info/RECORD,,\n"
        )


def test_le_bytecode_sans_docstrings_ne_change_rien_au_calculateur():
    """Les .pyc de la roue sont compilés sans assert ni docstrings (sauf celles des classes) :
    c'est sans effet tant que le calculateur ne lit aucune docstring et n'a aucun assert."""
    for fichier in sorted((RACINE / "calculator").glob("*.py")):
        arbre = ast.parse(fichier.read_text(encoding="utf-8"))
        for noeud in ast.walk(arbre):
            assert not isinstance(noeud, ast.Assert), f"{fichier.name}:{noeud.lineno} : assert"
            if isinstance(noeud, ast.Attribute | ast.Name):
                nom = noeud.attr if isinstance(noeud, ast.Attribute) else noeud.id
                assert nom not in {"__doc__", "__debug__"}, f"{fichier.name}:{noeud.lineno}"
            if isinstance(noeud, ast.Call) and getattr(noeud.func, "attr", "") == "getdoc":
                raise AssertionError(f"{fichier.name}:{noeud.lineno} : inspect.getdoc")


def test_le_verrou_nomme_la_roue_avec_son_empreinte(site):
    verrou = json.loads((site / "py" / "pyodide-lock.json").read_text(encoding="utf-8"))
    (paquet,) = verrou["packages"].values()
    roue = (site / "py" / paquet["file_name"]).read_bytes()
    assert paquet["sha256"] == hashlib.sha256(roue).hexdigest()
    assert verrou["info"]["abi_version"]


CONFIGURATION_SOUS_NODE = r"""
const [adresse] = process.argv.slice(2);
console.log(JSON.stringify({ ...(await import(adresse)) }));
"""


def test_la_configuration_du_worker_est_un_module_qui_dit_ce_que_le_deploiement_fixe(
    site, tmp_path
):
    """js/calculateur.config.mjs, importé sous Node : la version épinglée, les
    tailles des fichiers tels qu'ils sont publiés, les noms du cache et de l'instantané ; le
    worker importe exactement ces noms."""
    script = tmp_path / "configuration.mjs"
    script.write_text(CONFIGURATION_SOUS_NODE, encoding="utf-8")
    module = site / simulateur.CONFIGURATION_DU_WORKER
    resultat = subprocess.run(
        ["node", str(script), module.as_uri()],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    configuration = json.loads(resultat.stdout)
    version = pages.lire_reglages()[0]["pyodide"]["version"]
    (roue,) = (site / "py").glob("*.whl")
    publies = {
        chemin: (site / chemin).read_bytes()
        for chemin in (
            f"pyodide/{version}/pyodide.asm.wasm",
            f"pyodide/{version}/pyodide.asm.mjs",
            f"pyodide/{version}/python_stdlib.zip",
            f"py/{roue.name}",
            "py/pyodide-lock.json",
        )
    }
    assert configuration["VERSION_PYODIDE"] == version
    assert configuration["CACHE_RUNTIME"] == simulateur.cache_du_runtime(version)
    assert configuration["INSTANTANE"] == simulateur.instantane_du_calculateur(
        publies, version, roue.name
    )
    module = f"pyodide/{version}/pyodide.asm.mjs"
    assert configuration["TAILLES"] == {
        **{
            chemin: (site / chemin).stat().st_size
            for chemin in (
                f"pyodide/{version}/pyodide.asm.wasm.zst",
                f"pyodide/{version}/python_stdlib.zip.zst",
                f"py/{roue.name}.zst",
            )
        },
        # Le module de Pyodide voyage en gzip (le serveur le compresse) : sa taille en gzip.
        module: len(gzip.compress((site / module).read_bytes(), compresslevel=6, mtime=0)),
    }
    worker = (site / "js" / "calculateur.worker.mjs").read_text(encoding="utf-8")
    importes = re.search(r'import \{([^}]*)\} from "\./calculateur\.config\.mjs";', worker)
    assert importes, "le worker n'importe pas sa configuration"
    assert sorted(n.strip() for n in importes.group(1).split(",") if n.strip()) == sorted(
        configuration
    )


def test_le_worker_charge_le_runtime_de_la_version_epinglee(site):
    """Le runtime vient du dossier de la version que dit la configuration, avec notre verrou."""
    worker = (site / "js" / "calculateur.worker.mjs").read_text(encoding="utf-8")
    assert "new URL(`../pyodide/${VERSION_PYODIDE}/`, import.meta.url)" in worker
    assert 'import(RUNTIME + "pyodide.mjs")' in worker
    assert "lockFileURL" in worker
    assert "micropip" not in worker
    # Le worker publié est le fichier source, tel quel : rien n'y est injecté.
    source = projet.DOSSIER_STATIQUE / "js" / "calculateur.worker.mjs"
    assert worker == source.read_text(encoding="utf-8")


def configuration_du_service_worker(site: Path) -> str:
    return (site / simulateur.CONFIGURATION_DU_SERVICE_WORKER).read_text(encoding="utf-8")


def liste_du_service_worker(configuration: str, nom: str) -> list[str]:
    return json.loads(re.search(rf"^const {nom} = (\[.*\]);$", configuration, re.M).group(1))


def test_le_service_worker_met_en_cache_tout_ce_qu_il_faut_sous_un_nom_tire_du_contenu(site):
    """Deux listes : le site (gardé par toute visite) et le runtime Python (gardé seulement pour
    qui ouvre le simulateur : lire une page ne télécharge pas plusieurs Mo)."""
    configuration = configuration_du_service_worker(site)
    du_site = liste_du_service_worker(configuration, "FICHIERS")
    python = liste_du_service_worker(configuration, "FICHIERS_DE_PYTHON")
    for attendu in (
        "./",
        "404.html",
        "simulateur/",
        "style.css",
        "js/hors-ligne.mjs",
        "js/calculateur.worker.mjs",
        "js/calculateur.config.mjs",
        "js/zstd.mjs",
        "js/zip.mjs",
        "donnees/baremes/index.json",
        "donnees/schema-bareme.json",
    ):
        assert attendu in du_site, attendu
    for attendu in (
        "py/pyodide-lock.json",
        "pyodide/zstddec/zstddec.wasm",
        "pyodide/314.0.7/python_stdlib.zip.zst",
    ):
        assert attendu in python, attendu
    assert not [f for f in du_site if f.startswith(("py/", "pyodide/"))]
    assert python[0] == simulateur.VERROU_DU_CALCULATEUR
    assert 'const SIMULATEUR = "simulateur/";' in configuration
    fichiers = du_site + python
    # Le WebAssembly est gardé décompressé par le worker, à part ; les originaux des fichiers
    # compressés ne sont demandés que si le décodeur ne peut pas servir ; le service worker et
    # sa configuration, le navigateur les garde lui-même.
    version = pages.lire_reglages()[0]["pyodide"]["version"]
    runtime = {f.rsplit("/", 1)[-1] for f in fichiers if f.startswith(f"pyodide/{version}/")}
    assert not runtime & {
        "pyodide.asm.wasm",
        "pyodide.asm.wasm.zst",
        "pyodide.asm.mjs",
        "python_stdlib.zip",
    }
    assert not {"sw.js", "sw.config.js"} & set(fichiers)
    # De la roue, seule la version zstd (que le worker demande) est gardée.
    assert any(f.startswith("py/") and f.endswith(".whl.zst") for f in fichiers)
    assert not [f for f in fichiers if f.endswith(".whl")]
    for chemin in fichiers:
        cible = site / chemin / "index.html" if chemin.endswith("/") else site / chemin
        assert cible.is_file(), chemin
    assert re.search(r'^const CACHE = "echelon-[0-9a-f]{16}";$', configuration, re.M)
    sw = (site / "sw.js").read_text(encoding="utf-8")
    assert sw == (projet.DOSSIER_STATIQUE / "sw.js").read_text(encoding="utf-8")
    assert 'importScripts("sw.config.js");' in sw
    assert 'cache: "no-cache"' in sw


SERVICE_WORKER_SOUS_NODE = r"""
// sw.js tel que publié, dans un contexte qui imite celui d'un service worker : importScripts
// exécute sw.config.js dans le même contexte ; puis l'installation est déclenchée.
import { readFileSync } from "node:fs";
import vm from "node:vm";
const [dossier, page] = process.argv.slice(2);
const ecouteurs = {};
const importes = [];
const gardes = {};
const contexte = vm.createContext({
  URL,
  console,
  Request: class { constructor(url, options) { this.url = url; this.cache = options.cache; } },
  caches: {
    open: async (nom) => ({ addAll: async (requetes) => { gardes[nom] = requetes; } }),
    match: async () => undefined,
  },
  // Les fenêtres ouvertes pendant l'installation : une page de lecture, ou le simulateur.
  clients: { matchAll: async () => [{ url: `https://exemple.test/echelon/${page}` }] },
});
contexte.self = Object.assign(contexte, {
  addEventListener: (type, ecouteur) => { ecouteurs[type] = ecouteur; },
  registration: { scope: "https://exemple.test/echelon/" },
  location: { origin: "https://exemple.test" },
  skipWaiting: async () => {},
  importScripts: (...adresses) => {
    for (const adresse of adresses) {
      importes.push(adresse);
      const texte = readFileSync(`${dossier}/${adresse}`, "utf8");
      vm.runInContext(texte, contexte, { filename: adresse });
    }
  },
});
vm.runInContext(readFileSync(`${dossier}/sw.js`, "utf8"), contexte, { filename: "sw.js" });
let installation;
ecouteurs.install({ waitUntil: (promesse) => { installation = promesse; } });
await installation;
const constantes = "[CACHE, FICHIERS, FICHIERS_DE_PYTHON]";
const [cache, fichiers, python] = vm.runInContext(constantes, contexte);
console.log(JSON.stringify({
  importes,
  ecouteurs: Object.keys(ecouteurs).sort(),
  cache,
  fichiers,
  python,
  gardes: Object.fromEntries(Object.entries(gardes).map(([nom, requetes]) => [
    nom, requetes.map((r) => [r.url, r.cache]),
  ])),
}));
"""


@pytest.mark.parametrize(("page", "avec_python"), [("faq/", False), ("simulateur/", True)])
def test_le_service_worker_publie_charge_sa_configuration_et_garde_ce_qu_elle_liste(
    site, tmp_path, page, avec_python
):
    """sw.js et sw.config.js, tels que publiés, sous Node : importScripts charge la
    configuration, dont les constantes servent à sw.js ; l'installation garde, dans le cache
    qu'elle nomme, chaque fichier du site, revalidé auprès du serveur, et le runtime Python
    seulement si le simulateur est ouvert (aucun cache ne l'a encore)."""
    script = tmp_path / "service_worker.mjs"
    script.write_text(SERVICE_WORKER_SOUS_NODE, encoding="utf-8")
    resultat = subprocess.run(
        ["node", str(script), str(site), page],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    sortie = json.loads(resultat.stdout)
    assert sortie["importes"] == ["sw.config.js"]
    assert sortie["ecouteurs"] == ["activate", "fetch", "install", "message"]
    assert re.fullmatch(r"echelon-[0-9a-f]{16}", sortie["cache"])
    assert len(sortie["fichiers"]) > 20
    assert len(sortie["python"]) > 3
    attendus = sortie["fichiers"] + (sortie["python"] if avec_python else [])
    assert sortie["gardes"] == {sortie["cache"]: [[f, "no-cache"] for f in attendus]}


def test_le_nom_du_cache_change_des_qu_un_fichier_du_site_change():
    """Chaque fichier compte, gardé ou non (une page, la roue, sw.js lui-même) : un octet de
    plus, et sw.config.js nomme un autre cache, ce qui fait installer le nouveau service
    worker ; les mêmes fichiers redonnent le même nom."""
    les_pages, erreurs = pages.lire_pages(pages.lire_reglages()[0])
    assert erreurs == []
    fichiers = {
        "index.html": b"<p>page</p>",
        "js/calculateur.worker.mjs": b"worker",
        "js/calculateur.config.mjs": b"configuration",
        "py/roue.whl": b"roue",
        "sw.js": b"service worker",
    }

    def cache(fichiers: dict[str, bytes]) -> str:
        configuration = simulateur.service_worker(fichiers, les_pages, "314.0.7")
        assert list(configuration) == [simulateur.CONFIGURATION_DU_SERVICE_WORKER]
        texte = configuration[simulateur.CONFIGURATION_DU_SERVICE_WORKER].decode()
        return re.search(r'^const CACHE = "(echelon-[0-9a-f]{16})";$', texte, re.M).group(1)

    premier = cache(fichiers)
    assert cache(dict(reversed(fichiers.items()))) == premier
    for chemin, contenu in fichiers.items():
        assert cache({**fichiers, chemin: contenu + b" "}) != premier, chemin


def test_le_nom_du_cache_change_quand_le_contenu_change(site, tmp_path, monkeypatch):
    copie = tmp_path / "site_src"
    import shutil

    shutil.copytree(projet.DOSSIER_SITE, copie)
    monkeypatch.setattr(projet, "DOSSIER_SITE", copie)
    monkeypatch.setattr(projet, "DOSSIER_PAGES", copie / "pages")
    monkeypatch.setattr(projet, "DOSSIER_GABARITS", copie / "gabarits")
    monkeypatch.setattr(projet, "DOSSIER_STATIQUE", copie / "statique")
    page = copie / "pages" / "recours.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", "utf-8")
    autre = tmp_path / "public"
    assert build.construire(autre).erreurs == []
    cache = re.compile(r'const CACHE = "([^"]+)"')
    assert cache.search(configuration_du_service_worker(site)).group(1) != cache.search(
        configuration_du_service_worker(autre)
    ).group(1)
    # sw.js, lui, n'a pas changé : c'est sa configuration qui signale le nouveau déploiement.
    assert (site / "sw.js").read_bytes() == (autre / "sw.js").read_bytes()


def test_aucun_javascript_n_est_un_gabarit_et_chacun_se_lit():
    """Le JavaScript du site et celui de la construction sont de vrais fichiers : aucune
    syntaxe Jinja, et Node les lit sans erreur de syntaxe (modules .mjs, scripts .js)."""
    scripts = sorted(
        [
            *projet.DOSSIER_SITE.rglob("*.js"),
            *projet.DOSSIER_SITE.rglob("*.mjs"),
            *simulateur.RUNTIME_SOUS_NODE.glob("*.mjs"),
        ]
    )
    noms = {s.relative_to(RACINE).as_posix() for s in scripts}
    assert {
        "site_src/statique/sw.js",
        "site_src/statique/js/calculateur.worker.mjs",
        "construction/runtime/bibliotheque_standard.mjs",
    } <= noms
    for script in scripts:
        assert not re.search(r"\{\{|\{%", script.read_text(encoding="utf-8")), script
        subprocess.run(["node", "--check", str(script)], check=True, timeout=60)


def test_seul_le_simulateur_peut_compiler_du_webassembly_et_rien_n_est_en_ligne(site):
    for page in site.rglob("*.html"):
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page.read_text())
        politique = csp.group(1).replace("&#39;", "'")
        assert "unsafe-inline" not in politique and "unsafe-eval'" not in politique.replace(
            "wasm-unsafe-eval'", ""
        ), page
        assert ("wasm-unsafe-eval" in politique) == (page.parent.name == "simulateur"), page


def test_aucune_adresse_de_registre_ni_de_cdn_dans_le_depot_ni_dans_les_pages(site):
    suivis = subprocess.run(
        ["git", "ls-files"], cwd=RACINE, capture_output=True, text=True, check=True
    ).stdout.split()
    interdits = re.compile(r"registry\.npmjs|jsdelivr|unpkg\.com|cdnjs|pypi\.org/simple")
    fichiers = [RACINE / f for f in suivis if (RACINE / f).is_file()]
    fichiers += [*site.rglob("*.html"), *site.glob("sw*.js"), *(site / "js").glob("*.mjs")]
    for fichier in fichiers:
        if fichier.name == Path(__file__).name:
            continue  # ce test nomme les adresses qu'il cherche
        assert not interdits.search(fichier.read_text(encoding="utf-8", errors="ignore")), fichier


def test_la_bibliotheque_standard_est_reduite_et_deja_compilee(site, origine):
    """Seuls les modules dont le calculateur se sert, compilés en .pyc par Python 3.14."""
    dossier = site / "pyodide" / pages.lire_reglages()[0]["pyodide"]["version"]
    publiee = (dossier / "python_stdlib.zip").read_bytes()
    with (
        zipfile.ZipFile(io.BytesIO(publiee)) as zip_,
        zipfile.ZipFile(io.BytesIO(origine["python_stdlib.zip"])) as zip_origine,
    ):
        noms = zip_.namelist()
        assert noms and all(n.endswith(".pyc") for n in noms)
        # Sans compression entrée par entrée : l'archive entière voyage en zstd.
        assert {i.compress_type for i in zip_.infolist()} == {zipfile.ZIP_STORED}
        assert {"json/__init__.pyc", "decimal.pyc", "importlib/metadata/__init__.pyc"} <= set(noms)
        assert len(noms) < len(zip_origine.namelist()) / 2
        magique = zip_.read("json/__init__.pyc")[:4]
    zstd = (dossier / "python_stdlib.zip.zst").read_bytes()
    assert len(zstd) < 0.35 * len(origine["python_stdlib.zip"])
    # Le nombre magique de Python 3.14 (3600 et suivants), celui du runtime, pas de CPython 3.11.
    assert int.from_bytes(magique[:2], "little") >= 3600


def test_la_bibliotheque_standard_ne_publie_ni_module_gele_ni_module_facultatif(site):
    """os, site, importlib._bootstrap… sont gelés dans le WebAssembly : Python ne lit jamais
    leur fichier ; ssl, bz2, lzma et compression ne sont importés par le démarrage de Pyodide
    que s'ils sont là. Ni les uns ni les autres ne sont publiés (les tests du navigateur
    démarrent le calculateur sans eux) ; le reste des modules chargés l'est."""
    dossier = site / "pyodide" / pages.lire_reglages()[0]["pyodide"]["version"]
    with zipfile.ZipFile(dossier / "python_stdlib.zip") as zip_:
        noms = set(zip_.namelist())
    geles = {"os.pyc", "site.pyc", "stat.pyc", "codecs.pyc", "importlib/_bootstrap.pyc"}
    facultatifs = {"ssl.pyc", "_ssl.pyc", "bz2.pyc", "lzma.pyc", "compression/__init__.pyc"}
    assert not (geles | facultatifs) & noms
    assert not [n for n in noms if n.startswith("compression/")]
    assert {"asyncio/base_events.pyc", "shutil.pyc", "zipfile/__init__.pyc"} <= noms


def test_la_cle_du_bytecode_suit_le_contenu_des_scripts_de_reduction(tmp_path, monkeypatch):
    """Le bytecode gardé dans .cache/ est refait dès que l'un des deux scripts qui le
    produisent change (une ligne de plus suffit), et seulement alors."""
    import shutil

    copie = tmp_path / "runtime"
    shutil.copytree(simulateur.RUNTIME_SOUS_NODE, copie)
    monkeypatch.setattr(simulateur, "RUNTIME_SOUS_NODE", copie)
    runtime = {"python_stdlib.zip": b"bibliotheque", "pyodide.asm.wasm": b"webassembly"}
    cles = [simulateur.cle_du_bytecode(runtime, b"roue", "[]")]
    assert simulateur.cle_du_bytecode(runtime, b"roue", "[]") == cles[0]
    for nom in simulateur.SCRIPTS_DE_LA_BIBLIOTHEQUE:
        script = copie / nom
        script.write_text(script.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        cles.append(simulateur.cle_du_bytecode(runtime, b"roue", "[]"))
    assert len(set(cles)) == 3, cles


def test_le_programme_python_de_la_reduction_est_vu_par_ruff():
    """construction/runtime/bibliotheque_standard.py est un vrai fichier Python : ruff le
    vérifie avec le reste du dépôt (make lint), et il passe."""
    import sys

    ruff = [sys.executable, "-m", "ruff"]
    vus = subprocess.run(
        [*ruff, "check", "--show-files", "."], cwd=RACINE, capture_output=True, text=True
    ).stdout
    programme = simulateur.RUNTIME_SOUS_NODE / "bibliotheque_standard.py"
    assert str(programme) in vus.splitlines()
    subprocess.run([*ruff, "check", "--quiet", str(programme)], cwd=RACINE, check=True)


TRACE_SOUS_NODE = """
const [racine, version] = process.argv.slice(1);
const { loadPyodide } = await import(`${racine}/pyodide/${version}/pyodide.mjs`);
const pyodide = await loadPyodide({
  indexURL: `${racine}/pyodide/${version}/`,
  lockFileURL: `${racine}/py/pyodide-lock.json`,
  stdout: () => {},
  stderr: () => {},
});
try {
  pyodide.runPython('import json\\njson.loads("pas du JSON")');
} catch (erreur) {
  console.log(erreur.message);
}
"""


def test_la_bibliotheque_sans_numeros_de_ligne_donne_encore_une_trace_lisible(site):
    """La bibliothèque standard publiée n'a plus de numéros de ligne (« line None ») : une
    erreur levée dans elle donne encore sa trace entière (le module traceback la forme), et
    non l'échec de sys.excepthook."""
    version = pages.lire_reglages()[0]["pyodide"]["version"]
    resultat = subprocess.run(
        ["node", "--input-type=module", "-e", TRACE_SOUS_NODE, str(site), version],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    trace = resultat.stdout
    assert 'File "json/decoder.py", line None, in raw_decode' in trace, trace
    assert trace.rstrip().endswith(
        "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
    ), trace
    assert "excepthook" not in trace, trace


def test_chaque_repere_de_la_sonde_de_demarrage_est_une_fois_dans_le_site(site):
    """bench/sonde_demarrage.py pose ses marques à des textes repérés du worker et des modules
    de Pyodide : un changement de l'un d'eux arrêterait la sonde, le test le dit avant."""
    chemins = list(sys.path)
    sys.path.insert(0, str(RACINE / "bench"))
    try:
        from sonde_demarrage import MARQUES
    finally:
        sys.path[:] = chemins  # la sonde ajoute aussi les siens
    version = next((site / "pyodide").glob("[0-9]*")).name
    for fichier, repere, _ in MARQUES:
        texte = (site / fichier.format(version=version)).read_text(encoding="utf-8")
        assert texte.count(repere) == 1, (fichier, repere[:60])
