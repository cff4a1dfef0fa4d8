// fhirclient's isomorphic-webcrypto shim is unused in browsers that have crypto.subtle; the bundle drops it.
export default undefined;
