"""Versement : 10 ou 12 mensualités, la majoration outre-mer, et le montant d'un échelon connu.

- Maintien de la bourse pendant les grandes vacances (« 4e terme », 12 mensualités) : pour un
  boursier dont les études ne sont pas finies au 1er juillet et qui est dans l'une des
  situations de la circulaire (Crous de Rennes et de Nantes, service-public F17482 ;
  regles-bcs.md § 8.4). Montant : colonne « 12 mois » de l'arrêté « taux ».
- Majoration outre-mer : +30 € par mois (barème, `aides_liees.majoration_outre_mer`) pour les
  boursiers qui étudient en outre-mer, depuis la rentrée 2023 ; territoires et texte non
  établis (regles-bcs.md § 8.6).
- Montant depuis un échelon connu : l'échelon et la durée de versement d'une notification, ou
  de l'API « statut étudiant boursier » du Cnous, donnent le montant exact de l'arrêté « taux ».
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from . import sources
from .bareme import FIABILITES, Bareme, phrase_du_bareme_provisoire
from .blocs import COM, DROM, EntreeVersement
from .conditions import fiabilite_la_plus_faible, nombre_json, phrase
from .format import euros
from .montants import (
    montant_annuel,
    montant_annuel_12_mois,
    montant_mensuel,
    montant_mensuel_12_mois,
)

SITUATIONS_MAINTIEN = {
    "famille_outre_mer": "étudiant dont la famille (parents, tuteur ou délégataire de "
    "l'autorité parentale) réside dans un département ou une collectivité d'outre-mer ou en "
    "Nouvelle-Calédonie",
    "wallis_et_futuna_en_nouvelle_caledonie": "étudiant de Wallis-et-Futuna qui étudie en "
    "Nouvelle-Calédonie",
    "autre_ile_polynesie_ou_nouvelle_caledonie": "étudiant en Polynésie française ou en "
    "Nouvelle-Calédonie venu d'une autre île",
    "parents_a_l_etranger_hors_europe": "étudiant français ou ressortissant de l'UE ou de l'EEE "
    "dont les parents résident à l'étranger, hors UE, EEE, Suisse et pays du pourtour "
    "méditerranéen",
    "pupille_de_l_etat": "pupille de l'État",
    "orphelin_des_deux_parents": "orphelin de ses deux parents",
    "refugie_sans_accueil_parental": "étudiant réfugié dont les parents ne peuvent pas "
    "l'accueillir",
    "ancien_ase_sans_accueil_parental": "ancien bénéficiaire de l'aide sociale à l'enfance "
    "dont les parents ne peuvent pas l'accueillir",
}
"""Les situations qui ouvrent le maintien de la bourse pendant les grandes vacances."""


def maintien_grandes_vacances(situation: str | None, etudes_finies: bool | None) -> bool | None:
    """Le maintien s'applique-t-il ? Oui pour l'une des situations de la liste, si les études
    ne sont pas finies au 1er juillet ; None si une réponse manque.

    Crous de Rennes (« le maintien de la bourse pendant les vacances d'été ») ; Crous de
    Nantes (« le complément grandes vacances ») ; service-public F17482.
    """
    if situation == "aucune" or etudes_finies is True:
        return False
    if situation is None or etudes_finies is None:
        return None
    return True


class Versement(NamedTuple):
    """Le nombre de mensualités et le montant qui s'applique."""

    duree_mois: int | None
    maintien_grandes_vacances: bool | None
    montant_annuel_applicable: int
    montant_mensuel_applicable: Decimal
    raison: str
    source: str
    fiabilite: str

    def en_dict(self) -> dict[str, Any]:
        return {
            "duree_mois": self.duree_mois,
            "maintien_grandes_vacances": self.maintien_grandes_vacances,
            "montant_annuel_applicable": self.montant_annuel_applicable,
            "montant_mensuel_applicable": nombre_json(self.montant_mensuel_applicable),
            "raison": self.raison,
            "source": self.source,
            "fiabilite": self.fiabilite,
        }


def versement(e: EntreeVersement, echelon: str | None, bareme: Bareme) -> Versement:
    """10 ou 12 mensualités pour l'échelon obtenu, et le montant qui s'applique alors."""
    maintien = maintien_grandes_vacances(e.situation_maintien, e.etudes_finies_au_1er_juillet)
    situation = SITUATIONS_MAINTIEN.get(e.situation_maintien or "")
    if echelon is None:
        return Versement(
            None,
            False,
            0,
            Decimal(0),
            "Pas de bourse : ni 10 ni 12 mensualités. Le maintien pendant les grandes vacances "
            "est réservé aux boursiers.",
            sources.MAINTIEN,
            "recoupe",
        )
    annuel_10, mensuel_10 = montant_annuel(echelon, bareme), montant_mensuel(echelon, bareme)
    annuel_12 = montant_annuel_12_mois(echelon, bareme)
    mensuel_12 = montant_mensuel_12_mois(echelon, bareme)
    fiabilite_10 = fiabilite_la_plus_faible(("recoupe", bareme.fiabilite_montants_10_mois))
    if maintien is True:
        return Versement(
            12,
            True,
            annuel_12,
            mensuel_12,
            phrase(
                [
                    f"Maintien de la bourse pendant les grandes vacances : {situation}, études "
                    "non finies au 1er juillet",
                    f"l'échelon {echelon} est versé en 12 mensualités de {euros(mensuel_12)}, "
                    f"soit {euros(annuel_12)} par an (colonne « 12 mois » de l'arrêté) au lieu "
                    f"de {euros(annuel_10)} en 10 mensualités",
                ]
            ),
            sources.MAINTIEN,
            fiabilite_la_plus_faible(("recoupe", bareme.fiabilite_montants_12_mois)),
        )
    dix_mois = (
        f"l'échelon {echelon} est versé en 10 mensualités de {euros(mensuel_10)} (septembre à "
        f"juin), soit {euros(annuel_10)} par an"
    )
    if maintien is False:
        if e.situation_maintien == "aucune":
            pourquoi = "aucune des situations qui ouvrent le maintien pendant les grandes vacances"
        else:
            pourquoi = f"{situation}, mais études finies au 1er juillet : pas de maintien l'été"
        return Versement(
            10,
            False,
            annuel_10,
            mensuel_10,
            phrase([pourquoi, dix_mois]),
            sources.MAINTIEN,
            fiabilite_10,
        )
    if e.situation_maintien is None:
        manque = (
            "indiquez votre situation (« versement.situation_maintien ») : certaines ouvrent "
            "le maintien pendant les grandes vacances"
        )
    else:
        manque = (
            f"{situation} : le maintien s'applique si vos études ne sont pas finies au 1er "
            "juillet (« versement.etudes_finies_au_1er_juillet »)"
        )
    return Versement(
        10,
        None,
        annuel_10,
        mensuel_10,
        phrase(
            [
                dix_mois,
                manque,
                f"avec le maintien : 12 mensualités de {euros(mensuel_12)}, soit "
                f"{euros(annuel_12)} par an",
            ]
        ),
        sources.MAINTIEN,
        fiabilite_10,
    )


# --- Majoration outre-mer ---------------------------------------------------------------------


class MajorationOutreMer(NamedTuple):
    """La majoration mensuelle pour études en outre-mer (applicable : oui, non, ou None)."""

    lieu_des_etudes: str | None
    applicable: bool | None
    majoration_mensuelle: int | float | None
    montant_mensuel_majore: Decimal | None
    raison: str
    incertitude: str | None
    source: str
    fiabilite: str

    def en_dict(self) -> dict[str, Any]:
        return {
            "lieu_des_etudes": self.lieu_des_etudes,
            "applicable": self.applicable,
            "majoration_mensuelle": self.majoration_mensuelle,
            "montant_mensuel_majore": nombre_json(self.montant_mensuel_majore),
            "raison": self.raison,
            "incertitude": self.incertitude,
            "source": self.source,
            "fiabilite": self.fiabilite,
        }


PORTEE_INCERTAINE = (
    "Territoires concernés non établis : départements et régions d'outre-mer seulement, ou "
    "aussi les collectivités d'outre-mer et la Nouvelle-Calédonie ; le texte qui fixe la "
    "majoration n'est pas identifié."
)


def majoration_outre_mer(
    lieu: str | None, echelon: str | None, mensualite: Decimal, bareme: Bareme
) -> MajorationOutreMer:
    """+30 € par mois (barème, `aides_liees.majoration_outre_mer`) pour un boursier qui étudie
    en outre-mer, depuis la rentrée 2023 ; absente des barèmes antérieurs.

    Annonce du 20 juin 2023 (l'Etudiant) ; lescrous.fr ; la 1ère. Portée territoriale et
    texte : non établis (regles-bcs.md § 8.6, § 12).
    """
    aide = bareme.aides_liees.get("majoration_outre_mer")
    if aide is None:
        return MajorationOutreMer(
            lieu,
            False,
            None,
            None,
            f"Pas de majoration outre-mer en {bareme.annee_universitaire} : elle date de la "
            "rentrée 2023 (absente du barème de cette année).",
            None,
            sources.ajouter_sources("", sources.OUTRE_MER),
            "recoupe",
        )
    du_bareme = sources.sources_du_bareme(bareme, aide.reference, aide.sources)
    source = sources.ajouter_sources(du_bareme, sources.OUTRE_MER)
    fiabilite = aide.fiabilite
    montant = aide.montant
    note = ""
    if fiabilite in ("deduit", "inconnu"):
        note = f"montant {bareme.annee_universitaire} {FIABILITES[fiabilite]}"
        if aide.note:
            note += f" ({aide.note[0].lower()}{aide.note[1:].rstrip('.')})"

    def rendre(applicable, raison, majoration=None, majore=None, incertitude=PORTEE_INCERTAINE):
        return MajorationOutreMer(
            lieu, applicable, majoration, majore, raison, incertitude, source, fiabilite
        )

    if echelon is None:
        return rendre(
            False,
            "Pas de bourse : la majoration outre-mer est réservée aux boursiers.",
            None,
            None,
            None,
        )
    if lieu is None:
        return rendre(
            None,
            phrase(
                [
                    f"Indiquez le lieu de vos études (« outre_mer.lieu_des_etudes ») : les "
                    f"boursiers qui étudient en outre-mer reçoivent {euros(montant)} de plus par "
                    "mois",
                    note,
                ]
            ),
            montant,
        )
    if lieu == "hors_outre_mer":
        return rendre(
            False,
            "Vous n'étudiez pas en outre-mer : pas de majoration.",
            None,
            None,
            None,
        )
    if lieu in DROM:
        majore = mensualite + Decimal(str(montant))
        return rendre(
            True,
            phrase(
                [
                    f"Boursier qui étudie dans un département d'outre-mer : {euros(montant)} de "
                    f"plus par mois, soit {euros(majore, 2)} par mensualité",
                    note,
                ]
            ),
            montant,
            majore,
        )
    territoire = "dans une collectivité d'outre-mer" if lieu in COM else "en Nouvelle-Calédonie"
    return rendre(
        None,
        phrase(
            [
                f"Boursier qui étudie {territoire} : la majoration de {euros(montant)} par mois "
                "s'applique peut-être, nos sources ne disent pas si elle couvre les collectivités "
                "d'outre-mer et la Nouvelle-Calédonie",
                note,
            ]
        ),
        montant,
    )


# --- Montant depuis un échelon connu ----------------------------------------------------------


class MontantConnu(NamedTuple):
    """Le montant exact d'un échelon connu, pour une durée de versement connue."""

    echelon: str
    duree_versement: int
    montant_annuel: int
    montant_mensuel: Decimal
    raison: str
    fiabilite: str


def montant_connu(echelon: str, duree_versement: int, bareme: Bareme) -> MontantConnu:
    """L'arrêté « taux » de l'année : colonne « taux annuel sur 10 mois », ou colonne des
    étudiants qui bénéficient du maintien pendant les grandes vacances (12 mois). Une
    mensualité est le taux annuel divisé par le nombre de mois, au centime.

    L'API « statut étudiant boursier » du Cnous délivre l'échelon et la durée de versement
    « pour connaître le montant exact perçu par l'étudiant » (particulier.api.gouv.fr).
    """
    if duree_versement == 12:
        annuel = montant_annuel_12_mois(echelon, bareme)
        mensuel = montant_mensuel_12_mois(echelon, bareme)
        colonne = "« maintien pendant les grandes vacances »"
        fiabilite = bareme.fiabilite_montants_12_mois
    else:
        annuel, mensuel = montant_annuel(echelon, bareme), montant_mensuel(echelon, bareme)
        colonne = "« taux annuel sur 10 mois »"
        fiabilite = bareme.fiabilite_montants_10_mois
    raison = (
        f"Échelon {echelon} en {bareme.annee_universitaire}, versé en {duree_versement} "
        f"mensualités : {euros(annuel)} par an (colonne {colonne} de l'arrêté « taux »), soit "
        f"{euros(mensuel, 2)} par mois."
    )
    return MontantConnu(echelon, duree_versement, annuel, mensuel, raison, fiabilite)


def avertissements_du_montant(bareme: Bareme, fiabilite: str) -> list[dict[str, str]]:
    """Ce qu'il faut savoir du barème utilisé : non encore publié, ou montants déduits."""
    avertissements = []
    if bareme.statut == "provisoire":
        avertissements.append(
            {"code": "bareme_provisoire", "message": phrase_du_bareme_provisoire(bareme)}
        )
    if fiabilite == "deduit":
        avertissements.append(
            {
                "code": "montants_deduits",
                "message": f"Montants {bareme.annee_universitaire} non lus dans un texte de cette "
                "année : déduits (tenus pour inchangés) ; à confirmer par l'arrêté « taux » de "
                "l'année.",
            }
        )
    return avertissements
