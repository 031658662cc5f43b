"""Les années dont parlent les pages à la date de construction : celle de la demande, celle en
cours, la dernière dont nous avons relu les textes (la règle est dans `calculator.saison`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from calculator import saison
from calculator.bareme import Bareme


def contexte_de_la_saison(baremes: dict[str, Bareme], aujourdhui: dt.date) -> dict[str, Any]:
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
    if en_cours in baremes and en_cours != demande.annee_universitaire:
        annees.append(baremes[en_cours])
    publies = [b for _, b in sorted(baremes.items()) if b.statut == "publie"]
    dossiers = [b.dossier_social_etudiant for b in publies]
    return {
        "aujourdhui": aujourdhui.isoformat(),
        "annee_demandee": demandee,
        "bareme_de_l_annee_demandee": demandee in baremes,
        "demande": demande,
        "en_cours": baremes.get(en_cours),
        "annees_de_la_saison": annees,
        "derniere": publies[-1],
        "fenetre_dse": saison.fenetre_habituelle(
            [(d.ouverture, d.cloture) for d in dossiers if d.ouverture and d.cloture]
        ),
        "periode_de_demande": lambda b: [
            jour.isoformat() for jour in saison.periode_de_demande(b.annee_universitaire)
        ],
    }
