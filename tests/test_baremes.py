"""Chaque fichier de barème du dépôt passe la vérification, et le JSON compilé le reflète."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import subprocess

import pytest

import calculator
from calculator import bareme as bareme_module
from calculator.bareme import ECHELONS, BaremesALaDemande, bareme_depuis_dict, bareme_en_dict
from calculator.verification import taux_sur_12_mois_attendu
from construction import baremes_yaml, projet

FICHIERS = baremes_yaml.fichiers_de_baremes()


def test_le_dossier_des_baremes_existe_sous_son_nom_accentue():
    assert projet.DOSSIER_BAREMES.is_dir()
    assert projet.DOSSIER_BAREMES.name == "barèmes"


def test_chaque_annee_de_2019_2020_a_2025_2026_a_son_fichier():
    attendues = [f"{a}-{a + 1}" for a in range(2019, 2026)]
    assert [f.stem for f in FICHIERS][: len(attendues)] == attendues


@pytest.mark.parametrize("chemin", FICHIERS, ids=lambda p: p.name)
def test_le_fichier_passe_la_verification(chemin):
    donnees, erreurs = baremes_yaml.verifier_fichier(chemin)
    assert erreurs == []
    assert donnees["annee_universitaire"] == chemin.stem


@pytest.mark.parametrize("chemin", FICHIERS, ids=lambda p: p.name)
def test_les_dates_restent_du_texte(chemin):
    donnees, _ = baremes_yaml.verifier_fichier(chemin)
    if donnees["statut"] == "publie":
        assert isinstance(donnees["derniere_verification"], str)
    else:
        assert donnees["derniere_verification"] in (None, *[donnees["derniere_verification"]])
    dse = donnees["dossier_social_etudiant"]
    for cle in ("ouverture", "cloture"):
        assert dse[cle] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", dse[cle])


def test_le_json_compile_du_paquet_n_est_pas_versionne():
    """Il est écrit par build.py (et au début des tests) : un éditeur qui corrige un barème
    sur GitHub n'a rien d'autre à modifier."""
    suivis = subprocess.run(
        ["git", "ls-files", "--", str(projet.DONNEES_DU_PAQUET)],
        cwd=projet.RACINE,
        capture_output=True,
        text=True,
        check=True,
    )
    assert suivis.stdout == ""
    ignore = subprocess.run(
        ["git", "check-ignore", "-q", str(projet.DONNEES_DU_PAQUET)], cwd=projet.RACINE
    )
    assert ignore.returncode == 0


def test_le_json_compile_du_paquet_est_a_jour(baremes):
    attendu = baremes_yaml.donnees_compilees(baremes)
    assert projet.DONNEES_DU_PAQUET.read_text(encoding="utf-8") == attendu


def test_le_json_compile_redonne_exactement_le_yaml(baremes, donnees_baremes):
    compile = json.loads(baremes_yaml.donnees_compilees(baremes))
    assert sorted(compile["baremes"]) == sorted(donnees_baremes)
    for annee, contenu in donnees_baremes.items():
        assert compile["baremes"][annee] == json.loads(json.dumps(contenu)), annee
        lignes = contenu["plafonds"]["lignes"]
        assert compile["baremes"][annee]["plafonds"]["lignes"] == {
            str(p): v for p, v in lignes.items()
        }


def test_la_serialisation_d_un_bareme_est_son_fichier_dans_l_ordre_du_fichier(
    baremes, donnees_baremes
):
    """Tout ce que dit le fichier est dans le modèle : sa sérialisation (le JSON compilé, les
    données ouvertes) le redonne clé pour clé, dans le même ordre."""
    for annee, contenu in donnees_baremes.items():
        serialise = bareme_en_dict(baremes[annee])
        assert serialise == contenu, annee
        assert json.dumps(serialise, ensure_ascii=False) == json.dumps(contenu, ensure_ascii=False)


def test_le_navigateur_relit_le_meme_modele_dans_le_json_compile(baremes):
    """Le JSON compilé (clés en texte, listes) redonne, bloc par bloc, les barèmes du chargeur."""
    relus = calculator.baremes_depuis_donnees(json.loads(baremes_yaml.donnees_compilees(baremes)))
    assert sorted(relus) == sorted(baremes)
    for annee, bareme in baremes.items():
        for champ in dataclasses.fields(calculator.Bareme):
            avant, apres = getattr(bareme, champ.name), getattr(relus[annee], champ.name)
            assert avant == apres, (annee, champ.name)


def test_un_sous_bloc_qui_nomme_l_unite_ou_le_texte_du_bloc_le_garde(donnees_baremes):
    """Hériter de l'unité ou du texte du bloc, ou les répéter, donne les mêmes règles, mais
    la sérialisation redit le fichier tel qu'il est écrit ; un bloc sans sources reste sans."""
    contenu = copy.deepcopy(donnees_baremes["2025-2026"])
    contenu["points_de_charge"]["handicap"]["reference"] = "circulaire"
    contenu["points_de_charge"]["enfant_a_charge"]["unite"] = "points de charge"
    contenu["aides_liees"]["aide_au_merite"]["reference"] = "arrete_taux"
    del contenu["age_limite"]["sources"]
    bareme = bareme_depuis_dict(contenu)
    assert bareme_en_dict(bareme) == contenu
    assert bareme.handicap.reference == bareme.aidant.reference == "circulaire"
    assert not bareme.handicap.reference_du_bloc and bareme.aidant.reference_du_bloc
    assert bareme.aides_liees["aide_au_merite"].reference == "arrete_taux"
    assert bareme.aides_liees["aide_mobilite_internationale"].reference == "arrete_taux"
    assert bareme.aides_liees["majoration_outre_mer"].reference is None
    assert bareme.age_limite.sources is None and bareme.plafonds.sources


def test_une_annee_provisoire_a_les_valeurs_de_la_derniere_annee_relue(baremes):
    """La suite des `fonde_sur` est suivie une fois, par le chargeur (comme dans le
    navigateur) : une année provisoire fondée sur une autre provisoire nomme la publiée."""
    for annee, bareme in baremes.items():
        origine = bareme
        while origine.statut == "provisoire":
            origine = baremes[origine.fonde_sur]
        assert bareme.annee_relue == origine.annee_universitaire, annee
        assert bareme.valeurs_de == (None if bareme.statut == "publie" else bareme.annee_relue)
        assert baremes[bareme.annee_relue].plafonds.lignes == bareme.plafonds.lignes


def test_les_baremes_a_la_demande_sont_ceux_du_chargeur_chacun_construit_une_fois(
    baremes, monkeypatch
):
    """Ce que le navigateur lit (`BaremesALaDemande`, depuis le JSON compilé) : pour chaque
    année, le même barème que le chargeur, `valeurs_de` compris ; lire une année publiée n'en
    construit qu'une, une provisoire une seule aussi (la suite des `fonde_sur` est lue dans le
    JSON), et une seconde lecture rend le même objet."""
    contenus = json.loads(json.dumps({a: bareme_en_dict(b) for a, b in baremes.items()}))
    construits = []
    construire = bareme_module.bareme_depuis_dict

    def compter(contenu):
        construits.append(contenu["annee_universitaire"])
        return construire(contenu)

    monkeypatch.setattr(bareme_module, "bareme_depuis_dict", compter)
    a_la_demande = BaremesALaDemande(contenus)
    assert list(a_la_demande) == list(contenus) and len(a_la_demande) == len(baremes)
    assert not construits
    provisoire = next(a for a, b in baremes.items() if b.statut == "provisoire")
    publiee = next(a for a, b in baremes.items() if b.statut == "publie")
    assert a_la_demande[publiee] is a_la_demande[publiee]
    assert construits == [publiee]
    assert a_la_demande[provisoire].valeurs_de == baremes[provisoire].valeurs_de
    assert construits == [publiee, provisoire]
    for annee, bareme in baremes.items():
        assert bareme_en_dict(a_la_demande[annee]) == bareme_en_dict(bareme), annee
        assert a_la_demande[annee].valeurs_de == bareme.valeurs_de, annee
    assert sorted(construits) == sorted(baremes)
    with pytest.raises(KeyError):
        a_la_demande["1999-2000"]


def test_les_taux_sur_12_mois_sont_douze_mensualites_egales(baremes):
    for bareme in baremes.values():
        for echelon in ECHELONS:
            attendu = taux_sur_12_mois_attendu(bareme.montants_10_mois[echelon])
            assert bareme.montants_12_mois[echelon] == attendu


def test_les_plafonds_2023_valent_ceux_de_2022_plus_6_pour_cent(baremes):
    """Contrôle indépendant de la saisie : revalorisation de 6 % annoncée pour la rentrée 2023."""
    avant, apres = baremes["2022-2023"].plafonds, baremes["2023-2024"].plafonds
    for points in range(18):
        for echelon in ECHELONS:
            attendu = int(avant[points][echelon] * 106 / 100 + 0.5)
            assert apres[points][echelon] == attendu, (points, echelon)


def test_les_montants_2023_valent_ceux_de_2022_plus_370_euros(baremes):
    """+37 € par mois sur 10 mois pour tous les échelons à la rentrée 2023."""
    for echelon in ECHELONS:
        assert (
            baremes["2023-2024"].montants_10_mois[echelon]
            == baremes["2022-2023"].montants_10_mois[echelon] + 370
        )


def test_la_colonne_de_l_echelon_7_vaut_250_euros_par_point_plus_un_avant_2023(baremes):
    for annee in ("2019-2020", "2020-2021", "2021-2022", "2022-2023"):
        for points in range(18):
            assert baremes[annee].plafonds[points]["7"] == 250 * (points + 1)


def test_les_points_handicap_et_aidant_n_existent_qu_a_partir_de_2023(baremes):
    for annee, bareme in baremes.items():
        depuis_2023 = bareme.annee_de_rentree >= 2023
        assert (bareme.handicap is not None) == depuis_2023, annee
        assert (bareme.aidant is not None) == depuis_2023, annee


def test_les_paliers_ultramarins_n_existent_qu_a_partir_de_2022(baremes):
    for annee, bareme in baremes.items():
        seuils = [p.a_partir_de_km for p in bareme.paliers_eloignement]
        if bareme.annee_de_rentree >= 2022:
            assert seuils == [30, 250, 3500, 13000], annee
        else:
            assert seuils == [30, 250], annee


def test_les_durees_de_l_aide_a_la_mobilite_internationale_changent_en_2024(baremes):
    """2 à 9 mois consécutifs jusqu'en 2023-2024 (fiches F380 de 2022 et 2023), 1 à 10 mois depuis
    2024-2025 (F380 de 2025-2026, OpenFisca) : le modèle lit les deux durées du barème."""
    for annee, bareme in baremes.items():
        aide = bareme.aides_liees["aide_mobilite_internationale"]
        attendu = (1, 10) if bareme.annee_de_rentree >= 2024 else (2, 9)
        assert (aide.duree_minimale_mois, aide.duree_maximale_mois) == attendu, annee
    assert baremes["2025-2026"].aides_liees["aide_au_merite"].duree_minimale_mois is None


def test_les_droits_hors_arrete_n_existent_qu_a_partir_de_leur_annee(baremes):
    """Repas à 1 € depuis la rentrée 2020, Pass'Sport des boursiers depuis 2022-2023, aide à la
    restauration des zones blanches depuis février 2025 (année 2024-2025) : aucun sous-bloc
    avant."""
    depuis = {
        "repas_a_un_euro": 2020,
        "pass_sport": 2022,
        "aide_restauration_zones_blanches": 2024,
    }
    for annee, bareme in baremes.items():
        for cle, rentree in depuis.items():
            assert (cle in bareme.aides_liees) == (bareme.annee_de_rentree >= rentree), (annee, cle)
    assert baremes["2025-2026"].aides_liees["pass_sport"].montant == 70
    assert baremes["2024-2025"].aides_liees["aide_restauration_zones_blanches"].montant == 40
    assert baremes["2020-2021"].aides_liees["repas_a_un_euro"].unite == "euros par repas"
