import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { stubBrowser } from './stub-browser.js';

// The built tracker in a minimal browser; returns the cookies the page has after its _paq commands ran.
function run(prefix, paq) {
    const browser = stubBrowser({ paq });
    browser.load(prefix);
    return browser.document.cookie;
}

const paq = () => [['setTrackerUrl', 'https://t.example/matomo.php'], ['setSiteId', '1'], ['setCookieConsentGiven'], ['trackPageView']];
const plugin = readFileSync(new URL('../src/force-cookieless.js', import.meta.url), 'utf8');

test('the tracker alone sets its visitor and session cookies', () => {
    assert.match(run('', paq()), /_pk_id\.1\.[0-9a-f]{4}=[0-9a-f]{16}\./);
});

test('with the forced-cookieless plugin ahead of it, no cookie is set, even after consent to cookies', () => {
    assert.equal(run(plugin, paq()), '');
});
