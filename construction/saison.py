"""Les années dont parlent les pages à la date de construction : celle de la demande, celle en
cours, la dernière dont nous avons relu les textes (la règle est dans `calculator.saison`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from calculator import saison


def annee_relue(baremes: dict[str, dict[str, Any]], annee: str) -> str:
    """La dernière année publiée dont `annee` reprend les valeurs (elle-même si publiée)."""
    while baremes[annee]["statut"] == "provisoire":
        annee = baremes[annee]["fonde_sur"]
    return annee


def contexte_de_la_saison(baremes: dict[str, dict[str, Any]], aujourdhui: dt.date) -> dict:
    """Ce que les gabarits savent de la saison : `demande` (le barème de l'année demandée, ou à
    défaut le plus récent), `en_cours`, `annees_de_la_saison` (les deux, si elles diffèrent),
    `derniere` (la dernière année publiée) et la fenêtre habituelle du DSE."""
    demandee = saison.annee_de_la_demande(aujourdhui)
    en_cours = saison.annee_en_cours(aujourdhui)
    plus_recente = max(baremes)
    demande = baremes.get(demandee, baremes[plus_recente] if demandee > plus_recente else None)
    if demande is None:
        demande = baremes[min(baremes)]
    annees = [demande]
    if en_cours in baremes and en_cours != demande["annee_universitaire"]:
        annees.append(baremes[en_cours])
    publies = [b for _, b in sorted(baremes.items()) if b["statut"] == "publie"]
    dates = [
        (b["dossier_social_etudiant"]["ouverture"], b["dossier_social_etudiant"]["cloture"])
        for b in publies
        if b["dossier_social_etudiant"].get("ouverture")
        and b["dossier_social_etudiant"].get("cloture")
    ]
    return {
        "aujourdhui": aujourdhui.isoformat(),
        "annee_demandee": demandee,
        "bareme_de_l_annee_demandee": demandee in baremes,
        "demande": demande,
        "en_cours": baremes.get(en_cours),
        "annees_de_la_saison": annees,
        "derniere": publies[-1],
        "fenetre_dse": saison.fenetre_habituelle(dates),
        "annee_relue": lambda b: annee_relue(baremes, b["annee_universitaire"]),
        "periode_de_demande": lambda b: [
            jour.isoformat() for jour in saison.periode_de_demande(b["annee_universitaire"])
        ],
    }
