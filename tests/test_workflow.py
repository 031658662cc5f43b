"""Le workflow de GitHub Actions (.github/workflows/) : conforme au schéma de GitHub, sans
faiblesse que relève zizmor (actions épinglées par empreinte, jeton non conservé), et les
erreurs des barèmes écrites en annotations GitHub quand la vérification tourne dans Actions.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from construction import projet
from construction.baremes_yaml import afficher_erreurs
from construction.yaml_strict import Erreur, Position, nom_affiche

RACINE = Path(__file__).resolve().parent.parent
DOSSIER_WORKFLOWS = RACINE / ".github" / "workflows"
OUTILS = Path(sys.executable).parent

# Un workflow mal écrit exprès : action épinglée par une étiquette, jeton conservé.
WORKFLOW_FAIBLE = """\
name: Faible
on: push
permissions: {}
jobs:
  essai:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
"""


def lancer(*commande: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in commande], cwd=RACINE, capture_output=True, text=True, check=False
    )


def check_jsonschema(*fichiers: Path) -> subprocess.CompletedProcess[str]:
    return lancer(
        OUTILS / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *fichiers
    )


def zizmor(dossier: Path) -> subprocess.CompletedProcess[str]:
    return lancer(OUTILS / "zizmor", "--offline", dossier)


def test_le_depot_a_des_workflows():
    assert sorted(DOSSIER_WORKFLOWS.glob("*.yml")), "aucun workflow dans .github/workflows/"


def test_le_workflow_respecte_le_schema_de_github():
    sortie = check_jsonschema(*sorted(DOSSIER_WORKFLOWS.glob("*.yml")))
    assert sortie.returncode == 0, sortie.stdout + sortie.stderr


def test_le_schema_de_github_refuse_un_workflow_sans_taches(tmp_path):
    chemin = tmp_path / "sans-taches.yml"
    chemin.write_text("name: Vide\non: push\n", encoding="utf-8")
    sortie = check_jsonschema(chemin)
    assert sortie.returncode != 0, sortie.stdout + sortie.stderr
    assert "jobs" in sortie.stdout + sortie.stderr


def test_zizmor_ne_releve_rien_dans_le_workflow():
    sortie = zizmor(DOSSIER_WORKFLOWS)
    assert sortie.returncode == 0, sortie.stdout + sortie.stderr
    assert "No findings to report" in sortie.stdout, sortie.stdout + sortie.stderr


def test_zizmor_releve_une_action_non_epinglee_et_un_jeton_conserve(tmp_path):
    dossier = tmp_path / ".github" / "workflows"
    dossier.mkdir(parents=True)
    (dossier / "faible.yml").write_text(WORKFLOW_FAIBLE, encoding="utf-8")
    sortie = zizmor(dossier)
    assert sortie.returncode != 0, sortie.stdout + sortie.stderr
    assert "unpinned-uses" in sortie.stdout, sortie.stdout
    assert "artipacked" in sortie.stdout, sortie.stdout


def test_dans_github_actions_chaque_erreur_devient_une_annotation(monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    situee = Erreur(
        nom_affiche(projet.DOSSIER_BAREMES / "2025-2026.yaml"),
        Position(12, 5),
        "montant : 50 % du plafond, au plus\nvoir l'arrêté",
    )
    sans_position = Erreur("barèmes/a,b:c.yaml", None, "fichier vide")
    afficher_erreurs([situee, sans_position])
    sortie = capsys.readouterr()
    assert sortie.out.splitlines() == [
        "::error file=barèmes/2025-2026.yaml,line=12,col=5::"
        "montant : 50 %25 du plafond, au plus%0Avoir l'arrêté",
        "::error file=barèmes/a%2Cb%3Ac.yaml::fichier vide",
    ]
    assert "barèmes/2025-2026.yaml:12:5 : montant : 50 % du plafond" in sortie.err
    assert "2 problèmes : rien n'a été écrit." in sortie.err


def test_hors_de_github_actions_aucune_annotation(monkeypatch, capsys):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    afficher_erreurs([Erreur("barèmes/2025-2026.yaml", Position(3, 1), "clé inconnue")])
    sortie = capsys.readouterr()
    assert "::error" not in sortie.out + sortie.err
    assert "barèmes/2025-2026.yaml:3:1 : clé inconnue" in sortie.err
