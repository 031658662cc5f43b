"""La saison des demandes : pour quelle année universitaire un étudiant demande la bourse, à
une date donnée, et ce que le site sait du calendrier de cette demande.

C'est une convention du site, non une règle de droit, écrite ici une seule fois : la page la lit
par les dates que la construction écrit sur chaque année (`periode_de_demande`), la construction
par `annee_de_la_demande`. Elle suit le calendrier du dossier social étudiant (DSE) : ouvert
chaque année entre la mi-janvier et la fin mars, clos en mai pour la rentrée de septembre
(dates relevées de 2019 à 2025, voir `dossier_social_etudiant` dans chaque barème) ; une demande
tardive reste examinée après la clôture (fiche service-public F12214 ; circulaire du 10 juin
2024, NOR ESRS2413977C).

- Du 1er décembre au 31 août, l'étudiant prépare ou dépose sa demande pour l'année qui commence
  au 1er septembre suivant.
- Du 1er septembre au 30 novembre, il demande (en retard) pour l'année en cours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .format import MOIS

DEBUT_DE_LA_SAISON = (12, 1)
"""Mois et jour où l'on commence à demander la bourse de l'année suivante."""


def annee_universitaire(rentree: int) -> str:
    """« 2026-2027 » pour une rentrée en septembre 2026."""
    return f"{rentree}-{rentree + 1}"


def annee_en_cours(jour: dt.date) -> str:
    """L'année universitaire en cours : elle commence le 1er septembre."""
    return annee_universitaire(jour.year if jour.month >= 9 else jour.year - 1)


def annee_de_la_demande(jour: dt.date) -> str:
    """L'année pour laquelle on demande la bourse ce jour-là (voir la convention du module) :
    celle de la rentrée qui suit, sauf de septembre à novembre, où c'est celle en cours."""
    mois, jour_du_mois = DEBUT_DE_LA_SAISON
    if (jour.month, jour.day) >= (mois, jour_du_mois):
        return annee_universitaire(jour.year + 1)
    return annee_universitaire(jour.year)


def periode_de_demande(annee: str) -> tuple[dt.date, dt.date]:
    """Les jours, bornes comprises, où `annee` est l'année de la demande (1er décembre de
    l'avant-veille de la rentrée, 30 novembre qui suit la rentrée)."""
    rentree = int(annee[:4])
    mois, jour_du_mois = DEBUT_DE_LA_SAISON
    debut = dt.date(rentree - 1, mois, jour_du_mois)
    return debut, dt.date(rentree, mois, jour_du_mois) - dt.timedelta(days=1)


@dataclass(frozen=True)
class FenetreHabituelle:
    """Les dates du DSE des années passées : ouvertures et clôtures au plus tôt et au plus
    tard, et les années dont elles viennent."""

    ouverture_au_plus_tot: tuple[int, int]
    ouverture_au_plus_tard: tuple[int, int]
    cloture_au_plus_tot: tuple[int, int]
    cloture_au_plus_tard: tuple[int, int]
    premiere_annee: int
    derniere_annee: int

    @property
    def texte(self) -> str:
        """« de 2019 à 2025 : ouverture entre le 15 janvier et le 30 mars, clôture entre le
        15 mai et le 31 mai »."""
        ouverture = _entre(self.ouverture_au_plus_tot, self.ouverture_au_plus_tard)
        cloture = _entre(self.cloture_au_plus_tot, self.cloture_au_plus_tard)
        return (
            f"de {self.premiere_annee} à {self.derniere_annee} : ouverture {ouverture}, "
            f"clôture {cloture}"
        )


def _jour_et_mois(mois_jour: tuple[int, int]) -> str:
    mois, jour = mois_jour
    return f"{'1er' if jour == 1 else jour} {MOIS[mois - 1]}"


def _entre(tot: tuple[int, int], tard: tuple[int, int]) -> str:
    if tot == tard:
        return f"le {_jour_et_mois(tot)}"
    return f"entre le {_jour_et_mois(tot)} et le {_jour_et_mois(tard)}"


def fenetre_habituelle(dates: list[tuple[str, str]]) -> FenetreHabituelle | None:
    """La fenêtre des campagnes passées, d'après leurs dates `(ouverture, cloture)` relevées
    ("AAAA-MM-JJ") ; None sans aucune date."""
    if not dates:
        return None
    ouvertures = [dt.date.fromisoformat(o) for o, _ in dates]
    clotures = [dt.date.fromisoformat(c) for _, c in dates]
    mois_jour = lambda jours: sorted((j.month, j.day) for j in jours)  # noqa: E731
    return FenetreHabituelle(
        ouverture_au_plus_tot=mois_jour(ouvertures)[0],
        ouverture_au_plus_tard=mois_jour(ouvertures)[-1],
        cloture_au_plus_tot=mois_jour(clotures)[0],
        cloture_au_plus_tard=mois_jour(clotures)[-1],
        premiere_annee=min(j.year for j in ouvertures),
        derniere_annee=max(j.year for j in ouvertures),
    )
