// Service worker d'Échelon, engendré par build.py : garde le site entier sur l'appareil
// (pages, runtime Python, roue du calculateur, données) pour qu'il fonctionne hors ligne.
// Le nom du cache dérive du contenu : chaque déploiement a le sien, les anciens sont effacés.

const CACHE = {{ cache | tojson }};
const FICHIERS = {{ fichiers | tojson }};

self.addEventListener("install", (evenement) => {
  evenement.waitUntil(
    caches
      .open(CACHE)
      // « no-cache » : revalide auprès du serveur (304 si inchangé) au lieu de tout retélécharger.
      .then((cache) => cache.addAll(FICHIERS.map((url) => new Request(url, { cache: "no-cache" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (evenement) => {
  evenement.waitUntil(
    caches
      .keys()
      .then((noms) => Promise.all(
        noms.filter((nom) => nom.startsWith("echelon-") && nom !== CACHE).map((nom) => caches.delete(nom)),
      ))
      .then(() => self.clients.claim()),
  );
});

// Le runtime Python (pyodide/<version>/, immuable pour une version) passe d'abord par le
// réseau, c'est-à-dire par le cache HTTP du navigateur, où Chromium garde aussi le code
// WebAssembly compilé : servi depuis ce cache-ci, il démarrait plus lentement à la visite
// suivante (bench/demarrage.py, scénario sans-sw). Hors ligne, la copie de ce cache-ci prend
// le relais. Tout le reste : ce cache d'abord.
const RUNTIME = new URL("pyodide/", self.registration.scope).pathname;
// Le WebAssembly et la bibliothèque standard ne passent même pas par ici : relayés par un
// service worker, ils démarraient encore 0,35 s plus lentement qu'en accès direct. Le worker
// du calculateur les demande lui-même à ce cache-ci quand le réseau lui fait défaut.
const DIRECTS = /\.(wasm|zip)$/;

self.addEventListener("fetch", (evenement) => {
  const requete = evenement.request;
  const adresse = new URL(requete.url);
  if (requete.method !== "GET" || adresse.origin !== self.location.origin) {
    return;
  }
  const depuisLeCache = () => caches.open(CACHE)
    .then((cache) => cache.match(requete, { ignoreSearch: true }));
  if (adresse.pathname.startsWith(RUNTIME)) {
    if (DIRECTS.test(adresse.pathname)) return;
    evenement.respondWith(
      fetch(requete)
        .then((reponse) => (reponse.ok ? reponse : depuisLeCache().then((copie) => copie || reponse)))
        .catch(() => depuisLeCache().then((copie) => copie || Response.error())),
    );
    return;
  }
  evenement.respondWith(depuisLeCache().then((reponse) => reponse || fetch(requete)));
});
