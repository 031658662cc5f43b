// Le décompresseur : un worker que celui du calculateur démarre à une première visite (worker
// imbriqué), pour télécharger le WebAssembly de Pyodide (2,9 Mo en zstd, 9,6 Mo décompressé),
// le décompresser sur un autre fil et le compiler au fil de sa décompression. Le worker du
// calculateur reste libre pendant ce temps pour importer et exécuter le module JavaScript de
// Pyodide : sur un téléphone à deux cœurs, les deux avancent en même temps au lieu de se
// suivre (docs/performance.md). Il télécharge lui-même : des octets passés par le worker du
// calculateur attendraient qu'il soit libre.
//
// Protocole, du worker du calculateur : {adresse, garder} (`adresse` : le WebAssembly en zstd ;
// `garder` : {cache, adresse}, où garder aussi sa version décompressée), puis {decodeur} (le
// décodeur zstd qu'il a compilé, un WebAssembly.Module : il n'est pas téléchargé deux fois).
// Réponses : {recus} (octets reçus depuis le message précédent, pour la progression), {arrive},
// puis {module} (le WebAssembly.Module compilé) ou {erreur} ; enfin {fini}, copie gardée
// comprise. Le worker du calculateur l'arrête ensuite, une fois « prêt ».

import { reseauOuCopie } from "./reseau.mjs";
import { fluxZstd } from "./zstd.mjs";

const ENTETES_WASM = { "Content-Type": "application/wasm" };
let recevoirLeDecodeur;
const decodeur = new Promise((resoudre) => (recevoirLeDecodeur = resoudre));

/** Le corps de `reponse`, lu par son propre lecteur et compté au passage. */
function compte(reponse) {
  const lecteur = reponse.body.getReader();
  return new ReadableStream({
    async pull(flux) {
      const { done, value } = await lecteur.read();
      if (done) {
        postMessage({ arrive: true });
        flux.close();
        return;
      }
      postMessage({ recus: value.byteLength });
      flux.enqueue(value);
    },
    cancel(raison) {
      return lecteur.cancel(raison);
    },
  });
}

/** Garde `flux` dans le cache `cache` sous `adresse` ; ne lève jamais. */
function garderLaCopie(flux, { cache, adresse }) {
  return (self.caches?.open(cache) ?? Promise.reject(new Error("pas de cache")))
    .then((ouvert) => ouvert.put(adresse, new Response(flux, { headers: ENTETES_WASM })))
    .catch(() => {}); // sans copie, la visite suivante refera ce travail
}

async function compiler({ adresse, garder }) {
  const reponse = await reseauOuCopie(adresse);
  if (!reponse.ok || !reponse.body) throw new Error(`${adresse} : ${reponse.status}`);
  const [pourCompiler, pourGarder] = compte(reponse).pipeThrough(await fluxZstd(await decodeur)).tee();
  const gardee = garderLaCopie(pourGarder, garder);
  try {
    postMessage({
      module: await WebAssembly.compileStreaming(new Response(pourCompiler, { headers: ENTETES_WASM })),
    });
  } catch (erreur) {
    postMessage({ erreur: String((erreur && erreur.message) || erreur) });
  }
  await gardee;
  postMessage({ fini: true });
}

onmessage = ({ data }) => {
  if (data.decodeur) recevoirLeDecodeur(data.decodeur);
  if (data.adresse) {
    compiler(data).catch((erreur) => {
      postMessage({ erreur: String((erreur && erreur.message) || erreur) });
      postMessage({ fini: true });
    });
  }
};
