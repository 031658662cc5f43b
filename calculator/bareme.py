"""Le barème d'une année universitaire, tel que le fixent l'arrêté « plafonds », l'arrêté « taux »
et la circulaire de l'année.

Ce module ne lit aucun fichier. `bareme_depuis_dict` reçoit le contenu d'un fichier
`barèmes/<année>.yaml` déjà chargé et vérifié (par `construction/baremes_yaml.py` à la
construction, ou le JSON compilé dans le navigateur) et en fait des objets immuables : un type
par bloc du fichier, avec ce que le bloc dit de lui-même (description, unité, texte, sources,
certitude, note). `bareme_en_dict` fait le chemin inverse : c'est la seule sérialisation d'un
barème, celle du JSON compilé du calculateur et des données ouvertes. La forme d'un fichier est
contrôlée par `barèmes/schema.json` (`construction/schema.py`), sa cohérence par
`verification.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
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

MARQUES_DE_CERTITUDE: dict[str, str] = {
    "lu": "officiel",
    "recoupe": "recoupé",
    "source_unique": "source unique",
    "deduit": "déduit",
    "inconnu": "inconnu",
}
"""La marque brève de chaque degré, posée à côté d'une valeur ; son sens (FIABILITES) est dit
une fois, sur la page des sources."""

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


@dataclass(frozen=True, kw_only=True)
class Bloc:
    """Ce que dit d'elle-même chaque partie de premier niveau d'un barème (schéma : `bloc`)."""

    description: str
    unite: str
    reference: str | None
    """La clé, dans `references`, du texte qui fixe la règle ; None : texte non identifié."""
    sources: tuple[str, ...] | None = None
    """Les clés des documents où la valeur a été lue ; None : le bloc n'en nomme pas (ses
    sous-blocs les nomment)."""
    fiabilite: str | None = None
    """La certitude (clé de FIABILITES) ; None : celle de chaque sous-bloc."""
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class SousBloc:
    """Une règle ou une aide à l'intérieur d'un bloc (schéma : `sous_bloc`) : sans unité ni
    texte à elle, elle prend ceux du bloc."""

    description: str
    unite: str
    reference: str | None
    """Le texte qui fixe la règle : le sien, ou celui du bloc (`reference_du_bloc`)."""
    sources: tuple[str, ...]
    fiabilite: str
    note: str | None = None
    unite_du_bloc: bool = True
    """Vrai : le barème ne nomme pas d'unité pour ce sous-bloc, `unite` est celle du bloc."""
    reference_du_bloc: bool = True
    """Vrai : le barème ne nomme pas de texte pour ce sous-bloc, `reference` est celle du bloc."""


@dataclass(frozen=True)
class PalierEloignement:
    """« À partir de `a_partir_de_km` km : `points` points de charge »."""

    a_partir_de_km: int
    points: int


@dataclass(frozen=True, kw_only=True)
class Eloignement(SousBloc):
    """Les paliers d'éloignement : le plus élevé atteint s'applique."""

    paliers: tuple[PalierEloignement, ...]


@dataclass(frozen=True, kw_only=True)
class Regle(SousBloc):
    """Une règle de points de charge : nombre de points, texte, certitude."""

    points: int


@dataclass(frozen=True, kw_only=True)
class PointsDeCharge(Bloc):
    """Bloc `points_de_charge` : l'éloignement et les règles de points de la famille."""

    eloignement: Eloignement
    enfant_a_charge: Regle
    enfant_etudiant_superieur: Regle
    handicap: Regle | None = None
    """None : pas de point de charge pour le handicap cette année-là (avant 2023-2024)."""
    aidant: Regle | None = None
    """None : pas de point de charge pour l'étudiant aidant cette année-là (avant 2023-2024)."""

    @property
    def regles(self) -> dict[str, Regle]:
        """Les règles de points de l'année hors éloignement, par clé du barème."""
        regles = {
            "enfant_a_charge": self.enfant_a_charge,
            "enfant_etudiant_superieur": self.enfant_etudiant_superieur,
            "handicap": self.handicap,
            "aidant": self.aidant,
        }
        return {cle: regle for cle, regle in regles.items() if regle is not None}


@dataclass(frozen=True, kw_only=True)
class RevenusPrisEnCompte(Bloc):
    """Bloc `revenus_pris_en_compte` : l'année des revenus retenus et celle de leur avis."""

    annee_des_revenus: int
    annee_de_l_avis_d_imposition: int


@dataclass(frozen=True, kw_only=True)
class Plafonds(Bloc, Mapping[int, dict[str, int]]):
    """Bloc `plafonds` : le tableau de l'arrêté, qui se lit comme un dict
    (`plafonds[points de charge][échelon]`, revenu brut global à ne pas dépasser, en euros)."""

    lignes: dict[int, dict[str, int]]
    """Une ligne par nombre de points de charge, de 0 à 17, dans l'ordre."""

    colonnes = ECHELONS

    def __getitem__(self, points: int) -> dict[str, int]:
        return self.lignes[points]

    def __iter__(self) -> Iterator[int]:
        return iter(self.lignes)

    def __len__(self) -> int:
        return len(self.lignes)


@dataclass(frozen=True, kw_only=True)
class Montants(Bloc):
    """Bloc `montants` : le taux annuel de chaque échelon, sur 10 et sur 12 mois."""

    sur_10_mois: dict[str, int]
    sur_12_mois: dict[str, int]
    fiabilite_sur_12_mois: str | None = None
    """La certitude de la colonne sur 12 mois ; None : celle de la colonne sur 10 mois."""

    colonnes = COLONNES_MONTANTS

    @property
    def lignes(self) -> dict[str, tuple[int, int]]:
        """Par échelon : (taux sur 10 mois, taux sur 12 mois), comme le tableau de l'arrêté."""
        return {e: (self.sur_10_mois[e], self.sur_12_mois[e]) for e in self.sur_10_mois}


@dataclass(frozen=True, kw_only=True)
class DossierSocialEtudiant(Bloc):
    """Bloc `dossier_social_etudiant` : les dates de dépôt, si nous les avons relevées."""

    ouverture: str | None
    cloture: str | None


@dataclass(frozen=True, kw_only=True)
class AgeLimite(Bloc):
    """Bloc `age_limite` : l'âge à ne pas avoir atteint au 1er septembre (première demande)."""

    ans: int


@dataclass(frozen=True, kw_only=True)
class AideLiee(SousBloc):
    """Un sous-bloc de `aides_liees` : le montant d'une aide, son unité, ses sources."""

    cle: str
    montant: int | float
    duree_minimale_mois: int | None = None
    """Aide à la mobilité internationale : la durée la plus courte du séjour à l'étranger, en
    mois consécutifs (2 jusqu'en 2023-2024, 1 depuis 2024-2025) ; None pour les autres aides."""
    duree_maximale_mois: int | None = None
    """Aide à la mobilité internationale : la durée la plus longue du séjour aidé, en mois
    consécutifs (9 jusqu'en 2023-2024, 10 depuis 2024-2025) ; None pour les autres aides."""


@dataclass(frozen=True, kw_only=True)
class AidesLiees(Bloc, Mapping[str, AideLiee]):
    """Bloc `aides_liees`, qui se lit comme un dict de ses aides par clé du barème :
    `aide_au_merite`, `aide_mobilite_internationale` (avec ses durées), `aide_mobilite_master`,
    depuis 2023-2024 `majoration_outre_mer`, et, les années où une source les confirme,
    `repas_a_un_euro`, `aide_restauration_zones_blanches` et `pass_sport`. Lues par les aides,
    le versement et les pages, non par le calcul de l'échelon."""

    aides: dict[str, AideLiee]

    def __getitem__(self, cle: str) -> AideLiee:
        return self.aides[cle]

    def __iter__(self) -> Iterator[str]:
        return iter(self.aides)

    def __len__(self) -> int:
        return len(self.aides)


@dataclass(frozen=True, eq=False)
class Bareme:
    """Tout ce dont le calcul et les pages ont besoin pour une année universitaire : un
    attribut par bloc du fichier, et, pour les règles, des raccourcis vers ce qu'elles lisent.

    Deux barèmes sont égaux s'ils sont le même objet (eq=False) : un barème se hache, ce qui
    permet de garder en cache les phrases qui ne dépendent que de lui."""

    annee_universitaire: str
    statut: str
    derniere_verification: str | None
    fonde_sur: str | None
    """Pour un barème provisoire : l'année dont il reprend les valeurs."""
    references: dict[str, Reference]
    revenus_pris_en_compte: RevenusPrisEnCompte
    plafonds: Plafonds
    montants: Montants
    points_de_charge: PointsDeCharge
    dossier_social_etudiant: DossierSocialEtudiant
    aides_liees: AidesLiees
    age_limite: AgeLimite | None = None
    """Lu par la condition d'âge ; None : bloc absent du barème."""
    valeurs_de: str | None = None
    """Pour un barème provisoire : la dernière année publiée dont il reprend les valeurs (au bout
    de la suite des `fonde_sur`) ; fixé par `BaremesALaDemande`."""

    @property
    def annee_relue(self) -> str:
        """La dernière année relue dont ce barème a les valeurs : la sienne s'il est publié."""
        return self.valeurs_de or self.annee_universitaire

    @property
    def points_maximum_du_tableau(self) -> int:
        """Le dernier nombre de points de charge que le tableau de l'arrêté prévoit (17)."""
        return max(self.plafonds)

    @property
    def annee_de_rentree(self) -> int:
        """L'année N de la rentrée (2025 pour 2025-2026)."""
        return int(self.annee_universitaire[:4])

    # Ce que lisent les règles, sans passer par les blocs.

    @property
    def annee_des_revenus(self) -> int:
        return self.revenus_pris_en_compte.annee_des_revenus

    @property
    def annee_de_l_avis_d_imposition(self) -> int:
        return self.revenus_pris_en_compte.annee_de_l_avis_d_imposition

    @property
    def montants_10_mois(self) -> dict[str, int]:
        return self.montants.sur_10_mois

    @property
    def montants_12_mois(self) -> dict[str, int]:
        return self.montants.sur_12_mois

    @property
    def fiabilite_plafonds(self) -> str | None:
        return self.plafonds.fiabilite

    @property
    def fiabilite_montants_10_mois(self) -> str | None:
        return self.montants.fiabilite

    @property
    def fiabilite_montants_12_mois(self) -> str | None:
        return self.montants.fiabilite_sur_12_mois or self.montants.fiabilite

    @property
    def paliers_eloignement(self) -> tuple[PalierEloignement, ...]:
        return self.points_de_charge.eloignement.paliers

    @property
    def reference_eloignement(self) -> str | None:
        return self.points_de_charge.eloignement.reference

    @property
    def fiabilite_eloignement(self) -> str:
        return self.points_de_charge.eloignement.fiabilite

    @property
    def enfant_a_charge(self) -> Regle:
        return self.points_de_charge.enfant_a_charge

    @property
    def enfant_etudiant_superieur(self) -> Regle:
        return self.points_de_charge.enfant_etudiant_superieur

    @property
    def handicap(self) -> Regle | None:
        return self.points_de_charge.handicap

    @property
    def aidant(self) -> Regle | None:
        return self.points_de_charge.aidant

    def blocs(self) -> tuple[Bloc | SousBloc, ...]:
        """Chaque bloc et chaque sous-bloc du barème, dans l'ordre du fichier."""
        points = self.points_de_charge
        return (
            self.revenus_pris_en_compte,
            self.plafonds,
            self.montants,
            points,
            points.eloignement,
            *points.regles.values(),
            self.dossier_social_etudiant,
            *((self.age_limite,) if self.age_limite else ()),
            self.aides_liees,
            *self.aides_liees.values(),
        )


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


class BaremesALaDemande(Mapping[str, Bareme]):
    """Les barèmes de `contenus` (chaque année et le contenu vérifié de son fichier), chacun
    construit à sa première lecture : une estimation n'en lit qu'un (dans le navigateur, la
    première ne construit plus ceux de toutes les années). Un barème provisoire y sait de quelle
    année publiée viennent ses valeurs (`valeurs_de`) : il se fonde sur une année, parfois
    elle-même provisoire, et ainsi de suite ; la suite des `fonde_sur` est lue dans `contenus`,
    sans construire les barèmes qu'elle traverse."""

    def __init__(self, contenus: Mapping[str, dict[str, Any]]) -> None:
        self._contenus = contenus
        self._fondements = {
            annee: c.get("fonde_sur") if c["statut"] == "provisoire" else None
            for annee, c in contenus.items()
        }
        self._construits: dict[str, Bareme] = {}

    def __getitem__(self, annee: str) -> Bareme:
        if annee not in self._construits:
            bareme = bareme_depuis_dict(self._contenus[annee])
            origine = self._origine_des_valeurs(annee)
            if origine != annee:
                bareme = replace(bareme, valeurs_de=origine)
            self._construits[annee] = bareme
        return self._construits[annee]

    def _origine_des_valeurs(self, annee: str) -> str:
        """L'année dont le barème de `annee` tient ses valeurs : la sienne, ou, pour un
        provisoire, celle au bout de la suite de ses `fonde_sur`."""
        while self._fondements.get(annee) in self._fondements:
            annee = self._fondements[annee]
        return annee

    def __iter__(self) -> Iterator[str]:
        return iter(self._contenus)

    def __len__(self) -> int:
        return len(self._contenus)


# Du contenu d'un fichier au modèle ------------------------------------------------------------


def _bloc(donnees: dict[str, Any]) -> dict[str, Any]:
    """Les champs communs d'un bloc de premier niveau (schéma : `bloc`)."""
    sources = donnees.get("sources")
    return {
        "description": donnees["description"],
        "unite": donnees["unite"],
        "reference": donnees.get("reference"),
        "sources": None if sources is None else tuple(sources),
        "fiabilite": donnees.get("fiabilite"),
        "note": donnees.get("note"),
    }


def _sous_bloc(donnees: dict[str, Any], parent: dict[str, Any]) -> dict[str, Any]:
    """Les champs communs d'un sous-bloc : unité et texte, les siens ou ceux du bloc `parent`."""
    return {
        "description": donnees["description"],
        "unite": donnees.get("unite", parent.get("unite", "")),
        "reference": donnees.get("reference", parent.get("reference")),
        "sources": tuple(donnees.get("sources") or ()),
        "fiabilite": donnees["fiabilite"],
        "note": donnees.get("note"),
        "unite_du_bloc": "unite" not in donnees,
        "reference_du_bloc": "reference" not in donnees,
    }


def _points_de_charge(points: dict[str, Any]) -> PointsDeCharge:
    eloignement = points["eloignement"]
    regles = {
        cle: Regle(points=points[cle]["points"], **_sous_bloc(points[cle], points))
        for cle in ("enfant_a_charge", "enfant_etudiant_superieur", "handicap", "aidant")
        if cle in points
    }
    return PointsDeCharge(
        **_bloc(points),
        eloignement=Eloignement(
            paliers=tuple(
                PalierEloignement(p["a_partir_de_km"], p["points"]) for p in eloignement["paliers"]
            ),
            **_sous_bloc(eloignement, points),
        ),
        **regles,
    )


def _aides_liees(bloc: dict[str, Any]) -> AidesLiees:
    """Le bloc `aides_liees` et ses sous-blocs (ceux qui ont un montant), avec, pour l'aide à
    la mobilité internationale, les durées de séjour du barème."""
    return AidesLiees(
        **_bloc(bloc),
        aides={
            cle: AideLiee(
                cle=cle,
                montant=aide["montant"],
                duree_minimale_mois=aide.get("duree_minimale_mois"),
                duree_maximale_mois=aide.get("duree_maximale_mois"),
                **_sous_bloc(aide, bloc),
            )
            for cle, aide in bloc.items()
            if isinstance(aide, dict) and "montant" in aide
        },
    )


def bareme_depuis_dict(donnees: dict[str, Any]) -> Bareme:
    """Construit le barème d'une année à partir du contenu (vérifié) de son fichier."""
    plafonds, montants = donnees["plafonds"], donnees["montants"]
    revenus, dse = donnees["revenus_pris_en_compte"], donnees["dossier_social_etudiant"]
    age = donnees.get("age_limite")
    return Bareme(
        annee_universitaire=donnees["annee_universitaire"],
        statut=donnees["statut"],
        derniere_verification=donnees["derniere_verification"],
        fonde_sur=donnees.get("fonde_sur"),
        references={cle: Reference(cle=cle, **ref) for cle, ref in donnees["references"].items()},
        revenus_pris_en_compte=RevenusPrisEnCompte(
            **_bloc(revenus),
            annee_des_revenus=revenus["annee_des_revenus"],
            annee_de_l_avis_d_imposition=revenus["annee_de_l_avis_d_imposition"],
        ),
        plafonds=Plafonds(
            **_bloc(plafonds),
            lignes={
                int(points): dict(zip(ECHELONS, ligne, strict=True))
                for points, ligne in sorted(plafonds["lignes"].items(), key=lambda x: int(x[0]))
            },
        ),
        montants=Montants(
            **_bloc(montants),
            sur_10_mois={e: montants["lignes"][e][0] for e in ECHELONS},
            sur_12_mois={e: montants["lignes"][e][1] for e in ECHELONS},
            fiabilite_sur_12_mois=montants.get("fiabilite_sur_12_mois"),
        ),
        points_de_charge=_points_de_charge(donnees["points_de_charge"]),
        dossier_social_etudiant=DossierSocialEtudiant(
            **_bloc(dse), ouverture=dse.get("ouverture"), cloture=dse.get("cloture")
        ),
        aides_liees=_aides_liees(donnees["aides_liees"]),
        age_limite=None if age is None else AgeLimite(**_bloc(age), ans=age["ans"]),
    )


# Du modèle au contenu d'un fichier -----------------------------------------------------------


def _bloc_en_dict(bloc: Bloc, **valeurs: Any) -> dict[str, Any]:
    """Un bloc de premier niveau dans l'ordre du fichier : ce qu'il dit de lui, puis `valeurs`."""
    contenu: dict[str, Any] = {
        "description": bloc.description,
        "unite": bloc.unite,
        "reference": bloc.reference,
    }
    if bloc.sources is not None:
        contenu["sources"] = list(bloc.sources)
    if bloc.fiabilite is not None:
        contenu["fiabilite"] = bloc.fiabilite
    if isinstance(bloc, Montants) and bloc.fiabilite_sur_12_mois is not None:
        contenu["fiabilite_sur_12_mois"] = bloc.fiabilite_sur_12_mois
    if bloc.note is not None:
        contenu["note"] = bloc.note
    return contenu | valeurs


def _sous_bloc_en_dict(sous_bloc: SousBloc, **valeurs: Any) -> dict[str, Any]:
    """Un sous-bloc dans l'ordre du fichier ; l'unité et le texte du bloc n'y sont pas répétés."""
    contenu: dict[str, Any] = {"description": sous_bloc.description}
    if not sous_bloc.unite_du_bloc:
        contenu["unite"] = sous_bloc.unite
    if not sous_bloc.reference_du_bloc:
        contenu["reference"] = sous_bloc.reference
    contenu |= {"sources": list(sous_bloc.sources), "fiabilite": sous_bloc.fiabilite}
    if sous_bloc.note is not None:
        contenu["note"] = sous_bloc.note
    return contenu | valeurs


def _reference_en_dict(ref: Reference) -> dict[str, Any]:
    champs = {"date": ref.date, "nor": ref.nor, "lien": ref.lien, "note": ref.note}
    return {"titre": ref.titre, "nature": ref.nature} | {
        cle: valeur for cle, valeur in champs.items() if valeur is not None
    }


def _aide_en_dict(aide: AideLiee) -> dict[str, Any]:
    durees = {
        "duree_minimale_mois": aide.duree_minimale_mois,
        "duree_maximale_mois": aide.duree_maximale_mois,
    }
    return _sous_bloc_en_dict(
        aide,
        montant=aide.montant,
        **{cle: valeur for cle, valeur in durees.items() if valeur is not None},
    )


def _points_de_charge_en_dict(points: PointsDeCharge) -> dict[str, Any]:
    eloignement = points.eloignement
    paliers = [
        {"a_partir_de_km": p.a_partir_de_km, "points": p.points} for p in eloignement.paliers
    ]
    return _bloc_en_dict(
        points,
        eloignement=_sous_bloc_en_dict(eloignement, paliers=paliers),
        **{cle: _sous_bloc_en_dict(r, points=r.points) for cle, r in points.regles.items()},
    )


def bareme_en_dict(bareme: Bareme) -> dict[str, Any]:
    """Le contenu du fichier `barèmes/<année>.yaml` d'où vient `bareme`, dans l'ordre du fichier
    et au format du schéma publié (l'inverse de `bareme_depuis_dict`, sans les commentaires)."""
    entete = {"annee_universitaire": bareme.annee_universitaire, "statut": bareme.statut}
    if bareme.fonde_sur is not None:
        entete["fonde_sur"] = bareme.fonde_sur
    plafonds, montants = bareme.plafonds, bareme.montants
    dse, revenus, age = (
        bareme.dossier_social_etudiant,
        bareme.revenus_pris_en_compte,
        bareme.age_limite,
    )
    contenu = entete | {
        "derniere_verification": bareme.derniere_verification,
        "references": {cle: _reference_en_dict(r) for cle, r in bareme.references.items()},
        "revenus_pris_en_compte": _bloc_en_dict(
            revenus,
            annee_des_revenus=revenus.annee_des_revenus,
            annee_de_l_avis_d_imposition=revenus.annee_de_l_avis_d_imposition,
        ),
        "plafonds": _bloc_en_dict(
            plafonds,
            colonnes=list(plafonds.colonnes),
            lignes={points: list(ligne.values()) for points, ligne in plafonds.lignes.items()},
        ),
        "montants": _bloc_en_dict(
            montants,
            colonnes=list(montants.colonnes),
            lignes={e: list(taux) for e, taux in montants.lignes.items()},
        ),
        "points_de_charge": _points_de_charge_en_dict(bareme.points_de_charge),
        "dossier_social_etudiant": _bloc_en_dict(dse, ouverture=dse.ouverture, cloture=dse.cloture),
    }
    if age is not None:
        contenu["age_limite"] = _bloc_en_dict(age, ans=age.ans)
    aides = bareme.aides_liees
    contenu["aides_liees"] = _bloc_en_dict(
        aides, **{cle: _aide_en_dict(aide) for cle, aide in aides.items()}
    )
    return contenu
