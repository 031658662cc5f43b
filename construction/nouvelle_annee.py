"""Le fichier provisoire d'une nouvelle année (`build.py nouvelle-annee`) : les valeurs de
l'année précédente, chaque texte à compléter signalé.
"""

from __future__ import annotations

import json
from typing import Any


def _q(texte: str) -> str:
    """Une chaîne YAML entre guillemets doubles."""
    return json.dumps(texte, ensure_ascii=False)


def texte_nouvelle_annee(annee: str, base: dict[str, Any]) -> str:
    """Le fichier d'une nouvelle année, provisoire : valeurs de `base`, textes à compléter."""
    debut = int(annee[:4])
    precedente = base["annee_universitaire"]
    copie = f"Valeurs copiées du barème {precedente} en attendant l'arrêté {annee}."
    lignes = [
        "# Barème de la bourse d'enseignement supérieur sur critères sociaux",
        f"# Année universitaire {annee} : PROVISOIRE, créé par "
        f"« python build.py nouvelle-annee {annee} ».",
        "#",
        f"# Tant que les arrêtés {annee} ne sont pas parus, ce fichier reprend les valeurs "
        f"de {precedente}",
        "# et le site le dit partout où il sert. Quand ils paraissent (au printemps ou en été) :",
        "#   1. références : remplir chaque « À COMPLÉTER » (intitulé exact, date, lien "
        "Légifrance, NOR) ;",
        "#   2. plafonds : recopier l'annexe de l'arrêté des plafonds, ligne par ligne ;",
        "#   3. montants : recopier le tableau de l'arrêté des taux (10 mois et 12 mois) ;",
        "#   4. points de charge, âge, aides : relire la circulaire de l'année ;",
        "#   5. dossier social étudiant : dates de la campagne (service-public.fr, "
        "etudiant.gouv.fr) ;",
        "#   6. pour chaque bloc relu : « sources » (clés de references où la valeur a été lue) et",
        "#      « fiabilite » (lu, recoupe, source_unique, deduit) ; retirer les notes de copie ;",
        "#   7. enfin : statut: publie, supprimer « fonde_sur », dater « derniere_verification ».",
        f"# Puis : python build.py check barèmes/{annee}.yaml et "
        f"python build.py diff {precedente} {annee}",
        "# Le guide complet : docs/EDITER.md.",
        "",
        f"annee_universitaire: {_q(annee)}",
        "statut: provisoire  # publie : arrêtés parus ; provisoire : barème de l'année "
        "précédente reconduit en attendant",
        f"fonde_sur: {_q(precedente)}  # l'année dont les valeurs sont reprises "
        "(à retirer une fois publié)",
        'derniere_verification: null  # À COMPLÉTER : date de la relecture complète, "AAAA-MM-JJ"',
        "",
        "references:",
    ]
    for cle, intitule, texte in (
        (
            "arrete_plafonds",
            f"Arrêté fixant les plafonds de ressources … pour l'année universitaire {annee}",
            "Légifrance, Journal officiel : chercher « plafonds de ressources bourses "
            "d'enseignement supérieur »",
        ),
        (
            "arrete_taux",
            "Arrêté fixant les taux des bourses d'enseignement supérieur … pour l'année "
            f"universitaire {annee}",
            "Légifrance, Journal officiel, souvent publié le même jour que l'arrêté des plafonds",
        ),
        (
            "circulaire",
            f"Circulaire relative aux modalités d'attribution des bourses … {annee}",
            "Bulletin officiel de l'enseignement supérieur "
            "(enseignementsup-recherche.gouv.fr/fr/bo)",
        ),
    ):
        lignes += [
            f"  {cle}:",
            f"    titre: {_q('À COMPLÉTER : ' + intitule)}",
            "    nature: texte_officiel",
            "    note: "
            + _q(
                f"Non publié à la création de ce fichier. Où le trouver : {texte}. "
                "Ajouter date, lien et NOR."
            ),
        ]
    # Les textes d'autres années toujours en vigueur (un décret, par exemple) sont gardés.
    for cle, ref in base["references"].items():
        if cle.startswith("decret_"):
            lignes += [
                f"  {cle}:",
                f"    titre: {_q(ref['titre'])}",
                f"    nature: {ref['nature']}",
            ]
            lignes += [
                f"    {k}: {_q(ref[k])}" for k in ("date", "nor", "lien", "note") if ref.get(k)
            ]
    lignes += [
        "",
        "revenus_pris_en_compte:",
        f"  description: {_q(base['revenus_pris_en_compte']['description'])}",
        "  unite: annee",
        "  reference: circulaire",
        "  sources: []",
        "  fiabilite: deduit",
        f"  note: {_q('Règle N-2 : à confirmer dans la circulaire ' + annee + '.')}",
        f"  annee_des_revenus: {debut - 2}",
        f"  annee_de_l_avis_d_imposition: {debut - 1}",
        "",
        "plafonds:",
        f"  description: {_q(base['plafonds']['description'])}",
        "  unite: euros par an",
        "  reference: arrete_plafonds",
        "  sources: []  # À COMPLÉTER après lecture de l'annexe de l'arrêté",
        "  fiabilite: deduit",
        f"  note: {_q(copie)}",
        '  colonnes: ["0bis", "1", "2", "3", "4", "5", "6", "7"]',
        "  lignes:  # points de charge: [échelon 0bis, 1, 2, 3, 4, 5, 6, 7]",
    ]
    for points, ligne in base["plafonds"]["lignes"].items():
        cases = ", ".join(f"{v:>{6 if i == 0 else 5}}" for i, v in enumerate(ligne))
        lignes.append(f"    {str(points) + ':':<3} [{cases}]")
    lignes += [
        "",
        "montants:",
        f"  description: {_q(base['montants']['description'])}",
        "  unite: euros par an",
        "  reference: arrete_taux",
        "  sources: []  # À COMPLÉTER après lecture de l'arrêté des taux",
        "  fiabilite: deduit",
        f"  note: {_q(copie)}",
        "  colonnes: [sur_10_mois, sur_12_mois]",
        "  lignes:  # échelon: [taux annuel sur 10 mois, taux annuel sur 12 mois]",
    ]
    for echelon, (dix, douze) in base["montants"]["lignes"].items():
        lignes.append(f"    {_q(echelon) + ':':<7} [{dix:>4}, {douze:>4}]")
    points = base["points_de_charge"]
    lignes += [
        "",
        "points_de_charge:",
        f"  description: {_q(points['description'])}",
        "  unite: points de charge",
        "  reference: circulaire",
        "  eloignement:",
        f"    description: {_q(points['eloignement']['description'])}",
        "    sources: []",
        "    fiabilite: deduit",
        f"    note: {_q(copie)}",
        "    paliers:  # à partir de ... km : ... points",
    ]
    lignes += [
        f"      - {{a_partir_de_km: {p['a_partir_de_km']}, points: {p['points']}}}"
        for p in points["eloignement"]["paliers"]
    ]
    for cle in ("enfant_a_charge", "enfant_etudiant_superieur", "handicap", "aidant"):
        if cle in points:
            lignes += [
                f"  {cle}:",
                f"    description: {_q(points[cle]['description'])}",
                "    sources: []",
                "    fiabilite: deduit",
                f"    points: {points[cle]['points']}",
            ]
    lignes += [
        "",
        "dossier_social_etudiant:",
        f"  description: {_q(base['dossier_social_etudiant']['description'])}",
        "  unite: date",
        "  reference: circulaire",
        "  sources: []",
        "  fiabilite: inconnu",
        "  note: "
        + _q(f"Dates de la campagne {debut} : à compléter (service-public.fr, etudiant.gouv.fr)."),
        '  ouverture: null  # À COMPLÉTER : "AAAA-MM-JJ"',
        '  cloture: null  # À COMPLÉTER : "AAAA-MM-JJ"',
        "",
        "age_limite:",
        f"  description: {_q(base['age_limite']['description'])}",
        "  unite: ans",
        "  reference: circulaire",
        "  sources: []",
        "  fiabilite: deduit",
        f"  ans: {base['age_limite']['ans']}",
        "",
        "aides_liees:",
        f"  description: {_q(base['aides_liees']['description'])}",
        "  unite: euros",
        "  reference: arrete_taux",
    ]
    for cle, aide in base["aides_liees"].items():
        if not isinstance(aide, dict):
            continue
        lignes += [f"  {cle}:", f"    description: {_q(aide['description'])}"]
        if "unite" in aide:
            lignes.append(f"    unite: {aide['unite']}")
        if "reference" in aide:
            lignes.append(
                f"    reference: {'null' if aide['reference'] is None else aide['reference']}"
            )
        lignes += [
            "    sources: []",
            "    fiabilite: deduit",
            f"    note: {_q(copie)}",
            f"    montant: {aide['montant']}",
        ]
    return "\n".join(lignes) + "\n"
