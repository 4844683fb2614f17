/**
 * The tracker script's entry point (js-tracker.md §1): the window.Matomo and window.Piwik globals,
 * the _paq command queue (configuration commands first, in Matomo's order, then the rest; later
 * pushes run at once), several trackers (addTracker), plugins and the page-unload handling.
 */
import { createTracker } from './tracker.js';

/** Commands applied before the others, in this order, whatever their place in _paq. */
export const APPLY_FIRST = [
    'addTracker', 'enableFileTracking', 'forgetCookieConsentGiven', 'requireCookieConsent', 'disableBrowserFeatureDetection',
    'disableCampaignParameters', 'disableCookies', 'setTrackerUrl', 'setAPIUrl', 'enableCrossDomainLinking',
    'setCrossDomainLinkingTimeout', 'setSessionCookieTimeout', 'setVisitorCookieTimeout', 'setCookieNamePrefix',
    'setCookieSameSite', 'setSecureCookie', 'setCookiePath', 'setCookieDomain', 'setDomains', 'setUserId', 'setVisitorId',
    'setSiteId', 'alwaysUseSendBeacon', 'disableAlwaysUseSendBeacon', 'enableLinkTracking', 'setCookieConsentGiven',
    'requireConsent', 'setConsentGiven', 'disablePerformanceTracking', 'setPagePerformanceTiming',
    'setExcludedQueryParams', 'setExcludedReferrers',
];

/**
 * The commands of a queue in the order they run: for each name of APPLY_FIRST, its commands in queue
 * order; then every other command in queue order.
 * @param {Array} queue
 * @returns {Array}
 */
export function orderCommands(queue) {
    const first = [];
    const rest = [];
    for (const name of APPLY_FIRST) {
        for (const command of queue) {
            if (Array.isArray(command) && command[0] === name) {
                first.push(command);
            }
        }
    }
    for (const command of queue) {
        if (!(Array.isArray(command) && APPLY_FIRST.indexOf(command[0]) >= 0)) {
            rest.push(command);
        }
    }
    return first.concat(rest);
}

/**
 * The page's side of the opt-out iframe (index.php?module=CoreAdminHome&action=optOut, served by the tracking
 * server; Matomo's protocol, JSON strings exchanged with postMessage). Only messages from the origin of a
 * tracker's server are taken:
 * - {maq_initial_value: counted}: the iframe asks, saying whether its own (third-party) cookie lets the visitor be
 *   counted; the answer is counted unless this site's trackers have the visitor opted out (first-party cookie).
 * - {maq_opted_in: choice}: the visitor changed the choice in the iframe; every tracker remembers it in the site's
 *   own consent cookies (rememberConsentGiven or forgetConsentGiven), which works where third-party cookies are
 *   blocked; the answer confirms the trackers' state.
 * Answers carry maq_url (the server's URL, for the iframe to check) and maq_optout_by_default (consent required).
 * @param {Array} trackers the page's async trackers
 * @param {string} origin the message's origin
 * @param {*} data the message
 * @param {string} pageUrl the page's URL (base for relative tracker URLs)
 * @returns {object|null} the answer to post back to the iframe, or null for a message that is not for us
 */
export function answerOptOutMessage(trackers, origin, data, pageUrl) {
    const tracker = trackers.find((candidate) => originOf(candidate.getMatomoUrl(), pageUrl) === origin);
    if (!tracker) {
        return null;
    }
    if (typeof data === 'string') {
        try {
            data = JSON.parse(data);
        } catch (e) {
            return null;
        }
    }
    if (!data || typeof data !== 'object') {
        return null;
    }
    const answer = (name, value) => ({ [name]: value, maq_url: tracker.getMatomoUrl(), maq_optout_by_default: tracker.isConsentRequired() });
    if (typeof data.maq_initial_value === 'boolean') {
        return answer('maq_opted_in', data.maq_initial_value && !tracker.isUserOptedOut());
    }
    if (typeof data.maq_opted_in === 'boolean') {
        for (const each of trackers) {
            if (data.maq_opted_in) {
                each.rememberConsentGiven();
            } else {
                each.forgetConsentGiven();
            }
        }
        return answer('maq_confirm_opted_in', !tracker.isUserOptedOut());
    }
    return null;
}

function originOf(url, base) {
    try {
        return new URL(url, base).origin;
    } catch (e) {
        return null;
    }
}

function install(win) {
    const asyncTrackers = [];
    const listeners = {};
    const unloadHandlers = [];
    const missedPluginCalls = [];
    let pauseUntil = 0;
    let unloaded = false;

    const shared = {
        plugins: {},
        unloading: false,
        queueEnabled: true,
        extendPause(until) {
            pauseUntil = Math.max(pauseUntil, until);
        },
        onUnload(handler) {
            unloadHandlers.push(handler);
        },
        emit: (event, parameters) => trigger(event, parameters),
        addTracker(url, siteId) {
            const tracker = createTracker(url, siteId, shared);
            asyncTrackers.push(tracker);
            trigger('TrackerAdded', [tracker]);
            return tracker;
        },
    };

    function logError(message) {
        if (typeof console !== 'undefined' && console.error) {
            console.error(message);
        }
    }

    function trigger(event, parameters, context) {
        for (const callback of listeners[event] || []) {
            callback.apply(context || win, parameters || []);
        }
    }

    /** Runs one _paq command on the async trackers (Matomo's rules: setTrackerUrl/setSiteId and addTracker on the first only). */
    function apply(command) {
        if (typeof command === 'function') {
            for (const tracker of asyncTrackers.slice()) {
                command.apply(tracker, []);
            }
            return;
        }
        if (!command || !command.slice) {
            return;
        }
        const args = command.slice();
        const method = args.shift();
        if (typeof method === 'function') {
            for (const tracker of asyncTrackers.slice()) {
                method.apply(tracker, args);
            }
            return;
        }
        const text = String(method);
        if (text.indexOf('::') > 0) {
            const [plugin, staticMethod] = text.split('::');
            const target = Matomo[plugin];
            if (target && typeof target[staticMethod] === 'function') {
                target[staticMethod].apply(target, args);
            } else {
                missedPluginCalls.push(command.slice());
            }
            return;
        }
        for (const tracker of asyncTrackers.slice()) {
            let context = tracker;
            let name = text;
            const dot = text.indexOf('.');
            if (dot > 0) {
                const plugin = tracker[text.slice(0, dot)];
                if (plugin && typeof plugin === 'object') {
                    context = plugin;
                    name = text.slice(dot + 1);
                } else {
                    missedPluginCalls.push(command.slice());
                    break;
                }
            }
            if (typeof context[name] === 'function') {
                context[name].apply(context, args);
            } else {
                const message = "The method '" + name + "' was not found in \"_paq\" variable.  Please have a look at the Matomo tracker documentation: https://developer.matomo.org/api-reference/tracking-javascript";
                logError(message);
                if (dot < 0) {
                    throw new TypeError(message);
                }
            }
            if (name === 'addTracker' || name === 'setTrackerUrl' || name === 'setSiteId') {
                break;
            }
        }
    }

    function applyAll(commands) {
        for (const command of commands) {
            try {
                apply(command);
            } catch (e) {
                // An unknown command is reported (logError) and does not stop the others.
            }
        }
    }

    function createFirstTracker(url, siteId) {
        const tracker = createTracker(url, siteId, shared);
        asyncTrackers.push(tracker);
        const queue = Array.isArray(win._paq) ? win._paq : [];
        applyAll(orderCommands(queue));
        win._paq = { push: (...commands) => applyAll(commands) };
        trigger('TrackerAdded', [tracker]);
        return tracker;
    }

    function runUnload() {
        if (unloaded) {
            return;
        }
        unloaded = true;
        shared.unloading = true;
        for (const key of Object.keys(shared.plugins)) {
            const plugin = shared.plugins[key];
            if (plugin && typeof plugin.unload === 'function') {
                try {
                    plugin.unload();
                } catch (e) {
                    logError(e);
                }
            }
        }
        for (const handler of unloadHandlers) {
            handler();
        }
        // A link click waits a moment (setLinkTrackingTimer) so that an image or XHR request can leave.
        const until = Math.min(pauseUntil, Date.now() + 3000);
        while (Date.now() < until) {
            // busy wait: the page is being left
        }
    }

    win.addEventListener('beforeunload', runUnload);
    win.addEventListener('pagehide', runUnload);
    win.addEventListener('pageshow', (event) => {
        if (event.persisted) {
            unloaded = false;
            shared.unloading = false;
        }
    });

    // The opt-out iframe served by the tracking server asks for the visitor's choice and tells it (answerOptOutMessage).
    win.addEventListener('message', (event) => {
        const reply = answerOptOutMessage(asyncTrackers, event.origin, event.data, win.location.href);
        if (reply && event.source && typeof event.source.postMessage === 'function') {
            event.source.postMessage(JSON.stringify(reply), event.origin);
        }
    });

    const Matomo = {
        initialized: false,
        JSON: win.JSON,
        DOM: {
            addEventListener: (element, type, handler, capture) => element.addEventListener(type, handler, capture),
            onReady(callback) {
                if (document.readyState === 'loading') {
                    document.addEventListener('DOMContentLoaded', callback);
                } else {
                    callback();
                }
            },
            onLoad(callback) {
                if (document.readyState === 'complete') {
                    callback();
                } else {
                    win.addEventListener('load', callback);
                }
            },
        },
        on(event, callback) {
            (listeners[event] = listeners[event] || []).push(callback);
        },
        off(event, callback) {
            listeners[event] = (listeners[event] || []).filter((item) => item !== callback);
        },
        trigger,
        addPlugin(name, plugin) {
            shared.plugins[name] = plugin;
        },
        getTracker(url, siteId) {
            return createTracker(url === undefined ? asyncTrackers.length ? asyncTrackers[0].getTrackerUrl() : '' : url, siteId === undefined ? '' : siteId, shared);
        },
        getAsyncTrackers: () => asyncTrackers,
        addTracker(url, siteId) {
            return asyncTrackers.length ? asyncTrackers[0].addTracker(url, siteId) : createFirstTracker(url, siteId);
        },
        getAsyncTracker(url, siteId) {
            if (!asyncTrackers.length) {
                return null;
            }
            if (url === undefined && siteId === undefined) {
                return asyncTrackers[0];
            }
            for (const tracker of asyncTrackers) {
                if ((url === undefined || tracker.getTrackerUrl() === url) && (siteId === undefined || String(tracker.getSiteId()) === String(siteId))) {
                    return tracker;
                }
            }
            return null;
        },
        retryMissedPluginCalls() {
            applyAll(missedPluginCalls.splice(0, missedPluginCalls.length));
        },
        disableQueueRequest() {
            shared.queueEnabled = false;
        },
    };
    win.Matomo = win.Piwik = Matomo;

    if (Array.isArray(win.matomoPluginAsyncInit)) {
        for (const init of win.matomoPluginAsyncInit) {
            if (typeof init === 'function') {
                init();
            }
        }
    }
    if (win.piwikAsyncInit && !win.matomoAsyncInit) {
        win.matomoAsyncInit = win.piwikAsyncInit;
    }
    if (typeof win.matomoAsyncInit === 'function') {
        win.matomoAsyncInit();
    }
    if (!asyncTrackers.length) {
        if (Array.isArray(win._paq) && win._paq.length) {
            Matomo.addTracker();
        } else {
            win._paq = {
                push: (...args) => logError(['_paq.push() was used but the Matomo tracker was not initialized before matomo.js was loaded. Configure the tracker with _paq.push before loading matomo.js, or create one with Matomo.addTracker().', args]),
            };
        }
    }
    trigger('MatomoInitialized', []);
    Matomo.initialized = true;
}

if (typeof window !== 'undefined' && typeof window.Matomo !== 'object') {
    if (typeof window._paq !== 'object') {
        window._paq = [];
    }
    install(window);
}
