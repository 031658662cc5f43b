"""Les données ouvertes : chaque barème en JSON (sa sérialisation, `bareme_en_dict`) et son
tableau des plafonds en CSV, un index et le schéma."""

from __future__ import annotations

import json

from calculator.bareme import Bareme, bareme_en_dict

from . import projet

LICENCE_DES_DONNEES = "Licence Ouverte 2.0 (Etalab)"


def csv_des_plafonds(bareme: Bareme) -> str:
    """Le tableau des plafonds d'une année en CSV : une ligne par nombre de points de charge."""
    plafonds = bareme.plafonds
    lignes = [",".join(["points_de_charge", *(f"echelon_{e}" for e in plafonds.colonnes)])]
    for points, ligne in sorted(plafonds.items()):
        lignes.append(",".join(str(v) for v in (points, *ligne.values())))
    return "\r\n".join(lignes) + "\r\n"


def fichiers_donnees_ouvertes(baremes: dict[str, Bareme]) -> dict[str, bytes]:
    """Chaque barème en JSON, chaque tableau des plafonds en CSV, un index et le schéma."""
    fichiers: dict[str, bytes] = {}
    index = []
    for annee, bareme in sorted(baremes.items()):
        json_bareme = json.dumps(bareme_en_dict(bareme), ensure_ascii=False, indent=1) + "\n"
        fichiers[f"donnees/baremes/{annee}.json"] = json_bareme.encode()
        fichiers[f"donnees/baremes/plafonds-{annee}.csv"] = csv_des_plafonds(bareme).encode()
        index.append(
            {
                "annee_universitaire": annee,
                "statut": bareme.statut,
                "fonde_sur": bareme.fonde_sur,
                "derniere_verification": bareme.derniere_verification,
                "bareme": f"{annee}.json",
                "plafonds_csv": f"plafonds-{annee}.csv",
            }
        )
    contenu = {
        "description": "Barèmes de la bourse d'enseignement supérieur sur critères sociaux, "
        "une année universitaire par fichier, avec leurs sources.",
        "licence": LICENCE_DES_DONNEES,
        "schema": "../schema-bareme.json",
        "annees": index,
    }
    fichiers["donnees/baremes/index.json"] = (
        json.dumps(contenu, ensure_ascii=False, indent=1) + "\n"
    ).encode()
    fichiers["donnees/schema-bareme.json"] = projet.SCHEMA.read_bytes()
    return fichiers
