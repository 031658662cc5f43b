// Décompression zstd au fil de l'eau, pour le WebAssembly de Pyodide (2,89 Mo en zstd au lieu
// de 3,56 Mo en gzip) et la bibliothèque standard (0,53 Mo au lieu de 0,69) : une cinquantaine
// de millisecondes sur un ordinateur de bureau. Le décodeur est celui de zstd (BSD), compilé
// en WebAssembly par le paquet npm zstddec (MIT, voir pyodide/zstddec/LICENSE.txt) ; build.py
// n'en publie que le binaire, et ce module le pilote par l'interface de flux de zstd
// (ZSTD_decompressStream).
//
// ZSTD_inBuffer et ZSTD_outBuffer sont, en WebAssembly 32 bits, trois mots : adresse, taille,
// position. ZSTD_decompressStream rend 0 quand la trame est décodée et entièrement écrite,
// un nombre positif quand il reste à faire, et une erreur sous forme de petit nombre négatif.

const ERREURS = {
  10: "ce n'est pas un flux zstd",
  16: "fenêtre de compression trop grande",
  20: "données corrompues",
  22: "somme de contrôle fausse",
  64: "mémoire insuffisante",
};

let binaire;

/**
 * Le décodeur compilé, une fois par worker : le worker du calculateur le demande dès son
 * ouverture, sa première décompression ne l'attend pas.
 */
export function decodeurZstd() {
  binaire ??= fetch(new URL("../pyodide/zstddec/zstddec.wasm", import.meta.url)).then((reponse) => {
    if (!reponse.ok) throw new Error(`décodeur zstd introuvable (${reponse.status})`);
    return reponse.arrayBuffer().then((octets) => WebAssembly.compile(octets));
  });
  return binaire;
}

// Chaque flux a sa propre instance, donc sa propre mémoire (9,6 Mo pour le WebAssembly de
// Pyodide), rendue au navigateur quand le flux est fini.
async function instance() {
  // La seule fonction que le binaire importe prévient d'une croissance de la mémoire : les
  // vues ci-dessous sont de toute façon refaites après chaque appel.
  const importations = { env: { emscripten_notify_memory_growth() {} } };
  return (await WebAssembly.instantiate(await decodeurZstd(), importations)).exports;
}

/** Un TransformStream : octets zstd en entrée, octets décompressés en sortie. */
export async function fluxZstd() {
  const z = await instance();
  const tailleEntree = z.ZSTD_DStreamInSize();
  const tailleSortie = z.ZSTD_DStreamOutSize();
  const entree = z.malloc(tailleEntree);
  const sortie = z.malloc(tailleSortie);
  const descEntree = z.malloc(12);
  const descSortie = z.malloc(12);
  const contexte = z.ZSTD_createDCtx();
  if (!entree || !sortie || !descEntree || !descSortie || !contexte) {
    throw new Error("décompression zstd impossible : mémoire insuffisante");
  }
  const mots = (adresse) => new Uint32Array(z.memory.buffer, adresse, 3);
  let reste = 1; // ce que ZSTD_decompressStream a rendu en dernier : 0 une fois la trame finie

  function decoder(flux) {
    const desc = mots(descSortie);
    desc[0] = sortie;
    desc[1] = tailleSortie;
    desc[2] = 0;
    reste = z.ZSTD_decompressStream(contexte, descSortie, descEntree);
    if (reste < 0) {
      throw new Error(`décompression zstd impossible : ${ERREURS[-reste] ?? `erreur ${-reste}`}`);
    }
    const ecrits = mots(descSortie)[2];
    if (ecrits > 0) flux.enqueue(new Uint8Array(z.memory.buffer, sortie, ecrits).slice());
    return ecrits === tailleSortie;
  }

  return new TransformStream({
    transform(morceau, flux) {
      for (let debut = 0; debut < morceau.length; debut += tailleEntree) {
        const part = morceau.subarray(debut, debut + tailleEntree);
        new Uint8Array(z.memory.buffer, entree, part.length).set(part);
        const desc = mots(descEntree);
        desc[0] = entree;
        desc[1] = part.length;
        desc[2] = 0;
        // Tant que l'entrée n'est pas lue, ou que la sortie pleine laisse de quoi écrire.
        let pleine;
        do {
          pleine = decoder(flux);
        } while (pleine || mots(descEntree)[2] < part.length);
      }
    },
    flush() {
      if (reste !== 0) throw new Error("décompression zstd impossible : flux tronqué");
    },
  });
}
