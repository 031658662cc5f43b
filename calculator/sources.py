"""Les textes que citent les règles d'éligibilité, de ressources, de versement et des aides.

Chaque source est celle que nomme `regles-bcs.md` (le dossier de référence du projet, §§ 3, 6, 7,
8 et 11) pour la règle qui la cite. Les annexes des circulaires n'ont pas été lues dans le
Bulletin officiel : les règles viennent de pages qui les citent ou les reproduisent, ce que
disent les degrés de certitude des règles. Les montants, eux, viennent du barème de l'année.
"""

from __future__ import annotations

from .bareme import Bareme

CIRCULAIRE_2020_ANNEXE_2 = (
    "Circulaire du 8 juin 2020 (NOR ESRS2013435C), annexe 2 « critères d'attribution », "
    "reproduite sur https://123dok.net/article/crit%C3%A8res-d-attribution-enseignement-"
    "recherche-formation.ozlopp6z"
)
CROUS_REIMS = (
    "Crous de Reims, conditions d'attribution 2020-2021, "
    "https://www.crous-reims.fr/bourse/conditions-attribution-bourse-criteres-sociaux/"
)
SERVICE_PUBLIC_F12214 = "Fiche service-public F12214 « bourse sur critères sociaux » (2020)"
LESCROUS_HANDICAP = (
    "Cnous, « étudiant en situation de handicap et/ou aidant », "
    "https://www.lescrous.fr/espace-partenaires/etudiant-en-situation-de-handicap-et-ou-aidant"
)
NATIONALITE_ETUDIANT_GOUV = (
    "Texte d'etudiant.gouv.fr cité sur https://droit-finances.commentcamarche.com/forum/"
    "affich-6339690-permis-de-sejour-ce-et-la-bourse ; https://supmaritime.fr/?p=2116"
)
PROTECTION_TEMPORAIRE = (
    "refugies.info (source secondaire), https://refugies.info/en/procedure/64ef5461581cde28989242a8"
)
CODE_EDUCATION_L821_1 = (
    "Code de l'éducation, art. L. 821-1 (« étudiants inscrits en formation initiale »), cité "
    "par les circulaires de 2023 et 2024, "
    "https://enseignementsup-recherche.gouv.fr/fr/bo/2024/Hebdo26/ESRS2413977C"
)
ALTERNANCE_DIGISCHOOL = (
    "digischool, source secondaire (« les étudiants en alternance ne peuvent pas recevoir la "
    "bourse »)"
)
DROITS_ETUDIANT_GOUV = (
    "etudiant.gouv.fr, « Jusqu'à 7 bourses successives durant vos études », "
    "https://www.etudiant.gouv.fr/fr/jusqu-7-bourses-successives-durant-vos-etudes-2974"
)
RESSOURCES_CROUS_CITE = (
    "Texte du Crous cité sur https://droit-finances.commentcamarche.com/forum/affich-8196822-"
    "rattachement-fiscal-enfant-majeur-ou-pas et https://forum-juridique.net/famille/divorce/"
    "garde-des-enfants/changement-de-garde-t30006.html ; fiche service-public F12214 (2020)"
)
SMIC_OPENFISCA = (
    "OpenFisca-France, seuil_ressources_etudiant_autonome.yaml (0,9, « en % du Smic net », "
    "circulaire de 2006)"
)
RESSOURCES_SUPMARITIME = (
    "Texte récent de la circulaire reproduit sur https://supmaritime.fr/?p=1104 (source secondaire)"
)
RESSOURCES_ANNEXE_2013 = (
    "Annexe 3 de la circulaire 2013-0011, copie : https://pt.scribd.com/document/346544419/"
    "Conditions-de-Ressources-Et-Points-de-Charge"
)
MAINTIEN = (
    "Crous de Rennes, https://www.crous-rennes.fr/bourses/les-autres-aides/le-maintien-de-la-"
    "bourse-pendant-les-vacances-dete/ ; Crous de Nantes, https://www.crous-nantes.fr/le-"
    "complement-grandes-vacances/ ; fiche service-public F17482"
)
OUTRE_MER = (
    "l'Etudiant, https://www.letudiant.fr/lifestyle/aides-financieres/les-bourses-seront-"
    "augmentees-de-67eur-pour-les-etudiants-en-outre-mer.html",
    "Cnous, https://lescrous.fr/contacts/bourses-et-aides-financieres",
    "la 1ère, https://la1ere.francetvinfo.fr/reunion/30-supplementaires-pour-les-etudiants-"
    "boursiers-ultramarins-un-coup-de-pouce-bienvenu-pour-les-reunionnais-1409105.html",
)
"""Les sources de la majoration outre-mer (regles-bcs.md § 8.6), une par document."""
EXONERATIONS = (
    "https://www.youzful-by-ca.fr/c/les-essentiels-etudiants/vrai-faux-les-conditions-pour-"
    "etre-etudiant-boursier (source secondaire) ; https://imazpress.com/actus-reunion/logement-"
    "bourse-derniers-jours-pour-faire-sa-demande-aupres-du-crous (presse)"
)


def sources_du_bareme(bareme: Bareme, reference: str | None, sources: tuple[str, ...]) -> str:
    """Le texte qui fixe un bloc du barème et les documents où ses valeurs ont été lues,
    en clair (titre et lien), depuis les `references` du barème de l'année ("" : aucun)."""
    morceaux = []
    for cle in (reference, *sources):
        if cle is None:
            continue
        ref = bareme.references.get(cle)
        if ref is None:
            morceaux.append(cle)
        elif ref.lien:
            morceaux.append(f"{ref.titre}, {ref.lien}")
        else:
            morceaux.append(ref.titre)
    return " ; ".join(dict.fromkeys(morceaux))


def ajouter_sources(texte: str, autres: tuple[str, ...]) -> str:
    """`texte` suivi des sources de `autres` dont le lien n'y figure pas déjà."""
    nouvelles = [s for s in autres if s.rsplit(" ", 1)[-1] not in texte]
    return " ; ".join(p for p in (texte, *nouvelles) if p)


BAISSE_DES_REVENUS = (
    "Circulaire n° 2010-0010 du 7 mai 2010 citée dans la question écrite n° 105401 (Assemblée "
    "nationale, 13e législature), https://2007-2012.nosdeputes.fr/question/QE/105401 ; "
    "circulaire de 1996 résumée par ASH n° 1969 ; fiche service-public F12214 (2020) : « Dans "
    "des cas exceptionnels, les revenus de 2018, voire 2019 peuvent être pris en compte »"
)
"""Revenus plus récents après une baisse durable et notable des ressources (aucune circulaire
de 2019 à 2025 lue sur ce point)."""
DISTANCE = (
    "Simulateur officiel du Crous (2024-2025), https://lescrous.fr/nos-services/simulateur-de-"
    "bourse : commune de résidence et commune du lieu d'études ; question écrite au Sénat "
    "(2003) : distance « automatisée en fonction des éléments provenant de fichiers de "
    "l'Institut géographique national et de La Poste »"
)
"""Comment la distance est mesurée : de commune à commune, par le logiciel national ; la
méthode exacte n'est pas publiée."""
MOBILITE_ETABLISSEMENT = (
    "vosges.fr, « L'aide à la mobilité internationale » et digischool (2024) : « établissement "
    "d'enseignement supérieur public (ou qui a engagé une démarche de contractualisation avec "
    "l'État) » ; OpenFisca-France (public ou privé sous contrat, circulaire du 8 juin 2020, "
    "annexe 9)"
)
"""L'établissement de l'aide à la mobilité internationale (sources secondaires concordantes)."""
