"""Le simulateur : Pyodide (paquet npm épinglé), le décodeur zstd, la roue du calculateur et
son bytecode, le worker, l'instantané et le service worker.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculator.bareme import Bareme

from . import projet
from .baremes_yaml import donnees_compilees
from .cas import toutes_les_entrees
from .pages import Page
from .yaml_strict import Erreur

FICHIERS_PYODIDE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
"""Les seuls fichiers du paquet npm dont le navigateur a besoin."""
DATE_DE_LA_ROUE = (1980, 1, 1, 0, 0, 0)
"""Date fixe des fichiers de la roue (la plus ancienne en zip) : mêmes sources, mêmes octets."""
NOM_DU_PAQUET = "echelon-calculator"


def integrite_sri(contenu: bytes) -> str:
    """L'empreinte au format de npm (« sha512-… » en base64)."""
    return "sha512-" + base64.b64encode(hashlib.sha512(contenu).digest()).decode()


def paquet_npm(
    paquet: str, version: str, integrite: str, reglage: str
) -> tuple[bytes | None, list[Erreur]]:
    """Un paquet npm épinglé (Pyodide, le décodeur zstd), vérifié par son empreinte :
    depuis .cache/, sinon récupéré par « npm pack ». `reglage` : sa clé dans site.yaml."""
    archive = projet.DOSSIER_CACHE / paquet / f"{paquet}-{version}.tgz"
    if not archive.is_file():
        archive.parent.mkdir(parents=True, exist_ok=True)
        if shutil.which("npm") is None:
            return None, [
                Erreur(
                    "site_src/site.yaml",
                    None,
                    f"le client npm est introuvable : installez Node.js et npm pour récupérer "
                    f"{paquet}",
                )
            ]
        print(f"Récupération de {paquet}@{version} avec npm pack…", file=sys.stderr)
        commande = [
            "npm",
            "pack",
            f"{paquet}@{version}",
            "--silent",
            "--pack-destination",
            str(archive.parent),
        ]
        resultat = subprocess.run(commande, capture_output=True, text=True, check=False)
        if resultat.returncode != 0 or not archive.is_file():
            return None, [
                Erreur(
                    "site_src/site.yaml",
                    None,
                    f"« {' '.join(commande[:3])} » a échoué : {resultat.stderr.strip()[-500:]}",
                )
            ]
    contenu = archive.read_bytes()
    if integrite_sri(contenu) != integrite:
        archive.unlink()
        return None, [
            Erreur(
                "site_src/site.yaml",
                None,
                f"l'empreinte de {paquet}@{version} ne correspond pas à {reglage}.integrite : "
                "paquet refusé (et effacé du cache)",
            )
        ]
    return contenu, []


def paquet_pyodide(version: str, integrite: str) -> tuple[bytes | None, list[Erreur]]:
    """Le paquet npm de Pyodide, vérifié."""
    return paquet_npm("pyodide", version, integrite, "pyodide")


def fichiers_pyodide(archive: bytes) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Les fichiers du runtime, et le bloc « info » de son fichier de verrouillage."""
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        fichiers = {nom: tar.extractfile(f"package/{nom}").read() for nom in FICHIERS_PYODIDE}
        verrou = json.load(tar.extractfile("package/pyodide-lock.json"))
    return fichiers, verrou["info"]


def decompresseur_zstd(archive: bytes) -> tuple[dict[str, bytes], list[Erreur]]:
    """Le décodeur zstd (celui de zstd lui-même, compilé en WebAssembly, 59 ko) et sa licence,
    tirés du paquet npm zstddec, où le WebAssembly est écrit en base64 dans le module
    JavaScript : le site n'en publie que le binaire (pyodide/zstddec/), que js/zstd.mjs
    pilote."""
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        module = tar.extractfile("package/dist/zstddec-stream.mjs").read().decode()
        licence = tar.extractfile("package/LICENSE").read()
    binaire = re.search(r'^const wasm = "([A-Za-z0-9+/=]+)";?$', module, re.MULTILINE)
    wasm = base64.b64decode(binaire[1]) if binaire else b""
    if not wasm.startswith(b"\0asm") or not all(n.encode() in wasm for n in EXPORTS_ZSTD):
        return {}, [
            Erreur(
                "site_src/site.yaml",
                None,
                "zstd : le paquet zstddec n'a plus la forme attendue (WebAssembly en base64 "
                f"exportant {', '.join(EXPORTS_ZSTD)}) ; js/zstd.mjs est à revoir",
            )
        ]
    entete = b"zstddec.wasm, extrait du paquet npm zstddec (dist/zstddec-stream.mjs) :\n\n"
    return {
        f"{DOSSIER_DU_DECODEUR}/zstddec.wasm": wasm,
        f"{DOSSIER_DU_DECODEUR}/LICENSE.txt": entete + licence,
    }, []


DOSSIER_DU_DECODEUR = "pyodide/zstddec"
"""Où le site publie le décodeur zstd : avec le runtime, hors des octets de la page."""
COMPRESSES_EN_ZSTD = ("pyodide.asm.wasm", "python_stdlib.zip")
"""Les fichiers du runtime qui voyagent en zstd (`<nom>.zst`), décompressés par le worker."""
MODULE_DU_RUNTIME = "pyodide.asm.mjs"
"""Le module JavaScript de Pyodide voyage tel quel, compressé en gzip par le serveur, et le
worker l'importe par son adresse. En zstd, il pesait 45 ko de moins, mais le worker devait le
décompresser puis l'importer d'un blob : « prêt » arrivait 23 à 46 ms plus tard à une première
visite (docs/performance.md, « Le module de Pyodide importé par son adresse »)."""
EXPORTS_ZSTD = (
    "memory",
    "malloc",
    "ZSTD_createDCtx",
    "ZSTD_decompressStream",
    "ZSTD_DStreamInSize",
    "ZSTD_DStreamOutSize",
)
"""Ce dont js/zstd.mjs se sert dans le décodeur."""


def en_zstd(contenu: bytes) -> bytes:
    """`contenu` compressé en zstd (niveau 22, somme de contrôle comprise), pour le réseau : le
    WebAssembly de Pyodide passe de 3,56 Mo en gzip à 2,89 Mo, la bibliothèque standard de
    1,00 à 0,73 Mo, et le téléphone décompresse le tout en une cinquantaine de millisecondes.

    Compresser le WebAssembly prend une dizaine de secondes : le résultat est gardé dans
    .cache/, sous l'empreinte du contenu, et relu à chaque construction (il doit redonner le
    contenu exact).
    """
    import zstandard

    chemin = projet.DOSSIER_CACHE / "zstd" / f"{hashlib.sha256(contenu).hexdigest()[:20]}.zst"
    if chemin.is_file():
        compresse = chemin.read_bytes()
        try:
            if zstandard.ZstdDecompressor().decompress(compresse) == contenu:
                return compresse
        except zstandard.ZstdError:
            pass
    compresseur = zstandard.ZstdCompressor(level=22, write_checksum=True, write_content_size=True)
    compresse = compresseur.compress(contenu)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(compresse)
    return compresse


def roue_du_calculateur(baremes: dict[str, Bareme]) -> tuple[str, bytes]:
    """La roue pure Python du calculateur, reproductible, avec les barèmes compilés à jour.

    Construite par le moteur déclaré dans pyproject.toml (flit) sur une copie des sources :
    la construction du site n'écrit jamais dans calculator/.
    """
    from flit_core.wheel import WheelBuilder

    with tempfile.TemporaryDirectory() as dossier:
        copie = Path(dossier)
        shutil.copytree(
            projet.RACINE / "calculator",
            copie / "calculator",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        for nom in ("pyproject.toml", "LICENSE"):
            shutil.copy2(projet.RACINE / nom, copie / nom)
        donnees = copie / "calculator" / "donnees"
        donnees.mkdir(exist_ok=True)
        (donnees / "baremes.json").write_text(
            donnees_compilees(baremes, compact=True), encoding="utf-8"
        )
        # Ni os.chdir ni SOURCE_DATE_EPOCH : ils valent pour tout le processus, et le
        # serveur de travail reconstruit dans un fil. La date des entrées est fixée ici.
        tampon = io.BytesIO()
        constructeur = WheelBuilder.from_ini_path(copie / "pyproject.toml", tampon)
        constructeur.source_time_stamp = DATE_DE_LA_ROUE
        constructeur.build(editable=False)
        return constructeur.wheel_filename, tampon.getvalue()


def verrou_du_calculateur(nom_de_roue: str, roue: bytes, info: dict[str, Any]) -> str:
    """Notre fichier de verrouillage Pyodide : un seul paquet, la roue du calculateur."""
    version = nom_de_roue.split("-")[1]
    contenu = {
        "info": info,
        "packages": {
            NOM_DU_PAQUET: {
                "name": NOM_DU_PAQUET,
                "version": version,
                "file_name": nom_de_roue,
                "install_dir": "site",
                "sha256": hashlib.sha256(roue).hexdigest(),
                "package_type": "package",
                "imports": ["calculator"],
                "depends": [],
                "unvendored_tests": False,
                "tool": {},
            }
        },
    }
    return json.dumps(contenu, indent=1, sort_keys=True) + "\n"


RUNTIME_SOUS_NODE = Path(__file__).resolve().parent / "runtime"
"""Le programme qui réduit la bibliothèque standard : bibliotheque_standard.mjs (Node) lance
bibliotheque_standard.py dans Pyodide."""
SCRIPTS_DE_LA_BIBLIOTHEQUE = ("bibliotheque_standard.mjs", "bibliotheque_standard.py")


@dataclass(frozen=True)
class Bytecode:
    """Ce que le runtime lui-même a compilé : deux archives zip de .pyc."""

    bibliotheque_standard: bytes
    """La bibliothèque standard réduite, qui remplace python_stdlib.zip."""
    calculateur: bytes
    """Les modules du calculateur (`calculator/__pycache__/*.cpython-314.pyc`), pour la roue."""


ARCHIVES_DU_BYTECODE = ("python_stdlib.zip", "calculateur.zip")
"""Les deux archives de `Bytecode`, dans l'ordre de ses champs, telles qu'écrites sur disque."""


def lire_le_bytecode(dossier: Path) -> Bytecode:
    """Les deux archives écrites dans `dossier`."""
    return Bytecode(*((dossier / nom).read_bytes() for nom in ARCHIVES_DU_BYTECODE))


def cle_du_bytecode(runtime: dict[str, bytes], roue: bytes, entrees: str) -> str:
    """La clé du cache : tout ce qui peut changer le bytecode, scripts de réduction compris."""
    scripts = [(RUNTIME_SOUS_NODE / nom).read_bytes() for nom in SCRIPTS_DE_LA_BIBLIOTHEQUE]
    cle = hashlib.sha256()
    for morceau in (
        runtime["python_stdlib.zip"],
        runtime["pyodide.asm.wasm"],
        roue,
        entrees.encode(),
        *scripts,
    ):
        cle.update(hashlib.sha256(morceau).digest())
    return cle.hexdigest()[:20]


def bytecode_du_runtime(
    runtime: dict[str, bytes], nom_de_roue: str, roue: bytes, verrou: bytes
) -> tuple[Bytecode | None, list[Erreur]]:
    """La bibliothèque standard réduite aux modules dont le calculateur se sert, et le
    calculateur, compilés en .pyc.

    Les modules sont relevés en faisant tourner tous les cas de tests/cas/ et chaque action du
    worker dans le runtime lui-même (sous Node, construction/runtime/), puis compilés par ce
    même Python 3.14 : le téléphone ne compile plus rien, et télécharge moins. Un test
    navigateur complet tourne sur ce runtime réduit. Le résultat est gardé dans .cache/, sous
    une clé tirée de tout ce qui peut le changer.
    """
    entrees = json.dumps(toutes_les_entrees(), ensure_ascii=False, sort_keys=True)
    cache = projet.DOSSIER_CACHE / "bytecode" / cle_du_bytecode(runtime, roue, entrees)
    if all((cache / nom).is_file() for nom in ARCHIVES_DU_BYTECODE):
        return lire_le_bytecode(cache), []
    if shutil.which("node") is None:
        return None, [
            Erreur(
                "build.py",
                None,
                "Node.js est introuvable : il compile la "
                "bibliothèque standard du simulateur (paquet Debian « nodejs »)",
            )
        ]
    print(
        "Compilation de la bibliothèque standard du simulateur (Pyodide sous Node)…",
        file=sys.stderr,
    )
    fichiers = {**runtime, nom_de_roue: roue, "pyodide-lock.json": verrou}
    bytecode, erreurs = compiler_sous_node(fichiers, entrees)
    if bytecode is not None:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "python_stdlib.zip").write_bytes(bytecode.bibliotheque_standard)
        (cache / "calculateur.zip").write_bytes(bytecode.calculateur)
    return bytecode, erreurs


def compiler_sous_node(
    fichiers: dict[str, bytes], entrees: str
) -> tuple[Bytecode | None, list[Erreur]]:
    """Lance construction/runtime/bibliotheque_standard.mjs sous Node, sur le runtime et la roue
    (`fichiers`, par nom) écrits dans un dossier temporaire."""
    with tempfile.TemporaryDirectory() as dossier:
        racine = Path(dossier)
        for nom, contenu in fichiers.items():
            (racine / nom).write_bytes(contenu)
        (racine / "entrees.json").write_text(entrees, encoding="utf-8")
        commande = [
            "node",
            str(RUNTIME_SOUS_NODE / "bibliotheque_standard.mjs"),
            str(racine),
            NOM_DU_PAQUET,
            str(racine / "entrees.json"),
            *(str(racine / nom) for nom in ARCHIVES_DU_BYTECODE),
        ]
        resultat = subprocess.run(
            commande, capture_output=True, text=True, check=False, timeout=600
        )
        if resultat.returncode != 0:
            return None, [
                Erreur(
                    "build.py",
                    None,
                    "la compilation de la bibliothèque standard a "
                    f"échoué : {_fin_de_la_trace(resultat.stderr)}",
                )
            ]
        return lire_le_bytecode(racine), []


def roue_avec_bytecode(roue: bytes, pyc: bytes) -> bytes:
    """La roue, avec les .pyc du calculateur compilés par le runtime (et inscrits dans RECORD).

    Ils sont rangés comme Python les cherche (`__pycache__/module.cpython-314.pyc`) : Pyodide
    les charge sans compiler les sources, tout autre Python les ignore (autre étiquette) et la
    roue reste `py3-none-any`. Même roue et mêmes .pyc, mêmes octets.
    """
    with zipfile.ZipFile(io.BytesIO(roue)) as source, zipfile.ZipFile(io.BytesIO(pyc)) as ajout:
        entrees = [(info, source.read(info)) for info in source.infolist()]
        ajouts = sorted(
            ((info, ajout.read(info)) for info in ajout.infolist()),
            key=lambda paire: paire[0].filename,
        )
    record = next(i for i, (info, _) in enumerate(entrees) if info.filename.endswith("/RECORD"))
    lignes = [
        f"{info.filename},sha256="
        + base64.urlsafe_b64encode(hashlib.sha256(contenu).digest()).decode().rstrip("=")
        + f",{len(contenu)}"
        for info, contenu in ajouts
    ]
    info_record, texte_record = entrees[record]
    entrees[record] = (info_record, texte_record + ("\n".join(lignes) + "\n").encode())
    premiere_meta = next(i for i, (info, _) in enumerate(entrees) if ".dist-info/" in info.filename)
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as sortie:
        for info, contenu in entrees[:premiere_meta]:
            sortie.writestr(info, contenu)
        for info, contenu in ajouts:
            nouvelle = zipfile.ZipInfo(info.filename, date_time=DATE_DE_LA_ROUE)
            nouvelle.compress_type = zipfile.ZIP_DEFLATED
            nouvelle.external_attr = entrees[0][0].external_attr
            sortie.writestr(nouvelle, contenu)
        for info, contenu in entrees[premiere_meta:]:
            sortie.writestr(info, contenu)
    return tampon.getvalue()


def roue_sans_sources(roue: bytes) -> bytes:
    """La roue publiée : chaque module compilé n'y est plus que son bytecode, rangé à la place
    de sa source (`calculator/interface.pyc`, que Python importe sans source), et RECORD suit.

    Le téléphone n'a jamais lu les sources (le runtime charge le bytecode) : elles n'étaient
    que des octets à télécharger. Un module sans bytecode (que le navigateur n'importe pas)
    garde sa source. Les entrées sont rangées sans compression : la roue voyage en zstd, qui
    compresse mieux le tout d'un bloc que chaque fichier déjà compressé (117 ko au lieu de
    158 ko), et Pyodide n'a rien à décompresser en l'installant. Même roue, mêmes octets.
    """
    with zipfile.ZipFile(io.BytesIO(roue)) as source:
        entrees = [(info, source.read(info)) for info in source.infolist()]
    compiles = {}
    for info, _ in entrees:
        trouve = re.fullmatch(r"(.+)/__pycache__/([^/.]+)\.cpython-\d+\.pyc", info.filename)
        if trouve:
            compiles[info.filename] = f"{trouve[1]}/{trouve[2]}.pyc"
    retirees = {nom.removesuffix("c") for nom in compiles.values()}

    def garde(nom: str) -> bool:
        return nom not in retirees

    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as sortie:
        for info, contenu in entrees:
            if not garde(info.filename):
                continue
            if info.filename.endswith(".dist-info/RECORD"):
                lignes = []
                for ligne in contenu.decode().splitlines():
                    nom, reste = ligne.split(",", 1)
                    if garde(nom):
                        lignes.append(f"{compiles.get(nom, nom)},{reste}")
                contenu = ("\n".join(lignes) + "\n").encode()
            nouvelle = zipfile.ZipInfo(compiles.get(info.filename, info.filename), info.date_time)
            nouvelle.compress_type = zipfile.ZIP_STORED
            nouvelle.external_attr = info.external_attr
            sortie.writestr(nouvelle, contenu)
    return tampon.getvalue()


@dataclass(frozen=True)
class Roue:
    """La roue du calculateur avec son bytecode, avant publication."""

    nom: str
    avec_sources: bytes
    """Sources et bytecode (`__pycache__/`) : celle que la base du banc charge."""
    bytecode: Bytecode


def runtime_et_roue(
    reglages: dict[str, Any], baremes: dict[str, Bareme]
) -> tuple[tuple[dict[str, bytes], dict[str, Any], Roue] | None, list[Erreur]]:
    """Les fichiers du runtime Pyodide vérifié, le bloc « info » de son verrou, et la roue du
    calculateur avec le bytecode compilé par ce runtime."""
    version, integrite = reglages["pyodide"]["version"], reglages["pyodide"]["integrite"]
    archive, erreurs = paquet_pyodide(version, integrite)
    if archive is None:
        return None, erreurs
    runtime, info = fichiers_pyodide(archive)
    nom_de_roue, roue_source = roue_du_calculateur(baremes)
    verrou = verrou_du_calculateur(nom_de_roue, roue_source, info).encode()
    bytecode, erreurs = bytecode_du_runtime(runtime, nom_de_roue, roue_source, verrou)
    if bytecode is None:
        return None, erreurs
    roue = Roue(nom_de_roue, roue_avec_bytecode(roue_source, bytecode.calculateur), bytecode)
    return (runtime, info, roue), []


def fichiers_du_simulateur(
    reglages: dict[str, Any], baremes: dict[str, Bareme]
) -> tuple[dict[str, bytes], list[Erreur]]:
    """Le runtime Pyodide (dossier versionné), la roue, son verrou et la configuration du worker
    (le worker lui-même est un fichier statique, js/calculateur.worker.mjs)."""
    version = reglages["pyodide"]["version"]
    zstd = reglages["zstd"]
    archive_zstd, erreurs = paquet_npm("zstddec", zstd["version"], zstd["integrite"], "zstd")
    if archive_zstd is None:
        return {}, erreurs
    decompresseur, erreurs = decompresseur_zstd(archive_zstd)
    if erreurs:
        return {}, erreurs
    prets, erreurs = runtime_et_roue(reglages, baremes)
    if prets is None:
        return {}, erreurs
    runtime, info, compilee = prets
    nom_de_roue, bytecode = compilee.nom, compilee.bytecode
    roue = roue_sans_sources(compilee.avec_sources)
    verrou = verrou_du_calculateur(nom_de_roue, roue, info).encode()
    # Même nom, même dossier versionné : le runtime charge notre bibliothèque réduite et compilée.
    runtime = {**runtime, "python_stdlib.zip": bytecode.bibliotheque_standard}
    fichiers = {f"pyodide/{version}/{nom}": contenu for nom, contenu in runtime.items()}
    fichiers[f"py/{nom_de_roue}"] = roue
    fichiers["py/pyodide-lock.json"] = verrou
    # Le WebAssembly, la bibliothèque standard et la roue voyagent en zstd ; les originaux
    # restent publiés, pour le navigateur où le décodeur ne pourrait pas démarrer.
    for nom in COMPRESSES_EN_ZSTD:
        fichiers[f"pyodide/{version}/{nom}.zst"] = en_zstd(runtime[nom])
    fichiers[f"py/{nom_de_roue}.zst"] = en_zstd(roue)
    fichiers.update(decompresseur)
    fichiers[CONFIGURATION_DU_WORKER] = configuration_du_worker(fichiers, version, nom_de_roue)
    return fichiers, []


CONFIGURATION_DU_WORKER = "js/calculateur.config.mjs"
"""Ce que le worker (js/calculateur.worker.mjs) doit savoir du déploiement, qu'il importe."""
CONFIGURATION_DU_SERVICE_WORKER = "sw.config.js"
"""Ce que le service worker (sw.js) doit savoir du déploiement, qu'il charge par importScripts."""


def constantes_en_javascript(entete: str, constantes: dict[str, Any], prefixe: str) -> bytes:
    """Un fichier JavaScript engendré : `entete` en commentaire, puis une ligne
    « <prefixe>const NOM = <JSON>; » par constante. Aucun gabarit : chaque valeur passe par
    json.dumps."""
    lignes = [f"// {ligne}".rstrip() for ligne in entete.splitlines()]
    for nom, valeur in constantes.items():
        texte = json.dumps(valeur, ensure_ascii=False, sort_keys=True)
        lignes.append(f"{prefixe}const {nom} = {texte};")
    return ("\n".join(lignes) + "\n").encode()


def configuration_du_worker(fichiers: dict[str, bytes], version: str, nom_de_roue: str) -> bytes:
    """js/calculateur.config.mjs : la version de Pyodide, les tailles des gros fichiers (pour
    annoncer les octets reçus), le cache du WebAssembly, le nom de l'instantané."""
    tailles = {
        chemin: len(fichiers[chemin])
        for chemin in (
            f"pyodide/{version}/pyodide.asm.wasm.zst",
            f"pyodide/{version}/python_stdlib.zip.zst",
            f"py/{nom_de_roue}.zst",
        )
    }
    # Le module de Pyodide : sa taille en gzip, à peu près celle qu'il a sur le réseau.
    module = f"pyodide/{version}/{MODULE_DU_RUNTIME}"
    tailles[module] = len(gzip.compress(fichiers[module], compresslevel=6, mtime=0))
    constantes = {
        "VERSION_PYODIDE": version,
        "TAILLES": tailles,
        "CACHE_RUNTIME": cache_du_runtime(version),
        "INSTANTANE": instantane_du_calculateur(fichiers, version, nom_de_roue),
    }
    entete = (
        "Engendré par build.py (construction/simulateur.py) pour ce déploiement : ce que le\n"
        "worker du calculateur (calculateur.worker.mjs) importe. Jamais édité à la main."
    )
    return constantes_en_javascript(entete, constantes, "export ")


FORMAT_DE_L_INSTANTANE = "4"
"""À changer quand le worker change ce que contient l'instantané (ce qu'il charge avant) ou
la façon de le garder (3 : compressé en gzip, sans ses pages nulles ; 4 : pris par un second
worker, la roue posée par le worker et non par le chargeur de paquets de Pyodide)."""


def instantane_du_calculateur(fichiers: dict[str, bytes], version: str, roue: str) -> str:
    """Le nom du fichier où le worker garde l'image de la mémoire de Python sur l'appareil.

    Il dérive de tout ce que cette image fige : runtime, bibliothèque standard, roue et verrou.
    Un déploiement qui en change un prend un autre nom ; le worker efface alors l'ancien.
    """
    empreinte = hashlib.sha256(FORMAT_DE_L_INSTANTANE.encode() + b"\0")
    for chemin in (
        f"pyodide/{version}/pyodide.asm.wasm",
        f"pyodide/{version}/pyodide.asm.mjs",
        f"pyodide/{version}/python_stdlib.zip",
        f"py/{roue}",
        "py/pyodide-lock.json",
    ):
        empreinte.update(chemin.encode() + b"\0" + fichiers[chemin] + b"\0")
    return f"echelon-instantane-{empreinte.hexdigest()[:16]}"


def cache_du_runtime(version: str) -> str:
    """Le cache où le worker garde le WebAssembly décompressé, un par version de Pyodide."""
    return f"echelon-runtime-{version}"


VERROU_DU_CALCULATEUR = "py/pyodide-lock.json"
"""Le fichier du runtime dont la présence dans un cache dit que le runtime a été gardé."""


def service_worker(
    fichiers: dict[str, bytes], pages: list[Page], version_pyodide: str
) -> dict[str, bytes]:
    """sw.config.js : ce que sw.js garde pour le hors-ligne, en deux listes (le site : pages,
    styles, scripts, données ouvertes ; le runtime Python et la roue, gardés seulement pour qui
    ouvre le simulateur), le nom de son cache, celui du cache du WebAssembly et l'adresse du
    simulateur.

    Le nom du cache dérive du contenu de tous les fichiers du site (sw.js compris) : chaque
    déploiement a le sien, et sw.config.js qui change fait installer le nouveau service worker.
    """
    # Toutes les pages, 404.html comprise : hors ligne, une adresse inconnue la reçoit.
    adresses = sorted(p.adresse.lstrip("/") or "./" for p in pages)
    # Ni les originaux des fichiers compressés en zstd (le worker ne les demande que si le
    # décodeur ne peut pas démarrer), ni le WebAssembly compressé et le module de Pyodide : le
    # worker les garde lui-même (le WebAssembly décompressé), dans un cache à part. Ni le
    # service worker lui-même : le navigateur le garde à part.
    # De la roue, de même, seule la version zstd est gardée.
    pas_gardes = {*COMPRESSES_EN_ZSTD, "pyodide.asm.wasm.zst", MODULE_DU_RUNTIME}
    autres = sorted(
        chemin
        for chemin in fichiers
        if not chemin.endswith((".html", ".whl"))
        and not (chemin.startswith("pyodide/") and chemin.rsplit("/", 1)[-1] in pas_gardes)
        and chemin not in ("sitemap.xml", "robots.txt", "sw.js", CONFIGURATION_DU_SERVICE_WORKER)
    )
    python = [c for c in autres if c.startswith(("pyodide/", "py/"))]
    python.sort(key=lambda chemin: chemin != VERROU_DU_CALCULATEUR)
    simulateur = next(p.adresse.lstrip("/") for p in pages if p.gabarit == "simulateur.html")
    empreinte = hashlib.sha256()
    for chemin in sorted(fichiers):
        empreinte.update(chemin.encode() + b"\0" + fichiers[chemin] + b"\0")
    constantes = {
        "CACHE": f"echelon-{empreinte.hexdigest()[:16]}",
        "CACHE_RUNTIME": cache_du_runtime(version_pyodide),
        "FICHIERS": adresses + [c for c in autres if c not in python],
        "FICHIERS_DE_PYTHON": python,
        # Ce que le worker garde lui-même décompressé (pas_gardes) : le service worker ne fait
        # que le télécharger d'avance, pour le cache HTTP (sw.js, « prendre-d-avance »).
        "A_PRENDRE_D_AVANCE": sorted(
            f"pyodide/{version_pyodide}/{nom}"
            for nom in ("pyodide.asm.wasm.zst", MODULE_DU_RUNTIME)
        ),
        "SIMULATEUR": simulateur,
    }
    entete = (
        "Engendré par build.py (construction/simulateur.py) pour ce déploiement : ce que le\n"
        "service worker (sw.js) charge par importScripts. Jamais édité à la main."
    )
    return {
        CONFIGURATION_DU_SERVICE_WORKER: constantes_en_javascript(entete, constantes, ""),
    }


def _fin_de_la_trace(sortie: str) -> str:
    """Les dernières lignes lisibles d'une erreur de Node : la trace Python, sans les lignes de
    code minifié de Pyodide qu'une exception JavaScript imprime d'abord."""
    lignes = [ligne for ligne in sortie.strip().splitlines() if len(ligne) <= 300]
    return "\n".join(lignes[-15:])
