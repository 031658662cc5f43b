"""Les invariants de docs/ARCHITECTURE.md, vérifiés sur le dépôt : ce qui n'arrive jamais.

Chaque test nomme le fichier et la ligne fautifs : une règle d'architecture enfreinte se lit
comme une erreur de construction."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from construction import projet

RACINE = projet.RACINE
CALCULATEUR = sorted((RACINE / "calculator").glob("*.py"))
CONSTRUCTION = [RACINE / "build.py", *sorted((RACINE / "construction").rglob("*.py"))]
JAVASCRIPT = sorted([*projet.DOSSIER_SITE.rglob("*.js"), *projet.DOSSIER_SITE.rglob("*.mjs")])
PYTHON_DU_DEPOT = [
    p
    for p in RACINE.rglob("*.py")
    if not {".venv", ".cache", "public", "node_modules"} & set(p.relative_to(RACINE).parts)
]
LECTEURS_DE_FICHIERS = {"donnees.py", "__main__.py"}
"""Les seuls modules du calculateur qui lisent un fichier (les barèmes compilés, l'entrée)."""


def arbre(fichier: Path) -> ast.Module:
    return ast.parse(fichier.read_text(encoding="utf-8"), filename=str(fichier))


def modules_importes(fichier: Path) -> list[tuple[int, str]]:
    """(ligne, module) de chaque import absolu du fichier."""
    importes = []
    for noeud in ast.walk(arbre(fichier)):
        if isinstance(noeud, ast.Import):
            importes += [(noeud.lineno, alias.name) for alias in noeud.names]
        elif isinstance(noeud, ast.ImportFrom) and not noeud.level:
            importes.append((noeud.lineno, noeud.module or ""))
    return importes


def nom(fichier: Path) -> str:
    return fichier.relative_to(RACINE).as_posix()


def test_aucune_fonction_du_calculateur_ni_de_la_construction_ne_depasse_80_lignes():
    trop_longues = [
        f"{nom(f)}:{n.lineno} {n.name} ({n.end_lineno - n.lineno + 1} lignes)"
        for f in CALCULATEUR + CONSTRUCTION
        for n in ast.walk(arbre(f))
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.end_lineno - n.lineno >= 80
    ]
    assert not trop_longues


@pytest.mark.parametrize("fichier", CALCULATEUR, ids=nom)
def test_le_calculateur_n_importe_que_la_bibliotheque_standard(fichier):
    etrangers = [
        f"{nom(fichier)}:{ligne} import {module}"
        for ligne, module in modules_importes(fichier)
        if module.split(".")[0] not in sys.stdlib_module_names
    ]
    assert not etrangers


@pytest.mark.parametrize(
    "fichier", [f for f in CALCULATEUR if f.name not in LECTEURS_DE_FICHIERS], ids=nom
)
def test_le_calculateur_ne_fait_aucune_entree_sortie(fichier):
    interdits = {"open", "print", "input", "os", "io", "pathlib", "socket", "subprocess", "urllib"}
    trouves = []
    for noeud in ast.walk(arbre(fichier)):
        if isinstance(noeud, ast.Name) and noeud.id in {"open", "print", "input"}:
            trouves.append(f"{nom(fichier)}:{noeud.lineno} {noeud.id}")
    for ligne, module in modules_importes(fichier):
        if module.split(".")[0] in interdits:
            trouves.append(f"{nom(fichier)}:{ligne} import {module}")
    assert not trouves


@pytest.mark.parametrize("fichier", CONSTRUCTION, ids=nom)
def test_ni_build_py_ni_la_construction_n_importent_les_tests(fichier):
    """Les cas qui décident des modules gardés sont lus comme des données (construction.cas)."""
    fautifs = [
        f"{nom(fichier)}:{ligne} import {module}"
        for ligne, module in modules_importes(fichier)
        if module == "tests" or module.startswith("tests.")
    ]
    assert not fautifs


def test_le_depot_n_a_qu_une_classe_de_gestionnaire_http():
    """Le serveur de travail, les tests et le banc servent le site par construction/serveur.py."""
    gestionnaires = [
        f"{nom(f)}:{n.lineno} {n.name}"
        for f in PYTHON_DU_DEPOT
        for n in ast.walk(arbre(f))
        if isinstance(n, ast.ClassDef)
        and any(re.search(r"(RequestHandler|Gestionnaire)$", ast.unparse(base)) for base in n.bases)
    ]
    assert len(gestionnaires) == 1, gestionnaires
    assert gestionnaires[0].startswith("construction/serveur.py:")


@pytest.mark.parametrize("fichier", JAVASCRIPT, ids=nom)
def test_aucun_javascript_du_site_n_est_un_gabarit(fichier):
    assert not re.search(r"\{\{|\{%", fichier.read_text(encoding="utf-8"))


def test_la_carte_du_code_nomme_chaque_module_du_calculateur_et_de_la_construction():
    carte = (RACINE / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [f for f in CALCULATEUR + CONSTRUCTION if f.name != "__init__.py"]
    oublies = [nom(f) for f in modules if f"`{f.name}`" not in carte and f.parent.name != "runtime"]
    assert not oublies, "docs/ARCHITECTURE.md, « Carte du code », ne nomme pas ces modules"


@pytest.mark.parametrize("fichier", JAVASCRIPT, ids=nom)
def test_aucun_javascript_du_site_ne_liste_les_echelons(fichier):
    """L'ordre des échelons, leurs libellés et leurs phrases viennent de la réponse du
    calculateur (clé `presentation`) : la page n'en connaît aucun."""
    texte = fichier.read_text(encoding="utf-8")
    assert not re.search(r"""["'`]0bis["'`]|["']1["']\s*,\s*["']2["']\s*,\s*["']3["']""", texte)
