"""Lancé dans Pyodide par bibliotheque_standard.mjs (sous Node, pendant build.py) : fait passer au
calculateur toutes les entrées reçues et chaque action du worker, relève les modules chargés
(sys.modules), puis compile en .pyc (sans docstrings, sauf celles des classes du calculateur),
avec ce même Python 3.14, ceux de la bibliothèque standard (une archive zip) et ceux du
calculateur (une seconde archive, que build.py ajoute à la roue).

Arguments, dans le système de fichiers de Pyodide : les entrées (JSON), puis les deux archives
à écrire. Chaque module importé ici est gardé dans la bibliothèque du téléphone : rien de plus
que le nécessaire (ni pathlib, ni argparse).
"""

import ast
import importlib.util
import json
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

import calculator
import calculator.navigateur as navigateur

DATE_DES_ENTREES = (1980, 1, 1, 0, 0, 0)
RACINE_DE_LA_BIBLIOTHEQUE = "/lib/python314.zip/"

FACULTATIFS = {
    "ssl": "asyncio (base_events, selector_events, sslproto) : try/except ImportError",
    "_ssl": "ssl seulement",
    "bz2": "shutil, zipfile, tarfile : try/except ImportError",
    "lzma": "shutil, zipfile, tarfile : try/except ImportError",
    "compression": "bz2, lzma et compression.zstd seulement",
    "compression._common": "bz2, lzma et compression.zstd seulement",
    "compression._common._streams": "bz2, lzma et compression.zstd seulement",
    "compression.zstd": "shutil, zipfile, tarfile : try/except ImportError",
    "compression.zstd._zstdfile": "compression.zstd seulement",
}
"""Modules que le démarrage de Pyodide importe, mais seulement s'ils sont là (qui les importe, et
comment il s'en passe) ; le calculateur ne s'en sert pas : ils ne sont pas publiés. Sans eux,
Python a moins à exécuter avant « prêt » (ssl seul : 8 ms sous Node), et le téléphone moins à
télécharger (18 ko en zstd)."""


def exercer(entrees):
    """Chaque entrée, chaque action du worker : leurs modules sont alors dans sys.modules."""
    for entree in entrees:
        navigateur.estimer(json.dumps(entree))
    for texte in ("21 988 €", "21.988", "21,988.00", "", "douze mille"):
        navigateur.lire_montant(texte)
    navigateur.annees()
    navigateur.montant_depuis_echelon(json.dumps({"echelon": "3", "duree_versement": 12}))


def sans_numeros_de_ligne(code):
    """`code` et le code qu'il contient sans leurs numéros de ligne : chaque instruction est
    « sans position » (la forme 15 de la table des positions, un octet pour 8 unités de code,
    que zstd réduit à presque rien). Une trace d'erreur n'y dit plus la ligne (les sources ne
    sont pas sur le téléphone, elle ne la montrerait pas) ; l'exécution est la même (la table
    des exceptions, elle, reste). Une table vide ne conviendrait pas : le module traceback
    suppose une position par instruction, et la trace d'une erreur échouerait."""
    constantes = tuple(
        sans_numeros_de_ligne(c) if isinstance(c, type(code)) else c for c in code.co_consts
    )
    unites = len(code.co_code) // 2
    table = b"\xff" * (unites // 8) + (bytes([0xF8 | (unites % 8 - 1)]) if unites % 8 else b"")
    return code.replace(co_linetable=table, co_consts=constantes)


def sans_docstrings_hors_classes(arbre):
    """`arbre` (un module) sans les docstrings du module et des fonctions ; celles des classes
    restent. Sans la sienne, une dataclass s'en fabrique une à l'import, par
    inspect.signature : 20 à 40 ms de plus au démarrage du calculateur dans le navigateur."""
    for noeud in ast.walk(arbre):
        if not isinstance(noeud, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        corps = noeud.body
        premier = corps[0].value if corps and isinstance(corps[0], ast.Expr) else None
        if isinstance(premier, ast.Constant) and isinstance(premier.value, str):
            noeud.body = corps[1:] or [ast.copy_location(ast.Pass(), corps[0])]
    return arbre


def pyc(texte, nom, avec_les_lignes=True):
    """Le .pyc de `texte`, marqué par l'empreinte de sa source.

    Sans assert ni docstrings (15 % d'octets en moins) : la bibliothèque standard comme
    python -OO, qu'elle est écrite pour supporter ; le calculateur garde celles de ses classes
    (voir `sans_docstrings_hors_classes`), et n'a ni assert ni lecture de __doc__
    (tests/test_construction_simulateur.py). Empreinte de la source, non vérifiée au
    chargement : le runtime ne relit pas la source. Sans `avec_les_lignes` (la bibliothèque
    standard), ni numéros de ligne.
    """
    if avec_les_lignes:
        arbre = sans_docstrings_hors_classes(ast.parse(texte, nom))
        code = compile(arbre, nom, "exec", dont_inherit=True, optimize=1)
    else:
        code = sans_numeros_de_ligne(compile(texte, nom, "exec", dont_inherit=True, optimize=2))
    return _code_to_hash_pyc(code, importlib.util.source_hash(texte), checked=False)


def entree(nom):
    """Une entrée d'archive sans compression : l'archive entière voyage compressée en zstd
    (0,73 Mo au lieu de 1,00 entrée par entrée), et l'import ne décompresse plus chaque module."""
    info = zipfile.ZipInfo(nom, date_time=DATE_DES_ENTREES)
    info.compress_type = zipfile.ZIP_STORED
    return info


def charges(racine, publie=lambda nom, module: True):
    """Les fichiers des modules chargés sous `racine`, relatifs à elle, triés ; seulement ceux
    dont `publie(nom, module)` est vrai."""
    return sorted(
        {
            m.__file__[len(racine) :]
            for nom, m in list(sys.modules.items())
            if (getattr(m, "__file__", None) or "").startswith(racine) and publie(nom, m)
        }
    )


def publie_dans_la_bibliotheque(nom, module):
    """Faux pour un module gelé (compilé dans le WebAssembly : os, site, importlib._bootstrap,
    alias de _frozen_importlib…, Python ne lit jamais leur fichier) et pour un module
    facultatif (FACULTATIFS)."""
    gele = getattr(getattr(module, "__spec__", None), "origin", None) == "frozen"
    return not gele and nom not in FACULTATIFS


def ecrire_la_bibliotheque(sortie):
    """La bibliothèque standard réduite aux modules chargés, en .pyc."""
    racine = RACINE_DE_LA_BIBLIOTHEQUE
    with zipfile.ZipFile(racine[:-1]) as source, zipfile.ZipFile(sortie, "w") as zip_:
        for nom in charges(racine, publie_dans_la_bibliotheque):
            zip_.writestr(entree(nom[:-3] + ".pyc"), pyc(source.read(nom), nom, False))


def ecrire_le_calculateur(sortie):
    """Les modules chargés du calculateur, en .pyc rangés comme Python les cherche."""
    site = calculator.__file__[: -len("calculator/__init__.py")]
    with zipfile.ZipFile(sortie, "w") as zip_:
        for nom in charges(site):
            cible = importlib.util.cache_from_source(nom)
            with open(site + nom, "rb") as source:
                zip_.writestr(entree(cible), pyc(source.read(), nom))


def principal(entrees, sortie_bibliotheque, sortie_calculateur):
    with open(entrees, encoding="utf-8") as fichier:
        exercer(json.load(fichier))
    if next(compile("x", "<essai>", "eval").co_positions())[2] is not None:
        raise SystemExit("PYTHONNODEBUGRANGES n'a pas été pris en compte")
    ecrire_la_bibliotheque(sortie_bibliotheque)
    ecrire_le_calculateur(sortie_calculateur)


principal(*sys.argv[1:])
