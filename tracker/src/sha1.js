/**
 * SHA-1 of a string's UTF-8 bytes, as 40 lowercase hex digits (FIPS 180-4, section 6.1).
 * The tracker needs it synchronously for the cookie name's domain hash (the first 4 digits of
 * SHA-1(cookie domain + cookie path)), so that our cookie names are the ones matomo.js uses.
 *
 * @param {string} text
 * @returns {string}
 */
export function sha1(text) {
    const bytes = new TextEncoder().encode(text);
    // Message padding: 0x80, zeros, then the bit length as a 64-bit big-endian number.
    const blocks = ((bytes.length + 8) >>> 6) + 1;
    const words = new Uint32Array(blocks * 16);
    for (let i = 0; i < bytes.length; i++) {
        words[i >>> 2] |= bytes[i] << (24 - (i % 4) * 8);
    }
    words[bytes.length >>> 2] |= 0x80 << (24 - (bytes.length % 4) * 8);
    const bitLength = bytes.length * 8;
    words[blocks * 16 - 1] = bitLength >>> 0;
    words[blocks * 16 - 2] = Math.floor(bitLength / 0x100000000);

    let h0 = 0x67452301;
    let h1 = 0xefcdab89;
    let h2 = 0x98badcfe;
    let h3 = 0x10325476;
    let h4 = 0xc3d2e1f0;
    const w = new Uint32Array(80);
    const rotl = (x, n) => (x << n) | (x >>> (32 - n));

    for (let block = 0; block < blocks; block++) {
        for (let t = 0; t < 16; t++) {
            w[t] = words[block * 16 + t];
        }
        for (let t = 16; t < 80; t++) {
            w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        }

        let a = h0;
        let b = h1;
        let c = h2;
        let d = h3;
        let e = h4;
        for (let t = 0; t < 80; t++) {
            let f;
            let k;
            if (t < 20) {
                f = (b & c) | (~b & d);
                k = 0x5a827999;
            } else if (t < 40) {
                f = b ^ c ^ d;
                k = 0x6ed9eba1;
            } else if (t < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8f1bbcdc;
            } else {
                f = b ^ c ^ d;
                k = 0xca62c1d6;
            }
            const temp = (rotl(a, 5) + f + e + k + w[t]) >>> 0;
            e = d;
            d = c;
            c = rotl(b, 30) >>> 0;
            b = a;
            a = temp;
        }
        h0 = (h0 + a) >>> 0;
        h1 = (h1 + b) >>> 0;
        h2 = (h2 + c) >>> 0;
        h3 = (h3 + d) >>> 0;
        h4 = (h4 + e) >>> 0;
    }

    return [h0, h1, h2, h3, h4].map((h) => h.toString(16).padStart(8, '0')).join('');
}
