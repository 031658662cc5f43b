// Les fichiers d'une archive ZIP (une roue Python), lus par son répertoire central :
// APPNOTE de PKWARE, sections 4.3.7 (en-tête local), 4.3.12 (répertoire central) et 4.3.16
// (fin du répertoire central). Entrées rangées sans compression (méthode 0) ou en deflate
// (méthode 8) ; ni ZIP64, ni chiffrement : la roue du calculateur n'en a pas besoin.

const FIN_DU_REPERTOIRE = 0x06054b50;
const ENTREE_DU_REPERTOIRE = 0x02014b50;
const EN_TETE_LOCAL = 0x04034b50;

function finDuRepertoire(vue) {
  // La fin du répertoire central fait 22 octets, plus un commentaire de 65 535 octets au plus.
  for (let i = vue.byteLength - 22; i >= Math.max(0, vue.byteLength - 22 - 0xffff); i--) {
    if (vue.getUint32(i, true) === FIN_DU_REPERTOIRE) return i;
  }
  throw new Error("archive ZIP illisible : fin du répertoire central introuvable");
}

async function inflater(octets) {
  const flux = new Blob([octets]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(flux).arrayBuffer());
}

/** [[nom, contenu]] des fichiers de l'archive `octets` (un Uint8Array), dossiers exclus. */
export async function fichiersDuZip(octets) {
  const vue = new DataView(octets.buffer, octets.byteOffset, octets.byteLength);
  const fin = finDuRepertoire(vue);
  const nombre = vue.getUint16(fin + 10, true);
  let position = vue.getUint32(fin + 16, true);
  const lecteur = new TextDecoder();
  const fichiers = [];
  for (let k = 0; k < nombre; k++) {
    if (vue.getUint32(position, true) !== ENTREE_DU_REPERTOIRE) {
      throw new Error("archive ZIP illisible : répertoire central abîmé");
    }
    const methode = vue.getUint16(position + 10, true);
    const taille = vue.getUint32(position + 20, true);
    const longueurDuNom = vue.getUint16(position + 28, true);
    const suite = longueurDuNom + vue.getUint16(position + 30, true)
      + vue.getUint16(position + 32, true);
    const local = vue.getUint32(position + 42, true);
    const nom = lecteur.decode(octets.subarray(position + 46, position + 46 + longueurDuNom));
    position += 46 + suite;
    if (nom.endsWith("/")) continue;
    if (nom.startsWith("/") || nom.split("/").includes("..")) {
      throw new Error(`archive ZIP refusée : chemin « ${nom} » hors du dossier`);
    }
    if (vue.getUint32(local, true) !== EN_TETE_LOCAL) {
      throw new Error(`archive ZIP illisible : en-tête de « ${nom} » introuvable`);
    }
    const debut = local + 30 + vue.getUint16(local + 26, true) + vue.getUint16(local + 28, true);
    const brut = octets.subarray(debut, debut + taille);
    if (methode === 0) fichiers.push([nom, brut]);
    else if (methode === 8) fichiers.push([nom, await inflater(brut)]);
    else throw new Error(`archive ZIP : méthode ${methode} non prise en charge (« ${nom} »)`);
  }
  return fichiers;
}
