"""Éligibilité : âge, diplôme, nationalité, études et droits annuels à bourse.

Un échelon seul peut tromper : la bourse est refusée, quel que soit le revenu, à qui ne remplit
pas ces conditions. Chaque condition est une fonction qui répond « remplie », « non remplie » ou
« à vérifier », avec sa raison, sa source et son degré de certitude.

Texte : circulaire annuelle relative aux modalités d'attribution, annexe « critères
d'attribution » (non lue au Bulletin officiel ; l'annexe 2 de la circulaire de 2020 est
reproduite mot pour mot en ligne, et reprise par les Crous et service-public : regles-bcs.md
§ 6) ; droits annuels : etudiant.gouv.fr (regles-bcs.md § 7).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from . import sources
from .bareme import Bareme
from .blocs import EntreeEligibilite
from .conditions import (
    A_VERIFIER,
    LIBELLES_STATUT,
    NON_REMPLIE,
    REMPLIE,
    Condition,
    fiabilite_la_plus_faible,
    phrase,
    statut_combine,
)
from .format import nombre

DROITS_ANNUELS_MAXIMUM = 7
"""Droits annuels à bourse sur l'ensemble des études supérieures (etudiant.gouv.fr)."""
DROITS_ANNUELS_MAXIMUM_LICENCE = 5
"""Droits au plus dans le cycle licence, ou tout cursus jusqu'à bac + 3 (etudiant.gouv.fr)."""
CREDITS_EXIGES = {3: 60, 4: 120, 5: 120, 6: 180, 7: 180}
"""Crédits ECTS validés exigés, au 1er septembre, pour le 3e, les 4e et 5e, les 6e et 7e
droits (etudiant.gouv.fr) ; les deux premiers droits n'en exigent pas."""
DROITS_SUPPLEMENTAIRES_HANDICAP = 3
"""Droits au-delà des sept pour un étudiant en situation de handicap (lescrous.fr)."""
DROITS_SUPPLEMENTAIRES_CDAPH = 2
"""Droits pour l'étudiant sans droits restants mais avec une ouverture de droits notifiée par
la CDAPH : AAH, RQTH, PPS… (lescrous.fr)."""
ANNEES_DE_RESIDENCE_UE = 5
"""Ressortissant de l'UE, de l'EEE ou de la Suisse : plus aucune condition après 5 ans de
résidence régulière ininterrompue (circulaire 2020, annexe 2)."""


class Eligibilite(NamedTuple):
    """La liste des conditions et leur bilan."""

    statut: str
    conditions: tuple[Condition, ...]

    def en_dict(self) -> dict[str, Any]:
        return {
            "statut": self.statut,
            "libelle_statut": LIBELLES_STATUT[self.statut],
            "conditions": [c.en_dict() for c in self.conditions],
        }


def eligibilite(e: EntreeEligibilite, handicap: bool, bareme: Bareme) -> Eligibilite:
    """Toutes les conditions, dans l'ordre de la circulaire. Le bilan est « non remplie » si
    une condition ne l'est pas, « à vérifier » si une reste à vérifier, « remplie » sinon."""
    conditions = (
        condition_age(e, handicap, bareme),
        condition_diplome(e),
        condition_nationalite(e),
        condition_etudes(e),
        condition_droits_annuels(e, handicap),
    )
    return Eligibilite(statut_combine(c.statut for c in conditions), conditions)


# --- Âge --------------------------------------------------------------------------------------


def mois_revolus_au_1er_septembre(naissance: date, annee_de_rentree: int) -> int:
    """L'âge en mois révolus au 1er septembre de la rentrée (né le 1er septembre 1997 : 336
    mois, soit 28 ans, le 1er septembre 2025 ; né le 2 : 335)."""
    mois = (annee_de_rentree - naissance.year) * 12 + (9 - naissance.month)
    return mois - 1 if naissance.day > 1 else mois


def age_en_mois(e: EntreeEligibilite, annee_de_rentree: int) -> tuple[int, int] | None:
    """L'âge au 1er septembre en mois, comme un intervalle [au moins, au plus] : exact depuis
    une date de naissance, à onze mois près depuis un âge en années ; None s'il manque."""
    if e.date_de_naissance is not None:
        mois = mois_revolus_au_1er_septembre(e.date_de_naissance, annee_de_rentree)
        return mois, mois
    if e.age_au_1er_septembre is not None:
        return e.age_au_1er_septembre * 12, e.age_au_1er_septembre * 12 + 11
    return None


def limites_d_age_en_mois(ans: int, enfants: int, service_mois: int) -> tuple[int, int]:
    """L'âge limite en mois, reculé d'un an par enfant élevé et par un service civique ou un
    volontariat, selon les deux lectures des sources (regles-bcs.md § 6 et § 11.6) :

    - la circulaire (annexe 2 de 2020) : « en fonction de la durée » du service ou du
      volontariat (service civique, volontariat dans les armées, volontariat international) ;
    - service-public (2020) : « 1 an » pour le volontariat dans les armées.
    """
    base = 12 * (ans + enfants)
    return base + service_mois, base + (12 if service_mois > 0 else 0)


def _sous_la_limite(age: tuple[int, int], limite: int) -> str:
    """« Moins de N ans au 1er septembre » : l'âge en mois est-il sous la limite ?"""
    if age[1] < limite:
        return REMPLIE
    if age[0] >= limite:
        return NON_REMPLIE
    return A_VERIFIER


def _duree(mois: int) -> str:
    ans, reste = divmod(mois, 12)
    morceaux = []
    if ans:
        morceaux.append(f"{ans} an{'s' if ans > 1 else ''}")
    if reste:
        morceaux.append(f"{reste} mois")
    return " et ".join(morceaux) or "0 mois"


PHRASES_AGE = {
    "handicap": "Aucune limite d'âge pour un étudiant dont le handicap est reconnu par la CDAPH.",
    "sans_limite": "Âge limite absent du barème {annee}.",
    "sans_age": "Indiquez votre date de naissance (« eligibilite.date_de_naissance ») : il faut "
    "avoir moins de {ans} ans au 1er septembre {rentree} pour une première demande.",
    # Les raisons suivantes viennent après « vous avez … ; limite : … ».
    "renouvellement_continu": "en renouvellement, la bourse continue au-delà de la limite tant "
    "que les études ne sont pas interrompues, ce que vous indiquez",
    "lectures_divergentes": "la réponse dépend de la lecture des sources",
    "sous_la_limite": "",
    "age_en_annees": "l'âge en années ne suffit pas pour trancher : indiquez la date de "
    "naissance (« eligibilite.date_de_naissance »)",
    "recul_non_indique": "limite dépassée, sauf recul non indiqué : indiquez {manque}",
    "etudes_interrompues": "au-delà de la limite, la bourse ne continue que si les études n'ont "
    "pas été interrompues, et les vôtres l'ont été",
    "interruption_non_indiquee": "en renouvellement, la bourse continue si les études n'ont pas "
    "été interrompues : indiquez-le (« eligibilite.etudes_sans_interruption »)",
    "premiere_demande_non_indiquee": "limite dépassée pour une première demande ; en "
    "renouvellement, la bourse continue si les études n'ont pas été interrompues : indiquez "
    "s'il s'agit d'une première demande (« eligibilite.premiere_demande »)",
    "limite_depassee": "limite dépassée pour une première demande",
}
"""Les phrases de `condition_age`, par raison."""

STATUTS_AGE = {
    "handicap": REMPLIE,
    "sans_limite": A_VERIFIER,
    "sans_age": A_VERIFIER,
    "renouvellement_continu": REMPLIE,
    "lectures_divergentes": A_VERIFIER,
    "sous_la_limite": REMPLIE,
    "age_en_annees": A_VERIFIER,
    "recul_non_indique": A_VERIFIER,
    "etudes_interrompues": NON_REMPLIE,
    "interruption_non_indiquee": A_VERIFIER,
    "premiere_demande_non_indiquee": A_VERIFIER,
    "limite_depassee": NON_REMPLIE,
}
"""Le statut de la condition d'âge, par raison."""

RECULS_NON_INDIQUES = {
    "enfants_eleves": "les enfants que vous élevez (« eligibilite.enfants_eleves »)",
    "service_civique_ou_volontariat_mois": "la durée d'un service civique ou d'un volontariat "
    "(« eligibilite.service_civique_ou_volontariat_mois »)",
}
"""Ce qui peut reculer la limite d'âge, quand l'entrée ne le dit pas."""

MORCEAUX_AGE = {
    "age_exact": "vous avez {duree} au 1er septembre {rentree}",
    "age_en_annees": "vous avez {ans} ans au 1er septembre {rentree}",
    "limite": "limite : moins de {duree} au 1er septembre {rentree}",
    "recul": " ({ans} ans, reculés de {reculs})",
    "recul_enfants": "{ans} an{s} pour {enfants}",
    "recul_service": "{duree} de service civique ou de volontariat",
    "conflit_service": "Sources en conflit sur le recul pour un service civique ou un "
    "volontariat : « en fonction de la durée » selon la circulaire, « 1 an » selon "
    "service-public (2020). La limite est de {circulaire} selon la première, {service_public} "
    "selon la seconde.",
}
"""Les morceaux communs des phrases de `condition_age` : l'âge, la limite, son recul."""


_RAISONS_AVANT_LA_LIMITE = ("handicap", "sans_limite", "sans_age")
"""Les raisons dites sans comparer l'âge à la limite (phrases entières)."""


class DecisionAge(NamedTuple):
    """La raison qui décide de la condition d'âge, et les limites (en mois) qu'elle compare."""

    code: str
    selon_circulaire: int = 0
    selon_service_public: int = 0


def _decision_age(
    e: EntreeEligibilite, handicap: bool, ans: int | None, age: tuple[int, int] | None
) -> DecisionAge:
    """La raison de `condition_age` (une clé de PHRASES_AGE), avec les deux limites."""
    if handicap:
        return DecisionAge("handicap")
    if ans is None:
        return DecisionAge("sans_limite")
    if age is None:
        return DecisionAge("sans_age")
    enfants, service = e.enfants_eleves or 0, e.service_civique_ou_volontariat_mois or 0
    limites = limites_d_age_en_mois(ans, enfants, service)
    return DecisionAge(_raison_selon_les_limites(e, age, limites), *limites)


def _raison_selon_les_limites(
    e: EntreeEligibilite, age: tuple[int, int], limites: tuple[int, int]
) -> str:
    """L'âge comparé aux limites des deux lectures, puis, au-delà, ce qui peut encore ouvrir
    droit : un renouvellement sans interruption des études, ou un recul non encore indiqué."""
    circulaire, service_public = (_sous_la_limite(age, limite) for limite in limites)
    renouvellement_continu = e.premiere_demande is False and e.etudes_sans_interruption is True
    if renouvellement_continu and (circulaire, service_public) != (REMPLIE, REMPLIE):
        return "renouvellement_continu"
    if circulaire != service_public:
        return "lectures_divergentes"
    if circulaire == REMPLIE:
        return "sous_la_limite"
    if circulaire == A_VERIFIER:
        return "age_en_annees"
    if _reculs_non_indiques(e):
        return "recul_non_indique"
    if e.premiere_demande is False:
        if e.etudes_sans_interruption is False:
            return "etudes_interrompues"
        return "interruption_non_indiquee"
    if e.premiere_demande is None:
        return "premiere_demande_non_indiquee"
    return "limite_depassee"


def _reculs_non_indiques(e: EntreeEligibilite) -> list[str]:
    """Les clés de RECULS_NON_INDIQUES que l'entrée ne dit pas."""
    return [cle for cle in RECULS_NON_INDIQUES if getattr(e, cle) is None]


def condition_age(e: EntreeEligibilite, handicap: bool, bareme: Bareme) -> Condition:
    """Âge : moins de 28 ans (barème, `age_limite.ans`) au 1er septembre de l'année
    universitaire pour une première demande ; limite reculée d'un an par enfant élevé et de la
    durée d'un service civique ou d'un volontariat ; aucune limite pour un handicap reconnu par
    la CDAPH ; à partir de 28 ans, la bourse continue si les études ne sont pas interrompues.

    Circulaire 2020, annexe 2 (reproduite) ; Crous de Reims ; lescrous.fr (handicap).
    Conflit : « 1 an » (service-public) contre « en fonction de la durée » (circulaire).
    """
    limite, rentree = bareme.age_limite, bareme.annee_de_rentree
    age = age_en_mois(e, rentree)
    decision = _decision_age(e, handicap, limite.ans if limite else None, age)
    code = decision.code
    source = f"{sources.CIRCULAIRE_2020_ANNEXE_2} ; {sources.CROUS_REIMS}"
    fiabilite = (
        "recoupe" if limite is None else fiabilite_la_plus_faible(("recoupe", limite.fiabilite))
    )
    incertitude = None
    if code in _RAISONS_AVANT_LA_LIMITE:
        raison = PHRASES_AGE[code].format(
            annee=bareme.annee_universitaire, ans=limite.ans if limite else None, rentree=rentree
        )
        if code == "handicap":
            source = f"{sources.LESCROUS_HANDICAP} ; {source}"
    else:
        incertitude = _conflit_sur_le_service(e, decision)
        if incertitude:
            source = f"{source} ; {sources.SERVICE_PUBLIC_F12214}"
        raison = _raison_age(e, decision, age, limite.ans, rentree)
    return Condition("age", "Âge", STATUTS_AGE[code], raison, incertitude, source, fiabilite)


def _raison_age(
    e: EntreeEligibilite, decision: DecisionAge, age: tuple[int, int], ans: int, rentree: int
) -> str:
    """« Vous avez … ; limite : … ; » puis la phrase de la raison."""
    if e.date_de_naissance is not None:
        votre_age = MORCEAUX_AGE["age_exact"].format(duree=_duree(age[0]), rentree=rentree)
    else:
        votre_age = MORCEAUX_AGE["age_en_annees"].format(
            ans=e.age_au_1er_septembre, rentree=rentree
        )
    enfants, service = e.enfants_eleves or 0, e.service_civique_ou_volontariat_mois or 0
    reculs = []
    if enfants:
        pluriel = "s" if enfants > 1 else ""
        reculs.append(
            MORCEAUX_AGE["recul_enfants"].format(ans=enfants, s=pluriel, enfants=_enfants(enfants))
        )
    if service:
        reculs.append(MORCEAUX_AGE["recul_service"].format(duree=_duree(service)))
    limite = MORCEAUX_AGE["limite"].format(duree=_duree(decision.selon_circulaire), rentree=rentree)
    if reculs:
        limite += MORCEAUX_AGE["recul"].format(ans=ans, reculs=" et ".join(reculs))
    manque = " et ".join(RECULS_NON_INDIQUES[cle] for cle in _reculs_non_indiques(e))
    return phrase([votre_age, limite, PHRASES_AGE[decision.code].format(manque=manque)])


def _conflit_sur_le_service(e: EntreeEligibilite, decision: DecisionAge) -> str | None:
    """Un service civique ou un volontariat d'une autre durée qu'un an : les sources divergent."""
    service = e.service_civique_ou_volontariat_mois or 0
    if not service or service == 12:
        return None
    return MORCEAUX_AGE["conflit_service"].format(
        circulaire=_duree(decision.selon_circulaire),
        service_public=_duree(decision.selon_service_public),
    )


def _enfants(n: int) -> str:
    return f"{n} enfant{'s' if n > 1 else ''} élevé{'s' if n > 1 else ''}"


# --- Diplôme ----------------------------------------------------------------------------------


def condition_diplome(e: EntreeEligibilite) -> Condition:
    """Diplôme : baccalauréat français, ou titre ou diplôme admis en dispense ou en équivalence
    pour l'inscription en première année (dont le DAEU) ; non exigé pour une bourse accordée au
    passage en deuxième année.

    Circulaire 2020, annexe 2 (reproduite) ; Crous de Reims.
    """
    source = f"{sources.CIRCULAIRE_2020_ANNEXE_2} ; {sources.CROUS_REIMS}"

    def rendre(statut: str, raison: str) -> Condition:
        return Condition("diplome", "Diplôme", statut, raison, None, source, "recoupe")

    titres = {
        "baccalaureat": "le baccalauréat",
        "daeu": "le DAEU (diplôme d'accès aux études universitaires)",
        "equivalence_ou_dispense": "un titre admis en dispense ou en équivalence du baccalauréat",
    }
    if e.diplome in titres:
        return rendre(REMPLIE, f"Vous avez {titres[e.diplome]}.")
    if e.annee_d_etudes is not None and e.annee_d_etudes >= 2:
        return rendre(
            REMPLIE,
            f"Bourse demandée pour la {e.annee_d_etudes}e année d'études supérieures : le "
            "baccalauréat n'est pas exigé pour une bourse accordée à partir du passage en "
            "deuxième année.",
        )
    if e.diplome == "aucun" and e.annee_d_etudes == 1:
        return rendre(
            NON_REMPLIE,
            "Sans baccalauréat ni titre admis en dispense ou en équivalence, pas de bourse en "
            "première année ; elle reste possible à partir du passage en deuxième année.",
        )
    if e.diplome == "aucun":
        return rendre(
            A_VERIFIER,
            "Sans baccalauréat, la bourse n'est possible qu'à partir du passage en deuxième "
            "année : indiquez l'année d'études visée (« eligibilite.annee_d_etudes »).",
        )
    return rendre(
        A_VERIFIER,
        "Indiquez votre diplôme (« eligibilite.diplome ») : baccalauréat, DAEU, titre admis en "
        "dispense ou en équivalence ; non exigé à partir du passage en deuxième année.",
    )


# --- Nationalité ------------------------------------------------------------------------------


_SOURCE_NATIONALITE = f"{sources.NATIONALITE_ETUDIANT_GOUV} ; {sources.CROUS_REIMS}"


def condition_nationalite(e: EntreeEligibilite) -> Condition:
    """Nationalité : française ; ressortissant de l'UE, de l'EEE ou de la Suisse avec un emploi
    occupé en France, un parent ou tuteur ayant perçu des revenus en France ou un degré
    d'intégration (aucune condition après 5 ans de résidence) ; réfugié ou bénéficiaire de la
    protection subsidiaire ; autre étranger avec titre de séjour, domicilié en France depuis
    2 ans et rattaché à un foyer fiscal en France depuis 2 ans ; Andorran d'un lycée français.

    Texte d'etudiant.gouv.fr cité ; supmaritime.fr ; Crous de Reims ; service-public F12214
    (2020, protection subsidiaire). Protection temporaire : refugies.info seulement.
    """

    def rendre(
        statut: str,
        raison: str,
        incertitude: str | None = None,
        src: str = _SOURCE_NATIONALITE,
        fiabilite: str = "recoupe",
    ) -> Condition:
        return Condition("nationalite", "Nationalité", statut, raison, incertitude, src, fiabilite)

    if e.nationalite is None:
        return rendre(A_VERIFIER, "Indiquez votre nationalité (« eligibilite.nationalite »).")
    if e.nationalite == "francaise":
        return rendre(REMPLIE, "Étudiant de nationalité française.")
    if e.nationalite == "ue_eee_suisse":
        return _nationalite_ue(e.condition_ue_eee_suisse, rendre)
    if e.nationalite == "andorrane":
        if e.scolarite_lycee_francais_andorre is True:
            return rendre(REMPLIE, "Andorran précédemment scolarisé dans un lycée français.")
        if e.scolarite_lycee_francais_andorre is False:
            return rendre(
                NON_REMPLIE,
                "Un étudiant andorran doit avoir été scolarisé dans un lycée français de la "
                "principauté.",
            )
        return rendre(
            A_VERIFIER,
            "Un étudiant andorran doit avoir été scolarisé dans un lycée français de la "
            "principauté : indiquez-le (« eligibilite.scolarite_lycee_francais_andorre »).",
        )
    return _nationalite_autre(e, rendre)


def _nationalite_ue(condition: str | None, rendre) -> Condition:
    conditions = {
        "emploi_en_france": "vous avez occupé un emploi réel et effectif en France, à temps "
        "plein ou partiel, salarié ou non",
        "parent_revenus_en_france": "un de vos parents ou votre tuteur légal a perçu des revenus "
        "en France",
        "residence_5_ans": f"après {ANNEES_DE_RESIDENCE_UE} ans de résidence régulière et "
        "ininterrompue en France, aucune autre condition n'est exigée",
    }
    if condition in conditions:
        return rendre(
            REMPLIE,
            phrase(["Ressortissant de l'UE, de l'EEE ou de la Suisse", conditions[condition]]),
        )
    if condition == "integration_en_france":
        return rendre(
            A_VERIFIER,
            "Ressortissant de l'UE, de l'EEE ou de la Suisse : le degré d'intégration en France "
            "(séjour d'au moins un an, scolarité en France, attaches familiales) est apprécié "
            "par le Crous.",
        )
    if condition == "aucune":
        return rendre(
            NON_REMPLIE,
            "Un ressortissant de l'UE, de l'EEE ou de la Suisse doit avoir occupé un emploi en "
            "France, avoir un parent ou tuteur ayant perçu des revenus en France, ou justifier "
            f"d'un degré d'intégration, sauf après {ANNEES_DE_RESIDENCE_UE} ans de résidence.",
        )
    return rendre(
        A_VERIFIER,
        "Ressortissant de l'UE, de l'EEE ou de la Suisse : indiquez la condition remplie "
        "(« eligibilite.condition_ue_eee_suisse ») : emploi en France, revenus d'un parent en "
        f"France, intégration, ou {ANNEES_DE_RESIDENCE_UE} ans de résidence.",
    )


def _nationalite_autre(e: EntreeEligibilite, rendre) -> Condition:
    statut = e.statut_etranger
    if statut in ("refugie", "protection_subsidiaire"):
        texte = {
            "refugie": "Réfugié (statut reconnu par l'OFPRA ou la CNDA).",
            "protection_subsidiaire": "Bénéficiaire de la protection subsidiaire.",
        }[statut]
        return rendre(
            REMPLIE, texte, src=f"{_SOURCE_NATIONALITE} ; {sources.SERVICE_PUBLIC_F12214}"
        )
    if statut == "protection_temporaire":
        return rendre(
            A_VERIFIER,
            "Bénéficiaire de la protection temporaire : l'accès à la bourse n'est indiqué que "
            "par une source secondaire ; à confirmer auprès du Crous.",
            "Une seule source secondaire (refugies.info) ; les circulaires lues n'en parlent pas.",
            src=sources.PROTECTION_TEMPORAIRE,
            fiabilite="source_unique",
        )
    if statut == "aucun":
        return rendre(
            NON_REMPLIE,
            "Un étudiant d'une autre nationalité doit être réfugié, bénéficiaire de la "
            "protection subsidiaire, ou titulaire d'un titre de séjour (domicilié en France et "
            "rattaché à un foyer fiscal en France depuis au moins 2 ans).",
        )
    if statut == "titre_de_sejour":
        exigences = {
            "domicilié en France depuis au moins 2 ans": e.domicile_en_france_2_ans,
            "rattaché à un foyer fiscal (père, mère ou tuteur) en France depuis au moins 2 ans": (
                e.foyer_fiscal_en_france_2_ans
            ),
        }
        manquantes = [texte for texte, valeur in exigences.items() if valeur is False]
        if manquantes:
            return rendre(
                NON_REMPLIE,
                f"Avec un titre de séjour, il faut aussi être {' et '.join(exigences)} ; vous "
                f"n'êtes pas {' ni '.join(manquantes)}.",
            )
        if all(exigences.values()):
            return rendre(
                REMPLIE,
                f"Titre de séjour, et vous êtes {' et '.join(exigences)}.",
            )
        return rendre(
            A_VERIFIER,
            "Avec un titre de séjour, il faut aussi être domicilié en France depuis au moins "
            "2 ans (« eligibilite.domicile_en_france_2_ans ») et rattaché à un foyer fiscal en "
            "France depuis au moins 2 ans (« eligibilite.foyer_fiscal_en_france_2_ans »).",
        )
    return rendre(
        A_VERIFIER,
        "Indiquez votre statut en France (« eligibilite.statut_etranger ») : réfugié, "
        "protection subsidiaire, protection temporaire, titre de séjour.",
    )


# --- Études -----------------------------------------------------------------------------------


def condition_etudes(e: EntreeEligibilite) -> Condition:
    """Études : formation initiale, à temps plein, dans un établissement public ou privé
    habilité à recevoir des boursiers, dans une formation qui ouvre droit à la bourse ;
    apprentissage et alternance (contrat de professionnalisation) exclus, formation continue
    exclue.

    Code de l'éducation, art. L. 821-1 (« formation initiale ») ; circulaire 2020, annexe 2 ;
    service-public F12214 ; alternance : digischool (source secondaire).
    """
    verdicts: list[tuple[str, str, str]] = []  # (statut, raison, fiabilité)
    if e.formation == "initiale":
        verdicts.append((REMPLIE, "formation initiale", "lu"))
    elif e.formation == "continue":
        verdicts.append((NON_REMPLIE, "la formation continue n'ouvre pas droit à la bourse", "lu"))
    elif e.formation in ("apprentissage", "contrat_de_professionnalisation"):
        verdicts.append(
            (
                NON_REMPLIE,
                "l'apprentissage et l'alternance (contrat de professionnalisation) sont exclus",
                "source_unique",
            )
        )
    else:
        verdicts.append(
            (A_VERIFIER, "indiquez le type de formation (« eligibilite.formation »)", "lu")
        )
    if e.temps_plein is True:
        verdicts.append((REMPLIE, "études à temps plein", "recoupe"))
    elif e.temps_plein is False:
        verdicts.append((NON_REMPLIE, "les études doivent être suivies à temps plein", "recoupe"))
    else:
        verdicts.append(
            (
                A_VERIFIER,
                "indiquez si vous étudiez à temps plein (« eligibilite.temps_plein »)",
                "recoupe",
            )
        )
    if e.etablissement in ("public", "prive_habilite"):
        texte = {"public": "établissement public", "prive_habilite": "établissement privé habilité"}
        verdicts.append((REMPLIE, texte[e.etablissement], "recoupe"))
    elif e.etablissement == "prive_non_habilite":
        verdicts.append(
            (
                NON_REMPLIE,
                "un établissement privé doit être habilité à recevoir des boursiers",
                "recoupe",
            )
        )
    else:
        verdicts.append(
            (
                A_VERIFIER,
                "indiquez le type d'établissement (« eligibilite.etablissement »)",
                "recoupe",
            )
        )
    if e.formation_habilitee is True:
        verdicts.append((REMPLIE, "formation habilitée à recevoir des boursiers", "recoupe"))
    elif e.formation_habilitee is False:
        verdicts.append(
            (NON_REMPLIE, "la formation doit être habilitée à recevoir des boursiers", "recoupe")
        )
    else:
        verdicts.append(
            (
                A_VERIFIER,
                "vérifiez que la formation est habilitée à recevoir des boursiers "
                "(« eligibilite.formation_habilitee »)",
                "recoupe",
            )
        )
    statut = statut_combine(v[0] for v in verdicts)
    # La raison dit d'abord ce qui empêche, puis ce qui manque ; si tout va, ce qui est rempli.
    retenus = [v for v in verdicts if v[0] == statut] if statut != REMPLIE else verdicts
    incertitude = None
    source = f"{sources.CODE_EDUCATION_L821_1} ; {sources.CIRCULAIRE_2020_ANNEXE_2} ; "
    source += sources.SERVICE_PUBLIC_F12214
    if e.formation in ("apprentissage", "contrat_de_professionnalisation"):
        incertitude = (
            "L'exclusion de l'apprentissage et de l'alternance n'est lue que dans une source "
            "secondaire."
        )
        source += f" ; {sources.ALTERNANCE_DIGISCHOOL}"
    return Condition(
        "etudes",
        "Études",
        statut,
        phrase(v[1] for v in retenus),
        incertitude,
        source,
        fiabilite_la_plus_faible(v[2] for v in retenus),
    )


# --- Droits annuels ---------------------------------------------------------------------------


def droit_demande(e: EntreeEligibilite) -> int | None:
    """Le rang du droit annuel demandé : droits déjà utilisés + 1 (1 pour une première
    demande, qui n'en a utilisé aucun)."""
    if e.droits_deja_utilises is not None:
        return e.droits_deja_utilises + 1
    if e.premiere_demande is True:
        return 1
    return None


def credits_exiges(droit: int) -> int:
    """Crédits ECTS exigés pour ce droit : 0, 0, 60, 120, 120, 180, 180 (etudiant.gouv.fr) ;
    au-delà du 7e droit, nos sources ne disent rien : on garde 180."""
    return CREDITS_EXIGES.get(droit, 0 if droit <= 2 else 180)


def condition_droits_annuels(e: EntreeEligibilite, handicap: bool) -> Condition:
    """Droits annuels : 7 au plus sur l'ensemble des études, 5 au plus dans le cycle licence ;
    60 crédits ECTS validés pour le 3e droit, 120 pour les 4e et 5e, 180 pour les 6e et 7e ; le
    passage dans l'année supérieure ouvre toujours un droit. Droits supplémentaires :
    +1 par cursus (difficultés familiales ou personnelles, service civique), médecine,
    contrat de réussite pédagogique ; handicap : +3, et +2 sans droits restants avec une
    ouverture de droits notifiée par la CDAPH (non accordés automatiquement).

    etudiant.gouv.fr, « Jusqu'à 7 bourses successives » ; lescrous.fr (handicap).
    """
    source = sources.DROITS_ETUDIANT_GOUV
    if handicap:
        source += f" ; {sources.LESCROUS_HANDICAP}"
    droit = droit_demande(e)
    if droit is None:
        return Condition(
            "droits_annuels",
            "Droits annuels",
            A_VERIFIER,
            "Indiquez le nombre de droits annuels déjà utilisés (« eligibilite."
            "droits_deja_utilises »), ou s'il s'agit d'une première demande.",
            None,
            source,
            "recoupe",
        )
    supplementaires = e.droits_supplementaires
    accordes = supplementaires or 0
    verdicts: list[tuple[str, str]] = []
    incertitude = None

    plafond_total = DROITS_ANNUELS_MAXIMUM + accordes
    if droit > plafond_total:
        handicap_max = (
            plafond_total + DROITS_SUPPLEMENTAIRES_HANDICAP + DROITS_SUPPLEMENTAIRES_CDAPH
        )
        if handicap and droit <= handicap_max:
            verdicts.append(
                (
                    A_VERIFIER,
                    f"{droit}e droit : au-delà de {plafond_total}, un étudiant en situation de "
                    f"handicap peut recevoir {DROITS_SUPPLEMENTAIRES_HANDICAP} droits de plus, "
                    f"et {DROITS_SUPPLEMENTAIRES_CDAPH} autres s'il n'a plus de droits mais une "
                    "ouverture de droits notifiée par la CDAPH (AAH, RQTH, PPS) ; ils ne sont "
                    "pas accordés automatiquement",
                )
            )
            incertitude = (
                "Le cumul des 3 et des 2 droits supplémentaires n'est pas établi par nos "
                "sources, ni les crédits exigés pour ces droits."
            )
        elif supplementaires is None:
            verdicts.append(
                (
                    A_VERIFIER,
                    f"{droit}e droit : au-delà de {DROITS_ANNUELS_MAXIMUM}, seulement avec des "
                    "droits supplémentaires (échec pour difficultés familiales ou personnelles, "
                    "année de service civique, médecine, contrat de réussite pédagogique) : "
                    "indiquez-les (« eligibilite.droits_supplementaires »)",
                )
            )
        else:
            verdicts.append(
                (
                    NON_REMPLIE,
                    f"{droit}e droit : au-delà des {_droits(plafond_total)} possibles"
                    + (" (handicap compris)" if handicap else ""),
                )
            )
    plafond_licence = DROITS_ANNUELS_MAXIMUM_LICENCE + accordes
    if droit > plafond_licence and droit <= plafond_total:
        if e.cycle == "licence":
            if supplementaires is None:
                verdicts.append(
                    (
                        A_VERIFIER,
                        f"{droit}e droit en licence : {DROITS_ANNUELS_MAXIMUM_LICENCE} au plus "
                        "dans ce cycle, sauf droits supplémentaires (« eligibilite."
                        "droits_supplementaires »)",
                    )
                )
            elif handicap:
                verdicts.append(
                    (
                        A_VERIFIER,
                        f"{droit}e droit en licence : {_droits(plafond_licence)} au plus dans "
                        "ce cycle ; les droits supplémentaires pour handicap ne sont pas "
                        "automatiques",
                    )
                )
            else:
                verdicts.append(
                    (
                        NON_REMPLIE,
                        f"{droit}e droit en licence : {_droits(plafond_licence)} au plus dans "
                        "le cycle licence (ou tout cursus jusqu'à bac + 3)",
                    )
                )
        elif e.cycle is None:
            verdicts.append(
                (
                    A_VERIFIER,
                    f"{droit}e droit : {DROITS_ANNUELS_MAXIMUM_LICENCE} au plus en licence ; "
                    "indiquez le cycle (« eligibilite.cycle »)",
                )
            )

    exiges = credits_exiges(droit)
    if exiges:
        credits = e.credits_ects_valides
        if e.passage_annee_superieure is True:
            verdicts.append(
                (REMPLIE, f"{droit}e droit : le passage dans l'année supérieure ouvre un droit")
            )
        elif credits is not None and credits >= exiges:
            verdicts.append(
                (
                    REMPLIE,
                    f"{droit}e droit : {nombre(credits)} crédits ECTS validés, {nombre(exiges)} "
                    "exigés",
                )
            )
        elif credits is not None and e.passage_annee_superieure is False:
            verdicts.append(
                (
                    NON_REMPLIE,
                    f"{droit}e droit : {nombre(credits)} crédits ECTS validés au 1er septembre, "
                    f"{nombre(exiges)} exigés, sans passage dans l'année supérieure",
                )
            )
        elif credits is not None:
            verdicts.append(
                (
                    A_VERIFIER,
                    f"{droit}e droit : {nombre(credits)} crédits ECTS validés, {nombre(exiges)} "
                    "exigés, sauf passage dans l'année supérieure (« eligibilite."
                    "passage_annee_superieure »)",
                )
            )
        else:
            verdicts.append(
                (
                    A_VERIFIER,
                    f"{droit}e droit : {nombre(exiges)} crédits ECTS validés exigés au 1er "
                    "septembre (« eligibilite.credits_ects_valides »), sauf passage dans "
                    "l'année supérieure",
                )
            )
    else:
        verdicts.append((REMPLIE, f"{_rang(droit)} droit : aucun crédit exigé"))

    statut = statut_combine(v[0] for v in verdicts)
    retenus = [v for v in verdicts if v[0] == statut]
    return Condition(
        "droits_annuels",
        "Droits annuels",
        statut,
        phrase(v[1] for v in retenus),
        incertitude,
        source,
        "recoupe",
    )


def _droits(n: int) -> str:
    return f"{n} droit{'s' if n > 1 else ''}"


def _rang(n: int) -> str:
    return "1er" if n == 1 else f"{n}e"
