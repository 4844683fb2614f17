import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONSENT_COOKIE, CONSENT_REMOVED_COOKIE, createConsent } from '../src/consent.js';
import { answerOptOutMessage } from '../src/index.js';

const PAGE = 'https://shop.example.com/privacy.html';
const SERVER = 'https://stats.example.org';

/** A tracker as the message handler sees it, with the real consent state over a cookie jar shared by the page. */
function tracker(url, cookies) {
    const jar = {
        get: (name) => (name in cookies ? cookies[name] : null),
        set: (name, value) => {
            cookies[name] = value;
        },
        remove: (name) => {
            delete cookies[name];
        },
    };
    const consent = createConsent(jar, { disableCookies() {}, enableCookies() {}, flush() {}, now: () => 1714644902000 });
    return {
        getMatomoUrl: () => url,
        isConsentRequired: () => consent.isConsentRequired(),
        isUserOptedOut: () => consent.isUserOptedOut(),
        rememberConsentGiven: () => consent.rememberConsentGiven(),
        forgetConsentGiven: () => consent.forgetConsentGiven(),
    };
}

test('the iframe asking for the initial state is told the visitor is counted unless opted out on either side', () => {
    const counted = [tracker(SERVER + '/', {})];
    assert.deepEqual(answerOptOutMessage(counted, SERVER, '{"maq_initial_value":true}', PAGE),
        { maq_opted_in: true, maq_url: SERVER + '/', maq_optout_by_default: false });
    // The iframe's own (third-party) cookie says opted out: the answer stays opted out.
    assert.equal(answerOptOutMessage(counted, SERVER, '{"maq_initial_value":false}', PAGE).maq_opted_in, false);
    // The site's first-party cookie says opted out (third-party cookies blocked): opted out.
    const optedOut = [tracker(SERVER + '/', { [CONSENT_REMOVED_COOKIE]: '1714644000000' })];
    assert.equal(answerOptOutMessage(optedOut, SERVER, '{"maq_initial_value":true}', PAGE).maq_opted_in, false);
});

test('a choice made in the iframe is remembered by every tracker of the page in first-party cookies and confirmed', () => {
    const cookies = {};
    const trackers = [tracker(SERVER + '/', cookies), tracker('https://other.example.net/', cookies)];
    const out = answerOptOutMessage(trackers, SERVER, JSON.stringify({ maq_opted_in: false }), PAGE);
    assert.deepEqual(out, { maq_confirm_opted_in: false, maq_url: SERVER + '/', maq_optout_by_default: true });
    assert.ok(trackers.every((t) => t.isUserOptedOut()));
    assert.equal(cookies[CONSENT_REMOVED_COOKIE], '1714644902000');

    const back = answerOptOutMessage(trackers, SERVER, JSON.stringify({ maq_opted_in: true }), PAGE);
    assert.equal(back.maq_confirm_opted_in, true);
    assert.ok(trackers.every((t) => !t.isUserOptedOut()));
    assert.equal(cookies[CONSENT_REMOVED_COOKIE], undefined);
    assert.equal(cookies[CONSENT_COOKIE], '1714644902000');
});

test('messages from another origin than a tracker\'s server, or not of the protocol, are ignored', () => {
    const cookies = {};
    const trackers = [tracker('//stats.example.org/', cookies)]; // protocol-relative: resolved against the page
    assert.equal(answerOptOutMessage(trackers, 'https://evil.example.com', '{"maq_opted_in":false}', PAGE), null);
    assert.equal(answerOptOutMessage(trackers, 'http://stats.example.org', '{"maq_opted_in":false}', PAGE), null);
    assert.deepEqual(cookies, {});
    assert.equal(answerOptOutMessage(trackers, SERVER, 'not json', PAGE), null);
    assert.equal(answerOptOutMessage(trackers, SERVER, '{"maq_opted_in":"no"}', PAGE), null);
    assert.equal(answerOptOutMessage(trackers, SERVER, { other: 1 }, PAGE), null);
    assert.equal(answerOptOutMessage(trackers, SERVER, { maq_initial_value: true }, PAGE).maq_opted_in, true);
});
