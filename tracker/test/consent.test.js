import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COOKIE_CONSENT_COOKIE, CONSENT_COOKIE, CONSENT_REMOVED_COOKIE, createConsent } from '../src/consent.js';

const NOW = 1714644902000;
const THIRTY_YEARS = 946080000000;

function setup(initial = {}) {
    const cookies = { ...initial };
    const lifetimes = {};
    const events = [];
    const jar = {
        get: (name) => (name in cookies ? cookies[name] : null),
        set: (name, value, ms) => {
            cookies[name] = value;
            lifetimes[name] = ms;
        },
        remove: (name) => {
            delete cookies[name];
        },
    };
    const consent = createConsent(jar, {
        disableCookies: (deleting) => events.push(deleting ? 'disable+delete' : 'disable'),
        enableCookies: () => events.push('enable'),
        flush: () => events.push('flush'),
        now: () => NOW,
    });
    return { consent, cookies, lifetimes, events };
}

test('without requireConsent a visitor is counted', () => {
    const { consent, events } = setup();
    assert.ok(consent.canSend());
    assert.ok(!consent.isUserOptedOut());
    assert.ok(!consent.isConsentRequired());
    assert.deepEqual(events, []);
});

test('requireConsent holds requests and cookies until setConsentGiven', () => {
    const { consent, events, cookies } = setup();
    consent.requireConsent();
    assert.ok(consent.isConsentRequired());
    assert.ok(!consent.canSend());
    assert.deepEqual(events, ['disable'], 'cookies are withheld, not deleted');
    consent.setConsentGiven();
    assert.ok(consent.canSend());
    assert.deepEqual(events, ['disable', 'enable', 'flush']);
    assert.deepEqual(cookies, {}, 'consent for this page only');
});

test('setConsentGiven(false) sends requests but keeps cookies off', () => {
    const { consent, events } = setup();
    consent.requireConsent();
    consent.setConsentGiven(false);
    assert.ok(consent.canSend());
    assert.deepEqual(events, ['disable', 'flush']);
});

test('rememberConsentGiven stores mtm_consent (30 years, or the hours given) and is read back on the next page', () => {
    const first = setup();
    first.consent.requireConsent();
    first.consent.rememberConsentGiven();
    assert.equal(first.cookies[CONSENT_COOKIE], String(NOW));
    assert.equal(first.lifetimes[CONSENT_COOKIE], THIRTY_YEARS);
    const next = setup(first.cookies);
    next.consent.requireConsent();
    assert.ok(next.consent.canSend(), 'remembered consent');
    assert.ok(next.consent.hasRememberedConsent());
    assert.equal(next.consent.getRememberedConsent(), String(NOW));
    assert.deepEqual(next.events, [], 'cookies stay on');
    const hours = setup();
    hours.consent.rememberConsentGiven(2);
    assert.equal(hours.lifetimes[CONSENT_COOKIE], 7200000);
});

test('forgetConsentGiven removes mtm_consent, sets mtm_consent_removed and stops tracking', () => {
    const { consent, cookies, events } = setup({ [CONSENT_COOKIE]: '1', [COOKIE_CONSENT_COOKIE]: '1' });
    consent.requireConsent();
    assert.ok(consent.canSend());
    consent.forgetConsentGiven();
    assert.ok(!consent.canSend());
    assert.ok(!(CONSENT_COOKIE in cookies));
    assert.ok(!(COOKIE_CONSENT_COOKIE in cookies));
    assert.equal(cookies[CONSENT_REMOVED_COOKIE], String(NOW));
    assert.deepEqual(events, ['disable+delete', 'disable']);
});

test('an opted-out visitor stays out on the next page even without requireConsent; forgetUserOptOut lets them back in', () => {
    const first = setup();
    first.consent.optUserOut();
    assert.ok(first.consent.isUserOptedOut());
    const next = setup(first.cookies);
    assert.ok(next.consent.isUserOptedOut());
    assert.ok(!next.consent.canSend());
    next.consent.forgetUserOptOut();
    assert.ok(next.consent.canSend());
    assert.ok(!(CONSENT_REMOVED_COOKIE in next.cookies));
    assert.ok(!(CONSENT_COOKIE in next.cookies), 'opting back in is not a consent');
    assert.deepEqual(next.events, ['flush'], 'cookies are not switched back on');
});

test('a removed consent wins over a given one, which is then deleted', () => {
    const { consent, cookies } = setup({ [CONSENT_COOKIE]: '1', [CONSENT_REMOVED_COOKIE]: '2' });
    assert.ok(!consent.hasRememberedConsent());
    assert.ok(!(CONSENT_COOKIE in cookies));
    assert.equal(consent.getRememberedConsent(), null);
});

test('cookie consent: requireCookieConsent disables cookies unless remembered; remember and forget it', () => {
    const { consent, cookies, events } = setup();
    assert.equal(consent.requireCookieConsent(), true);
    assert.ok(consent.canSend(), 'requests are still sent, without cookies');
    assert.deepEqual(events, ['disable+delete']);
    consent.rememberCookieConsentGiven();
    assert.equal(cookies[COOKIE_CONSENT_COOKIE], String(NOW));
    assert.deepEqual(events, ['disable+delete', 'enable']);
    const next = setup(cookies);
    assert.equal(next.consent.requireCookieConsent(), false, 'remembered');
    assert.deepEqual(next.events, []);
    next.consent.forgetCookieConsentGiven();
    assert.ok(!(COOKIE_CONSENT_COOKIE in next.cookies));
    assert.deepEqual(next.events, ['disable+delete']);
});
