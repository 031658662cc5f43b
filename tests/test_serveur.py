"""Le serveur HTTP local du dépôt (construction/serveur.py), sans navigateur : sous-chemin,
404.html, types MIME, représentation compressée selon Accept-Encoding, journal du banc."""

from __future__ import annotations

import gzip
import http.client
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from functools import partial
from pathlib import Path

import pytest

from construction.serveur import (
    Journal,
    Options,
    Reponse,
    Representations,
    ServeurHTTP,
    codage_accepte,
    servir,
)

PAGE = b"<!doctype html><title>Accueil</title><body>" + b"Bourse " * 200 + b"</body>"
INTROUVABLE = b"<!doctype html><h1>Page introuvable</h1></body>"


@dataclass(frozen=True)
class Obtenu:
    """Une réponse reçue : statut, en-têtes, corps tel qu'il est arrivé."""

    statut: int
    en_tetes: Message
    corps: bytes


def demander(serveur: ServeurHTTP, chemin: str, methode: str = "GET", **en_tetes: str) -> Obtenu:
    """Une requête, sans suivre de redirection ni décompresser."""
    connexion = http.client.HTTPConnection("127.0.0.1", serveur.server_port, timeout=10)
    try:
        connexion.request(
            methode, chemin, headers={k.replace("_", "-"): v for k, v in en_tetes.items()}
        )
        reponse = connexion.getresponse()
        return Obtenu(reponse.status, reponse.headers, reponse.read())
    finally:
        connexion.close()


def ecrire_le_site(racine: Path) -> Path:
    """Un petit site construit, et un fichier hors de lui."""
    dossier = racine / "site"
    (dossier / "plafonds").mkdir(parents=True)
    (dossier / "index.html").write_bytes(PAGE)
    (dossier / "plafonds" / "index.html").write_bytes(b"<h1>Plafonds</h1></body>")
    (dossier / "404.html").write_bytes(INTROUVABLE)
    (dossier / "calculateur.mjs").write_bytes(b"export const x = 1;\n")
    (dossier / "pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0")
    (dossier / "pyodide.asm.wasm.zst").write_bytes(b"\x28\xb5\x2f\xfd" + b"z" * 100)
    (racine / "secret.txt").write_bytes(b"hors du site")
    return dossier


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Un site à modifier dans le test."""
    return ecrire_le_site(tmp_path)


@pytest.fixture(scope="module")
def serveur(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeurHTTP]:
    """Le site servi comme aux tests navigateur, pour les tests qui ne le modifient pas (arrêter
    un serveur prend jusqu'à une demi-seconde)."""
    with servir(Options(dossier=ecrire_le_site(tmp_path_factory.mktemp("serveur")))) as serveur:
        yield serveur


def test_le_site_est_servi_sous_son_sous_chemin(serveur: ServeurHTTP) -> None:
    accueil = demander(serveur, "/echelon/")
    assert (accueil.statut, accueil.corps) == (200, PAGE)
    assert accueil.en_tetes["Content-Type"] == "text/html; charset=utf-8"
    assert accueil.en_tetes["Cache-Control"] == "no-store"
    assert demander(serveur, "/echelon/plafonds/?annee=2026").corps == b"<h1>Plafonds</h1></body>"
    sans_barre = demander(serveur, "/echelon")
    assert (sans_barre.statut, sans_barre.en_tetes["Location"]) == (301, "/echelon/")
    dossier = demander(serveur, "/echelon/plafonds?annee=2026")
    assert (dossier.statut, dossier.en_tetes["Location"]) == (301, "/echelon/plafonds/?annee=2026")
    # Hors du sous-chemin, rien : une URL absolue (/index.html) casserait sur GitHub Pages.
    assert demander(serveur, "/index.html").statut == 404
    assert demander(serveur, "/").corps == b"Not Found\n"


def test_une_adresse_inconnue_recoit_404_html(serveur: ServeurHTTP) -> None:
    inconnue = demander(serveur, "/echelon/adresse/inconnue/")
    assert (inconnue.statut, inconnue.corps) == (404, INTROUVABLE)
    assert inconnue.en_tetes["Content-Type"] == "text/html; charset=utf-8"
    # Rien hors du dossier du site, même par « .. » encodé ou non.
    for chemin in ("/echelon/../secret.txt", "/echelon/%2e%2e/secret.txt"):
        assert demander(serveur, chemin).corps == INTROUVABLE


def test_le_dossier_est_relu_a_chaque_requete(site: Path) -> None:
    with servir(Options(dossier=site)) as serveur:
        assert demander(serveur, "/echelon/").corps == PAGE
        (site / "index.html").write_bytes(b"<h1>Reconstruit</h1>")
        assert demander(serveur, "/echelon/").corps == b"<h1>Reconstruit</h1>"
        (site / "404.html").unlink()
        assert demander(serveur, "/echelon/inconnue").corps == b"Not Found\n"


def test_les_types_mime_sont_ceux_de_github_pages(serveur: ServeurHTTP) -> None:
    types = {
        "calculateur.mjs": "application/javascript; charset=utf-8",
        "pyodide.asm.wasm": "application/wasm",  # sinon, pas de compilation en flux
        "pyodide.asm.wasm.zst": "application/zstd",
    }
    for fichier, attendu in types.items():
        reponse = demander(serveur, "/echelon/" + fichier)
        assert (reponse.statut, reponse.en_tetes["Content-Type"]) == (200, attendu), fichier
        # Un fichier déjà compressé part tel quel : jamais de Content-Encoding qu'il n'a pas.
        assert reponse.en_tetes["Content-Encoding"] is None


def test_head_donne_les_en_tetes_sans_le_corps(serveur: ServeurHTTP) -> None:
    reponse = demander(serveur, "/echelon/", "HEAD")
    assert (reponse.statut, reponse.corps) == (200, b"")
    assert reponse.en_tetes["Content-Length"] == str(len(PAGE))


@pytest.fixture(scope="module")
def banc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServeurHTTP, Journal]]:
    """Le site servi comme au banc : compressé, ETag, journal des requêtes."""
    site = ecrire_le_site(tmp_path_factory.mktemp("banc"))
    journal = Journal("banc")
    options = Options(
        dossier=site,
        en_tetes={"Cache-Control": "max-age=600"},
        representations=Representations(
            frozenset({".html"}), "gzip", partial(gzip.compress, mtime=0)
        ),
        journal=journal,
        connexions_persistantes=True,
    )
    with servir(options) as serveur:
        yield serveur, journal


def test_la_representation_compressee_suit_accept_encoding(banc) -> None:
    serveur, _ = banc
    compressee = demander(serveur, "/echelon/", Accept_Encoding="br, gzip;q=0.8")
    assert compressee.en_tetes["Content-Encoding"] == "gzip"
    assert compressee.en_tetes["Vary"] == "Accept-Encoding"
    assert len(compressee.corps) < len(PAGE) and gzip.decompress(compressee.corps) == PAGE
    for accept_encoding in ("", "br", "gzip;q=0"):
        telle_quelle = demander(serveur, "/echelon/", Accept_Encoding=accept_encoding)
        assert telle_quelle.corps == PAGE, accept_encoding
        assert telle_quelle.en_tetes["Content-Encoding"] is None
        assert telle_quelle.en_tetes["Vary"] == "Accept-Encoding"
    # La page introuvable aussi, avec son statut.
    inconnue = demander(serveur, "/echelon/inconnue/", Accept_Encoding="gzip")
    assert inconnue.statut == 404 and gzip.decompress(inconnue.corps) == INTROUVABLE
    # Un type non compressé n'a qu'une représentation.
    module = demander(serveur, "/echelon/calculateur.mjs", Accept_Encoding="gzip")
    assert module.en_tetes["Content-Encoding"] is None and module.en_tetes["Vary"] is None


def test_un_etag_connu_recoit_304(banc) -> None:
    serveur, _ = banc
    premiere = demander(serveur, "/echelon/", Accept_Encoding="gzip")
    assert premiere.en_tetes["Cache-Control"] == "max-age=600"
    etag = premiere.en_tetes["ETag"]
    assert etag.startswith('W/"')  # faible : les octets compressés ne sont pas ceux du fichier
    revalidee = demander(serveur, "/echelon/", Accept_Encoding="gzip", If_None_Match=etag)
    assert (revalidee.statut, revalidee.corps) == (304, b"")
    autre = demander(serveur, "/echelon/", Accept_Encoding="gzip", If_None_Match='"autre"')
    assert autre.statut == 200


def jusqu_a_la_fermeture(serveur: ServeurHTTP, requete: bytes) -> bytes:
    """Les octets reçus pour une requête HTTP/1.1 brute, jusqu'à ce que le serveur ferme (il a
    alors noté la requête au journal)."""
    with socket.create_connection(("127.0.0.1", serveur.server_port), timeout=10) as connexion:
        connexion.sendall(requete)
        recu = b""
        while morceau := connexion.recv(65536):
            recu += morceau
    return recu


def test_le_journal_compte_les_octets_ecrits_sous_le_jeton_du_cookie(banc) -> None:
    serveur, journal = banc
    recu = jusqu_a_la_fermeture(
        serveur,
        b"GET /echelon/ HTTP/1.1\r\nHost: x\r\nCookie: autre=1; banc=visite-1\r\n"
        b"Accept-Encoding: gzip\r\nConnection: close\r\n\r\n",
    )
    (requete,) = journal.requetes("visite-1")
    assert (requete.methode, requete.chemin, requete.statut, requete.codage) == (
        "GET",
        "/echelon/",
        200,
        "gzip",
    )
    assert journal.octets("visite-1") == requete.octets == len(recu)
    assert requete.octets_corps == len(recu.partition(b"\r\n\r\n")[2])
    # Sans cookie : jeton vide.
    jusqu_a_la_fermeture(serveur, b"GET /echelon/inconnue/ HTTP/1.1\r\nConnection: close\r\n\r\n")
    sans_jeton = journal.requetes("")[-1]
    assert (sans_jeton.chemin, sans_jeton.statut) == ("/echelon/inconnue/", 404)


def test_reponses_speciales_lecture_et_redirection_hors_du_site(site: Path) -> None:
    """Ce dont le serveur de travail a besoin."""
    speciales = {"__version": Reponse(200, b"7", {"Content-Type": "text/plain"})}
    options = Options(
        dossier=site,
        reponse_speciale=speciales.get,
        lire=lambda fichier: fichier.read_bytes().replace(b"</body>", b"<script></script></body>"),
        rediriger_hors_du_site=True,
    )
    with servir(options) as serveur:
        assert demander(serveur, "/echelon/__version").corps == b"7"
        assert (
            demander(serveur, "/echelon/plafonds/").corps
            == b"<h1>Plafonds</h1><script></script></body>"
        )
        assert demander(serveur, "/echelon/inconnue").corps.endswith(b"<script></script></body>")
        hors = demander(serveur, "/")
        assert (hors.statut, hors.en_tetes["Location"]) == (302, "/echelon/")


def test_accept_encoding() -> None:
    assert codage_accepte("gzip, deflate, br", "gzip")
    assert codage_accepte("br;q=1.0, GZIP;q=0.5", "gzip")
    assert not codage_accepte("gzip;q=0", "gzip")
    assert not codage_accepte("gzip;q=abc", "gzip")
    assert not codage_accepte("br, zstd", "gzip")
    assert not codage_accepte("", "gzip")


def test_un_port_pris_est_refuse_tout_de_suite(serveur: ServeurHTTP) -> None:
    with pytest.raises(OSError):
        ServeurHTTP(serveur.options, serveur.server_port)
