/**
 * The tracker's first-party cookies (js-tracker.md §4): reading a cookie header, writing a cookie,
 * the names (<prefix><base>.<idsite>.<domain hash>) and the formats of _pk_id and _pk_ref.
 * Pure functions of their arguments, so they are unit-tested without a browser.
 */
import { sha1 } from './sha1.js';
import { escapeRegExp, safeDecode } from './urls.js';

/** 13 months, in milliseconds (setVisitorCookieTimeout default, 33955200 s). */
export const VISITOR_COOKIE_TIMEOUT = 33955200000;
/** 6 months (setReferralCookieTimeout default, 15768000 s). */
export const REFERRAL_COOKIE_TIMEOUT = 15768000000;
/** 30 minutes (setSessionCookieTimeout default). */
export const SESSION_COOKIE_TIMEOUT = 1800000;
/** The lifetime of the consent cookies when no hours are given: 30 years. */
export const CONSENT_COOKIE_TIMEOUT = 946080000000;
/** The longest referrer URL kept in _pk_ref. */
export const REFERRAL_URL_MAX_LENGTH = 1024;

/**
 * The value of a cookie in a document.cookie string, decoded; null when absent.
 * @param {string} cookieHeader
 * @param {string} name
 * @returns {string|null}
 */
export function readCookie(cookieHeader, name) {
    const match = new RegExp('(^|;)\\s*' + escapeRegExp(name) + '=([^;]*)').exec(String(cookieHeader || ''));
    return match ? safeDecode(match[2]) : null;
}

/**
 * The string to assign to document.cookie to set (or, with a negative lifetime, delete) a cookie.
 *
 * @param {string} name
 * @param {string} value
 * @param {object} options
 * @param {number} [options.msToExpire] lifetime from now; 0 or undefined for a session cookie
 * @param {number} [options.now] the current time in ms (for tests)
 * @param {string} [options.path] default '/'
 * @param {string} [options.domain]
 * @param {boolean} [options.secure]
 * @param {string} [options.sameSite] 'Lax' (default), 'Strict' or 'None' (which implies Secure)
 */
export function formatCookie(name, value, options) {
    const o = options || {};
    const sameSite = o.sameSite || 'Lax';
    let text = name + '=' + encodeURIComponent(value);
    if (o.msToExpire) {
        text += ';expires=' + new Date((o.now === undefined ? Date.now() : o.now) + o.msToExpire).toUTCString();
    }
    text += ';path=' + (o.path || '/');
    if (o.domain) {
        text += ';domain=' + o.domain;
    }
    if (o.secure || sameSite === 'None') {
        text += ';secure';
    }
    return text + ';SameSite=' + sameSite;
}

/**
 * The 4 hex digits that end the tracker's cookie names: SHA-1 of the cookie domain (or the page's
 * host) followed by the cookie path (or '/').
 * @param {string} domain
 * @param {string} [path]
 */
export function domainHash(domain, path) {
    return sha1(domain + (path || '/')).slice(0, 4);
}

/**
 * A tracker cookie's full name, e.g. "_pk_id.1.1fff".
 * @param {string} prefix '_pk_' unless setCookieNamePrefix
 * @param {string} base 'id', 'ses', 'ref', 'cvar', 'hsr', 'testcookie'
 * @param {string|number} siteId
 * @param {string} hash domainHash()
 */
export function cookieName(prefix, base, siteId, hash) {
    return prefix + base + '.' + siteId + '.' + hash;
}

/** @param {string} value */
export function isVisitorId(value) {
    return /^[0-9a-fA-F]{16}$/.test(String(value));
}

/**
 * The _pk_id cookie's value read back: "<16 hex uuid>.<created ts>." (older trackers wrote more
 * dot-separated fields after the creation time; they are ignored). Null when the value is unusable.
 * @param {string|null} value
 * @returns {{uuid: string, createdTs: number}|null}
 */
export function parseVisitorCookie(value) {
    if (!value) {
        return null;
    }
    const parts = String(value).split('.');
    if (!isVisitorId(parts[0])) {
        return null;
    }
    const created = parseInt(parts[1], 10);
    return { uuid: parts[0], createdTs: isNaN(created) ? 0 : created };
}

/**
 * The _pk_id cookie's value.
 * @param {string} uuid
 * @param {number} createdTs seconds
 */
export function formatVisitorCookie(uuid, createdTs) {
    return uuid + '.' + createdTs + '.';
}

/**
 * The _pk_ref cookie read back: [campaign name, campaign keyword, timestamp (s), referrer URL].
 * An absent or broken cookie reads as empty values.
 * @param {string|null} value
 * @returns {[string, string, number, string]}
 */
export function parseReferralCookie(value) {
    if (value) {
        try {
            const parsed = JSON.parse(value);
            if (Array.isArray(parsed) && parsed.length >= 4) {
                return [String(parsed[0] || ''), String(parsed[1] || ''), Number(parsed[2]) || 0, String(parsed[3] || '')];
            }
        } catch (e) {
            // A cookie written by something else: treated as no attribution.
        }
    }
    return ['', '', 0, ''];
}

/**
 * The _pk_ref cookie's value: a JSON array, the referrer URL cut to 1024 characters.
 * @param {string} campaignName
 * @param {string} campaignKeyword
 * @param {number} timestamp seconds
 * @param {string} referrerUrl
 */
export function formatReferralCookie(campaignName, campaignKeyword, timestamp, referrerUrl) {
    return JSON.stringify([campaignName, campaignKeyword, timestamp, String(referrerUrl).slice(0, REFERRAL_URL_MAX_LENGTH)]);
}

/**
 * A cookie jar over document.cookie (or a fake in tests): get/set/remove with the tracker's options.
 * @param {{cookie: string}} doc
 * @param {() => object} options current cookie options: path, domain, secure, sameSite
 */
export function cookieJar(doc, options) {
    return {
        get: (name) => readCookie(doc.cookie, name),
        set: (name, value, msToExpire) => {
            doc.cookie = formatCookie(name, String(value), Object.assign({ msToExpire }, options()));
        },
        remove: (name) => {
            doc.cookie = formatCookie(name, '', Object.assign({ msToExpire: -86400000 }, options()));
        },
    };
}
