"""Les aides et droits que le statut de boursier ouvre en plus de la bourse.

Exonérations des droits d'inscription (établissements publics) et de la CVEC, pour tous les
échelons, 0bis compris ; aide au mérite ; aide à la mobilité en master ; aide à la mobilité
internationale. Les montants viennent du barème de l'année (`aides_liees`), avec son degré de
certitude ; un montant non lu pour l'année (déduit) le dit.

Texte : regles-bcs.md § 8 (arrêtés « taux », décret n° 2017-969, annexes 8 et 9 de la
circulaire de 2023 citées par la DGESIP).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from . import sources
from .bareme import FIABILITES, AideLiee, Bareme
from .blocs import EntreeAides
from .conditions import A_VERIFIER, LIBELLES_STATUT, NON_REMPLIE, REMPLIE, phrase
from .eligibilite import Eligibilite
from .format import euros

AIDE_AU_MERITE_FOIS_MAXIMUM = 3
"""L'aide au mérite est attribuée 3 fois au plus (demarchesadministratives.fr ;
lettre-recommandee.com ; service-public F1010, 2017)."""
_SANS_BOURSE = "Pas de bourse sur critères sociaux"

SELON_L_ELIGIBILITE = {
    NON_REMPLIE: (
        "Pas de bourse : {conditions} non remplie(s) (voir « eligibilite ») ; cette aide est "
        "réservée aux boursiers."
    ),
    A_VERIFIER: (
        "{raison} Seulement si la bourse vous est accordée : {conditions} reste(nt) à vérifier "
        "(voir « eligibilite »)."
    ),
}
"""Les phrases de `selon_l_eligibilite`, par bilan des conditions d'attribution."""


class Aide(NamedTuple):
    """Une aide liée : ses conditions sont-elles remplies, combien, selon quel texte."""

    aide: str
    libelle: str
    statut: str
    montant: int | float | None
    """Le montant du barème (None : pas de montant dans le barème)."""
    unite: str | None
    montant_total: int | float | None
    """Ce que l'étudiant recevrait quand les conditions sont remplies (None sinon)."""
    condition: str
    raison: str
    avertissement: str | None
    """Un montant non lu pour l'année (déduit) le dit ici."""
    note: str | None
    source: str
    fiabilite: str

    def en_dict(self) -> dict[str, Any]:
        return {
            "aide": self.aide,
            "libelle": self.libelle,
            "statut": self.statut,
            "libelle_statut": LIBELLES_STATUT[self.statut],
            "montant": self.montant,
            "unite": self.unite,
            "montant_total": self.montant_total,
            "condition": self.condition,
            "raison": self.raison,
            "avertissement": self.avertissement,
            "note": self.note,
            "source": self.source,
            "fiabilite": self.fiabilite,
        }


def aides(
    a: EntreeAides,
    echelon: str | None,
    etablissement: str | None,
    bareme: Bareme,
    bilan: Eligibilite | None = None,
) -> tuple[Aide, ...]:
    """Toutes les aides liées, dans l'ordre de la page « aides liées » du site, chacune bornée
    par le bilan des conditions d'attribution de la bourse (`bilan`, s'il est connu)."""
    toutes = (
        exoneration_droits_d_inscription(echelon, etablissement),
        exoneration_cvec(echelon),
        aide_au_merite(a, echelon, bareme),
        aide_mobilite_internationale(a, echelon, etablissement, bareme),
        aide_mobilite_master(a, echelon, bareme),
    )
    return tuple(selon_l_eligibilite(aide, bilan) for aide in toutes)


def selon_l_eligibilite(aide: Aide, bilan: Eligibilite | None) -> Aide:
    """Aucune aide liée sans la bourse : chacune est réservée aux boursiers (conditions de
    chaque aide, ci-dessous). Une condition d'attribution non remplie rend l'aide non remplie ;
    une condition à vérifier la rend au mieux à vérifier.

    Code de l'éducation, art. L. 841-5 (CVEC) et R. 719-49 (droits d'inscription) ; arrêtés
    « taux » (aide au mérite, mobilité internationale) ; décret n° 2017-969 (mobilité master).
    """
    if bilan is None or bilan.statut == REMPLIE or aide.statut == NON_REMPLIE:
        return aide
    en_cause = [c.libelle for c in bilan.conditions if c.statut == bilan.statut]
    conditions = ", ".join(f"« {libelle} »" for libelle in en_cause) or "une condition"
    if bilan.statut == NON_REMPLIE:
        raison = SELON_L_ELIGIBILITE[NON_REMPLIE].format(conditions=conditions)
        return aide._replace(statut=NON_REMPLIE, montant_total=None, raison=raison)
    if aide.statut == REMPLIE:
        raison = SELON_L_ELIGIBILITE[A_VERIFIER].format(raison=aide.raison, conditions=conditions)
        return aide._replace(statut=A_VERIFIER, montant_total=None, raison=raison)
    return aide


def exoneration_droits_d_inscription(echelon: str | None, etablissement: str | None) -> Aide:
    """Exonération des droits d'inscription dans un établissement public : tous les boursiers,
    échelon 0bis compris ; la notification conditionnelle suffit à l'inscription.

    youzful-by-ca.fr (source secondaire) ; imazpress.com (presse) ; regles-bcs.md § 8.5.
    """
    condition = (
        "Boursier sur critères sociaux, à tout échelon (0bis compris), inscrit dans un "
        "établissement public."
    )

    def rendre(statut: str, raison: str) -> Aide:
        return Aide(
            "exoneration_droits_d_inscription",
            "Exonération des droits d'inscription",
            statut,
            None,
            None,
            None,
            condition,
            raison,
            None,
            "La notification conditionnelle de bourse suffit pour être exonéré à l'inscription.",
            sources.EXONERATIONS,
            "recoupe",
        )

    if echelon is None:
        return rendre(NON_REMPLIE, f"{_SANS_BOURSE} : pas d'exonération à ce titre.")
    if etablissement == "public":
        return rendre(
            REMPLIE, f"Boursier (échelon {echelon}) dans un établissement public : exonéré."
        )
    if etablissement in ("prive_habilite", "prive_non_habilite"):
        return rendre(
            NON_REMPLIE,
            "L'exonération vaut dans les établissements publics ; un établissement privé fixe "
            "ses propres frais.",
        )
    return rendre(
        A_VERIFIER,
        f"Boursier (échelon {echelon}) : exonéré dans un établissement public ; indiquez le "
        "type d'établissement (« eligibilite.etablissement »).",
    )


def exoneration_cvec(echelon: str | None) -> Aide:
    """Exonération de la contribution de vie étudiante et de campus (CVEC) : tous les
    boursiers, échelon 0bis compris.

    youzful-by-ca.fr (source secondaire) ; imazpress.com (presse) ; regles-bcs.md § 8.5.
    """
    if echelon is None:
        statut, raison = NON_REMPLIE, f"{_SANS_BOURSE} : pas d'exonération à ce titre."
    else:
        statut, raison = REMPLIE, f"Boursier (échelon {echelon}) : exonéré de la CVEC."
    return Aide(
        "exoneration_cvec",
        "Exonération de la CVEC",
        statut,
        None,
        None,
        None,
        "Boursier sur critères sociaux, à tout échelon (0bis compris).",
        raison,
        None,
        None,
        sources.EXONERATIONS,
        "recoupe",
    )


def _du_bareme(
    cle: str,
    libelle: str,
    condition: str,
    bareme: Bareme,
) -> tuple[AideLiee | None, Any]:
    """Le sous-bloc du barème et une fonction qui rend l'aide avec son montant et ses sources."""
    bloc = bareme.aides_liees.get(cle)

    def rendre(statut: str, raison: str, total: int | float | None = None) -> Aide:
        if bloc is None:
            return Aide(
                cle,
                libelle,
                A_VERIFIER if statut == REMPLIE else statut,
                None,
                None,
                None,
                condition,
                f"{raison} Montant absent du barème {bareme.annee_universitaire}.",
                None,
                None,
                "aucune source pour cette année",
                "inconnu",
            )
        avertissement = None
        if bloc.fiabilite in ("deduit", "inconnu"):
            avertissement = (
                f"Montant {bareme.annee_universitaire} {FIABILITES[bloc.fiabilite]} ; à "
                "confirmer par le texte de l'année."
            )
        return Aide(
            cle,
            libelle,
            statut,
            bloc.montant,
            bloc.unite,
            total if statut == REMPLIE else None,
            condition,
            raison,
            avertissement,
            bloc.note,
            sources.sources_du_bareme(bareme, bloc.reference, bloc.sources)
            or "aucune source pour cette année",
            bloc.fiabilite,
        )

    return bloc, rendre


def aide_au_merite(a: EntreeAides, echelon: str | None, bareme: Bareme) -> Aide:
    """Aide au mérite : boursier (ou titulaire d'une aide spécifique annuelle) ayant eu la
    mention « très bien » au baccalauréat et inscrit dans le supérieur à la rentrée suivante ;
    montant du barème par an, en 9 mensualités ; 3 fois au plus ; perdue en cas de
    redoublement, sauf raison médicale ; attribuée sans demande séparée (DSE).

    Arrêtés « taux » (art. 3 ou 4, d'après OpenFisca) ; demarchesadministratives.fr ;
    lettre-recommandee.com ; service-public F1010 (2017) ; regles-bcs.md § 8.1.
    """
    bloc, rendre = _du_bareme(
        "aide_au_merite",
        "Aide au mérite",
        "Boursier (ou aide spécifique annuelle), mention « très bien » au baccalauréat, inscrit "
        f"dans le supérieur à la rentrée suivante ; {AIDE_AU_MERITE_FOIS_MAXIMUM} fois au plus.",
        bareme,
    )
    if echelon is None:
        return rendre(
            NON_REMPLIE,
            f"{_SANS_BOURSE} : l'aide au mérite est réservée aux boursiers (ou aux titulaires "
            "d'une aide spécifique annuelle).",
        )
    if a.mention_tres_bien_au_bac is False:
        return rendre(NON_REMPLIE, "Elle suppose la mention « très bien » au baccalauréat.")
    deja = a.aide_au_merite_deja_recue
    if deja is not None and deja >= AIDE_AU_MERITE_FOIS_MAXIMUM:
        return rendre(
            NON_REMPLIE,
            f"Déjà reçue {deja} fois : elle est attribuée {AIDE_AU_MERITE_FOIS_MAXIMUM} fois au "
            "plus.",
        )
    if a.mention_tres_bien_au_bac is None:
        return rendre(
            A_VERIFIER,
            "Indiquez si vous avez eu la mention « très bien » au baccalauréat (« aides."
            "mention_tres_bien_au_bac »).",
        )
    if deja is None:
        return rendre(
            A_VERIFIER,
            f"Attribuée {AIDE_AU_MERITE_FOIS_MAXIMUM} fois au plus : indiquez combien de fois "
            "vous l'avez déjà reçue (« aides.aide_au_merite_deja_recue »).",
        )
    montant = bloc.montant if bloc else None
    return rendre(
        REMPLIE,
        phrase(
            [
                f"Boursier avec la mention « très bien » : {euros(montant)} par an"
                if montant is not None
                else "Boursier avec la mention « très bien »",
                "versée en 9 mensualités, sans demande séparée (le dossier social étudiant suffit)",
                "perdue en cas de redoublement, sauf raison médicale",
            ]
        ),
        montant,
    )


MOBILITE_ETABLISSEMENTS = {
    "public": REMPLIE,
    "prive_habilite": A_VERIFIER,
    "prive_non_habilite": NON_REMPLIE,
}
"""L'aide à la mobilité internationale suppose un établissement public ou « qui a engagé une
démarche de contractualisation avec l'État » (sources.MOBILITE_ETABLISSEMENT, recoupé) : un
établissement privé habilité à recevoir des boursiers ne l'a pas forcément fait."""

PHRASES_MOBILITE = {
    "sans_duree": "Indiquez la durée du séjour d'études ou du stage à l'étranger (« aides."
    "mois_a_l_etranger »).",
    "trop_court": "{mois} mois à l'étranger : il en faut au moins {minimum} consécutifs en "
    "{annee}.",
    "trop_long": "{mois} mois à l'étranger : l'aide porte sur un séjour de {minimum} à {maximum} "
    "mois consécutifs en {annee}{plafond} ; voyez avec votre établissement.",
    "prive_non_habilite": "L'aide suppose un établissement public ou qui a engagé une démarche "
    "de contractualisation avec l'État ; un établissement privé non habilité ne l'ouvre pas.",
    "prive_habilite": "L'aide suppose un établissement public ou qui a engagé une démarche de "
    "contractualisation avec l'État : demandez au service des relations internationales si "
    "c'est le cas du vôtre.",
    "sans_etablissement": "L'aide suppose un établissement public ou sous contrat avec l'État : "
    "indiquez le type d'établissement (« eligibilite.etablissement »).",
    "remplie": "{mois} mois à l'étranger : {par_mois} par mois, soit {total}",
    "versement": "votre établissement (relations internationales) choisit les bénéficiaires et "
    "verse l'aide : renseignez-vous avant le départ",
}
"""Les phrases de `aide_mobilite_internationale`, par raison."""


def aide_mobilite_internationale(
    a: EntreeAides, echelon: str | None, etablissement: str | None, bareme: Bareme
) -> Aide:
    """Aide à la mobilité internationale : boursier (ou aide spécifique annuelle) en séjour
    d'études ou en stage à l'étranger, de la durée que fixe le barème de l'année (2 à 9 mois
    consécutifs jusqu'en 2023-2024, 1 à 10 depuis 2024-2025), dans un établissement public ou
    sous contrat avec l'État ; montant du barème par mois ; choisie et versée par
    l'établissement ; cumulable avec l'aide au mérite.

    Arrêtés « taux » (montant) ; circulaire du 10 juin 2024 (NOR ESRS2413977C) et fiche
    service-public F380 (durées) ; sources.MOBILITE_ETABLISSEMENT ; regles-bcs.md § 8.2.
    """
    bloc = bareme.aides_liees.get("aide_mobilite_internationale")
    minimum = bloc.duree_minimale_mois if bloc else None
    maximum = bloc.duree_maximale_mois if bloc else None
    duree = f"de {minimum} à {maximum} mois consécutifs" if minimum else "(durée non relevée)"
    _, rendre = _du_bareme(
        "aide_mobilite_internationale",
        "Aide à la mobilité internationale",
        f"Boursier (ou aide spécifique annuelle), séjour d'études ou stage à l'étranger {duree}, "
        "dans un établissement public ou sous contrat avec l'État ; attribuée par "
        "l'établissement.",
        bareme,
    )
    code, valeurs = _decision_mobilite(a.mois_a_l_etranger, etablissement, minimum, maximum)
    if echelon is None:
        return rendre(NON_REMPLIE, f"{_SANS_BOURSE} : elle est réservée aux boursiers.")
    par_mois = bloc.montant if bloc else None
    mois = a.mois_a_l_etranger
    if code == "trop_long" and par_mois is not None and maximum:
        valeurs["plafond"] = f", soit {euros(par_mois * maximum)} au plus"
    if code != "remplie":
        raison = PHRASES_MOBILITE[code].format(annee=bareme.annee_universitaire, **valeurs)
        statut = NON_REMPLIE if code in ("trop_court", "prive_non_habilite") else A_VERIFIER
        return rendre(statut, raison)
    total = par_mois * mois if par_mois is not None and mois is not None else None
    debut = (
        PHRASES_MOBILITE["remplie"].format(mois=mois, par_mois=euros(par_mois), total=euros(total))
        if total is not None
        else f"{mois} mois à l'étranger"
    )
    return rendre(REMPLIE, phrase([debut, PHRASES_MOBILITE["versement"]]), total)


def _decision_mobilite(
    mois: int | None, etablissement: str | None, minimum: int | None, maximum: int | None
) -> tuple[str, dict[str, Any]]:
    """La raison qui décide de l'aide à la mobilité internationale (une clé de
    PHRASES_MOBILITE), et les valeurs de sa phrase."""
    valeurs: dict[str, Any] = {"mois": mois, "minimum": minimum, "maximum": maximum}
    valeurs["plafond"] = ""
    if MOBILITE_ETABLISSEMENTS.get(etablissement or "") == NON_REMPLIE:
        return "prive_non_habilite", valeurs
    if mois is None:
        return "sans_duree", valeurs
    if minimum is not None and mois < minimum:
        return "trop_court", valeurs
    if maximum is not None and mois > maximum:
        return "trop_long", valeurs
    if etablissement is None:
        return "sans_etablissement", valeurs
    if MOBILITE_ETABLISSEMENTS[etablissement] == A_VERIFIER:
        return "prive_habilite", valeurs
    return "remplie", valeurs


def aide_mobilite_master(a: EntreeAides, echelon: str | None, bareme: Bareme) -> Aide:
    """Aide à la mobilité en master : boursier (ou aide spécifique annuelle) titulaire d'une
    licence obtenue l'année précédente (licence professionnelle exclue selon Info Jeunes),
    inscrit pour la première fois en master 1 dans une autre région académique ; montant du
    barème, versé une fois ; demande sur messervices.etudiant.gouv.fr.

    Décret n° 2017-969 du 10 mai 2017 ; arrêté du 21 août 2017 ; service-public F34343 ;
    Info Jeunes Hauts-de-France ; regles-bcs.md § 8.3.
    """
    bloc, rendre = _du_bareme(
        "aide_mobilite_master",
        "Aide à la mobilité en master",
        "Boursier (ou aide spécifique annuelle), licence obtenue l'année précédente, première "
        "inscription en master 1 dans une autre région académique que la licence.",
        bareme,
    )
    if echelon is None:
        return rendre(
            NON_REMPLIE,
            f"{_SANS_BOURSE} : elle est réservée aux boursiers (ou aux titulaires d'une aide "
            "spécifique annuelle).",
        )
    empechements = []
    if a.premiere_inscription_en_master_1 is False:
        empechements.append("elle suppose une première inscription en master 1")
    if a.licence_obtenue_l_annee_precedente == "aucune":
        empechements.append("elle suppose une licence obtenue l'année précédente")
    if a.master_dans_une_autre_region_academique is False:
        empechements.append(
            "elle suppose un master 1 dans une autre région académique que la licence"
        )
    if empechements:
        return rendre(NON_REMPLIE, phrase(empechements))
    manques = [
        f"« aides.{cle} »"
        for cle in (
            "premiere_inscription_en_master_1",
            "licence_obtenue_l_annee_precedente",
            "master_dans_une_autre_region_academique",
        )
        if getattr(a, cle) is None
    ]
    if manques:
        return rendre(A_VERIFIER, f"Indiquez {', '.join(manques)}.")
    if a.licence_obtenue_l_annee_precedente == "licence_professionnelle":
        return rendre(
            A_VERIFIER,
            "Licence professionnelle : exclue selon Info Jeunes Hauts-de-France (une seule "
            "source) ; à confirmer auprès du Crous.",
        )
    montant = bloc.montant if bloc else None
    return rendre(
        REMPLIE,
        phrase(
            [
                f"Première inscription en master 1 dans une autre région académique : "
                f"{euros(montant)}, versés une fois"
                if montant is not None
                else "Première inscription en master 1 dans une autre région académique",
                "demande sur messervices.etudiant.gouv.fr",
            ]
        ),
        montant,
    )
