"""Publier une année provisoire comme le fait un éditeur qui suit docs/EDITER.md (§ 5,
« Publier une année »), avec des arrêtés d'essai : une seule case des plafonds change.

Partagé par les tests de l'éditeur (site, données ouvertes, `build.py comparer`) et par le test du
navigateur (simulateur, étudiant qui revient).
"""

from __future__ import annotations

import re
from pathlib import Path

import build
from construction.baremes_yaml import charger_baremes, fichiers_de_baremes

CASE_CHANGEE = (7, 2)
"""La case qui change : 7 points de charge, échelon 2 (index 2 de la ligne : 0bis, 1, 2)."""
HAUSSE = 50
"""+50 € : assez peu pour rester dans la progression régulière de la colonne."""

NOTE_RECONDUITE = "Non relu pour {annee} : valeur de {avant} reconduite."


def publier(dossier: Path, annee: str) -> tuple[int, int]:
    """Publie `annee` (provisoire) avec une case des plafonds augmentée de HAUSSE, puis
    recrée l'année provisoire suivante, s'il y en a une (§ 5, étape 6). Renvoie la case avant
    et après."""
    fichier = dossier / f"{annee}.yaml"
    texte = fichier.read_text(encoding="utf-8")
    avant = re.search(r'^fonde_sur: "([0-9-]+)"', texte, re.M).group(1)  # type: ignore[union-attr]
    # 1. L'en-tête d'un barème publié, le statut, la date de relecture ; plus de fonde_sur.
    texte = re.sub(
        r"\A(?:#.*\n)+",
        "# Barème de la bourse d'enseignement supérieur sur critères sociaux\n"
        f"# Année universitaire {annee}\n",
        texte,
    )
    texte = re.sub(r"^statut: provisoire.*$", "statut: publie", texte, flags=re.M)
    texte = re.sub(r"^fonde_sur: .*\n", "", texte, flags=re.M)
    texte = re.sub(
        r"^derniere_verification: null.*$",
        f'derniere_verification: "{annee[:4]}-05-02"',
        texte,
        flags=re.M,
    )
    # 2. Les deux arrêtés : intitulé, date, lien, NOR (d'essai) à la place de « pas encore relu ».
    for cle, nor in (("arrete_plafonds", "ESRS2600001A"), ("arrete_taux", "ESRS2600002A")):
        texte = re.sub(
            rf'  {cle}:.*\n    titre: "Arrêté fixant (.*) \(pas encore relu par le projet\)"\n'
            rf"(    nature: texte_officiel\n)    note: .*\n",
            rf'  {cle}:\n    titre: "Arrêté du 15 avril {annee[:4]} fixant \1"\n\2'
            rf'    date: "{annee[:4]}-04-15"\n'
            rf'    lien: "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT0000{nor[-5:-1]}0000"\n'
            rf'    nor: "{nor}"\n',
            texte,
        )
    # 3. Plafonds et montants relus dans les arrêtés : sources, certitude, une case change.
    for bloc, source in (("plafonds", "arrete_plafonds"), ("montants", "arrete_taux")):
        texte = re.sub(
            rf"(^{bloc}:\n(?:  .*\n)*?)  sources: \[\].*\n  fiabilite: deduit\n  note: .*\n",
            rf"\1  sources: [{source}]\n  fiabilite: lu\n",
            texte,
            flags=re.M,
        )
    points, colonne = CASE_CHANGEE
    ligne = re.search(rf"^    {points}:\s+\[([^\]]+)\]", texte, re.M)
    assert ligne is not None
    cases = [int(v) for v in ligne.group(1).split(",")]
    ancienne = cases[colonne]
    cases[colonne] += HAUSSE
    texte = texte.replace(ligne.group(0), f"    {points}:  [{', '.join(map(str, cases))}]")
    # 4. Les blocs non relus : une note qui le dit, à la place de la note de copie.
    texte = re.sub(
        r'note: "Valeurs copiées du barème [^"]*"',
        f'note: "{NOTE_RECONDUITE.format(annee=annee, avant=avant)}"',
        texte,
    )
    fichier.write_text(texte, encoding="utf-8")
    # 5. L'année provisoire suivante reprend désormais l'année publiée.
    suivante = f"{int(annee[:4]) + 1}-{int(annee[:4]) + 2}"
    if (dossier / f"{suivante}.yaml").exists():
        assert build.commande_nouvelle_annee(suivante, recreer=True) == 0
    _, erreurs = charger_baremes(fichiers_de_baremes())
    assert erreurs == [], [str(e) for e in erreurs]
    return ancienne, ancienne + HAUSSE
