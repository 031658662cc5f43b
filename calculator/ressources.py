"""Quels revenus le Crous retient : un court chemin de décision.

La réponse nomme la ou les lignes « revenu brut global » à additionner, jamais un montant :
c'est à l'étudiant de les lire sur le ou les avis d'imposition, et d'entrer leur somme dans
`revenu_brut_global`.

Règle générale : les revenus des parents (ou du tuteur légal), même si l'étudiant déclare ses
impôts seul. Exceptions, où l'on retient le foyer fiscal de l'étudiant : étudiant marié ou
pacsé dont le couple a des ressources d'au moins 90 % du Smic et une déclaration distincte de
celle des parents ; étudiant avec un enfant fiscalement à charge ; étudiant pris en charge (ou
l'ayant été) par l'aide sociale à l'enfance ; orphelin de ses deux parents ; majeur qui était,
mineur, sous tutelle ou délégation d'autorité parentale. Parents séparés : le parent chez qui
vit l'étudiant si la pension alimentaire est fixée (jugement, convention d'avocats déposée chez
un notaire, accord rendu exécutoire par la CAF), sinon les deux. Parent isolé (case T) : ce
parent seul, sauf si la case T figure sur les deux avis.

Texte : regles-bcs.md § 3 (circulaire annuelle, annexe « ressources », citée ou reproduite).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from . import sources
from .bareme import Bareme
from .blocs import EntreeRessources
from .conditions import fiabilite_la_plus_faible

DETERMINE = "determine"
"""Statut du chemin : toutes les questions utiles ont une réponse."""
A_VERIFIER = "a_verifier"
"""Statut du chemin : une réponse manque, ou les sources ne tranchent pas."""

EXCEPTIONS = (
    "etudiant_marie_ou_pacse",
    "enfant_a_charge_de_l_etudiant",
    "aide_sociale_a_l_enfance",
    "orphelin_des_deux_parents",
    "tutelle_ou_delegation_d_autorite_parentale",
)
"""Les situations où le foyer de l'étudiant remplace celui des parents, dans l'ordre examiné."""


class Etape(NamedTuple):
    question: str
    reponse: str


class RevenusPlusRecents(NamedTuple):
    """Les revenus plus récents que le Crous peut retenir après une baisse des ressources."""

    annees_des_revenus: tuple[int, ...]
    raison: str
    source: str
    fiabilite: str

    def en_dict(self) -> dict[str, Any]:
        return {
            "annees_des_revenus": list(self.annees_des_revenus),
            "raison": self.raison,
            "source": self.source,
            "fiabilite": self.fiabilite,
        }


def revenus_plus_recents(r: EntreeRessources, bareme: Bareme) -> RevenusPlusRecents | None:
    """Après une diminution durable et notable des ressources de la famille (chômage,
    retraite, divorce ou séparation, décès, maladie…), les revenus de l'année civile écoulée,
    voire ceux de l'année en cours, peuvent remplacer ceux de l'année N-2 ; le Crous réexamine
    alors le dossier sur cette base.

    Circulaire n° 2010-0010 du 7 mai 2010 (citée par la question écrite AN n° 105401) ;
    circulaire de 1996 (ASH n° 1969) ; fiche service-public F12214 (2020). Aucune circulaire
    de 2019 à 2025 n'a été lue sur ce point : une seule source par texte (source_unique).
    """
    if r.baisse_durable_des_revenus is not True:
        return None
    ecoulee, en_cours = bareme.annee_de_rentree - 1, bareme.annee_de_rentree
    return RevenusPlusRecents(
        annees_des_revenus=(ecoulee, en_cours),
        raison=(
            f"Après une baisse durable et notable des ressources de votre famille (chômage, "
            f"retraite, séparation, décès, maladie…), le Crous peut retenir les revenus de "
            f"{ecoulee}, voire ceux de {en_cours}, au lieu de ceux de {bareme.annee_des_revenus}. "
            "Signalez-le au Crous avec vos justificatifs : il peut recalculer la bourse sur "
            "cette base, et cette estimation, faite sur les revenus de "
            f"{bareme.annee_des_revenus}, changerait alors."
        ),
        source=sources.BAISSE_DES_REVENUS,
        fiabilite="source_unique",
    )


class Ressources(NamedTuple):
    """Quels revenus additionner, et le chemin qui y mène."""

    statut: str
    revenus_retenus: str | None
    """`foyer_de_l_etudiant`, `foyer_des_parents`, `parent_chez_qui_vit_l_etudiant`,
    `deux_parents`, `parent_isole`, ou None (non déterminé)."""
    lignes_a_additionner: tuple[str, ...]
    chemin: tuple[Etape, ...]
    raison: str
    incertitudes: tuple[str, ...]
    questions_sans_reponse: tuple[str, ...]
    source: str
    fiabilite: str
    revenus_plus_recents: RevenusPlusRecents | None = None
    """Après une baisse durable des ressources : les années plus récentes possibles."""

    def en_dict(self) -> dict[str, Any]:
        plus_recents = self.revenus_plus_recents
        return {
            "statut": self.statut,
            "revenus_retenus": self.revenus_retenus,
            "lignes_a_additionner": list(self.lignes_a_additionner),
            "chemin": [{"question": e.question, "reponse": e.reponse} for e in self.chemin],
            "raison": self.raison,
            "incertitudes": list(self.incertitudes),
            "questions_sans_reponse": list(self.questions_sans_reponse),
            "source": self.source,
            "fiabilite": self.fiabilite,
            "revenus_plus_recents": plus_recents.en_dict() if plus_recents else None,
        }


def _oui_non(valeur: bool | None) -> str:
    return {True: "oui", False: "non", None: "non indiqué"}[valeur]


def _ligne(bareme: Bareme, de: str) -> str:
    return (
        f"la ligne « revenu brut global » de l'avis d'imposition "
        f"{bareme.annee_de_l_avis_d_imposition} (revenus {bareme.annee_des_revenus}) {de}"
    )


_AJOUTS = (
    "Ajoutez les revenus perçus à l'étranger, dans les collectivités d'outre-mer ou en "
    "Nouvelle-Calédonie, et ceux imposés à taux forfaitaire qui ne figurent pas sur cette "
    "ligne (annexe 3 de la circulaire 2013-0011)."
)
SMIC_NET_OU_BRUT = (
    "90 % du Smic net ou brut : les sources divergent. Le texte du Crous cité en ligne et "
    "OpenFisca disent « net », une citation plus ancienne dit seulement « Smic »."
)


def foyer_de_l_etudiant(r: EntreeRessources) -> tuple[bool | None, list[Etape], list[str]]:
    """Le foyer fiscal de l'étudiant remplace-t-il celui des parents ? (oui, non, ou None :
    une réponse manque ou les sources ne tranchent pas), avec le chemin et les incertitudes.

    Texte du Crous cité en ligne (commentcamarche, forum-juridique) ; service-public F12214
    (2020) : « si vous êtes marié, pacsé, si vous avez un enfant fiscalement à charge, vos
    seules ressources (ou celles du foyer fiscal auquel vous êtes rattaché) peuvent être
    retenues ».
    """
    chemin: list[Etape] = []
    incertitudes: list[str] = []
    inconnu = False

    couple = None
    if r.etudiant_marie_ou_pacse is True:
        if r.declaration_fiscale_separee is False:
            couple = False
            detail = "déclaration commune avec les parents : pas une exception"
        elif r.declaration_fiscale_separee is None:
            detail = "déclaration distincte de celle des parents : non indiqué"
        elif r.ressources_du_couple == "au_moins_90_pct_smic_brut":
            couple = True
            detail = "déclaration distincte, ressources d'au moins 90 % du Smic brut (donc net)"
        elif r.ressources_du_couple == "moins_de_90_pct_smic_net":
            couple = False
            detail = "ressources sous 90 % du Smic net (donc brut) : pas une exception"
        elif r.ressources_du_couple == "entre_90_pct_smic_net_et_brut":
            detail = (
                "ressources d'au moins 90 % du Smic net mais sous 90 % du Smic brut : exception "
                "selon la lecture « net », pas selon la lecture « brut »"
            )
            incertitudes.append(SMIC_NET_OU_BRUT)
        else:
            detail = "ressources du couple par rapport au Smic : non indiqué"
        chemin.append(Etape("Étudiant marié ou pacsé ?", f"oui ; {detail}."))
        if couple is True:
            return True, chemin, incertitudes
        inconnu = couple is None
    else:
        chemin.append(Etape("Étudiant marié ou pacsé ?", f"{_oui_non(r.etudiant_marie_ou_pacse)}."))
        inconnu = r.etudiant_marie_ou_pacse is None

    autres = (
        ("Enfant fiscalement à votre charge ?", r.enfant_a_charge_de_l_etudiant),
        (
            "Pris en charge, ou l'ayant été, par l'aide sociale à l'enfance ?",
            r.aide_sociale_a_l_enfance,
        ),
        ("Orphelin de vos deux parents ?", r.orphelin_des_deux_parents),
        (
            "Sous tutelle ou délégation d'autorité parentale quand vous étiez mineur ?",
            r.tutelle_ou_delegation_d_autorite_parentale,
        ),
    )
    for question, reponse in autres:
        chemin.append(Etape(question, f"{_oui_non(reponse)}."))
        if reponse is True:
            return True, chemin, incertitudes
        inconnu = inconnu or reponse is None
    if r.refugie is True:
        chemin.append(
            Etape(
                "Réfugié ?",
                "oui ; cette exception ne figure que dans une citation ancienne : à vérifier.",
            )
        )
        incertitudes.append(
            "L'étudiant réfugié ne figure parmi les exceptions que dans une citation ancienne "
            "du texte du Crous ; nous ne savons pas s'il y figure encore."
        )
        inconnu = True
    return (None if inconnu else False), chemin, incertitudes


def revenus_des_parents(
    r: EntreeRessources, bareme: Bareme
) -> tuple[str | None, tuple[str, ...], list[Etape], list[str], list[str], str]:
    """Les revenus des parents à retenir : (code, lignes, chemin, incertitudes, questions sans
    réponse, fiabilité).

    Parents séparés ou divorcés (divorce, séparation de corps, dissolution du PACS, séparation
    de fait) : seul le parent chez qui vit l'étudiant si l'obligation de l'autre parent de
    verser une pension alimentaire est fixée par un jugement, une convention sous seing privé
    contresignée par avocats et déposée chez un notaire, ou un accord rendu exécutoire par la
    CAF (art. L. 582-2 CSS) ; sinon les deux parents. Parent isolé (case T, ou allocation de
    soutien familial, ou RSA majoré) : ce parent seul, sauf si la case T figure sur les deux
    avis. Texte récent de la circulaire reproduit sur supmaritime.fr/?p=1104.
    """
    chemin: list[Etape] = []
    incertitudes: list[str] = []
    questions: list[str] = []
    situation = r.situation_des_parents
    libelles = {
        "vivent_ensemble": "ils vivent ensemble",
        "separes_ou_divorces": "séparés ou divorcés",
        "parent_isole": "parent isolé (case T de l'avis d'imposition)",
        None: "non indiqué",
    }
    chemin.append(Etape("Situation de vos parents ?", f"{libelles[situation]}."))
    if situation == "parent_isole":
        chemin.append(
            Etape(
                "Case T sur les avis de vos deux parents ?",
                f"{_oui_non(r.case_t_sur_les_deux_avis)}.",
            )
        )
        if r.case_t_sur_les_deux_avis is not True:
            if r.case_t_sur_les_deux_avis is None:
                questions.append("ressources.case_t_sur_les_deux_avis")
            return (
                "parent_isole",
                (_ligne(bareme, "du parent qui a coché la case T (parent isolé)"),),
                chemin,
                incertitudes,
                questions,
                "source_unique",
            )
        situation = "separes_ou_divorces"
        chemin.append(
            Etape(
                "Alors ?", "la règle du parent isolé ne s'applique pas : celle des parents séparés."
            )
        )
    if situation == "vivent_ensemble":
        return (
            "foyer_des_parents",
            (
                _ligne(bareme, "de vos parents")
                + " ; s'ils font deux déclarations (union libre), celles de leurs deux avis",
            ),
            chemin,
            incertitudes,
            questions,
            "recoupe",
        )
    if situation == "separes_ou_divorces":
        chemin.append(
            Etape(
                "Pension alimentaire fixée par un jugement, une convention d'avocats déposée "
                "chez un notaire ou un accord rendu exécutoire par la CAF ?",
                f"{_oui_non(r.pension_alimentaire_fixee)}.",
            )
        )
        incertitudes.append(
            "Remariage ou nouvelle union d'un parent : service-public le cite parmi les cas "
            "particuliers, mais nous n'avons pas trouvé la règle exacte."
        )
        if r.pension_alimentaire_fixee is True:
            return (
                "parent_chez_qui_vit_l_etudiant",
                (_ligne(bareme, "du parent chez qui vous vivez"),),
                chemin,
                incertitudes,
                questions,
                "source_unique",
            )
        if r.pension_alimentaire_fixee is False:
            incertitudes.append(
                "Pension versée sans jugement : un texte ancien dit d'additionner les deux "
                "revenus sans compter la pension deux fois ; non vérifié pour les années "
                "récentes. Une évaluation sociale montrant qu'un parent ne peut pas faire face "
                "à son obligation alimentaire permet de ne retenir qu'un foyer."
            )
            return (
                "deux_parents",
                (_ligne(bareme, "de chacun de vos deux parents, additionnées"),),
                chemin,
                incertitudes,
                questions,
                "source_unique",
            )
        questions.append("ressources.pension_alimentaire_fixee")
        return None, (), chemin, incertitudes, questions, "source_unique"
    questions.append("ressources.situation_des_parents")
    return None, (), chemin, incertitudes, questions, "recoupe"


def ressources(r: EntreeRessources, bareme: Bareme) -> Ressources:
    """Quels revenus retenir, et, après une baisse durable des ressources, lesquels pourraient
    les remplacer."""
    return revenus_retenus(r, bareme)._replace(revenus_plus_recents=revenus_plus_recents(r, bareme))


def revenus_retenus(r: EntreeRessources, bareme: Bareme) -> Ressources:
    """Le chemin complet : d'abord les exceptions (foyer de l'étudiant), puis les parents."""
    propre, chemin, incertitudes = foyer_de_l_etudiant(r)
    if propre is True:
        return Ressources(
            statut=DETERMINE,
            revenus_retenus="foyer_de_l_etudiant",
            lignes_a_additionner=(
                _ligne(
                    bareme, "de votre propre foyer fiscal (ou de celui auquel vous êtes rattaché)"
                ),
            ),
            chemin=tuple(chemin),
            raison=(
                "Vous êtes dans un cas où vos seules ressources (ou celles du foyer fiscal "
                f"auquel vous êtes rattaché) sont retenues, pas celles de vos parents. {_AJOUTS}"
            ),
            incertitudes=tuple(incertitudes),
            questions_sans_reponse=(),
            source=sources.RESSOURCES_CROUS_CITE
            + (f" ; {sources.SMIC_OPENFISCA}" if r.etudiant_marie_ou_pacse else ""),
            fiabilite="recoupe",
        )
    questions = [f"ressources.{cle}" for cle in EXCEPTIONS if getattr(r, cle) is None]
    if r.etudiant_marie_ou_pacse is True:
        if r.declaration_fiscale_separee is None:
            questions.append("ressources.declaration_fiscale_separee")
        elif r.declaration_fiscale_separee is True and r.ressources_du_couple is None:
            questions.append("ressources.ressources_du_couple")
    code, lignes, chemin_parents, incertitudes_parents, questions_parents, fiabilite = (
        revenus_des_parents(r, bareme)
    )
    questions += questions_parents
    incertitudes += incertitudes_parents
    statut = DETERMINE if propre is False and code is not None and not questions else A_VERIFIER
    if code is None:
        raison = "Réponse incomplète : les questions sans réponse décident des revenus retenus."
    elif propre is None:
        raison = (
            "Les revenus de vos parents, comme ci-dessous, sauf si une exception non tranchée "
            "(réponse manquante ou sources en conflit) vous concerne : ce seraient alors ceux "
            "de votre propre foyer fiscal."
        )
    else:
        raison = "Aucune exception ne vous concerne : ce sont les revenus de vos parents."
    if code is not None:
        raison += f" {_AJOUTS}"
    return Ressources(
        statut=statut,
        revenus_retenus=code,
        lignes_a_additionner=lignes,
        chemin=(*chemin, *chemin_parents),
        raison=raison,
        incertitudes=tuple(dict.fromkeys(incertitudes)),
        questions_sans_reponse=tuple(dict.fromkeys(questions)),
        source=f"{sources.RESSOURCES_CROUS_CITE} ; {sources.RESSOURCES_SUPMARITIME} ; "
        f"{sources.RESSOURCES_ANNEXE_2013}",
        fiabilite=fiabilite_la_plus_faible(("recoupe", fiabilite)),
    )
