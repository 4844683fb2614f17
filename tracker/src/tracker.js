/**
 * One tracker: a site id and a tracking endpoint, with the public methods of Matomo's JavaScript
 * tracker (js-tracker.md §2–§6). Created by index.js for _paq (Matomo.getAsyncTracker) or by
 * Matomo.getTracker for an independent instance.
 */
import {
    cookieJar, cookieName, domainHash, formatReferralCookie, formatVisitorCookie, isVisitorId, parseReferralCookie,
    parseVisitorCookie, readCookie, REFERRAL_COOKIE_TIMEOUT, SESSION_COOKIE_TIMEOUT, VISITOR_COOKIE_TIMEOUT,
} from './cookies.js';
import { createConsent } from './consent.js';
import {
    contentBlock, findContentBlocks, findParentContentBlock, findTargetNode, findTargetNodeNoDefault, ignoresInteraction,
    isVisible,
} from './content.js';
import {
    bulkBodies, contentImpressionParameters, contentInteractionParameters, customPerformanceParameters,
    customVariablesJson, decimal, ecommerceParameters, ecommerceViewPairs, eventParameters, goalParameters, hasValue,
    pageViewId, performanceParameters, query, siteSearchParameters, splitCustomData, transportFor,
} from './requests.js';
import { sha1 } from './sha1.js';
import {
    classifyLink, DEFAULT_DOWNLOAD_EXTENSIONS, domainFixup, hostName, isSameHost, listOption, matchesAlias, pathName,
    removeUrlParameters, setUrlParameter, urlParameter,
} from './urls.js';

const CAMPAIGN_NAME_PARAMETERS = ['pk_campaign', 'mtm_campaign', 'piwik_campaign', 'matomo_campaign', 'utm_campaign', 'utm_source', 'utm_medium'];
const CAMPAIGN_KEYWORD_PARAMETERS = ['pk_kwd', 'mtm_kwd', 'piwik_kwd', 'matomo_kwd', 'utm_term'];
const CROSS_DOMAIN_PARAMETER = 'pk_vid';
const PLUGIN_MIME_TYPES = {
    pdf: 'application/pdf',
    qt: 'video/quicktime',
    realp: 'audio/x-pn-realaudio-plugin',
    wma: 'application/x-mplayer2',
    fla: 'application/x-shockwave-flash',
    java: 'application/x-java-vm',
    ag: 'application/x-silverlight',
};
const CLIENT_HINTS = ['brands', 'model', 'platform', 'platformVersion', 'uaFullVersion', 'fullVersionList', 'formFactors'];

let trackerCount = 0;

/**
 * @param {string} trackerUrl the tracking endpoint (…/matomo.php)
 * @param {string|number} siteId
 * @param {object} shared what all trackers of the page share (index.js)
 */
export function createTracker(trackerUrl, siteId, shared) {
    const win = window;
    const doc = document;
    const nav = navigator;
    const trackerId = ++trackerCount;

    // Configuration.
    let configTrackerUrl = trackerUrl || '';
    let configApiUrl = '';
    let configSiteId = siteId || '';
    let configTitle = doc.title;
    let configCustomUrl = '';
    let configReferrerUrl = doc.referrer || '';
    let configDomains = [];
    let configExcludedReferrers = [];
    let configExcludedQueryParams = [];
    let configCookieDomain = '';
    let configCookiePath = '';
    let configCookiePrefix = '_pk_';
    let configSecureCookie = false;
    let configSameSite = 'Lax';
    let configVisitorTimeout = VISITOR_COOKIE_TIMEOUT;
    let configReferralTimeout = REFERRAL_COOKIE_TIMEOUT;
    let configSessionTimeout = SESSION_COOKIE_TIMEOUT;
    let configCookiesDisabled = false;
    let configUserId = '';
    let forcedVisitorId = '';
    let configCampaignNames = CAMPAIGN_NAME_PARAMETERS.slice();
    let configCampaignKeywords = CAMPAIGN_KEYWORD_PARAMETERS.slice();
    let configCampaignsDisabled = false;
    let configFirstReferrer = false;
    let configDiscardHash = false;
    let configDoNotTrack = false;
    let configAppend = '';
    let configMethod = 'GET';
    let configContentType = 'application/x-www-form-urlencoded; charset=UTF-8';
    let configRequestProcessing = null;
    let configBeacon = true;
    let configPause = 500;
    let configHeartBeatDelay = 0;
    let configCrossDomain = false;
    let configCrossDomainTimeout = 180;
    let configFileTracking = false;
    let configPerformance = true;
    let configFeatureDetection = true;
    let configIgnoreClasses = [];
    let configLinkClasses = [];
    let configDownloadClasses = [];
    let configDownloadExtensions = DEFAULT_DOWNLOAD_EXTENSIONS.slice();
    let configCountPreRendered = false;
    let configStoreCvarsInCookie = false;
    let configCustomData = null;
    let configQueueInterval = 2500;

    // State.
    let domainAlias = domainFixup(win.location.hostname);
    let cookieHash = '';
    let generatedVisitorId = '';
    let pageViewIdValue = '';
    let pageViewIdManual = false;
    let pageViewCount = 0;
    let performanceTracked = false;
    let customPerformance = '';
    let ecommerceView = null;
    let ecommerceItems = {};
    const customDimensions = {};
    let visitVariables = null;
    let pageVariables = {};
    let eventVariables = {};
    let trackedImpressions = {};
    let lastRequestTime = 0;
    let heartBeatInstalled = false;
    let focusedSince = 0;
    let linkTrackingInstalled = false;
    let linkTrackingEnabled = false;
    let middleAndContextClicks = false;
    let crossDomainInstalled = false;
    let jsErrorTrackingInstalled = false;
    const interactionBlocks = [];
    let visibleTrackingInstalled = false;

    // Sending.
    const held = [];
    const pipeline = [];
    let clientHints = null;
    let hintsPending = false;
    let pageLoaded = doc.readyState === 'complete';
    let firstSent = false;
    let requestSent = false;
    let gapUntil = 0;
    const pendingSends = [];
    const queued = [];
    let queueTimer = 0;

    /** Options of the tracker's own cookies. */
    const cookieOptions = () => ({
        path: configCookiePath || '/',
        domain: configCookieDomain,
        secure: configSecureCookie,
        sameSite: configSameSite,
    });
    const jar = cookieJar(doc, cookieOptions);

    function updateDomainHash() {
        cookieHash = domainHash(configCookieDomain || domainAlias, configCookiePath);
    }
    updateDomainHash();

    const name = (base) => cookieName(configCookiePrefix, base, configSiteId, cookieHash);
    const getCookie = (base) => (configCookiesDisabled ? null : jar.get(name(base)));
    const setCookie = (base, value, ms) => {
        if (!configCookiesDisabled) {
            jar.set(name(base), value, ms);
        }
    };

    function deleteCookies() {
        for (const base of ['id', 'ses', 'ref', 'cvar', 'hsr', 'testcookie']) {
            jar.remove(name(base));
        }
    }

    const consent = createConsent(jar, {
        disableCookies: (deleteExisting) => {
            configCookiesDisabled = true;
            if (deleteExisting && configSiteId) {
                deleteCookies();
            }
        },
        enableCookies: () => {
            // As Matomo's setCookieConsentGiven: not while Do Not Track holds; when this page already sent
            // requests without cookies, the visitor cookies are written at once and a ping tells the server the
            // visit's visitor id.
            if (!configCookiesDisabled || configDoNotTrack) {
                return;
            }
            configCookiesDisabled = false;
            if (configSiteId && requestSent) {
                const visitor = visitorValues();
                setCookie('id', formatVisitorCookie(visitor.uuid, visitor.createdTs), configVisitorTimeout);
                setCookie('ses', '1', configSessionTimeout);
                api.ping();
            }
        },
        flush: () => {
            while (held.length) {
                requestSent = true;
                enqueue(held.shift());
            }
        },
    });

    function logError(message) {
        if (typeof console !== 'undefined' && console.error) {
            console.error(message);
        }
    }

    const nowSeconds = () => Math.floor(Date.now() / 1000);

    // ---- URLs ----------------------------------------------------------------------------------

    function allDomains() {
        return configDomains.length ? configDomains : [domainAlias];
    }

    function purify(url) {
        let result = removeUrlParameters(url, [CROSS_DOMAIN_PARAMETER].concat(configExcludedQueryParams));
        if (configDiscardHash) {
            result = result.replace(/#.*/, '');
        }
        return result;
    }

    function currentUrl() {
        return configCustomUrl || win.location.href;
    }

    function referrerExcluded(url) {
        return configExcludedReferrers.length > 0 && matchesAlias(configExcludedReferrers, hostName(url), pathName(url));
    }

    function referrerToSend(pageUrl) {
        if (!configReferrerUrl || referrerExcluded(configReferrerUrl)) {
            return '';
        }
        if (urlParameter(pageUrl, 'ignore_referrer') === '1' || urlParameter(pageUrl, 'ignore_referer') === '1') {
            return '';
        }
        return configReferrerUrl;
    }

    // ---- Visitor id ----------------------------------------------------------------------------

    function randomHex(length) {
        const bytes = new Uint8Array(length / 2);
        if (win.crypto && win.crypto.getRandomValues) {
            win.crypto.getRandomValues(bytes);
        } else {
            for (let i = 0; i < bytes.length; i++) {
                bytes[i] = Math.floor(Math.random() * 256);
            }
        }
        return Array.prototype.map.call(bytes, (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
    }

    function browserHash() {
        return sha1((nav.userAgent || '') + (nav.platform || '')).slice(0, 6);
    }

    /** The visitor id a cross-domain link brought, when it is recent and from this browser. */
    function visitorIdFromUrl() {
        if (!configCrossDomain) {
            return '';
        }
        const value = urlParameter(win.location.href, CROSS_DOMAIN_PARAMETER);
        if (value.length !== 32) {
            return '';
        }
        const id = value.slice(0, 16);
        const ts = parseInt(value.slice(16, 26), 10);
        const fresh = Math.abs(nowSeconds() - ts) <= configCrossDomainTimeout;
        return isVisitorId(id) && fresh && value.slice(26) === browserHash() ? id : '';
    }

    /** The visitor id values: uuid, creation time, and whether the visitor is new (no _pk_id cookie). */
    function visitorValues() {
        const cookie = parseVisitorCookie(getCookie('id'));
        const fromUrl = visitorIdFromUrl();
        if (!generatedVisitorId) {
            generatedVisitorId = randomHex(16);
        }
        const uuid = forcedVisitorId || fromUrl || (cookie ? cookie.uuid : generatedVisitorId);
        return { uuid, createdTs: cookie ? cookie.createdTs : nowSeconds(), isNew: !cookie };
    }

    function crossDomainValue() {
        return visitorValues().uuid + String(nowSeconds()) + browserHash();
    }

    // ---- Attribution ---------------------------------------------------------------------------

    /** Updates _pk_ref on a new session and returns [name, keyword, ts, url] to send. */
    function attribution(pageUrl, referrer) {
        let [campaignName, campaignKeyword, referralTs, referralUrl] = parseReferralCookie(getCookie('ref'));
        if (!getCookie('ses')) {
            if (!configCampaignsDisabled && (!configFirstReferrer || !campaignName)) {
                const found = (names) => {
                    for (const parameter of names) {
                        const value = urlParameter(pageUrl, parameter);
                        if (value) {
                            return value;
                        }
                    }
                    return '';
                };
                const detectedName = found(configCampaignNames);
                if (detectedName) {
                    campaignName = detectedName;
                    campaignKeyword = found(configCampaignKeywords);
                }
            }
            const referrerHost = hostName(referrer);
            const storedHost = referralUrl ? hostName(referralUrl) : '';
            if (referrerHost && !matchesAlias(allDomains(), referrerHost) && !referrerExcluded(referrer)
                && (!configFirstReferrer || !storedHost || matchesAlias(allDomains(), storedHost))) {
                referralUrl = referrer;
            }
            if (referralUrl || campaignName) {
                referralTs = nowSeconds();
                referralUrl = purify(referralUrl);
                setCookie('ref', formatReferralCookie(campaignName, campaignKeyword, referralTs, referralUrl), configReferralTimeout);
            }
        }
        return [campaignName, campaignKeyword, referralTs, referralUrl];
    }

    // ---- Browser features ----------------------------------------------------------------------

    let features = null;
    function browserFeatures() {
        if (!features) {
            features = [];
            const mimeTypes = nav.mimeTypes;
            for (const key of Object.keys(PLUGIN_MIME_TYPES)) {
                const type = mimeTypes && mimeTypes.namedItem ? mimeTypes.namedItem(PLUGIN_MIME_TYPES[key]) : null;
                let on = !!(type && type.enabledPlugin);
                if (key === 'pdf' && nav.pdfViewerEnabled) {
                    on = true;
                }
                if (key === 'java' && typeof nav.javaEnabled === 'function' && nav.javaEnabled()) {
                    on = true;
                }
                features.push([key, on ? '1' : '0']);
            }
            features.push(['res', win.screen.width + 'x' + win.screen.height]);
        }
        return features.concat([['cookie', !configCookiesDisabled && nav.cookieEnabled ? '1' : '0']]);
    }

    function detectClientHints() {
        const data = nav.userAgentData;
        if (!configFeatureDetection || !data || typeof data.getHighEntropyValues !== 'function' || hintsPending || clientHints) {
            return;
        }
        hintsPending = true;
        let done = false;
        const finish = (hints) => {
            if (done) {
                return;
            }
            done = true;
            hintsPending = false;
            if (hints) {
                const result = {};
                for (const key of ['brands', 'fullVersionList', 'mobile', 'model', 'platform', 'platformVersion', 'formFactors']) {
                    if (hints[key] !== undefined) {
                        result[key] = hints[key];
                    }
                }
                clientHints = result;
            }
            drain(false);
        };
        data.getHighEntropyValues(CLIENT_HINTS).then(finish, () => finish({ brands: data.brands, mobile: data.mobile, platform: data.platform }));
        setTimeout(() => finish(null), 1000);
    }

    // ---- Building requests ---------------------------------------------------------------------

    function pluginParameters(method) {
        let result = '';
        const plugins = shared.plugins;
        for (const key of Object.keys(plugins)) {
            const plugin = plugins[key];
            if (method && plugin && typeof plugin[method] === 'function') {
                const value = plugin[method]({ tracker: api, request: '' });
                if (value) {
                    result += '&' + String(value).replace(/^&/, '');
                }
            }
        }
        return result;
    }

    /**
     * The parts of a request known when the tracking call is made: the action parameters, the page,
     * custom data and dimensions. The visitor, attribution and cookie parts are added when it is sent.
     */
    function prepare(actionParameters, customData, pluginMethod, extra) {
        const pageUrl = currentUrl();
        const split = splitCustomData(customData);
        const date = new Date();
        const pairs = [];
        for (const id of Object.keys(customDimensions)) {
            pairs.push(['dimension' + id, customDimensions[id]]);
        }
        for (const pair of split.dimensions) {
            pairs.push(pair);
        }
        const data = split.data || configCustomData;
        if (data) {
            pairs.push(['data', JSON.stringify(data)]);
        }
        if (pluginMethod === 'event') {
            const events = customVariablesJson(eventVariables);
            if (events) {
                pairs.push(['e_cvar', events]);
            }
        } else if (pluginMethod !== 'ping') {
            const page = customVariablesJson(pageVariables);
            if (page) {
                pairs.push(['cvar', page]);
            }
        }
        if (pageViewIdValue) {
            pairs.push(['pv_id', pageViewIdValue]);
        }
        const charset = doc.characterSet || doc.charset;
        if (charset && charset.toLowerCase() !== 'utf-8') {
            pairs.push(['cs', charset]);
        }
        let parameters = actionParameters;
        const common = query(pairs);
        if (common) {
            parameters += (parameters ? '&' : '') + common;
        }
        parameters += pluginParameters(pluginMethod);
        return {
            parameters,
            url: purify(pageUrl),
            rawUrl: pageUrl,
            referrer: referrerToSend(pageUrl),
            siteId: configSiteId,
            userId: configUserId,
            time: date,
            extra: extra || '',
            performance: false,
        };
    }

    /** The full query string of a prepared request, written when it is sent. */
    function finalize(prepared) {
        if (prepared.full) {
            lastRequestTime = Date.now();
            return prepared.parameters;
        }
        const visitor = visitorValues();
        const [campaignName, campaignKeyword, referralTs, referralUrl] = attribution(prepared.rawUrl, prepared.referrer);
        const pairs = [
            ['idsite', prepared.siteId],
            ['rec', 1],
            ['r', String(Math.random()).slice(2, 8)],
            ['h', prepared.time.getHours()],
            ['m', prepared.time.getMinutes()],
            ['s', prepared.time.getSeconds()],
            ['url', prepared.url],
            ['urlref', prepared.referrer ? purify(prepared.referrer) : undefined],
            ['uid', hasValue(prepared.userId) ? prepared.userId : undefined],
            ['_id', configCookiesDisabled && !forcedVisitorId ? undefined : visitor.uuid],
            ['_idn', configCookiesDisabled ? undefined : visitor.isNew ? 1 : 0],
            ['_rcn', campaignName || undefined],
            ['_rck', campaignKeyword || undefined],
            ['_refts', referralTs || undefined],
            ['_ref', referralUrl || undefined],
            ['send_image', 0],
        ];
        if (consent.isConsentRequired() && consent.canSend()) {
            pairs.push(['consent', 1]);
        }
        if (configFeatureDetection) {
            for (const feature of browserFeatures()) {
                pairs.push(feature);
            }
            if (clientHints) {
                pairs.push(['uadata', JSON.stringify(clientHints)]);
            }
        }
        if (visitVariables) {
            const visit = customVariablesJson(visitVariables);
            if (visit) {
                pairs.push(['_cvar', visit]);
                if (configStoreCvarsInCookie) {
                    setCookie('cvar', visit, configSessionTimeout);
                }
            }
        }
        let request = prepared.parameters + '&' + query(pairs) + prepared.extra;
        if (prepared.performance) {
            const timing = customPerformance || performanceParameters(navigationTiming());
            customPerformance = '';
            if (timing) {
                request += '&' + timing;
            }
        }
        request += configAppend;
        // Matomo's "Test installation" opens the site with ?tracker_install_check=<nonce>: every request carries it.
        const installCheck = urlParameter(win.location.href, 'tracker_install_check');
        if (installCheck) {
            request += '&tracker_install_check=' + encodeURIComponent(installCheck);
        }

        if (!configCookiesDisabled) {
            setCookie('id', formatVisitorCookie(visitor.uuid, visitor.createdTs), configVisitorTimeout);
            setCookie('ses', '1', configSessionTimeout);
        }
        lastRequestTime = Date.now();
        return configRequestProcessing ? configRequestProcessing(request) : request;
    }

    function navigationTiming() {
        const performance = win.performance;
        if (!performance) {
            return undefined;
        }
        const entries = typeof performance.getEntriesByType === 'function' ? performance.getEntriesByType('navigation') : [];
        return entries && entries[0] ? entries[0] : performance.timing;
    }

    // ---- Sending -------------------------------------------------------------------------------

    const separator = () => (configTrackerUrl.indexOf('?') < 0 ? '?' : '&');

    function extendPause(ms) {
        shared.extendPause(Date.now() + ms);
    }

    function sendImage(request, callback) {
        const image = new Image(1, 1);
        const done = (success) => () => {
            if (callback) {
                callback({ request, trackerUrl: configTrackerUrl, success });
            }
        };
        image.onload = done(true);
        image.onerror = done(false);
        image.src = configTrackerUrl + separator() + request;
    }

    function sendXhr(body, callback, fallbackToGet) {
        try {
            const xhr = new XMLHttpRequest();
            xhr.open('POST', configTrackerUrl, true);
            xhr.withCredentials = true;
            xhr.setRequestHeader('Content-Type', configContentType);
            xhr.onreadystatechange = () => {
                if (xhr.readyState !== 4) {
                    return;
                }
                const ok = xhr.status >= 200 && xhr.status < 400;
                if (!ok && fallbackToGet && body.length <= 2000 && xhr.status === 0) {
                    sendImage(body, callback);
                } else if (callback) {
                    callback({ request: body, trackerUrl: configTrackerUrl, success: ok, xhr });
                }
            };
            xhr.send(body);
        } catch (e) {
            if (fallbackToGet) {
                sendImage(body, callback);
            }
        }
    }

    function sendBeacon(body, inUrl) {
        if (typeof nav.sendBeacon !== 'function') {
            return false;
        }
        try {
            if (inUrl) {
                return nav.sendBeacon(configTrackerUrl + separator() + body, new Blob([], { type: configContentType }));
            }
            return nav.sendBeacon(configTrackerUrl, new Blob([body], { type: configContentType }));
        } catch (e) {
            return false;
        }
    }

    function transmit(requests, isBulk, callback, pause) {
        const useBeacon = configBeacon;
        if (isBulk) {
            for (const body of bulkBodies(requests)) {
                if (!(useBeacon && sendBeacon(body, false))) {
                    sendXhr(body, null, false);
                }
            }
            extendPause(useBeacon ? 100 : pause);
            return;
        }
        const request = requests[0];
        const options = { length: request.length, useBeacon, beaconAvailable: typeof nav.sendBeacon === 'function', method: configMethod };
        if (transportFor(options) === 'beacon') {
            if (sendBeacon(request, configTrackerUrl.length + request.length < 2000)) {
                extendPause(100);
                if (callback) {
                    callback({ request, trackerUrl: configTrackerUrl, success: true });
                }
                return;
            }
            options.useBeacon = false;
        }
        if (transportFor(options) === 'get') {
            sendImage(request, callback);
        } else {
            sendXhr(request, callback, true);
        }
        extendPause(pause);
    }

    /** Sends now, or after the short gap that keeps a new visitor's first request alone. */
    function dispatch(task) {
        const requests = task.items.map(finalize);
        const isNew = requests[0].indexOf('&_idn=1') >= 0 || configCookiesDisabled;
        const send = () => transmit(requests, task.bulk, task.callback, task.pause);
        const now = Date.now();
        if (!firstSent) {
            firstSent = true;
            if (isNew) {
                gapUntil = now + 800;
            }
            send();
            return;
        }
        if (now < gapUntil) {
            const entry = { send };
            entry.timer = setTimeout(() => {
                pendingSends.splice(pendingSends.indexOf(entry), 1);
                send();
            }, gapUntil - now);
            pendingSends.push(entry);
            gapUntil += 50;
            return;
        }
        send();
    }

    /** Sends the tasks in order once nothing holds them back (client hints, page load for timings). */
    function drain(force) {
        while (pipeline.length) {
            const task = pipeline[0];
            if (!force && (hintsPending || (task.waitForLoad && !pageLoaded))) {
                return;
            }
            pipeline.shift();
            dispatch(task);
        }
    }

    function enqueue(task) {
        pipeline.push(task);
        drain(false);
    }

    function send(items, bulk, callback, options) {
        if (!items.length || !configTrackerUrl || configSiteId === '' || configSiteId === undefined || configSiteId === null) {
            return;
        }
        if (configDoNotTrack || (!configFileTracking && win.location.protocol === 'file:')) {
            return;
        }
        const task = { items, bulk, callback, pause: configPause, waitForLoad: !!(options && options.waitForLoad) };
        if (!consent.canSend()) {
            held.push(task);
            return;
        }
        requestSent = true;
        detectClientHints();
        enqueue(task);
    }

    const sendOne = (prepared, callback, options) => send([prepared], false, callback, options);

    function sendMany(prepared) {
        if (prepared.length === 1) {
            sendOne(prepared[0]);
        } else if (prepared.length > 1) {
            send(prepared, true, null);
        }
    }

    /** Runs before the page goes away: queued requests go out now, by beacon where possible. */
    function unload() {
        if (queueTimer) {
            clearTimeout(queueTimer);
            queueTimer = 0;
        }
        flushQueue();
        if (heartBeatInstalled && focusedLongEnough()) {
            pingIfActive();
        }
        drain(true);
        while (pendingSends.length) {
            const entry = pendingSends.shift();
            clearTimeout(entry.timer);
            entry.send();
        }
        if (consent.isConsentRequired() && !consent.canSend()) {
            deleteCookies();
        }
    }
    shared.onUnload(unload);

    if (!pageLoaded) {
        win.addEventListener('load', () => setTimeout(() => {
            pageLoaded = true;
            drain(false);
        }, 0));
    }

    // ---- Request queue -------------------------------------------------------------------------

    function flushQueue() {
        const items = queued.splice(0, queued.length);
        sendMany(items);
    }

    function queueRequest(prepared) {
        if (shared.unloading || !shared.queueEnabled) {
            sendOne(prepared);
            return;
        }
        queued.push(prepared);
        if (queueTimer) {
            clearTimeout(queueTimer);
        }
        queueTimer = setTimeout(() => {
            queueTimer = 0;
            flushQueue();
        }, configQueueInterval);
    }

    // ---- Heart beat ----------------------------------------------------------------------------

    function focusedLongEnough() {
        return !focusedSince || Date.now() - focusedSince > configHeartBeatDelay;
    }

    function pingIfActive() {
        if (configHeartBeatDelay && lastRequestTime && lastRequestTime + configHeartBeatDelay <= Date.now()) {
            api.ping();
            return true;
        }
        return false;
    }

    function installHeartBeat() {
        if (heartBeatInstalled || !configHeartBeatDelay) {
            return;
        }
        heartBeatInstalled = true;
        win.addEventListener('focus', () => {
            focusedSince = Date.now();
        });
        win.addEventListener('blur', () => {
            if (focusedLongEnough()) {
                pingIfActive();
            }
        });
        doc.addEventListener('visibilitychange', () => {
            if (doc.visibilityState === 'hidden') {
                if (focusedLongEnough()) {
                    pingIfActive();
                }
            } else {
                focusedSince = Date.now();
            }
        });
    }

    // ---- DOM helpers ---------------------------------------------------------------------------

    function onReady(callback) {
        if (doc.readyState === 'loading') {
            doc.addEventListener('DOMContentLoaded', callback);
        } else {
            callback();
        }
    }

    /** Runs a tracking call now, or once a pre-rendered page is shown (unless setCountPreRendered). */
    function whenVisible(callback) {
        const prerendering = doc.prerendering || doc.visibilityState === 'prerender';
        if (!prerendering || configCountPreRendered) {
            callback();
            return;
        }
        let done = false;
        const run = () => {
            if (!done && !doc.prerendering && doc.visibilityState !== 'prerender') {
                done = true;
                callback();
            }
        };
        doc.addEventListener('prerenderingchange', run);
        doc.addEventListener('visibilitychange', run);
    }

    function linkElement(node) {
        let current = node;
        while (current && current.nodeType === 1) {
            const tag = current.nodeName.toLowerCase();
            if ((tag === 'a' || tag === 'area') && current.hasAttribute('href')) {
                return current;
            }
            current = current.parentNode;
        }
        return null;
    }

    /** A link's absolute href with its host in lower case, and its type ('link', 'download' or ''). */
    function linkInfo(link) {
        const raw = link.getAttribute('href');
        if (raw === null || (configTrackerUrl && raw.indexOf(configTrackerUrl) === 0)) {
            return null;
        }
        const host = link.hostname || hostName(link.href);
        const href = String(link.href).replace(host, host.toLowerCase());
        const type = classifyLink(
            { href, className: link.getAttribute('class') || '', hasDownloadAttribute: link.hasAttribute('download') },
            {
                domains: allDomains(),
                ignoreClasses: configIgnoreClasses,
                linkClasses: configLinkClasses,
                downloadClasses: configDownloadClasses,
                downloadExtensions: configDownloadExtensions,
                trackerUrl: configTrackerUrl,
            },
        );
        return { href, type };
    }

    /** The content interaction parameters of a click inside a content block, when the click counts. */
    function interactionFor(element, interaction, fallbackTarget) {
        const block = findParentContentBlock(element);
        if (!block || !interactionAllowed(block, element)) {
            return '';
        }
        const values = contentBlock(block, win.location);
        return contentInteractionParameters(interaction, values.name, values.piece, values.target || fallbackTarget);
    }

    function interactionAllowed(block, element) {
        if (ignoresInteraction(findTargetNode(block))) {
            return false;
        }
        const target = findTargetNodeNoDefault(block);
        return !target || target === element || target.contains(element);
    }

    // ---- Link tracking -------------------------------------------------------------------------

    function logLink(url, type, customData, callback, element) {
        let parameters = query([[type, purify(url)]]);
        const interaction = element ? interactionFor(element, 'click', url) : '';
        if (interaction) {
            parameters += '&' + interaction;
        }
        sendOne(prepare(parameters, customData, 'link'), callback);
    }

    function onLinkClick(event) {
        const button = event.type === 'click' ? 0 : event.type === 'auxclick' ? 1 : 2;
        if (event.type === 'click' && event.button !== 0) {
            return;
        }
        if (event.type === 'auxclick' && event.button !== 1) {
            return;
        }
        const link = linkElement(event.target);
        if (!link) {
            return;
        }
        if (configCrossDomain) {
            decorateCrossDomainLink(link);
        }
        const info = linkInfo(link);
        if (info && info.type && (button === 0 || middleAndContextClicks)) {
            logLink(info.href, info.type, undefined, null, link);
        }
    }

    /** The first call wins, as in Matomo: the snippet's own enableLinkTracking() keeps an earlier enableLinkTracking(true). */
    function installLinkTracking(enableMiddleAndContextClick) {
        if (linkTrackingInstalled) {
            return;
        }
        linkTrackingInstalled = true;
        middleAndContextClicks = !!enableMiddleAndContextClick;
        onReady(() => {
            linkTrackingEnabled = true;
            doc.addEventListener('click', onLinkClick, true);
            doc.addEventListener('auxclick', onLinkClick, true);
            doc.addEventListener('contextmenu', onLinkClick, true);
        });
    }

    function decorateCrossDomainLink(link) {
        const host = (link.hostname || hostName(link.href)).toLowerCase();
        if (!host || isSameHost(host, domainAlias) || !matchesAlias(configDomains, host)) {
            return;
        }
        link.setAttribute('href', setUrlParameter(link.getAttribute('href'), CROSS_DOMAIN_PARAMETER, crossDomainValue()));
    }

    function installCrossDomainLinking() {
        if (crossDomainInstalled) {
            return;
        }
        crossDomainInstalled = true;
        onReady(() => {
            const handler = (event) => {
                const link = linkElement(event.target);
                if (link) {
                    decorateCrossDomainLink(link);
                }
            };
            doc.addEventListener('mousedown', handler, true);
            doc.addEventListener('keyup', handler, true);
            if (!linkTrackingInstalled) {
                doc.addEventListener('click', handler, true);
            }
        });
    }

    // ---- Content tracking ----------------------------------------------------------------------

    function impressionKey(values) {
        return values.name + '\u0001' + values.piece + '\u0001' + values.target;
    }

    function impressionsFor(blocks, onlyVisible) {
        const items = [];
        for (const block of blocks) {
            if (onlyVisible && !isVisible(block, win)) {
                continue;
            }
            const values = contentBlock(block, win.location);
            const key = impressionKey(values);
            if (trackedImpressions[key]) {
                continue;
            }
            trackedImpressions[key] = true;
            items.push(prepare(contentImpressionParameters(values.name, values.piece, values.target), undefined, 'contentImpression'));
        }
        return items;
    }

    function installInteractionTracking(blocks) {
        for (const block of blocks) {
            if (interactionBlocks.indexOf(block) >= 0) {
                continue;
            }
            interactionBlocks.push(block);
            block.addEventListener('click', (event) => {
                const element = event.target;
                if (!interactionAllowed(block, element)) {
                    return;
                }
                const target = findTargetNode(block);
                const link = linkElement(target) || linkElement(element);
                if (linkTrackingEnabled && link) {
                    const info = linkInfo(link);
                    if (info && info.type) {
                        return; // sent with the outlink or download
                    }
                }
                api.trackContentInteractionNode(element, 'click');
            }, true);
        }
    }

    function trackImpressionsIn(root, onlyVisible) {
        const blocks = findContentBlocks(root);
        installInteractionTracking(blocks);
        sendMany(impressionsFor(blocks, onlyVisible));
    }

    // ---- Errors --------------------------------------------------------------------------------

    function installJsErrorTracking() {
        if (jsErrorTrackingInstalled) {
            return;
        }
        jsErrorTrackingInstalled = true;
        const seen = {};
        win.addEventListener('error', (event) => {
            if (!event || event.target !== win) {
                return;
            }
            const category = 'JavaScript Errors';
            const action = (event.filename || '') + ':' + (event.lineno || 0) + (event.colno ? ':' + event.colno : '');
            const key = category + action + event.message;
            if (!seen[key]) {
                seen[key] = true;
                api.trackEvent(category, action, event.message);
            }
        });
    }

    // ---- Public API ----------------------------------------------------------------------------

    const api = {
        // Tracking calls.
        trackPageView(customTitle, customData, callback) {
            trackedImpressions = {};
            whenVisible(() => {
                if (!pageViewIdManual) {
                    pageViewIdValue = pageViewId();
                }
                pageViewCount++;
                const title = hasValue(customTitle) ? customTitle : configTitle;
                let extra = '';
                if (ecommerceView) {
                    extra = '&' + query(ecommerceView);
                    ecommerceView = null;
                }
                const prepared = prepare(query([['action_name', String(title === undefined || title === null ? '' : title)]]), customData, 'log', extra);
                const withTimings = configPerformance && !performanceTracked;
                if (withTimings) {
                    prepared.performance = true;
                    performanceTracked = true;
                }
                sendOne(prepared, callback, { waitForLoad: withTimings && !customPerformance });
                installHeartBeat();
            });
        },
        trackEvent(category, action, eventName, value, customData, callback) {
            const parameters = eventParameters(category, action, eventName, value);
            if (parameters === null) {
                logError('Error while logging event: Parameters `category` and `action` must not be empty or filled with whitespaces');
                return;
            }
            whenVisible(() => {
                sendOne(prepare(parameters, customData, 'event'), callback);
                eventVariables = {};
            });
        },
        trackSiteSearch(keyword, category, resultsCount, customData) {
            whenVisible(() => sendOne(prepare(siteSearchParameters(keyword, category, resultsCount), customData, 'sitesearch')));
        },
        trackGoal(idGoal, customRevenue, customData, callback) {
            whenVisible(() => sendOne(prepare(goalParameters(idGoal, customRevenue), customData, 'goal'), callback));
        },
        trackLink(url, linkType, customData, callback, sourceElement) {
            whenVisible(() => logLink(url, linkType === 'download' ? 'download' : 'link', customData, callback, sourceElement));
        },
        ping() {
            whenVisible(() => sendOne(prepare('ping=1', null, 'ping')));
        },
        trackRequest(request, customData, callback, pluginMethod) {
            whenVisible(() => sendOne(prepare(String(request), customData, pluginMethod), callback));
        },
        queueRequest(request, isFullRequest) {
            whenVisible(() => {
                const prepared = isFullRequest ? { parameters: String(request), full: true } : prepare(String(request));
                queueRequest(prepared);
            });
        },
        setRequestQueueInterval(ms) {
            if (ms >= 1000) {
                configQueueInterval = ms;
            } else {
                logError('Request queue interval needs to be at least 1000ms');
            }
        },
        getNumTrackedPageViews: () => pageViewCount,

        // Content tracking.
        trackAllContentImpressions() {
            whenVisible(() => onReady(() => trackImpressionsIn(doc, false)));
        },
        trackVisibleContentImpressions(checkOnScroll, timeIntervalInMs) {
            const onScroll = checkOnScroll === undefined ? true : !!checkOnScroll;
            const interval = timeIntervalInMs === undefined ? 750 : timeIntervalInMs;
            whenVisible(() => onReady(() => {
                trackImpressionsIn(doc, true);
                if (visibleTrackingInstalled) {
                    return;
                }
                visibleTrackingInstalled = true;
                if (onScroll) {
                    let scheduled = false;
                    win.addEventListener('scroll', () => {
                        if (!scheduled) {
                            scheduled = true;
                            setTimeout(() => {
                                scheduled = false;
                                trackImpressionsIn(doc, true);
                            }, 100);
                        }
                    });
                }
                if (interval > 0) {
                    const again = () => {
                        trackImpressionsIn(doc, true);
                        setTimeout(again, interval);
                    };
                    setTimeout(again, interval);
                }
            }));
        },
        trackContentImpressionsWithinNode(node) {
            whenVisible(() => onReady(() => trackImpressionsIn(node, visibleTrackingInstalled)));
        },
        trackContentImpression(contentName, contentPiece, contentTarget) {
            if (!hasValue(contentName)) {
                return;
            }
            whenVisible(() => sendOne(prepare(contentImpressionParameters(contentName, contentPiece, contentTarget), undefined, 'contentImpression')));
        },
        trackContentInteraction(interaction, contentName, contentPiece, contentTarget) {
            if (!hasValue(interaction) || !hasValue(contentName)) {
                return;
            }
            whenVisible(() => sendOne(prepare(
                contentInteractionParameters(interaction, contentName, hasValue(contentPiece) ? contentPiece : 'Unknown', contentTarget),
                undefined,
                'contentInteraction',
            )));
        },
        trackContentInteractionNode(node, interaction) {
            const parameters = node ? interactionFor(node, hasValue(interaction) ? interaction : 'Unknown', '') : '';
            if (parameters) {
                whenVisible(() => sendOne(prepare(parameters, undefined, 'contentInteraction')));
            }
            return parameters;
        },
        logAllContentBlocksOnPage() {
            const blocks = findContentBlocks(doc).map((block) => contentBlock(block, win.location));
            if (typeof console !== 'undefined' && console.log) {
                console.log(blocks);
            }
            return blocks;
        },

        // Ecommerce.
        addEcommerceItem(sku, itemName, category, price, quantity) {
            if (hasValue(sku)) {
                ecommerceItems[sku] = [String(sku), itemName, category, price, quantity];
            }
        },
        removeEcommerceItem(sku) {
            if (hasValue(sku)) {
                delete ecommerceItems[String(sku)];
            }
        },
        clearEcommerceCart() {
            ecommerceItems = {};
        },
        getEcommerceItems: () => JSON.parse(JSON.stringify(ecommerceItems)),
        setEcommerceView(sku, itemName, category, price) {
            ecommerceView = ecommerceViewPairs(sku, itemName, category, price);
        },
        getEcommerceView: () => (ecommerceView ? ecommerceView.slice() : null),
        trackEcommerceOrder(orderId, grandTotal, subTotal, tax, shipping, discount) {
            if (!hasValue(orderId) || !hasValue(grandTotal)) {
                logError('trackEcommerceOrder needs an order id and a grand total');
                return;
            }
            const items = Object.keys(ecommerceItems).map((sku) => ecommerceItems[sku]);
            whenVisible(() => sendOne(prepare(ecommerceParameters({ orderId, grandTotal, subTotal, tax, shipping, discount, items }), undefined, 'ecommerce')));
            ecommerceItems = {};
        },
        trackEcommerceCartUpdate(grandTotal) {
            if (!hasValue(grandTotal)) {
                logError('trackEcommerceCartUpdate needs the cart\'s grand total');
                return;
            }
            const items = Object.keys(ecommerceItems).map((sku) => ecommerceItems[sku]);
            whenVisible(() => sendOne(prepare(ecommerceParameters({ grandTotal, items }), undefined, 'ecommerce')));
        },

        // Endpoint and site.
        setTrackerUrl(url) {
            configTrackerUrl = url;
        },
        getTrackerUrl: () => configTrackerUrl,
        getMatomoUrl() {
            if (configApiUrl) {
                return configApiUrl;
            }
            return configTrackerUrl.replace(/(js\/)?(piwik|matomo|tracker)\.php(\?.*)?$/, '').replace(/js\/$/, '');
        },
        setAPIUrl(url) {
            configApiUrl = url;
        },
        setSiteId(id) {
            configSiteId = id;
            updateDomainHash();
        },
        getSiteId: () => configSiteId,

        // Page.
        setDocumentTitle(title) {
            configTitle = title;
        },
        setCustomUrl(url) {
            configCustomUrl = resolveUrl(url);
        },
        getCurrentUrl: () => currentUrl(),
        setReferrerUrl(url) {
            configReferrerUrl = url;
        },
        discardHashTag(enable) {
            configDiscardHash = !!enable;
        },
        setPageViewId(id) {
            pageViewIdValue = String(id);
            pageViewIdManual = true;
        },
        getPageViewId: () => pageViewIdValue,
        setCustomData(key, value) {
            if (key && typeof key === 'object') {
                configCustomData = key;
            } else {
                (configCustomData = configCustomData || {})[key] = value;
            }
        },
        getCustomData: () => configCustomData,
        appendToTrackingUrl(text) {
            configAppend = text ? '&' + String(text).replace(/^[?&]/, '') : '';
        },
        setExcludedQueryParams(names) {
            configExcludedQueryParams = listOption(names);
        },
        getExcludedQueryParams: () => configExcludedQueryParams.slice(),

        // Domains and referrers.
        setDomains(domains) {
            const list = typeof domains === 'string' ? [domains] : (domains || []).map(String);
            if (!list.some((alias) => isSameHost(domainAlias, domainFixup(alias)))) {
                list.push(domainAlias);
            }
            configDomains = list;
        },
        getDomains: () => allDomains().slice(),
        setExcludedReferrers(referrers) {
            configExcludedReferrers = typeof referrers === 'string' ? [referrers] : (referrers || []).map(String);
        },
        getExcludedReferrers: () => configExcludedReferrers.slice(),

        // Cookies.
        setCookieNamePrefix(prefix) {
            configCookiePrefix = prefix;
        },
        setCookieDomain(domain) {
            const fixed = domainFixup(domain);
            if (canSetCookieOn(fixed)) {
                configCookieDomain = fixed;
                updateDomainHash();
            }
        },
        getCookieDomain: () => configCookieDomain,
        setCookiePath(path) {
            configCookiePath = path;
            updateDomainHash();
        },
        getCookiePath: () => configCookiePath,
        setSecureCookie(enable) {
            if (enable && win.location.protocol !== 'https:') {
                logError('Error in setSecureCookie: You cannot use `Secure` on http.');
                return;
            }
            configSecureCookie = !!enable;
        },
        setCookieSameSite(sameSite) {
            let value = String(sameSite);
            value = value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
            if (['Lax', 'None', 'Strict'].indexOf(value) < 0) {
                logError('Ignored value for sameSite. Please use either Lax, None, or Strict.');
                return;
            }
            if (value === 'None') {
                if (win.location.protocol !== 'https:') {
                    logError('sameSite=None cannot be used on http, reverted to sameSite=Lax.');
                    value = 'Lax';
                } else {
                    configSecureCookie = true;
                }
            }
            configSameSite = value;
        },
        setVisitorCookieTimeout(seconds) {
            configVisitorTimeout = seconds * 1000;
        },
        getConfigVisitorCookieTimeout: () => configVisitorTimeout,
        setReferralCookieTimeout(seconds) {
            configReferralTimeout = seconds * 1000;
        },
        setSessionCookieTimeout(seconds) {
            configSessionTimeout = seconds * 1000;
        },
        getSessionCookieTimeout: () => configSessionTimeout,
        disableCookies() {
            configCookiesDisabled = true;
            if (configSiteId) {
                deleteCookies();
            }
        },
        deleteCookies,
        hasCookies: () => (!configCookiesDisabled && nav.cookieEnabled ? '1' : '0'),
        areCookiesEnabled: () => !configCookiesDisabled,
        storeCustomVariablesInCookie() {
            configStoreCvarsInCookie = true;
        },

        // Visitor.
        setUserId(id) {
            if (hasValue(id)) {
                configUserId = id;
            }
        },
        resetUserId() {
            configUserId = '';
        },
        getUserId: () => configUserId,
        setVisitorId(id) {
            if (isVisitorId(id)) {
                forcedVisitorId = String(id);
            } else {
                logError('Invalid visitorId set' + id);
            }
        },
        getVisitorId: () => visitorValues().uuid,
        getVisitorInfo() {
            const values = visitorValues();
            return [values.isNew ? '1' : '0', values.uuid, values.createdTs];
        },

        // Custom dimensions and variables.
        setCustomDimension(id, value) {
            const index = parseInt(id, 10);
            if (index > 0) {
                customDimensions[index] = value === undefined || value === null ? '' : String(value);
            }
        },
        getCustomDimension(id) {
            const index = parseInt(id, 10);
            return index > 0 && index in customDimensions ? customDimensions[index] : undefined;
        },
        deleteCustomDimension(id) {
            const index = parseInt(id, 10);
            if (index > 0) {
                delete customDimensions[index];
            }
        },
        setCustomVariable(index, variableName, value, scope) {
            const slot = parseInt(index, 10);
            if (!(slot > 0) || variableName === undefined || variableName === null) {
                return;
            }
            const record = [String(variableName), value === undefined || value === null ? '' : String(value)];
            const map = variablesOf(scope === undefined ? 'visit' : scope);
            if (map) {
                map[slot] = record;
            }
        },
        getCustomVariable(index, scope) {
            const map = variablesOf(scope === undefined ? 'visit' : scope);
            const record = map ? map[parseInt(index, 10)] : undefined;
            return record ? record.slice() : false;
        },
        deleteCustomVariable(index, scope) {
            const map = variablesOf(scope === undefined ? 'visit' : scope);
            if (map) {
                delete map[parseInt(index, 10)];
            }
        },
        deleteCustomVariables(scope) {
            const map = variablesOf(scope === undefined ? 'visit' : scope);
            if (map) {
                for (const key of Object.keys(map)) {
                    delete map[key];
                }
            }
        },

        // Campaigns and attribution.
        setCampaignNameKey(names) {
            configCampaignNames = listOption(names);
        },
        setCampaignKeywordKey(names) {
            configCampaignKeywords = listOption(names);
        },
        disableCampaignParameters() {
            configCampaignsDisabled = true;
        },
        setConversionAttributionFirstReferrer(enable) {
            configFirstReferrer = !!enable;
        },
        getAttributionInfo: () => parseReferralCookie(getCookie('ref')),
        getAttributionCampaignName: () => parseReferralCookie(getCookie('ref'))[0],
        getAttributionCampaignKeyword: () => parseReferralCookie(getCookie('ref'))[1],
        getAttributionReferrerTimestamp: () => parseReferralCookie(getCookie('ref'))[2],
        getAttributionReferrerUrl: () => parseReferralCookie(getCookie('ref'))[3],

        // Transport.
        setRequestMethod(method) {
            configMethod = method ? String(method).toUpperCase() : 'GET';
            if (configMethod === 'GET') {
                configBeacon = false;
            }
        },
        setRequestContentType(type) {
            configContentType = type || 'application/x-www-form-urlencoded; charset=UTF-8';
        },
        setCustomRequestProcessing(callback) {
            configRequestProcessing = typeof callback === 'function' ? callback : null;
        },
        alwaysUseSendBeacon() {
            configBeacon = true;
        },
        disableAlwaysUseSendBeacon() {
            configBeacon = false;
        },
        setLinkTrackingTimer(ms) {
            configPause = ms;
        },
        getLinkTrackingTimer: () => configPause,
        setDoNotTrack(enable) {
            const dnt = nav.doNotTrack || win.doNotTrack || nav.msDoNotTrack;
            configDoNotTrack = !!enable && (dnt === 'yes' || dnt === '1');
            if (configDoNotTrack) {
                api.disableCookies();
            }
        },
        enableFileTracking() {
            configFileTracking = true;
        },
        setCountPreRendered(enable) {
            configCountPreRendered = !!enable;
        },

        // Link tracking and cross-domain linking.
        enableLinkTracking(enableMiddleAndContextClick) {
            installLinkTracking(enableMiddleAndContextClick);
        },
        setIgnoreClasses(classes) {
            configIgnoreClasses = typeof classes === 'string' ? [classes] : listOption(classes);
        },
        setLinkClasses(classes) {
            configLinkClasses = typeof classes === 'string' ? [classes] : listOption(classes);
        },
        setDownloadClasses(classes) {
            configDownloadClasses = typeof classes === 'string' ? [classes] : listOption(classes);
        },
        setDownloadExtensions(extensions) {
            configDownloadExtensions = listOption(extensions);
        },
        addDownloadExtensions(extensions) {
            configDownloadExtensions = configDownloadExtensions.concat(listOption(extensions));
        },
        removeDownloadExtensions(extensions) {
            const removed = listOption(extensions);
            configDownloadExtensions = configDownloadExtensions.filter((extension) => removed.indexOf(extension) < 0);
        },
        enableCrossDomainLinking() {
            configCrossDomain = true;
            installCrossDomainLinking();
        },
        disableCrossDomainLinking() {
            configCrossDomain = false;
        },
        isCrossDomainLinkingEnabled: () => configCrossDomain,
        setCrossDomainLinkingTimeout(seconds) {
            configCrossDomainTimeout = seconds;
        },
        getCrossDomainLinkingUrlParameter: () => encodeURIComponent(CROSS_DOMAIN_PARAMETER) + '=' + encodeURIComponent(crossDomainValue()),

        // Heart beat, performance, features, errors.
        enableHeartBeatTimer(activeSeconds) {
            configHeartBeatDelay = (activeSeconds > 0 ? activeSeconds : 15) * 1000;
            if (lastRequestTime) {
                installHeartBeat();
            }
        },
        disableHeartBeatTimer() {
            configHeartBeatDelay = 0;
        },
        disablePerformanceTracking() {
            configPerformance = false;
        },
        setPagePerformanceTiming(network, server, transfer, domProcessing, domCompletion, onload) {
            customPerformance = customPerformanceParameters(network, server, transfer, domProcessing, domCompletion, onload);
            if (!customPerformance) {
                logError('setPagePerformanceTiming() called without parameters. This function needs to be called with at least one performance parameter.');
                return;
            }
            performanceTracked = false;
        },
        disableBrowserFeatureDetection() {
            configFeatureDetection = false;
        },
        enableBrowserFeatureDetection() {
            configFeatureDetection = true;
        },
        enableJSErrorTracking() {
            installJsErrorTracking();
        },
        killFrame() {
            if (win.top !== win.self) {
                win.top.location = win.location.href;
            }
        },
        redirectFile(url) {
            if (win.location.protocol === 'file:') {
                win.location = url;
            }
        },

        // Consent.
        requireConsent: () => consent.requireConsent(),
        setConsentGiven: (setCookieConsent) => consent.setConsentGiven(setCookieConsent),
        rememberConsentGiven: (hours) => consent.rememberConsentGiven(hours),
        forgetConsentGiven: (hours) => consent.forgetConsentGiven(hours),
        hasRememberedConsent: () => consent.hasRememberedConsent(),
        getRememberedConsent: () => consent.getRememberedConsent(),
        isConsentRequired: () => consent.isConsentRequired(),
        requireCookieConsent: () => consent.requireCookieConsent(),
        setCookieConsentGiven: () => consent.setCookieConsentGiven(),
        rememberCookieConsentGiven: (hours) => consent.rememberCookieConsentGiven(hours),
        forgetCookieConsentGiven: () => consent.forgetCookieConsentGiven(),
        getRememberedCookieConsent: () => consent.getRememberedCookieConsent(),
        optUserOut: (hours) => consent.optUserOut(hours),
        forgetUserOptOut: () => consent.forgetUserOptOut(),
        isUserOptedOut: () => consent.isUserOptedOut(),

        addTracker(url, id) {
            return shared.addTracker(url === undefined || url === null ? configTrackerUrl : url, id);
        },
    };
    api.getPiwikUrl = api.getMatomoUrl;
    api.setApiUrl = api.setAPIUrl;

    function variablesOf(scope) {
        if (scope === 'visit' || scope === 2) {
            if (!visitVariables) {
                visitVariables = {};
                const stored = configStoreCvarsInCookie ? getCookie('cvar') : null;
                if (stored) {
                    try {
                        Object.assign(visitVariables, JSON.parse(stored));
                    } catch (e) {
                        // An unreadable cookie is ignored.
                    }
                }
            }
            return visitVariables;
        }
        if (scope === 'page' || scope === 3) {
            return pageVariables;
        }
        return scope === 'event' ? eventVariables : null;
    }

    function resolveUrl(url) {
        try {
            return new URL(url, win.location.href).href;
        } catch (e) {
            return url;
        }
    }

    function canSetCookieOn(domain) {
        const test = configCookiePrefix + 'testcookie_domain';
        doc.cookie = test + '=testvalue;path=/;domain=' + domain + ';SameSite=Lax';
        const ok = readCookie(doc.cookie, test) === 'testvalue';
        doc.cookie = test + '=;path=/;domain=' + domain + ';expires=Thu, 01 Jan 1970 00:00:00 GMT;SameSite=Lax';
        return ok;
    }

    shared.emit('TrackerSetup', [api]);
    return api;
}
