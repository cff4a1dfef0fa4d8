/** (v3) §2 interferon hypersensitivity (AllergyIntolerance): implemented beside the §6 drug classes it uses. */
export { readInterferonAllergy } from './medications.js';
