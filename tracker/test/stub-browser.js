// A minimal browser for running the built tracker (dist/matomo.js; `node build.mjs`, which dotnet build runs) in
// node: a cookie jar behind document.cookie (expired cookies are dropped), a page location, window listeners
// that a test can fire, and sendBeacon recording what the tracker sends.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const TRACKER = new URL('../dist/matomo.js', import.meta.url);

/** A fake Blob keeping its parts, to read the beacon bodies back. */
class StubBlob {
    constructor(parts, options) {
        this.text = parts.join('');
        this.type = options && options.type;
    }
}

/**
 * @param {object} [options]
 * @param {string} [options.href] the page's URL
 * @param {string} [options.referrer] document.referrer
 * @param {string[]} [options.cookies] "name=value" pairs present before the tracker runs
 * @param {Array} [options.paq] the _paq queue
 * @param {boolean} [options.framed] the page is in a frame (window.top is another window)
 */
export function stubBrowser(options = {}) {
    const o = { href: 'https://shop.example.org/home', referrer: '', cookies: [], paq: [], framed: false, ...options };
    let jar = [...o.cookies];
    const writes = [];
    const beacons = [];
    const listeners = {};
    const url = new URL(o.href);
    const document = {
        get cookie() {
            return jar.join('; ');
        },
        set cookie(value) {
            writes.push(value);
            const pair = value.split(';')[0];
            const name = pair.split('=')[0];
            jar = jar.filter((cookie) => !cookie.startsWith(name + '='));
            const expires = /;expires=([^;]*)/.exec(value);
            if (!expires || Date.parse(expires[1]) > Date.now()) {
                jar.push(pair);
            }
        },
        readyState: 'complete',
        title: 'Home',
        referrer: o.referrer,
        characterSet: 'UTF-8',
        addEventListener() {},
        getElementsByTagName: () => [],
        querySelectorAll: () => [],
        documentElement: { clientWidth: 800, clientHeight: 600 },
        visibilityState: 'visible',
    };
    const window = {
        document,
        location: { href: o.href, protocol: url.protocol, hostname: url.hostname, host: url.host, pathname: url.pathname, search: url.search, hash: url.hash },
        navigator: {
            userAgent: 'test',
            cookieEnabled: true,
            sendBeacon: (target, blob) => {
                beacons.push({ url: target, body: blob.text, type: blob.type });
                return true;
            },
        },
        screen: { width: 800, height: 600 },
        addEventListener(type, handler) {
            (listeners[type] = listeners[type] || []).push(handler);
        },
        setTimeout,
        clearTimeout,
        setInterval,
        clearInterval,
        TextEncoder,
        URL,
        Blob: StubBlob,
        crypto: globalThis.crypto,
        console,
        _paq: o.paq,
    };
    window.window = window;
    window.self = window;
    window.top = o.framed ? { location: { href: 'https://framing.example.net/' } } : window;
    let context = null;
    return {
        window,
        document,
        /** Runs the tracker script, after `prefix` (a plugin's source) if given. */
        load(prefix = '') {
            context = vm.createContext(window);
            vm.runInContext(prefix + readFileSync(TRACKER, 'utf8'), context);
            return window.Matomo;
        },
        /** The window as the page's scripts see it (node's context global, not the object given to it). */
        pageWindow: () => vm.runInContext('window', context),
        /** Calls the window's listeners of an event type. */
        fire(type, event) {
            for (const handler of listeners[type] || []) {
                handler(event);
            }
        },
        cookie: (name) => {
            const found = jar.find((cookie) => cookie.startsWith(name + '='));
            return found === undefined ? null : found.slice(name.length + 1);
        },
        cookieNames: () => jar.map((cookie) => cookie.split('=')[0]),
        /** Every document.cookie assignment, with its attributes. */
        writes,
        beacons,
        /** The parameters of each request sent so far (query of the beacon's URL and its body). */
        hits: () => beacons.map((beacon) => {
            const query = beacon.url.indexOf('?') >= 0 ? beacon.url.slice(beacon.url.indexOf('?') + 1) : '';
            return Object.fromEntries(new URLSearchParams([query, beacon.body].filter(Boolean).join('&')));
        }),
    };
}
