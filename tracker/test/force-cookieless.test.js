import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

// The built tracker (node build.mjs; dotnet build runs it) in a minimal browser: a cookie jar, a page location,
// sendBeacon. Returns the cookies the page has after its _paq commands ran.
function run(prefix, paq) {
    let jar = [];
    const document = {
        get cookie() {
            return jar.join('; ');
        },
        set cookie(value) {
            const pair = value.split(';')[0];
            const name = pair.split('=')[0];
            jar = jar.filter((cookie) => !cookie.startsWith(name + '='));
            if (!/expires=Thu, 01 Jan 1970/.test(value) && !/expires=[^;]*19[0-9][0-9]/.test(value)) {
                jar.push(pair);
            }
        },
        readyState: 'complete',
        title: 'Home',
        referrer: '',
        addEventListener() {},
        getElementsByTagName: () => [],
        querySelectorAll: () => [],
        documentElement: { clientWidth: 800, clientHeight: 600 },
        visibilityState: 'visible',
    };
    const window = {
        document,
        location: { href: 'https://shop.example.org/home', protocol: 'https:', hostname: 'shop.example.org' },
        navigator: { userAgent: 'test', sendBeacon: () => true, cookieEnabled: true },
        screen: { width: 800, height: 600 },
        addEventListener() {},
        setTimeout,
        clearTimeout,
        TextEncoder,
        URL,
        crypto: globalThis.crypto,
        console,
        _paq: paq,
    };
    window.window = window;
    window.self = window;
    window.top = window;
    vm.runInContext(prefix + readFileSync(new URL('../dist/matomo.js', import.meta.url), 'utf8'), vm.createContext(window));
    return document.cookie;
}

const paq = () => [['setTrackerUrl', 'https://t.example/matomo.php'], ['setSiteId', '1'], ['setCookieConsentGiven'], ['trackPageView']];
const plugin = readFileSync(new URL('../src/force-cookieless.js', import.meta.url), 'utf8');

test('the tracker alone sets its visitor and session cookies', () => {
    assert.match(run('', paq()), /_pk_id\.1\.[0-9a-f]{4}=[0-9a-f]{16}\./);
});

test('with the forced-cookieless plugin ahead of it, no cookie is set, even after consent to cookies', () => {
    assert.equal(run(plugin, paq()), '');
});
