"""Les blocs du barème qui ne servent pas à l'échelon : l'âge limite et les aides liées.

`bareme.py` lit ce dont le calcul de l'échelon a besoin ; les règles d'éligibilité, du
versement et des aides lisent en plus deux blocs de chaque `barèmes/<année>.yaml` :
`age_limite` et `aides_liees` (montants, sources et degré de certitude). `BaremeComplet` est un
`Bareme` qui les porte : `interface.baremes_depuis_donnees` construit ces barèmes-là, si bien que
tout le reste du calculateur (et ses caches, qui se fondent sur l'identité du barème) ne voit
aucune différence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from .bareme import Bareme, bareme_depuis_dict


@dataclass(frozen=True)
class AgeLimite:
    """Bloc `age_limite` : l'âge à ne pas avoir atteint au 1er septembre (première demande)."""

    ans: int
    reference: str | None
    sources: tuple[str, ...]
    fiabilite: str
    note: str | None = None


@dataclass(frozen=True)
class AideLiee:
    """Un sous-bloc de `aides_liees` : le montant d'une aide, son unité, ses sources."""

    cle: str
    description: str
    unite: str
    montant: int | float
    reference: str | None
    """Le texte qui fixe l'aide (celui du bloc `aides_liees` si le sous-bloc n'en nomme pas)."""
    sources: tuple[str, ...]
    fiabilite: str
    note: str | None = None


@dataclass(frozen=True, eq=False, kw_only=True)
class BaremeComplet(Bareme):
    """Un barème avec ses blocs `age_limite` et `aides_liees` (None : bloc absent)."""

    age_limite: AgeLimite | None = None
    aides_liees: dict[str, AideLiee] = field(default_factory=dict)
    """Par clé du barème : `aide_au_merite`, `aide_mobilite_internationale`,
    `aide_mobilite_master` et, depuis 2023-2024, `majoration_outre_mer`."""


def age_limite_depuis_dict(bloc: dict[str, Any] | None) -> AgeLimite | None:
    """Le bloc `age_limite` d'un barème vérifié."""
    if bloc is None:
        return None
    return AgeLimite(
        ans=bloc["ans"],
        reference=bloc.get("reference"),
        sources=tuple(bloc.get("sources") or ()),
        fiabilite=bloc["fiabilite"],
        note=bloc.get("note"),
    )


def aides_liees_depuis_dict(bloc: dict[str, Any] | None) -> dict[str, AideLiee]:
    """Les sous-blocs de `aides_liees` d'un barème vérifié (les clés de description exclues)."""
    if not bloc:
        return {}
    reference_du_bloc = bloc.get("reference")
    aides = {}
    for cle, aide in bloc.items():
        if not isinstance(aide, dict) or "montant" not in aide:
            continue
        aides[cle] = AideLiee(
            cle=cle,
            description=aide["description"],
            unite=aide.get("unite", bloc.get("unite", "")),
            montant=aide["montant"],
            reference=aide.get("reference", reference_du_bloc),
            sources=tuple(aide.get("sources") or ()),
            fiabilite=aide["fiabilite"],
            note=aide.get("note"),
        )
    return aides


def bareme_complet_depuis_dict(donnees: dict[str, Any]) -> BaremeComplet:
    """Le barème d'une année (contenu vérifié de son fichier), avec l'âge limite et les aides."""
    base = bareme_depuis_dict(donnees)
    return BaremeComplet(
        **{f.name: getattr(base, f.name) for f in fields(base)},
        age_limite=age_limite_depuis_dict(donnees.get("age_limite")),
        aides_liees=aides_liees_depuis_dict(donnees.get("aides_liees")),
    )


def age_limite(bareme: Bareme) -> AgeLimite | None:
    """Le bloc `age_limite` du barème, ou None (barème construit sans lui)."""
    return getattr(bareme, "age_limite", None)


def aide_liee(bareme: Bareme, cle: str) -> AideLiee | None:
    """Le sous-bloc `aides_liees.<cle>` du barème, ou None (absent cette année-là)."""
    aides: dict[str, AideLiee] = getattr(bareme, "aides_liees", {})
    return aides.get(cle)
