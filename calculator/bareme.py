"""Le barème d'une année universitaire, tel que le fixent l'arrêté « plafonds », l'arrêté « taux »
et la circulaire de l'année.

Ce module ne lit aucun fichier : il reçoit le contenu d'un fichier `barèmes/<année>.yaml` déjà
chargé (un dict, venu du YAML à la construction ou du JSON dans le navigateur) et le transforme en
objets immuables. Le contrôle du contenu est dans `verification.py` ; `bareme_depuis_dict` suppose
un dict déjà vérifié.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ECHELONS: tuple[str, ...] = ("0bis", "1", "2", "3", "4", "5", "6", "7")
"""Les échelons de la bourse, du plus petit montant au plus grand (arrêté « taux »)."""

NOMBRE_DE_LIGNES_DU_TABLEAU = 18
"""Le tableau des plafonds de l'arrêté a une ligne par total de 0 à 17 points de charge."""

COLONNES_MONTANTS: tuple[str, ...] = ("sur_10_mois", "sur_12_mois")
"""Les deux colonnes du tableau des taux : 10 mensualités, ou 12 avec le maintien l'été."""

FIABILITES: dict[str, str] = {
    "lu": "lu dans un texte ou sur un site officiel",
    "recoupe": "recoupé entre plusieurs sources (texte officiel non lu)",
    "source_unique": "lu dans une seule source secondaire",
    "deduit": "non lu pour cette année : déduit",
    "inconnu": "inconnu",
}
"""Degrés de certitude d'un bloc du barème, du plus sûr au moins sûr."""

STATUTS: dict[str, str] = {
    "publie": "barème publié",
    "provisoire": "barème provisoire",
}
"""Statut d'un barème : « publie », nous avons relu les textes de l'année ; « provisoire », pas
encore (ils peuvent être parus sans que nous les ayons lus)."""


@dataclass(frozen=True)
class Reference:
    """Un texte ou un document cité par le barème."""

    cle: str
    titre: str
    nature: str
    lien: str | None = None
    nor: str | None = None
    date: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class PalierEloignement:
    """« À partir de `a_partir_de_km` km : `points` points de charge »."""

    a_partir_de_km: int
    points: int


@dataclass(frozen=True)
class Regle:
    """Une règle de points de charge : nombre de points, texte, certitude."""

    points: int
    reference: str | None
    fiabilite: str
    description: str


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
    duree_minimale_mois: int | None = None
    """Aide à la mobilité internationale : la durée la plus courte du séjour à l'étranger, en
    mois consécutifs (2 jusqu'en 2023-2024, 1 depuis 2024-2025) ; None pour les autres aides."""
    duree_maximale_mois: int | None = None
    """Aide à la mobilité internationale : la durée la plus longue du séjour aidé, en mois
    consécutifs (9 jusqu'en 2023-2024, 10 depuis 2024-2025) ; None pour les autres aides."""


@dataclass(frozen=True, eq=False)
class Bareme:
    """Tout ce dont le calcul a besoin pour une année universitaire.

    Deux barèmes sont égaux s'ils sont le même objet (eq=False) : un barème se hache, ce qui
    permet de garder en cache les phrases qui ne dépendent que de lui."""

    annee_universitaire: str
    statut: str
    derniere_verification: str | None
    fonde_sur: str | None
    """Pour un barème provisoire : l'année dont il reprend les valeurs."""
    references: dict[str, Reference]
    annee_des_revenus: int
    annee_de_l_avis_d_imposition: int
    plafonds: dict[int, dict[str, int]]
    """plafonds[points de charge][échelon] : revenu brut global à ne pas dépasser, en euros."""
    montants_10_mois: dict[str, int]
    montants_12_mois: dict[str, int]
    paliers_eloignement: tuple[PalierEloignement, ...]
    enfant_a_charge: Regle
    enfant_etudiant_superieur: Regle
    handicap: Regle | None
    """None : pas de point de charge pour le handicap cette année-là (avant 2023-2024)."""
    aidant: Regle | None
    """None : pas de point de charge pour l'étudiant aidant cette année-là (avant 2023-2024)."""
    reference_eloignement: str | None
    fiabilite_eloignement: str
    fiabilite_plafonds: str
    fiabilite_montants_10_mois: str
    fiabilite_montants_12_mois: str
    dse_ouverture: str | None
    dse_cloture: str | None
    age_limite: AgeLimite | None = None
    """Lu par la condition d'âge ; None : bloc absent du barème."""
    valeurs_de: str | None = None
    """Pour un barème provisoire : la dernière année publiée dont il reprend les valeurs (au bout
    de la suite des `fonde_sur`) ; fixé par `baremes_depuis_donnees`."""
    aides_liees: dict[str, AideLiee] = field(default_factory=dict)
    """Par clé du barème : `aide_au_merite`, `aide_mobilite_internationale` (avec ses durées),
    `aide_mobilite_master`, depuis 2023-2024 `majoration_outre_mer`, et, les années où une
    source les confirme, `repas_a_un_euro`, `aide_restauration_zones_blanches` et `pass_sport`.
    Lues par les aides, le versement et les pages, non par le calcul de l'échelon."""

    @property
    def points_maximum_du_tableau(self) -> int:
        """Le dernier nombre de points de charge que le tableau de l'arrêté prévoit (17)."""
        return max(self.plafonds)

    @property
    def annee_de_rentree(self) -> int:
        """L'année N de la rentrée (2025 pour 2025-2026)."""
        return int(self.annee_universitaire[:4])


def phrase_du_bareme_provisoire(bareme: Bareme) -> str:
    """Ce qu'un barème provisoire reprend, dit sans rien affirmer des textes de l'année."""
    phrase = (
        f"Barème provisoire : nous n'avons pas encore relu les arrêtés "
        f"{bareme.annee_universitaire} ; estimation fondée sur le barème {bareme.fonde_sur}"
    )
    if bareme.valeurs_de and bareme.valeurs_de != bareme.fonde_sur:
        phrase += (
            f", lui-même provisoire (valeurs de {bareme.valeurs_de}, dernière année dont nous "
            "avons relu les textes)"
        )
    return phrase + "."


def _regle(bloc: dict[str, Any] | None, reference_du_parent: str | None) -> Regle | None:
    if bloc is None:
        return None
    return Regle(
        points=bloc["points"],
        reference=bloc.get("reference", reference_du_parent),
        fiabilite=bloc["fiabilite"],
        description=bloc["description"],
    )


def _age_limite(bloc: dict[str, Any] | None) -> AgeLimite | None:
    if bloc is None:
        return None
    return AgeLimite(
        ans=bloc["ans"],
        reference=bloc.get("reference"),
        sources=tuple(bloc.get("sources") or ()),
        fiabilite=bloc["fiabilite"],
        note=bloc.get("note"),
    )


def _aides_liees(bloc: dict[str, Any] | None) -> dict[str, AideLiee]:
    """Les sous-blocs de `aides_liees` (les clés de description du bloc exclues), avec, pour
    l'aide à la mobilité internationale, les durées de séjour du barème."""
    if not bloc:
        return {}
    return {
        cle: AideLiee(
            cle=cle,
            description=aide["description"],
            unite=aide.get("unite", bloc.get("unite", "")),
            montant=aide["montant"],
            reference=aide.get("reference", bloc.get("reference")),
            sources=tuple(aide.get("sources") or ()),
            fiabilite=aide["fiabilite"],
            note=aide.get("note"),
            duree_minimale_mois=aide.get("duree_minimale_mois"),
            duree_maximale_mois=aide.get("duree_maximale_mois"),
        )
        for cle, aide in bloc.items()
        if isinstance(aide, dict) and "montant" in aide
    }


def bareme_depuis_dict(donnees: dict[str, Any]) -> Bareme:
    """Construit le barème d'une année à partir du contenu (vérifié) de son fichier."""
    references = {
        cle: Reference(
            cle=cle,
            titre=ref["titre"],
            nature=ref["nature"],
            lien=ref.get("lien"),
            nor=ref.get("nor"),
            date=ref.get("date"),
            note=ref.get("note"),
        )
        for cle, ref in donnees["references"].items()
    }
    plafonds = {
        int(points): dict(zip(ECHELONS, ligne, strict=True))
        for points, ligne in donnees["plafonds"]["lignes"].items()
    }
    lignes_montants = donnees["montants"]["lignes"]
    points = donnees["points_de_charge"]
    reference_points = points.get("reference")
    eloignement = points["eloignement"]
    revenus = donnees["revenus_pris_en_compte"]
    dse = donnees["dossier_social_etudiant"]
    montants = donnees["montants"]
    return Bareme(
        annee_universitaire=donnees["annee_universitaire"],
        statut=donnees["statut"],
        derniere_verification=donnees["derniere_verification"],
        fonde_sur=donnees.get("fonde_sur"),
        references=references,
        annee_des_revenus=revenus["annee_des_revenus"],
        annee_de_l_avis_d_imposition=revenus["annee_de_l_avis_d_imposition"],
        plafonds=dict(sorted(plafonds.items())),
        montants_10_mois={e: lignes_montants[e][0] for e in ECHELONS},
        montants_12_mois={e: lignes_montants[e][1] for e in ECHELONS},
        paliers_eloignement=tuple(
            PalierEloignement(p["a_partir_de_km"], p["points"]) for p in eloignement["paliers"]
        ),
        enfant_a_charge=_regle(points["enfant_a_charge"], reference_points),  # type: ignore[arg-type]
        enfant_etudiant_superieur=_regle(  # type: ignore[arg-type]
            points["enfant_etudiant_superieur"], reference_points
        ),
        handicap=_regle(points.get("handicap"), reference_points),
        aidant=_regle(points.get("aidant"), reference_points),
        reference_eloignement=eloignement.get("reference", reference_points),
        fiabilite_eloignement=eloignement["fiabilite"],
        fiabilite_plafonds=donnees["plafonds"]["fiabilite"],
        fiabilite_montants_10_mois=montants["fiabilite"],
        fiabilite_montants_12_mois=montants.get("fiabilite_sur_12_mois", montants["fiabilite"]),
        dse_ouverture=dse.get("ouverture"),
        dse_cloture=dse.get("cloture"),
        age_limite=_age_limite(donnees.get("age_limite")),
        aides_liees=_aides_liees(donnees.get("aides_liees")),
    )
