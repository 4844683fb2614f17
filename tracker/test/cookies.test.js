import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
    cookieJar, cookieName, formatCookie, formatReferralCookie, formatVisitorCookie, parseReferralCookie, parseVisitorCookie,
    readCookie,
} from '../src/cookies.js';

test('cookies are read by exact name from a cookie header and decoded', () => {
    const header = 'a=1; _pk_id.1.1fff=5b1f7c2a9d3e4f60.1714644902.; x_pk_id.1.1fff=no; mtm_consent=1714644902000; v=%5B%22x%22%5D';
    assert.equal(readCookie(header, '_pk_id.1.1fff'), '5b1f7c2a9d3e4f60.1714644902.');
    assert.equal(readCookie(header, 'mtm_consent'), '1714644902000');
    assert.equal(readCookie(header, 'v'), '["x"]');
    assert.equal(readCookie(header, 'missing'), null);
    assert.equal(readCookie('', 'a'), null);
    assert.equal(readCookie('_pk_id.1.1fffX=1', '_pk_id.1.1fff'), null);
});

test('cookie strings carry expiry, path, domain, Secure and SameSite', () => {
    const now = Date.UTC(2024, 4, 2, 10, 0, 0);
    assert.equal(
        formatCookie('_pk_ses.1.abcd', '1', { msToExpire: 1800000, now }),
        '_pk_ses.1.abcd=1;expires=Thu, 02 May 2024 10:30:00 GMT;path=/;SameSite=Lax',
    );
    assert.equal(
        formatCookie('n', 'a b', { path: '/blog', domain: '.example.org', secure: true, sameSite: 'Strict' }),
        'n=a%20b;path=/blog;domain=.example.org;secure;SameSite=Strict',
    );
    assert.equal(formatCookie('n', 'v', { sameSite: 'None' }), 'n=v;path=/;secure;SameSite=None', 'SameSite=None needs Secure');
    assert.match(formatCookie('n', '', { msToExpire: -86400000, now }), /expires=Wed, 01 May 2024 10:00:00 GMT/);
});

test('cookie names: prefix, base, site id and domain hash', () => {
    assert.equal(cookieName('_pk_', 'id', 1, '1fff'), '_pk_id.1.1fff');
    assert.equal(cookieName('_my_', 'ref', '12', 'abcd'), '_my_ref.12.abcd');
});

test('the visitor id cookie: uuid and creation time, older extra fields ignored', () => {
    assert.equal(formatVisitorCookie('5b1f7c2a9d3e4f60', 1714644902), '5b1f7c2a9d3e4f60.1714644902.');
    assert.deepEqual(parseVisitorCookie('5b1f7c2a9d3e4f60.1714644902.'), { uuid: '5b1f7c2a9d3e4f60', createdTs: 1714644902 });
    assert.deepEqual(
        parseVisitorCookie('5b1f7c2a9d3e4f60.1614644902.3.1714644000.1714640000.'),
        { uuid: '5b1f7c2a9d3e4f60', createdTs: 1614644902 },
    );
    assert.equal(parseVisitorCookie('not-hex-at-all!.1'), null);
    assert.equal(parseVisitorCookie('5b1f7c2a9d3e4f6.1.'), null, '15 digits');
    assert.equal(parseVisitorCookie(null), null);
});

test('the referral cookie: JSON [name, keyword, ts, url], the URL cut at 1024 characters', () => {
    const value = formatReferralCookie('spring', 'shoes', 1714644902, 'https://news.example.com/a');
    assert.equal(value, '["spring","shoes",1714644902,"https://news.example.com/a"]');
    assert.deepEqual(parseReferralCookie(value), ['spring', 'shoes', 1714644902, 'https://news.example.com/a']);
    const long = 'https://r.example.com/' + 'x'.repeat(2000);
    assert.equal(JSON.parse(formatReferralCookie('', '', 1, long))[3].length, 1024);
    assert.deepEqual(parseReferralCookie('{broken'), ['', '', 0, '']);
    assert.deepEqual(parseReferralCookie(null), ['', '', 0, '']);
});

test('a jar writes through document.cookie with the current options', () => {
    const writes = [];
    const doc = { cookie: '' };
    Object.defineProperty(doc, 'cookie', { get: () => 'k=v', set: (text) => writes.push(text) });
    const jar = cookieJar(doc, () => ({ path: '/shop', domain: '', secure: false, sameSite: 'Lax' }));
    assert.equal(jar.get('k'), 'v');
    jar.set('k', 'w', 0);
    jar.remove('k');
    assert.equal(writes[0], 'k=w;path=/shop;SameSite=Lax');
    assert.match(writes[1], /^k=;expires=.*;path=\/shop;SameSite=Lax$/);
});

test('cookie values keep their = signs and broken escapes; names are matched after any spaces', () => {
    assert.equal(readCookie('a=b=c; d=1', 'a'), 'b=c');
    assert.equal(readCookie('x=1;   _pk_ses.1.abcd=1', '_pk_ses.1.abcd'), '1');
    assert.equal(readCookie('bad=%E0%A4', 'bad'), '%E0%A4');
    assert.equal(readCookie('empty=', 'empty'), '');
    // A cookie whose name ends with the one asked for is another cookie.
    assert.equal(readCookie('my_pk_ses.1.abcd=1', '_pk_ses.1.abcd'), null);
    // Written values are encoded, so they read back as they were.
    const written = formatCookie('_pk_ref.1.abcd', '["a; b","",1,"https://e.org/?q=1&r=2"]', {});
    const header = written.split(';')[0];
    assert.equal(readCookie(header, '_pk_ref.1.abcd'), '["a; b","",1,"https://e.org/?q=1&r=2"]');
});
