// The tracker's public methods (js-tracker.md §3) that need no real page, on the built tracker in a stub browser:
// what each sends, the cookies it writes, what its getters return. Expected values come from js-tracker.md.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { stubBrowser } from './stub-browser.js';

const TRACKER_URL = 'https://stats.example.org/matomo.php';
const VISITOR = '0123456789abcdef';

/** SHA-1(host + path), first 4 hex digits: the cookie names' domain hash (js-tracker.md §4). */
const hash = (hostAndPath) => createHash('sha1').update(hostAndPath).digest('hex').slice(0, 4);
const ID_COOKIE = `_pk_id.1.${hash('shop.example.org/')}`;

/**
 * The tracker on https://shop.example.org/home, configured by the given commands, for a returning visitor (an
 * existing _pk_id and _pk_ses, so that no request waits behind the first one of a new visitor).
 */
function tracker(commands = [], options = {}) {
    const created = Math.floor(Date.now() / 1000) - 86400;
    const browser = stubBrowser({
        cookies: [`${ID_COOKIE}=${VISITOR}.${created}.`, `_pk_ses.1.${hash('shop.example.org/')}=1`],
        paq: [['setTrackerUrl', TRACKER_URL], ['setSiteId', '1'], ...commands],
        ...options,
    });
    const Matomo = browser.load();
    return { browser, t: Matomo.getAsyncTracker() };
}

test('user id, visitor id and visitor info', () => {
    const { browser, t } = tracker();
    assert.equal(t.getVisitorId(), VISITOR);
    const info = t.getVisitorInfo();
    assert.equal(info[0], '0'); // not new
    assert.equal(info[1], VISITOR);
    t.setUserId('alice@example.org');
    assert.equal(t.getUserId(), 'alice@example.org');
    t.trackPageView('With user');
    t.resetUserId();
    assert.equal(t.getUserId(), '');
    t.trackPageView('Without user');
    // A forced visitor id (16 hex) is sent as _id and, as Matomo's loadVisitorIdCookie does, replaces the id in the
    // visitor cookie (js-tracker.md's "not persisted" does not hold for Matomo 5).
    t.setVisitorId('fedcba9876543210');
    t.trackPageView('Forced id');
    t.setVisitorId('not-an-id');
    const hits = browser.hits();
    assert.equal(hits[0].uid, 'alice@example.org');
    assert.equal(hits[0]._id, VISITOR);
    assert.equal(hits[1].uid, undefined);
    assert.equal(hits[2]._id, 'fedcba9876543210');
    assert.ok(browser.cookie(ID_COOKIE).startsWith('fedcba9876543210.'));
    assert.equal(t.getVisitorId(), 'fedcba9876543210'); // the invalid id was refused
});

test('custom dimensions and custom variables: set, read, delete; visit variables in a cookie when asked', () => {
    const { browser, t } = tracker([['storeCustomVariablesInCookie']]);
    t.setCustomDimension(3, 'Gold');
    t.setCustomDimension('4', 7);
    assert.equal(t.getCustomDimension(3), 'Gold');
    assert.equal(t.getCustomDimension(4), '7');
    t.setCustomVariable(1, 'Plan', 'Pro', 'visit');
    t.setCustomVariable(2, 'Section', 'News', 'page');
    // (Arrays of the page's realm: compared by their items.)
    assert.deepEqual([...t.getCustomVariable(1, 'visit')], ['Plan', 'Pro']);
    assert.deepEqual([...t.getCustomVariable(2, 'page')], ['Section', 'News']);
    t.trackPageView();
    t.deleteCustomDimension(3);
    t.deleteCustomVariable(2, 'page');
    assert.equal(t.getCustomDimension(3), undefined);
    assert.equal(t.getCustomVariable(2, 'page'), false);
    t.trackPageView();
    const [first, second] = browser.hits();
    assert.equal(first.dimension3, 'Gold');
    assert.equal(first.dimension4, '7');
    assert.deepEqual(JSON.parse(first._cvar), { 1: ['Plan', 'Pro'] });
    assert.deepEqual(JSON.parse(first.cvar), { 2: ['Section', 'News'] });
    assert.equal(second.dimension3, undefined);
    assert.equal(second.cvar, undefined);
    assert.deepEqual(JSON.parse(decodeURIComponent(browser.cookie(`_pk_cvar.1.${hash('shop.example.org/')}`))), { 1: ['Plan', 'Pro'] });
});

test('page view id, link tracking timer, tracker and API URLs, current URL without the hash', () => {
    const { browser, t } = tracker([], { href: 'https://shop.example.org/home?x=1#section' });
    t.setPageViewId('abc123');
    assert.equal(t.getPageViewId(), 'abc123');
    t.setLinkTrackingTimer(250);
    assert.equal(t.getLinkTrackingTimer(), 250);
    assert.equal(t.getMatomoUrl(), 'https://stats.example.org/');
    t.setApiUrl('https://api.example.org/');
    assert.equal(t.getMatomoUrl(), 'https://api.example.org/');
    t.discardHashTag(true);
    assert.equal(t.getCurrentUrl(), 'https://shop.example.org/home?x=1#section'); // as Matomo: the hash goes from hits only
    t.trackPageView();
    const [hit] = browser.hits();
    assert.equal(hit.pv_id, 'abc123');
    assert.equal(hit.url, 'https://shop.example.org/home?x=1');
});

test('cookie options: name prefix, Secure, SameSite=None, lifetimes; deleteCookies and hasCookies', () => {
    const { browser, t } = tracker([
        ['setCookieNamePrefix', '_st_'], ['setSecureCookie', true], ['setCookieSameSite', 'None'],
        ['setVisitorCookieTimeout', 86400], ['setSessionCookieTimeout', 600],
    ]);
    const before = Date.now();
    t.trackPageView();
    const hashed = hash('shop.example.org/');
    const idWrite = browser.writes.findLast((w) => w.startsWith(`_st_id.1.${hashed}=`));
    const sesWrite = browser.writes.findLast((w) => w.startsWith(`_st_ses.1.${hashed}=`));
    assert.ok(idWrite, 'the visitor cookie carries the prefix');
    assert.match(idWrite, /;secure;SameSite=None$/);
    const expiry = (write) => Date.parse(/;expires=([^;]*)/.exec(write)[1]);
    // The visitor cookie lasts the timeout from its creation (a new id here: the prefix names another cookie).
    assert.ok(Math.abs(expiry(idWrite) - (before + 86400000)) < 5000);
    assert.ok(Math.abs(expiry(sesWrite) - (before + 600000)) < 5000);
    assert.equal(t.hasCookies(), '1');
    t.deleteCookies();
    assert.deepEqual(browser.cookieNames().filter((n) => n.startsWith('_st_')), []);
});

test('SameSite=None and Secure are refused on an http page', () => {
    const { browser, t } = tracker([['setSecureCookie', true], ['setCookieSameSite', 'None']], { href: 'http://shop.example.org/home' });
    t.trackPageView();
    const idWrite = browser.writes.findLast((w) => w.startsWith(ID_COOKIE + '='));
    assert.match(idWrite, /;SameSite=Lax$/);
    assert.doesNotMatch(idWrite, /;secure/);
});

test('browser features and page performance: on by default, off when disabled, set by hand', () => {
    const on = tracker();
    on.t.trackPageView();
    assert.equal(on.browser.hits()[0].res, '800x600');
    assert.equal(on.browser.hits()[0].cookie, '1');

    const off = tracker([['disableBrowserFeatureDetection']]);
    off.t.trackPageView();
    assert.equal(off.browser.hits()[0].res, undefined);
    off.t.enableBrowserFeatureDetection();
    off.t.trackPageView();
    assert.equal(off.browser.hits()[1].res, '800x600');

    const timed = tracker([['setPagePerformanceTiming', 10, 20, 30, 40, 50, 60]]);
    timed.t.trackPageView();
    const hit = timed.browser.hits()[0];
    assert.deepEqual([hit.pf_net, hit.pf_srv, hit.pf_tfr, hit.pf_dm1, hit.pf_dm2, hit.pf_onl], ['10', '20', '30', '40', '50', '60']);
    timed.t.trackPageView();
    assert.equal(timed.browser.hits()[1].pf_net, undefined); // first page view only

    const untimed = tracker([['disablePerformanceTracking'], ['setPagePerformanceTiming', 10, 20]]);
    untimed.t.trackPageView();
    assert.equal(untimed.browser.hits()[0].pf_net, undefined);
});

test('trackRequest, trackLink, content calls, custom data, appended query, custom processing and content type', () => {
    const { browser, t } = tracker([
        ['appendToTrackingUrl', 'lang=fr&x=1'], ['setRequestContentType', 'text/plain'],
    ]);
    t.trackRequest('ping=1&e_c=Raw', { plan: 'pro' });
    t.trackLink('https://partner.example.com/offer', 'link');
    t.trackLink('https://shop.example.org/files/price.pdf', 'download');
    t.trackContentImpression('Banner', 'banner.png', 'https://shop.example.org/sale');
    t.trackContentInteraction('click', 'Banner', 'banner.png', 'https://shop.example.org/sale');
    t.setCustomRequestProcessing((query) => query + '&processed=1');
    t.trackPageView();
    const hits = browser.hits();
    assert.equal(hits[0].e_c, 'Raw');
    assert.equal(hits[0].data, '{"plan":"pro"}');
    assert.equal(hits[0].lang, 'fr');
    assert.equal(hits[1].link, 'https://partner.example.com/offer');
    assert.equal(hits[2].download, 'https://shop.example.org/files/price.pdf');
    assert.deepEqual([hits[3].c_n, hits[3].c_p, hits[3].c_t, hits[3].c_i], ['Banner', 'banner.png', 'https://shop.example.org/sale', undefined]);
    assert.deepEqual([hits[4].c_i, hits[4].c_n], ['click', 'Banner']);
    assert.equal(hits[5].processed, '1');
    assert.equal(browser.beacons[0].type, 'text/plain');
});

test('campaign keys, attribution getters, first-referrer attribution and campaign parameters turned off', () => {
    const url = 'https://shop.example.org/landing?promo=Spring&kw=green+tea';
    const first = tracker([['setCampaignNameKey', 'promo'], ['setCampaignKeywordKey', ['kw']]], { href: url, cookies: [] });
    first.t.trackPageView();
    assert.equal(first.t.getAttributionCampaignName(), 'Spring'); // as in the URL (the server lower-cases it)
    assert.equal(first.t.getAttributionCampaignKeyword(), 'green tea');
    assert.ok(Math.abs(first.t.getAttributionReferrerTimestamp() - Date.now() / 1000) < 5);
    assert.equal(first.t.getAttributionReferrerUrl(), '');
    assert.equal(first.t.getAttributionInfo()[0], 'Spring');

    // disableCampaignParameters: the URL's campaign is not read.
    const off = tracker([['disableCampaignParameters']], { href: 'https://shop.example.org/?mtm_campaign=x', cookies: [] });
    off.t.trackPageView();
    assert.equal(off.t.getAttributionCampaignName(), '');

    // First-referrer attribution keeps the stored referrer when a new one comes; the default keeps the last.
    const stored = `_pk_ref.1.${hash('shop.example.org/')}=` + encodeURIComponent(JSON.stringify(['', '', 1714644902, 'https://first.example.net/']));
    const keepFirst = tracker([['setConversionAttributionFirstReferrer', true]], { cookies: [stored], referrer: 'https://second.example.net/page' });
    keepFirst.t.trackPageView();
    assert.equal(keepFirst.t.getAttributionReferrerUrl(), 'https://first.example.net/');
    const keepLast = tracker([], { cookies: [stored], referrer: 'https://second.example.net/page' });
    keepLast.t.trackPageView();
    assert.equal(keepLast.t.getAttributionReferrerUrl(), 'https://second.example.net/page');
});

test('excluded referrers are not sent as urlref', () => {
    const { browser, t } = tracker([['setExcludedReferrers', ['payments.example.com']]], { referrer: 'https://payments.example.com/return' });
    t.trackPageView();
    assert.equal(browser.hits()[0].urlref, undefined);
    const other = tracker([], { referrer: 'https://www.example.net/' });
    other.t.trackPageView();
    assert.equal(other.browser.hits()[0].urlref, 'https://www.example.net/');
});

test('cross-domain linking parameter: pk_vid = visitor id, 10-digit time, 6-character browser hash', () => {
    const { t } = tracker([['enableCrossDomainLinking']]);
    const parameter = t.getCrossDomainLinkingUrlParameter();
    const match = /^pk_vid=([0-9a-f]{16})(\d{10})([0-9a-f]{6})$/.exec(parameter);
    assert.ok(match, parameter);
    assert.equal(match[1], VISITOR);
    assert.ok(Math.abs(Number(match[2]) - Date.now() / 1000) < 5);
});

test('file pages are tracked only with enableFileTracking; redirectFile works only there', () => {
    const off = tracker([], { href: 'file:///home/user/page.html' });
    off.t.trackPageView();
    assert.equal(off.browser.beacons.length, 0);
    const on = tracker([['enableFileTracking']], { href: 'file:///home/user/page.html' });
    on.t.trackPageView();
    assert.equal(on.browser.beacons.length, 1);
    on.t.redirectFile('https://shop.example.org/');
    assert.equal(on.browser.window.location, 'https://shop.example.org/');
    const web = tracker();
    web.t.redirectFile('https://elsewhere.example.org/');
    assert.equal(web.browser.window.location.href, 'https://shop.example.org/home');
});

test('killFrame sends the top window to the page when framed', () => {
    const { browser, t } = tracker([], { framed: true });
    t.killFrame();
    assert.equal(browser.window.top.location, 'https://shop.example.org/home');
});

test('enableJSErrorTracking sends each distinct error once as a JavaScript Errors event', () => {
    const { browser, t } = tracker([['enableJSErrorTracking']]);
    const error = { target: browser.pageWindow(), message: 'x is not defined', filename: 'https://shop.example.org/app.js', lineno: 12, colno: 5 };
    browser.fire('error', error);
    browser.fire('error', error);
    browser.fire('error', { ...error, lineno: 13, colno: 0 });
    const events = browser.hits().filter((h) => h.e_c === 'JavaScript Errors');
    assert.deepEqual(events.map((h) => [h.e_a, h.e_n]), [
        ['https://shop.example.org/app.js:12:5', 'x is not defined'],
        ['https://shop.example.org/app.js:13', 'x is not defined'],
    ]);
    assert.equal(t.getSiteId(), '1');
});

test('sendBeacon is the default; alwaysUseSendBeacon turns it back on after disableAlwaysUseSendBeacon', () => {
    const { browser, t } = tracker([['disableAlwaysUseSendBeacon']]);
    let xhr = 0;
    browser.window.XMLHttpRequest = class {
        open() {}
        setRequestHeader() {}
        send() {
            xhr++;
        }
    };
    let images = 0;
    browser.window.Image = class {
        set src(value) {
            images++;
        }
    };
    t.trackPageView();
    assert.deepEqual([browser.beacons.length, images, xhr], [0, 1, 0]); // GET by image
    t.alwaysUseSendBeacon();
    t.trackPageView();
    assert.deepEqual([browser.beacons.length, images, xhr], [1, 1, 0]);
});

test('global hooks: matomoPluginAsyncInit and matomoAsyncInit run once loaded; Piwik is Matomo; getTracker makes an independent tracker', () => {
    const calls = [];
    const browser = stubBrowser({ paq: [] });
    browser.window.matomoPluginAsyncInit = [() => calls.push('plugin init')];
    browser.window.matomoAsyncInit = () => calls.push('init:' + typeof browser.window.Matomo.getTracker);
    const Matomo = browser.load();
    assert.deepEqual(calls, ['plugin init', 'init:function']);
    assert.equal(browser.window.Piwik, Matomo);
    assert.ok(Matomo.initialized);
    const other = Matomo.getTracker('https://other.example.net/matomo.php', 7);
    other.trackPageView('Elsewhere');
    assert.equal(Matomo.getAsyncTrackers().length, 0); // no _paq: no async tracker
    const [hit] = browser.hits();
    assert.equal(hit.idsite, '7');
    assert.ok(browser.beacons[0].url.startsWith('https://other.example.net/matomo.php'));
});

test('plugins add parameters to the requests of their type', () => {
    const { browser, t } = tracker();
    browser.window.Matomo.addPlugin('Audit', {
        log: ({ tracker }) => '&plugin_page=' + tracker.getSiteId(),
        event: () => 'plugin_event=1',
        goal: () => '&plugin_goal=1',
    });
    t.trackPageView();
    t.trackEvent('Video', 'Play');
    t.trackGoal(3, 9.5);
    const hits = browser.hits();
    assert.deepEqual([hits[0].plugin_page, hits[0].plugin_event], ['1', undefined]);
    assert.deepEqual([hits[1].plugin_event, hits[1].plugin_page], ['1', undefined]);
    assert.deepEqual([hits[2].plugin_goal, hits[2].idgoal, hits[2].revenue], ['1', '3', '9.5']);
});

test('a page not in UTF-8 sends its charset; the attribution cookie is sent as _rcn, _rck, _refts, _ref', () => {
    const ref = `_pk_ref.1.${hash('shop.example.org/')}=` + encodeURIComponent(JSON.stringify(['Summer', 'tea', 1714644902, 'https://blog.example.net/post']));
    const { browser, t } = tracker([], { cookies: [ref, `${ID_COOKIE}=${VISITOR}.1714644000.`, `_pk_ses.1.${hash('shop.example.org/')}=1`] });
    browser.document.characterSet = 'windows-1252';
    t.trackPageView();
    const [hit] = browser.hits();
    assert.equal(hit.cs, 'windows-1252');
    assert.deepEqual([hit._rcn, hit._rck, hit._refts, hit._ref], ['Summer', 'tea', '1714644902', 'https://blog.example.net/post']);
    const utf8 = tracker();
    utf8.t.trackPageView();
    assert.equal(utf8.browser.hits()[0].cs, undefined);
});

test('the referral cookie lasts setReferralCookieTimeout', () => {
    const { browser, t } = tracker([['setReferralCookieTimeout', 3600]], { cookies: [], referrer: 'https://www.example.net/' });
    const before = Date.now();
    t.trackPageView();
    const write = browser.writes.findLast((w) => w.startsWith(`_pk_ref.1.${hash('shop.example.org/')}=`));
    assert.ok(Math.abs(Date.parse(/;expires=([^;]*)/.exec(write)[1]) - (before + 3600000)) < 5000);
});

test('ecommerce cart: items keyed by SKU, removed one by one or all', () => {
    const { t } = tracker();
    t.addEcommerceItem('SKU1', 'Tea', 'Drinks', 4.5, 2);
    t.addEcommerceItem('SKU2', 'Cup');
    t.addEcommerceItem('SKU1', 'Green tea', 'Drinks', 5, 1); // replaces
    assert.deepEqual(Object.keys(t.getEcommerceItems()), ['SKU1', 'SKU2']);
    assert.equal(t.getEcommerceItems().SKU1[1], 'Green tea');
    t.removeEcommerceItem('SKU2');
    assert.deepEqual(Object.keys(t.getEcommerceItems()), ['SKU1']);
    t.clearEcommerceCart();
    assert.deepEqual(Object.keys(t.getEcommerceItems()), []);
});

test('a cross-domain visitor id is adopted while fresh (setCrossDomainLinkingTimeout) and from the same browser only', () => {
    const parameter = tracker([['enableCrossDomainLinking']]).t.getCrossDomainLinkingUrlParameter();
    const value = parameter.slice('pk_vid='.length);
    const landing = (v, commands = []) => tracker([['enableCrossDomainLinking'], ...commands], {
        href: 'https://blog.example.org/?pk_vid=' + v, cookies: [],
    }).t.getVisitorId();
    assert.equal(landing(value), VISITOR);
    const old = value.slice(0, 16) + String(Math.floor(Date.now() / 1000) - 100) + value.slice(26);
    assert.equal(landing(old), VISITOR); // 100 s: within the default 180 s
    assert.notEqual(landing(old, [['setCrossDomainLinkingTimeout', 60]]), VISITOR);
    assert.notEqual(landing(value.slice(0, 26) + 'ffffff'), VISITOR); // another browser's hash
});

test('Matomo\'s install check: every request of a page opened with tracker_install_check carries it', () => {
    const { browser, t } = tracker([], { href: 'https://shop.example.org/?tracker_install_check=0123abcd' });
    t.trackPageView();
    t.trackEvent('a', 'b');
    assert.deepEqual(browser.hits().map((h) => h.tracker_install_check), ['0123abcd', '0123abcd']);
    const plain = tracker();
    plain.t.trackPageView();
    assert.equal(plain.browser.hits()[0].tracker_install_check, undefined);
});

test('client hints: requests wait for getHighEntropyValues and carry uadata', async () => {
    let resolve;
    const { browser, t } = tracker([], {});
    browser.window.navigator.userAgentData = {
        brands: [{ brand: 'Chromium', version: '156' }],
        mobile: false,
        platform: 'Linux',
        getHighEntropyValues: () => new Promise((r) => {
            resolve = r;
        }),
    };
    t.trackPageView();
    assert.equal(browser.beacons.length, 0); // waiting for the hints
    resolve({ brands: [{ brand: 'Chromium', version: '156' }], fullVersionList: [{ brand: 'Chromium', version: '156.0.8078.79' }], mobile: false, platform: 'Linux', platformVersion: '6.1.0', model: '' });
    await new Promise((r) => setTimeout(r, 10));
    const [hit] = browser.hits();
    assert.deepEqual(JSON.parse(hit.uadata), {
        brands: [{ brand: 'Chromium', version: '156' }], fullVersionList: [{ brand: 'Chromium', version: '156.0.8078.79' }],
        mobile: false, model: '', platform: 'Linux', platformVersion: '6.1.0',
    });
});

test('a new visitor\'s first request goes alone: the next ones wait a moment, so that the server makes one visit', async () => {
    const browser = stubBrowser({ paq: [['setTrackerUrl', TRACKER_URL], ['setSiteId', '1']] });
    const t = browser.load().getAsyncTracker();
    t.trackPageView();
    t.trackEvent('Video', 'Play');
    assert.deepEqual(browser.hits().map((h) => h._idn), ['1']);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(browser.hits().map((h) => h._idn), ['1', '0']);
    assert.equal(browser.hits()[1].e_c, 'Video');
});

test('remembered cookie consent is read back from mtm_cookie_consent', () => {
    const { browser, t } = tracker([['requireCookieConsent']]);
    assert.equal(t.getRememberedCookieConsent(), null);
    t.rememberCookieConsentGiven();
    assert.equal(t.getRememberedCookieConsent(), browser.cookie('mtm_cookie_consent'));
    assert.match(browser.cookie('mtm_cookie_consent'), /^\d{13}$/);
    t.forgetCookieConsentGiven();
    assert.equal(t.getRememberedCookieConsent(), null);
});
