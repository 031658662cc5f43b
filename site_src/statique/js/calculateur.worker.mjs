// Worker du simulateur : démarre Python (Pyodide) et le calculateur dès l'ouverture de la page,
// puis répond aux demandes de la page. Ce que le déploiement fixe (version de Pyodide épinglée,
// tailles des fichiers, noms des caches et de l'instantané) vient de calculateur.config.mjs,
// que build.py écrit à côté de lui.
//
// Protocole : la page envoie {id, action, …} ; le worker répond {id, resultat} ou {id, erreur}.
// Une demande arrivée avant la fin du démarrage attend qu'il soit fini (une seule promesse,
// `calculateurDisponible`).
// Sans id, le worker annonce son état : {etat: "chargement", message, pourcentage, phase}
// (pourcentage : la part téléchargée, de 0 à 100 ; phase « demarrage » : plus rien à
// télécharger, Python démarre), {etat: "pret", depart}
// (depart : "complet", ou "instantane" quand Python repart de l'image gardée, voir plus bas),
// {etat: "echec", message}.

import {
  CACHE_RUNTIME,
  INSTANTANE,
  TAILLES,
  VERSION_PYODIDE,
} from "./calculateur.config.mjs";
import { decodeurZstd, fluxZstd } from "./zstd.mjs";

// Ce script sert deux workers : celui du calculateur, que la page démarre, et le preneur
// d'instantané, que celui-ci démarre à son tour (worker imbriqué, nommé ainsi) après une
// première visite, pour garder l'image de la mémoire de Python (voir plus bas). Le preneur ne
// reçoit aucune demande de la page.
const NOM_DU_PRENEUR = "echelon-preneur-d-instantane";
const PRENEUR = self.name === NOM_DU_PRENEUR;

const RUNTIME = new URL(`../pyodide/${VERSION_PYODIDE}/`, import.meta.url).href;
const WASM = RUNTIME + "pyodide.asm.wasm";
const STDLIB = RUNTIME + "python_stdlib.zip";

// La part reçue des gros fichiers, annoncée au fil du téléchargement : une première visite
// sur un réseau lent ne semble jamais bloquée. Les tailles (TAILLES, par chemin depuis la
// racine du site), écrites par build.py, sont celles des fichiers tels qu'ils voyagent ;
// l'annonce est un pourcentage, et non des mégaoctets qui effraieraient à tort un étudiant au
// forfait limité. Chaque fichier compte pour sa taille au plus (un original, plus gros que sa
// version zstd, ne dépasse pas sa part) et pour sa taille entière une fois reçu : le
// pourcentage atteint 100 % quand tout est arrivé, jamais avant. Puis « presque prêt » :
// Python démarre, il n'y a plus rien à télécharger.
const comptes = Object.keys(TAILLES);
const total = comptes.reduce((somme, chemin) => somme + TAILLES[chemin], 0);
const recus = new Map(comptes.map((chemin) => [chemin, 0]));
const arrives = new Set();
let dernierSignal = 0;
let toutEstArrive = false;
// Deux lignes au plus sur un téléphone (360 px) : la place est réservée dans la page, le
// formulaire ne bouge pas quand le message change.
const GARDE = "gardé ensuite sur l'appareil";

/** Le chemin de TAILLES d'une adresse du site (undefined si elle n'y est pas). */
function cheminSuivi(adresse) {
  const { pathname } = new URL(adresse, self.location.href);
  return Object.keys(TAILLES).find((chemin) => pathname.endsWith(`/${chemin}`));
}

function annoncerProgression(fin = false) {
  if (toutEstArrive) return;
  const maintenant = Date.now();
  if (!fin && maintenant - dernierSignal < 250) return;
  dernierSignal = maintenant;
  const somme = [...recus.values()].reduce((a, b) => a + b, 0);
  const pourcentage = Math.min(99, Math.floor((100 * somme) / total));
  postMessage({
    etat: "chargement",
    pourcentage,
    message: `Téléchargement du calculateur\u00a0: ${pourcentage}\u202f%, ${GARDE}.`,
  });
}

/** Tout est téléchargé : 100 %, puis le démarrage de Python (« presque prêt »). */
function annoncerToutArrive() {
  if (toutEstArrive) return;
  toutEstArrive = true;
  postMessage({
    etat: "chargement",
    pourcentage: 100,
    phase: "demarrage",
    message: "Téléchargement terminé (100\u202f%)\u00a0: le calculateur est presque prêt…",
  });
}

function recevoir(chemin, octets) {
  if (!recus.has(chemin) || arrives.has(chemin)) return;
  recus.set(chemin, Math.min(TAILLES[chemin], recus.get(chemin) + octets));
  annoncerProgression();
}

function arrive(chemin) {
  if (!chemin) return;
  arrives.add(chemin);
  if (recus.has(chemin)) recus.set(chemin, TAILLES[chemin]);
  if (arrives.size === Object.keys(TAILLES).length) annoncerToutArrive();
  else annoncerProgression(true);
}

// Le WebAssembly décompressé, gardé sur l'appareil à une visite précédente. Quand il y est, le
// runtime y est aussi (le service worker garde le reste) : il n'y a rien à compter.
const copieDuWasm = (self.caches?.match(WASM, { cacheName: CACHE_RUNTIME }) ?? Promise.resolve())
  .catch(() => undefined);
const runtimeSurLAppareil = copieDuWasm.then(Boolean);

const fetchOrigine = globalThis.fetch;

// Le décodeur zstd (importé avec ce module, en même temps que sa configuration), téléchargé et
// compilé dès l'ouverture du worker : les décompressions, sur le chemin de « prêt », ne
// l'attendent pas.
decodeurZstd().catch(() => {}); // l'échec revient à decompresse

// Du réseau ; sans réseau, la copie gardée par le service worker (les fichiers du runtime ne
// passent pas par lui, sw.js dit pourquoi : c'est donc au worker de la prendre).
async function reseauOuCopie(ressource, options) {
  try {
    return await fetchOrigine(ressource, options);
  } catch (erreur) {
    const adresse = new URL(String(ressource.url ?? ressource), self.location.href).href;
    const copie = await self.caches?.match(adresse, { ignoreSearch: true }).catch(() => undefined);
    if (!copie) throw erreur;
    return copie;
  }
}

// Les octets qui passent, comptés pour la progression d'une première visite ; la réponse
// d'origine, elle, reste intacte : une réponse fabriquée (new Response) n'a pas d'adresse, et
// le navigateur ne garderait pas le code compilé d'une visite à l'autre.
async function compter(reponse, chemin) {
  if (!chemin || !reponse.ok || !reponse.body || (await runtimeSurLAppareil)) return reponse;
  const lecteur = reponse.clone().body.getReader();
  (async () => {
    for (;;) {
      const { done, value } = await lecteur.read();
      if (done) {
        arrive(chemin);
        return;
      }
      recevoir(chemin, value.byteLength);
    }
  })().catch(() => {}); // la réponse d'origine signalera elle-même l'échec
  return reponse;
}

// Le module JavaScript de Pyodide passe en premier : tant qu'il n'est pas importé, Python ne
// peut pas démarrer, et décompresser en même temps le WebAssembly et la bibliothèque standard
// (sur le même fil) le retardait d'autant. Leur téléchargement, lui, n'attend pas.
let signalerModuleImporte;
const moduleImporte = new Promise((resoudre) => (signalerModuleImporte = resoudre));

// `adresse`.zst (compressé en zstd par build.py) décompressé, une fois `avant` réglée ; le
// fichier d'origine si le décodeur ne peut pas démarrer. Il est lu en entier avant d'être
// décompressé, sauf `enFlux` (le WebAssembly, compilé au fil de sa décompression) : une réponse
// lue seulement à travers la décompression finissait parfois, dans Chromium, en requête
// « interrompue » (ERR_ABORTED), ses octets pourtant tous lus (tests/navigateur/
// test_simulateur.py, aucune requête en échec pendant une session). Quelques centaines de ko :
// les décompresser après coup ne coûte que quelques millisecondes.
async function decompresse(adresse, type, avant = undefined, enFlux = false) {
  try {
    const reponse = await reseauOuCopie(adresse + ".zst");
    if (!reponse.ok || !reponse.body) throw new Error(`${reponse.status}`);
    const comptee = await compter(reponse, cheminSuivi(adresse + ".zst"));
    const source = enFlux ? comptee.body : new Response(await comptee.arrayBuffer()).body;
    await avant;
    const flux = source.pipeThrough(await fluxZstd());
    return new Response(flux, { headers: { "Content-Type": type } });
  } catch (erreur) {
    console.warn(`${adresse}.zst indisponible (${erreur}) : fichier d'origine`);
    return compter(await reseauOuCopie(adresse), cheminSuivi(adresse + ".zst"));
  }
}

// Le WebAssembly de Pyodide (9,6 Mo). Déjà sur l'appareil, il est demandé au service worker,
// qui le sert de CACHE_RUNTIME : ainsi servi, le navigateur garde aussi le code compilé d'une
// visite à l'autre, ce qu'il ne fait pas pour une réponse lue directement dans le cache
// (visites suivantes en 1,8 s au lieu de 1,1 s). « only-if-cached » : sans service worker,
// aucun téléchargement, la copie lue directement. Sinon, sa version zstd, décompressée
// pendant que le navigateur la compile, et gardée en même temps dans CACHE_RUNTIME.
async function wasmDuRuntime() {
  const copie = await copieDuWasm;
  if (copie) {
    // Le preneur d'instantané lit la copie : il démarre juste après une première visite, avant
    // que le service worker serve le site.
    const servie = PRENEUR ? undefined
      : await fetchOrigine(WASM, { cache: "only-if-cached", mode: "same-origin" }).catch(() => undefined);
    if (servie?.ok) return servie;
    // Relue à chaque demande : une seconde demande (après un instantané inutilisable) ne peut
    // pas reprendre une réponse déjà lue.
    return (await self.caches.match(WASM, { cacheName: CACHE_RUNTIME }).catch(() => undefined)) ?? copie;
  }
  const reponse = await decompresse(WASM, "application/wasm", moduleImporte, true);
  const cache = await self.caches?.open(CACHE_RUNTIME).catch(() => undefined);
  if (!cache || !reponse.body) return reponse;
  const [pourPyodide, pourLeCache] = reponse.body.tee();
  cache.put(WASM, new Response(pourLeCache, { headers: reponse.headers })).catch(() => {});
  return new Response(pourPyodide, { headers: reponse.headers });
}

// Le WebAssembly est compilé au fil de sa réception, dès ses premiers octets : Pyodide ne le
// demanderait qu'une fois son module JavaScript importé et exécuté, et la compilation attendrait
// jusque-là (à une première visite, environ 300 ms après l'arrivée de ses derniers octets sur
// un réseau local). Pyodide reçoit à la place une
// réponse vide, que `WebAssembly.instantiateStreaming` reconnaît : il instancie alors le module
// déjà compilé. Le navigateur garde le code compilé comme avant (même réponse, même adresse).
const compilations = new WeakMap();
const instancierEnFlux = globalThis.WebAssembly?.instantiateStreaming;

async function wasmCompileEnAvance() {
  const module = WebAssembly.compileStreaming(await wasmDuRuntime());
  module.catch(() => {}); // l'échec revient à Pyodide, quand il instancie
  const jeton = new Response(null, { headers: { "Content-Type": "application/wasm" } });
  compilations.set(jeton, module);
  return jeton;
}

if (instancierEnFlux) {
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const reponse = await source;
    const module = compilations.get(reponse);
    if (!module) return instancierEnFlux.call(WebAssembly, reponse, imports);
    const compile = await module;
    return { module: compile, instance: await WebAssembly.instantiate(compile, imports) };
  };
}

// Les deux plus gros fichiers sont demandés dès l'ouverture du worker, en même temps que
// Pyodide : téléchargement et décompression n'attendent pas qu'il les réclame ; la roue du
// calculateur aussi, quand Python devra la charger (pas d'instantané, voir plus bas). Une
// seconde demande (Pyodide en refait une si la compilation au fil de l'eau échoue) repart de
// zéro.
// La roue aussi voyage en zstd (TAILLES la nomme ainsi) ; le worker la demande sous son nom
// (installerLaRoue).
const CHEMIN_DE_LA_ROUE = Object.keys(TAILLES).find((chemin) => chemin.startsWith("py/"));
const ROUE = new URL(`../${CHEMIN_DE_LA_ROUE.replace(/\.zst$/, "")}`, import.meta.url).href;
const preparations = {
  [WASM]: wasmCompileEnAvance,
  [STDLIB]: () => decompresse(STDLIB, "application/zip", moduleImporte),
  [ROUE]: () => decompresse(ROUE, "application/zip", moduleImporte),
};
const demandes = new Map();
const reclamees = new Set();

function demanderEnAvance(adresse) {
  const demande = preparations[adresse]();
  demande.catch(() => {}); // un échec éventuel reviendra à Pyodide, quand il la réclamera
  demandes.set(adresse, demande);
}

// Une seconde demande du WebAssembly (Pyodide la fait quand l'instanciation en flux échoue)
// reçoit ses octets eux-mêmes, décompressés ici : la réponse vide de wasmCompileEnAvance ne lui
// servirait à rien.
const secours = { [WASM]: wasmDuRuntime };

/** La réponse préparée pour `adresse` (demandée d'avance, sinon maintenant), une seule fois. */
function reclamer(adresse) {
  const deja = reclamees.has(adresse);
  reclamees.add(adresse);
  const demande = demandes.get(adresse) ?? ((deja && secours[adresse]) || preparations[adresse])();
  demandes.delete(adresse);
  return demande;
}

// Le module JavaScript de Pyodide (1,25 Mo ; 0,26 Mo sur le réseau, où le serveur le compresse
// en gzip), importé par son adresse dès l'ouverture du worker. Aux visites suivantes, le service
// worker le sert de CACHE_RUNTIME, où il est gardé tel que le réseau l'a donné : le navigateur y
// garde aussi son code compilé, et le relit au lieu de recompiler (trace du 2026-12-04 : 0,7 Mo
// relus ; une copie fabriquée, new Response(octets), n'en avait pas, docs/performance.md).
// Pyodide le reçoit tout fait (option createPyodideModule).
const MODULE_DU_RUNTIME = RUNTIME + "pyodide.asm.mjs";

// À une première visite, sa copie dans CACHE_RUNTIME, pour la visite suivante, même hors
// ligne : relue dans le cache HTTP du navigateur, où l'import vient de le mettre.
async function garderLeModule() {
  if (!self.caches) return;
  const reponse = await fetchOrigine(MODULE_DU_RUNTIME, { cache: "force-cache" });
  if (!reponse.ok) throw new Error(`${reponse.status}`);
  await (await self.caches.open(CACHE_RUNTIME)).put(MODULE_DU_RUNTIME, reponse);
}

async function moduleDuRuntime() {
  const module = await import(MODULE_DU_RUNTIME);
  if (!(await runtimeSurLAppareil)) {
    arrive(cheminSuivi(MODULE_DU_RUNTIME));
    garderLeModule().catch((erreur) => console.warn(`Module de Pyodide non gardé : ${erreur}`));
  }
  return module;
}

let moduleDePyodide;
if (typeof WebAssembly !== "undefined") {
  demanderEnAvance(WASM);
  demanderEnAvance(STDLIB);
  moduleDePyodide = moduleDuRuntime();
  moduleDePyodide.catch(() => {}).finally(signalerModuleImporte); // l'échec revient au démarrage
}

globalThis.fetch = async (ressource, options) => {
  const adresse = new URL(String(ressource.url ?? ressource), self.location.href);
  const cle = adresse.origin + adresse.pathname;
  if (cle in preparations) return reclamer(cle);
  return compter(await reseauOuCopie(ressource, options), cheminSuivi(adresse.href));
};

// L'instantané : l'image de la mémoire de Python juste après un démarrage complet (calculateur
// importé, barèmes lus), prise par le preneur et gardée sur l'appareil dans l'espace privé du
// site (OPFS). Aux visites suivantes, Python repart de cette image au lieu de refaire tout son
// démarrage : le calculateur est prêt environ deux fois plus vite (bench/, docs/
// performance.md). Le preneur ne reçoit aucune demande de la page : rien de ce qu'un étudiant
// tape n'y figure. Son nom dérive du runtime, de la bibliothèque standard et de la roue : un
// nouveau déploiement qui en change un en prend un autre, et efface l'ancien.
// Pyodide ne documente pas encore cette possibilité (options `_makeSnapshot` et
// `_loadSnapshot`, version épinglée) : au moindre doute, le worker démarre sans elle. Son nom
// (INSTANTANE) vient de calculateur.config.mjs.
const PREFIXE_INSTANTANE = "echelon-instantane-";

// L'espace privé est ouvert une seule fois, dès l'ouverture du worker : chaque ouverture
// coûtait des dizaines de millisecondes.
const dossierOuvert = (async () => (await self.navigator?.storage?.getDirectory?.()) ?? undefined)()
  .catch(() => undefined);

function dossierPrive() {
  return dossierOuvert;
}

// Sur l'appareil, l'image est gardée compressée en gzip (31,5 Mo en mémoire, 4,5 Mo gardés), et
// sans ses pages nulles (plus de la moitié de la mémoire de Python : il n'y aurait que des zéros
// à décompresser, ce qui doublait le temps de lecture). Le contenu du gzip : la taille de
// l'image et le nombre N de pages de PAGE octets qui ne sont pas nulles (deux entiers de 32 bits,
// petit-boutistes), les numéros de ces pages (N entiers, croissants), puis ces pages, à la
// suite (la dernière page de l'image peut être plus courte).
const PAGE = 4096;

/** L'image, dépliée depuis le flux de sa forme compacte (des Uint8Array). */
async function deplier(morceaux) {
  let entete = new Uint8Array(0);
  let image, pages, k = 0, dansLaPage = 0;
  const lecteur = morceaux.getReader();
  for (;;) {
    const { done, value } = await lecteur.read();
    if (done) break;
    let reste = value;
    if (!pages) {
      const joint = new Uint8Array(entete.length + reste.length);
      joint.set(entete);
      joint.set(reste, entete.length);
      const vue = new DataView(joint.buffer);
      const n = joint.length >= 8 ? vue.getUint32(4, true) : Infinity;
      if (joint.length < 8 + 4 * n) {
        entete = joint;
        continue;
      }
      const taille = vue.getUint32(0, true);
      if (!taille || n > Math.ceil(taille / PAGE)) throw new Error("en-tête incohérent");
      image = new Uint8Array(taille);
      pages = Uint32Array.from({ length: n }, (_, i) => vue.getUint32(8 + 4 * i, true));
      pages.forEach((page, i) => {
        if (page * PAGE >= taille || (i && page <= pages[i - 1])) throw new Error("pages incohérentes");
      });
      reste = joint.subarray(8 + 4 * n);
    }
    while (reste.length) {
      if (k >= pages.length) throw new Error("octets en trop");
      const debut = pages[k] * PAGE;
      const longueur = Math.min(PAGE, image.length - debut);
      const pris = Math.min(longueur - dansLaPage, reste.length);
      image.set(reste.subarray(0, pris), debut + dansLaPage);
      reste = reste.subarray(pris);
      dansLaPage += pris;
      if (dansLaPage === longueur) [k, dansLaPage] = [k + 1, 0];
    }
  }
  if (!pages || k !== pages.length) throw new Error("image incomplète");
  return image;
}

/** L'image compacte : l'en-tête, puis les suites de pages non nulles (des vues de `image`). */
function replier(image) {
  const pages = [];
  for (let page = 0; page * PAGE < image.length; page++) {
    const fin = Math.min(image.length, (page + 1) * PAGE);
    for (let i = page * PAGE; i < fin; i++) {
      if (image[i]) {
        pages.push(page);
        break;
      }
    }
  }
  const entete = new DataView(new ArrayBuffer(8 + 4 * pages.length));
  entete.setUint32(0, image.length, true);
  entete.setUint32(4, pages.length, true);
  pages.forEach((page, i) => entete.setUint32(8 + 4 * i, page, true));
  const suites = [];
  for (let i = 0; i < pages.length; ) {
    let j = i + 1;
    while (j < pages.length && pages[j] === pages[j - 1] + 1) j++;
    suites.push(image.subarray(pages[i] * PAGE, Math.min(image.length, pages[j - 1] * PAGE + PAGE)));
    i = j;
  }
  return [new Uint8Array(entete.buffer), ...suites];
}

// L'image de ce déploiement, si elle est sur l'appareil ; sinon undefined. Décompressée au fil
// de la lecture, pendant que Pyodide se charge. Un fichier abîmé (somme de contrôle du gzip,
// en-tête, longueur) ne donne rien : le worker fait alors un démarrage complet, et le remplace.
async function lireInstantane() {
  try {
    const dossier = await dossierPrive();
    const poignee = await dossier?.getFileHandle(INSTANTANE).catch(() => undefined);
    const fichier = poignee && (await poignee.getFile());
    if (!fichier?.size) return undefined;
    return await deplier(fichier.stream().pipeThrough(new DecompressionStream("gzip")));
  } catch {
    return undefined;
  }
}
const instantaneGarde = typeof WebAssembly === "undefined" || PRENEUR ? undefined : lireInstantane();

// Sans instantané, Python chargera la roue : elle est demandée tout de suite, avec le reste,
// et lue dès son arrivée (fichiersDeLaRoue).
// Avec un instantané, elle n'est pas demandée, et sa part de la progression est comptée.
(instantaneGarde ?? Promise.resolve()).then(async (image) => {
  if (!image) fichiersDeLaRoue().catch(() => {}); // l'échec revient à installerLaRoue
  if (image && !(await runtimeSurLAppareil)) arrive(CHEMIN_DE_LA_ROUE);
});

async function oublierInstantanes(saufCeluiCi) {
  const dossier = await dossierPrive();
  if (!dossier?.entries) return;
  for await (const [nom] of dossier.entries()) {
    if (nom.startsWith(PREFIXE_INSTANTANE) && nom !== saufCeluiCi) {
      await dossier.removeEntry(nom).catch(() => {});
    }
  }
}

// L'image (31 Mo) passe par morceaux dans la compression. Le fichier n'est écrit qu'à la fin du
// flux (pipeTo ferme l'écriture ; une erreur l'abandonne) : jamais d'instantané à moitié écrit.
const MORCEAU_D_INSTANTANE = 1 << 20;

async function ecrireCompresse(ecriture, image) {
  const compression = new CompressionStream("gzip");
  const ecrit = compression.readable.pipeTo(ecriture);
  ecrit.catch(() => {}); // attendu plus bas ; l'erreur d'une écriture y revient
  const entree = compression.writable.getWriter();
  for (const suite of replier(image)) {
    for (let debut = 0; debut < suite.length; debut += MORCEAU_D_INSTANTANE) {
      await entree.write(suite.subarray(debut, debut + MORCEAU_D_INSTANTANE));
    }
  }
  await entree.close();
  await ecrit;
}

// Le preneur : un démarrage complet, puis l'image prise et gardée, compressée. Les modules que
// les demandes importeraient à la première et les barèmes sont chargés d'abord : les fichiers
// de la roue ne font pas partie de l'image, rien ne doit rester à y lire ensuite.
async function prendreEtGarderLInstantane() {
  const dossier = await dossierPrive();
  const ecrivable = typeof self.FileSystemFileHandle?.prototype?.createWritable === "function";
  if (!dossier || !ecrivable || typeof self.CompressionStream !== "function") {
    throw new Error("cet appareil ne peut pas garder l'instantané");
  }
  const { loadPyodide } = await import(RUNTIME + "pyodide.mjs");
  const { pyodide, calculateur } = await demarrerPython(loadPyodide, {
    fsInit: installerLaRoue,
    _makeSnapshot: true,
  });
  calculateur.prechauffer();
  const image = pyodide.makeMemorySnapshot();
  const fichier = await dossier.getFileHandle(INSTANTANE, { create: true });
  await ecrireCompresse(await fichier.createWritable(), image);
  await oublierInstantanes(INSTANTANE);
}

// La roue du calculateur, posée dans site-packages par le worker avant que Python démarre
// (option fsInit de Pyodide) : Pyodide l'installerait lui-même avec son chargeur de paquets,
// qui importe zipfile, tarfile et importlib.metadata pour cela (50 à 100 ms de plus avant
// « prêt »). Ses fichiers sont copiés tels quels (la roue publiée les range sans compression,
// construction/simulateur.py) ; le worker en lit le répertoire central (format ZIP, APPNOTE).
// Sauf ses métadonnées (.dist-info) : Pyodide inscrirait le paquet comme chargé, et refuserait
// alors de prendre l'instantané ; le calculateur ne les lit pas.
// Ses fichiers sont lus dès qu'elle arrive, une fois le module de Pyodide importé (quand ce
// worker attend le WebAssembly) : fsInit n'a plus qu'à les écrire.
let fichiersLus;

function fichiersDeLaRoue() {
  fichiersLus ??= (async () => {
    const [reponse, { fichiersDuZip }] = await Promise.all([reclamer(ROUE), import("./zip.mjs")]);
    if (!reponse.ok) throw new Error(`roue du calculateur indisponible (${reponse.status})`);
    return fichiersDuZip(new Uint8Array(await reponse.arrayBuffer()));
  })();
  return fichiersLus;
}

async function installerLaRoue(FS, { sitePackages }) {
  for (const [nom, contenu] of await fichiersDeLaRoue()) {
    if (nom.split("/")[0].endsWith(".dist-info")) continue;
    const chemin = `${sitePackages}/${nom}`;
    FS.mkdirTree(chemin.slice(0, chemin.lastIndexOf("/")));
    FS.writeFile(chemin, contenu);
  }
}

async function demarrerPython(loadPyodide, options) {
  const pyodide = await loadPyodide({
    indexURL: RUNTIME,
    createPyodideModule: (await moduleDePyodide).default,
    lockFileURL: new URL("../py/pyodide-lock.json", import.meta.url).href,
    stdout: () => {},
    stderr: (ligne) => console.warn(ligne),
    ...options,
  });
  return { pyodide, calculateur: pyodide.pyimport("calculator.navigateur") };
}

async function demarrer() {
  if (typeof WebAssembly === "undefined") {
    throw new Error("ce navigateur n'exécute pas WebAssembly");
  }
  runtimeSurLAppareil.then((sur) => {
    if (!sur) annoncerProgression(true);
    // Rien à télécharger : Python démarre tout de suite (« presque prêt »).
    else postMessage({ etat: "chargement", phase: "demarrage", message: "Démarrage du calculateur…" });
  });
  // Importé ici plutôt qu'en tête : les gros fichiers sont demandés sans attendre ce module.
  const { loadPyodide } = await import(RUNTIME + "pyodide.mjs");
  const image = await instantaneGarde;
  if (image) {
    try {
      const demarre = await demarrerPython(loadPyodide, { _loadSnapshot: image, packages: [] });
      JSON.parse(demarre.calculateur.annees()); // l'image répond : elle est saine
      return { ...demarre, depart: "instantane" };
    } catch (erreur) {
      console.warn(`Instantané inutilisable (${erreur && erreur.message || erreur}) : démarrage complet`);
      oublierInstantanes(undefined).catch(() => {});
    }
  }
  const demarre = await demarrerPython(loadPyodide, { fsInit: installerLaRoue });
  if (!(await runtimeSurLAppareil)) annoncerToutArrive();
  return { ...demarre, depart: "complet" };
}

// Après un démarrage complet (une fois par déploiement), l'instantané est confié au preneur,
// un second worker neuf : le calculateur répond aux demandes sans l'attendre, et l'image n'en
// contient aucune (le preneur n'en reçoit pas). Démarrer Python une seconde fois occupe le
// processeur plusieurs secondes sur un téléphone : le preneur attend que l'étudiant ait eu sa
// première réponse (une demande autre que `annees`, que la page fait seule), puis que le
// calculateur soit au repos (CALME_MS sans demande, AU_PLUS_TARD_MS au plus), et s'arrête une
// fois l'image gardée. Qui ne demande rien n'en a pas : sa visite suivante refera un démarrage
// complet. Sans worker imbriqué, pas d'instantané.
const CALME_MS = 300;
const AU_PLUS_TARD_MS = 2000;
let derniereDemande = 0;
let signalerPremiereReponse;
const premiereReponse = new Promise((resoudre) => (signalerPremiereReponse = resoudre));

function auRepos() {
  const debut = performance.now();
  return new Promise((resoudre) => {
    const verifier = () => {
      const maintenant = performance.now();
      const attente = CALME_MS - (maintenant - derniereDemande);
      if (attente <= 0 || maintenant - debut >= AU_PLUS_TARD_MS) resoudre();
      else setTimeout(verifier, Math.min(attente, AU_PLUS_TARD_MS - (maintenant - debut)));
    };
    setTimeout(verifier, CALME_MS);
  });
}

// Ce que les demandes chargeraient à la première (modules des blocs, barèmes, lecture des
// textes du formulaire), chargé d'avance quand le calculateur est au repos : l'étudiant qui
// remplit le formulaire pendant ce temps n'attend pas ces imports après « Estimer ». Une
// demande arrivée avant les paie elle-même.
async function prechaufferAuRepos(calculateur) {
  await auRepos();
  try {
    calculateur.prechauffer();
  } catch (erreur) {
    console.warn(`Préchauffage impossible : ${erreur && erreur.message || erreur}`);
  }
}

async function confierLInstantane() {
  if (typeof self.Worker !== "function") return;
  await premiereReponse;
  await auRepos();
  const preneur = new Worker(import.meta.url, { type: "module", name: NOM_DU_PRENEUR });
  preneur.onmessage = ({ data }) => {
    if (data?.etat !== "instantane") return; // sa progression ne regarde pas la page
    if (data.erreur) console.warn(`Instantané non gardé : ${data.erreur}`);
    preneur.terminate();
  };
  preneur.onerror = (evenement) => {
    console.warn(`Instantané non gardé : ${evenement.message}`);
    preneur.terminate();
  };
}

// Après un démarrage complet, une estimation à blanc (situation fixe, réponse jetée) avant
// « prêt » : la première demande de l'étudiant ne paie pas le premier passage dans le code du
// calcul (calculator.navigateur.estimer_a_blanc). Son échec ne retient pas le calculateur.
function estimerABlanc(calculateur) {
  try {
    if (!calculateur.estimer_a_blanc()) console.warn("Estimation à blanc sans résultat");
  } catch (erreur) {
    console.warn(`Estimation à blanc impossible : ${erreur && erreur.message || erreur}`);
  }
}

// Le démarrage, annoncé à la page (« pret » ou « echec ») dès que Python répond.
async function preparerLeCalculateur() {
  let demarre;
  try {
    demarre = await demarrer();
  } catch (erreur) {
    postMessage({ etat: "echec", message: String(erreur && erreur.message || erreur) });
    throw erreur;
  }
  if (demarre.depart === "complet") estimerABlanc(demarre.calculateur);
  postMessage({ etat: "pret", depart: demarre.depart });
  if (demarre.depart === "complet") {
    prechaufferAuRepos(demarre.calculateur);
    confierLInstantane();
  }
  return demarre.calculateur;
}

const actions = {
  estimer: (calculateur, demande) => calculateur.estimer(JSON.stringify(demande.entree)),
  estimer_saisie: (calculateur, demande) =>
    calculateur.estimer_saisie(JSON.stringify(demande.entree)),
  lire_montant: (calculateur, demande) => calculateur.lire_montant(String(demande.texte ?? "")),
  montant_depuis_echelon: (calculateur, demande) =>
    calculateur.montant_depuis_echelon(JSON.stringify(demande.entree)),
  annees: (calculateur) => calculateur.annees(),
};

async function repondre({ data: demande }) {
  const { id, action } = demande;
  try {
    const calculateur = await calculateurDisponible;
    if (!(action in actions)) {
      throw new Error(`action inconnue « ${action} »`);
    }
    postMessage({ id, ...JSON.parse(actions[action](calculateur, demande)) });
  } catch (erreur) {
    const message = `Le calculateur n'a pas pu répondre\u00a0: ${erreur && erreur.message || erreur}`;
    postMessage({ id, erreur: { erreurs: [{ champ: null, message }] } });
  } finally {
    derniereDemande = performance.now();
    if (action !== "annees") signalerPremiereReponse();
  }
}

// La seule promesse de démarrage : le calculateur, prêt à répondre. Le preneur, lui, ne fait
// que garder l'instantané, puis le dit.
let calculateurDisponible;
if (PRENEUR) {
  prendreEtGarderLInstantane().then(
    () => postMessage({ etat: "instantane" }),
    (erreur) => postMessage({ etat: "instantane", erreur: String(erreur && erreur.message || erreur) }),
  );
} else {
  calculateurDisponible = preparerLeCalculateur();
  calculateurDisponible.catch(() => {}); // l'échec est annoncé ; chaque demande le recevra aussi
  onmessage = repondre;
}
