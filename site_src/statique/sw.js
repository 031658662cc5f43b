// Service worker d'Échelon : garde le site sur l'appareil (pages, feuilles de style, scripts,
// données ouvertes) pour qu'il réponde hors ligne, et, pour qui a ouvert le simulateur, le
// runtime Python et la roue du calculateur.
// Le nom du cache dérive du contenu : chaque déploiement a le sien, les anciens sont effacés.
// En ligne, les pages, les scripts et la roue viennent d'abord du réseau (par le cache HTTP du
// navigateur) : un étudiant qui revient voit les chiffres corrigés dès sa visite suivante.
// Hors ligne, ou si le réseau tarde trop pour une page, la copie gardée à l'installation prend
// le relais (chaque page dit la date de sa construction) ; une adresse sans sa « / » finale
// est renvoyée vers la page qui la porte ; une adresse inconnue reçoit la page 404 du site,
// avec le statut 404.
//
// Toutes les pages l'enregistrent (js/hors-ligne.mjs, jamais quand l'appareil demande
// d'économiser les données), le simulateur une fois son calculateur prêt. L'installation ne
// garde le runtime Python (FICHIERS_DE_PYTHON, plusieurs Mo) que si une page du simulateur
// est ouverte ou si le déploiement précédent l'avait gardé. Le simulateur qui trouve le
// service worker déjà installé le lui demande par un message (« garder-python ») ; une page de
// lecture, seulement quand la connexion le permet (« prendre-d-avance », js/hors-ligne.mjs).
// Le WebAssembly de Pyodide n'y est pas : le worker du calculateur le garde décompressé dans
// CACHE_RUNTIME (un par version de Pyodide), que ce service worker ne fait que préserver.

// Ce que le déploiement fixe (CACHE, le nom du cache ; CACHE_RUNTIME ; FICHIERS, le site à
// garder ; FICHIERS_DE_PYTHON, le runtime ; SIMULATEUR, l'adresse de sa page) vient de
// sw.config.js, que build.py écrit à côté (construction/simulateur.py). Un script classique
// et importScripts, pas un module : les Firefox anciens n'acceptent pas de service worker
// module.
//
// Un nouveau déploiement est bien installé même quand ce fichier-ci ne change pas : à chaque
// vérification, le navigateur compare octet à octet sw.js et chacun des scripts qu'il importe
// (spécification Service Workers, « Update », depuis w3c/ServiceWorker#1283 ; Chrome 78 :
// https://developer.chrome.com/blog/fresher-sw), et sw.config.js change avec le contenu du
// site (le nom du cache en dérive). Les pages l'enregistrent avec updateViaCache "none" :
// sans cela, le navigateur relirait sw.config.js dans son cache HTTP (jusqu'à 10 minutes sur
// GitHub Pages) et verrait le nouveau déploiement d'autant plus tard.
/* global A_PRENDRE_D_AVANCE, CACHE, CACHE_RUNTIME, FICHIERS, FICHIERS_DE_PYTHON, SIMULATEUR */
importScripts("sw.config.js");

// « no-cache » : revalide auprès du serveur (304 si inchangé) au lieu de tout retélécharger.
const revalidees = (adresses) => adresses.map((url) => new Request(url, { cache: "no-cache" }));
const PAGE_DU_SIMULATEUR = new URL(SIMULATEUR, self.registration.scope).pathname;

// Le runtime est à garder si le simulateur est ouvert, ou si un cache l'a déjà (le déploiement
// précédent) : l'étudiant qui a déjà estimé sa bourse la retrouve hors ligne après une mise à jour.
async function pythonAGarder() {
  const fenetres = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  if (fenetres.some((fenetre) => new URL(fenetre.url).pathname === PAGE_DU_SIMULATEUR)) return true;
  const temoin = new URL(FICHIERS_DE_PYTHON[0], self.registration.scope).href;
  return Boolean(await caches.match(temoin));
}

self.addEventListener("install", (evenement) => {
  evenement.waitUntil(
    Promise.all([caches.open(CACHE), pythonAGarder()])
      .then(([cache, avecPython]) => cache.addAll(revalidees(avecPython ? [...FICHIERS, ...FICHIERS_DE_PYTHON] : FICHIERS)))
      .then(() => self.skipWaiting()),
  );
});

// Le simulateur ouvert après une page de lecture : il demande le runtime qui manque encore.
async function garderPython() {
  const cache = await caches.open(CACHE);
  const manquants = [];
  for (const url of FICHIERS_DE_PYTHON) {
    if (!(await cache.match(url))) manquants.push(url);
  }
  if (manquants.length) await cache.addAll(revalidees(manquants));
}

// Une page de lecture, sur une connexion rapide (js/hors-ligne.mjs) : tout le runtime, tout de
// suite. Ce que le worker du calculateur garde lui-même (A_PRENDRE_D_AVANCE, le WebAssembly en
// zstd et le module de Pyodide) n'est que téléchargé : il arrive au cache HTTP du navigateur,
// où le worker le trouvera en ouvrant le simulateur ; le reste est gardé ici, comme pour
// « garder-python ». Le téléchargement continue si l'étudiant change de page entre-temps.
async function prendreDAvance() {
  const lire = (url) => fetch(url).then((reponse) => reponse.arrayBuffer()).catch(() => {});
  await Promise.all([...A_PRENDRE_D_AVANCE.map(lire), garderPython()]);
}

self.addEventListener("message", (evenement) => {
  if (evenement.data?.action === "garder-python") evenement.waitUntil(garderPython());
  if (evenement.data?.action === "prendre-d-avance") evenement.waitUntil(prendreDAvance());
});

self.addEventListener("activate", (evenement) => {
  evenement.waitUntil(
    caches
      .keys()
      .then((noms) => Promise.all(
        noms
          .filter((nom) => nom.startsWith("echelon-") && nom !== CACHE && nom !== CACHE_RUNTIME)
          .map((nom) => caches.delete(nom)),
      ))
      .then(() => self.clients.claim()),
  );
});

// Le runtime Python (pyodide/<version>/, immuable pour une version) passe d'abord par le
// réseau, c'est-à-dire par le cache HTTP du navigateur : servi depuis ce cache-ci, il démarrait
// plus lentement à la visite suivante (bench/demarrage.py, scénario sans-sw). Hors ligne, la
// copie de ce cache-ci prend le relais. Tout le reste : ce cache d'abord.
const RUNTIME = new URL("pyodide/", self.registration.scope).pathname;
// Le WebAssembly compressé et la bibliothèque standard ne passent même pas par ici : relayés
// par un service worker, ils démarraient encore 0,35 s plus lentement qu'en accès direct. Le
// worker du calculateur prend lui-même leur copie quand le réseau lui fait défaut. Le
// WebAssembly décompressé, lui, n'est servi que d'ici, depuis CACHE_RUNTIME.
const DIRECTS = /\.(zst|zip)$/;

self.addEventListener("fetch", (evenement) => {
  const requete = evenement.request;
  const adresse = new URL(requete.url);
  if (requete.method !== "GET" || adresse.origin !== self.location.origin) {
    return;
  }
  const depuisLeCache = () => caches.open(CACHE)
    .then((cache) => cache.match(requete, { ignoreSearch: true }));
  if (adresse.pathname.startsWith(RUNTIME)) {
    if (adresse.pathname.endsWith("/pyodide.asm.wasm")) {
      // Gardé décompressé par le worker du calculateur : ainsi servi, le navigateur garde
      // aussi le code compilé d'une visite à l'autre (calculateur.worker.mjs).
      evenement.respondWith(
        caches.match(requete, { cacheName: CACHE_RUNTIME }).then((copie) => copie || fetch(requete)),
      );
      return;
    }
    if (adresse.pathname.endsWith("/pyodide.asm.mjs")) {
      // Le module de Pyodide aussi, gardé par le worker à une première visite (le navigateur
      // garde de même son code compilé) ; gardé ici s'il n'y était pas encore (un appareil qui
      // a le WebAssembly d'un déploiement d'avant).
      evenement.respondWith(
        caches.match(requete, { cacheName: CACHE_RUNTIME }).then((copie) => copie || fetch(requete)
          .then(async (reponse) => {
            if (reponse.ok) {
              await caches.open(CACHE_RUNTIME)
                .then((cache) => cache.put(requete, reponse.clone()))
                .catch(() => {});
            }
            return reponse;
          })),
      );
      return;
    }
    if (DIRECTS.test(adresse.pathname)) return;
    evenement.respondWith(
      fetch(requete)
        .then((reponse) => (reponse.ok ? reponse : depuisLeCache().then((copie) => copie || reponse)))
        .catch(() => depuisLeCache().then((copie) => copie || Response.error())),
    );
    return;
  }
  evenement.respondWith(reseauPuisCopie(evenement, depuisLeCache));
});

// Au-delà de ce délai, une page déjà gardée est servie depuis la copie (réseau trop lent).
const DELAI_D_UNE_PAGE_MS = 4000;
const PAGE_INTROUVABLE = new URL("404.html", self.registration.scope).href;

// La copie n'est pas réécrite à chaque visite : celle du déploiement en cours a été prise à
// l'installation, et le déploiement suivant installe un service worker qui reprend tout.
function reseauPuisCopie(evenement, depuisLeCache) {
  const requete = evenement.request;
  const reseau = fetch(requete);
  const secours = async () => {
    const copie = await depuisLeCache();
    if (copie) return copie;
    if (requete.mode === "navigate") return pageGardee(requete);
    return Response.error();
  };
  const reponse = reseau
    .then((r) => (r.ok || r.status === 404 ? r : depuisLeCache().then((copie) => copie || r)))
    .catch(secours);
  if (requete.mode !== "navigate") return reponse;
  const attente = new Promise((resoudre) => {
    setTimeout(() => depuisLeCache().then((copie) => copie && resoudre(copie)), DELAI_D_UNE_PAGE_MS);
  });
  return Promise.race([reponse, attente]);
}

// Hors ligne, une adresse que le cache n'a pas : un dossier demandé sans sa « / » finale est
// renvoyé vers elle (comme le fait GitHub Pages), toute autre reçoit la page 404 du site, avec
// son statut.
async function pageGardee(requete) {
  const adresse = new URL(requete.url);
  if (!adresse.pathname.endsWith("/")) {
    const dossier = new URL(`${adresse.pathname}/`, adresse);
    if (await caches.match(dossier.href, { cacheName: CACHE })) {
      return Response.redirect(dossier.href + adresse.search, 301);
    }
  }
  const introuvable = await caches.match(PAGE_INTROUVABLE, { cacheName: CACHE });
  if (!introuvable) return Response.error();
  return new Response(await introuvable.blob(), {
    status: 404,
    statusText: "Not Found",
    headers: introuvable.headers,
  });
}
