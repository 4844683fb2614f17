/**
 * URL helpers of the tracker: host and path of a URL, query parameters, the site's own hosts
 * (setDomains), excluded referrers and the classification of clicked links (js-tracker.md §5).
 * Pure functions of their arguments, so they are unit-tested without a browser.
 */

/** The default download extensions (js-tracker.md §5). */
export const DEFAULT_DOWNLOAD_EXTENSIONS = (
    '7z aac apk arc arj asc asf asx avi azw3 bin csv deb dmg doc docx epub exe flv gif gz gzip hqx ibooks jar jpg jpeg ' +
    'js md5 mobi mp2 mp3 mp4 mpg mpeg mov movie msi msp odb odf odg ods odt ogg ogv pdf phps png ppt pptx qt qtm ra ram ' +
    'rar rpm rtf sea sha sha256 sha512 sig sit tar tbz tbz2 bz bz2 tgz torrent txt wav wma wmv wpd xls xlsx xml xz z zip'
).split(' ');

/** Schemes of links that are never tracked. */
const SCRIPT_SCHEME = /^(javascript|vbscript|jscript|mocha|livescript|ecmascript|mailto|tel):/i;

/** @param {string} text */
export function escapeRegExp(text) {
    return String(text).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The host name of an absolute URL (no port, no credentials), lower case; '' when there is none.
 * @param {string} url
 */
export function hostName(url) {
    const match = /^(?:[a-z][a-z0-9+.-]*:)?\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(String(url));
    return match ? match[1].toLowerCase() : '';
}

/**
 * The path of a URL ('/' when it has none), without query or fragment. A value without a scheme is
 * read as host/path, as in setDomains entries such as "example.org/shop".
 * @param {string} url
 */
export function pathName(url) {
    let rest = String(url);
    const scheme = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.exec(rest);
    rest = scheme ? rest.slice(scheme[0].length) : rest;
    const slash = rest.search(/[/?#]/);
    if (slash < 0 || rest.charAt(slash) !== '/') {
        return '/';
    }
    const path = rest.slice(slash);
    const end = path.search(/[?#]/);
    return end < 0 ? path : path.slice(0, end);
}

/**
 * A host list entry as setDomains/setCookieDomain accept it: "*.example.org" becomes ".example.org",
 * a trailing dot and any path are removed.
 * @param {string} domain
 */
export function domainFixup(domain) {
    let fixed = String(domain);
    if (fixed.endsWith('.')) {
        fixed = fixed.slice(0, -1);
    }
    if (fixed.startsWith('*.')) {
        fixed = fixed.slice(1);
    }
    const slash = fixed.indexOf('/');
    return slash >= 0 ? fixed.slice(0, slash) : fixed;
}

/**
 * Whether host is the alias, or (alias starting with a dot) the domain itself or any sub-domain of it.
 * @param {string} host
 * @param {string} alias
 */
export function isSameHost(host, alias) {
    const h = String(host).toLowerCase();
    const a = String(alias).toLowerCase();
    if (h === a) {
        return true;
    }
    if (a.startsWith('.')) {
        return h === a.slice(1) || (h.length > a.length && h.endsWith(a));
    }
    return false;
}

/**
 * Whether a path lies under an alias path: "/shop" covers "/shop" and "/shop/cart" but not "/shopping".
 * @param {string} path
 * @param {string} aliasPath
 */
export function isSitePath(path, aliasPath) {
    let p = String(path).toLowerCase();
    let a = String(aliasPath).toLowerCase();
    if (!a.startsWith('/')) {
        a = '/' + a;
    }
    if (!p.startsWith('/')) {
        p = '/' + p;
    }
    if (a === '/' || a === '/*' || p === a) {
        return true;
    }
    if (!p.endsWith('/')) {
        p += '/';
    }
    if (!a.endsWith('/')) {
        a += '/';
    }
    return p.startsWith(a);
}

/**
 * Whether host (and path, when the alias has one) belongs to one of the aliases.
 * @param {string[]} aliases setDomains entries, e.g. ["*.example.org", "example.com/shop"]
 * @param {string} host
 * @param {string} [path] when undefined only hosts are compared
 */
export function matchesAlias(aliases, host, path) {
    for (const alias of aliases) {
        if (!isSameHost(host, domainFixup(alias))) {
            continue;
        }
        const text = String(alias);
        const slash = text.indexOf('/');
        if (path === undefined || slash < 0 || isSitePath(path, text.slice(slash))) {
            return true;
        }
    }
    return false;
}

/**
 * The value of a query (or fragment) parameter of a URL, decoded ('+' is a space); '' when absent.
 * @param {string} url
 * @param {string} name
 */
export function urlParameter(url, name) {
    const match = new RegExp('[?&#]' + escapeRegExp(name) + '=([^&#]*)').exec(String(url));
    return match ? safeDecode(match[1].replace(/\+/g, ' ')) : '';
}

/**
 * The URL without the given query parameters (the fragment is kept).
 * @param {string} url
 * @param {string[]} names
 */
export function removeUrlParameters(url, names) {
    const text = String(url);
    const question = text.indexOf('?');
    if (question < 0 || !names.length) {
        return text;
    }
    const hash = text.indexOf('#', question);
    const query = text.slice(question + 1, hash < 0 ? undefined : hash);
    const kept = query.split('&').filter((part) => {
        const key = safeDecode(part.split('=')[0]);
        return part !== '' && names.indexOf(key) < 0;
    });
    return text.slice(0, question) + (kept.length ? '?' + kept.join('&') : '') + (hash < 0 ? '' : text.slice(hash));
}

/**
 * The URL with a query parameter set (replacing any earlier value), before the fragment.
 * @param {string} url
 * @param {string} name
 * @param {string} value
 */
export function setUrlParameter(url, name, value) {
    const base = removeUrlParameters(url, [name]);
    const hash = base.indexOf('#');
    const head = hash < 0 ? base : base.slice(0, hash);
    const tail = hash < 0 ? '' : base.slice(hash);
    return head + (head.indexOf('?') < 0 ? '?' : '&') + encodeURIComponent(name) + '=' + encodeURIComponent(value) + tail;
}

/** @param {string} text */
export function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    } catch (e) {
        return text;
    }
}

/**
 * The class-name pattern of a link group: Matomo's and Piwik's built-in class for the group
 * ("matomo_download", "piwik-download", ...) and the custom classes.
 * @param {string} group "ignore", "download" or "link"
 * @param {string[]} custom
 */
export function classPattern(group, custom) {
    const names = ['piwik[_-]' + group, 'matomo[_-]' + group].concat(custom.map(escapeRegExp));
    return new RegExp('(^|\\s)(' + names.join('|') + ')(\\s|$)');
}

/**
 * The pattern of a download URL: one of the extensions at the end of the path.
 * @param {string[]} extensions
 */
export function downloadPattern(extensions) {
    return new RegExp('\\.(' + extensions.map(escapeRegExp).join('|') + ')([?&#]|$)', 'i');
}

/**
 * The link type of a clicked link (js-tracker.md §5): 'link' (outlink), 'download', or '' (not tracked).
 *
 * @param {object} link
 * @param {string} link.href absolute URL of the link
 * @param {string} link.className the link element's class attribute
 * @param {boolean} link.hasDownloadAttribute whether the element has a download attribute
 * @param {object} config
 * @param {string[]} config.domains the site's hosts (setDomains plus the page's host)
 * @param {string[]} config.ignoreClasses
 * @param {string[]} config.linkClasses
 * @param {string[]} config.downloadClasses
 * @param {string[]} config.downloadExtensions
 * @param {string} [config.trackerUrl] links to the tracker itself are not tracked
 * @returns {'link'|'download'|''}
 */
export function classifyLink(link, config) {
    const href = String(link.href || '');
    const className = String(link.className || '');
    if (!href || SCRIPT_SCHEME.test(href) || (config.trackerUrl && href.indexOf(config.trackerUrl) === 0)) {
        return '';
    }
    if (classPattern('ignore', config.ignoreClasses).test(className)) {
        return '';
    }
    if (classPattern('link', config.linkClasses).test(className)) {
        return 'link';
    }
    if (link.hasDownloadAttribute || classPattern('download', config.downloadClasses).test(className)
        || downloadPattern(config.downloadExtensions).test(href)) {
        return 'download';
    }
    return matchesAlias(config.domains, hostName(href), pathName(href)) ? '' : 'link';
}

/**
 * A list option given as an array or as a '|'-separated string (setDownloadExtensions('pdf|zip')).
 * @param {string|string[]} value
 * @returns {string[]}
 */
export function listOption(value) {
    if (Array.isArray(value)) {
        return value.map(String);
    }
    return value === undefined || value === null || value === '' ? [] : String(value).split('|');
}
