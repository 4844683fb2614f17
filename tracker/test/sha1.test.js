import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { sha1 } from '../src/sha1.js';
import { domainHash } from '../src/cookies.js';

test('sha1 matches the FIPS 180 test vectors', () => {
    assert.equal(sha1(''), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
    assert.equal(sha1('abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(sha1('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '84983e441c3bd26ebaae4aa1f95129e5e54670f1');
});

test('sha1 agrees with node:crypto on UTF-8 text of every padding length', () => {
    for (let length = 0; length < 200; length++) {
        const text = 'é€😀x'.repeat(length).slice(0, length);
        assert.equal(sha1(text), createHash('sha1').update(text, 'utf8').digest('hex'), `length ${length}`);
    }
});

test('the cookie domain hash is the first 4 hex digits of SHA-1(domain + path)', () => {
    const expected = createHash('sha1').update('shop.example.org/').digest('hex').slice(0, 4);
    assert.equal(domainHash('shop.example.org'), expected);
    assert.equal(domainHash('shop.example.org', '/'), expected);
    assert.equal(domainHash('.example.org', '/blog'), createHash('sha1').update('.example.org/blog').digest('hex').slice(0, 4));
});
