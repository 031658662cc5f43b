"""Le fichier provisoire d'une nouvelle année (`build.py nouvelle-annee`) : les valeurs de
l'année précédente, écrites par le modèle `modeles/nouvelle-annee.yaml.j2`.

Ce qui reste à faire n'est dit que dans des commentaires YAML (« À COMPLÉTER ») : aucune valeur
du fichier, donc aucune page, ne contient de texte de chantier.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from calculator.bareme import Bareme, Reference

MODELE = Path(__file__).parent / "modeles" / "nouvelle-annee.yaml.j2"

PAS_ENCORE_RELU = "Pas encore relu par le projet."
"""La note des deux arrêtés d'une année provisoire."""

TEXTES_QUI_CHANGENT_CHAQUE_ANNEE = ("arrete_plafonds", "arrete_taux")
"""Les références que le fichier provisoire remplace ; il garde les autres textes qui fixent
une règle (circulaire, décrets), tant qu'on n'en a pas lu de plus récents."""


def _references_gardees(base: Bareme) -> dict[str, Reference]:
    """Les textes que cite un bloc de `base` comme règle (sa `reference`), hors arrêtés."""
    citees = {bloc.reference for bloc in base.blocs() if bloc.reference}
    return {
        cle: ref
        for cle, ref in base.references.items()
        if cle in citees and cle not in TEXTES_QUI_CHANGENT_CHAQUE_ANNEE
    }


def texte_nouvelle_annee(annee: str, base: Bareme, ancien: Bareme | None = None) -> str:
    """Le fichier d'une nouvelle année, provisoire : valeurs de `base`, qui sont celles de sa
    dernière année relue. `ancien` : le barème provisoire que l'on recrée, dont on garde les
    dates du DSE déjà relevées et leurs sources."""
    dse = ancien.dossier_social_etudiant if ancien else None
    dse_garde = dse if dse and dse.ouverture and dse.cloture else None
    references_du_dse = (
        {cle: ancien.references[cle] for cle in dse_garde.sources or ()}
        if ancien and dse_garde
        else {}
    )
    precedente, relue = base.annee_universitaire, base.annee_relue
    copie = f"Valeurs copiées du barème {precedente}"
    if relue != precedente:
        copie += f" (lui-même provisoire : valeurs de {relue})"
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    env.filters["q"] = lambda texte: json.dumps(texte, ensure_ascii=False)
    modele = env.from_string(MODELE.read_text(encoding="utf-8"))
    return modele.render(
        annee=annee,
        rentree=int(annee[:4]),
        base=base,
        precedente=precedente,
        relue=relue,
        copie=f"{copie} : pas encore relues pour {annee}.",
        pas_encore_relu=PAS_ENCORE_RELU,
        references_gardees={
            cle: ref
            for cle, ref in _references_gardees(base).items()
            if cle not in references_du_dse
        },
        dse_garde=dse_garde,
        references_du_dse=references_du_dse,
    )
